"""The annotation part of ``vfeedback demo``: code a few VIPP-SD moments and export them."""

from __future__ import annotations

from vfeedback.i18n import _

# (code key, start, end or None as fractions of the recording, valence, caption, comment)
MOMENTS = (
    ("episode_free_play", 0.0, 0.5, None, "", "Fri lek"),
    ("child_signal", 0.08, None, "strength", "Mamma, titta vad jag hittade!",
     "The child shows a toy"),
    ("speaking_for_child", 0.1, 0.25, "strength", "Jag är så glad när du leker med mig",
     "Parent follows the child's lead"),
    ("parent_response", 0.3, None, "work_on", "Vänta, jag är inte klar än",
     "Parent takes over the tower; a moment to work on"),
    ("sharing_emotions", 0.55, 0.75, "strength", "Vi skrattar tillsammans!", "Delad glädje"),
    ("positive_reinforcement", 0.85, None, "strength", "Du såg att jag städade!",
     "Praise during tidy-up"),
)


def contribute(ctx) -> None:  # noqa: ANN001  (vfeedback.cli.demo.DemoContext)
    from vfeedback import library

    from .editing import AnnotationEditor
    from .interchange.records import export_recording
    from .schemes import ensure_builtin_schemes, get_scheme

    with ctx.app.db.session() as session:
        schemes = ensure_builtin_schemes(session)
        codes = {c.key: c.id for c in get_scheme(session, "vipp-sd").codes}
        duration = library.recording_by_id(session, ctx.recording_id).duration_ms
    ctx.say(_("coding schemes: {names}").format(names=", ".join(s.name for s in schemes)))
    editor = AnnotationEditor(ctx.app.db, ctx.recording_id)
    for key, start, end, valence, caption, comment in MOMENTS:
        editor.add(codes[key], int(start * duration),
                   None if end is None else int(end * duration), valence=valence,
                   caption=caption, comment=comment)
    # Show undo/redo on the way: take the last one back and bring it again.
    editor.undo()
    editor.redo()
    ctx.say(_("coded {n} VIPP-SD moments with \"speaking for the child\" captions (undo and "
              "redo tried)").format(n=len(editor.annotations())))
    written = []
    for fmt in ("eaf", "boris", "csv", "srt", "vtt"):
        target = ctx.out_dir / f"annotations.{fmt}"
        export_recording(ctx.app.db, ctx.recording_id, target, fmt)
        written.append(target.name)
    ctx.say(_("exported annotations: {files}").format(files=", ".join(written)))
