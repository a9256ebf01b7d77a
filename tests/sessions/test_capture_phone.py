"""Phone files: HEVC portrait VFR .mov converted, H.264 .mp4 kept, originals deleted safely."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from sessions.capture import import_phone_files, source_from_spec
from sessions.capture.sources import parse_mode
from vfeedback.errors import InputError
from vfeedback.library import create_case, get_or_create_visit, recording_by_id
from vfeedback.media.probe import probe
from vfeedback.media.record import parse_device_list, parse_v4l2_formats
from vfeedback.media.tools import ffmpeg_exe, ffmpeg_has_encoder
from vfeedback.models import Derivative
from vfeedback.store import sha256_of


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


@pytest.fixture
def phone_folder(tmp_path) -> Path:
    folder = tmp_path / "DCIM"
    folder.mkdir()
    src = ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:duration=2",
           "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=44100:duration=2"]
    # iPhone-like: HEVC, shown rotated to portrait, variable frame rate, creation time.
    codec = ["-c:v", "libx265", "-x265-params", "log-level=error"] \
        if ffmpeg_has_encoder("libx265") else ["-c:v", "libx264"]
    _ffmpeg(*src, "-vf", "setpts='if(lt(N,30),N/30,1+(N-30)/15)/TB'", "-fps_mode", "vfr",
            *codec, "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
            str(tmp_path / "raw.mov"))
    # ffmpeg 5.1 writes the display matrix from the rotate tag only when stream-copying.
    _ffmpeg("-i", str(tmp_path / "raw.mov"), "-c", "copy", "-metadata:s:v:0", "rotate=90",
            "-metadata", "creation_time=2026-05-01T08:15:00Z", str(folder / "IMG_0001.MOV"))
    # H.264/AAC at a constant rate with Apple's creation date tag (local time + offset).
    _ffmpeg(*src, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
            "-movflags", "use_metadata_tags",
            "-metadata", "com.apple.quicktime.creationdate=2026-05-01T10:30:00+0200",
            str(folder / "VID_0002.mp4"))
    (folder / "notes.txt").write_text("not a video")
    return folder


def test_import_phone_folder(app, phone_folder):
    with app.db.session() as session:
        visit_id = get_or_create_visit(session, create_case(session, "P01"), 1).id
    hevc = phone_folder / "IMG_0001.MOV"
    hevc_info = probe(hevc)
    assert hevc_info.rotation in (90, 270) and hevc_info.variable_frame_rate
    originals = {p.name: sha256_of(p) for p in phone_folder.glob("*.*") if p.suffix != ".txt"}
    reports = []
    ids = import_phone_files(app, phone_folder, visit_id, delete_originals=True,
                             progress=lambda f, what: reports.append(f))
    assert len(ids) == 2
    assert not (phone_folder / "IMG_0001.MOV").exists()  # deleted after verification
    assert not (phone_folder / "VID_0002.mp4").exists()
    assert (phone_folder / "notes.txt").exists()
    assert reports == sorted(reports) and reports[-1] == pytest.approx(1.0)
    with app.db.session() as session:
        converted, kept = (recording_by_id(session, i) for i in ids)
        assert converted.video_codec == "h264" and converted.audio_codec == "aac"
        assert converted.original_name == "IMG_0001.MOV" and converted.source == "phone"
        assert converted.recorded_at == datetime(2026, 5, 1, 8, 15)
        assert (converted.width, converted.height) == (180, 320)  # turned upright
        with app.store.media_path(converted.store_key) as path:
            info = probe(path)
        # constant, at the usual rate nearest the phone's average (here 30 then 15 fps: ~20)
        assert not info.variable_frame_rate and info.fps in (24.0, 25.0)
        assert abs(info.duration_s - hevc_info.duration_s) < 0.2
        original = session.query(Derivative).filter_by(recording_id=converted.id,
                                                       kind="original").one()
        assert original.store_key == originals["IMG_0001.MOV"]
        assert app.store.verify(original.store_key)
        # the H.264 CFR file is stored as it was, byte for byte
        assert kept.store_key == originals["VID_0002.mp4"]
        assert kept.recorded_at == datetime(2026, 5, 1, 8, 30)


def test_import_phone_refuses_bad_input(app, tmp_path):
    with app.db.session() as session:
        visit_id = get_or_create_visit(session, create_case(session, "P02"), 1).id
    with pytest.raises(InputError):
        import_phone_files(app, tmp_path / "missing", visit_id)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="No phone videos"):
        import_phone_files(app, tmp_path / "empty", visit_id)
    with pytest.raises(InputError, match="no visit"):
        import_phone_files(app, tmp_path / "empty", 999)


def test_source_specs_and_device_listing_parsers(tmp_path):
    assert source_from_spec("test").kind == "test"
    assert source_from_spec("rtsp://192.168.1.5:8554/live").input_args().args[:2] == \
        ["-rtsp_transport", "tcp"]
    assert source_from_spec("mjpeg://10.0.0.2:8080/video").url == "http://10.0.0.2:8080/video"
    with pytest.raises(InputError):
        source_from_spec("/dev/video99")
    with pytest.raises(InputError):
        parse_mode("big")
    assert str(parse_mode("1280x720@30")) == "1280x720 @ 30 fps"
    # what ffmpeg prints for a UVC webcam, an avfoundation Mac and a dshow PC
    v4l2 = ("[video4linux2,v4l2 @ 0x1] Raw       :     yuyv422 :           YUYV 4:2:2 : "
            "640x480 1280x720\n[video4linux2,v4l2 @ 0x1] Compressed:       mjpeg :"
            "          Motion-JPEG : 1920x1080 1280x720\n")
    assert parse_v4l2_formats(v4l2) == [("yuyv422", 640, 480), ("yuyv422", 1280, 720),
                                        ("mjpeg", 1920, 1080), ("mjpeg", 1280, 720)]
    avf = ("[AVFoundation indev @ 0x7f] AVFoundation video devices:\n"
           "[AVFoundation indev @ 0x7f] [0] FaceTime HD Camera\n"
           "[AVFoundation indev @ 0x7f] [1] Capture screen 0\n"
           "[AVFoundation indev @ 0x7f] AVFoundation audio devices:\n"
           "[AVFoundation indev @ 0x7f] [0] MacBook Pro Microphone\n")
    assert parse_device_list(avf) == [("video", "0:FaceTime HD Camera"),
                                      ("video", "1:Capture screen 0"),
                                      ("audio", "0:MacBook Pro Microphone")]
    dshow = ('[dshow @ 0x1] "Integrated Webcam" (video)\n'
             '[dshow @ 0x1]   Alternative name "@device_pnp_\\\\?\\usb#vid"\n'
             '[dshow @ 0x1] "Microphone Array (Realtek)" (audio)\n')
    assert parse_device_list(dshow) == [("video", "Integrated Webcam"),
                                        ("audio", "Microphone Array (Realtek)")]


def test_cli_sources_and_record(tmp_path):
    from vfeedback.cli import cli

    runner = CliRunner()
    home = str(tmp_path / "home")
    listed = runner.invoke(cli, ["--home", home, "sources"])
    assert listed.exit_code == 0 and "test" in listed.output
    out = tmp_path / "cli.mp4"
    done = runner.invoke(cli, ["--home", home, "record", "test", "--out", str(out),
                               "--duration", "1.5", "--size", "320x180@25", "--no-preview"])
    assert done.exit_code == 0, done.output
    info = probe(out)
    assert (info.width, info.height) == (320, 180) and info.has_audio
    assert 1.3 <= info.duration_s <= 1.8
    both = runner.invoke(cli, ["--home", home, "record", "test"])
    assert both.exit_code != 0 and "--out" in both.output
    recovered = runner.invoke(cli, ["--home", home, "recover"])
    assert recovered.exit_code == 0 and "No interrupted recordings" in recovered.output
