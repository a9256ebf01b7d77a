"""The timeline: tracks of coded events, then the analysis lanes, under the player.

The coded moments' tracks come first. Below them, when the analysis display is on
(``GuiState.analysis_shown``, the overlay toggle), one compact **Cues** lane shows the
suggested moments as bands over a mutual-gaze strip; clicking its label expands it to the full
cue plots. Clicking a suggestion band plays it (seek to its start, then play). When the sound
was analysed, a **Sound** lane draws the waveform and the **voice** rows (adult, child, not
told apart) draw a block per vocalisation, more opaque the surer the analysis is. A "to work
on" moment is drawn hollow (an outlined box, or a downward triangle for a point) so that it
never looks like a strength (filled box, filled diamond).

Custom-painted (no item per event): :class:`EventIndex` keeps each track's events sorted by
start, so a repaint only looks at what is visible (bisect) and draws at most one mark per pixel
column when zoomed out; 10,000 events repaint in a few milliseconds. Zoom spans the whole
recording down to single frames (Ctrl+wheel, +/-, Ctrl+0 fits). Clicking seeks to the frame
under the mouse; dragging an event (or an interval's edge) asks for a move/resize, which goes
through the annotation engine's ``AnnotationEditor`` so it can be undone.
"""

from __future__ import annotations

import bisect
import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QFrame, QMenu, QScrollArea, QScrollBar, QVBoxLayout, QWidget

from services import review as review_service
from services.changes import Subject

from . import timeline_lanes as lanes
from .actions import matches
from .state import GuiState, RecordingView
from .timeline_model import (  # noqa: F401 - re-exported: the timeline's public model
    CueTrack,
    EventIndex,
    SuggestionBand,
    TimelineEvent,
    VoiceBlock,
    Waveform,
    events_from_annotations,
    runs_of,
)

RULER_H = 22
TRACK_H = 22
CUE_H = 30
CUES_H = 24  # the compact cues lane: suggestion bands over a mutual-gaze strip
GAZE_H = 5
WAVE_H = 26
VOICE_H = 13
MUTUAL_GAZE = "mutual gaze"
LABEL_W = 170
EDGE_PX = 5  # how close to an interval's edge a press resizes instead of moving


class TimelineCanvas(QWidget):
    """The painted part; the view range is ``start_ms`` + ``ms_per_px`` × width."""

    def __init__(self, timeline: Timeline) -> None:
        super().__init__(timeline)
        self.timeline = timeline
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._drag: tuple[str, TimelineEvent, float] | None = None  # mode, event, press ms
        self._preview: tuple[int, int, int | None] | None = None  # id, start, end
        self.last_paint_count = 0

    # -- geometry -----------------------------------------------------------------------------
    def x_of(self, ms: float) -> float:
        t = self.timeline
        return LABEL_W + (ms - t.start_ms) / t.ms_per_px

    def ms_at(self, x: float) -> float:
        t = self.timeline
        return t.start_ms + (x - LABEL_W) * t.ms_per_px

    def rows(self) -> list[tuple[str, str, float, float]]:
        """(kind, name, top, height) of every row under the ruler: coded tracks first."""
        t = self.timeline
        out, y = [], RULER_H
        for track in t.index.tracks:
            out.append(("track", track, y, TRACK_H))
            y += TRACK_H
        if not t.state.analysis_shown:
            return out
        if t.suggestions or t.cues:
            arrow = "\u25be " if t.cues_expanded else "\u25b8 "
            out.append(("cues", arrow + self.tr("Cues"), y, CUES_H))
            y += CUES_H
            if t.cues_expanded:
                for cue in t.cues:
                    out.append(("cue", cue.name, y, CUE_H))
                    y += CUE_H
        if t.waveform is not None:
            out.append(("wave", self.tr("Sound"), y, WAVE_H))
            y += WAVE_H
        names = {"adult": self.tr("Adult voice"), "child": self.tr("Child voice"),
                 "unknown": self.tr("Voice (not told)")}
        present = {b.row for b in t.voices}
        for row in ("adult", "child", "unknown"):
            if row in present or (row != "unknown" and t.voices):
                out.append(("voice:" + row, names[row], y, VOICE_H))
                y += VOICE_H
        return out

    def hit(self, x: float, y: float) -> tuple[str, object] | None:
        for kind, name, top, height in self.rows():
            if not top <= y < top + height:
                continue
            ms = self.ms_at(x)
            slack = EDGE_PX * self.timeline.ms_per_px
            if kind == "track":
                for event in reversed(self.timeline.index.visible(name, ms - slack, ms + slack)):
                    return ("event", event)
            elif kind == "cues" and y < top + height - GAZE_H:
                # The shortest band under the mouse: a short moment inside a long one
                # stays reachable.
                under = [b for b in self.timeline.suggestions
                         if b.start_ms - slack <= ms <= b.end_ms + slack]
                if under:
                    return ("suggestion", min(under, key=lambda b: b.end_ms - b.start_ms))
            return None
        return None

    # -- painting -------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802
        t = self.timeline
        painter = QPainter(self)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        text = pal.color(QPalette.ColorRole.Text)
        mid = pal.color(QPalette.ColorRole.Mid)
        t0, t1 = self.ms_at(LABEL_W), self.ms_at(self.width())
        drawn = 0
        for kind, name, top, height in self.rows():
            painter.setPen(mid)
            painter.drawLine(0, int(top + height), self.width(), int(top + height))
            painter.setPen(text)
            label = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle,
                                                     LABEL_W - 8)
            painter.drawText(QRectF(4, top, LABEL_W - 8, height),
                             Qt.AlignmentFlag.AlignVCenter, label)
            painter.setClipRect(QRectF(LABEL_W, top, self.width() - LABEL_W, height))
            if kind == "track":
                drawn += self._paint_track(painter, name, top, height, t0, t1)
            elif kind == "cue":
                self._paint_cue(painter, next(c for c in t.cues if c.name == name), top, height,
                                t0, t1)
            elif kind == "cues":
                self._paint_suggestions(painter, top, height - GAZE_H)
                lanes.paint_gaze_strip(self, painter, top + height - GAZE_H, GAZE_H - 1)
            elif kind == "wave":
                lanes.paint_wave(self, painter, top, height, t0, t1)
            elif kind.startswith("voice:"):
                lanes.paint_voices(self, painter, kind.split(":", 1)[1], top, height)
            painter.setClipping(False)
        # The ruler stays at the top of what is visible when many tracks scroll vertically.
        ruler_top = self.visibleRegion().boundingRect().top()
        painter.translate(0, ruler_top)
        painter.fillRect(QRectF(0, 0, self.width(), RULER_H), pal.color(QPalette.ColorRole.Base))
        self._paint_ruler(painter, t0, t1, text, mid)
        painter.translate(0, -ruler_top)
        if t.recording is not None:
            painter.setPen(QPen(QColor("#e4572e"), 2))
            x = self.x_of(t.state.playhead_ms)
            if LABEL_W <= x <= self.width():
                painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.end()
        self.last_paint_count = drawn

    def _paint_ruler(self, painter: QPainter, t0: float, t1: float, text: QColor,
                     mid: QColor) -> None:
        t = self.timeline
        painter.setPen(mid)
        painter.drawLine(0, RULER_H, self.width(), RULER_H)
        if t.recording is None:
            return
        # A tick step giving labels at least ~80 px apart: frames when zoomed right in.
        frame = t.recording.frame_ms
        steps = [frame, 2 * frame, 5 * frame, 10 * frame] + [
            s * 1000 for s in (0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600)]
        step = next((s for s in steps if s / t.ms_per_px >= 80), steps[-1])
        first = math.floor(max(0.0, t0) / step)
        painter.setPen(text)
        n = first
        while n * step <= t1:
            ms = n * step
            x = self.x_of(ms)
            painter.drawLine(QPointF(x, RULER_H - 6), QPointF(x, RULER_H))
            if step < 1000:
                label = self.tr("f{n}").replace("{n}", str(t.recording.frame_at(int(ms))))
                if step >= 0.5 * 1000:
                    label = f"{ms / 1000:.1f}s"
            else:
                s = int(ms // 1000)
                label = f"{s // 60}:{s % 60:02d}"
            painter.drawText(QPointF(x + 2, RULER_H - 8), label)
            n += 1

    def _paint_track(self, painter: QPainter, track: str, top: float, height: float,
                     t0: float, t1: float) -> int:
        t = self.timeline
        selected = set(t.state.selection)
        last_x = -1
        drawn = 0
        # Batched by colour: one drawRects and one drawPath per colour, not one call per event.
        rects: dict[str, list[QRectF]] = {}
        points: dict[str, list[float]] = {}
        hollow_rects: dict[str, list[QRectF]] = {}  # "to work on": outlined, not filled
        hollow_points: dict[str, list[float]] = {}
        chosen: list[tuple[str, float, float | None]] = []
        r = min(6.0, height / 2 - 2)
        cy = top + height / 2
        origin, scale = t.start_ms, 1.0 / t.ms_per_px  # x_of, inlined: this loop is hot
        for event in t.index.visible(track, t0, t1):
            start, end = event.start_ms, event.end_ms
            if self._preview is not None and self._preview[0] == event.id:
                start, end = self._preview[1], self._preview[2]
            x0 = LABEL_W + (start - origin) * scale
            x1 = LABEL_W + (end - origin) * scale if end is not None else x0
            # Zoomed out, thousands of events share pixel columns: draw one mark per column.
            if int(x1) <= last_x and event.id not in selected:
                continue
            last_x = int(x1)
            drawn += 1
            work_on = event.valence == "work_on"
            if event.id in selected:
                chosen.append((event.colour, x0, None if end is None else x1))
            elif end is None:
                (hollow_points if work_on else points).setdefault(event.colour, []).append(x0)
            else:
                (hollow_rects if work_on else rects).setdefault(event.colour, []).append(
                    QRectF(x0, top + 3, max(1.0, x1 - x0), height - 6))
        many = sum(len(xs) for xs in points.values()) > 300
        for colour in set(rects) | set(points):
            fill = QColor(colour)
            painter.setPen(QPen(fill.darker(130), 1))
            painter.setBrush(QBrush(fill))
            if colour in rects:
                painter.drawRects(rects[colour])
            if many:  # dense: a tick per point event (diamonds would only overlap)
                painter.setPen(QPen(fill, 2))
                painter.drawLines([QLineF(x, cy - r, x, cy + r) for x in points.get(colour, [])])
            else:
                for x in points.get(colour, []):
                    painter.drawPolygon(QPolygonF([QPointF(x, cy - r), QPointF(x + r, cy),
                                                   QPointF(x, cy + r), QPointF(x - r, cy)]))
        base = t.palette().color(QPalette.ColorRole.Base)
        for colour in set(hollow_rects) | set(hollow_points):
            edge = QColor(colour)
            painter.setPen(QPen(edge, 2, Qt.PenStyle.DashLine))
            painter.setBrush(QBrush(base))
            if colour in hollow_rects:
                painter.drawRects([rect.adjusted(1, 1, -1, -1) if rect.width() > 3 else rect
                                   for rect in hollow_rects[colour]])
            painter.setPen(QPen(edge, 2))
            for x in hollow_points.get(colour, []):  # a downward triangle, not a diamond
                painter.drawPolygon(QPolygonF([QPointF(x - r, cy - r), QPointF(x + r, cy - r),
                                               QPointF(x, cy + r)]))
        highlight = QPen(t.palette().color(QPalette.ColorRole.Highlight), 2)
        for colour, x0, x1 in chosen:
            painter.setPen(highlight)
            painter.setBrush(QBrush(QColor(colour)))
            if x1 is None:
                path = QPainterPath()
                path.moveTo(x0, cy - r)
                path.lineTo(x0 + r, cy)
                path.lineTo(x0, cy + r)
                path.lineTo(x0 - r, cy)
                path.closeSubpath()
                painter.drawPath(path)
            else:
                painter.drawRect(QRectF(x0, top + 2, max(2.0, x1 - x0), height - 4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        return drawn

    def _paint_cue(self, painter: QPainter, cue: CueTrack, top: float, height: float,
                   t0: float, t1: float) -> None:
        lo = max(0, bisect.bisect_left(cue.times_ms, t0) - 1)
        hi = min(len(cue.times_ms), bisect.bisect_right(cue.times_ms, t1) + 1)
        step = max(1, (hi - lo) // max(1, self.width()))  # at most ~one point per pixel
        points = [QPointF(self.x_of(cue.times_ms[i]), top + height - 2 - (height - 4) * v)
                  for i in range(lo, hi, step)
                  if not math.isnan(v := cue.values[i])]
        painter.setPen(QPen(QColor("#55a868"), 1.2))
        if len(points) > 1:
            painter.drawPolyline(QPolygonF(points))

    def _paint_suggestions(self, painter: QPainter, top: float, height: float) -> None:
        for band in self.timeline.suggestions:
            colour = QColor({"accepted": "#55a868", "dismissed": "#999999"}
                            .get(band.status, "#dd8452"))
            colour.setAlpha(110)
            painter.setPen(QPen(colour.darker(150), 1, Qt.PenStyle.DashLine))
            painter.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern
                                    if band.status == "open" else Qt.BrushStyle.SolidPattern))
            x0, x1 = self.x_of(band.start_ms), self.x_of(band.end_ms)
            painter.drawRect(QRectF(x0, top + 2, max(2.0, x1 - x0), height - 4))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    # -- mouse ----------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802
        t = self.timeline
        x, y = event.position().x(), event.position().y()
        self.timeline.setFocus()
        if x < LABEL_W:
            if any(kind == "cues" and top <= y < top + height
                   for kind, _n, top, height in self.rows()):
                t.set_cues_expanded(not t.cues_expanded)
            return
        if t.recording is None:
            return
        found = self.hit(x, y)
        if event.button() == Qt.MouseButton.RightButton:
            if found and found[0] == "suggestion":
                t.suggestion_menu(found[1], event.globalPosition().toPoint())
            return
        if found and found[0] == "suggestion":
            t.play_suggestion(found[1])  # type: ignore[arg-type]
            return
        if found and found[0] == "event":
            ev: TimelineEvent = found[1]  # type: ignore[assignment]
            t.state.set_selection([ev.id])
            mode = "move"
            if ev.end_ms is not None:
                if abs(x - self.x_of(ev.start_ms)) <= EDGE_PX:
                    mode = "start"
                elif abs(x - self.x_of(ev.end_ms)) <= EDGE_PX:
                    mode = "end"
            self._drag = (mode, ev, self.ms_at(x))
            return
        t.seek_to(self.ms_at(x))

    def mouseMoveEvent(self, event) -> None:  # noqa: ANN001, N802
        x = event.position().x()
        if self._drag is None:
            if event.buttons() & Qt.MouseButton.LeftButton and x >= LABEL_W:
                self.timeline.seek_to(self.ms_at(x))  # scrubbing
            return
        mode, ev, pressed = self._drag
        delta = self.ms_at(x) - pressed
        self._preview = (ev.id, *self.timeline.dragged(ev, mode, delta))
        self.update()

    def mouseReleaseEvent(self, _event) -> None:  # noqa: ANN001, N802
        if self._drag is not None and self._preview is not None:
            _id, start, end = self._preview
            ev = self._drag[1]
            if (start, end) != (ev.start_ms, ev.end_ms):
                self.timeline.eventEditRequested.emit(ev.id, start, end if end is not None else -1)
        self._drag = None
        self._preview = None
        self.update()

    def wheelEvent(self, event) -> None:  # noqa: ANN001, N802
        delta = event.angleDelta().y() or event.angleDelta().x()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.timeline.zoom(0.8 if delta > 0 else 1.25, self.ms_at(event.position().x()))
        else:
            self.timeline.scroll_by(-delta / 120 * 60 * self.timeline.ms_per_px)


class Timeline(QWidget):
    """Canvas plus a horizontal scroll bar; owns the view range and the event index."""

    eventEditRequested = Signal(int, int, int)  # annotation id, start ms, end ms (-1: a point)
    suggestionDecided = Signal(int, str)  # suggestion id, "accepted" | "dismissed"

    def __init__(self, app, state: GuiState, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.app, self.state = app, state
        self.recording: RecordingView | None = None
        self.coder: str | None = None  # one coding set (services.review); None: all, as ever
        self.index = EventIndex()
        self.cues: list[CueTrack] = []
        self.suggestions: list[SuggestionBand] = []
        self.gaze_runs: list[tuple[float, float]] = []  # mutual gaze, for the cues lane
        self.waveform: Waveform | None = None
        self.voices: list[VoiceBlock] = []
        self.cues_expanded = False
        self.start_ms = 0.0
        self.ms_per_px = 40.0
        self.setObjectName("timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(150)
        self.canvas = TimelineCanvas(self)
        # Many tracks scroll vertically; time scrolls with our own bar (it is in ms, not px).
        self.area = QScrollArea(self)
        self.area.setWidget(self.canvas)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scrollbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.scrollbar.valueChanged.connect(self._scrolled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.scrollbar)
        state.recordingChanged.connect(self.set_recording)
        state.playheadChanged.connect(self._playhead_moved)
        state.selectionChanged.connect(lambda _ids: self.canvas.update())
        state.dataChanged.connect(self._data_changed)
        state.analysisShownChanged.connect(lambda _on: self._fit_height())

    # -- content ----------------------------------------------------------------------------
    def set_recording(self, recording: RecordingView | None) -> None:
        self.recording = recording
        self.index = EventIndex()
        self.cues, self.suggestions, self.gaze_runs = [], [], []
        self.waveform, self.voices = None, []
        if recording is not None:
            self.reload()
            self.fit()
        self.canvas.update()

    def reload(self) -> None:
        """Read the open recording's events, suggestions and cues again (see timeline_data)."""
        from . import timeline_data

        if self.recording is None:
            return
        self.set_events(events_from_annotations(
            timeline_data.annotations(self.app, self.state, self.recording.id)
            if self.coder is None else review_service.set_annotations(
                self.app, self.state.actor, self.recording.id, self.coder)))
        actor = self.state.actor  # the same person's access for every lane
        self.suggestions = timeline_data.suggestions(self.app, self.recording.id, actor)
        self.set_cues(timeline_data.cue_tracks(self.app, self.recording.id, actor))
        self.waveform, self.voices = timeline_data.sound_lanes(self.app, self.recording.id,
                                                               actor)
        self._fit_height()

    def set_cues(self, cues: list[CueTrack]) -> None:
        self.cues = cues
        gaze = next((c for c in cues if c.name == MUTUAL_GAZE), None)
        self.gaze_runs = runs_of(gaze) if gaze is not None else []
        self._fit_height()

    def set_cues_expanded(self, on: bool) -> None:
        """Show the full cue plots under the compact cues lane (or fold them away)."""
        self.cues_expanded = on
        self._fit_height()

    def show_set(self, coder: str | None) -> None:
        """Show one coder's set (None: every annotation of the recording)."""
        self.coder = coder
        self.reload()
        self.canvas.update()

    def set_events(self, events: list[TimelineEvent]) -> None:
        self.index = EventIndex.build(events)
        self._fit_height()

    def _fit_height(self) -> None:
        rows = self.canvas.rows()
        self.canvas.setMinimumHeight(int(rows[-1][2] + rows[-1][3]) + 4 if rows else RULER_H)
        self.canvas.update()

    def _data_changed(self, changes) -> None:  # noqa: ANN001
        if self.recording is not None and changes.touches(
                Subject.ANNOTATIONS, Subject.SUGGESTIONS, Subject.ANALYSIS):
            self.reload()

    # -- view range ---------------------------------------------------------------------------
    @property
    def visible_width(self) -> int:
        return max(1, self.canvas.width() - LABEL_W)

    def _limits(self) -> tuple[float, float]:
        if self.recording is None:
            return 0.01, 1e6
        most = max(1.0, self.recording.duration_ms / self.visible_width)
        least = self.recording.frame_ms / 40  # one frame is 40 px at the deepest zoom
        return least, max(least, most)

    def fit(self) -> None:
        self.ms_per_px = self._limits()[1]
        self.start_ms = 0.0
        self._update_scrollbar()

    def zoom(self, factor: float, around_ms: float | None = None) -> None:
        around = self.state.playhead_ms if around_ms is None else around_ms
        x = (around - self.start_ms) / self.ms_per_px
        least, most = self._limits()
        self.ms_per_px = min(most, max(least, self.ms_per_px * factor))
        self.start_ms = around - x * self.ms_per_px
        self._update_scrollbar()

    def zoom_to_frames(self) -> None:
        self.zoom(self._limits()[0] / self.ms_per_px)

    def scroll_by(self, delta_ms: float) -> None:
        self.start_ms += delta_ms
        self._update_scrollbar()

    def _update_scrollbar(self) -> None:
        duration = self.recording.duration_ms if self.recording else 0
        span = self.visible_width * self.ms_per_px
        self.start_ms = max(0.0, min(self.start_ms, max(0.0, duration - span)))
        self.scrollbar.blockSignals(True)
        self.scrollbar.setRange(0, int(max(0, duration - span)))
        self.scrollbar.setPageStep(int(span))
        self.scrollbar.setSingleStep(max(1, int(span / 20)))
        self.scrollbar.setValue(int(self.start_ms))
        self.scrollbar.blockSignals(False)
        self.canvas.update()

    def _scrolled(self, value: int) -> None:
        self.start_ms = float(value)
        self.canvas.update()

    def _playhead_moved(self, ms: int) -> None:
        span = self.visible_width * self.ms_per_px
        if not self.start_ms <= ms <= self.start_ms + span:  # keep the playhead in view
            self.start_ms = ms - span * 0.25
            self._update_scrollbar()
        else:
            self.canvas.update()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self.ms_per_px = min(max(self.ms_per_px, self._limits()[0]), self._limits()[1])
        self._update_scrollbar()

    # -- actions ----------------------------------------------------------------------------
    def seek_to(self, ms: float) -> None:
        """Seek to the start of the frame under ``ms`` (frame-accurate)."""
        if self.recording is not None:
            self.state.set_playhead(self.recording.ms_of(self.recording.frame_at(int(ms))))

    def dragged(self, ev: TimelineEvent, mode: str, delta: float) -> tuple[int, int | None]:
        """Where a drag of ``delta`` ms puts an event, snapped to frames and kept inside."""
        rec = self.recording
        assert rec is not None

        def snap(ms: float) -> int:
            return rec.ms_of(rec.frame_at(int(max(0.0, min(ms, rec.duration_ms)))))
        if mode == "start":
            return min(snap(ev.start_ms + delta), ev.stop_ms), ev.end_ms
        if mode == "end":
            return ev.start_ms, max(snap(ev.stop_ms + delta), ev.start_ms)
        length = ev.stop_ms - ev.start_ms
        start = snap(min(ev.start_ms + delta, rec.duration_ms - length))
        return start, (start + length if ev.end_ms is not None else None)

    def play_suggestion(self, band: SuggestionBand) -> None:
        """Play a suggested moment: seek to its start, then ask the player to play."""
        self.seek_to(band.start_ms)
        self.state.request_play()

    def suggestion_menu(self, band: SuggestionBand, where) -> None:  # noqa: ANN001
        menu = QMenu(self)
        menu.addAction(self.tr("Accept suggestion"),
                       lambda: self.suggestionDecided.emit(band.id, "accepted"))
        menu.addAction(self.tr("Dismiss suggestion"),
                       lambda: self.suggestionDecided.emit(band.id, "dismissed"))
        menu.popup(where)

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802
        if matches("timeline.zoom_in", event):
            self.zoom(0.5)
        elif matches("timeline.zoom_out", event):
            self.zoom(2.0)
        elif matches("timeline.fit", event):
            self.fit()
        elif matches("timeline.frames", event):
            self.zoom_to_frames()
        else:
            super().keyPressEvent(event)
