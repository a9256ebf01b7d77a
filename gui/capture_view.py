"""The capture view: pick a source and a visit, watch the preview, record, mark moments, stop.

All recording logic is in :mod:`sessions.capture`; this widget starts a
:class:`~sessions.capture.Recorder`, shows its status (reported from a background thread and
passed here through a queued signal), shows the preview image ffmpeg keeps replacing, and
stores the recording off the GUI thread when it stops.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.actions import make_action, matches
from gui.operations import run_in_background, show_error
from services import capture
from services.changes import Subject
from sessions.capture import (
    CaptureSource,
    Recorder,
    RecorderStatus,
    list_sources,
    source_from_spec,
)
from vfeedback.app import App
from vfeedback.errors import VFeedbackError

GB = 1024**3


class _StatusBridge(QObject):
    """Carries the recorder's status from its thread to the GUI thread."""

    status = Signal(object)


class CaptureView(QWidget):
    """Record a visit. ``recordingAdded(id)`` is emitted when a recording has been stored."""

    recordingAdded = Signal(int)

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.state = None  # the main window's GuiState, told what a stored recording changed
        self.recorder: Recorder | None = None
        self._preview_mtime = 0.0
        self._bridge = _StatusBridge(self)
        self._bridge.status.connect(self._show_status, Qt.ConnectionType.QueuedConnection)
        self._sources: list[CaptureSource] = []

        self.source_box = QComboBox()
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("or a phone camera address: rtsp://… http://…"))
        self.mode_box = QComboBox()
        self.visit_box = QComboBox()
        for box in (self.source_box, self.mode_box, self.visit_box):
            # Long device and visit names must not make the dock wider than a laptop allows.
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(16)
        self.preview = QLabel(self.tr("No preview"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(256, 144)  # grows with the dock; small enough for a laptop
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setStyleSheet("background: #202020; color: #c0c0c0;")
        self.record_button = QPushButton(self.tr("Record"))
        self.mark_button = QPushButton(self.tr("Mark moment (M)"))
        self.mark_button.setEnabled(False)
        self.elapsed_label = QLabel("00:00")
        self.elapsed_label.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.disk_label = QLabel()
        self.dropped_label = QLabel()
        self.markers_label = QLabel()
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Source"), self.source_box)
        form.addRow("", self.address)
        form.addRow(self.tr("Picture"), self.mode_box)
        form.addRow(self.tr("Visit"), self.visit_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.mark_button)
        buttons.addStretch(1)
        buttons.addWidget(self.elapsed_label)
        facts = QHBoxLayout()
        for label in (self.disk_label, self.dropped_label, self.markers_label):
            facts.addWidget(label)
        facts.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        layout.addLayout(facts)
        layout.addWidget(self.message_label)

        self.record_button.clicked.connect(self.toggle_recording)
        self.mark_button.clicked.connect(self.add_marker)
        self.source_box.currentIndexChanged.connect(self._fill_modes)
        self.addAction(make_action(self, "capture.marker", self.add_marker))
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._refresh_preview)
        self.refresh_sources()
        self._wanted_visit: int | None = None
        self.refresh_visits()
        self._show_free_disk()

    # -- choices -----------------------------------------------------------------------------
    def refresh_sources(self) -> None:
        self._sources = list_sources()
        self.source_box.clear()
        for source in self._sources:
            self.source_box.addItem(source.name)
        self._fill_modes()

    def _fill_modes(self) -> None:
        self.mode_box.clear()
        index = self.source_box.currentIndex()
        if not 0 <= index < len(self._sources):
            return
        try:
            modes = self._sources[index].probe_modes()
        except VFeedbackError:
            modes = []
        self.mode_box.addItem(self.tr("As the source offers"), None)
        for mode in modes:
            self.mode_box.addItem(str(mode), mode)

    def follow(self, state) -> None:  # noqa: ANN001 - gui.state.GuiState
        """Use the main window's state: stored recordings announce themselves there, and a
        new case or visit reloads the visit list."""
        self.state = state
        state.dataChanged.connect(lambda changes: self.refresh_visits() if changes.touches(
            Subject.CASES, Subject.VISITS) and not self.recording else None)

    def refresh_visits(self):  # noqa: ANN201 - the Operation
        """Reload the visits to record into, in the background (never a query on the GUI
        thread); the chosen visit is kept."""
        self._wanted_visit = self.visit_box.currentData() if self._wanted_visit is None \
            else self._wanted_visit
        app, actor = self.app, self._actor
        return run_in_background(self, lambda _p, _c: capture.visits(app, actor),
                                 title=self.tr("Loading the visits"), show_progress=False,
                                 on_success=self._fill_visits)

    def _fill_visits(self, visits: list) -> None:
        self.visit_box.clear()
        self.visit_box.addItem(self.tr("(no visit yet)"), None)
        for visit in visits:
            text = self.tr("{case}, visit {n}").replace("{case}", visit.case_code) \
                .replace("{n}", str(visit.number))
            self.visit_box.addItem(text + (f" — {visit.theme}" if visit.theme else ""),
                                   visit.id)
        wanted, self._wanted_visit = self._wanted_visit, None
        self.set_visit(wanted)

    def set_visit(self, visit_id: int | None) -> None:
        index = self.visit_box.findData(visit_id)
        if index >= 0:
            self.visit_box.setCurrentIndex(index)
        elif visit_id is not None:
            self._wanted_visit = visit_id  # not loaded yet: chosen when the list arrives

    def chosen_source(self) -> CaptureSource:
        address = self.address.text().strip()
        source = (source_from_spec(address) if address
                  else self._sources[self.source_box.currentIndex()])
        mode = self.mode_box.currentData()
        return source.with_mode(mode) if mode is not None else source

    # -- recording ---------------------------------------------------------------------------
    @property
    def _actor(self) -> str | None:
        return getattr(self.state, "actor", None)

    @property
    def recording(self) -> bool:
        return self.recorder is not None

    def toggle_recording(self) -> None:
        if self.recorder is None:
            self.start_recording()
        else:
            self.stop_recording()

    def start_recording(self) -> None:
        try:
            recorder = capture.start(self.app, self._actor, self.chosen_source(),
                                     self.visit_box.currentData(), self._bridge.status.emit)
        except VFeedbackError as exc:
            show_error(self, self.tr("Cannot record"), str(exc))
            return
        self.recorder = recorder
        self._preview_mtime = 0.0
        self.record_button.setText(self.tr("Stop"))
        self.mark_button.setEnabled(True)
        for widget in (self.source_box, self.address, self.mode_box, self.visit_box):
            widget.setEnabled(False)
        self.message_label.setText(self.tr("Recording… press M to mark a moment."))
        self._timer.start()
        self.setFocus()

    def add_marker(self) -> None:
        if self.recorder is None or self.recorder.ended:
            return
        try:
            ms = self.recorder.add_marker()
        except VFeedbackError as exc:
            self.message_label.setText(str(exc))
            return
        self.message_label.setText(self.tr("Marked {t}").replace("{t}", _clock(ms / 1000)))

    def stop_recording(self) -> None:
        recorder = self.recorder
        if recorder is None or self.record_button.text() == self.tr("Storing…"):
            return
        self.record_button.setText(self.tr("Storing…"))
        self.record_button.setEnabled(False)
        self.mark_button.setEnabled(False)
        actor = self._actor
        run_in_background(self, lambda progress, cancel: capture.stop(actor, recorder, progress,
                                                                       cancel),
                          title=self.tr("Storing the recording"), on_success=self._stored,
                          state=self.state, show_progress=False).finished.connect(self._reset)

    def _stored(self, result: object) -> None:
        if isinstance(result, int):
            self.message_label.setText(self.tr("Stored as recording {id}")
                                       .replace("{id}", str(result)))
            self.recordingAdded.emit(result)

    def _reset(self, _ok: bool = True) -> None:
        if self.recorder is not None:
            self.recorder.on_status = None  # no late reports into a view that may be gone
        self.recorder = None
        self._timer.stop()
        self.record_button.setText(self.tr("Record"))
        self.record_button.setEnabled(True)
        for widget in (self.source_box, self.address, self.mode_box, self.visit_box):
            widget.setEnabled(True)

    # -- display -----------------------------------------------------------------------------
    def _show_status(self, status: RecorderStatus) -> None:
        self.elapsed_label.setText(_clock(status.elapsed_s))
        if status.free_bytes:
            self.disk_label.setText(self.tr("{gb} GB free").replace(
                "{gb}", f"{status.free_bytes / GB:.1f}"))
        self.dropped_label.setText(self.tr("{n} dropped frames").replace(
            "{n}", str(status.dropped_frames)))
        self.markers_label.setText(self.tr("{n} markers").replace("{n}", str(status.markers)))
        if status.warning:
            self.message_label.setText("⚠ " + status.warning)
        if status.state == "ended" and self.recorder is not None:
            # Ended by itself (source gone, disk nearly full): store what there is.
            self.message_label.setText(status.message)
            self.stop_recording()

    def _show_free_disk(self) -> None:
        import shutil

        free = shutil.disk_usage(self.app.config.home).free
        self.disk_label.setText(self.tr("{gb} GB free").replace("{gb}", f"{free / GB:.1f}"))

    def _refresh_preview(self) -> None:
        path: Path | None = self.recorder.preview_path if self.recorder else None
        if path is None:
            return
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return
        if mtime == self._preview_mtime:
            return
        image = QImage(str(path))
        if image.isNull():
            return  # replaced while we read it; the next tick gets the new one
        self._preview_mtime = mtime
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802
        # The M key also works when the window is not the active one (the shortcut needs that).
        if matches("capture.marker", event):
            self.add_marker()
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.recorder is not None and not self.recorder.ended:
            # Leave the working folder: the next start recovers it into the visit.
            self.recorder.on_status = None
            self.recorder.abort()
        super().closeEvent(event)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
