"""File menu actions for annotation files: import and export ELAN (.eaf), BORIS (.boris), CSV
and subtitles (.srt/.vtt) for the open recording.

Both go through :mod:`services.annotations` (as the CLI's ``annotations import/export`` do).
An import is one edit on the edit queue, so one Ctrl+Z takes it back; a bad file is refused as a whole with a readable dialog and nothing is added.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from services import annotations

from .actions import make_action
from .annotation_session import AnnotationSession
from .operations import Operation, run_in_background
from .state import GuiState

DIR_KEY = "annotations/last_dir"
FILTERS = ("ELAN (*.eaf);;BORIS (*.boris);;CSV (*.csv);;Subtitles (*.srt *.vtt)")
OPEN_FILTER = "Annotation files (*.eaf *.boris *.csv *.srt *.vtt);;" + FILTERS
SUFFIX_OF_FILTER = {"ELAN": ".eaf", "BORIS": ".boris", "CSV": ".csv", "Subtitles": ".srt"}


class AnnotationFiles(QObject):
    def __init__(self, app, state: GuiState, session: AnnotationSession,  # noqa: ANN001
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.app, self.state, self.session = app, state, session
        self.parent_widget = parent
        self.import_action = make_action(self, "file.import_annotations",
                                         lambda: self.import_dialog(False))
        self.import_new_action = make_action(self, "file.import_annotations_new",
                                             lambda: self.import_dialog(True))
        self.export_action = make_action(self, "file.export_annotations", self.export_dialog)
        state.recordingChanged.connect(lambda _v: self._update())
        self._update()

    def actions(self) -> list[QAction]:
        return [self.import_action, self.import_new_action, self.export_action]

    def _update(self) -> None:
        has = self.state.recording is not None and self.session.available
        for action in self.actions():
            action.setEnabled(has)
            if not has:
                action.setStatusTip(self.tr("Open a recording first"))

    def _start_dir(self) -> str:
        return str(QSettings().value(DIR_KEY, str(Path.home())))

    def import_dialog(self, create_codes: bool = False) -> bool:
        path, _chosen = QFileDialog.getOpenFileName(
            self.parent_widget, self.tr("Import annotations"), self._start_dir(), OPEN_FILTER)
        if not path:
            return False
        QSettings().setValue(DIR_KEY, str(Path(path).parent))
        return self.import_file(Path(path), create_codes)

    def import_file(self, path: Path, create_codes: bool = False) -> bool:
        """Queue the import of ``path`` as one undoable edit (errors become a dialog)."""
        recording_id = self.state.recording_id
        if recording_id is None:
            return False

        def done(result: Any) -> None:
            added, skipped = len(result.annotation_ids), result.skipped
            text = self.tr("Imported {n} events from {name}").replace("{n}", str(added)) \
                .replace("{name}", path.name)
            if skipped:
                text += self.tr(" ({k} skipped)").replace("{k}", str(skipped))
            self.state.statusMessage.emit(text)

        return self.session.import_file(path, create_codes, done) is not None

    def export_dialog(self) -> Operation | None:
        view = self.state.recording
        if view is None:
            return None
        suggested = str(Path(self._start_dir()) / f"{Path(view.name).stem}.eaf")
        path, chosen = QFileDialog.getSaveFileName(
            self.parent_widget, self.tr("Export annotations"), suggested, FILTERS)
        if not path:
            return None
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(SUFFIX_OF_FILTER.get(chosen.split(" (")[0], ".eaf"))
        QSettings().setValue(DIR_KEY, str(target.parent))
        return self.export_file(target)

    def export_file(self, path: Path) -> Operation | None:
        recording_id = self.state.recording_id
        if recording_id is None:
            return None
        return run_in_background(
            self.parent_widget,
            lambda _p, _c: annotations.export_file(self.app, self.state.actor, recording_id,
                                                   path),
            title=self.tr("Export annotations"), state=self.state, show_progress=False,
            on_success=lambda n: self.state.statusMessage.emit(
                self.tr("Wrote {n} events to {name}").replace("{n}", str(n))
                .replace("{name}", path.name)))
