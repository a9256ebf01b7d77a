"""The feedback plan: the visit's moments, its clips, and what the plan becomes.

:func:`show` is the one ``plan -> clips`` reading (``sessions.plan.plan_clips``) for the plan
builder and the presentation; the reel and the script read the same function. Exports are
checked with ``validate_plan`` before any long work, from the GUI as from the CLI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sessions import plan as plans
from sessions.plan import PlannedClip, PlannedShow
from vfeedback.db import ConflictError
from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.models import Annotation, Clip, Recording, Visit
from vfeedback.progress import CancelToken, ProgressFn, scaled

from . import review
from .access import Actor, check
from .catalogue import visit_stem
from .changes import Changes, Outcome, Subject

App = Any  # vfeedback.app.App
PLAN_CHANGED = Changes({Subject.PLAN})

__all__ = ["PlannedClip", "PlannedShow", "MomentRow", "ShowFrames"]


@dataclass(frozen=True)
class MomentRow:
    """A coded moment of the visit that could go into the plan."""

    annotation_id: int
    recording_id: int
    code_name: str
    colour: str
    start_ms: int
    end_ms: int | None
    valence: str | None
    caption: str
    in_plan: bool


@dataclass(frozen=True)
class ShowFrames:
    """The plan as the presentation plays it: the reel's frame rate and, per clip, the source
    frames the exported reel shows for it (slow motion and freeze-frames included)."""

    show: PlannedShow
    fps: float
    frames: tuple[tuple[int, ...], ...]


# -- reading ---------------------------------------------------------------------------------
def show(app: App, actor: Actor, visit_id: int) -> PlannedShow:
    """The visit's plan: title and clips in showing order (no clips when it has no plan)."""
    check(actor, "plan.read", app, visit=visit_id)
    with app.db.session() as session:
        return plans.plan_clips(session, visit_id, require_clips=False)


def moments(app: App, actor: Actor, visit_id: int) -> list[MomentRow]:
    """The visit's coded moments, strengths first, then the rest, each by time."""
    check(actor, "annotations.read", app, visit=visit_id)
    with app.db.session() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            return []
        planned = {c.annotation_id for c in visit.plan.clips} if visit.plan else set()
        rows = session.scalars(select(Annotation).join(Recording)
                               .where(Recording.visit_id == visit_id)
                               .order_by(Annotation.recording_id, Annotation.start_ms))
        found = [MomentRow(a.id, a.recording_id, a.code.name, a.code.colour, a.start_ms,
                           a.end_ms, a.valence, a.caption or "", a.id in planned)
                 for a in rows if a.code.kind != "rating"]
    rank = {"strength": 0, None: 1, "work_on": 2}
    return sorted(found, key=lambda m: (rank.get(m.valence, 1), m.recording_id, m.start_ms))


def problems(app: App, actor: Actor, visit_id: int) -> list[str]:
    """What would stop the reel, as sentences (empty: all is well)."""
    check(actor, "plan.read", app, visit=visit_id)
    with app.db.session() as session:
        plan = plans.get_or_create_plan(session, visit_id) if session.get(Visit, visit_id) \
            else None
        if plan is None:
            raise InputError(_("There is no visit {id}").format(id=visit_id))
        return plans.validate_plan(session, plan, app.store)


def show_frames(app: App, actor: Actor, visit_id: int) -> ShowFrames:
    """What the presentation plays, frame for frame the same as the exported reel."""
    from sessions.reel import plan_pieces_frames, reel_clips

    planned = show(app, actor, visit_id)
    if not planned.clips:
        return ShowFrames(planned, 25.0, ())
    review.require_plan_approved(app, visit_id)  # a trainee's plan: only once approved
    fps, frames = plan_pieces_frames(reel_clips(planned), app.store)
    return ShowFrames(planned, fps, tuple(tuple(f) for f in frames))


# -- changing the plan -------------------------------------------------------------------------
def add_moments(app: App, actor: Actor, visit_id: int, annotation_ids: list[int],
                position: int | None = None) -> Outcome[list[int]]:
    check(actor, "plan.edit", app, visit=visit_id)
    for ann_id in annotation_ids:  # a moment of another family's case is refused too
        check(actor, "plan.edit", app, annotation=ann_id)
    with app.db.session() as session:
        plan = plans.get_or_create_plan(session, visit_id)
        ids = []
        for offset, ann_id in enumerate(annotation_ids):
            at = None if position is None else position + offset
            ids.append(plans.add_clip_from_annotation(session, plan, ann_id, position=at).id)
    return Outcome(ids, PLAN_CHANGED)


def add_clip(app: App, actor: Actor, visit_id: int, recording_id: int, start_ms: int,
             end_ms: int, caption: str = "", **fields: Any) -> Outcome[int]:
    """A free time range of a recording (ms) into the plan."""
    check(actor, "plan.edit", app, visit=visit_id, recording=recording_id)
    with app.db.session() as session:
        plan = plans.get_or_create_plan(session, visit_id)
        clip_id = plans.add_clip(session, plan, recording_id, start_ms, end_ms, caption,
                                 **fields).id
    return Outcome(clip_id, PLAN_CHANGED)


def set_title(app: App, actor: Actor, visit_id: int, title: str) -> Outcome[None]:
    check(actor, "plan.edit", app, visit=visit_id)
    with app.db.session() as session:
        plans.get_or_create_plan(session, visit_id).title = title.strip()
    return Outcome(None, PLAN_CHANGED)


def move_clip(app: App, actor: Actor, visit_id: int, clip_id: int,
              position: int) -> Outcome[None]:
    check(actor, "plan.edit", app, visit=visit_id, clip=clip_id)
    with app.db.session() as session:
        plans.move_clip(session, plans.get_or_create_plan(session, visit_id), clip_id, position)
    return Outcome(None, PLAN_CHANGED)


def update_clip(app: App, actor: Actor, clip_id: int, *, expected_version: int | None = None,
                force: bool = False, **fields: Any) -> Outcome[None]:
    """Change a clip. ``expected_version``: the version the person saw; when someone else
    changed the clip since, a :class:`vfeedback.db.ConflictError` names them (nothing is
    written) unless ``force`` ("keep mine")."""
    check(actor, "plan.edit", app, clip=clip_id)
    with app.db.session() as session:
        if expected_version is not None and not force:
            row = session.get(Clip, clip_id)
            if row is None or (row.version != expected_version
                               and row.changed_by != session.info.get("actor")):
                raise ConflictError.for_row(row, _("clip"), clip_id)
        plans.update_clip(session, clip_id, **fields)
    return Outcome(None, PLAN_CHANGED)


def remove_clips(app: App, actor: Actor, clip_ids: list[int]) -> Outcome[None]:
    for clip_id in clip_ids:
        check(actor, "plan.edit", app, clip=clip_id)
    with app.db.session() as session:
        for clip_id in clip_ids:
            plans.remove_clip(session, clip_id)
    return Outcome(None, PLAN_CHANGED)


def propose(app: App, actor: Actor, visit_id: int, *, captioned_only: bool = False,
            **options: Any) -> Outcome[int]:
    """Replace the plan with a proposal from the coded moments; how many clips it has. With
    ``captioned_only``, when some chosen moments have a caption only those stay (the reel is
    for what the child would say; a plan of uncaptioned moments is kept as it is)."""
    check(actor, "plan.edit", app, visit=visit_id)
    with app.db.session() as session:
        plan = plans.propose_plan(session, visit_id, **options)
        clips = list(plan.clips)
        if captioned_only and any(c.caption.strip() for c in clips):
            for clip in clips:
                if not clip.caption.strip():
                    plans.remove_clip(session, clip.id)
            session.refresh(plan)
        count = len(plan.clips)
    return Outcome(count, PLAN_CHANGED)


# -- what the plan becomes ---------------------------------------------------------------------
def visit_export_folder(app: App, actor: Actor, visit_id: int) -> Path:
    """Where "Export for the visit" writes: ``<home>/exports/<case>-visit<n>``. Inside the
    app's own home (with the database and the store), not a synced Documents folder: the
    reel shows a family's faces."""
    return Path(app.config.home) / "exports" / visit_stem(app, actor, visit_id)


def export(app: App, actor: Actor, visit_id: int, folder: Path,
           progress: ProgressFn | None = None,
           cancel: CancelToken | None = None, *, blur_faces: str | None = None,
           blur_fallback: bool = False, pseudonym: str | None = None) -> Outcome[list[Path]]:
    """Check the plan, then build the reel MP4 and the script (PDF + HTML) into ``folder``.

    ``blur_faces`` all/others blurs faces in the reel; ``pseudonym`` replaces the case code
    by that label in the file names and titles (``sessions.export_hygiene``)."""
    from sessions.export_hygiene import pseudonymise
    from sessions.reel import build_plan_reel
    from sessions.script import write_script

    check(actor, "plan.export", app, visit=visit_id)
    review.require_plan_approved(app, visit_id)  # a trainee's plan: only once approved
    found = problems(app, actor, visit_id)
    if found:
        raise InputError(_("The plan cannot be exported yet: {problems}").format(
            problems="; ".join(found)))
    folder.mkdir(parents=True, exist_ok=True)
    stem = visit_stem(app, actor, visit_id)
    if pseudonym is not None:
        with app.db.session() as session:
            code = session.get(Visit, visit_id).case.code
        stem = re.sub(r"[^\w.-]+", "_", pseudonymise(stem, code, pseudonym))  # a file name
    reel = build_plan_reel(app, visit_id, folder / f"{stem}-reel.mp4",
                           progress=scaled(progress, 0.0, 0.85), cancel=cancel,
                           blur_faces=blur_faces, blur_fallback=blur_fallback,
                           pseudonym=pseudonym)
    if cancel is not None:
        cancel.check()
    written = write_script(app, visit_id, folder / f"{stem}-script.pdf",
                           folder / f"{stem}-script.html", progress=scaled(progress, 0.85, 1.0),
                           pseudonym=pseudonym, blur=reel.blur)
    return Outcome([reel.path, *written], Changes())
