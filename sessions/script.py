"""The printable feedback script: what the clinician will show and say at the next visit.

Under the title the visit's date (the day it was recorded; the day it was created when none
was set). Per clip of the visit's plan, named "Clip n" as in the plan builder, the reel's theme
cards and the presentation: a thumbnail, the times, the theme, the caption (what the child
"would say"), the clinician's own note, and ruled lines to write on at the visit; a ruled
"Notes" block ends the script. Written as a PDF (fpdf2 with a Unicode TTF, so Swedish and
Norwegian letters print) and as one self-contained HTML file (thumbnails inline). Both are
written to a temporary name and moved into place when complete.
"""

from __future__ import annotations

import base64
import html
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vfeedback.errors import InputError, VFeedbackError
from vfeedback.fileio import atomic_output, atomic_write_text
from vfeedback.i18n import (
    _,
    current_language,
    format_date,
    format_decimal,
    speaks_family_language,
)
from vfeedback.media.blur import FaceDetector
from vfeedback.media.frames import thumbnail
from vfeedback.models import Visit
from vfeedback.progress import ProgressFn, report

from .plan import plan_clips
from .reel import find_font

if TYPE_CHECKING:
    from vfeedback.app import App

    from .face_blur import FaceBlur

NOTE_LINES = 3  # ruled lines under each clip for what is said at the visit
END_NOTE_LINES = 8  # and at the end of the script


@dataclass
class ScriptItem:
    number: int
    start_s: float
    end_s: float
    recording: str
    theme: str
    caption: str
    note: str
    thumbnail_jpeg: bytes | None
    valence: str = ""  # "Strength" / "To work on", from the coded moment


def _clock(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes)}:{format_decimal(secs, digits=2).zfill(5)}"  # 0:05,20 in sv/nb


def _valence(valence: str | None) -> str:
    return {"strength": _("Strength"), "work_on": _("To work on")}.get(valence or "", "")


def clip_name(number: int) -> str:
    """A clip's name wherever the clinician or the parent sees it: "Clip 1"."""
    return _("Clip {n}").format(n=number)


def visit_date_line(app: App, visit_id: int) -> str:
    """"Visit date: 24 Nov 2026" (the visit's own date, else the day it was created)."""
    with app.db.session() as session:
        visit = session.get(Visit, visit_id)
        day = (visit.date or visit.created_at.date()) if visit is not None else None
    return _("Visit date: {date}").format(date=format_date(day)) if day else ""


def script_items(app: App, visit_id: int, progress: ProgressFn | None = None,
                 pseudonym: str | None = None,
                 blur: FaceBlur | None = None) -> tuple[str, list[ScriptItem]]:
    """The script's title and its items, with a thumbnail from the middle of each moment.

    Recordings are named by number, never by their original file name; with ``pseudonym``
    the case code is replaced by that label (see :mod:`sessions.export_hygiene`); with
    ``blur`` the thumbnails' faces are blurred as in the reel made with it."""
    from .export_hygiene import neutral_recording_name, pseudonymise
    from .face_blur import blurred_thumbnail

    with app.db.session() as session:
        show = plan_clips(session, visit_id)
    code = show.case_code

    def clean(text: str) -> str:
        return pseudonymise(text, code, pseudonym)

    title = _("Feedback script - case {case}, visit {n}").format(
        case=pseudonym if pseudonym is not None else code, n=show.visit_number)
    items = []
    detector = FaceDetector() if blur is not None else None
    for number, clip in enumerate(show.clips, start=1):
        report(progress, 0.8 * (number - 1) / len(show.clips), _("Making thumbnails"))
        thumb = None
        middle_s = (clip.start_ms + clip.end_ms) / 2000
        try:
            with app.store.media_source(clip.store_key) as path:
                thumb = (thumbnail(path, middle_s, width=320) if blur is None or detector is None
                         else blurred_thumbnail(blur, clip.store_key, path, middle_s, detector))
        except VFeedbackError:
            thumb = None  # the script is still useful without the picture (never unblurred)
        items.append(ScriptItem(
            number, clip.span_start_ms / 1000, clip.span_end_ms / 1000,
            neutral_recording_name(clip.recording_id), clean(clip.theme_title),
            clean(clip.caption), clean(clip.note), thumb, _valence(clip.valence)))
    if detector is not None:
        detector.close()
    return title, items


@speaks_family_language  # headings and instructions in the family's language
def write_script(app: App, visit_id: int, pdf_path: str | os.PathLike[str] | None = None,
                 html_path: str | os.PathLike[str] | None = None,
                 progress: ProgressFn | None = None, pseudonym: str | None = None,
                 blur: FaceBlur | None = None) -> list[Path]:
    """Write the visit's script as PDF and/or HTML; returns the files written. ``blur``: the
    reel's :class:`~sessions.face_blur.FaceBlur`, so the thumbnails show no more than it."""
    if pdf_path is None and html_path is None:
        raise InputError(_("Say where to write the script (PDF or HTML)"))
    title, items = script_items(app, visit_id, progress, pseudonym, blur)
    dated = visit_date_line(app, visit_id)
    written = []
    if pdf_path is not None:
        report(progress, 0.85, _("Writing the PDF"))
        write_pdf(title, items, Path(pdf_path), dated)
        written.append(Path(pdf_path))
    if html_path is not None:
        report(progress, 0.95, _("Writing the HTML"))
        atomic_write_text(html_path, render_html(title, items, dated))
        written.append(Path(html_path))
    report(progress, 1.0, _("Script ready"))
    return written


def _ruled_lines(pdf, count: int, gap: float = 7.0) -> None:  # noqa: ANN001 - an FPDF
    """``count`` light lines across the text width to write on by hand."""
    pdf.set_draw_color(150, 150, 150)
    pdf.set_line_width(0.3)
    for _line in range(count):
        y = pdf.get_y() + gap
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.set_y(y)


def new_pdf():  # noqa: ANN201 - fpdf.FPDF
    """An A4 document with DejaVu (all of Swedish and Norwegian) when the system has it, and
    the font family to use: ``(pdf, family)``. Shared by the script and the review report."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    regular, bold = find_font(False), find_font(True)
    family = "helvetica"
    if regular and bold:
        pdf.add_font("DejaVu", "", regular)
        pdf.add_font("DejaVu", "B", bold)
        family = "DejaVu"
    pdf.add_page()
    return pdf, family


def write_pdf(title: str, items: list[ScriptItem], path: Path, dated: str = "") -> None:
    pdf, family = new_pdf()
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    if dated:
        pdf.set_font(family, "B", 11)
        pdf.multi_cell(0, 7, dated, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.multi_cell(0, 6, _("{n} clips. Show each clip, read the caption aloud, then talk "
                           "about it with the parent.").format(n=len(items)),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    thumb_w = 60.0
    block = thumb_w * 9 / 16 + 8 + 7 * NOTE_LINES  # a clip with its lines, kept on one page
    for item in items:
        if pdf.get_y() > pdf.h - pdf.b_margin - block:
            pdf.add_page()
        top = pdf.get_y()
        if item.thumbnail_jpeg:
            pdf.image(io.BytesIO(item.thumbnail_jpeg), x=pdf.l_margin, y=top, w=thumb_w)
        x = pdf.l_margin + thumb_w + 5
        width = pdf.w - pdf.r_margin - x
        pdf.set_xy(x, top)
        pdf.set_font(family, "B", 12)
        heading = clip_name(item.number) + (f" · {item.theme}" if item.theme else "")
        pdf.multi_cell(width, 6, heading, new_x="LEFT", new_y="NEXT")
        pdf.set_font(family, "", 9)
        pdf.multi_cell(width, 5, f"{item.recording}  {_clock(item.start_s)}-"
                       f"{_clock(item.end_s)}" + (f"  ({item.valence})" if item.valence else ""),
                       new_x="LEFT", new_y="NEXT")
        if item.caption:
            pdf.set_font(family, "B", 11)
            pdf.multi_cell(width, 6, f"\u201c{item.caption}\u201d", new_x="LEFT", new_y="NEXT")
        if item.note:
            pdf.set_font(family, "", 10)
            pdf.multi_cell(width, 5, _("Notes: {note}").format(note=item.note),
                           new_x="LEFT", new_y="NEXT")
        bottom = max(pdf.get_y(), top + thumb_w * 9 / 16)
        pdf.set_xy(pdf.l_margin, bottom + 1)
        _ruled_lines(pdf, NOTE_LINES)
        pdf.set_xy(pdf.l_margin, pdf.get_y() + 7)
    if pdf.get_y() > pdf.h - pdf.b_margin - 10 - 7 * END_NOTE_LINES:
        pdf.add_page()
    pdf.set_font(family, "B", 12)
    pdf.multi_cell(0, 7, _("Notes"), new_x="LMARGIN", new_y="NEXT")
    _ruled_lines(pdf, END_NOTE_LINES)
    with atomic_output(path) as tmp:
        pdf.output(str(tmp))


def render_html(title: str, items: list[ScriptItem], dated: str = "") -> str:
    """One HTML file that needs nothing else: thumbnails are data URIs."""
    esc = html.escape
    rows = []
    lines = '<div class="lines">' + "<p></p>" * NOTE_LINES + "</div>"
    for item in items:
        img = ""
        if item.thumbnail_jpeg:
            data = base64.b64encode(item.thumbnail_jpeg).decode("ascii")
            img = f'<img src="data:image/jpeg;base64,{data}" alt="">'
        caption = f'<p class="caption">\u201c{esc(item.caption)}\u201d</p>' if item.caption else ""
        note = (f'<p class="note">{esc(_("Notes: {note}").format(note=item.note))}</p>'
                if item.note else "")
        heading = clip_name(item.number) + (f" · {item.theme}" if item.theme else "")
        rows.append(
            f'<section class="clip"><div class="row">{img}<div><h2>{esc(heading)}</h2>'
            f'<p class="time">{esc(item.recording)} {_clock(item.start_s)}-'
            f'{_clock(item.end_s)}{esc(f" ({item.valence})" if item.valence else "")}</p>'
            f'{caption}{note}</div></div>{lines}</section>')
    date_line = f'<p class="date">{esc(dated)}</p>' if dated else ""
    end_notes = (f'<section class="notes"><h2>{esc(_("Notes"))}</h2><div class="lines">'
                 + "<p></p>" * END_NOTE_LINES + "</div></section>")
    return (
        f'<!DOCTYPE html>\n<html lang="{current_language()}"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>"
        "body{font-family:'DejaVu Sans',sans-serif;max-width:52em;margin:2em auto;color:#222}"
        ".clip{margin:1.2em 0;page-break-inside:avoid}.row{display:flex;gap:1em}"
        ".clip img{width:16em;height:auto;border-radius:4px}"
        "h2{font-size:1.1em;margin:0 0 .3em}.time{color:#666;margin:0}.date{font-weight:bold}"
        ".caption{font-size:1.15em;font-weight:bold}.note{color:#444}"
        ".lines p{border-bottom:1px solid #999;height:1.6em;margin:0}"
        f"</style></head><body><h1>{esc(title)}</h1>{date_line}{''.join(rows)}{end_notes}"
        "</body></html>\n")
