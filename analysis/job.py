"""The analysis job: video -> people per frame -> identities -> :class:`AnalysisResult`.

Frames are streamed at a stride (default about 10 analysed frames per second, from the
video's *average* frame rate: webcam and phone video is variable-rate) and never held more
than one at a time. A video is cut into spans of at most ``SPAN_S`` seconds (two from
``PARALLEL_FROM_S`` on) that two worker processes analyse side by side (mediapipe runs on one
core per process). The workers die with the job (``PR_SET_PDEATHSIG``), also on a kill -9.
Each finished span is saved in the checkpoint folder (:mod:`analysis.checkpoint`, data only),
so a cancelled or killed job resumes where it stopped. Identities over the whole recording
are decided afterwards, offline, by :mod:`analysis.identities`, and who is adult or child by
:mod:`analysis.roles`.
"""

from __future__ import annotations

import concurrent.futures as futures
import contextlib
import functools
import hashlib
import json
import multiprocessing
import os
import queue
import shutil
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vfeedback.errors import Cancelled, MediaError
from vfeedback.i18n import _
from vfeedback.media.plainserve import is_url
from vfeedback.progress import CancelToken, ProgressFn, report, scaled

from . import worker
from .assemble import build_result
from .checkpoint import FrameRecord, load_span, save_span
from .partial import find_partial
from .results import AnalysisResult
from .span import Span, analyse_span, analyse_span_in_worker
from .span import make_backend as _make_backend

SPAN_S = 30.0
# From this length on a video is cut in (at least) two spans for two worker processes:
# starting a worker costs about 2 s of one core, which a shorter clip does not win back.
PARALLEL_FROM_S = 12.0
TARGET_FPS = 10.0
# Listening takes about 1% of the time of looking (benchmarks/bench_audio.py): its share of
# the progress bar.
LISTEN_SHARE = 0.01
WORKER_MEMORY = 1_000_000_000  # bytes one worker process may need (see _default_workers)

__all__ = ["FrameRecord", "Span", "analyse_recording", "analyse_span", "analyse_video",
           "build_result", "default_stride"]


def default_stride(fps: float) -> int:
    return max(1, round((fps or 25.0) / TARGET_FPS))


def _spans(frame_count: int, fps: float, stride: int) -> list[Span]:
    """Spans of at most about ``SPAN_S`` seconds, an even number of them so that two
    workers finish together; a video shorter than ``PARALLEL_FROM_S`` is one span."""
    longest = max(stride, int(SPAN_S * (fps or 25.0)))
    short = frame_count <= longest and frame_count < PARALLEL_FROM_S * (fps or 25.0)
    if frame_count <= 0 or short or frame_count < 4 * stride:
        return [Span(0, None)]
    count = max(2, -(-frame_count // longest))
    count += count % 2
    per_span = -(-frame_count // count)
    per_span = -(-per_span // stride) * stride  # a multiple of the stride: no frame twice
    starts = list(range(0, frame_count, per_span))
    return [Span(s, s + per_span) for s in starts[:-1]] + [Span(starts[-1], None)]


def _fingerprint(path: Path, stride: int, people: int) -> str:
    st = path.stat()
    raw = json.dumps([st.st_size, int(st.st_mtime), stride, people, "v3"])
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
            for old in [*folder.glob("span-*.npz"), *folder.glob("span-*.pkl")]:
                old.unlink()
            marker.write_text(fingerprint)

    def _file(self, span: Span) -> Path:
        assert self.folder is not None
        return self.folder / f"span-{span.start:010d}.npz"

    def load(self, span: Span) -> tuple[list[FrameRecord], list[str]] | None:
        if self.folder is None:
            return None
        return load_span(self._file(span))

    def save(self, span: Span, done: tuple[list[FrameRecord], list[str]]) -> None:
        if self.folder is not None:
            save_span(self._file(span), *done)


def analyse_video(path: str | os.PathLike[str], *, stride: int | None = None,
                  progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                  resume_from: str | os.PathLike[str] | None = None, workers: int | None = None,
                  people: int = 2, backend=None, listen: bool = True) -> AnalysisResult:
    """Find, follow and label the ``people`` in a video; see the module docstring.

    With ``listen`` (the default) the sound is analysed too, after the pictures, with the
    face landmarks found as evidence of whose mouth moves (:mod:`analysis.audio`); the
    :class:`~analysis.audio.listen.AudioResult` is ``result.audio``.

    ``resume_from`` is a checkpoint folder: spans finished there by an earlier (cancelled or
    killed) run with the same parameters are reused, new ones are saved there.
    ``backend`` (in-process only) replaces the mediapipe backend, e.g. for tests.
    The sound is read in a thread meanwhile (:func:`analysis.audio.listen.read_ahead`).
    """
    if not is_url(path):  # a URL serves an encrypted store object (vfeedback.store)
        path = Path(path)
        if not path.is_file():
            raise MediaError(_("There is no video at {path}").format(path=path))
    ahead = ahead_cancel = None
    if listen:
        from .audio.listen import read_ahead

        ahead_cancel = CancelToken()
        ahead = read_ahead(path, ahead_cancel)
    try:
        return _analyse_video(path, stride, progress, cancel, resume_from, workers, people,
                              backend, listen, ahead)
    finally:
        if ahead is not None and not ahead.done():  # the job failed or was cancelled
            ahead_cancel.cancel()
            futures.wait([ahead])


def _analyse_video(path: Any, stride: int | None, progress: ProgressFn | None,
                   cancel: CancelToken | None, resume_from: str | os.PathLike[str] | None,
                   workers: int | None, people: int, backend: Any, listen: bool,
                   ahead: futures.Future | None) -> AnalysisResult:
    from vfeedback.media.reader import FrameReader

    stand_in = backend is not None  # a test's backend: no second look with mediapipe
    overall = progress
    progress = scaled(progress, 0.0, 1.0 - LISTEN_SHARE) if listen else progress
    with FrameReader(path) as reader:
        fps, frame_count = reader.fps, reader.frame_count
    stride = stride or default_stride(fps)
    if stride < 1:
        raise MediaError(_("The stride must be 1 or more"))
    if people < 1:
        raise MediaError(_("The number of people must be 1 or more"))
    spans = _spans(frame_count, fps, stride)
    checkpoint = _Checkpoint(Path(resume_from) if resume_from else None,
                             _fingerprint(path, stride, people) if resume_from else "")
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
        backend = backend or (_make_backend(people) if todo else None)
        try:
            for span in todo:
                done[span] = _run_here(str(path), span, stride, people, backend, progress,
                                       cancel, counted, expected)
                counted += len(done[span][0])
                checkpoint.save(span, done[span])
        finally:
            if own and backend is not None:
                backend.close()
    else:
        _run_in_workers(str(path), todo, stride, people, workers, progress, cancel,
                        counted, expected, done, checkpoint)
    records: list[FrameRecord] = []
    problems: list[str] = []
    for span in spans:
        recs, probs = done[span]
        records.extend(recs)
        problems.extend(probs)
    report(progress, 1.0, _("Following people over time"))
    # Someone missing may be in the picture only in part (an arm at the edge): the edges are
    # looked at once more, with the mediapipe models (not with a test's stand-in backend).
    look_closer = None if stand_in else \
        functools.partial(find_partial, path, people=people, cancel=cancel)
    result = build_result(records, fps=fps, stride=stride, problems=problems, people=people,
                          look_closer=look_closer)
    result.backend = getattr(backend, "name", "mediapipe-0.10-legacy-faces")
    if listen:
        from .audio.listen import analyse_audio

        if cancel is not None:
            cancel.check()
        result.audio = analyse_audio(path, progress=scaled(overall, 1.0 - LISTEN_SHARE, 1.0),
                                     cancel=cancel, face_tracks=result, ahead=ahead)
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


def _run_here(path: str, span: Span, stride: int, people: int, backend, progress,
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
    return analyse_span(path, span, stride, people, Ticks(), None, backend)


@contextlib.contextmanager
def _bare_main() -> Iterator[None]:
    """An empty ``__main__`` while worker processes start.

    A spawned process first re-imports its parent's main module (the ``vfeedback`` or
    ``vfeedback-gui`` script, and with it the CLI, SQLAlchemy, Qt...: measured 1.2 s of a core
    for the CLI) so that functions defined there can be found. A worker needs nothing
    from it: its function and initializer live in :mod:`analysis.span` and
    :mod:`analysis.worker`. The real main module is back as soon as the workers are started.
    """
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _run_in_workers(path, todo, stride, people, workers, progress, cancel, counted,
                    expected, done, checkpoint) -> None:
    """Spans in worker processes. The progress queue and the stop flag are handed to the
    workers when they start (no manager process that could outlive a killed job), and each
    worker asks the kernel to end it with its parent (see vfeedback.processes: the pool is
    made and joined inside this call, on the calling thread).

    With two spans (a clip of 12-60 s, the common case) this process analyses one itself
    while a single worker does the other: starting a worker costs about 2 s of a core."""
    ctx = multiprocessing.get_context("spawn")  # mediapipe and OpenCV threads dislike fork
    ticks, stop_event = ctx.Queue(), ctx.Event()
    here = todo[0] if len(todo) == 2 and workers >= 2 else None
    farmed = todo[1:] if here is not None else todo
    state = {"counted": counted}

    def drain() -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                state["counted"] += ticks.get_nowait()
        report(progress, min(0.99, state["counted"] / expected), _("Finding people"))

    class MainTicks:
        def put(self, k: int) -> None:
            state["counted"] += k
            if cancel is not None:
                cancel.check()
            drain()

    with futures.ProcessPoolExecutor(len(farmed) if here is not None else workers,
                                     mp_context=ctx, initializer=worker.init,
                                     initargs=(os.getpid(), ticks, stop_event)) as pool:
        with _bare_main():  # the workers start here, in submit()
            pending = {pool.submit(analyse_span_in_worker, path, span, stride, people): span
                       for span in farmed}
        try:
            if here is not None:
                backend = _make_backend(people)
                try:
                    done[here] = analyse_span(path, here, stride, people, MainTicks(), None,
                                              backend)
                finally:
                    backend.close()
                checkpoint.save(here, done[here])
            while pending:
                finished, _rest = futures.wait(pending, timeout=0.25,
                                               return_when=futures.FIRST_COMPLETED)
                drain()
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
    ticks.close()
    ticks.join_thread()


def analyse_recording(app, recording_id: int, *, stride: int | None = None,
                      progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                      workers: int | None = None, people: int = 2) -> AnalysisResult:
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
    # Checkpoints hold landmarks in the clear: an encrypted home resumes nothing (see docs).
    work = None if app.store.encrypted else \
        Path(app.config.home) / "work" / f"analysis-{recording_id}"
    with app.store.media_source(key) as path:
        result = analyse_video(path, stride=stride, progress=progress, cancel=cancel,
                               resume_from=work, workers=workers, people=people)
    params: dict[str, Any] = {"stride": result.stride, "backend": result.backend,
                              "people": people, "frames": result.n_frames}
    save_results(app, recording_id, result, params)
    store_suggestions(app, recording_id, result)
    if result.audio is not None:
        from .audio.store import save_audio

        save_audio(app, recording_id, result.audio)
        store_audio_suggestions(app, recording_id, result.audio)
    with app.db.session() as session:
        library.audit(session, "analysis.run", library.recording_by_id(session, recording_id),
                      frames=result.n_frames, people=result.n_people,
                      voice_segments=len(result.audio.segments) if result.audio else 0)
    if work is not None:
        shutil.rmtree(work, ignore_errors=True)
    return result


def store_audio_suggestions(app, recording_id: int, audio) -> list[int]:  # noqa: ANN001
    """Add the listening moments (conversations, answers, laughs...) as open suggestions,
    beside the visual ones that :func:`analysis.suggest.store_suggestions` just wrote."""
    from vfeedback.models import Suggestion

    with app.db.session() as session:
        rows = [Suggestion(recording_id=recording_id, kind=m.kind,
                           start_ms=int(round(m.start_s * 1000)),
                           end_ms=int(round(m.end_s * 1000)), score=round(m.score, 4),
                           reason=m.reason) for m in audio.moments]
        session.add_all(rows)
        session.flush()
        return [r.id for r in rows]
