"""The supervision report: agreement per code, the disagreements with thumbnails, the
comments, and a plot of the trainee's agreement over their recordings.

Written as a PDF (fpdf2 with the DejaVu font, as the feedback script) and one self-contained
HTML file (pictures inline). Thumbnails come from the recording, or on a supervisor's laptop
that holds only the coded moments from the review clip that covers the time. The plot is drawn
with matplotlib's Agg backend (no screen). Both files are written atomically.
"""

from __future__ import annotations

import base64
import html
import io
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from annotation.review import KIND_TITLES, SetComparison, clock
from vfeedback.errors import VFeedbackError
from vfeedback.fileio import atomic_output, atomic_write_text
from vfeedback.i18n import _, current_language
from vfeedback.library import audit
from vfeedback.media.frames import thumbnail
from vfeedback.models import Derivative, Recording

App = Any  # vfeedback.app.App
MAX_PICTURES = 40  # thumbnails for the first disagreements; the rest are listed


@dataclass
class ReportData:
    title: str
    subtitle: str
    comparison: SetComparison
    pictures: dict[int, bytes]  # index of a difference -> JPEG
    comments: Sequence[Any]  # services.review.CommentRow
    plot_png: bytes | None


def _num(x: float) -> str:
    return "-" if math.isnan(x) else f"{x:.2f}"


def frame_at(app: App, recording_id: int, at_ms: int, width: int = 240) -> bytes | None:
    """A JPEG of the recording at ``at_ms``: from the recording, else from a review clip."""
    with app.db.session() as session:
        recording = session.get(Recording, recording_id)
        key = recording.store_key if recording is not None else None
        clips = [(d.store_key, d.params.get("start_ms", 0), d.params.get("end_ms", 0))
                 for d in session.scalars(select(Derivative).where(
                     Derivative.recording_id == recording_id,
                     Derivative.kind == "review-clip"))]
    try:
        if key is not None and app.store.contains(key):
            with app.store.media_path(key) as path:
                return thumbnail(path, at_ms / 1000, width=width)
        for clip_key, start, end in clips:
            if start <= at_ms < end:
                with app.store.media_path(clip_key) as path:
                    return thumbnail(path, (at_ms - start) / 1000, width=width)
    except VFeedbackError:
        return None  # the report is still useful without the picture
    return None


def agreement_plot(history: Sequence[tuple[int, str, float]], coder: str) -> bytes | None:
    """The trainee's overall kappa per recording (oldest first) as a PNG; None: nothing."""
    points = [(rid, k) for rid, _ref, k in history if not math.isnan(k)]
    if not points:
        return None
    import matplotlib

    matplotlib.use("Agg")  # no screen needed; the GUI never imports this module
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 2.6), dpi=120)
    ax = fig.add_subplot()
    xs = list(range(1, len(points) + 1))
    ax.plot(xs, [k for _r, k in points], marker="o", color="#4c72b0")
    ax.set_xticks(xs, [f"#{rid}" for rid, _k in points])
    ax.set_ylim(min(0.0, min(k for _r, k in points)) - 0.05, 1.05)
    ax.axhline(0.6, color="#999", linestyle="--", linewidth=0.8)  # "substantial" (Landis-Koch)
    ax.set_xlabel(_("Recording"))
    ax.set_ylabel(_("Kappa"))
    ax.set_title(_("Agreement of {coder} over their recordings").format(coder=coder))
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def report_data(app: App, recording_id: int, comparison: SetComparison,
                comments: Sequence[Any], history: Sequence[tuple[int, str, float]]
                ) -> ReportData:
    pictures = {}
    for i, d in enumerate(comparison.differences[:MAX_PICTURES]):
        jpeg = frame_at(app, recording_id, d.at_ms)
        if jpeg:
            pictures[i] = jpeg
    r = comparison.report
    return ReportData(
        _("Supervision report - recording {id}").format(id=recording_id),
        _("{coder} compared with {reference}; slices of {s:g} s, onset tolerance {t:g} s")
        .format(coder=comparison.coder, reference=comparison.reference, s=r.slice_ms / 1000,
                t=r.tolerance_ms / 1000),
        comparison, pictures, comments, agreement_plot(history, comparison.coder))


def write_report(app: App, recording_id: int, comparison: SetComparison,
                 comments: Sequence[Any], history: Sequence[tuple[int, str, float]],
                 pdf_path: str | os.PathLike[str], html_path: str | os.PathLike[str]) -> None:
    data = report_data(app, recording_id, comparison, comments, history)
    write_pdf(data, Path(pdf_path))
    atomic_write_text(html_path, render_html(data))
    with app.db.session() as session:  # pictures of the family left the app: ids and counts
        audit(session, "review.report", session.get(Recording, recording_id),
              pictures=len(data.pictures), comments=len(data.comments))


def _table_rows(data: ReportData) -> list[list[str]]:
    return [[c.code, str(c.events_a), str(c.events_b), _num(c.kappa), str(c.matched),
             _num(c.precision), _num(c.recall), _num(c.f1)]
            for c in data.comparison.report.codes]


def _headers() -> list[str]:
    return [_("Code"), "A", "B", _("Kappa"), _("Matched"), _("Precision"), _("Recall"), "F1"]


def _overall(data: ReportData) -> str:
    r = data.comparison.report
    return _("Overall kappa {k}; the same codes in {p:.0f} % of the slices").format(
        k=_num(r.kappa), p=100 * r.percent_agreement)


def _difference_line(d: Any) -> str:
    what = _(KIND_TITLES[d.kind])
    codes = {"missed": d.code_b, "extra": d.code_a}.get(
        d.kind, f"{d.code_a} / {d.code_b}" if d.code_a != d.code_b else d.code_a)
    shift = _(" ({ms:+d} ms)").format(ms=d.delta_ms) if d.kind == "shifted" else ""
    return f"{clock(d.at_ms)}  {what}: {codes}{shift}"


def _comment_line(c: Any) -> str:
    gone = _(" (on an annotation deleted since)") if c.annotation_deleted else ""
    done = _(" [resolved]") if c.resolved else ""
    return f"{clock(c.at_ms)}  {c.author}: {c.text}{gone}{done}"


def write_pdf(data: ReportData, path: Path) -> None:
    from .script import new_pdf

    pdf, family = new_pdf()
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 9, data.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.multi_cell(0, 6, data.subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(family, "B", 12)
    pdf.cell(0, 7, _("Agreement per code"), new_x="LMARGIN", new_y="NEXT")
    widths = [58, 12, 12, 18, 18, 20, 18, 16]
    pdf.set_font(family, "B", 9)
    for w, h in zip(widths, _headers(), strict=True):
        pdf.cell(w, 6, h, border="B")
    pdf.ln()
    pdf.set_font(family, "", 9)
    for row in _table_rows(data):
        for w, value in zip(widths, row, strict=True):
            pdf.cell(w, 5.5, value[:34])
        pdf.ln()
    pdf.set_font(family, "B", 10)
    pdf.multi_cell(0, 7, _overall(data), new_x="LMARGIN", new_y="NEXT")
    if data.plot_png:
        pdf.image(io.BytesIO(data.plot_png), w=150)
    pdf.ln(2)
    pdf.set_font(family, "B", 12)
    diffs = data.comparison.differences
    pdf.cell(0, 7, _("Disagreements ({n})").format(n=len(diffs)), new_x="LMARGIN",
             new_y="NEXT")
    pdf.set_font(family, "", 9)
    for i, d in enumerate(diffs):
        jpeg = data.pictures.get(i)
        if jpeg:
            if pdf.get_y() > pdf.h - 45:
                pdf.add_page()
            top = pdf.get_y()
            pdf.image(io.BytesIO(jpeg), x=pdf.l_margin, y=top, w=40)
            pdf.set_xy(pdf.l_margin + 44, top + 2)
            pdf.multi_cell(0, 5, _difference_line(d), new_x="LMARGIN", new_y="NEXT")
            pdf.set_y(top + 25)
        else:
            pdf.multi_cell(0, 5, _difference_line(d), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(family, "B", 12)
    pdf.cell(0, 7, _("Comments"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    if not data.comments:
        pdf.multi_cell(0, 5, _("No comments."), new_x="LMARGIN", new_y="NEXT")
    for c in data.comments:
        pdf.set_x(pdf.l_margin + 6 * c.depth)
        pdf.multi_cell(0, 5, _comment_line(c), new_x="LMARGIN", new_y="NEXT")
    with atomic_output(path) as tmp:
        pdf.output(str(tmp))


def render_html(data: ReportData) -> str:
    esc = html.escape

    def img(jpeg: bytes | None, kind: str = "jpeg") -> str:
        if not jpeg:
            return ""
        return f'<img src="data:image/{kind};base64,{base64.b64encode(jpeg).decode()}" alt="">'

    head = "".join(f"<th>{esc(h)}</th>" for h in _headers())
    rows = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>"
                   for row in _table_rows(data))
    diffs = "".join(f'<li class="{d.kind}">{img(data.pictures.get(i))}'
                    f"<span>{esc(_difference_line(d))}</span></li>"
                    for i, d in enumerate(data.comparison.differences))
    notes = "".join(f'<li style="margin-left:{2 * c.depth}em">{esc(_comment_line(c))}</li>'
                    for c in data.comments) or f"<li>{esc(_('No comments.'))}</li>"
    return (
        f'<!DOCTYPE html>\n<html lang="{current_language()}"><head><meta charset="utf-8">'
        f"<title>{esc(data.title)}</title><style>"
        "body{font-family:'DejaVu Sans',sans-serif;max-width:56em;margin:2em auto;color:#222}"
        "table{border-collapse:collapse}td,th{padding:.2em .6em;text-align:right}"
        "td:first-child,th:first-child{text-align:left}th{border-bottom:1px solid #444}"
        "ul.diffs{list-style:none;padding:0}ul.diffs li{display:flex;gap:1em;margin:.4em 0;"
        "align-items:center}ul.diffs img{width:12em;border-radius:3px}"
        f"</style></head><body><h1>{esc(data.title)}</h1><p>{esc(data.subtitle)}</p>"
        f"<h2>{esc(_('Agreement per code'))}</h2><table><tr>{head}</tr>{rows}</table>"
        f"<p><b>{esc(_overall(data))}</b></p>{img(data.plot_png, 'png')}"
        f"<h2>{esc(_('Disagreements ({n})').format(n=len(data.comparison.differences)))}</h2>"
        f'<ul class="diffs">{diffs}</ul><h2>{esc(_("Comments"))}</h2><ul>{notes}</ul>'
        "</body></html>\n")
