"""File > Audit log…: the admin's view of who did what, with a filter, a check and an export.

The rows come from :func:`services.privacy.audit_rows` (newest first); *Verify* walks the hash
chain (:func:`services.privacy.audit_verify`) and names the first row that was tampered with;
*Export…* writes the whole log as CSV. Nothing here reads the database itself.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services import privacy
from vfeedback.errors import VFeedbackError

from .operations import show_error

COLUMNS = ("seq", "at", "actor", "action", "object", "detail")


class AuditDialog(QDialog):
    """The audit log as a table: type in the filter to keep the rows that mention it."""

    def __init__(self, app, actor: str | None, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.app, self.actor = app, actor
        self.setWindowTitle(self.tr("Audit log"))
        self.resize(900, 520)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter: action, user or object…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([
            self.tr("#"), self.tr("When (UTC)"), self.tr("User"), self.tr("Action"),
            self.tr("Object"), self.tr("Details")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel(self)
        self.verify_button = QPushButton(self.tr("&Verify the chain"), self)
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton(self.tr("&Export…"), self)
        self.export_button.clicked.connect(self.export_dialog)
        self.reload_button = QPushButton(self.tr("&Reload"), self)
        self.reload_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.reload_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.export_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        try:
            rows = privacy.audit_rows(self.app, self.actor)
        except VFeedbackError as exc:
            show_error(self, self.tr("Audit log"), str(exc))
            return
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            obj = f"{row['object_type']} {row['object_id']}".strip()
            detail = json.dumps(row["detail"] or {}, sort_keys=True, ensure_ascii=False)
            values = (str(row["seq"]), row["at"].strftime("%Y-%m-%d %H:%M:%S"), row["actor"],
                      row["action"], obj, detail)
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.apply_filter(self.filter.text())

    def apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for r in range(self.table.rowCount()):
            cells = (self.table.item(r, c).text().lower() for c in range(2, 5))
            self.table.setRowHidden(r, bool(needle) and not any(needle in c for c in cells))

    def visible_rows(self) -> list[tuple[str, ...]]:
        return [tuple(self.table.item(r, c).text() for c in range(len(COLUMNS)))
                for r in range(self.table.rowCount()) if not self.table.isRowHidden(r)]

    def verify(self) -> bool:
        try:
            result = privacy.audit_verify(self.app, self.actor)
        except VFeedbackError as exc:
            show_error(self, self.tr("Audit log"), str(exc))
            return False
        if result.ok:
            self.status.setText(self.tr("The audit log is intact: {n} rows").replace(
                "{n}", str(result.rows)))
            self.status.setStyleSheet("color: #1a7f37")
            return True
        bad = result.problem
        assert bad is not None
        where = (self.tr("row {id} (#{seq})").replace("{id}", str(bad.row_id))
                 .replace("{seq}", str(bad.seq)) if bad.row_id is not None
                 else self.tr("the end of the log"))
        self.status.setText(self.tr("Tampered with at {where}: {why}").replace(
            "{where}", where).replace("{why}", bad.why))
        self.status.setStyleSheet("color: #cf222e; font-weight: bold")
        return False

    def export_dialog(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit log"), "audit.csv", self.tr("CSV (*.csv)"))
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> int | None:
        try:
            n = privacy.audit_export(self.app, self.actor, path)
        except VFeedbackError as exc:
            show_error(self, self.tr("Audit log"), str(exc))
            return None
        self.status.setText(self.tr("Wrote {n} rows to {path}").replace("{n}", str(n))
                            .replace("{path}", str(path)))
        self.status.setStyleSheet("")
        return n


def audit_action(window) -> QAction:  # noqa: ANN001 - a MainWindow
    """File > Audit log…: opens :class:`AuditDialog` for the window's user."""
    action = QAction(window.tr("&Audit log…"), window)
    action.setObjectName("file.audit_log")

    def open_dialog() -> None:
        dialog = AuditDialog(window.app, window.state.actor, window)
        window.audit_dialog = dialog  # tests find it here
        dialog.open()

    action.triggered.connect(open_dialog)
    return action
