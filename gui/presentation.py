"""Presentation mode: the visit's feedback plan, full screen, for watching with the parent.

Plays the plan clip by clip from the source recordings: the picture shows, tick by tick at the
reel's frame rate, exactly the source frames the exported reel shows (slow motion and
freeze-frames included, see :func:`sessions.reel.clip_frames`), decoded by a
:class:`~gui.frame_cache.FrameCache`, with the caption painted over it in large type; the sound
comes from a QMediaPlayer at the clip's speed, paused while a frame is held. After each clip
it pauses on a calm card ("That was clip 1 of 3", "Next: clip 2 of 3") so there is time to talk;
Space, Right or PageDown (what presentation clickers send) go on; Left, PageUp or R play the
current clip again from its start, whatever is on screen (from the closing card: the last
clip); Esc leaves. Clips are named "Clip n" as in the plan builder, the reel and the script.
Only the caption and the theme are shown: the clinician's notes and comments never reach this
screen. The window takes its screen's whole geometry before asking for full screen, so without
a window manager (which would honour the request) it is not left at a default 100x30; and its
text shrinks to fit whatever size it is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QElapsedTimer, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from services import catalogue
from services import plan as plan_service

from .actions import matches
from .frame_cache import FrameCache
from .operations import show_error
from .player import call_released, load_multimedia, media_url
from .state import GuiState

BACKGROUND = QColor(12, 14, 16)  # a dark room picture: the video is the light source
CARD = QColor(38, 70, 83)  # the reel's calm teal title cards (sessions.reel.CARD_BACKGROUND)
CARD_TEXT = QColor(250, 246, 238)


@dataclass(frozen=True)
class ShowClip:
    recording_id: int
    store_key: str
    start_ms: int  # with lead-in, clamped to the recording
    end_ms: int  # with lead-out
    caption: str
    theme: str  # the theme's title, for the card before it
    speed: float = 1.0
    frames: tuple[int, ...] = ()  # the source frames shown, one per tick of Show.fps
    freeze: tuple[int, int] = (0, 0)  # the ticks [a, b) that hold the freeze-frame


@dataclass(frozen=True)
class Show:
    title: str
    clips: tuple[ShowClip, ...]
    fps: float = 25.0
    language: str | None = None  # the family's (Case.family_language); None: the app's


def _freeze_ticks(frames: tuple[int, ...], hold: int) -> tuple[int, int]:
    """Where the freeze-frame's repeated ticks are (the first run of ``hold + 1`` equal
    frames), so the sound pauses there as the reel's does."""
    if hold <= 0:
        return (0, 0)
    for i in range(len(frames) - hold):
        if frames[i] == frames[i + hold]:
            return (i + 1, i + 1 + hold)
    return (0, 0)


def load_show(app, visit_id: int, actor: str | None = None) -> Show:  # noqa: ANN001
    """What the parent will see: the reel's frames, captions and theme titles (no notes)."""
    planned = plan_service.show_frames(app, actor, visit_id)
    clips = []
    for clip, frames in zip(planned.show.clips, planned.frames, strict=True):
        hold = round(clip.freeze_ms / 1000 * planned.fps) if clip.freeze_at_ms is not None \
            else 0
        clips.append(ShowClip(clip.recording_id, clip.store_key, clip.span_start_ms,
                              clip.span_end_ms, _both_captions(clip), clip.theme_title, clip.speed,
                              frames, _freeze_ticks(frames, hold)))
    return Show(planned.show.title, tuple(clips), planned.fps, planned.show.language)


def _both_captions(clip) -> str:  # noqa: ANN001 - sessions.plan.PlannedClip
    """A bilingual family sees the caption in both languages, one under the other."""
    return "\n".join(filter(None, (clip.caption, clip.caption_second)))


class Presentation(QWidget):
    """The full-screen show. ``phase`` is ``"start"``, ``"playing"``, ``"pause"`` or ``"end"``."""

    phaseChanged = Signal(str, int)  # phase, clip index

    def __init__(self, app, show: Show, parent: QWidget | None = None,  # noqa: ANN001
                 actor: str | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.actor = actor  # who presents: the media is read with their access
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
        self._caches: dict[str, FrameCache] = {}
        self.tick = -1  # the tick of the current clip on screen
        self.text_boxes: list[QRectF] = []  # where the last paint put text
        self._asked: int | None = None  # the source frame the decoder was last sent to
        self._clock = QElapsedTimer()
        classes = load_multimedia()
        if classes is not None:
            media_player, audio_output, _widget = classes
            self.media = media_player(self)  # the sound only: the picture is ours
            self.audio = audio_output(self)
            self.media.setAudioOutput(self.audio)
        self._watch = QTimer(self, interval=max(5, int(500 / max(1.0, show.fps))))
        self._watch.timeout.connect(self._advance)

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
                    self.tr("Esc to leave, Left to see clip {n} again")
                    .replace("{n}", str(len(self.show_data.clips)))]
        if self.phase == "pause" and clip is not None:
            # Which clip was just seen and which comes next, said apart: "Next: ... Moment 1 of
            # 3" after the first clip read as if clip 1 were still to come.
            total = str(len(self.show_data.clips))
            number = str(self.index + 1)
            following = self.show_data.clips[self.index + 1] \
                if self.index + 1 < len(self.show_data.clips) else None
            if following is None:
                upcoming = self.tr("Next: the end")
            else:
                upcoming = self.tr("Next: clip {n} of {total}").replace(
                    "{n}", str(self.index + 2)).replace("{total}", total)
                if following.theme and following.theme != clip.theme:
                    upcoming += " · " + following.theme
            return [self.tr("That was clip {n} of {total}").replace("{n}", number)
                    .replace("{total}", total), upcoming,
                    self.tr("Space: go on · Left: clip {n} again · Esc: leave")
                    .replace("{n}", number)]
        return [clip.caption] if clip is not None and clip.caption else []

    # -- playing ------------------------------------------------------------------------------------
    def _path(self, clip: ShowClip) -> str:
        if clip.store_key not in self._paths:
            # A path, or a lasting URL for an encrypted home (gui.main_window.proxy_or_original).
            with catalogue.media_file(self.app, self.actor, clip.store_key) as path:
                self._paths[clip.store_key] = str(path)
        return self._paths[clip.store_key]

    def _cache(self, clip: ShowClip) -> FrameCache:
        # The original, as the reel uses: the seek proxy is smaller than what the MP4 shows.
        if clip.store_key not in self._caches:
            self._caches[clip.store_key] = FrameCache(self._path(clip))
        return self._caches[clip.store_key]

    def play_clip(self, index: int) -> None:
        if not 0 <= index < len(self.show_data.clips):
            return
        self.index = index
        clip = self.show_data.clips[index]
        self.frame = None
        self.tick = -1
        self._set_phase("playing")
        self._asked = clip.frames[0] if clip.frames else 0
        self.show_tick(0, wait=True)  # the clip's first picture at once, never a black screen
        self._cache(clip).prefetch(self._asked)
        if self.media is not None:
            path = self._path(clip)
            if path != self._source:
                self._source = path
                call_released(self.media, "setSource", media_url(path))
            self.media.setPlaybackRate(clip.speed)
            self.media.setPosition(clip.start_ms)
            self.media.play()
        self._clock.start()
        self._watch.start()

    def _advance(self) -> None:
        """The clock's tick: show the frame due now; at the clip's end, the talk card."""
        clip = self.clip
        if self.phase != "playing" or clip is None:
            self._watch.stop()
            return
        due = int(self._clock.elapsed() * self.show_data.fps / 1000)
        if due >= len(clip.frames):
            self._end_clip()
            return
        if due != self.tick:
            self._keep_decoding(clip, due)
            # The frame due now, or the latest one already decoded since the last shown.
            for tick in range(due, self.tick, -1):
                if self.show_tick(tick, wait=False):
                    break
        if self.media is not None:  # the sound holds still while the picture does
            a, b = clip.freeze
            holding = a <= due < b
            playing = self.media.playbackState() == self.media.PlaybackState.PlayingState
            if holding and playing:
                call_released(self.media, "pause")
            elif not holding and not playing:
                self.media.play()

    def show_tick(self, tick: int, wait: bool = True) -> bool:
        """Put the current clip's frame for ``tick`` on screen; False when it is not decoded
        yet (with ``wait`` it is decoded now)."""
        clip = self.clip
        if clip is None or not 0 <= tick < len(clip.frames):
            return False
        cache = self._cache(clip)
        number = clip.frames[tick]
        rgb = cache.get(number) if wait else cache.cached(number)
        if rgb is None:
            return False
        h, w = rgb.shape[:2]
        self.frame = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        self.tick = tick
        self.update()
        return True

    def _keep_decoding(self, clip: ShowClip, due: int) -> None:
        """Ask the cache's worker to decode ahead of the clock, seldom enough that it can
        decode a run of frames in one go (each new request interrupts the previous one)."""
        number = clip.frames[due]
        ahead = clip.frames[min(len(clip.frames) - 1, due + 10)]
        cache = self._cache(clip)
        if cache.cached(number) is not None and cache.cached(ahead) is not None:
            return
        asked = self._asked
        if asked is None or not asked - 12 <= number <= asked + 6:
            self._asked = ahead
            cache.prefetch(ahead)

    def _end_clip(self) -> None:
        self._watch.stop()
        if self.media is not None:
            call_released(self.media, "pause")
        self._set_phase("pause")

    def go_next(self) -> None:
        if self.phase == "start":
            self.play_clip(0)
        elif self.phase == "playing":
            self._end_clip()  # skip to the talk card
        elif self.phase == "pause":
            if self.index + 1 < len(self.show_data.clips):
                self.play_clip(self.index + 1)
            else:
                self._set_phase("end")

    def go_back(self) -> None:
        """The current clip again from its start, in every phase (while it plays, on its talk
        card); from the closing card the last clip. One meaning, so a parent's "show that
        again" never lands on another clip (it used to go to the previous clip while playing)."""
        if self.phase == "end":
            self.play_clip(len(self.show_data.clips) - 1)
        elif self.phase in ("pause", "playing"):
            self.play_clip(self.index)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if matches("presentation.leave", event):
            self.close()
        elif matches("presentation.next", event):
            self.go_next()
        elif matches("presentation.back", event) or matches("presentation.again", event):
            self.go_back()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        self._watch.stop()
        if self.media is not None:
            # stop() only: setSource(QUrl()) here was seen to block for good inside Qt's FFmpeg
            # backend (a test run hung in it); the player goes with this widget anyway.
            call_released(self.media, "stop")
        for cache in self._caches.values():
            cache.close()
        self._caches.clear()
        super().closeEvent(event)

    # -- painting ---------------------------------------------------------------------------------
    def _base(self) -> float:
        """The length type sizes scale with: the height, or less in a narrow window."""
        return max(1.0, min(self.height(), self.width() * 9 / 16))

    def _fitted(self, painter: QPainter, text: str, box: QRectF, fraction: float,
                flags: int, bold: bool = False) -> QRectF:
        """Set a font of ``fraction`` of the base size, shrunk until ``text`` fits ``box``;
        returns where the text goes (recorded in ``text_boxes`` for the tests)."""
        font = QFont(self.font())
        font.setBold(bold)
        px = max(4, int(self._base() * fraction))
        while True:
            font.setPixelSize(px)
            painter.setFont(font)
            bound = painter.boundingRect(box, flags, text)
            if px <= 4 or (bound.width() <= box.width() + 0.5
                           and bound.height() <= box.height() + 0.5):
                break
            px = max(4, int(px * 0.85))
        self.text_boxes.append(bound)
        return bound

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = QRectF(self.rect())
        self.text_boxes: list[QRectF] = []
        texts = self.visible_texts()
        if self.phase == "playing":
            painter.fillRect(rect, BACKGROUND)
            if self.frame is not None and not self.frame.isNull():
                size = self.frame.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
                target = QRectF((rect.width() - size.width()) / 2,
                                (rect.height() - size.height()) / 2, size.width(), size.height())
                painter.drawImage(target, self.frame)
            if texts:
                self._paint_caption(painter, rect, texts[0])
        else:
            # The first text large in the upper half, the others smaller below it.
            painter.fillRect(rect, CARD)
            painter.setPen(CARD_TEXT)
            flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
            main = QRectF(rect.width() * 0.08, rect.height() * 0.2, rect.width() * 0.84,
                          rect.height() * 0.35)
            self._fitted(painter, texts[0], main, 0.07, flags, bold=True)
            painter.drawText(main, flags, texts[0])
            if len(texts) > 1:
                hint = QRectF(rect.width() * 0.08, rect.height() * 0.6, rect.width() * 0.84,
                              rect.height() * 0.3)
                top = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                          | Qt.TextFlag.TextWordWrap)
                lines = texts[1:]
                while True:  # in a tiny window the last (least needed) lines give way
                    below = "\n".join(lines)
                    bound = self._fitted(painter, below, hint, 0.035, top)
                    if len(lines) == 1 or bound.height() <= hint.height() + 0.5:
                        break
                    self.text_boxes.pop()
                    lines = lines[:-1]
                painter.drawText(hint, top, below)
        painter.end()

    def _paint_caption(self, painter: QPainter, rect: QRectF, text: str) -> None:
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        pad = rect.height() * 0.02
        area = QRectF(rect.width() * 0.07, rect.height() * 0.6, rect.width() * 0.86,
                      rect.height() * 0.34 - 2 * pad)
        bound = self._fitted(painter, text, area, 0.06, flags, bold=True)
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
    show = load_show(app, visit_id, getattr(state, "actor", None))
    if not show.clips:
        show_error(parent, parent.tr("Presentation") if parent else "Presentation",
                   parent.tr("This visit's feedback plan has no clips yet: add moments in "
                             "the Feedback plan panel") if parent else "The plan has no clips")
        return None
    window = Presentation(app, show, parent, getattr(state, "actor", None))
    # With a projector or a second monitor attached, the show goes there and the clinician's
    # own screen (with the notes) stays as it was.
    screens = QGuiApplication.screens()
    here = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    others = [s for s in screens if s is not here]
    target = others[0] if others else here
    if others:
        window.setScreen(target)
        window.move(target.geometry().topLeft())
    if full_screen:
        # The whole screen first: without a window manager the full-screen request is not
        # honoured and the window kept its default 100x30 pixels.
        window.setGeometry(target.geometry())
        window.showFullScreen()
    else:
        window.show()
    window.activateWindow()
    window.setFocus()
    return window
