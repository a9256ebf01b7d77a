"""Videos copied from a phone: MP4/MOV, HEVC or H.264, portrait, variable frame rate.

Each file becomes a recording of the visit, recorded at the time in its metadata. Files the
player and the reel cannot use directly (HEVC, variable frame rate, odd audio) are converted
to H.264/AAC at a constant frame rate; the untouched original is then kept in the store
beside it (a ``Derivative`` of kind ``original``), so nothing the phone recorded is lost.
Originals are deleted, if asked, only after the stored copy has been re-read and its SHA-256
matched the original's.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select

from vfeedback.app import App
from vfeedback.derivatives import put_derivative
from vfeedback.errors import InputError, StoreError
from vfeedback.i18n import _
from vfeedback.library import audit, import_recording, validate_media
from vfeedback.media.probe import MediaInfo
from vfeedback.media.record import transcode
from vfeedback.models import Derivative, Visit
from vfeedback.progress import CancelToken, ProgressFn, report, scaled
from vfeedback.store import sha256_of

PHONE_SUFFIXES = (".mp4", ".mov", ".m4v", ".3gp")
STANDARD_FPS = (24.0, 25.0, 30.0, 50.0, 60.0)


def phone_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The video files among ``paths`` (folders are searched, one level deep, sorted)."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found += sorted(p for p in path.iterdir()
                            if p.is_file() and p.suffix.lower() in PHONE_SUFFIXES
                            and not p.name.startswith("."))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(_("{path} does not exist").format(path=path))
    if not found:
        raise InputError(_("No phone videos (.mp4, .mov) were found"))
    return found


def needs_conversion(info: MediaInfo) -> bool:
    return (info.video_codec != "h264" or info.variable_frame_rate
            or info.audio_codec not in ("aac", "")
            or not info.container.startswith("mov,mp4"))


def target_fps(info: MediaInfo) -> float:
    """The constant frame rate to convert to: the nearest usual one (phones say 29.97 or 30.01)."""
    fps = info.fps or 30.0
    return min(STANDARD_FPS, key=lambda f: abs(f - fps)) if fps < 61 else 60.0


def _verified(path: Path, key: str, app: App) -> bool:
    return sha256_of(path) == key and app.store.verify(key)


def import_phone_files(app: App, paths_or_folder: str | os.PathLike[str] |
                       Iterable[str | os.PathLike[str]], visit_id: int, *,
                       delete_originals: bool = False, progress: ProgressFn | None = None,
                       cancel: CancelToken | None = None) -> list[int]:
    """Import phone videos into visit ``visit_id``; the new recording ids, in file order."""
    if isinstance(paths_or_folder, (str, os.PathLike)):
        paths_or_folder = [paths_or_folder]
    with app.db.session() as session:
        if session.get(Visit, visit_id) is None:
            raise InputError(_("There is no visit {id}").format(id=visit_id))
    files = phone_files(paths_or_folder)
    ids: list[int] = []
    for n, path in enumerate(files):
        sub = scaled(progress, n / len(files), (n + 1) / len(files))
        report(sub, 0.0, _("Checking {name}").format(name=path.name))
        info = validate_media(path)
        original_key = sha256_of(path, cancel=cancel)
        with app.db.session() as session:
            dup = session.scalar(select(Derivative).where(Derivative.kind == "original",
                                                          Derivative.store_key == original_key))
            if dup is not None:
                raise InputError(_("{name} is already imported as recording {id}").format(
                    name=path.name, id=dup.recording_id))
        if needs_conversion(info):
            recording_id = _import_converted(app, path, info, original_key, visit_id, sub,
                                             cancel)
        else:
            with app.db.session() as session:
                recording = import_recording(session, app.store, path,
                                             session.get(Visit, visit_id), source="phone",
                                             recorded_at=info.creation_time,
                                             progress=scaled(sub, 0.1, 0.9), cancel=cancel,
                                             checked=(info, original_key))
                recording_id = recording.id
        if delete_originals:
            if not _verified(path, original_key, app):
                raise StoreError(_("The stored copy of {name} does not match; the original "
                                   "was not deleted").format(name=path.name))
            path.unlink()
            with app.db.session() as session:
                audit(session, "phone.delete_original", None, recording=recording_id)
        ids.append(recording_id)
        report(sub, 1.0, _("Imported {name}").format(name=path.name))
    return ids


def _import_converted(app: App, path: Path, info: MediaInfo, original_key: str, visit_id: int,
                      progress: ProgressFn | None, cancel: CancelToken | None) -> int:
    fps = target_fps(info)
    with tempfile.TemporaryDirectory(dir=app.store.plain_scratch_dir(), prefix="phone-") as tmp:
        converted = Path(tmp) / (path.stem + ".mp4")
        transcode(path, converted, fps, info.duration_s, progress=scaled(progress, 0.05, 0.75),
                  cancel=cancel)
        original = app.store.add_file(path, scaled(progress, 0.75, 0.85), cancel)
        try:
            with app.db.session() as session:
                recording = import_recording(session, app.store, converted,
                                             session.get(Visit, visit_id), source="phone",
                                             recorded_at=info.creation_time,
                                             progress=scaled(progress, 0.85, 1.0), cancel=cancel)
                recording.original_name = path.name
                put_derivative(session, app.store, recording.id, "original", path.name,
                               original.key, {"video_codec": info.video_codec,
                                              "variable_frame_rate": info.variable_frame_rate,
                                              "rotation": info.rotation, "fps": info.fps})
                audit(session, "phone.convert", recording, fps=fps)
                return recording.id
        except BaseException:
            app.store.remove(original.key)
            raise
