"""The player: plays a recording with sound and shows exact still frames when paused.

Playback is QMediaPlayer (its FFmpeg backend keeps the pitch at 0.25x-2x) into a QVideoWidget.
When paused or stepping, the picture comes from the :class:`~gui.frame_cache.FrameCache` in a
still view, so "frame 1234" on screen is exactly frame 1234 of the recording. The playhead
lives in :class:`~gui.state.GuiState`: the player writes it while playing and follows it when
someone else (the timeline, the event list) moves it.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import Q_ARG, QEventLoop, QMetaObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vfeedback.media.plainserve import is_url

from .actions import make_action
from .frame_cache import FrameCache
from .state import GuiState, RecordingView


def load_multimedia():  # noqa: ANN201
    """QtMultimedia's classes, imported on first use (it is the slowest Qt import, and not
    needed to show the window); None when missing: it ships in PySide6-Addons, and without
    it the player plays silently from the frame cache."""
    if os.environ.get("VFEEDBACK_NO_QTMULTIMEDIA"):
        return None
    try:
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget
    except ImportError:
        return None
    return QMediaPlayer, QAudioOutput, QVideoWidget


def call_released(media, method: str, *args: object) -> None:  # noqa: ANN001
    """Call a QMediaPlayer slot (``pause``, ``stop``, ``setSource``) with Python's lock released.

    PySide6 holds the GIL while a Python call runs a QMediaPlayer method. When playback stops,
    Qt's FFmpeg backend tears its audio renderer down in that renderer's thread, and that thread
    asks our Python-made QAudioOutput/QMediaPlayer wrappers (their ``disconnectNotify``) for the
    GIL while it holds the connection lock that the main thread's call is waiting for: a
    deadlock, seen hanging a test run on closing the window. So the call is queued and run by a
    short event loop of its own, which releases the GIL while Qt works; user input waits.
    """
    loop = QEventLoop()
    QMetaObject.invokeMethod(media, method, Qt.ConnectionType.QueuedConnection,
                             *[Q_ARG(type(a), a) for a in args])
    QMetaObject.invokeMethod(loop, "quit", Qt.ConnectionType.QueuedConnection)
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)


SPEEDS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def format_time(ms: int) -> str:
    s, milli = divmod(max(0, int(ms)), 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}.{milli:03d}" if h else f"{m:02d}:{s:02d}.{milli:03d}"


_BUTTON_GLYPHS = {"play": "▶ ❚❚", "back_frame": "◀|", "fwd_frame": "|▶"}


def media_url(source: str) -> QUrl:
    """The QUrl of a media source: a local file, or the loopback URL of an encrypted store
    object (``vfeedback.store.MediaStore.media_source``)."""
    return QUrl(source) if is_url(source) else QUrl.fromLocalFile(source)

class StillView(QLabel):
    """A decoded frame, scaled to fit with its aspect ratio kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(160, 90)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setStyleSheet("background: black; color: #bbbbbb;")
        self._pixmap: QPixmap | None = None
        self.frame_index: int | None = None

    def show_frame(self, index: int, rgb) -> None:  # noqa: ANN001 - numpy array
        h, w = rgb.shape[:2]
        image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        self._pixmap = QPixmap.fromImage(image)
        self.frame_index = index
        self._rescale()

    def _rescale(self) -> None:
        if self._pixmap is not None:
            self.setPixmap(self._pixmap.scaled(
                self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self._rescale()


class Player(QWidget):
    """Video, transport buttons, speed and the time/frame read-out."""

    playingChanged = Signal(bool)
    _frameDecoded = Signal(int)  # from the frame cache's worker thread (queued to ours)

    def __init__(self, state: GuiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.recording: RecordingView | None = None
        self.cache: FrameCache | None = None
        self.source_path: str | None = None
        self._pending_source: str | None = None  # see set_source
        self._following = False  # True while we write the playhead ourselves

        self.still = StillView(self)
        self.screen_stack = QStackedWidget(self)
        self.screen_stack.addWidget(self.still)
        self.media = None  # QMediaPlayer, made when the first recording is opened
        self._playing_state = None
        self._media_tried = False
        self.video: QWidget = self.still
        # Frame-driven playback when QtMultimedia is missing (silent, from the frame cache).
        self._frame_timer = QTimer(self, interval=10)
        self._frame_timer.timeout.connect(self._frame_tick)
        self._frame_clock: tuple[float, int] = (0.0, 0)
        self.screen_stack.setMinimumSize(QSize(320, 180))

        self.time_label = QLabel(format_time(0), self)
        self.time_label.setObjectName("timeLabel")
        self.time_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Room for the times; the frame number after them may be cut. Sized by its text, the
        # label grew with "frame 39 / 3000" and pushed the window past a 1280-px screen.
        self.time_label.setMinimumWidth(
            self.time_label.fontMetrics().horizontalAdvance("00:00:00.000 / 00:00:00.000"))
        self.speed_box = QComboBox(self)
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}×", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.setToolTip(self.tr("Playback speed (the pitch is kept)"))
        self.speed_box.currentIndexChanged.connect(self._speed_changed)

        self.actions_by_name: dict[str, QAction] = {}
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        for name, slot in self._transport():
            action = make_action(self, f"player.{name}", slot)  # keys from gui.actions
            text = action.text()
            self.actions_by_name[name] = action
            self.addAction(action)
            if name in ("back_frame", "back_5s", "back_1s", "play", "fwd_1s", "fwd_5s",
                        "fwd_frame"):
                # Compact glyphs on the buttons (the menu and tooltip keep the full name), so the
                # player fits beside the side panels on a laptop screen.
                action.setIconText(_BUTTON_GLYPHS.get(name, text))
                button = QToolButton(self)
                button.setDefaultAction(action)
                button.setAutoRaise(True)
                bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.speed_box)
        bar.addWidget(self.time_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.screen_stack, 1)
        layout.addLayout(bar)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        state.playheadChanged.connect(self._playhead_moved)
        state.playRequested.connect(self.play)
        # Coalesce bursts of seeks (dragging on the timeline) into one still-frame update.
        self._still_timer = QTimer(self, singleShot=True, interval=0)
        self._still_timer.timeout.connect(self._show_still)
        self._frameDecoded.connect(self._frame_decoded)
        self.open_recording(None)

    def _transport(self):  # noqa: ANN202 - (name, slot); texts and keys: gui.actions
        return [
            ("play", self.toggle_play),
            ("faster", self.play_faster),
            ("slower", self.play_slower),
            ("back_frame", lambda: self.step(-1)),
            ("fwd_frame", lambda: self.step(1)),
            ("back_1s", lambda: self.jump(-1000)),
            ("fwd_1s", lambda: self.jump(1000)),
            ("back_5s", lambda: self.jump(-5000)),
            ("fwd_5s", lambda: self.jump(5000)),
            ("start", lambda: self.seek(0)),
            ("end", self._seek_end),
        ]

    # -- opening --------------------------------------------------------------------------
    def open_recording(self, recording: RecordingView | None, path: str | None = None) -> None:
        """Show ``recording`` from ``path`` (its proxy or original); None closes it."""
        self.pause(show=False)
        self._pending_source = None
        if self.cache is not None:
            self.cache.close()
            self.cache = None
        self.recording = recording
        self.source_path = None
        if recording is None or path is None:
            if self.media is not None:
                call_released(self.media, "setSource", QUrl())
            self.still.clear()
            self.still.setText(self.tr("Choose a recording on the left, or import video "
                                       "(Ctrl+O)"))
            self._update_label()
            return
        self.set_source(path)

    def _ensure_media(self) -> None:
        if self._media_tried:
            return
        self._media_tried = True
        classes = load_multimedia()
        if classes is None:
            return
        media_player, audio_output, video_widget = classes
        self.media = media_player(self)
        self._playing_state = media_player.PlaybackState.PlayingState
        self.audio = audio_output(self)
        self.media.setAudioOutput(self.audio)
        self.video = video_widget(self)
        self.media.setVideoOutput(self.video)
        self.screen_stack.addWidget(self.video)
        self.media.setPlaybackRate(self.speed)
        self.media.positionChanged.connect(self._media_position)
        self.media.playbackStateChanged.connect(self._playback_state)

    def set_source(self, path: str) -> None:
        """Switch the file behind the open recording (e.g. to the proxy when it is ready),
        keeping the playhead. While it plays, at the next pause: switching stops QMediaPlayer,
        and the place was lost (coding a fresh import, the video jumped back to 0:00)."""
        if self.playing and self.recording is not None:
            self._pending_source = os.fspath(path)
            return
        self._pending_source = None
        self._ensure_media()
        if self.cache is not None:
            self.cache.close()
        self.source_path = os.fspath(path)
        self.cache = FrameCache(self.source_path)
        if self.media is not None:
            call_released(self.media, "setSource", media_url(self.source_path))
            self.media.setPosition(self.state.playhead_ms)
        self.screen_stack.setCurrentWidget(self.still)
        self._update_label()
        self._show_still()

    # -- transport -------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        if self.media is None:
            return self._frame_timer.isActive()
        return self.media.playbackState() == self._playing_state

    @property
    def speed(self) -> float:
        return float(self.speed_box.currentData())

    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        if self.recording is None:
            return
        if self.media is None:
            self._frame_clock = (time.monotonic(), self.state.playhead_ms)
            self._frame_timer.start()
            self._playback_state(None)
            return
        self.media.setPosition(self.state.playhead_ms)
        self.screen_stack.setCurrentWidget(self.video)
        self.media.play()

    def pause(self, show: bool = True) -> None:
        was_playing = self.playing
        if self.media is not None and was_playing:
            call_released(self.media, "pause")
        self._frame_timer.stop()
        self.screen_stack.setCurrentWidget(self.still)
        if show:
            self._show_still()
        if was_playing and self.media is None:
            self._playback_state(None)

    def _speed_changed(self, _index: int) -> None:
        if self.media is not None:
            self.media.setPlaybackRate(self.speed)
        self._frame_clock = (time.monotonic(), self.state.playhead_ms)

    def _frame_tick(self) -> None:
        if self.recording is None:
            self._frame_timer.stop()
            return
        started, from_ms = self._frame_clock
        ms = from_ms + int((time.monotonic() - started) * 1000 * self.speed)
        if ms >= self.recording.duration_ms:
            self.pause()
            return
        self._following = True
        try:
            self.state.set_playhead(ms)
        finally:
            self._following = False
        self._show_still()

    def set_speed(self, speed: float) -> None:
        nearest = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - speed))
        self.speed_box.setCurrentIndex(nearest)

    def play_faster(self) -> None:
        if self.playing:
            self.set_speed(SPEEDS[min(len(SPEEDS) - 1, self.speed_box.currentIndex() + 1)])
        else:
            self.set_speed(1.0)
            self.play()

    def play_slower(self) -> None:
        if self.playing and self.speed_box.currentIndex() > 0:
            self.set_speed(SPEEDS[self.speed_box.currentIndex() - 1])
        else:
            self.jump(-1000)  # no reverse playback in QMediaPlayer: J steps back instead

    def seek(self, ms: int) -> None:
        self.state.set_playhead(ms)

    def _seek_end(self) -> None:
        if self.recording is not None:
            self.seek(self.recording.ms_of(self.recording.frame_count - 1))

    def jump(self, delta_ms: int) -> None:
        self.seek(self.state.playhead_ms + delta_ms)

    def step(self, frames: int) -> None:
        """Pause and move exactly ``frames`` frames (the still view shows that frame)."""
        if self.recording is None:
            return
        if self.playing:
            self.pause()
        rec = self.recording
        target = max(0, min(rec.frame_count - 1, rec.frame_at(self.state.playhead_ms) + frames))
        self.seek(rec.ms_of(target))

    # -- following the playhead --------------------------------------------------------------
    def current_frame(self) -> int:
        return self.recording.frame_at(self.state.playhead_ms) if self.recording else 0

    def _media_position(self, ms: int) -> None:
        if self.playing:
            self._following = True
            try:
                self.state.set_playhead(ms)
            finally:
                self._following = False

    def _playhead_moved(self, ms: int) -> None:
        self._update_label()
        if self._following:
            return
        if self.playing:
            if self.media is None:
                self._frame_clock = (time.monotonic(), ms)
            elif abs(self.media.position() - ms) > 80:
                self.media.setPosition(ms)
        else:
            if self.media is not None:
                self.media.setPosition(ms)
            self._still_timer.start()

    def _show_still(self) -> None:
        if self.cache is None or self.recording is None:
            return
        index = self.current_frame()
        image = self.cache.cached(index)
        if image is not None:
            self.still.show_frame(index, image)
            self.cache.prefetch(index)
        else:
            # Decoded off the GUI thread: a slow seek (the original, before its proxy exists)
            # never freezes the window; the newest request wins while scrubbing.
            self.cache.request(index, self._frameDecoded.emit)

    def _frame_decoded(self, index: int) -> None:
        if self.cache is None or index != self.current_frame():
            return
        image = self.cache.cached(index)
        if image is not None:
            self.still.show_frame(index, image)

    def _playback_state(self, _state) -> None:  # noqa: ANN001
        playing = self.playing
        self.actions_by_name["play"].setText(self.tr("Pause") if playing else self.tr("Play"))
        if not playing and self._pending_source is not None:
            self.set_source(self._pending_source)  # (a switch waiting for the pause)
        if not playing:
            self.screen_stack.setCurrentWidget(self.still)
            self._show_still()
        self.playingChanged.emit(playing)

    def _update_label(self) -> None:
        rec = self.recording
        if rec is None:
            self.time_label.setText(self.tr("no recording"))
            return
        ms = self.state.playhead_ms
        self.time_label.setText(
            f"{format_time(ms)} / {format_time(rec.duration_ms)}   "
            + self.tr("frame {n} / {total}").replace("{n}", str(rec.frame_at(ms)))
            .replace("{total}", str(rec.frame_count)))

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        self.open_recording(None)
        super().closeEvent(event)
