"""Cases, visits, recordings and their derivatives: what the case browser and the player need.

Reads return frozen rows (no ORM objects: they cross threads and outlive the transaction);
writes return an :class:`~services.changes.Outcome`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from vfeedback import library
from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.media import proxy
from vfeedback.models import Case, Recording, Visit
from vfeedback.progress import CancelToken, ProgressFn, scaled

from .access import AccessDenied, Actor, actor_name, check, may_list_codes, visible_case_ids
from .assignments import assign_creator
from .changes import Changes, Outcome, Subject

App = Any  # vfeedback.app.App


@dataclass(frozen=True)
class VisitRow:
    id: int
    number: int
    theme: str
    recordings: int
    case_id: int = 0
    case_code: str = ""


@dataclass(frozen=True)
class CaseRow:
    id: int
    code: str
    visits: tuple[VisitRow, ...]
    # False: listed by code only (an admin assigning cases), its visits are not shown
    content: bool = True


@dataclass(frozen=True)
class RecordingInfo:
    """What the player and timeline need to know about a recording."""

    id: int
    name: str
    duration_ms: int
    fps: float
    width: int
    height: int
    store_key: str
    visit_id: int | None = None

    @property
    def frame_ms(self) -> float:
        return 1000.0 / (self.fps or 25.0)

    def frame_at(self, ms: int) -> int:
        """The frame shown at ``ms`` (frame n covers [n/fps, (n+1)/fps))."""
        return max(0, int((ms + 0.5) / self.frame_ms))

    def ms_of(self, frame: int) -> int:
        return int(round(frame * self.frame_ms))

    @property
    def frame_count(self) -> int:
        return max(1, int(round(self.duration_ms / self.frame_ms)))


def info_of(recording: Recording) -> RecordingInfo:
    return RecordingInfo(recording.id, recording.original_name or f"#{recording.id}",
                         recording.duration_ms, recording.fps, recording.width,
                         recording.height, recording.store_key, recording.visit_id)


# -- reading ---------------------------------------------------------------------------------
def list_cases(app: App, actor: Actor, include_archived: bool = False) -> list[CaseRow]:
    """The cases ``actor`` may see (an admin: every case by code, without its visits)."""
    check(actor, "cases.list", app)
    with app.db.session() as session:
        visible = visible_case_ids(session, actor)
        codes_only = visible is not None and may_list_codes(session, actor)
        rows = []
        for c in library.list_cases(session, include_archived):
            if codes_only:
                rows.append(CaseRow(c.id, c.code, (), content=False))
            elif visible is None or c.id in visible:
                rows.append(CaseRow(c.id, c.code, tuple(
                    VisitRow(v.id, v.number, v.theme, len(v.recordings), c.id, c.code)
                    for v in c.visits)))
        return rows


def list_visits(app: App, actor: Actor) -> list[VisitRow]:
    """Every visit of every open case, by case code and number (e.g. to record into)."""
    return [visit for case in list_cases(app, actor) for visit in case.visits]


def list_recordings(app: App, actor: Actor, visit_id: int) -> list[RecordingInfo]:
    check(actor, "recordings.read", app, visit=visit_id)
    with app.db.session() as session:
        visit = session.get(Visit, visit_id)
        return [info_of(r) for r in library.list_recordings(session, visit)] if visit else []


def get_recording(app: App, actor: Actor, recording_id: int) -> RecordingInfo:
    check(actor, "recordings.read", app, recording=recording_id)
    with app.db.session() as session:
        return info_of(library.recording_by_id(session, recording_id))


def visit_stem(app: App, actor: Actor, visit_id: int) -> str:
    """A file-name stem for what is exported from a visit: ``<case>-visit<n>``."""
    check(actor, "visits.read", app, visit=visit_id)
    with app.db.session() as session:
        visit = session.get(Visit, visit_id)
        stem = f"{visit.case.code}-visit{visit.number}" if visit else f"visit{visit_id}"
    return re.sub(r"[^\w.-]+", "_", stem)


@contextmanager
def playable_file(app: App, actor: Actor, recording_id: int) -> Iterator[tuple[str, bool]]:
    """What the player should read now (the seek proxy when there is one, else the
    original) and whether it is the proxy: a path, or for an encrypted home a loopback URL
    that stays valid after the block (the player keeps reading it)."""
    check(actor, "recordings.read", app, recording=recording_id)
    with app.db.session() as session:
        recording = library.recording_by_id(session, recording_id)
        found = proxy.find_proxy(session, recording_id)
        key = found.store_key if found is not None and app.store.contains(found.store_key) \
            else None
        original = recording.store_key
        library.audit(session, "recording.view", recording, actor=actor_name(actor),
                      proxy=key is not None)
    with app.store.media_source(key or original, lasting=True) as source:
        yield source, key is not None


def media_file(app: App, actor: Actor, store_key: str) -> Iterator[str]:
    """A path or URL for a recording's stored media that outlives the block (a context
    manager), for the player and the presentation."""
    check(actor, "recordings.read", app, store_key=store_key)
    with app.db.session() as session:  # a view of the recording (the presentation)
        recording = session.scalar(select(Recording).where(Recording.store_key == store_key))
        if recording is not None:
            library.audit(session, "recording.view", recording, actor=actor_name(actor),
                          proxy=False)
    return app.store.media_source(store_key, lasting=True)


# -- writing ---------------------------------------------------------------------------------
def _case(session, case: int | str) -> Case:  # noqa: ANN001
    """A case by id or by code."""
    if isinstance(case, str):
        return library.get_case(session, case)
    found = session.get(Case, case)
    if found is None:
        raise InputError(_("There is no case {id}").format(id=case))
    return found


def create_case(app: App, actor: Actor, code: str, notes: str = "", *,
                first_visit: bool = True) -> Outcome[int]:
    """A new case (with its first visit unless told not to); the case id."""
    check(actor, "cases.create", app)
    with app.db.session() as session:
        case = library.create_case(session, code, notes)
        assign_creator(session, actor, case)
        if first_visit:
            library.get_or_create_visit(session, case, 1)
        case_id = case.id
    return Outcome(case_id, Changes({Subject.CASES, Subject.VISITS}))


def rename_case(app: App, actor: Actor, case: int | str, code: str) -> Outcome[None]:
    """Give a case (by id or code) a new code."""
    check(actor, "cases.edit", app, case=case)
    with app.db.session() as session:
        library.rename_case(session, _case(session, case), code)
    return Outcome(None, Changes({Subject.CASES}))


def family_languages(app: App, actor: Actor, case: int | str) -> tuple[str | None, str | None]:
    """The family's language and second language of a case (None: the app's is used)."""
    check(actor, "cases.read", app, case=case)
    with app.db.session() as session:
        found = _case(session, case)
        return found.family_language, found.second_language


def set_family_language(app: App, actor: Actor, case: int | str, language: str | None,
                        second: str | None = None, *, keep_second: bool = False
                        ) -> Outcome[None]:
    """Set (None: clear) the language of a family's reel cards, presentation and script;
    ``keep_second`` leaves the second language as it is."""
    from vfeedback.i18n import set_family_language as set_languages

    check(actor, "cases.edit", app, case=case)
    with app.db.session() as session:
        found = _case(session, case)
        set_languages(session, found, language, found.second_language if keep_second else second)
    return Outcome(None, Changes({Subject.CASES}))


def add_visit(app: App, actor: Actor, case: int | str, theme: str = "", *,
              number: int | None = None, on: date | None = None) -> Outcome[int]:
    """A visit of a case (by id or code): number ``number`` (made if missing) or the next."""
    check(actor, "visits.create", app, case=case)
    with app.db.session() as session:
        found = _case(session, case)
        visit = library.get_or_create_visit(
            session, found, number or library.next_visit_number(session, found), theme=theme,
            on=on)
        visit_id = visit.id
    return Outcome(visit_id, Changes({Subject.VISITS}))


def import_into(app: App, actor: Actor, code: str, visit_number: int, path: Path, *,
                create_case: bool = False, progress: ProgressFn | None = None,
                cancel: CancelToken | None = None) -> Outcome[int]:
    """Import a video into visit ``visit_number`` of case ``code`` (the visit is made when
    missing, the case too with ``create_case``); the recording id.

    The visit (and case) is made first in a short transaction of its own, so the long copy
    that follows holds no write lock that another import would wait for. Two imports may
    create the same new case or visit at once: the one that loses the race rolls back and
    runs again with what the other one made.
    """
    visit_id = _visit_for_import(app, actor, code, visit_number, create_case)
    with app.db.session() as session:
        visit = session.get(Visit, visit_id)
        rid = library.import_recording(session, app.store, path, visit, progress=progress,
                                       cancel=cancel).id
    return Outcome(rid, Changes({Subject.CASES, Subject.VISITS, Subject.RECORDINGS}, rid))


def _visit_for_import(app: App, actor: Actor, code: str, number: int,
                      create_case: bool) -> int:
    for attempt in (1, 2):
        try:
            with app.db.session() as session:
                try:
                    case = library.get_case(session, code)
                    check(actor, "recordings.import", session, case_id=case.id)
                except AccessDenied:
                    raise
                except InputError:
                    if not create_case:
                        check(actor, "recordings.import", session, case=code)  # same words
                        raise
                    check(actor, "cases.create", session)
                    case = library.create_case(session, code)
                    assign_creator(session, actor, case)
                return library.get_or_create_visit(session, case, number).id
        except library.MadeMeanwhile:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def set_visit_theme(app: App, actor: Actor, visit_id: int, theme: str) -> Outcome[None]:
    check(actor, "visits.edit", app, visit=visit_id)
    with app.db.session() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise InputError(_("There is no such visit"))
        library.audit(session, "visit.theme", visit, actor=actor_name(actor), old=visit.theme,
                      new=theme)
        visit.theme = theme.strip()
    return Outcome(None, Changes({Subject.VISITS}))


def import_files(app: App, actor: Actor, visit_id: int, paths: list[Path],
                 progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                 make_proxies: bool = True) -> Outcome[list[int]]:
    """Import each file into the visit (one transaction each), then (unless told not to: the
    app makes them in the background instead) make its seek proxy."""
    check(actor, "recordings.import", app, visit=visit_id)
    ids: list[int] = []
    n = max(1, len(paths))
    for i, path in enumerate(paths):
        with app.db.session() as session:
            visit = session.get(Visit, visit_id)
            if visit is None:
                raise InputError(_("There is no such visit"))
            recording = library.import_recording(
                session, app.store, path, visit,
                progress=scaled(progress, i / n, (i + 0.3) / n), cancel=cancel)
            ids.append(recording.id)
        if make_proxies:
            proxy.ensure_proxy(app, ids[-1], scaled(progress, (i + 0.3) / n, (i + 1) / n),
                               cancel)
    changed = {Subject.RECORDINGS, Subject.VISITS} | ({Subject.DERIVATIVES} if make_proxies
                                                     else set())
    return Outcome(ids, Changes(changed, ids[-1] if len(ids) == 1 else None))


def ensure_proxy(app: App, actor: Actor, recording_id: int, progress: ProgressFn | None = None,
                 cancel: CancelToken | None = None) -> Outcome[str]:
    """Make (once) the recording's seek proxy; its store key."""
    check(actor, "recordings.read", app, recording=recording_id)
    key = proxy.ensure_proxy(app, recording_id, progress, cancel)
    return Outcome(key, Changes({Subject.DERIVATIVES}, recording_id))


# The VIPP-SD order of the themes: the theme that fits each visit number (from visit 5 on, the
# booster visits put the themes together).
_THEME_OF_VISIT = ("vipp.exploration_attachment", "vipp.speaking_for_child",
                   "vipp.sensitivity_chain", "vipp.sharing_emotions")


def theme_for_visit(number: int) -> str:
    """The protocol theme that fits visit ``number`` (1-4: one each; later: booster)."""
    if 1 <= number <= len(_THEME_OF_VISIT):
        return _THEME_OF_VISIT[number - 1]
    return "vipp.booster"


def next_visit_number(app: App, actor: Actor, case: int | str) -> int:
    """The number the case's next visit will get."""
    check(actor, "cases.read", app, case=case)
    with app.db.session() as session:
        return library.next_visit_number(session, _case(session, case))


def get_visit(app: App, actor: Actor, visit_id: int) -> VisitRow | None:
    """One visit as a plain row (None when it is gone)."""
    return next((v for v in list_visits(app, actor) if v.id == visit_id), None)


def theme_choices() -> list[tuple[str, str]]:
    """(key, title) of the protocol themes."""
    from sessions.themes import THEMES

    return [(key, theme.title) for key, theme in THEMES.items()]
