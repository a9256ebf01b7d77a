"""The working folder of a recording in progress and its journal; finishing and recovering.

Every recording writes into ``<home>/capture/<id>/``: ``stream.ts`` (the crash-safe MPEG-TS,
see :mod:`vfeedback.media.record`), ``preview.jpg`` and ``journal.json`` (source, visit,
target file, start time, markers, owner process), written atomically. A folder whose journal
is not ``finished`` and whose owner process is gone is an interrupted recording:
:func:`recover_unfinished` turns it into a recording of its visit, as if it had been stopped.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psutil
from sqlalchemy import select
from sqlalchemy.orm import Session

from vfeedback import scratch
from vfeedback.app import App
from vfeedback.errors import InputError, MediaError
from vfeedback.fileio import atomic_output, atomic_write_text
from vfeedback.i18n import _
from vfeedback.library import audit, import_recording
from vfeedback.media.probe import probe
from vfeedback.media.record import remux_to_mp4
from vfeedback.models import Annotation, Code, CodingScheme, Visit
from vfeedback.progress import CancelToken, ProgressFn, report, scaled

log = logging.getLogger(__name__)

JOURNAL = "journal.json"
STREAM = "stream.ts"
PREVIEW = "preview.jpg"
MARKER_SCHEME = "capture-markers"
MARKER_CODE = "marker"


def capture_root(app: App) -> Path:
    if app.store.encrypted:  # a protected home: the recording in progress stays in memory
        return scratch.shared_memory_folder(app.config.home, "capture")
    return app.config.home / "capture"


@dataclass
class Journal:
    source: str
    source_kind: str
    visit_id: int | None = None
    out: str | None = None
    started_at: str = ""  # UTC ISO time the recording began
    markers_ms: list[int] = field(default_factory=list)
    pid: int = 0
    pid_created: float = 0.0
    ffmpeg_pid: int | None = None
    state: str = "recording"  # recording | finished | failed (kept for a person to look at)
    version: int = 1

    def save(self, folder: Path) -> None:
        atomic_write_text(folder / JOURNAL, json.dumps(asdict(self), indent=1))

    @classmethod
    def load(cls, folder: Path) -> Journal:
        data = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    @property
    def started(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.started_at).replace(tzinfo=None)
        except ValueError:
            return None


def new_working_folder(app: App) -> Path:
    root = capture_root(app)
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        folder = root / (stamp if n == 0 else f"{stamp}-{n}")
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            continue
    raise InputError(_("Cannot make a capture folder in {root}").format(root=root))


def marker_code(session: Session) -> Code:
    """The point code that markers set while filming become (a small built-in scheme)."""
    scheme = session.scalar(select(CodingScheme).where(CodingScheme.name == MARKER_SCHEME))
    if scheme is None:
        scheme = CodingScheme(name=MARKER_SCHEME, version=1, builtin=True,
                              title=_("Marked while filming"),
                              description=_("Moments flagged with the marker key during "
                                            "capture"))
        session.add(scheme)
        session.flush()
    code = session.scalar(select(Code).where(Code.scheme_id == scheme.id,
                                             Code.key == MARKER_CODE))
    if code is None:
        code = Code(scheme_id=scheme.id, key=MARKER_CODE, name=_("Marked while filming"),
                    kind="point", shortcut="M", colour="#dd8452")
        session.add(code)
        session.flush()
    return code


def _owner_alive(journal: Journal) -> bool:
    if not journal.pid or journal.pid == os.getpid():
        return False
    try:
        proc = psutil.Process(journal.pid)
        return abs(proc.create_time() - journal.pid_created) < 1.0
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def _stop_stray_ffmpeg(journal: Journal) -> None:
    """An ffmpeg whose recorder died may still be writing; end it before reading its file."""
    if not journal.ffmpeg_pid:
        return
    with contextlib.suppress(psutil.Error):
        proc = psutil.Process(journal.ffmpeg_pid)
        if "ffmpeg" in proc.name().lower():
            proc.terminate()
            proc.wait(timeout=5)


def _output_name(journal: Journal) -> str:
    started = journal.started or datetime.now()
    return f"capture-{started:%Y%m%d-%H%M%S}.mp4"


def finish_folder(app: App, folder: Path, journal: Journal, *,
                  progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None) -> int | Path:
    """Remux the working stream and store it (recording id) or write ``out`` (its path).

    The working folder is removed only once the result is safely stored.
    """
    stream = folder / STREAM
    if not stream.exists() or stream.stat().st_size < 188 * 10:
        raise MediaError(_("Nothing was recorded"))
    report(progress, 0.0, _("Finishing the recording"))
    result: int | Path
    if journal.out:
        target = Path(journal.out)
        with atomic_output(target) as tmp:
            remux_to_mp4(stream, tmp, cancel=cancel)
            if probe(tmp).duration_s <= 0:
                raise MediaError(_("Nothing was recorded"))
        result = target
    else:
        mp4 = folder / _output_name(journal)
        remux_to_mp4(stream, mp4, progress=scaled(progress, 0.0, 0.3), cancel=cancel)
        with app.db.session() as session:
            visit = session.get(Visit, journal.visit_id) if journal.visit_id else None
            recording = import_recording(session, app.store, mp4, visit, source="capture",
                                         recorded_at=journal.started,
                                         progress=scaled(progress, 0.3, 0.95), cancel=cancel)
            if journal.markers_ms:
                code = marker_code(session)
                for ms in journal.markers_ms:
                    session.add(Annotation(recording_id=recording.id, code_id=code.id,
                                           start_ms=max(0, min(ms, recording.duration_ms)),
                                           source="capture"))
            audit(session, "capture.store", recording, source=journal.source,
                  markers=len(journal.markers_ms))
            result = recording.id
    journal.state = "finished"
    with contextlib.suppress(OSError):
        journal.save(folder)
    shutil.rmtree(folder, ignore_errors=True)
    report(progress, 1.0, _("Recording stored"))
    return result


def unfinished_folders(app: App) -> list[Path]:
    """Working folders of recordings that no running process owns any more."""
    root = capture_root(app)
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            journal = Journal.load(folder)
        except (OSError, ValueError, TypeError):
            if (folder / STREAM).exists():
                found.append(folder)  # journal lost: recover the stream all the same
            continue
        if journal.state == "recording" and not _owner_alive(journal):
            found.append(folder)
        elif journal.state == "finished":
            shutil.rmtree(folder, ignore_errors=True)  # stored, only the clean-up was cut off
    return found


def recover_all(app: App, progress: ProgressFn | None = None,
                cancel: CancelToken | None = None) -> list[tuple[Path, int | Path | None, str]]:
    """Recover every interrupted recording: (folder, recording id or file or None, message)."""
    results: list[tuple[Path, int | Path | None, str]] = []
    folders = unfinished_folders(app)
    for n, folder in enumerate(folders):
        sub = scaled(progress, n / len(folders), (n + 1) / len(folders))
        try:
            journal = Journal.load(folder)
        except (OSError, ValueError, TypeError):
            journal = Journal(source="?", source_kind="?")
        _stop_stray_ffmpeg(journal)
        try:
            result = finish_folder(app, folder, journal, progress=sub, cancel=cancel)
        except MediaError as exc:
            if (folder / STREAM).exists() and (folder / STREAM).stat().st_size >= 188 * 10:
                # Keep the raw stream for a person to look at; don't retry it every start.
                journal.state = "failed"
                with contextlib.suppress(OSError):
                    journal.save(folder)
                results.append((folder, None, str(exc)))
            else:
                shutil.rmtree(folder, ignore_errors=True)
                results.append((folder, None, _("Nothing had been recorded")))
            continue
        results.append((folder, result, _("Recovered")))
        log.info("recovered %s -> %s", folder, result)
    return results


def recover_unfinished(app: App, progress: ProgressFn | None = None,
                       cancel: CancelToken | None = None) -> list[int]:
    """Store every interrupted recording in its visit; the ids of the recordings made.

    The app calls this at start. Recordings that were going to a file (``--out``) are written
    to that file and are not in the returned list.
    """
    return [result for _folder, result, _msg in recover_all(app, progress, cancel)
            if isinstance(result, int)]
