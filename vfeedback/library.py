"""Cases, visits and recordings: creating them and bringing footage into the store.

These are the core services the CLI and the GUI call; each takes an open SQLAlchemy session
(one unit of work) and raises :class:`~vfeedback.errors.VFeedbackError` subclasses with a
message fit for the user.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .errors import InputError, MediaError
from .i18n import _
from .media.probe import MediaInfo, check_decodable, check_moving_picture, probe
from .models import Case, Derivative, Recording, Visit
from .progress import CancelToken, ProgressFn, report, scaled
from .store import MediaStore, sha256_of

_CODE_RE = re.compile(r"^[\w.\-]{1,64}$", re.UNICODE)


def audit(session: Session, action: str, obj: object | None = None, actor: str = "",
          **detail: object) -> None:
    """One hash-chained audit row (:func:`vfeedback.audit.record`): ids and counts only."""
    from .audit import record

    record(session, action, obj, actor=actor or None, **detail)


# -- cases and visits ---------------------------------------------------------------------
class MadeMeanwhile(InputError):
    """A row we meant to create already exists (perhaps made by another process a moment
    ago); the caller's unit of work is rolled back and may simply be run again."""


class CaseExists(MadeMeanwhile):
    """The case code is taken."""


def create_case(session: Session, code: str, notes: str = "") -> Case:
    code = code.strip()
    if not _CODE_RE.match(code):
        raise InputError(_("A case code is 1-64 letters, digits, '.', '-' or '_' (a pseudonym, "
                           "not a name): {code!r}").format(code=code))
    if session.scalar(select(Case).where(Case.code == code)) is not None:
        raise CaseExists(_("There is already a case {code}").format(code=code))
    case = Case(code=code, notes=notes)
    session.add(case)
    try:
        session.flush()
    except IntegrityError as exc:
        # Another process created it between our check and our insert; the unit of work
        # is rolled back by the caller's session, which may then use the existing case.
        raise CaseExists(_("There is already a case {code}").format(code=code)) from exc
    audit(session, "case.create", case)
    return case


def get_case(session: Session, code: str) -> Case:
    case = session.scalar(select(Case).where(Case.code == code))
    if case is None:
        raise InputError(_("There is no case {code}").format(code=code))
    return case


def list_cases(session: Session, include_archived: bool = False) -> list[Case]:
    query = select(Case).order_by(Case.code)
    if not include_archived:
        query = query.where(Case.archived.is_(False))
    return list(session.scalars(query))


def rename_case(session: Session, case: Case, new_code: str) -> None:
    new_code = new_code.strip()
    if not _CODE_RE.match(new_code):
        raise InputError(_("A case code is 1-64 letters, digits, '.', '-' or '_': {code!r}")
                         .format(code=new_code))
    if session.scalar(select(Case).where(Case.code == new_code, Case.id != case.id)):
        raise InputError(_("There is already a case {code}").format(code=new_code))
    audit(session, "case.rename", case)
    case.code = new_code


def get_or_create_visit(session: Session, case: Case, number: int, *, theme: str = "",
                        on: date | None = None) -> Visit:
    if number < 1:
        raise InputError(_("Visit numbers start at 1"))
    visit = session.scalar(select(Visit).where(Visit.case_id == case.id, Visit.number == number))
    if visit is None:
        code = case.code  # read now: after a failed flush the session can load nothing
        visit = Visit(case=case, number=number, theme=theme, date=on)
        session.add(visit)
        try:
            session.flush()
        except IntegrityError as exc:
            raise MadeMeanwhile(_("Visit {n} of case {code} was just made by another program; "
                                  "try again").format(n=number, code=code)) from exc
        audit(session, "visit.create", visit, case=case.id, number=number)
    return visit


def next_visit_number(session: Session, case: Case) -> int:
    top = session.scalar(select(func.max(Visit.number)).where(Visit.case_id == case.id))
    return (top or 0) + 1


# -- recordings -----------------------------------------------------------------------------
def recording_by_id(session: Session, recording_id: int) -> Recording:
    recording = session.get(Recording, recording_id)
    if recording is None:
        raise InputError(_("There is no recording {id}").format(id=recording_id))
    return recording


def list_recordings(session: Session, visit: Visit | None = None) -> list[Recording]:
    query = select(Recording).order_by(Recording.id)
    if visit is not None:
        query = query.where(Recording.visit_id == visit.id)
    return list(session.scalars(query))


def validate_media(path: Path) -> MediaInfo:
    """Everything we can learn about a file before copying it: exists, is video, decodes."""
    if not path.exists():
        raise InputError(_("{path} does not exist").format(path=path))
    if not path.is_file():
        raise InputError(_("{path} is not a file").format(path=path))
    info = probe(path)
    if not info.has_video:
        raise MediaError(_("{name} has no video").format(name=path.name))
    check_moving_picture(path, info)
    if info.duration_s <= 0:
        raise MediaError(_("{name} has no duration; it may be truncated").format(name=path.name))
    check_decodable(path, info)
    return info


def display_name(path: str | os.PathLike[str]) -> str:
    """A file's name as text that can be stored and shown: bytes that are not UTF-8 (a
    Latin-1 name from an old camera or USB stick) become U+FFFD instead of failing later."""
    name = Path(path).name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def import_recording(session: Session, store: MediaStore, path: str | os.PathLike[str],
                     visit: Visit | None, *, source: str = "import",
                     recorded_at: datetime | None = None, progress: ProgressFn | None = None,
                     cancel: CancelToken | None = None,
                     checked: tuple[MediaInfo, str] | None = None) -> Recording:
    """Check, copy (verified by SHA-256) and register a video file as a recording.

    Bad files are refused before anything is written; a duplicate is refused by checksum.
    If the database step fails, the copied object is removed again, so the store and the
    database never disagree. ``checked`` is ``(validate_media(path), sha256_of(path))`` when
    the caller has already worked them out for this very file, so large files are not read
    twice.
    """
    path = Path(path)
    report(progress, 0.0, _("Checking {name}").format(name=path.name))
    if checked is None:
        info = validate_media(path)
        key = sha256_of(path, scaled(progress, 0.02, 0.3), cancel)
    else:
        info, key = checked
    existing = session.scalar(select(Recording).where(Recording.store_key == key))
    if existing is not None:
        raise InputError(_("{name} is already imported as recording {id}").format(
            name=path.name, id=existing.id))
    already_stored = store.contains(key)
    stored = store.add_file(path, scaled(progress, 0.3, 1.0), cancel)
    try:
        recording = Recording(
            visit=visit, store_key=stored.key, size_bytes=stored.size,
            original_name=display_name(path), container=info.container.split(",")[0],
            duration_ms=int(round(info.duration_s * 1000)), fps=info.fps, width=info.width,
            height=info.height, rotation=info.rotation, video_codec=info.video_codec,
            audio_codec=info.audio_codec, recorded_at=recorded_at or info.creation_time,
            source=source,
        )
        session.add(recording)
        session.flush()
        audit(session, "recording.import", recording, visit=visit.id if visit else None,
              bytes=stored.size)
    except BaseException:
        if not already_stored:
            store.remove(stored.key)
        raise
    return recording


@dataclass
class StoreReport:
    """What :func:`verify_store` found: damaged or missing media, and objects no row names."""

    checked: int = 0
    problems: list[tuple[Recording, str]] = field(default_factory=list)
    derivative_problems: list[tuple[Derivative, str]] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.problems or self.derivative_problems or self.orphans)


def verify_store(session: Session, store: MediaStore, progress: ProgressFn | None = None,
                 cancel: CancelToken | None = None) -> StoreReport:
    """Re-hash every recording and derived file, and find objects that no row points at.

    A damaged object is marked in the store (see :meth:`MediaStore.verify`), so later commands
    refuse it. An orphan is what a kill between storing a file and committing its row leaves;
    it is reported, never deleted here (it may be the only copy of something).
    """
    report_ = StoreReport()
    recordings = list_recordings(session)
    derivatives = list(session.scalars(select(Derivative).order_by(Derivative.id)))
    total = max(1, len(recordings) + len(derivatives))
    n = 0
    for recording in recordings:
        sub = scaled(progress, n / total, (n + 1) / total)
        n += 1
        problem = _check_object(store, recording.store_key, sub, cancel)
        if problem:
            report_.problems.append((recording, problem))
    for derivative in derivatives:
        sub = scaled(progress, n / total, (n + 1) / total)
        n += 1
        problem = _check_object(store, derivative.store_key, sub, cancel)
        if problem:
            report_.derivative_problems.append((derivative, problem))
    report_.checked = len(recordings)
    named = {r.store_key for r in recordings} | {d.store_key for d in derivatives}
    report_.orphans = [key for key in store.keys() if key not in named]  # noqa: SIM118
    audit(session, "store.verify", None, checked=len(recordings),
          bad=len(report_.problems), derived=len(derivatives),
          bad_derived=len(report_.derivative_problems), orphans=len(report_.orphans))
    return report_


def _check_object(store: MediaStore, key: str, progress: ProgressFn | None,
                  cancel: CancelToken | None) -> str:
    if not store.contains(key):
        return _("missing from the store")
    if not store.verify(key, progress, cancel):
        return _("checksum mismatch: the file was damaged")
    return ""


def verify_recordings(session: Session, store: MediaStore, progress: ProgressFn | None = None,
                      cancel: CancelToken | None = None) -> list[tuple[Recording, str]]:
    """Re-check every recording's checksum; returns (recording, problem) for each bad one."""
    return verify_store(session, store, progress, cancel).problems
