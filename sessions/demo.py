"""The sessions layer's part of ``vfeedback demo``: a feedback plan, the reel and the script."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vfeedback.i18n import _
from vfeedback.library import recording_by_id

from . import plan as plans
from .reel import build_plan_reel
from .script import write_script

if TYPE_CHECKING:
    from vfeedback.cli.demo import DemoContext

# Used when the annotation layer added no moments: a few time ranges with captions.
FALLBACK = [(0.15, 0.3, "Titta, mamma! Jag hittade den själv.", "vipp.exploration_attachment"),
            (0.45, 0.6, "Jeg blir så glad når du ser på meg.", "vipp.sharing_emotions"),
            (0.7, 0.85, "", "vipp.sensitivity_chain")]


def contribute(ctx: DemoContext) -> None:
    with ctx.app.db.session() as session:
        plan = plans.propose_plan(session, ctx.visit_id, max_minutes=1.0)
        source = _("the visit's coded moments")
        if not plan.clips:
            recording = recording_by_id(session, ctx.recording_id)
            duration = recording.duration_ms
            for start, end, caption, theme in FALLBACK:
                plans.add_clip(session, plan, recording.id, int(start * duration),
                               int(end * duration) if end * duration - start * duration <= 3000
                               else int(start * duration) + 3000, caption, theme=theme,
                               note=_("Made by the demo"))
            source = _("fixed time ranges (there were no coded moments)")
        n_clips = len(plan.clips)
    ctx.say(_("proposed a feedback plan with {n} clips from {source}").format(
        n=n_clips, source=source))
    reel = build_plan_reel(ctx.app, ctx.visit_id, ctx.out_dir / "reel.mp4", height=720)
    ctx.say(_("built reel.mp4: {s:.1f} s, title cards, captions burned in and as subtitles, "
              "{c} chapters").format(s=reel.duration_s, c=len(reel.chapters)))
    write_script(ctx.app, ctx.visit_id, ctx.out_dir / "script.pdf", ctx.out_dir / "script.html")
    ctx.say(_("wrote the feedback script: script.pdf and script.html"))
