"""Capture: record from the synthetic source and a loopback stream; SIGKILL and recover."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sessions.capture import (
    Recorder,
    StreamSource,
    TestSource,
    recover_unfinished,
    source_from_spec,
)
from vfeedback.errors import InputError, MediaError
from vfeedback.library import create_case, get_or_create_visit, recording_by_id
from vfeedback.media.probe import probe
from vfeedback.media.tools import ffmpeg_exe
from vfeedback.models import Annotation

REPO = Path(__file__).resolve().parents[2]


def _visit(app) -> int:
    with app.db.session() as session:
        return get_or_create_visit(session, create_case(session, "F01"), 1).id


def test_record_test_source_into_visit_with_markers(app):
    visit_id = _visit(app)
    statuses = []
    recorder = Recorder(app, TestSource(320, 180, 25), visit_id=visit_id,
                        on_status=statuses.append, duration_s=3)
    recorder.start()
    time.sleep(1.5)
    marked = recorder.add_marker()
    assert recorder.wait(10)
    assert recorder.preview_path is not None and recorder.preview_path.exists()
    folder = recorder.folder
    recording_id = recorder.stop()
    assert isinstance(recording_id, int)
    assert not folder.exists()  # the working folder goes once the recording is stored
    with app.db.session() as session:
        recording = recording_by_id(session, recording_id)
        assert recording.visit_id == visit_id and recording.source == "capture"
        assert recording.video_codec == "h264" and recording.audio_codec == "aac"
        assert 2.7 <= recording.duration_s <= 3.3
        notes = session.query(Annotation).filter_by(recording_id=recording_id).all()
        assert [a.start_ms for a in notes] == [marked] and 800 <= marked <= 2500
        with app.store.media_path(recording.store_key) as path:
            info = probe(path)
    assert info.has_audio and info.audio_rate == 48000
    states = {s.state for s in statuses}
    assert {"recording", "ended", "stored"} <= states
    assert statuses[-1].free_bytes > 0 and statuses[-1].bytes_written > 0


class _StreamHandler(BaseHTTPRequestHandler):
    """Serves a file as a live MPEG-TS stream over HTTP, as a phone camera app does;
    ``stall_after`` stops sending (but keeps the connection open) after that many bytes."""

    media: Path
    stall_after: int | None = None

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "video/mp2t")
        self.end_headers()
        proc = subprocess.Popen([ffmpeg_exe(), "-loglevel", "error", "-re", "-i",
                                 str(self.media), "-c", "copy", "-f", "mpegts", "pipe:1"],
                                stdout=subprocess.PIPE)
        sent = 0
        try:
            while chunk := proc.stdout.read(4096):
                self.wfile.write(chunk)
                sent += len(chunk)
                if self.stall_after and sent > self.stall_after:
                    time.sleep(30)  # a stalled phone: connection open, nothing coming
                    break
        except OSError:
            pass
        finally:
            proc.kill()
            proc.wait()

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


@pytest.fixture
def stream_server(indexed_video):
    servers = []

    def serve(stall_after: int | None = None) -> str:
        handler = type("Handler", (_StreamHandler,), {"media": indexed_video,
                                                      "stall_after": stall_after})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/live.ts"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def test_record_loopback_stream_to_file(app, stream_server, tmp_path):
    out = tmp_path / "phone.mp4"
    recorder = Recorder(app, source_from_spec(stream_server()), out=out, preview=False)
    recorder.start()
    assert recorder.wait(15), "the stream ends after the 6 s file"
    assert recorder.stop() == out
    info = probe(out)
    assert info.video_codec == "h264" and info.has_audio
    assert 5.3 <= info.duration_s <= 6.6  # the whole served file


def test_stalled_stream_keeps_what_was_recorded(app, stream_server, tmp_path):
    source = StreamSource(stream_server(stall_after=60_000), timeout_s=1.5)
    out = tmp_path / "stalled.mp4"
    recorder = Recorder(app, source, out=out, preview=False)
    recorder.start()
    assert recorder.wait(15)
    assert "kept" in recorder.status.message
    recorder.stop()
    assert probe(out).duration_s > 0.3


def test_wrong_url_and_low_disk_are_clear(app, tmp_path):
    with pytest.raises(InputError):
        source_from_spec("ftp:/nowhere")
    # nothing listens on this port: ffmpeg fails at once, nothing half-written is left
    recorder = Recorder(app, StreamSource("tcp://127.0.0.1:9"), out=tmp_path / "x.mp4")
    recorder.start()
    assert recorder.wait(10)
    with pytest.raises(MediaError, match="Nothing was recorded"):
        recorder.stop()
    assert not (tmp_path / "x.mp4").exists()
    assert list((app.config.home / "capture").iterdir()) == []
    # the disk fills up while recording (the threshold rises above the free space): the
    # recording stops cleanly and keeps what it has
    recorder = Recorder(app, TestSource(160, 90, 10), out=tmp_path / "y.mp4", preview=False)
    recorder.start()
    time.sleep(1.0)
    recorder.min_free_bytes = 1 << 62
    assert recorder.wait(10)
    assert "disk is nearly full" in recorder.status.message
    recorder.stop()
    assert probe(tmp_path / "y.mp4").duration_s > 0


def test_sigkill_then_recover(app):
    visit_id = _visit(app)
    n = 4
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "vfeedback", "--home", str(app.config.home),
                             "record", "test", "--visit", str(visit_id)],
                            env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    capture = app.config.home / "capture"
    deadline = time.monotonic() + 20
    while not list(capture.glob("*/stream.ts")):
        assert time.monotonic() < deadline and proc.poll() is None, "recording never started"
        time.sleep(0.05)
    time.sleep(n)
    os.killpg(proc.pid, signal.SIGKILL)  # the recorder and its ffmpeg, with no warning
    proc.wait()
    ids = recover_unfinished(app)
    assert len(ids) == 1
    with app.db.session() as session:
        recording = recording_by_id(session, ids[0])
        assert recording.visit_id == visit_id and recording.audio_codec == "aac"
        assert n - 2 <= recording.duration_s <= n + 0.5
        with app.store.media_path(recording.store_key) as path:
            assert probe(path).duration_s >= n - 2
    assert recover_unfinished(app) == []  # nothing left to recover
