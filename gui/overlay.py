"""The analysis overlay: skeletons, face boxes and head-gaze rays drawn over the video.

Shapes come from :func:`analysis.overlay.overlay_at` for the playhead's time, in the source
video's pixels; :class:`OverlayLayer` is a transparent widget laid over the player's picture
that maps them onto the letter-boxed frame. The results are loaded in the background when a
recording opens (and after an analysis run). The toggle (Ctrl+Shift+O) switches it on and off;
"Analyse this recording" runs :func:`analysis.job.analyse_recording` with progress and Cancel.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from services import analysis as analysis_service
from services.changes import Changes, Subject

from .actions import make_action
from .operations import run_in_background
from .state import GuiState, RecordingView

# One colour per role, bright on any footage (drawn on video, not on the palette).
ROLE_COLOURS = {"adult": QColor(255, 170, 0), "child": QColor(0, 200, 255)}


def load_overlay_results(app, recording_id: int, actor: str | None = None):  # noqa: ANN001, ANN201
    """The recording's stored analysis (``AnalysisResult``) or None."""
    return analysis_service.results(app, actor, recording_id)


def frame_rect(area: QRectF, width: int, height: int) -> QRectF:
    """Where a ``width`` x ``height`` frame lands when fitted into ``area`` (aspect kept)."""
    if width <= 0 or height <= 0 or area.width() <= 0 or area.height() <= 0:
        return QRectF(area)
    scale = min(area.width() / width, area.height() / height)
    w, h = width * scale, height * scale
    return QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h)


class OverlayLayer(QWidget):
    """The transparent painted layer over the player's picture."""

    def __init__(self, host: QWidget, overlay: VideoOverlay) -> None:
        super().__init__(host)
        self.overlay = overlay
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.shapes: list[Any] = []
        host.installEventFilter(self)
        self.setGeometry(host.rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        view = self.overlay.state.recording
        result = self.overlay.result
        if view is None or result is None or not self.shapes:
            return
        width = result.width or view.width
        height = result.height or view.height
        target = frame_rect(QRectF(self.rect()), width, height)
        sx, sy = target.width() / max(1, width), target.height() / max(1, height)

        def point(xy: tuple[float, float]) -> QPointF:
            return QPointF(target.x() + xy[0] * sx, target.y() + xy[1] * sy)

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        thick = max(1.5, target.height() / 220)
        for shape in self.shapes:
            colour = ROLE_COLOURS.get(shape.role, QColor(255, 255, 255))
            pen = QPen(colour, thick)
            if shape.kind == "ray":
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            if shape.kind in ("line", "ray"):
                painter.drawLine(point(shape.points[0]), point(shape.points[1]))
            elif shape.kind == "box":
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(QRectF(point(shape.points[0]), point(shape.points[1])))
            elif shape.kind == "label" and shape.text:
                at = point(shape.points[0])
                painter.fillRect(QRectF(at.x(), at.y() - 16, 8 * len(shape.text) + 8, 16),
                                 QColor(0, 0, 0, 150))
                painter.drawText(QPointF(at.x() + 4, at.y() - 4), shape.text)
        painter.end()


class VideoOverlay(QObject):
    """Owns the toggle, the loaded results and the layer over ``player.screen_stack``."""

    def __init__(self, app, state: GuiState, player: Any) -> None:  # noqa: ANN001
        super().__init__(player)
        self.app, self.state, self.player = app, state, player
        self.result = None
        self.result_for: int | None = None
        host = getattr(player, "screen_stack", player)
        self.layer = OverlayLayer(host, self)
        self.layer.hide()
        self.toggle_action = make_action(self, "view.overlay")
        self.toggle_action.setCheckable(True)
        self.toggle_action.toggled.connect(self.set_enabled)
        self.analyse_action = make_action(self, "view.analyse", self.analyse)
        # The timeline's cue and voice lanes follow this toggle (issue 14: they disappear
        # with the overlay, so that the coded moments keep the timeline).
        state.set_analysis_shown(self.enabled)
        state.recordingChanged.connect(self._recording_changed)
        state.playheadChanged.connect(lambda _ms: self.refresh())
        state.dataChanged.connect(self._data_changed)

    @property
    def enabled(self) -> bool:
        return self.toggle_action.isChecked()

    def set_enabled(self, on: bool) -> None:
        if self.toggle_action.isChecked() != on:
            self.toggle_action.setChecked(on)  # comes back here through toggled
            return
        self.layer.setVisible(on)
        self.state.set_analysis_shown(on)
        if on:
            self.layer.setGeometry(self.layer.parentWidget().rect())
            self.layer.raise_()
            self._load()
        self.refresh()

    def _recording_changed(self, _view: RecordingView | None) -> None:
        self.result, self.result_for = None, None
        self.layer.shapes = []
        if self.enabled:
            self._load()
        self.layer.update()

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(Subject.DERIVATIVES, Subject.ANALYSIS) and self.enabled:
            self.result_for = None
            self._load()

    def _load(self):  # noqa: ANN202
        view = self.state.recording
        if view is None or self.result_for == view.id:
            return None
        recording_id = view.id

        def loaded(result: Any) -> None:
            if self.state.recording_id != recording_id:
                return
            self.result, self.result_for = result, recording_id
            if result is None:
                self.state.statusMessage.emit(self.tr(
                    "This recording has not been analysed yet: Analyse this recording first"))
            self.refresh()

        actor = self.state.actor
        return run_in_background(self.player, lambda _p, _c: load_overlay_results(
            self.app, recording_id, actor), title=self.tr("Loading the analysis"),
            show_progress=False, on_success=loaded)

    def refresh(self) -> None:
        if not self.enabled or self.result is None:
            if self.layer.shapes:
                self.layer.shapes = []
                self.layer.update()
            return
        from analysis.overlay import overlay_at

        self.layer.shapes = overlay_at(self.result, self.state.playhead_ms / 1000)
        self.layer.update()

    def analyse(self):  # noqa: ANN201
        view = self.state.recording
        if view is None:
            self.state.statusMessage.emit(self.tr("Open a recording to analyse it"))
            return None
        def done(_result: Any) -> None:
            self.result_for = None
            self.set_enabled(True)
            self._load()

        return run_in_background(
            self.player, lambda p, c: analysis_service.analyse(self.app, self.state.actor,
                                                               view.id, p, c),
            title=self.tr("Analysing {name}").replace("{name}", view.name), state=self.state,
            on_success=done)
