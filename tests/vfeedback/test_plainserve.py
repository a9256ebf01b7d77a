"""Encrypted media read by ffmpeg and OpenCV through the loopback server: exact frames, seeks."""

from __future__ import annotations

import urllib.error
import urllib.request

import cv2
import numpy as np
import pytest

from vfeedback.crypto import CryptoError, Keyring, encrypt_file
from vfeedback.media.frames import extract_frame
from vfeedback.media.plainserve import PlainServer
from vfeedback.media.synth import make_video, read_index_code


@pytest.fixture(scope="module")
def sealed_video(tmp_path_factory):
    folder = tmp_path_factory.mktemp("enc")
    plain = folder / "coded.mp4"
    make_video(plain, duration_s=4, fps=25, width=320, height=240, keyint=25)
    key = Keyring.new_data_key()
    sealed = folder / "coded.enc"
    encrypt_file(plain, sealed, key, "video1")
    return plain, sealed, key


def test_ffmpeg_reads_exact_frames_from_the_encrypted_object(sealed_video):
    plain, sealed, key = sealed_video
    assert b"ftyp" not in sealed.read_bytes()
    with PlainServer.shared().url(sealed, key, "video1", suffix=".mp4") as url:
        for index in (0, 37, 61, 99):
            png = extract_frame(url, index=index, fps=25)
            image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
            assert read_index_code(image) == index


def test_opencv_seeks_in_the_encrypted_object(sealed_video):
    plain, sealed, key = sealed_video
    with PlainServer.shared().url(sealed, key, "video1", suffix=".mp4") as url:
        cap = cv2.VideoCapture(url)
        try:
            assert cap.isOpened()
            cap.set(cv2.CAP_PROP_POS_FRAMES, 50)
            ok, frame = cap.read()
            assert ok and read_index_code(frame) == 50
        finally:
            cap.release()


def test_url_is_gone_after_the_block_and_range_answers(sealed_video):
    plain, sealed, key = sealed_video
    data = plain.read_bytes()
    with PlainServer.shared().url(sealed, key, "video1") as url:
        request = urllib.request.Request(url, headers={"Range": "bytes=100-199"})
        with urllib.request.urlopen(request) as answer:
            assert answer.status == 206
            assert answer.read() == data[100:200]
        request = urllib.request.Request(url, headers={"Range": "bytes=-10"})
        with urllib.request.urlopen(request) as answer:
            assert answer.read() == data[-10:]
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url)
    assert err.value.code == 404


def test_wrong_key_fails_before_any_url(sealed_video):
    _plain, sealed, _key = sealed_video
    with pytest.raises(CryptoError), PlainServer.shared().url(sealed, Keyring.new_data_key(),
                                                               "video1"):
        pass
