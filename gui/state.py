"""The GUI's state in one plain model: what is open, where the playhead is, what is selected.

Widgets never keep their own copy of "the current recording"; they read :class:`GuiState` and
listen to its signals. Setters emit only when the value really changes, so views can set and
listen without loops. ``dataChanged`` carries the change notice of a finished operation
(see :mod:`gui.operations`): views refresh from it instead of polling the database.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from services.catalogue import RecordingInfo

# What the player and timeline know about the open recording (a plain frozen row from the
# catalogue service: it crosses threads and outlives transactions).
RecordingView = RecordingInfo


class GuiState(QObject):
    caseChanged = Signal(object)  # case id or None
    visitChanged = Signal(object)  # visit id or None
    recordingChanged = Signal(object)  # RecordingView or None
    playheadChanged = Signal(int)  # ms
    selectionChanged = Signal(list)  # annotation ids
    dataChanged = Signal(object)  # services.changes.Changes
    statusMessage = Signal(str)
    playRequested = Signal()  # e.g. a suggestion clicked on the timeline: play from the playhead
    analysisShownChanged = Signal(bool)  # the overlay/analysis display switched on or off

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case_id: int | None = None
        self.visit_id: int | None = None
        self.recording: RecordingView | None = None
        self.playhead_ms = 0
        self.selection: list[int] = []
        # Who is at the keyboard, passed to every service call (access checks, audit).
        self.actor: str | None = None
        # Whether analysis results are displayed (overlay, cue and voice lanes).
        self.analysis_shown = True

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

    def set_analysis_shown(self, on: bool) -> None:
        if on != self.analysis_shown:
            self.analysis_shown = on
            self.analysisShownChanged.emit(on)

    def request_play(self) -> None:
        self.playRequested.emit()

    def notify(self, changes: object) -> None:
        self.dataChanged.emit(changes)
