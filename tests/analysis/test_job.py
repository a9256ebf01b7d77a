"""The analysis job on real footage and on awkward input (nobody, dark, rotated, VFR, corrupt)."""

from __future__ import annotations

import glob
from pathlib import Path

import cv2
import numpy as np
import pytest

from analysis import available, job
from analysis.checkpoint import load_span
from analysis.job import analyse_video
from vfeedback.errors import Cancelled, MediaError
from vfeedback.media.tools import run_ffmpeg
from vfeedback.progress import CancelToken

pytestmark = [pytest.mark.analysis,
              pytest.mark.skipif(not available()[0], reason="mediapipe is not installed")]


def make(tmp_path: Path, name: str, args: list[str]) -> Path:
    out = tmp_path / name
    run_ffmpeg([*args, str(out)])
    return out


def test_street_footage_several_people_with_stable_ids(street_video: Path) -> None:
    reports: list[float] = []
    result = analyse_video(street_video, stride=10, progress=lambda f, w: reports.append(f))
    assert result.n_frames == 21 and (result.width, result.height) == (1280, 720)
    assert result.n_people >= 2
    seen = result.seen()
    assert (seen.sum(axis=1) >= 2).sum() >= 5, "two or more people at once in several frames"
    # The main person (walking towards the camera) is one track over the whole clip, and
    # their box moves continuously: no identity swaps with the people around them.
    main = int(np.argmax(seen.sum(axis=0)))
    assert seen[:, main].mean() >= 0.9
    boxes = result.boxes[seen[:, main], main]
    centres = (boxes[:, :2] + boxes[:, 2:]) / 2
    heights = boxes[:, 3] - boxes[:, 1]
    jumps = np.linalg.norm(np.diff(centres, axis=0), axis=1) / heights[1:]
    assert jumps.max() < 0.5
    assert set(result.labels) <= {"adult", "child"} and "adult" in result.labels
    # Pose runs on every other frame per person (filled between two runs), faces on all.
    posed = ~np.isnan(result.pose[:, main, 0, 3]) & seen[:, main]
    assert posed.sum() >= 0.5 * seen[:, main].sum()
    assert result.pose[posed, main, :, 3].mean() > 0.5
    assert reports[-1] == 1.0 and reports == sorted(reports)


def test_real_photos_find_people(shared_media: Path) -> None:
    from analysis.mediapipe_backend import MediapipeBackend

    backend = MediapipeBackend(max_people=3)
    counts = []
    try:
        for path in sorted(glob.glob(str(shared_media / "images" / "*.jpg"))):
            backend.reset()
            counts.append(len(backend.detect(cv2.imread(path))))
    finally:
        backend.close()
    assert len(counts) == 20
    assert sum(c >= 1 for c in counts) >= 12
    assert sum(c >= 2 for c in counts) >= 5


def test_no_people_one_person_and_dark_frames(tmp_path: Path, indexed_video: Path,
                                              street_clip: Path) -> None:
    nobody = analyse_video(indexed_video, stride=25)
    assert nobody.n_frames == 6 and nobody.n_people == 0
    assert "no people found" in nobody.notes
    dark = make(tmp_path, "dark.mp4", ["-f", "lavfi", "-i", "color=black:s=320x240:r=10:d=1",
                                       "-c:v", "libx264", "-pix_fmt", "yuv420p"])
    assert analyse_video(dark, stride=2).n_people == 0
    blurred = make(tmp_path, "blur.mp4", ["-i", str(street_clip), "-t", "1", "-vf",
                                          "boxblur=8,eq=brightness=-0.3", "-an",
                                          "-c:v", "libx264", "-preset", "ultrafast"])
    result = analyse_video(blurred, stride=5)
    assert result.n_frames == 5  # completes; whatever it could see is kept


def test_rotated_phone_video_is_analysed_upright(tmp_path: Path, street_clip: Path) -> None:
    # A phone's video: pixels stored sideways plus the rotation that shows them upright.
    sideways = make(tmp_path, "side.mp4", ["-i", str(street_clip), "-t", "1",
                                           "-vf", "transpose=1", "-an", "-c:v", "libx264",
                                           "-preset", "ultrafast"])
    rotated = make(tmp_path, "rotated.mp4", ["-i", str(sideways), "-c", "copy",
                                             "-metadata:s:v:0", "rotate=90"])
    from vfeedback.media.decode import iter_frames

    shown = next(iter_frames(rotated)).image.astype(float)
    upright = next(iter_frames(street_clip)).image.astype(float)
    assert shown.shape == upright.shape
    assert np.abs(shown - upright).mean() < 5  # the same picture, the right way up
    result = analyse_video(rotated, stride=5)
    assert (result.width, result.height) == (640, 360)
    assert result.n_people >= 1


def test_variable_frame_rate_uses_real_times(tmp_path: Path, street_clip: Path) -> None:
    vfr = make(tmp_path, "vfr.mkv", [
        "-i", str(street_clip), "-an", "-vf",
        "setpts='if(lt(N,25),N*0.04,1.0+(N-25)*0.12)/TB'", "-vsync", "vfr",
        "-c:v", "libx264", "-preset", "ultrafast"])
    result = analyse_video(vfr, stride=5)
    assert result.n_frames == 10
    assert np.all(np.diff(result.times) > 0)
    assert result.times[-1] == pytest.approx(1.0 + 20 * 0.12, abs=0.05)


def test_corrupt_bytes_in_the_middle(tmp_path: Path, street_clip: Path) -> None:
    ts = make(tmp_path, "ok.ts", ["-i", str(street_clip), "-an", "-c:v", "libx264",
                                  "-preset", "ultrafast", "-g", "10", "-f", "mpegts"])
    data = bytearray(ts.read_bytes())
    rng = np.random.default_rng(1)
    middle = len(data) // 2
    for i in range(middle, middle + 30_000):
        if i % 188 > 4:  # keep the transport packet headers, spoil the picture data
            data[i] = int(rng.integers(256))
    bad = tmp_path / "bad.ts"
    bad.write_bytes(bytes(data))
    result = analyse_video(bad, stride=5)
    assert result.n_frames >= 6
    assert result.times[-1] > 1.5  # went on past the damage
    assert result.n_people >= 1


def test_not_a_video(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"not a video" * 100)
    with pytest.raises(MediaError):
        analyse_video(junk)
    with pytest.raises(MediaError):
        analyse_video(tmp_path / "missing.mp4")


def counting_backend(max_people: int):
    from analysis.mediapipe_backend import MediapipeBackend

    class CountingBackend(MediapipeBackend):
        calls = 0

        def follow(self, prepared):  # once per analysed frame, pipelined or not
            CountingBackend.calls += 1
            return super().follow(prepared)

    return CountingBackend(max_people=max_people)


def test_cancel_then_resume_reuses_finished_spans(monkeypatch, tmp_path: Path,
                                                  street_video: Path) -> None:
    monkeypatch.setattr(job, "SPAN_S", 1.0)  # 6 spans of 40 frames in the 4.1 s clip
    work = tmp_path / "work"
    cancel = CancelToken()

    def progress(fraction: float, what: str) -> None:
        if fraction >= 0.55:  # the first frame of the third span
            cancel.cancel()

    backend = counting_backend(max_people=2)
    try:
        with pytest.raises(Cancelled):
            analyse_video(street_video, stride=10, cancel=cancel, progress=progress,
                          resume_from=work, backend=backend)
        saved = sorted(work.glob("span-*.npz"))
        assert 1 <= len(saved) < len(job._spans(205, 50.0, 10))
        done = sum(len(load_span(p)[0]) for p in saved)
        assert done >= 5
        type(backend).calls = 0
        result = analyse_video(street_video, stride=10, resume_from=work, backend=backend)
    finally:
        backend.close()
    assert type(backend).calls == 21 - done  # only what was not finished before
    assert result.n_frames == 21 and result.n_people >= 2
    assert np.all(np.diff(result.times) > 0)


@pytest.mark.slow
def test_two_worker_processes_give_the_same_frames(monkeypatch, street_video: Path) -> None:
    monkeypatch.setattr(job, "SPAN_S", 1.0)
    result = analyse_video(street_video, stride=10, workers=2)
    assert result.n_frames == 21
    assert list(result.frame_index) == list(range(0, 201, 10))
    assert result.n_people >= 2


def _python(code: str, tmp_path: Path, name: str = "probe.py") -> str:
    import subprocess
    import sys

    script = tmp_path / name
    script.write_text(code)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_worker_imports_neither_the_core_nor_matplotlib(tmp_path: Path) -> None:
    # What a worker process imports: its span function, its initializer, mediapipe. Before,
    # it imported analysis.job (SQLAlchemy and the store with it) and mediapipe pulled in
    # matplotlib.pyplot: about 1.2 s of a core before the first frame.
    out = _python("import sys\n"
                  "import analysis, analysis.span, analysis.worker\n"
                  "analysis.import_mediapipe()\n"
                  "print(sorted(m for m in ('sqlalchemy', 'matplotlib', 'matplotlib.pyplot',"
                  " 'PySide6') if m in sys.modules))\n"
                  "from mediapipe.python.solutions import drawing_utils\n"
                  "print(callable(drawing_utils.plt.figure))\n", tmp_path)
    lines = out.split()
    assert out.splitlines()[0] == "[]"
    # mediapipe's plotting helper still works: its pyplot is imported when first used.
    assert lines[-1] == "True"


def test_workers_start_without_the_parents_main_module(tmp_path: Path) -> None:
    # A spawned process re-imports its parent's main script (for the CLI: the whole CLI,
    # 1.2 s of a core); the job's workers start with an empty main module instead.
    marker = tmp_path / "imported.txt"
    code = (f"with open({str(marker)!r}, 'a') as f:\n"
            "    f.write(__name__ + '\\n')\n"
            "import concurrent.futures, multiprocessing, os\n"
            "from analysis.job import _bare_main\n"
            "if __name__ == '__main__':\n"
            "    ctx = multiprocessing.get_context('spawn')\n"
            "    for bare in (False, True):\n"
            "        with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as pool:\n"
            "            if bare:\n"
            "                with _bare_main():\n"
            "                    fut = pool.submit(os.getpid)\n"
            "            else:\n"
            "                fut = pool.submit(os.getpid)\n"
            "            fut.result()\n"
            "        with open(" + repr(str(marker)) + ", 'a') as f:\n"
            "            f.write(f'bare={bare}\\n')\n")
    _python(code, tmp_path, "main_script.py")
    assert marker.read_text().split() == ["__main__", "__mp_main__", "bare=False", "bare=True"]
