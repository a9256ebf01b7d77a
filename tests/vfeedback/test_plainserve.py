"""Encrypted media read by ffmpeg and OpenCV through the loopback server: exact frames, seeks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


SYSTEM_PYTHON = shutil.which("python3", path="/usr/bin:/bin") or ""


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0 or not SYSTEM_PYTHON or
                    not os.path.exists("/proc/net/tcp"),
                    reason="needs root (to run a client as another user) and Linux's /proc")
def test_another_local_user_is_refused_even_with_the_token(sealed_video, tmp_path):
    """The token is in ffmpeg's command line, readable by every local account: a connection
    from another user's process is closed unanswered; this user's is served."""
    plain, sealed, key = sealed_video
    fetch = ("import sys, urllib.request\n"
             "try:\n"
             "    data = urllib.request.urlopen(sys.argv[1], timeout=10).read()\n"
             "    print('GOT', len(data))\n"
             "except Exception as exc:\n"
             "    print('REFUSED', type(exc).__name__)\n")
    with PlainServer.shared().url(sealed, key, "video1", suffix=".mp4") as url:
        # The system's Python: the other account may not enter this checkout's venv.
        other = subprocess.run([SYSTEM_PYTHON, "-c", fetch, url], capture_output=True,
                               text=True, timeout=60, user=65534, group=65534, cwd="/")
        same = subprocess.run([sys.executable, "-c", fetch, url], capture_output=True,
                              text=True, timeout=60, cwd=tmp_path)
    assert same.stdout.strip() == f"GOT {plain.stat().st_size}", same.stderr
    assert other.stdout.startswith("REFUSED"), other.stdout + other.stderr
