"""The review view: a trainee's and a reference coding set of one recording side by side.

Two parallel tracks (the set under review above, the reference below) with the differences
highlighted by kind behind them (missed, extra, shifted onset, different code, different
valence), next/previous disagreement keys (``review.next`` / ``review.previous`` in
:mod:`gui.actions`), the per-code agreement (kappa on time slices, onset F1) and the overall
figure, recomputed whenever either set changes, and the recording's comment threads. All data
comes from :mod:`services.review`, read and compared off the GUI thread; writes (comments,
resolve, approve) run through :mod:`gui.operations`.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

import shiboken6
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotation.review import KINDS, Difference, SetComparison, clock, neighbour
from services import review
from services.changes import Subject
from vfeedback.errors import VFeedbackError

from .actions import make_action
from .operations import run_in_background

KIND_COLOURS = {"missed": "#d62728", "extra": "#ff7f0e", "shifted": "#9467bd",
                "code": "#1f77b4", "valence": "#2ca02c"}


class ReviewTracks(QWidget):
    """Paints the two sets on parallel tracks over the differences; a click seeks."""

    seekRequested = Signal(int)
    LANE_H = 34
    TOP = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.duration_ms = 1
        self.lanes: list[tuple[str, list[Any]]] = []  # (coder, AnnotationViews)
        self.differences: list[Difference] = []
        self.current: Difference | None = None
        self.playhead = 0
        self.setMinimumHeight(self.TOP + 2 * self.LANE_H + 30)

    def x_of(self, ms: int) -> float:
        left, width = 110.0, max(1.0, self.width() - 120.0)
        return left + width * min(max(ms, 0), self.duration_ms) / self.duration_ms

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802
        left, width = 110.0, max(1.0, self.width() - 120.0)
        frac = (event.position().x() - left) / width
        if 0 <= frac <= 1:
            self.seekRequested.emit(int(frac * self.duration_ms))

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#fafafa"))
        bottom = self.TOP + 2 * self.LANE_H
        for d in self.differences:  # the differences behind both tracks
            colour = QColor(KIND_COLOURS[d.kind])
            colour.setAlpha(70 if d is not self.current else 140)
            # A shifted onset spans both onsets; the rest the reference's (or A's) moment.
            x0 = self.x_of(d.at_ms + min(0, d.delta_ms) - 150)
            x1 = max(self.x_of(d.end_ms or d.at_ms), self.x_of(d.at_ms + max(0, d.delta_ms)
                                                                + 150))
            p.fillRect(QRectF(x0, self.TOP - 4, x1 - x0, 2 * self.LANE_H + 8), colour)
            if d is self.current:
                p.setPen(QPen(QColor(KIND_COLOURS[d.kind]), 2))
                p.drawRect(QRectF(x0, self.TOP - 4, x1 - x0, 2 * self.LANE_H + 8))
        for row, (coder, items) in enumerate(self.lanes):
            top = self.TOP + row * self.LANE_H
            p.setPen(QColor("#333"))
            p.drawText(QRectF(4, top, 102, self.LANE_H), Qt.AlignmentFlag.AlignVCenter, coder)
            p.setPen(QColor("#ccc"))
            p.drawLine(110, top + self.LANE_H, self.width() - 10, top + self.LANE_H)
            for a in items:
                colour = QColor(a.colour)
                x0 = self.x_of(a.start_ms)
                if a.end_ms is None:
                    p.setPen(QPen(colour, 3))
                    p.drawLine(int(x0), top + 6, int(x0), top + self.LANE_H - 6)
                    continue
                rect = QRectF(x0, top + 7, max(2.0, self.x_of(a.end_ms) - x0),
                              self.LANE_H - 14)
                if a.valence == "work_on":  # hollow and dashed, as on the timeline
                    p.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                else:
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(colour)
                p.drawRect(rect)
            p.setBrush(Qt.BrushStyle.NoBrush)
        x = self.x_of(self.playhead)
        p.setPen(QPen(QColor("#000"), 1))
        p.drawLine(int(x), 4, int(x), bottom + 6)
        legend_x = 110
        for kind in KINDS:  # the legend under the tracks
            p.fillRect(QRectF(legend_x, bottom + 12, 12, 12), QColor(KIND_COLOURS[kind]))
            p.setPen(QColor("#333"))
            label = ReviewView.kind_title(kind)
            p.drawText(legend_x + 16, bottom + 23, label)
            legend_x += 24 + p.fontMetrics().horizontalAdvance(label)
        p.end()


class ReviewView(QWidget):
    """Review of one recording: choose the two sets, walk the differences, comment."""

    def __init__(self, app: Any, state: Any, recording_id: int, duration_ms: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.app, self.state, self.recording_id = app, state, recording_id
        self.comparison: SetComparison | None = None
        self.loading = False  # a read runs in the background (see refresh)
        self._again = False  # a refresh was asked for while it ran
        self.setWindowTitle(self.tr("Review of recording {id}").format(id=recording_id))
        self.coder_box, self.reference_box = QComboBox(), QComboBox()
        self.tracks = ReviewTracks(self)
        self.tracks.duration_ms = max(1, duration_ms)
        self.tracks.seekRequested.connect(self._seek)
        self.overall = QLabel()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Kappa"),
                                              self.tr("F1"), self.tr("A / B")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.diff_list = QListWidget()
        self.diff_list.currentRowChanged.connect(self._diff_chosen)
        self.comment_list = QListWidget()
        self.comment_text = QLineEdit()
        self.comment_text.setPlaceholderText(self.tr("Comment at the current disagreement…"))
        add, answer = QPushButton(self.tr("Comment")), QPushButton(self.tr("Answer"))
        resolve, approve = QPushButton(self.tr("Resolved")), QPushButton(self.tr("Approve"))
        add.clicked.connect(lambda: self.add_comment(reply=False))
        answer.clicked.connect(lambda: self.add_comment(reply=True))
        resolve.clicked.connect(self.resolve_comment)
        approve.clicked.connect(self.approve)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Coder")))
        top.addWidget(self.coder_box)
        top.addWidget(QLabel(self.tr("Reference")))
        top.addWidget(self.reference_box)
        top.addStretch(1)
        top.addWidget(approve)
        comments = QWidget()
        c_layout = QVBoxLayout(comments)
        c_layout.addWidget(QLabel(self.tr("Comments")))
        c_layout.addWidget(self.comment_list)
        c_layout.addWidget(self.comment_text)
        buttons = QHBoxLayout()
        for b in (add, answer, resolve):
            buttons.addWidget(b)
        c_layout.addLayout(buttons)
        figures = QWidget()
        f_layout = QVBoxLayout(figures)
        f_layout.addWidget(self.overall)
        f_layout.addWidget(self.table)
        f_layout.addWidget(QLabel(self.tr("Disagreements")))
        f_layout.addWidget(self.diff_list)
        lower = QSplitter()
        lower.addWidget(figures)
        lower.addWidget(comments)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tracks)
        layout.addWidget(lower, 1)
        self.next_action = make_action(self, "review.next", lambda: self.step(True))
        self.previous_action = make_action(self, "review.previous", lambda: self.step(False))
        self.addActions([self.next_action, self.previous_action])
        self._fill_sets()
        self.coder_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.reference_box.currentIndexChanged.connect(lambda _i: self.refresh())
        state.dataChanged.connect(self._data_changed)
        state.playheadChanged.connect(self._playhead)
        self.refresh()

    @staticmethod
    def kind_title(kind: str) -> str:
        """In the app's language: the core's own words (the report uses the same)."""
        from annotation.review import KIND_TITLES
        from vfeedback.i18n import _

        return _(KIND_TITLES[kind])

    # -- data ---------------------------------------------------------------------------
    def _fill_sets(self) -> None:
        sets = review.coding_sets(self.app, self.state.actor, self.recording_id)
        names = [s.coder for s in sets if s.annotations]
        submitted = [s.coder for s in sets if s.state != "draft" and s.annotations]
        coder = submitted[0] if submitted else (names[0] if names else "")
        reference = next((n for n in names if n != coder), coder)
        for box, chosen in ((self.coder_box, coder), (self.reference_box, reference)):
            box.blockSignals(True)
            box.clear()
            box.addItems(names)
            box.setCurrentText(chosen)
            box.blockSignals(False)

    def choose(self, coder: str, reference: str) -> None:
        self.coder_box.setCurrentText(coder)
        self.reference_box.setCurrentText(reference)
        self.refresh()

    def refresh(self) -> None:
        """Read both sets, compare them and show figures, differences and comments.

        The reads and the comparison run off the GUI thread (a clinic server may be slow to
        answer; the window stays responsive); ``loading`` is true meanwhile. One read runs at
        a time: a refresh asked for meanwhile (the coder and the reference chosen one after
        the other, an edit) is made once when it ends, and only its answer is shown. A read
        that fails (the clinic server gone, a set emptied meanwhile) is said in the window;
        what was shown stays until a refresh works.
        """
        if self.loading:
            self._again = True  # the newest choice is read when this read ends
            return
        self.loading, self._again = True, False
        coder, reference = self.coder_box.currentText(), self.reference_box.currentText()
        app, actor, rid = self.app, self.state.actor, self.recording_id

        def work(_progress, _cancel) -> tuple:  # noqa: ANN001
            try:
                lanes = [(name, review.set_annotations(app, actor, rid, name))
                         for name in (coder, reference) if name]
                comments = review.comments(app, actor, rid)
            except VFeedbackError as exc:
                return None, None, None, str(exc)
            comparison, problem = None, None
            if coder and reference and coder != reference:
                try:
                    comparison = review.compare(app, actor, rid, coder, reference)
                except Exception as exc:  # noqa: BLE001 - e.g. both sets emptied: say so
                    problem = str(exc)
            return lanes, comments, comparison, problem

        def ended() -> bool:
            """The read is over; true when its answer is the one to show."""
            if not shiboken6.isValid(self):
                return False  # the window is gone
            self.loading = False
            if self._again:
                self.refresh()
                return False
            return True

        def show(answer: tuple) -> None:
            if not ended():
                return
            lanes, comments, comparison, problem = answer
            if lanes is None:
                self.overall.setText(problem)
                return
            self.tracks.lanes = lanes
            self.comparison = comparison
            self._show_figures()
            if problem is not None:
                self.overall.setText(problem)
            self._show_comments(comments)
            self.tracks.update()

        def failed(exc: BaseException) -> None:
            if ended():
                self.overall.setText(str(exc))

        run_in_background(None, work, show_progress=False, on_success=show).failure(failed)

    def _show_figures(self) -> None:
        c = self.comparison
        before = self.tracks.current  # kept selected across a refresh when it is still there
        self.table.setRowCount(0)
        self.diff_list.blockSignals(True)
        self.diff_list.clear()
        self.diff_list.blockSignals(False)
        self.tracks.differences = c.differences if c else []
        self.tracks.current = None
        if c is None:
            return
        r = c.report

        def num(x: float) -> str:
            return "-" if math.isnan(x) else f"{x:.2f}"

        self.overall.setText(self.tr("Overall kappa {k}; the same codes in {p:.0f} % of the "
                                     "slices").format(k=num(r.kappa),
                                                      p=100 * r.percent_agreement))
        self.table.setRowCount(len(r.codes))
        for row, code in enumerate(r.codes):
            for col, value in enumerate((code.code, num(code.kappa), num(code.f1),
                                         f"{code.events_a} / {code.events_b}")):
                self.table.setItem(row, col, QTableWidgetItem(value))
        for d in c.differences:
            item = QListWidgetItem(f"{clock(d.at_ms)}  {self.kind_title(d.kind)}: "
                                   f"{d.code_a or '-'} / {d.code_b or '-'}")
            item.setForeground(QColor(KIND_COLOURS[d.kind]))
            self.diff_list.addItem(item)
        if before is not None and before in c.differences:
            self.diff_list.blockSignals(True)
            self.diff_list.setCurrentRow(c.differences.index(before))
            self.diff_list.blockSignals(False)
            self.tracks.current = c.differences[c.differences.index(before)]

    def _show_comments(self, comments: list[Any]) -> None:
        self.comment_list.clear()
        for c in comments:
            flags = ""
            if c.annotation_deleted:
                flags += self.tr(" (annotation deleted)")
            if c.resolved:
                flags += self.tr(" [resolved]")
            item = QListWidgetItem(f"{'    ' * c.depth}{clock(c.at_ms)}  {c.author}: "
                                   f"{c.text}{flags}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.comment_list.addItem(item)

    def _data_changed(self, changes: Any) -> None:
        if changes is None or (changes.touches(Subject.ANNOTATIONS, Subject.REVIEW)
                               and changes.recording_id in (None, self.recording_id)):
            self.refresh()

    # -- moving through the differences --------------------------------------------------
    def step(self, forward: bool) -> None:
        """Select the next (previous) disagreement: after the selected one, else after the
        playhead."""
        diffs = self.tracks.differences
        if not diffs:
            return
        if self.tracks.current is not None:
            j = diffs.index(self.tracks.current) + (1 if forward else -1)
            if 0 <= j < len(diffs):
                self.diff_list.setCurrentRow(j)
            return
        playhead = self.state.playhead_ms
        found = neighbour(diffs, playhead - 1 if forward else playhead + 1, forward)
        if found is not None:
            self.diff_list.setCurrentRow(diffs.index(found))

    def _diff_chosen(self, row: int) -> None:
        if 0 <= row < len(self.tracks.differences):
            self.tracks.current = self.tracks.differences[row]
            self._seek(self.tracks.current.at_ms)
            self.tracks.update()

    def _seek(self, ms: int) -> None:
        self.state.set_playhead(ms)

    def _playhead(self, ms: int) -> None:
        self.tracks.playhead = ms
        self.tracks.update()

    # -- writing ---------------------------------------------------------------------------
    def add_comment(self, reply: bool = False) -> None:
        text = self.comment_text.text().strip()
        if not text:
            return
        item = self.comment_list.currentItem()
        parent = item.data(Qt.ItemDataRole.UserRole) if reply and item is not None else None
        at = self.tracks.current.at_ms if self.tracks.current else self.state.playhead_ms
        rid, actor = self.recording_id, self.state.actor
        run_in_background(
            self, lambda _p, _c: review.add_comment(
                self.app, actor, rid, text, at_ms=None if parent else at, parent_id=parent),
            title=self.tr("Saving the comment"), state=self.state, show_progress=False,
            on_success=lambda _v: self.comment_text.clear())

    def resolve_comment(self) -> None:
        item = self.comment_list.currentItem()
        if item is None:
            return
        comment_id, actor = item.data(Qt.ItemDataRole.UserRole), self.state.actor
        run_in_background(self, lambda _p, _c: review.resolve(self.app, actor, comment_id),
                          title=self.tr("Saving"), state=self.state, show_progress=False)

    def approve(self) -> None:
        coder, actor, rid = self.coder_box.currentText(), self.state.actor, self.recording_id
        run_in_background(self, lambda _p, _c: review.approve(self.app, actor, rid, coder),
                          title=self.tr("Approving"), state=self.state, show_progress=False)


def open_review(window: Any) -> ReviewView | None:
    """The main window's Review action: a review window for the open recording."""
    recording = window.state.recording
    if recording is None:
        window.state.statusMessage.emit(window.tr("Open a recording to review its coding"))
        return None
    view = getattr(window, "review_view", None)
    if view is not None:
        with contextlib.suppress(RuntimeError):  # deleted when closed
            if view.isVisible() and view.recording_id == recording.id:
                view.raise_()
                view.activateWindow()
                return view
            view.close()
    view = ReviewView(window.app, window.state, recording.id, recording.duration_ms, window)
    # Closed is gone: a closed review window must not keep reading and comparing on every
    # edit of the main window.
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view.resize(1000, 640)
    view.show()
    window.review_view = view
    return view
