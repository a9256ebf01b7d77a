"""The analysis job: video -> people per frame -> tracks -> :class:`AnalysisResult`.

Frames are streamed at a stride (default about 10 analysed frames per second) and never held
more than one at a time. A long video is cut into spans of ``SPAN_S`` seconds that two worker
processes analyse side by side (mediapipe runs on one core per process; measured: one process
uses one core). Each finished span is saved in the checkpoint folder, so a cancelled or
killed job resumes where it stopped. Identities are assigned afterwards, in time order, by
:class:`~analysis.tracker.PeopleTracker`, which also joins people across span boundaries.
"""

from __future__ import annotations

import concurrent.futures as futures
import contextlib
import hashlib
import json
import multiprocessing
import os
import pickle
import queue
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from vfeedback.errors import Cancelled, MediaError
from vfeedback.fileio import atomic_output
from vfeedback.i18n import _
from vfeedback.progress import CancelToken, ProgressFn, report

from .backend import PersonObservation
from .results import AnalysisResult
from .tracker import PeopleTracker, body_size, label_people

SPAN_S = 30.0
TARGET_FPS = 10.0
WORKER_MEMORY = 1_000_000_000  # bytes one worker process may need (see _default_workers)


@dataclass
class FrameRecord:
    index: int
    time_s: float
    people: list[PersonObservation]
    shape: tuple[int, int]


@dataclass(frozen=True)
class Span:
    start: int
    stop: int | None


def default_stride(fps: float) -> int:
    return max(1, round((fps or 25.0) / TARGET_FPS))


def _make_backend(max_people: int):
    from . import available
    from .mediapipe_backend import MediapipeBackend

    ok, why = available()
    if not ok:
        raise MediaError(why)
    return MediapipeBackend(max_people=max_people)


def analyse_span(path: str, span: Span, stride: int, max_people: int, ticks=None,
                 stop_event=None, backend=None) -> tuple[list[FrameRecord], list[str]]:
    """Analyse one span of frames; runs in a worker process or in the caller's."""
    from vfeedback.media.decode import iter_frames

    own = backend is None
    backend = backend or _make_backend(max_people)
    records: list[FrameRecord] = []
    problems: list[str] = []
    skipped: list[int] = []
    try:
        for frame in iter_frames(path, stride=stride, start=span.start, stop=span.stop,
                                 skipped=skipped):
            if stop_event is not None and stop_event.is_set():
                break
            try:
                people = backend.detect(frame.image)
            except Exception as exc:  # a model failing on one odd frame must not end the job
                problems.append(_("frame {n} could not be analysed ({why})").format(
                    n=frame.index, why=exc))
                people = []
            records.append(FrameRecord(frame.index, frame.time_s, people,
                                       frame.image.shape[:2]))
            if ticks is not None:
                ticks.put(1)
    finally:
        if own:
            backend.close()
    if skipped:
        problems.append(_("{n} frames could not be decoded").format(n=len(skipped)))
    return records, problems


def _spans(frame_count: int, fps: float, stride: int) -> list[Span]:
    """Spans of at most about ``SPAN_S`` seconds, an even number of them so that two
    workers finish together; a video shorter than ``SPAN_S`` is one span."""
    longest = max(stride, int(SPAN_S * (fps or 25.0)))
    if frame_count <= 0 or frame_count <= longest:
        return [Span(0, None)]
    count = -(-frame_count // longest)
    count += count % 2
    per_span = -(-frame_count // count)
    per_span = -(-per_span // stride) * stride  # a multiple of the stride: no frame twice
    starts = list(range(0, frame_count, per_span))
    return [Span(s, s + per_span) for s in starts[:-1]] + [Span(starts[-1], None)]


def _fingerprint(path: Path, stride: int, max_people: int) -> str:
    st = path.stat()
    raw = json.dumps([st.st_size, int(st.st_mtime), stride, max_people, "v1"])
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


class _Checkpoint:
    """Finished spans on disk, so an interrupted job resumes instead of starting over."""

    def __init__(self, folder: Path | None, fingerprint: str) -> None:
        self.folder = folder
        if folder is None:
            return
        folder.mkdir(parents=True, exist_ok=True)
        marker = folder / "params.txt"
        if not marker.exists() or marker.read_text() != fingerprint:
            for old in folder.glob("span-*.pkl"):
                old.unlink()
            marker.write_text(fingerprint)

    def _file(self, span: Span) -> Path:
        assert self.folder is not None
        return self.folder / f"span-{span.start:010d}.pkl"

    def load(self, span: Span) -> tuple[list[FrameRecord], list[str]] | None:
        if self.folder is None or not self._file(span).exists():
            return None
        try:
            with open(self._file(span), "rb") as fh:
                return pickle.load(fh)  # our own file, written below
        except (OSError, pickle.UnpicklingError, EOFError):
            return None

    def save(self, span: Span, done: tuple[list[FrameRecord], list[str]]) -> None:
        if self.folder is not None:
            with atomic_output(self._file(span)) as tmp, open(tmp, "wb") as fh:
                pickle.dump(done, fh)


def analyse_video(path: str | os.PathLike[str], *, stride: int | None = None,
                  progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                  resume_from: str | os.PathLike[str] | None = None, workers: int | None = None,
                  max_people: int = 3, backend=None) -> AnalysisResult:
    """Find, track and label the people in a video; see the module docstring.

    ``resume_from`` is a checkpoint folder: spans finished there by an earlier (cancelled or
    killed) run with the same parameters are reused, new ones are saved there.
    ``backend`` (in-process only) replaces the mediapipe backend, e.g. for tests.
    """
    from vfeedback.media.reader import FrameReader

    path = Path(path)
    if not path.is_file():
        raise MediaError(_("There is no video at {path}").format(path=path))
    with FrameReader(path) as reader:
        fps, frame_count = reader.fps, reader.frame_count
    stride = stride or default_stride(fps)
    if stride < 1:
        raise MediaError(_("The stride must be 1 or more"))
    spans = _spans(frame_count, fps, stride)
    checkpoint = _Checkpoint(Path(resume_from) if resume_from else None,
                             _fingerprint(path, stride, max_people))
    expected = max(1, (frame_count or 1) // stride)
    done: dict[Span, tuple[list[FrameRecord], list[str]]] = {}
    for span in spans:
        saved = checkpoint.load(span)
        if saved is not None:
            done[span] = saved
    todo = [s for s in spans if s not in done]
    counted = sum(len(r) for r, _p in done.values())
    what = _("Finding people")
    report(progress, counted / expected, what)
    if workers is None:
        workers = _default_workers(len(todo))
    if backend is not None or workers <= 1 or len(todo) <= 1:
        own = backend is None
        backend = backend or (_make_backend(max_people) if todo else None)
        try:
            for span in todo:
                done[span] = _run_here(str(path), span, stride, max_people, backend, progress,
                                       cancel, counted, expected)
                counted += len(done[span][0])
                checkpoint.save(span, done[span])
        finally:
            if own and backend is not None:
                backend.close()
    else:
        _run_in_workers(str(path), todo, stride, max_people, workers, progress, cancel,
                        counted, expected, done, checkpoint)
    records: list[FrameRecord] = []
    problems: list[str] = []
    for span in spans:
        recs, probs = done[span]
        records.extend(recs)
        problems.extend(probs)
    report(progress, 1.0, _("Following people over time"))
    result = build_result(records, fps=fps, stride=stride, problems=problems)
    result.backend = getattr(backend, "name", "mediapipe-0.10-legacy")
    return result


def _default_workers(spans: int) -> int:
    """Two processes on two or more cores, unless memory is short: measured, one worker
    holds about 0.9 GB once its Pose graphs have run (about 110 MB per Pose instance)."""
    workers = min(2, os.cpu_count() or 1, spans)
    try:
        import psutil

        if psutil.virtual_memory().available < WORKER_MEMORY * (workers + 1):
            workers = 1
    except ImportError:  # psutil is a dependency, but the job does not need it to run
        pass
    return max(1, workers)


def _run_here(path: str, span: Span, stride: int, max_people: int, backend, progress,
              cancel, counted: int, expected: int):
    class Ticks:
        n = counted

        def put(self, k: int) -> None:
            self.n += k
            if cancel is not None:
                cancel.check()
            report(progress, min(0.99, self.n / expected), _("Finding people"))

    if hasattr(backend, "reset"):
        backend.reset()
    return analyse_span(path, span, stride, max_people, Ticks(), None, backend)


def _run_in_workers(path, todo, stride, max_people, workers, progress, cancel, counted,
                    expected, done, checkpoint) -> None:
    ctx = multiprocessing.get_context("spawn")  # mediapipe and OpenCV threads dislike fork
    with ctx.Manager() as manager, futures.ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        ticks, stop_event = manager.Queue(), manager.Event()
        pending = {pool.submit(analyse_span, path, span, stride, max_people, ticks,
                               stop_event): span for span in todo}
        try:
            while pending:
                finished, _rest = futures.wait(pending, timeout=0.25,
                                               return_when=futures.FIRST_COMPLETED)
                with contextlib.suppress(queue.Empty):
                    while True:
                        counted += ticks.get_nowait()
                report(progress, min(0.99, counted / expected), _("Finding people"))
                if cancel is not None and cancel.cancelled:
                    stop_event.set()
                    raise Cancelled(_("Analysis cancelled"))
                for fut in finished:
                    span = pending.pop(fut)
                    try:
                        done[span] = fut.result()
                    except futures.process.BrokenProcessPool as exc:
                        raise MediaError(_("The analysis stopped unexpectedly on this video "
                                           "(a worker process died)")) from exc
                    checkpoint.save(span, done[span])
        finally:
            stop_event.set()
            for fut in pending:
                fut.cancel()


def build_result(records: list[FrameRecord], *, fps: float, stride: int,
                 problems: list[str] | None = None) -> AnalysisResult:
    """Track the people over the frames (in time order) and pack everything into arrays."""
    records = sorted(records, key=lambda r: r.time_s)
    # Spans may overlap by a frame when seeking lands early; keep one record per time.
    unique: list[FrameRecord] = []
    for rec in records:
        if unique and abs(rec.time_s - unique[-1].time_s) < 1e-6:
            continue
        unique.append(rec)
    records = unique
    tracker = PeopleTracker()
    ids_per_frame = [tracker.update(r.time_s, r.people) for r in records]
    frames_per_id: dict[int, int] = {}
    for ids in ids_per_frame:
        for tid in ids:
            frames_per_id[tid] = frames_per_id.get(tid, 0) + 1
    # A "person" seen in one or two analysed frames is usually a false find (measured: Pose
    # saw a body in two frames of generated test-pattern footage); people in a home visit
    # stay for longer. Short analyses keep everything.
    min_frames = 3 if len(records) > 10 else 1
    kept = sorted(tid for tid, n in frames_per_id.items() if n >= min_frames)
    column = {tid: i for i, tid in enumerate(kept)}
    result = AnalysisResult.empty(len(records), len(kept))
    result.person_ids = np.arange(1, len(kept) + 1, dtype=np.int64)
    sizes: dict[int, list[tuple[int, float]]] = {i: [] for i in range(len(kept))}
    for f, (rec, ids) in enumerate(zip(records, ids_per_frame, strict=True)):
        result.times[f] = rec.time_s
        result.frame_index[f] = rec.index
        for person, tid in zip(rec.people, ids, strict=True):
            if tid not in column:
                continue
            p = column[tid]
            result.boxes[f, p] = person.box
            if person.pose is not None:
                result.pose[f, p] = person.pose
            if person.face is not None:
                result.face[f, p] = person.face
            if person.face_box is not None:
                result.face_boxes[f, p] = person.face_box
            if person.head is not None:
                result.head[f, p] = person.head
                result.head_confidence[f, p] = person.head_confidence
            size = body_size(person)
            if size:
                sizes[p].append((f, size))
    labels = label_people(sizes)
    result.labels = [labels[i] for i in range(len(kept))]
    if records:
        result.height, result.width = records[0].shape
    result.fps, result.stride = fps, stride
    notes = list(problems or [])
    if len(records) > 1:
        gaps = np.diff(result.times)
        step = float(np.median(gaps))
        if step > 0 and (gaps > 3 * step).any():
            notes.append(_("{s:.1f} s of the video had no readable frames").format(
                s=float(gaps[gaps > 3 * step].sum())))
    if not records:
        notes.append(_("no frames could be read"))
    elif not kept:
        notes.append(_("no people found"))
    elif len(kept) == 1:
        notes.append(_("only one person found"))
    result.notes = notes
    return result


def analyse_recording(app, recording_id: int, *, stride: int | None = None,
                      progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                      workers: int | None = None, max_people: int = 3) -> AnalysisResult:
    """Analyse a stored recording, keep the results and the suggested moments.

    Work in progress is checkpointed under ``<home>/work/analysis-<id>``; running the same
    command again after a cancel or a crash resumes from there.
    """
    from vfeedback import library

    from .results import save_results
    from .suggest import store_suggestions

    with app.db.session() as session:
        recording = library.recording_by_id(session, recording_id)
        key = recording.store_key
    work = Path(app.config.home) / "work" / f"analysis-{recording_id}"
    with app.store.media_path(key) as path:
        result = analyse_video(path, stride=stride, progress=progress, cancel=cancel,
                               resume_from=work, workers=workers, max_people=max_people)
    params: dict[str, Any] = {"stride": result.stride, "backend": result.backend,
                              "max_people": max_people, "frames": result.n_frames}
    save_results(app, recording_id, result, params)
    store_suggestions(app, recording_id, result)
    with app.db.session() as session:
        library.audit(session, "analysis.run", library.recording_by_id(session, recording_id),
                      frames=result.n_frames, people=result.n_people)
    shutil.rmtree(work, ignore_errors=True)
    return result
