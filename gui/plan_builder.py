"""The feedback-plan builder: from the visit's coded moments to an ordered, captioned reel.

Above, the visit's moments (strengths first); below, the plan's clips in showing order. Drag
moments into the plan (or press Enter / "Add"), drag clips to reorder them (or Ctrl+Up/Down),
edit a caption in place (F2 or double click), preview a clip in the player (Space), remove it
(Delete). "Propose" asks :func:`sessions.plan.propose_plan` for a first plan. "Export" builds
the reel (:func:`sessions.reel.build_plan_reel`) and the script
(:func:`sessions.script.write_script`) in the background with progress and Cancel, then opens
the folder. Every change is a call into :mod:`sessions.plan`; the lists are reloaded from the
database after it, never edited by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QColor, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from vfeedback.models import Annotation, Recording, Visit
from vfeedback.progress import scaled

from .coding_panel import swatch
from .operations import Changes, Operation, run_in_background
from .player import format_time
from .state import GuiState

EXPORT_DIR_KEY = "plan/export_dir"


@dataclass(frozen=True)
class MomentRow:
    annotation_id: int
    recording_id: int
    code_name: str
    colour: str
    start_ms: int
    end_ms: int | None
    valence: str | None
    caption: str
    in_plan: bool


@dataclass(frozen=True)
class ClipRow:
    id: int
    recording_id: int
    start_ms: int
    end_ms: int
    span_start_ms: int  # with lead-in/out, clamped to the recording
    span_end_ms: int
    caption: str
    theme: str
    note: str
    annotation_id: int | None


# -- data (no widgets; safe in a worker) ------------------------------------------------------
def load_moments(app, visit_id: int) -> list[MomentRow]:  # noqa: ANN001 - vfeedback.app.App
    """The visit's coded moments, strengths first, then the rest, each by time."""
    from sqlalchemy import select

    with app.db.session() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            return []
        planned = {c.annotation_id for c in visit.plan.clips} if visit.plan else set()
        rows = session.scalars(select(Annotation).join(Recording)
                               .where(Recording.visit_id == visit_id)
                               .order_by(Annotation.recording_id, Annotation.start_ms))
        moments = [MomentRow(a.id, a.recording_id, a.code.name, a.code.colour, a.start_ms,
                             a.end_ms, a.valence, a.caption or "", a.id in planned)
                   for a in rows if a.code.kind != "rating"]
    rank = {"strength": 0, None: 1, "work_on": 2}
    return sorted(moments, key=lambda m: (rank.get(m.valence, 1), m.recording_id, m.start_ms))


def load_clips(app, visit_id: int) -> tuple[str, list[ClipRow]]:  # noqa: ANN001
    """The plan's title and clips in order (the plan is made when the visit has none)."""
    from sessions.plan import clip_range, get_or_create_plan

    with app.db.session() as session:
        plan = get_or_create_plan(session, visit_id)
        clips = []
        for c in plan.clips:
            span = clip_range(c)
            clips.append(ClipRow(c.id, c.recording_id, c.start_ms, c.end_ms, span.start_ms,
                                 span.end_ms, c.caption, c.theme, c.note, c.annotation_id))
        return plan.title, clips


def add_moments(app, visit_id: int, annotation_ids: list[int],  # noqa: ANN001
                position: int | None = None) -> list[int]:
    from sessions.plan import add_clip_from_annotation, get_or_create_plan

    with app.db.session() as session:
        plan = get_or_create_plan(session, visit_id)
        ids = []
        for offset, ann_id in enumerate(annotation_ids):
            at = None if position is None else position + offset
            ids.append(add_clip_from_annotation(session, plan, ann_id, position=at).id)
        return ids


def move_clip(app, visit_id: int, clip_id: int, position: int) -> None:  # noqa: ANN001
    from sessions.plan import get_or_create_plan
    from sessions.plan import move_clip as move

    with app.db.session() as session:
        move(session, get_or_create_plan(session, visit_id), clip_id, position)


def update_clip(app, clip_id: int, **fields: Any) -> None:  # noqa: ANN001
    from sessions.plan import update_clip as update

    with app.db.session() as session:
        update(session, clip_id, **fields)


def remove_clips(app, clip_ids: list[int]) -> None:  # noqa: ANN001
    from sessions.plan import remove_clip

    with app.db.session() as session:
        for clip_id in clip_ids:
            remove_clip(session, clip_id)


def propose(app, visit_id: int) -> int:  # noqa: ANN001
    from sessions.plan import propose_plan

    with app.db.session() as session:
        return len(propose_plan(session, visit_id).clips)


def export_names(app, visit_id: int) -> str:  # noqa: ANN001
    """A file-name stem for the visit's reel: ``<case>-visit<n>``."""
    with app.db.session() as session:
        visit = session.get(Visit, visit_id)
        stem = f"{visit.case.code}-visit{visit.number}" if visit else f"visit{visit_id}"
    return re.sub(r"[^\w.-]+", "_", stem)


def export_plan(app, visit_id: int, folder: Path, progress=None, cancel=None  # noqa: ANN001
                ) -> list[Path]:
    """Build the reel MP4 and the script (PDF + HTML) into ``folder``; returns the files."""
    from sessions.reel import build_plan_reel
    from sessions.script import write_script

    folder.mkdir(parents=True, exist_ok=True)
    stem = export_names(app, visit_id)
    reel = build_plan_reel(app, visit_id, folder / f"{stem}-reel.mp4",
                           progress=scaled(progress, 0.0, 0.85), cancel=cancel)
    if cancel is not None:
        cancel.check()
    written = write_script(app, visit_id, folder / f"{stem}-script.pdf",
                           folder / f"{stem}-script.html", progress=scaled(progress, 0.85, 1.0))
    return [reel.path, *written]


# -- widgets ---------------------------------------------------------------------------------------
CAPTION_ROLE = Qt.ItemDataRole.UserRole + 1


class CaptionDelegate(QStyledItemDelegate):
    """Edits a clip's caption in place; the text is saved through :mod:`sessions.plan`, and the
    list shows it after the reload (never the half-typed text as if it were saved)."""

    def __init__(self, builder: PlanBuilder) -> None:
        super().__init__(builder)
        self.builder = builder

    def createEditor(self, parent, option, index):  # noqa: ANN001, ANN201, N802
        editor = QLineEdit(parent)
        editor.setPlaceholderText(self.builder.tr("What the child would say…"))
        return editor

    def setEditorData(self, editor, index) -> None:  # noqa: ANN001, N802
        editor.setText(index.data(CAPTION_ROLE) or "")

    def setModelData(self, editor, model, index) -> None:  # noqa: ANN001, N802
        text = editor.text().strip()
        if text != (index.data(CAPTION_ROLE) or ""):
            self.builder.set_caption(index.data(Qt.ItemDataRole.UserRole), text)


class ClipList(QListWidget):
    """The plan's clips: reorder by drag and drop, accept moments dragged from the list above."""

    clipMoved = Signal(int, int)  # clip id, new position
    momentsDropped = Signal(list, int)  # annotation ids, position

    def __init__(self, moments: QListWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.moments = moments
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAcceptDrops(True)

    def event(self, event) -> bool:  # noqa: ANN001
        # F2 is also the window's "Rename case"; inside the clip list it edits the caption.
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_F2 \
                and self.state() != QAbstractItemView.State.EditingState:
            event.accept()
            return True
        return super().event(event)

    def _drop_row(self, event) -> int:  # noqa: ANN001
        item = self.itemAt(event.position().toPoint())
        if item is None:
            return self.count()
        row = self.row(item)
        rect = self.visualItemRect(item)
        return row + (1 if event.position().y() > rect.center().y() else 0)

    def dragEnterEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.source() in (self, self.moments):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.source() in (self, self.moments):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: ANN001, N802
        # The database decides the order; the list is reloaded afterwards, so Qt's own
        # item move is not used (it would show an order that was never saved).
        row = self._drop_row(event)
        if event.source() is self.moments:
            ids = [i.data(Qt.ItemDataRole.UserRole) for i in self.moments.selectedItems()]
            if ids:
                self.momentsDropped.emit(ids, row)
        elif event.source() is self and self.currentItem() is not None:
            current = self.row(self.currentItem())
            self.clipMoved.emit(self.currentItem().data(Qt.ItemDataRole.UserRole),
                                row - 1 if row > current else row)
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()


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
        self.propose_button = QPushButton(self.tr("&Propose"), self)
        self.propose_button.setToolTip(self.tr("Replace the plan with one made from the coded "
                                               "moments: strengths first"))
        self.propose_button.clicked.connect(self.propose)
        self.preview_button = QPushButton(self.tr("Pre&view"), self)
        self.preview_button.clicked.connect(self.preview_current)
        self.remove_button = QPushButton(self.tr("Remo&ve"), self)
        self.remove_button.clicked.connect(self.remove_current)
        self.export_button = QPushButton(self.tr("E&xport reel and script…"), self)
        self.export_button.clicked.connect(self.export_dialog)

        self._key(self.moments, [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Insert],
                  lambda: self.add(self.selected_moments()))
        self._key(self.clip_list, [Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter],
                  self.preview_current)
        self._key(self.clip_list, [QKeySequence.StandardKey.Delete], self.remove_current)
        self._key(self.clip_list, ["Ctrl+Up"], lambda: self.shift_current(-1))
        self._key(self.clip_list, ["Ctrl+Down"], lambda: self.shift_current(1))

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
        clips_label = QLabel(self.tr("&Clips in showing order (drag to reorder, F2 edits the "
                                     "caption):"), bottom)
        clips_label.setWordWrap(True)
        clips_label.setBuddy(self.clip_list)
        bottom_layout.addWidget(clips_label)
        bottom_layout.addWidget(self.clip_list)
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addWidget(self.remove_button)
        bottom_layout.addLayout(row)
        bottom_layout.addWidget(self.export_button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(splitter, 1)

        state.visitChanged.connect(lambda _v: self.reload())
        state.dataChanged.connect(self._data_changed)
        state.playheadChanged.connect(self._preview_tick)
        self.reload()

    def _key(self, widget: QWidget, keys: list, slot) -> None:  # noqa: ANN001
        action = QAction(self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        widget.addAction(action)

    # -- loading --------------------------------------------------------------------------------
    def _data_changed(self, changes: Changes) -> None:
        if changes.touches("annotations", "plan", "recordings", "visits"):
            self.reload()

    def reload(self) -> None:
        visit_id = self.state.visit_id
        enabled = visit_id is not None
        for widget in (self.moments, self.clip_list, self.add_button, self.propose_button,
                       self.preview_button, self.remove_button, self.export_button):
            widget.setEnabled(enabled)
        if not enabled:
            self.title.setText(self.tr("Choose a visit to plan its feedback"))
            self.moments.clear()
            self.clip_list.clear()
            return
        title, self.clips = load_clips(self.app, visit_id)
        self.moments_rows = load_moments(self.app, visit_id)
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
            for number, c in enumerate(self.clips, start=1):
                when = f"{format_time(c.span_start_ms)}–{format_time(c.span_end_ms)}"
                item = QListWidgetItem(f"{number}. {c.caption}    [{when}]", self.clip_list)
                item.setData(Qt.ItemDataRole.UserRole, c.id)
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
                    item.setText(self.tr("{n}. (no caption: F2 to write one)")
                                 .replace("{n}", str(number)) + f"    [{when}]")
            if self.clips:
                self.clip_list.setCurrentRow(max(0, min(current, len(self.clips) - 1)))
        finally:
            self._loading = False

    # -- changing the plan (each through sessions.plan, in the background) ----------------------
    def _run(self, title: str, work, on_success=None) -> Operation:  # noqa: ANN001
        return run_in_background(self, lambda _p, _c: work(), title=title, state=self.state,
                                 changes=Changes({"plan"}), on_success=on_success,
                                 show_progress=False)

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
                         lambda: add_moments(self.app, visit_id, annotation_ids, position))

    def move(self, clip_id: int, position: int) -> Operation | None:
        visit_id = self.state.visit_id
        if visit_id is None:
            return None
        return self._run(self.tr("Reorder the plan"),
                         lambda: move_clip(self.app, visit_id, clip_id, position),
                         on_success=lambda _r: self.clip_list.setCurrentRow(position))

    def shift_current(self, delta: int) -> Operation | None:
        row = self.clip_list.currentRow()
        clip = self.current_clip()
        if clip is None or not 0 <= row + delta < len(self.clips):
            return None
        return self.move(clip.id, row + delta)

    def remove_current(self) -> Operation | None:
        clip = self.current_clip()
        if clip is None:
            return None
        return self._run(self.tr("Remove the clip"), lambda: remove_clips(self.app, [clip.id]))

    def set_caption(self, clip_id: int, caption: str) -> Operation:
        return self._run(self.tr("Caption"),
                         lambda: update_clip(self.app, clip_id, caption=caption))

    def propose(self) -> Operation | None:
        visit_id = self.state.visit_id
        if visit_id is None:
            return None
        if self.clips and QMessageBox.question(
                self, self.tr("Propose a plan"),
                self.tr("Replace the {n} clips of this plan with a proposal?")
                .replace("{n}", str(len(self.clips)))) != QMessageBox.StandardButton.Yes:
            return None
        return self._run(self.tr("Propose a plan"), lambda: propose(self.app, visit_id))

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
    def export_dialog(self) -> Operation | None:
        start = QSettings().value(EXPORT_DIR_KEY, str(Path.home()))
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
        op = run_in_background(
            self, lambda p, c: export_plan(self.app, visit_id, folder, p, c),
            title=self.tr("Exporting the reel and script"), state=self.state,
            on_success=self._exported)
        op.finished.connect(lambda _ok: self.export_button.setEnabled(True))
        self.export_op = op
        return op

    def _exported(self, paths: list[Path]) -> None:
        self.state.statusMessage.emit(self.tr("Wrote {files}").replace(
            "{files}", ", ".join(p.name for p in paths)))
        self.exported.emit(paths)
        if self.open_results and paths:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths[0].parent)))
