"""A visit's feedback plan: the ordered, captioned clips to show the parent at the next visit.

Each function takes an open SQLAlchemy session (one unit of work, see ``Database.session``),
changes the plan and records an audit event; bad input raises
:class:`~vfeedback.errors.InputError` with a message fit for the user. :func:`propose_plan`
makes a first plan from the visit's coded moments: strengths first, a few moments to work on,
grouped by theme and kept within a length the parent can watch.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfeedback.errors import InputError, VFeedbackError
from vfeedback.i18n import _, normalise, using
from vfeedback.library import audit, recording_by_id
from vfeedback.media.probe import probe
from vfeedback.models import Annotation, Clip, FeedbackPlan, Recording, Visit

from .themes import THEMES, theme_for_code, theme_title

POINT_MOMENT_MS = 2000  # how long a point annotation's moment lasts in a clip
EDITABLE = {"start_ms", "end_ms", "lead_in_ms", "lead_out_ms", "theme", "caption", "note",
            "speed", "freeze_at_ms", "freeze_ms", "recording_id", "caption_second"}
SKIP_GROUPS = {"episodes", "rating"}  # codes that mark whole episodes are not moments to show


def _visit(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise InputError(_("There is no visit {id}").format(id=visit_id))
    return visit


def get_or_create_plan(session: Session, visit_id: int) -> FeedbackPlan:
    visit = _visit(session, visit_id)
    if visit.plan is None:
        visit.plan = FeedbackPlan(title="")
        session.flush()
        audit(session, "plan.create", visit.plan, visit=visit_id)
    return visit.plan


def _renumber(plan: FeedbackPlan, clips: list[Clip]) -> None:
    for position, clip in enumerate(clips):
        clip.position = position
    plan.clips[:] = clips


def _check_times(recording: Recording, start_ms: int, end_ms: int) -> None:
    if start_ms < 0 or end_ms <= start_ms:
        raise InputError(_("A clip must end after it starts ({a} ms - {b} ms)").format(
            a=start_ms, b=end_ms))
    if recording.duration_ms and end_ms > recording.duration_ms:
        raise InputError(_("{a:.2f}-{b:.2f} s is outside recording {id} (0-{d:.2f} s)").format(
            a=start_ms / 1000, b=end_ms / 1000, id=recording.id, d=recording.duration_s))


def add_clip(session: Session, plan: FeedbackPlan, recording_id: int, start_ms: int,
             end_ms: int, caption: str = "", *, theme: str = "", note: str = "",
             lead_in_ms: int = 0, lead_out_ms: int = 0, speed: float = 1.0,
             freeze_at_ms: int | None = None, freeze_ms: int = 0,
             position: int | None = None, annotation_id: int | None = None) -> Clip:
    """Add a free time range of a recording (ms) to the plan, at the end or at ``position``."""
    recording = recording_by_id(session, recording_id)
    _check_times(recording, start_ms, end_ms)
    if not 0.1 <= speed <= 4.0:
        raise InputError(_("A clip's speed must be between 0.1 and 4"))
    clip = Clip(recording_id=recording.id, start_ms=int(start_ms), end_ms=int(end_ms),
                lead_in_ms=max(0, lead_in_ms), lead_out_ms=max(0, lead_out_ms),
                theme=theme or (plan.visit.theme if plan.visit else ""), caption=caption,
                note=note, speed=speed, freeze_at_ms=freeze_at_ms, freeze_ms=freeze_ms,
                annotation_id=annotation_id)
    clips = list(plan.clips)
    clips.insert(len(clips) if position is None else max(0, min(position, len(clips))), clip)
    _renumber(plan, clips)
    session.flush()
    audit(session, "plan.clip.add", clip, plan=plan.id, recording=recording.id)
    return clip


def add_clip_from_annotation(session: Session, plan: FeedbackPlan, annotation_id: int, *,
                             lead_in_ms: int = 1000, lead_out_ms: int = 1000,
                             position: int | None = None, caption: str | None = None,
                             theme: str | None = None) -> Clip:
    """Add a coded moment; its caption, comment (as the clinician's note) and theme come along."""
    annotation = session.get(Annotation, annotation_id)
    if annotation is None:
        raise InputError(_("There is no annotation {id}").format(id=annotation_id))
    end_ms = annotation.end_ms if annotation.end_ms is not None else \
        annotation.start_ms + POINT_MOMENT_MS
    recording = annotation.recording
    if recording.duration_ms:
        end_ms = min(end_ms, recording.duration_ms)
    start_ms = annotation.start_ms
    if end_ms <= start_ms:  # a point at the very end: show the moment before it
        start_ms = max(0, end_ms - POINT_MOMENT_MS)
    visit_theme = plan.visit.theme if plan.visit else ""
    code = annotation.code
    return add_clip(session, plan, recording.id, start_ms, end_ms,
                    annotation.caption if caption is None else caption,
                    theme=theme or theme_for_code(code.key, code.group, visit_theme),
                    note=annotation.comment, lead_in_ms=lead_in_ms, lead_out_ms=lead_out_ms,
                    position=position, annotation_id=annotation.id)


def _clip(session: Session, clip_id: int) -> Clip:
    clip = session.get(Clip, clip_id)
    if clip is None:
        raise InputError(_("There is no clip {id}").format(id=clip_id))
    return clip


def move_clip(session: Session, plan: FeedbackPlan, clip_id: int, new_position: int) -> None:
    clip = _clip(session, clip_id)
    if clip.plan_id != plan.id:
        raise InputError(_("Clip {id} is not in this plan").format(id=clip_id))
    clips = [c for c in plan.clips if c.id != clip_id]
    clips.insert(max(0, min(new_position, len(clips))), clip)
    _renumber(plan, clips)
    audit(session, "plan.clip.move", clip, position=clip.position)


def update_clip(session: Session, clip_id: int, **fields: object) -> Clip:
    """Change a clip's times, caption, note, theme, speed or freeze-frame."""
    clip = _clip(session, clip_id)
    unknown = set(fields) - EDITABLE
    if unknown:
        raise InputError(_("A clip has no field {names}").format(names=", ".join(sorted(unknown))))
    start = int(fields.get("start_ms", clip.start_ms))  # type: ignore[arg-type]
    end = int(fields.get("end_ms", clip.end_ms))  # type: ignore[arg-type]
    recording = recording_by_id(session, int(fields.get("recording_id", clip.recording_id)))  # type: ignore[arg-type]
    _check_times(recording, start, end)
    for name, value in fields.items():
        setattr(clip, name, value)
    session.flush()
    audit(session, "plan.clip.update", clip, fields=sorted(fields))
    return clip


def remove_clip(session: Session, clip_id: int) -> None:
    clip = _clip(session, clip_id)
    plan = clip.plan
    _renumber(plan, [c for c in plan.clips if c.id != clip_id])
    session.delete(clip)
    session.flush()
    audit(session, "plan.clip.remove", plan, clip=clip_id)


# -- proposing a plan --------------------------------------------------------------------------
def _moment_ms(annotation: Annotation) -> int:
    end = annotation.end_ms if annotation.end_ms is not None else \
        annotation.start_ms + POINT_MOMENT_MS
    return max(0, end - annotation.start_ms)


def propose_plan(session: Session, visit_id: int, *, max_minutes: float = 3.0,
                 max_work_on: int = 2, lead_in_ms: int = 1000,
                 lead_out_ms: int = 1000) -> FeedbackPlan:
    """Replace the visit's plan with one made from its coded moments.

    Strengths come first (the parent sees what already goes well), then at most
    ``max_work_on`` moments to work on; the reel stays within ``max_minutes``. Clips are
    grouped by theme, the visit's own theme first, and by time within a theme.
    """
    visit = _visit(session, visit_id)
    plan = get_or_create_plan(session, visit_id)
    for clip in list(plan.clips):
        session.delete(clip)
    plan.clips[:] = []
    session.flush()
    annotations = list(session.scalars(
        select(Annotation).join(Recording).where(Recording.visit_id == visit.id)
        .order_by(Annotation.recording_id, Annotation.start_ms)))
    moments = [a for a in annotations
               if a.code.kind != "rating" and a.code.group.strip().lower() not in SKIP_GROUPS]
    strengths = [a for a in moments if a.valence != "work_on"]
    # Moments with a caption are what the reel is for; prefer them, then longer ones.
    strengths.sort(key=lambda a: (a.valence != "strength", not a.caption.strip(), a.start_ms))
    work_on = [a for a in moments if a.valence == "work_on"][:max(0, max_work_on)]
    budget = int(max_minutes * 60_000)
    chosen: list[Annotation] = []
    used = 0
    for annotation in strengths + work_on:
        length = _moment_ms(annotation) + lead_in_ms + lead_out_ms
        if used + length > budget:
            continue
        chosen.append(annotation)
        used += length
    order = [visit.theme, *THEMES]

    def theme_of(a: Annotation) -> str:
        return theme_for_code(a.code.key, a.code.group, visit.theme)

    def sort_key(a: Annotation) -> tuple[int, int, int, int]:
        theme = theme_of(a)
        rank = order.index(theme) if theme in order else len(order)
        return rank, a.valence == "work_on", a.recording_id, a.start_ms

    for annotation in sorted(chosen, key=sort_key):
        add_clip_from_annotation(session, plan, annotation.id, lead_in_ms=lead_in_ms,
                                 lead_out_ms=lead_out_ms, theme=theme_of(annotation))
    with using(visit.case.family_language):  # the reel's opening card is for the family
        plan.title = plan.title or _("Visit {n}: {theme}").format(
            n=visit.number, theme=theme_title(visit.theme or "free"))
    session.flush()
    audit(session, "plan.propose", plan, clips=len(chosen))
    return plan


# -- checking and using a plan -----------------------------------------------------------------
@dataclass(frozen=True)
class ClipRange:
    """A clip's range with padding, clamped to its recording (ms)."""

    start_ms: int
    end_ms: int


def clip_range(clip: Clip) -> ClipRange:
    start = max(0, clip.start_ms - clip.lead_in_ms)
    end = clip.end_ms + clip.lead_out_ms
    if clip.recording.duration_ms:
        end = min(end, clip.recording.duration_ms)
    return ClipRange(start, max(end, start + 1))


def validate_plan(session: Session, plan: FeedbackPlan, store) -> list[str]:  # noqa: ANN001
    """Problems that would stop the reel, as sentences for the user (empty: all is well)."""
    problems: list[str] = []
    if not plan.clips:
        problems.append(_("The plan has no clips"))
    probed: dict[str, str | None] = {}
    for number, clip in enumerate(plan.clips, start=1):
        label = _("Clip {n}").format(n=number)
        recording = clip.recording
        if clip.end_ms <= clip.start_ms:
            problems.append(_("{label}: the end comes before the start").format(label=label))
        if clip.start_ms < 0 or (recording.duration_ms and clip.start_ms >= recording.duration_ms):
            problems.append(_("{label}: {a:.2f} s is outside the recording (0-{d:.2f} s)").format(
                label=label, a=clip.start_ms / 1000, d=recording.duration_s))
        if recording.store_key not in probed:
            try:
                if not store.contains(recording.store_key):
                    raise InputError(_("the recording {name} is missing from the store").format(
                        name=recording.original_name or recording.id))
                with store.media_source(recording.store_key) as path:
                    probe(path)
                probed[recording.store_key] = None
            except VFeedbackError as exc:
                probed[recording.store_key] = str(exc)
        if probed[recording.store_key]:
            problems.append(f"{label}: {probed[recording.store_key]}")
        if clip.freeze_at_ms is not None and not clip.start_ms - clip.lead_in_ms \
                <= clip.freeze_at_ms <= clip.end_ms + clip.lead_out_ms:
            problems.append(_("{label}: the freeze-frame is not inside the clip").format(
                label=label))
    return problems


@dataclass(frozen=True)
class PlannedClip:
    """One clip of a plan as every consumer sees it: the reel, the script, the presentation
    and the plan builder (plain values, no ORM objects)."""

    clip_id: int
    recording_id: int
    recording_name: str
    store_key: str
    start_ms: int  # the chosen moment
    end_ms: int
    span_start_ms: int  # with lead-in/out, clamped to the recording: what is shown
    span_end_ms: int
    caption: str
    caption_second: str  # the caption in the family's second language ("" when none)
    theme: str
    theme_title: str
    note: str  # the clinician's own; never shown to the parent
    speed: float
    freeze_at_ms: int | None  # an instant of the recording to hold
    freeze_ms: int
    annotation_id: int | None
    valence: str | None
    version: int = 1  # the clip row's version (optimistic locking on a shared server)


@dataclass(frozen=True)
class PlannedShow:
    """A visit's plan: its title (the reel's opening card) and its clips in showing order."""

    visit_id: int
    case_code: str
    visit_number: int
    title: str
    clips: tuple[PlannedClip, ...]
    language: str | None = None  # the family's (Case.family_language); None: the app's


def plan_clips(session: Session, visit_id: int, *, require_clips: bool = True) -> PlannedShow:
    """The one ``plan -> clips`` function (see :class:`PlannedClip`); with ``require_clips``
    an empty or missing plan is an :class:`InputError` saying how to make one."""
    visit = _visit(session, visit_id)
    plan = visit.plan
    if require_clips and (plan is None or not plan.clips):
        raise InputError(_("Visit {id} has no feedback plan with clips yet; make one with "
                           "`vfeedback reel plan --visit {id} --auto`").format(id=visit_id))
    language = normalise(visit.case.family_language)  # theme titles are for the family
    clips = []
    with using(language):
        for clip in plan.clips if plan is not None else []:
            span = clip_range(clip)
            recording = clip.recording
            clips.append(PlannedClip(
                clip.id, clip.recording_id,
                recording.original_name or _("recording {id}").format(id=clip.recording_id),
                recording.store_key, clip.start_ms, clip.end_ms, span.start_ms, span.end_ms,
                clip.caption.strip(), clip.caption_second.strip(), clip.theme,
                theme_title(clip.theme) if clip.theme else "", clip.note, clip.speed,
                clip.freeze_at_ms, clip.freeze_ms or 0, clip.annotation_id,
                clip.annotation.valence if clip.annotation is not None else None,
                clip.version))
        title = (plan.title if plan is not None else "") or theme_title(visit.theme or "free")
    return PlannedShow(visit.id, visit.case.code, visit.number, title, tuple(clips), language)


def describe_plan(plan: FeedbackPlan) -> list[str]:
    """One line per clip, for the CLI and logs."""
    lines = []
    for number, clip in enumerate(plan.clips, start=1):
        span = clip_range(clip)
        lines.append(f"{number:2d}. [{clip.id}] rec {clip.recording_id} "
                     f"{span.start_ms / 1000:7.2f}-{span.end_ms / 1000:7.2f} s  "
                     f"{theme_title(clip.theme)}  {clip.caption!r}")
    return lines


def overlapping_clips(clips: tuple[PlannedClip, ...] | list[PlannedClip]
                      ) -> list[tuple[int, int, int]]:
    """Pairs of clips (numbers from 1) whose shown spans of the same recording overlap, with
    the overlap in ms: not an error (the reel builds), but the parent sees those seconds twice,
    so the plan builder warns."""
    found = []
    for i, a in enumerate(clips):
        for j in range(i + 1, len(clips)):
            b = clips[j]
            if a.recording_id != b.recording_id:
                continue
            overlap = min(a.span_end_ms, b.span_end_ms) - max(a.span_start_ms, b.span_start_ms)
            if overlap > 0:
                found.append((i + 1, j + 1, overlap))
    return found
