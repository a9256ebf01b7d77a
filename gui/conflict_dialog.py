"""A colleague saved first: "Changed by X at HH:MM", with Reload and Keep mine.

Every GUI save that can meet someone else's newer change (annotation edits on the timeline, in
the inspector and the event list, clip edits in the plan builder, edits sent again from the
outbox) hands its failure to :func:`failure_handler`. A :class:`vfeedback.db.ConflictError`
becomes a :class:`ConflictDialog` (never a traceback, never a silent overwrite):

- **Reload** takes their version: the views read it again and show it;
- **Keep mine** writes the edit again with ``force=True``, over their change (it is still in
  the journal: either person can undo).

A row deleted meanwhile offers only Reload: there is nothing left to keep one's edit on.
Other failures get the usual one-sentence message box (:func:`gui.operations.show_error`).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from services.annotations import ConflictError, local_hhmm
from vfeedback.errors import VFeedbackError

from .operations import show_error


class ConflictDialog(QMessageBox):
    """Non-blocking (``open()``): :attr:`resolved` says what the person chose."""

    resolved = Signal(bool)  # True: keep mine; False: reload (take theirs)

    def __init__(self, exc: ConflictError, parent: QWidget | None = None,
                 can_keep: bool = True) -> None:
        super().__init__(QMessageBox.Icon.Warning, self.tr("Changed by someone else"), "",
                         QMessageBox.StandardButton.NoButton, parent)
        self.setObjectName("conflictDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.error = exc
        if exc.deleted:
            self.setText(self.tr("Deleted by someone else"))
            can_keep = False
        else:
            self.setText(self.tr("Changed by {who} at {time}")
                         .replace("{who}", exc.changed_by or self.tr("someone else"))
                         .replace("{time}", local_hhmm(exc.changed_at)))
        self.setInformativeText(
            str(exc) + "\n\n" + (self.tr("Reload shows their version; Keep mine saves yours "
                                         "over it.") if can_keep else
                                 self.tr("Reload shows how it is now.")))
        self.reload_button = self.addButton(self.tr("Reload"),
                                            QMessageBox.ButtonRole.RejectRole)
        self.keep_button = self.addButton(self.tr("Keep mine"),
                                          QMessageBox.ButtonRole.AcceptRole) if can_keep else None
        self.setDefaultButton(self.reload_button)
        self.setEscapeButton(self.reload_button)
        self.buttonClicked.connect(
            lambda button: self.resolved.emit(button is self.keep_button))

    def choose(self, keep_mine: bool) -> None:
        """Press a button (tests, keyboard-free automation)."""
        button = self.keep_button if keep_mine and self.keep_button else self.reload_button
        button.click()


def ask(parent: QWidget | None, exc: ConflictError, on_reload: Callable[[], None],
        on_keep_mine: Callable[[], None] | None) -> ConflictDialog:
    """Show the dialog; call ``on_reload`` or ``on_keep_mine`` with the answer."""
    dialog = ConflictDialog(exc, parent, can_keep=on_keep_mine is not None)
    dialog.resolved.connect(lambda keep: (on_keep_mine if keep and on_keep_mine
                                          else on_reload)())
    dialog.open()
    return dialog


def failure_handler(parent: QWidget | None, title: str,
                    on_conflict: Callable[[ConflictError], None],
                    others: Callable[[BaseException], bool] | None = None
                    ) -> Callable[[BaseException], None]:
    """An :meth:`gui.operations.Operation.failure` callback: a conflict goes to
    ``on_conflict``; ``others`` may take any other failure (return True when it did);
    the rest is shown as :class:`gui.operations.Operation` would."""
    def failed(exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            on_conflict(exc)
        elif others is not None and others(exc):
            return
        elif isinstance(exc, VFeedbackError):
            show_error(parent, title or "vfeedback", str(exc))
        else:
            traceback.print_exception(exc, file=sys.stderr)  # the log; the user: one sentence
            show_error(parent, title or "vfeedback", QCoreApplication.translate(
                "ConflictDialog", "Something went wrong ({kind}): {message}")
                .replace("{kind}", type(exc).__name__).replace("{message}", str(exc)))
    return failed
