"""The GUI's state in one plain model: what is open, where the playhead is, what is selected.

Widgets never keep their own copy of "the current recording"; they read :class:`GuiState` and
listen to its signals. Setters emit only when the value really changes, so views can set and
listen without loops. ``dataChanged`` carries the change notice of a finished operation
(see :mod:`gui.operations`): views refresh from it instead of polling the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class RecordingView:
    """What the player and timeline need to know about the open recording (no ORM object:
    these cross threads and outlive sessions)."""

    id: int
    name: str
    duration_ms: int
    fps: float
    width: int
    height: int
    store_key: str
    visit_id: int | None = None

    @property
    def frame_ms(self) -> float:
        return 1000.0 / (self.fps or 25.0)

    def frame_at(self, ms: int) -> int:
        """The frame shown at ``ms`` (frame n covers [n/fps, (n+1)/fps))."""
        return max(0, int((ms + 0.5) / self.frame_ms))

    def ms_of(self, frame: int) -> int:
        return int(round(frame * self.frame_ms))

    @property
    def frame_count(self) -> int:
        return max(1, int(round(self.duration_ms / self.frame_ms)))


class GuiState(QObject):
    caseChanged = Signal(object)  # case id or None
    visitChanged = Signal(object)  # visit id or None
    recordingChanged = Signal(object)  # RecordingView or None
    playheadChanged = Signal(int)  # ms
    selectionChanged = Signal(list)  # annotation ids
    dataChanged = Signal(object)  # gui.operations.Changes
    statusMessage = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case_id: int | None = None
        self.visit_id: int | None = None
        self.recording: RecordingView | None = None
        self.playhead_ms = 0
        self.selection: list[int] = []
        # The open recording's annotation.editing.AnnotationEditor (one undo stack shared by
        # the timeline and the coding panels); set by the main window before recordingChanged.
        self.editor = None

    @property
    def recording_id(self) -> int | None:
        return self.recording.id if self.recording else None

    def set_case(self, case_id: int | None) -> None:
        if case_id != self.case_id:
            self.case_id = case_id
            self.caseChanged.emit(case_id)

    def set_visit(self, visit_id: int | None) -> None:
        if visit_id != self.visit_id:
            self.visit_id = visit_id
            self.visitChanged.emit(visit_id)

    def set_recording(self, recording: RecordingView | None) -> None:
        if recording != self.recording:
            self.recording = recording
            self.playhead_ms = 0
            self.selection = []
            self.recordingChanged.emit(recording)

    def set_playhead(self, ms: int) -> None:
        ms = max(0, int(ms))
        if self.recording is not None:
            ms = min(ms, self.recording.duration_ms)
        if ms != self.playhead_ms:
            self.playhead_ms = ms
            self.playheadChanged.emit(ms)

    def set_selection(self, ids: list[int]) -> None:
        if list(ids) != self.selection:
            self.selection = list(ids)
            self.selectionChanged.emit(self.selection)

    def notify(self, changes: object) -> None:
        self.dataChanged.emit(changes)
