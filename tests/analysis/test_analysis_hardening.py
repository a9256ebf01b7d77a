"""Faults from the hardening campaign (issue 12) that live in the analysis: a kill -9 must not
leave workers running, a planted checkpoint file must not run code, damaged results give an
``Error:`` line instead of a traceback."""

from __future__ import annotations

import io
import os
import pickle
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from analysis import available, job
from analysis.checkpoint import load_span
from analysis.job import analyse_video
from analysis.results import AnalysisResult, load_results, save_results
from vfeedback import library
from vfeedback.cli import cli
from vfeedback.errors import MediaError

needs_mediapipe = pytest.mark.skipif(not available()[0], reason="mediapipe is not installed")


class _Payload:
    """Unpickling this creates a file: proof that a pickle was executed."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # noqa: ANN204
        return (open, (str(self.marker), "w"))


@pytest.mark.analysis
@needs_mediapipe
def test_a_planted_checkpoint_file_is_not_executed(tmp_path: Path, indexed_video: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    stride, people = 25, 2
    (work / "params.txt").write_text(job._fingerprint(indexed_video, stride, people))
    marker = tmp_path / "pwned"
    payload = pickle.dumps(([], [_Payload(marker)]))
    (work / "span-0000000000.npz").write_bytes(payload)  # a pickle under the new name
    (work / "span-0000000000.pkl").write_bytes(payload)  # and under the old one
    assert load_span(work / "span-0000000000.npz") is None
    result = analyse_video(indexed_video, stride=stride, resume_from=work, people=people)
    assert not marker.exists(), "a checkpoint file was unpickled"
    assert result.n_frames == 6  # the span was analysed again instead
    records, problems = load_span(work / "span-0000000000.npz")  # and saved as data
    assert len(records) == 6 and problems == []
    with np.load(work / "span-0000000000.npz", allow_pickle=False) as data:
        assert all(data[k].dtype != object for k in data.files)
    assert "pickle" not in Path(job.__file__).read_text()


def test_damaged_span_files_are_ignored(tmp_path: Path) -> None:
    span = tmp_path / "span-0000000000.npz"
    for damaged in (b"", b"PK\x03\x04 truncated zip", os.urandom(2000)):
        span.write_bytes(damaged)
        assert load_span(span) is None
    # A real npz whose arrays do not fit together.
    with zipfile.ZipFile(span, "w") as z:
        for name, value in {"format": np.array("vfeedback-analysis-span-2"),
                            "frame_index": np.arange(3), "time_s": np.arange(2.0)}.items():
            buf = io.BytesIO()
            np.save(buf, value)
            z.writestr(name + ".npy", buf.getvalue())
    assert load_span(span) is None


@pytest.fixture
def analysed_recording(app, indexed_video: Path) -> tuple[int, Path]:
    with app.db.session() as session:
        case = library.create_case(session, "T-1")
        visit = library.get_or_create_visit(session, case, 1)
        recording_id = library.import_recording(session, app.store, indexed_video, visit).id
    result = AnalysisResult.empty(4, 2)
    result.times = np.arange(4) / 10
    result.person_ids = np.array([1, 2])
    result.labels, result.label_confidence = ["adult", "child"], [0.9, 0.9]
    row = save_results(app, recording_id, result, {"stride": 1})
    with app.store.media_path(row.store_key) as path:
        return recording_id, Path(path)


def _spoil(path: Path, how: str) -> None:
    os.chmod(path, 0o644)
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif how == "flipped":  # one byte inside the compressed arrays
        spoilt = bytearray(data)
        spoilt[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(spoilt))
    elif how == "wrong_shapes":
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        arrays["boxes"] = arrays["boxes"][:2]
        with open(path, "wb") as fh:
            np.savez(fh, **arrays)


@pytest.mark.parametrize("how", ["truncated", "garbage", "flipped", "wrong_shapes"])
def test_damaged_results_give_an_error_line(app, analysed_recording: tuple[int, Path],
                                            how: str) -> None:
    recording_id, path = analysed_recording
    assert load_results(app, recording_id).labels == ["adult", "child"]
    _spoil(path, how)
    with pytest.raises(MediaError, match="analyse the recording again"):
        load_results(app, recording_id)
    r = CliRunner().invoke(cli, ["--home", str(app.config.home), "people", str(recording_id)])
    assert r.exit_code == 1
    assert "Error:" in r.output and "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def _cmdline(process) -> str:  # noqa: ANN001
    """A child's command line; "" for one that ended meanwhile (a zombie ffprobe has none)."""
    try:
        return " ".join(process.cmdline())
    except Exception:  # noqa: BLE001 - psutil.ZombieProcess or NoSuchProcess: it ended
        return ""


def _running(process) -> bool:  # noqa: ANN001
    """Still running: a zombie has ended (it waits only for a parent, or for an init
    that reaps, to collect its exit status; a container's PID 1 may never do that)."""
    try:
        return process.status() != "zombie"
    except Exception:  # noqa: BLE001 - NoSuchProcess: gone
        return False


@pytest.mark.analysis
@needs_mediapipe
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_kill_9_of_analyse_leaves_no_worker_running(shared_media: Path, tmp_path: Path) -> None:
    import psutil

    clip = shared_media / "dyads" / "3dC3SQ.joke1.rep1.take1.TearingPaper.mp4"  # two spans
    if not clip.exists():
        pytest.skip("the dyad clips are not in shared/media")
    command = [sys.executable, "-c", "from vfeedback.cli import main; main()",
               "--home", str(tmp_path / "home"), "analyse", str(clip), "--workers", "2"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        parent = psutil.Process(proc.pid)
        deadline = time.monotonic() + 90
        workers: list[psutil.Process] = []
        while time.monotonic() < deadline and not workers:
            assert proc.poll() is None, "the analysis ended before its workers were seen"
            workers = [c for c in parent.children(recursive=True) if "spawn_main" in _cmdline(c)]
            time.sleep(0.2)
        # Two spans: this process analyses one, a worker the other.
        assert len(workers) == 1, "a worker process expected"
        time.sleep(1.0)  # let them load their models and start on the frames
        everyone = parent.children(recursive=True)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
        _gone, alive = psutil.wait_procs(everyone, timeout=2.0)
        running = [p for p in alive if _running(p)]
        assert running == [], f"still running 2 s after kill -9: {running}"
    finally:
        if proc.poll() is None:
            proc.kill()
