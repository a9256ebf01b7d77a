"""The consent panel of a case (the case browser's context menu: *Consent…*).

One row per use (filming, feedback, supervision, research and teaching): yes, no, or not
recorded yet, with who recorded it and when; the keep-until date after which the retention run
deletes the case; and the history of every change. *Save* records what changed through
:func:`services.consent.set_consent` (with the window's user as the one who recorded it).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services import consent
from vfeedback.errors import VFeedbackError

from .operations import show_error

UNSET = ""


class ConsentDialog(QDialog):
    def __init__(self, app, actor: str | None, case_id: int,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.actor, self.case_id = app, actor, case_id
        self.state = consent.get(app, actor, case_id)
        self.setWindowTitle(self.tr("Consent for case {code}").replace("{code}",
                                                                      self.state.code))
        names = {"filming": self.tr("Filming"), "feedback": self.tr("Use in feedback"),
                 "supervision": self.tr("Use in supervision"),
                 "research": self.tr("Use in research and teaching")}
        form = QFormLayout()
        self.choices: dict[str, QComboBox] = {}
        self.recorded: dict[str, QLabel] = {}
        for purpose in consent.PURPOSES:
            box = QComboBox(self)
            box.setObjectName(f"consent_{purpose}")
            box.addItem(self.tr("not recorded"), UNSET)
            box.addItem(self.tr("yes"), "yes")
            box.addItem(self.tr("no"), "no")
            box.setCurrentIndex(max(0, box.findData(self.state.value(purpose) or UNSET)))
            label = QLabel(self._recorded_text(purpose), self)
            row = QHBoxLayout()
            row.addWidget(box)
            row.addWidget(label, 1)
            form.addRow(names[purpose], row)
            self.choices[purpose], self.recorded[purpose] = box, label
        self.keep = QCheckBox(self.tr("Delete the case after"), self)
        self.keep_until = QDateEdit(self)
        self.keep_until.setCalendarPopup(True)
        self.keep_until.setDisplayFormat("yyyy-MM-dd")
        until = self.state.keep_until
        self.keep.setChecked(until is not None)
        self.keep_until.setDate(QDate(until.year, until.month, until.day) if until
                                else QDate.currentDate().addYears(5))
        self.keep_until.setEnabled(until is not None)
        self.keep.toggled.connect(self.keep_until.setEnabled)
        keep_row = QHBoxLayout()
        keep_row.addWidget(self.keep)
        keep_row.addWidget(self.keep_until)
        keep_row.addWidget(QLabel(self._recorded_text("keep_until"), self), 1)
        form.addRow(self.tr("Keep until"), keep_row)
        self.history = QTableWidget(0, 4, self)
        self.history.setHorizontalHeaderLabels([self.tr("When"), self.tr("What"),
                                                self.tr("Value"), self.tr("Recorded by")])
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setStretchLastSection(True)
        self._fill_history()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("History"), self))
        layout.addWidget(self.history, 1)
        layout.addWidget(buttons)

    def _recorded_text(self, name: str) -> str:
        entry = self.state.current.get(name)
        if entry is None:
            return ""
        return self.tr("recorded by {who} on {when}").replace("{who}", entry.recorded_by) \
            .replace("{when}", entry.recorded_at.strftime("%Y-%m-%d %H:%M"))

    def _fill_history(self) -> None:
        entries = list(reversed(self.state.history))  # newest first
        self.history.setRowCount(len(entries))
        for r, entry in enumerate(entries):
            for c, value in enumerate((entry.recorded_at.strftime("%Y-%m-%d %H:%M"),
                                       entry.field, entry.value or "-", entry.recorded_by)):
                self.history.setItem(r, c, QTableWidgetItem(value))

    def changes(self) -> dict[str, str]:
        """What the dialog would record now: the fields that differ from the stored ones."""
        out: dict[str, str] = {}
        for purpose, box in self.choices.items():
            chosen = box.currentData()
            if chosen != UNSET and chosen != self.state.value(purpose):
                out[purpose] = chosen
        qdate = self.keep_until.date()
        until = date(qdate.year(), qdate.month(), qdate.day()).isoformat() \
            if self.keep.isChecked() else ""
        if until != (self.state.value("keep_until") or ""):
            out["keep_until"] = until
        return out

    def save(self) -> bool:
        changed = self.changes()
        if changed:
            try:
                self.state = consent.set_consent(self.app, self.actor, self.case_id,
                                                 **changed).value
            except VFeedbackError as exc:
                show_error(self, self.tr("Consent"), str(exc))
                return False
        self.accept()
        return True


def case_of_item(item: QTreeWidgetItem | None) -> int | None:
    """The case id of a case browser row (a case, or one of its visits)."""
    data = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
    if not data:
        return None
    return int(data[1]) if data[0] == "case" else int(data[2])


def consent_menu(browser, item: QTreeWidgetItem | None) -> QMenu | None:  # noqa: ANN001
    """The case browser's context menu for ``item``: *Consent…* for its case."""
    case_id = case_of_item(item)
    if case_id is None:
        return None
    menu = QMenu(browser)
    action = menu.addAction(browser.tr("&Consent…"))
    action.setObjectName("case.consent")

    def open_dialog() -> None:
        try:
            dialog = ConsentDialog(browser.app, browser.state.actor, case_id, browser)
        except VFeedbackError as exc:  # the case was deleted meanwhile, or not this user's
            show_error(browser, browser.tr("Consent"), str(exc))
            return
        browser.consent_dialog = dialog  # tests find it here
        dialog.open()

    action.triggered.connect(open_dialog)
    return menu


def show_case_menu(browser, tree: QTreeWidget, pos: QPoint) -> None:  # noqa: ANN001
    menu = consent_menu(browser, tree.itemAt(pos))
    if menu is not None:
        menu.popup(tree.viewport().mapToGlobal(pos))
