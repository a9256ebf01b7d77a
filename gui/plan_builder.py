"""The feedback-plan builder: from the visit's coded moments to an ordered, captioned reel.

Above, the visit's moments (strengths first); below, the plan's clips in showing order. Drag
moments into the plan (or press Enter / "Add"), drag clips to reorder them (or Ctrl+Up/Down),
edit a caption in place (F2 or double click), preview a clip in the player (Space), remove it
(Delete). "Propose" asks :func:`sessions.plan.propose_plan` for a first plan. "Export" builds
the reel (:func:`sessions.reel.build_plan_reel`) and the script
(:func:`sessions.script.write_script`) in the background with progress and Cancel, then opens
the folder. Every change is a call into :mod:`services.plan`; the lists are reloaded after it (from the
change notice the service returns), never edited by hand. Export checks the plan first
(``validate_plan``) and says what is wrong before any long work.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from services import plan as plan_service
from services.annotations import ConflictError
from services.changes import Changes, Subject
from services.plan import MomentRow, PlannedClip
from sessions.plan import overlapping_clips
from vfeedback.errors import InputError

from . import conflict_dialog
from .actions import make_action
from .coding_panel import swatch
from .operations import Operation, run_in_background, show_error
from .plan_lists import CAPTION_ROLE, CaptionDelegate, ClipList
from .player import format_time
from .state import GuiState

EXPORT_DIR_KEY = "plan/export_dir"


# The rows the builder shows come from the feedback-plan service (plain, frozen values).
ClipRow = PlannedClip
CLIP_SPEEDS = (1.0, 0.75, 0.5, 0.25)  # slow motion choices for a clip


class PlanBuilder(QWidget):
    exported = Signal(list)  # the files written

    def __init__(self, app, state: GuiState, parent: QWidget | None = None,  # noqa: ANN001
                 open_recording=None, player=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("planBuilder")
        self.app, self.state = app, state
        self.open_recording = open_recording
        self.player = player
        self.open_results = True  # tests turn this off: no file manager on CI
        self.clips: list[ClipRow] = []
        self.moments_rows: list[MomentRow] = []
        self._preview_end: int | None = None
        self._loading = False
        self.export_op: Operation | None = None

        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.moments = QListWidget(self)
        self.moments.setObjectName("moments")
        self.moments.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.moments.setDragEnabled(True)
        self.moments.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.clip_list = ClipList(self.moments, self)
        self.clip_list.setObjectName("clips")
        self.clip_list.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                       | QAbstractItemView.EditTrigger.DoubleClicked)
        self.clip_list.setItemDelegate(CaptionDelegate(self))
        self.clip_list.clipMoved.connect(self.move)
        self.clip_list.momentsDropped.connect(self.add)

        self.add_button = QPushButton(self.tr("&Add to plan ↓"), self)
        self.add_button.clicked.connect(lambda: self.add(self.selected_moments()))
        self.propose_button = QPushButton(self.tr("&Propose plan"), self)
        self.propose_button.setToolTip(self.tr("Replace the plan with one made from the coded "
                                               "moments with a caption: strengths first, the "
                                               "visit's theme first"))
        self.propose_button.clicked.connect(self.propose)
        self.preview_button = QPushButton(self.tr("Pre&view"), self)
        self.preview_button.clicked.connect(self.preview_current)
        self.remove_button = QPushButton(self.tr("Remo&ve"), self)
        self.remove_button.clicked.connect(self.remove_current)
        # One button writes the reel and the script into the visit's own folder and says
        # where; "Export to…" is for another folder.
        self.export_button = QPushButton(self.tr("E&xport for the visit"), self)
        self.export_button.setObjectName("exportForVisit")
        self.export_button.setToolTip(self.tr("Write the reel and the script into this "
                                              "visit's folder"))
        self.export_button.clicked.connect(self.export_for_visit)
        self.export_to_button = QPushButton(self.tr("Export &to…"), self)
        self.export_to_button.clicked.connect(self.export_dialog)
        self.export_folder: Path | None = None
        # For teaching clips: faces blurred in the reel (sessions.face_blur), the case code
        # replaced by a neutral label in file names and titles.
        self.faces_box = QComboBox(self)
        self.faces_box.setObjectName("exportFaces")
        for text, mode in ((self.tr("Shown"), None),
                           (self.tr("Blurred, except the parent's and the child's"), "others"),
                           (self.tr("All blurred"), "all")):
            self.faces_box.addItem(text, mode)
        self.faces_box.setToolTip(self.tr("Blurring the parent's and the child's faces apart "
                                          "needs the recording's analysis"))
        self.pseudonym_box = QCheckBox(self.tr("Hide the case code"), self)
        self.pseudonym_box.setObjectName("exportPseudonym")
        self.export_done = QWidget(self)  # "Exported to …  [Open folder]", after an export
        self.export_done.setObjectName("exportDone")
        self.export_note = QLabel(self.export_done)
        self.export_note.setWordWrap(True)
        self.export_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton(self.tr("&Open folder"), self.export_done)
        self.open_folder_button.clicked.connect(self.open_export_folder)
        done_row = QHBoxLayout(self.export_done)
        done_row.setContentsMargins(0, 0, 0, 0)
        done_row.addWidget(self.export_note, 1)
        done_row.addWidget(self.open_folder_button)
        self.export_done.hide()
        # Overlapping clips build a reel that shows the same seconds twice: said here, before
        # any export (issue 14: a 2 s overlap went unnoticed).
        self.overlap_warning = QLabel(self)
        self.overlap_warning.setObjectName("planOverlap")
        self.overlap_warning.setWordWrap(True)
        self.overlap_warning.setStyleSheet("color: #b35c00;")
        self.overlap_warning.hide()

        # The current clip's own settings: a note for the clinician (never shown to the
        # parent), slow motion and a freeze-frame on the moment; saved when changed.
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("clipNote")
        self.note_edit.setPlaceholderText(self.tr("Your note for this clip (not shown to the "
                                                  "parent)"))
        self.note_edit.editingFinished.connect(self._note_edited)
        self.speed_box = QComboBox(self)
        self.speed_box.setObjectName("clipSpeed")
        for speed in CLIP_SPEEDS:
            self.speed_box.addItem(self.tr("normal") if speed == 1.0
                                   else self.tr("{x}× (slow motion)").replace("{x}", f"{speed:g}"),
                                   speed)
        self.speed_box.activated.connect(lambda _i: self._save_clip(
            speed=float(self.speed_box.currentData())))
        self.freeze_box = QDoubleSpinBox(self)
        self.freeze_box.setObjectName("clipFreeze")
        self.freeze_box.setRange(0.0, 10.0)
        self.freeze_box.setSingleStep(0.5)
        self.freeze_box.setDecimals(1)
        self.freeze_box.setSuffix(self.tr(" s"))
        self.freeze_box.setSpecialValueText(self.tr("none"))
        self.freeze_box.setToolTip(self.tr("Hold the frame of the moment this long"))
        self.freeze_box.editingFinished.connect(self._freeze_edited)
        # (Not while the list is rebuilt: disabling the fields for a moment would take the
        # focus away from the one being used.)
        self.clip_list.currentRowChanged.connect(
            lambda _r: None if self._loading else self._show_clip_fields())

        self._key(self.moments, "plan.add", lambda: self.add(self.selected_moments()))
        self._key(self.clip_list, "plan.preview", self.preview_current)
        self._key(self.clip_list, "plan.remove", self.remove_current)
        self._key(self.clip_list, "plan.earlier", lambda: self.shift_current(-1))
        self._key(self.clip_list, "plan.later", lambda: self.shift_current(1))

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel(self.tr("Coded &moments (strengths first):"), top))
        top_layout.itemAt(0).widget().setBuddy(self.moments)
        top_layout.addWidget(self.moments)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.propose_button)
        top_layout.addLayout(row)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        self.clips_label = QLabel(self.tr("&Clips in showing order (drag to reorder, F2 edits "
                                          "the caption):"), bottom)
        self.clips_label.setWordWrap(True)
        self.clips_label.setBuddy(self.clip_list)
        bottom_layout.addWidget(self.clips_label)
        bottom_layout.addWidget(self.clip_list)
        bottom_layout.addWidget(self.overlap_warning)
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addWidget(self.remove_button)
        bottom_layout.addLayout(row)
        clip_form = QFormLayout()
        clip_form.addRow(self.tr("&Note:"), self.note_edit)
        clip_form.addRow(self.tr("&Speed:"), self.speed_box)
        clip_form.addRow(self.tr("&Freeze-frame:"), self.freeze_box)
        bottom_layout.addLayout(clip_form)
        export_form = QFormLayout()
        export_form.addRow(self.tr("Faces in the reel:"), self.faces_box)
        export_form.addRow("", self.pseudonym_box)
        bottom_layout.addLayout(export_form)
        row = QHBoxLayout()
        row.addWidget(self.export_button, 1)
        row.addWidget(self.export_to_button)
        bottom_layout.addLayout(row)
        bottom_layout.addWidget(self.export_done)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        # In a scroll area: the panel's full height (lists, clip settings, export) must not
        # set the window's minimum height (it pushed the window past a 1280x800 screen, the
        # Events tab under its bottom edge).
        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.title)
        content_layout.addWidget(splitter, 1)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("planScroll")
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

        state.visitChanged.connect(lambda _v: self.reload())
        state.dataChanged.connect(self._data_changed)
        state.playheadChanged.connect(self._preview_tick)
        self.reload()

    def _key(self, widget: QWidget, action_id: str, slot) -> None:  # noqa: ANN001
        widget.addAction(make_action(self, action_id, slot))  # keys: gui.actions

    # -- loading --------------------------------------------------------------------------------
    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(Subject.ANNOTATIONS, Subject.PLAN, Subject.RECORDINGS, Subject.VISITS):
            self.reload()

    def reload(self) -> None:
        visit_id = self.state.visit_id
        enabled = visit_id is not None
        for widget in (self.moments, self.clip_list, self.add_button, self.propose_button,
                       self.preview_button, self.remove_button, self.export_button,
                       self.export_to_button):
            widget.setEnabled(enabled)
        if not enabled:
            self.title.setText(self.tr("Choose a visit to plan its feedback"))
            self.moments.clear()
            self.clip_list.clear()
            return
        actor = self.state.actor
        try:
            planned = plan_service.show(self.app, actor, visit_id)
            self.moments_rows: list[MomentRow] = plan_service.moments(self.app, actor, visit_id)
        except InputError as exc:  # a visit this person may not open: say so, show nothing
            self.title.setText(str(exc))
            self.moments.clear()
            self.clip_list.clear()
            return
        title, self.clips = planned.title, list(planned.clips)
        total = sum(c.span_end_ms - c.span_start_ms for c in self.clips)
        self.title.setText(self.tr("{title} · {n} clips · {t}").replace(
            "{title}", title or self.tr("Feedback plan")).replace("{n}", str(len(self.clips)))
            .replace("{t}", format_time(total)))
        self._loading = True
        try:
            self.moments.clear()
            for m in self.moments_rows:
                valence = {"strength": self.tr("strength"), "work_on": self.tr("to work on")
                           }.get(m.valence or "", "")
                when = format_time(m.start_ms)
                text = f"{when}  {m.code_name}" + (f" · {valence}" if valence else "") \
                    + (f" — “{m.caption}”" if m.caption else "")
                item = QListWidgetItem(swatch(m.colour), text, self.moments)
                item.setData(Qt.ItemDataRole.UserRole, m.annotation_id)
                if m.in_plan:  # dimmed through the palette, so dark themes stay readable
                    item.setForeground(self.palette().color(self.palette().ColorGroup.Disabled,
                                                            self.palette().ColorRole.Text))
                    item.setToolTip(self.tr("Already in the plan"))
            current = self.clip_list.currentRow()
            self.clip_list.clear()
            overlapping = self._show_overlaps()
            for number, c in enumerate(self.clips, start=1):
                when = f"{format_time(c.span_start_ms)}–{format_time(c.span_end_ms)}"
                # "Clip n", the name the reel's cards, the script and the presentation use.
                name = self.tr("Clip {n}").replace("{n}", str(number))
                item = QListWidgetItem(f"{name}: {c.caption}    [{when}]", self.clip_list)
                item.setData(Qt.ItemDataRole.UserRole, c.clip_id)
                item.setData(CAPTION_ROLE, c.caption)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable
                              | Qt.ItemFlag.ItemIsDragEnabled)
                item.setToolTip(self.tr("Clip {n}: {a}–{b}").replace("{n}", str(number))
                                .replace("{a}", format_time(c.span_start_ms))
                                .replace("{b}", format_time(c.span_end_ms))
                                + (f"\n{c.note}" if c.note else ""))
                if not c.caption:
                    item.setForeground(QColor(self.palette().color(
                        self.palette().ColorGroup.Disabled, self.palette().ColorRole.Text)))
                    item.setText(f"{name}: " + self.tr("(no caption: F2 to write one)")
                                 + f"    [{when}]")
                if number in overlapping:
                    item.setIcon(self.style().standardIcon(
                        self.style().StandardPixmap.SP_MessageBoxWarning))
            if self.clips:
                self.clip_list.setCurrentRow(max(0, min(current, len(self.clips) - 1)))
        finally:
            self._loading = False
        self._show_clip_fields()

    def _show_overlaps(self) -> set[int]:
        """Say which clips overlap (see :func:`sessions.plan.overlapping_clips`); their
        numbers."""
        pairs = overlapping_clips(self.clips)
        self.overlap_warning.setText("\n".join(
            self.tr("⚠ Clips {a} and {b} overlap by {s} s: the parent sees those seconds "
                    "twice.").replace("{a}", str(a)).replace("{b}", str(b))
            .replace("{s}", f"{ms / 1000:.1f}") for a, b, ms in pairs))
        self.overlap_warning.setVisible(bool(pairs))
        return {n for a, b, _ms in pairs for n in (a, b)}

    def _show_clip_fields(self) -> None:
        """The current clip's note, speed and freeze-frame, as stored."""
        clip = self.current_clip()
        for widget in (self.note_edit, self.speed_box, self.freeze_box):
            widget.setEnabled(clip is not None)
        if clip is None:
            self.note_edit.clear()
            return
        self._loading = True
        try:
            self.note_edit.setText(clip.note)
            self.note_edit.setModified(False)
            index = self.speed_box.findData(clip.speed)
            if index < 0:  # a speed set elsewhere (the CLI): show it as it is
                self.speed_box.addItem(f"{clip.speed:g}×", clip.speed)
                index = self.speed_box.count() - 1
            self.speed_box.setCurrentIndex(index)
            self.freeze_box.setValue(clip.freeze_ms / 1000 if clip.freeze_at_ms is not None
                                     else 0.0)
        finally:
            self._loading = False

    def _save_clip(self, **fields: object) -> Operation | None:
        clip = self.current_clip()
        if clip is None or self._loading:
            return None
        return self._save(self.tr("Clip settings"), clip.clip_id, clip.version, fields)

    def _save(self, title: str, clip_id: int, version: int, fields: dict) -> Operation:
        """Save a clip's fields, made on ``version``; a colleague's newer change of the clip
        opens the conflict dialog (Reload: show theirs; Keep mine: save again, forced)."""
        op = self._run(title, lambda app, actor: plan_service.update_clip(
            app, actor, clip_id, expected_version=version, **fields))

        def conflict(exc: ConflictError) -> None:
            self.conflict = conflict_dialog.ask(
                self, exc, self.reload, lambda: self._run(
                    title, lambda app, actor: plan_service.update_clip(
                        app, actor, clip_id, force=True, **fields)))
        op.failure(conflict_dialog.failure_handler(self, title, conflict))
        return op

    def _note_edited(self) -> None:
        clip = self.current_clip()
        if clip is not None and self.note_edit.text().strip() != clip.note:
            self.note_edit.setModified(False)
            self._save_clip(note=self.note_edit.text().strip())

    def _freeze_edited(self) -> None:
        clip = self.current_clip()
        if clip is None:
            return
        freeze_ms = int(round(self.freeze_box.value() * 1000))
        stored = clip.freeze_ms if clip.freeze_at_ms is not None else 0
        if freeze_ms != stored:
            # Held on the chosen moment itself (the frame the caption speaks about).
            self._save_clip(freeze_ms=freeze_ms,
                            freeze_at_ms=clip.start_ms if freeze_ms else None)

    # -- changing the plan (each through sessions.plan, in the background) ----------------------
    def _run(self, title: str, work, on_success=None) -> Operation:  # noqa: ANN001
        """Run ``work(app, actor)`` (a :mod:`services.plan` call) in the background."""
        app, actor = self.app, self.state.actor
        return run_in_background(self, lambda _p, _c: work(app, actor), title=title,
                                 state=self.state, on_success=on_success, show_progress=False)

    def selected_moments(self) -> list[int]:
        return [i.data(Qt.ItemDataRole.UserRole) for i in self.moments.selectedItems()]

    def current_clip(self) -> ClipRow | None:
        row = self.clip_list.currentRow()
        return self.clips[row] if 0 <= row < len(self.clips) else None

    def add(self, annotation_ids: list[int], position: int | None = None) -> Operation | None:
        visit_id = self.state.visit_id
        if visit_id is None or not annotation_ids:
            return None
        return self._run(self.tr("Add to the plan"),
                         lambda app, actor: plan_service.add_moments(
                             app, actor, visit_id, list(annotation_ids), position))

    def move(self, clip_id: int, position: int) -> Operation | None:
        visit_id = self.state.visit_id
        if visit_id is None:
            return None
        return self._run(self.tr("Reorder the plan"),
                         lambda app, actor: plan_service.move_clip(app, actor, visit_id,
                                                                   clip_id, position),
                         on_success=lambda _r: self.clip_list.setCurrentRow(position))

    def shift_current(self, delta: int) -> Operation | None:
        row = self.clip_list.currentRow()
        clip = self.current_clip()
        if clip is None or not 0 <= row + delta < len(self.clips):
            return None
        return self.move(clip.clip_id, row + delta)

    def remove_current(self) -> Operation | None:
        clip = self.current_clip()
        if clip is None:
            return None
        return self._run(self.tr("Remove the clip"), lambda app, actor: plan_service.remove_clips(
            app, actor, [clip.clip_id]))

    def set_caption(self, clip_id: int, caption: str) -> Operation:
        version = next((c.version for c in self.clips if c.clip_id == clip_id), None)
        if version is None:  # not shown here: nothing to compare with
            return self._run(self.tr("Caption"), lambda app, actor: plan_service.update_clip(
                app, actor, clip_id, caption=caption))
        return self._save(self.tr("Caption"), clip_id, version, {"caption": caption})

    def propose(self) -> Operation | None:
        visit_id = self.state.visit_id
        if visit_id is None:
            return None
        if self.clips and QMessageBox.question(
                self, self.tr("Propose a plan"),
                self.tr("Replace the {n} clips of this plan with a proposal?")
                .replace("{n}", str(len(self.clips)))) != QMessageBox.StandardButton.Yes:
            return None
        return self._run(self.tr("Propose a plan"),
                         lambda app, actor: plan_service.propose(app, actor, visit_id,
                                                                 captioned_only=True),
                         on_success=lambda _n: self.show_part(self.clips_label, top=True))

    def show_part(self, widget: QWidget, top: bool = False) -> None:
        """Scroll the panel so that ``widget`` (the proposed clips, the export note) is in
        view (with ``top``: at the top, so the rows under it show too), once the layout has
        placed it."""
        def scroll() -> None:
            if top:
                content = self.scroll.widget()
                self.scroll.verticalScrollBar().setValue(
                    widget.mapTo(content, widget.rect().topLeft()).y())
            else:
                self.scroll.ensureWidgetVisible(widget, 0, 0)
        QTimer.singleShot(0, scroll)

    # -- preview ----------------------------------------------------------------------------------
    def preview_current(self) -> None:
        clip = self.current_clip()
        if clip is None:
            return
        if self.state.recording_id != clip.recording_id and self.open_recording is not None:
            self.open_recording(clip.recording_id)
        if self.state.recording_id != clip.recording_id:
            return
        self.state.set_playhead(clip.span_start_ms)
        self._preview_end = clip.span_end_ms
        if self.player is not None:
            self.player.play()

    def _preview_tick(self, ms: int) -> None:
        if self._preview_end is not None and ms >= self._preview_end:
            self._preview_end = None
            if self.player is not None and self.player.playing:
                self.player.pause()

    # -- export -------------------------------------------------------------------------------------
    def export_for_visit(self) -> Operation | None:
        """Reel and script into the visit's folder (see
        :func:`services.plan.visit_export_folder`), then a message with "Open folder"."""
        if self.state.visit_id is None:
            return None
        try:
            folder = plan_service.visit_export_folder(self.app, self.state.actor,
                                                      self.state.visit_id)
        except InputError as exc:
            show_error(self, self.tr("Exporting the reel and script"), str(exc))
            return None
        return self.export_to(folder)

    def export_dialog(self) -> Operation | None:
        visit_folder = (plan_service.visit_export_folder(self.app, self.state.actor,
                                                          self.state.visit_id)
                        if self.state.visit_id is not None else Path.home())
        start = QSettings().value(EXPORT_DIR_KEY, str(visit_folder.parent))
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export the reel and script to"),
                                                  str(start))
        if not folder:
            return None
        QSettings().setValue(EXPORT_DIR_KEY, folder)
        return self.export_to(Path(folder))

    def export_to(self, folder: Path) -> Operation | None:
        visit_id = self.state.visit_id
        if visit_id is None:
            return None
        self.export_button.setEnabled(False)
        self.export_to_button.setEnabled(False)
        actor = self.state.actor
        blur_faces = self.faces_box.currentData()
        pseudonym = "family" if self.pseudonym_box.isChecked() else None
        op = run_in_background(
            self, lambda p, c: plan_service.export(self.app, actor, visit_id, folder, p, c,
                                                   blur_faces=blur_faces,
                                                   pseudonym=pseudonym),
            title=self.tr("Exporting the reel and script"), state=self.state,
            on_success=self._exported)
        op.finished.connect(lambda _ok: (self.export_button.setEnabled(True),
                                         self.export_to_button.setEnabled(True)))
        self.export_op = op
        return op

    def _exported(self, paths: list[Path]) -> None:
        self.state.statusMessage.emit(self.tr("Wrote {files}").replace(
            "{files}", ", ".join(p.name for p in paths)))
        self.exported.emit(paths)
        if not paths:
            return
        folder = paths[0].parent
        # Say where the files are, in the panel, with a way there (no file manager popping up
        # unasked, no dialog to dismiss before presenting).
        self.export_folder = folder
        self.export_note.setText(self.tr("Exported the reel and the script to {folder}")
                                 .replace("{folder}", str(folder)))
        self.export_note.setToolTip("\n".join(p.name for p in paths))
        self.export_done.show()
        self.show_part(self.export_done)

    def open_export_folder(self) -> None:
        if self.export_folder is not None and self.open_results:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.export_folder)))
