"""Recording a home visit: start, markers, status, stop -> a recording in the visit.

A :class:`Recorder` runs one ffmpeg (see :mod:`vfeedback.media.record`) into a working folder
(see :mod:`sessions.capture.journal`) and watches it once a second: it fsyncs what was written
(so a dead battery loses at most about a second), checks the free disk space (warns under
1 GB, stops cleanly under 200 MB), notices a source that stalled or disappeared, and reports
:class:`RecorderStatus` to ``on_status`` (called from a background thread). A recording that
ended by itself (duration reached, stream gone, disk nearly full) keeps what was recorded;
:meth:`Recorder.stop` then stores it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import psutil

from vfeedback.app import App
from vfeedback.errors import InputError, MediaError
from vfeedback.i18n import _
from vfeedback.media.record import LiveCapture, LiveReport, record_command
from vfeedback.models import Visit
from vfeedback.progress import CancelToken, ProgressFn

from .journal import PREVIEW, STREAM, Journal, finish_folder, new_working_folder
from .sources import CaptureSource

GB = 1024**3
MB = 1024**2


@dataclass(frozen=True)
class RecorderStatus:
    state: str = "idle"  # idle | starting | recording | ended | stopping | stored | failed
    elapsed_s: float = 0.0
    bytes_written: int = 0
    free_bytes: int = 0
    dropped_frames: int = 0
    speed: float = 0.0
    markers: int = 0
    warning: str = ""  # low disk, stalled source: shown to the user while recording
    message: str = ""  # why the recording ended by itself


class Recorder:
    """One recording from ``source`` into ``visit_id`` (or the file ``out``)."""

    def __init__(self, app: App, source: CaptureSource, visit_id: int | None = None,
                 out: str | os.PathLike[str] | None = None,
                 on_status: Callable[[RecorderStatus], None] | None = None, *,
                 preview: bool = True, duration_s: float | None = None,
                 preset: str | None = None, warn_free_bytes: int = GB,
                 min_free_bytes: int = 200 * MB, stall_s: float = 8.0) -> None:
        self.app, self.source, self.visit_id = app, source, visit_id
        self.out = Path(out).absolute() if out else None
        self.on_status = on_status
        self.preview = preview
        self.duration_s = duration_s
        self.preset = preset or app.config.get("capture_preset", "veryfast")
        self.warn_free_bytes, self.min_free_bytes = warn_free_bytes, min_free_bytes
        self.stall_s = stall_s
        self.folder: Path | None = None
        self.journal: Journal | None = None
        self.status = RecorderStatus()
        self._live: LiveCapture | None = None
        self._stop_event = threading.Event()
        self._ended = threading.Event()
        self._monitor: threading.Thread | None = None
        self._lock = threading.Lock()
        self._started_mono = 0.0

    # -- paths -----------------------------------------------------------------------------
    @property
    def preview_path(self) -> Path | None:
        return self.folder / PREVIEW if self.folder and self.preview else None

    @property
    def stream_path(self) -> Path | None:
        return self.folder / STREAM if self.folder else None

    @property
    def ended(self) -> bool:
        """True once ffmpeg has stopped (by :meth:`stop` or by itself)."""
        return self._ended.is_set()

    # -- control ---------------------------------------------------------------------------
    def _check_target(self) -> None:
        if self.out is not None:
            if not self.out.parent.is_dir():
                raise InputError(_("The folder {folder} does not exist").format(
                    folder=self.out.parent))
            if self.out.suffix.lower() not in (".mp4", ".m4v", ".mov"):
                raise InputError(_("Recordings are saved as .mp4: {name}").format(
                    name=self.out.name))
        elif self.visit_id is not None:
            with self.app.db.session() as session:
                if session.get(Visit, self.visit_id) is None:
                    raise InputError(_("There is no visit {id}").format(id=self.visit_id))

    def start(self) -> None:
        if self._live is not None:
            raise InputError(_("This recorder has already been started"))
        self._check_target()
        free = shutil.disk_usage(self.app.config.home).free
        if free < self.min_free_bytes:
            raise InputError(_("Only {mb} MB free on the disk: free some space before "
                               "recording").format(mb=free // MB))
        self.folder = new_working_folder(self.app)
        me = psutil.Process()
        self.journal = Journal(
            source=self.source.spec, source_kind=self.source.kind, visit_id=self.visit_id,
            out=str(self.out) if self.out else None,
            started_at=datetime.now(UTC).replace(tzinfo=None).isoformat(),
            pid=me.pid, pid_created=me.create_time())
        self.journal.save(self.folder)
        args = record_command(self.source.input_args(), self.folder / STREAM,
                              self.preview_path, preset=self.preset, duration_s=self.duration_s)
        self._live = LiveCapture(args, self._on_report)
        try:
            self._live.start()
        except MediaError:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self._started_mono = time.monotonic()
        self.journal.ffmpeg_pid = self._live.pid
        self.journal.save(self.folder)
        self._set(state="starting", free_bytes=free)
        self._monitor = threading.Thread(target=self._watch, name="recorder", daemon=True)
        self._monitor.start()

    def media_time_s(self) -> float:
        """Where in the recording we are now (ffmpeg's output clock, advanced since its report)."""
        if self._live is None:
            return 0.0
        rep = self._live.report
        if not rep.at:
            return 0.0
        return rep.out_time_s + (0.0 if self.ended else min(1.0, time.monotonic() - rep.at))

    def add_marker(self) -> int:
        """Flag this moment; it becomes an annotation point once the recording is stored."""
        if self.journal is None or self.folder is None or self.ended:
            raise InputError(_("Markers can only be set while recording"))
        ms = int(round(self.media_time_s() * 1000))
        with self._lock:
            self.journal.markers_ms.append(ms)
            self.journal.save(self.folder)
        self._set(markers=len(self.journal.markers_ms))
        return ms

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the recording ends by itself; True if it has."""
        return self._ended.wait(timeout)

    def stop(self, progress: ProgressFn | None = None,
             cancel: CancelToken | None = None) -> int | Path:
        """End the recording and store it: the recording id, or the ``out`` path.

        What was recorded is kept even when the source failed; only a recording with
        nothing in it raises :class:`MediaError` (and leaves nothing behind).
        """
        if self._live is None or self.folder is None or self.journal is None:
            raise InputError(_("Nothing is being recorded"))
        self._set(state="stopping")
        self._stop_event.set()
        self._live.stop()
        self._ended.set()
        if self._monitor is not None:
            self._monitor.join(timeout=5)
        try:
            with self._lock:
                result = finish_folder(self.app, self.folder, self.journal, progress=progress,
                                       cancel=cancel)
        except MediaError as exc:
            detail = self._live.error_text()
            shutil.rmtree(self.folder, ignore_errors=True)
            self._set(state="failed", message=str(exc))
            if detail:
                raise MediaError(_("Nothing was recorded: {why}").format(why=detail)) from exc
            raise
        self._set(state="stored")
        return result

    def abort(self) -> None:
        """Stop without storing (the working folder stays for recovery)."""
        self._stop_event.set()
        if self._live is not None:
            self._live.stop()
        self._ended.set()

    # -- watching --------------------------------------------------------------------------
    def _set(self, **changes: object) -> None:
        self.status = replace(self.status, **changes)  # type: ignore[arg-type]
        if self.on_status is not None:
            self.on_status(self.status)

    def _on_report(self, rep: LiveReport) -> None:
        state = self.status.state
        if state in ("starting", "recording") and rep.frames > 0:
            state = "recording"
        size = 0
        with contextlib.suppress(OSError):
            if self.stream_path is not None:
                size = self.stream_path.stat().st_size
        self._set(state=state, elapsed_s=rep.out_time_s, bytes_written=size,
                  dropped_frames=rep.dropped_frames, speed=rep.speed)

    def _fsync_stream(self) -> None:
        # ffmpeg flushes every packet to the OS; fsync puts it on the disk, so a power cut
        # (not only a killed process) loses at most the last second or so.
        if self.stream_path is None:
            return
        with contextlib.suppress(OSError):
            fd = os.open(self.stream_path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def _end(self, message: str) -> None:
        """The recording ended by itself; keep what there is and say why."""
        if self._live is not None:
            self._live.stop()
        self._ended.set()
        self._set(state="ended", message=message)

    def _watch(self) -> None:
        assert self._live is not None and self.folder is not None
        while not self._stop_event.wait(1.0):
            self._fsync_stream()
            try:
                free = shutil.disk_usage(self.folder).free
            except OSError:
                self._end(_("The capture folder {folder} disappeared: recording stopped")
                          .format(folder=self.folder))
                return
            warning = ""
            if free < self.min_free_bytes:
                self._set(free_bytes=free)
                self._end(_("The disk is nearly full ({mb} MB free): recording stopped; what "
                            "was recorded is kept").format(mb=free // MB))
                return
            if free < self.warn_free_bytes:
                warning = _("Less than {gb:.1f} GB free on the disk").format(gb=free / GB)
            rep = self._live.report
            last = rep.at or self._started_mono
            if not self._live.running():
                self._live.wait()
                why = self._live.error_text()
                if rep.ended and self.duration_s and rep.out_time_s >= self.duration_s - 1.5:
                    message = _("Recording finished ({s:.0f} s)").format(s=rep.out_time_s)
                elif why:
                    message = _("The source stopped: {why}; what was recorded is "
                                "kept").format(why=why)
                else:
                    message = _("The source ended; what was recorded is kept")
                self._fsync_stream()
                self._ended.set()
                self._set(state="ended", message=message, free_bytes=free)
                return
            if time.monotonic() - last > self.stall_s:
                self._end(_("The source sent nothing for {s:.0f} s: recording stopped; what "
                            "was recorded is kept").format(s=self.stall_s))
                return
            self._set(free_bytes=free, warning=warning)
