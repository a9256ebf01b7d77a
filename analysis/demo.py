"""The analysis part of ``vfeedback demo``: analyse the demo recording, say what was found."""

from __future__ import annotations

import json

from vfeedback.fileio import atomic_output
from vfeedback.i18n import _


def contribute(ctx) -> None:
    from . import available

    ok, why = available()
    if not ok:
        ctx.say(why)
        return
    from .cues import compute_cues
    from .job import analyse_recording

    # 2 analysed frames per second is plenty for generated footage and keeps the demo quick.
    with ctx.app.db.session() as session:
        from vfeedback import library

        fps = library.recording_by_id(session, ctx.recording_id).fps or 25.0
    result = analyse_recording(ctx.app, ctx.recording_id, stride=max(1, round(fps / 2)),
                               workers=1)
    doc = {"people": result.people_summary(), "frames": result.n_frames,
           "notes": result.notes, "cues": [c.to_json() for c in compute_cues(result)]}
    target = ctx.out_dir / "analysis.json"
    with atomic_output(target) as tmp:
        tmp.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    if result.n_people:
        found = _("{n} people found").format(n=result.n_people)
    else:
        found = _("no people found (the generated footage has none)")
    ctx.say(_("analysed {frames} frames: {found}; wrote {name}").format(
        frames=result.n_frames, found=found, name=target.name))
