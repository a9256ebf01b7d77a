"""Presentation mode: the visit's feedback plan, full screen, for watching with the parent.

Plays the plan clip by clip from the source recordings (QMediaPlayer into a video sink, so the
caption is painted over the picture in large type), each clip from its start minus lead-in to
its end plus lead-out. After each clip it pauses on a calm card so there is time to talk;
Space, Right or PageDown (what presentation clickers send) go on, Left or PageUp go back to the
previous clip, R plays the current clip again, Esc leaves. Only the caption and the theme are
shown: the clinician's notes and comments never reach this screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from vfeedback.i18n import family_language, using
from vfeedback.models import Visit

from .operations import show_error
from .player import load_multimedia
from .state import GuiState

BACKGROUND = QColor(12, 14, 16)  # a dark room picture: the video is the light source
CARD = QColor(38, 70, 83)  # the reel's calm teal title cards (sessions.reel.CARD_BACKGROUND)
CARD_TEXT = QColor(250, 246, 238)
NEXT_KEYS = {Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Down,
             Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_N}
BACK_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Backspace,
             Qt.Key.Key_P}


@dataclass(frozen=True)
class ShowClip:
    recording_id: int
    store_key: str
    start_ms: int  # with lead-in, clamped to the recording
    end_ms: int  # with lead-out
    caption: str
    theme: str  # the theme's title, for the card before it


@dataclass(frozen=True)
class Show:
    title: str
    clips: tuple[ShowClip, ...]
    language: str | None = None  # the family's (Case.family_language); None: the app's


def load_show(app, visit_id: int) -> Show:  # noqa: ANN001 - vfeedback.app.App
    """What the parent will see: times, captions and theme titles only (no notes)."""
    from sessions.plan import clip_range
    from sessions.themes import theme_title

    language = family_language(app, visit_id)
    with app.db.session() as session, using(language):
        visit = session.get(Visit, visit_id)
        plan = visit.plan if visit is not None else None
        if plan is None:
            return Show("", ())
        clips = []
        for clip in plan.clips:
            span = clip_range(clip)
            clips.append(ShowClip(clip.recording_id, clip.recording.store_key, span.start_ms,
                                  span.end_ms, "\n".join(filter(None, (  # bilingual: both
                                      clip.caption.strip(), clip.caption_second.strip()))),
                                  theme_title(clip.theme) if clip.theme else ""))
        return Show(plan.title or theme_title(visit.theme or "free"), tuple(clips), language)


class Presentation(QWidget):
    """The full-screen show. ``phase`` is ``"start"``, ``"playing"``, ``"pause"`` or ``"end"``."""

    phaseChanged = Signal(str, int)  # phase, clip index

    def __init__(self, app, show: Show, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presentation")
        self.setWindowTitle(self.tr("Presentation"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.app, self.show_data = app, show
        self.index = 0
        self.phase = "start"
        self.frame: QImage | None = None
        self.media = None
        self._source: str | None = None
        self._paths: dict[str, str] = {}
        classes = load_multimedia()
        if classes is not None:
            from PySide6.QtMultimedia import QVideoSink

            media_player, audio_output, _widget = classes
            self.media = media_player(self)
            self.audio = audio_output(self)
            self.media.setAudioOutput(self.audio)
            self.sink = QVideoSink(self)
            self.media.setVideoSink(self.sink)
            self.sink.videoFrameChanged.connect(self._frame)
            self.media.positionChanged.connect(self._position)
        # The position signal is coarse and stops at the file's end; a timer also checks.
        self._watch = QTimer(self, interval=40)
        self._watch.timeout.connect(lambda: self._position(self.position()))

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        """The parent's screen speaks the family's language, not necessarily the app's."""
        from .translations import translate_in

        show = getattr(self, "show_data", None)
        if show is not None and show.language:
            return translate_in(show.language, text)
        return super().tr(text, disambiguation, n)

    # -- what is shown --------------------------------------------------------------------------
    @property
    def clip(self) -> ShowClip | None:
        clips = self.show_data.clips
        return clips[self.index] if 0 <= self.index < len(clips) else None

    def position(self) -> int:
        return int(self.media.position()) if self.media is not None else 0

    def _set_phase(self, phase: str) -> None:
        self.phase = phase
        self.update()
        self.phaseChanged.emit(phase, self.index)

    def visible_texts(self) -> list[str]:
        """Every text on screen now (tests check that no note ever appears)."""
        clip = self.clip
        if self.phase == "start":
            return [self.show_data.title, self.tr("Press Space to begin")]
        if self.phase == "end":
            return [self.tr("That's all — thank you for watching together"),
                    self.tr("Esc to leave, Left to see the last moment again")]
        if self.phase == "pause" and clip is not None:
            following = self.show_data.clips[self.index + 1] \
                if self.index + 1 < len(self.show_data.clips) else None
            texts = [self.tr("Moment {n} of {total}").replace("{n}", str(self.index + 1))
                     .replace("{total}", str(len(self.show_data.clips))),
                     self.tr("Space: next moment · Left: back · R: again")]
            if following is not None and following.theme and following.theme != clip.theme:
                texts.append(self.tr("Next: {theme}").replace("{theme}", following.theme))
            return texts
        return [clip.caption] if clip is not None and clip.caption else []

    # -- playing ------------------------------------------------------------------------------------
    def _path(self, clip: ShowClip) -> str:
        if clip.store_key not in self._paths:
            # The store hands out plain paths today (see gui.main_window.proxy_or_original).
            with self.app.store.media_path(clip.store_key) as path:
                self._paths[clip.store_key] = str(path)
        return self._paths[clip.store_key]

    def play_clip(self, index: int) -> None:
        if not 0 <= index < len(self.show_data.clips):
            return
        self.index = index
        clip = self.show_data.clips[index]
        self.frame = None
        self._set_phase("playing")
        if self.media is None:
            self._set_phase("pause")  # no QtMultimedia: the cards still guide the talk
            return
        path = self._path(clip)
        if path != self._source:
            self._source = path
            self.media.setSource(QUrl.fromLocalFile(path))
        self.media.setPosition(clip.start_ms)
        self.media.play()
        self._watch.start()

    def _position(self, ms: int) -> None:
        clip = self.clip
        if self.phase != "playing" or clip is None:
            return
        finished = ms >= clip.end_ms or (
            self.media is not None and self.media.mediaStatus()
            == self.media.MediaStatus.EndOfMedia)
        if finished:
            self.media.pause()
            self._watch.stop()
            self._set_phase("pause")

    def _frame(self, frame) -> None:  # noqa: ANN001 - QVideoFrame
        clip = self.clip
        if self.phase != "playing" or clip is None or not frame.isValid():
            return
        at_ms = frame.startTime() / 1000 if frame.startTime() >= 0 else None
        # Right after a seek the sink may still hand over a frame from before it; after the
        # clip's end nothing is shown: the parent sees exactly the chosen moment.
        if at_ms is not None and at_ms < clip.start_ms - 60:
            return
        if at_ms is not None and at_ms > clip.end_ms + 20:
            self._position(clip.end_ms)
            return
        self.frame = frame.toImage()
        self.update()

    def go_next(self) -> None:
        if self.phase == "start":
            self.play_clip(0)
        elif self.phase == "playing":
            self._position(self.clip.end_ms if self.clip else 0)  # skip to the talk card
        elif self.phase == "pause":
            if self.index + 1 < len(self.show_data.clips):
                self.play_clip(self.index + 1)
            else:
                self._set_phase("end")

    def go_back(self) -> None:
        # From the talk card "back" means the moment just seen; while playing, the one before.
        if self.phase == "end":
            self.play_clip(len(self.show_data.clips) - 1)
        elif self.phase == "pause":
            self.play_clip(self.index)
        elif self.phase == "playing":
            self.play_clip(max(0, self.index - 1))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key in NEXT_KEYS:
            self.go_next()
        elif key in BACK_KEYS:
            self.go_back()
        elif key == Qt.Key.Key_R and self.phase in ("playing", "pause"):
            self.play_clip(self.index)
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        self._watch.stop()
        if self.media is not None:
            self.media.stop()
            self.media.setSource(QUrl())
        super().closeEvent(event)

    # -- painting ---------------------------------------------------------------------------------
    def _font(self, fraction: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(14, int(self.height() * fraction)))
        font.setBold(bold)
        return font

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = QRectF(self.rect())
        if self.phase == "playing":
            painter.fillRect(rect, BACKGROUND)
            if self.frame is not None and not self.frame.isNull():
                size = self.frame.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
                target = QRectF((rect.width() - size.width()) / 2,
                                (rect.height() - size.height()) / 2, size.width(), size.height())
                painter.drawImage(target, self.frame)
            texts = self.visible_texts()
            if texts:
                self._paint_caption(painter, rect, texts[0])
        else:
            painter.fillRect(rect, CARD)
            texts = self.visible_texts()
            painter.setPen(CARD_TEXT)
            painter.setFont(self._font(0.07, bold=True))
            main = QRectF(rect.width() * 0.08, rect.height() * 0.25, rect.width() * 0.84,
                          rect.height() * 0.3)
            painter.drawText(main, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             texts[-1] if self.phase == "pause" and len(texts) > 2 else texts[0])
            painter.setFont(self._font(0.035))
            hint = QRectF(rect.width() * 0.08, rect.height() * 0.62, rect.width() * 0.84,
                          rect.height() * 0.2)
            lines = texts[:2] if self.phase == "pause" and len(texts) > 2 else texts[1:]
            painter.drawText(hint, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                             | Qt.TextFlag.TextWordWrap, "\n".join(lines))
        painter.end()

    def _paint_caption(self, painter: QPainter, rect: QRectF, text: str) -> None:
        painter.setFont(self._font(0.06, bold=True))
        width = rect.width() * 0.86
        bound = painter.boundingRect(QRectF(0, 0, width, rect.height()),
                                     Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                                     text)
        pad = rect.height() * 0.02
        box = QRectF((rect.width() - bound.width()) / 2 - 2 * pad,
                     rect.height() * 0.94 - bound.height() - 2 * pad,
                     bound.width() + 4 * pad, bound.height() + 2 * pad)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 170))
        painter.drawRoundedRect(box, pad, pad)
        painter.setPen(CARD_TEXT)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)


def present_plan(app, state: GuiState, parent: QWidget | None = None,  # noqa: ANN001
                 full_screen: bool = True) -> Presentation | None:
    """Open the presentation of the current visit's plan (full screen); None when it has none."""
    visit_id = state.visit_id
    if visit_id is None:
        state.statusMessage.emit(parent.tr("Choose a visit to present") if parent else
                                 "Choose a visit to present")
        return None
    show = load_show(app, visit_id)
    if not show.clips:
        show_error(parent, parent.tr("Presentation") if parent else "Presentation",
                   parent.tr("This visit's feedback plan has no clips yet: add moments in "
                             "the Feedback plan panel") if parent else "The plan has no clips")
        return None
    window = Presentation(app, show, parent)
    # With a projector or a second monitor attached, the show goes there and the clinician's
    # own screen (with the notes) stays as it was.
    screens = QGuiApplication.screens()
    here = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    others = [s for s in screens if s is not here]
    if others:
        window.setScreen(others[0])
        window.move(others[0].geometry().topLeft())
    if full_screen:
        window.showFullScreen()
    else:
        window.show()
    window.activateWindow()
    window.setFocus()
    return window
