"""Logging in to a protected home, and locking the window after a while without input.

:class:`LoginDialog` asks for a name and password at start and keeps asking (with the reason:
wrong password, disabled, locked for N minutes) until a login works or the user quits.
:class:`InactivityLock` hides everything the window shows — video, timeline, notes, every
panel, the recording's name in the title — after ``lock_after_minutes`` (a home setting,
default 10; 0: never) without a key or mouse event, and shows a password prompt in its place.
Nothing is closed, so unsaved text stays where it was; while locked, no shortcut reaches the
hidden window. Only the person who is logged in can unlock it (or quit). A modal dialog open
at that moment (a message, a form half filled) cannot be hidden without cancelling it, so its
content is hidden instead (:meth:`InactivityLock._veil`), and since it blocks the window, the
password prompt then opens in a lock dialog of its own on top.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfeedback.errors import VFeedbackError
from vfeedback.security import Identity, login

DEFAULT_LOCK_MINUTES = 10
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
             QEvent.Type.Wheel, QEvent.Type.TouchBegin}


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("loginError")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    return label


class LoginDialog(QDialog):
    """Name and password for a protected home; ``identity`` is set once a login works."""

    def __init__(self, home: str | Path, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home = Path(home)
        self.identity: Identity | None = None
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Log in"))  # Qt adds " — vfeedback"
        intro = QLabel(self.tr("This home is protected. Log in to open it."), self)
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(name, self)
        self.name_edit.setObjectName("loginName")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("loginPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _error_label(self)
        form = QFormLayout()
        form.addRow(self.tr("User"), self.name_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        buttons = QDialogButtonBox(self)
        self.login_button = buttons.addButton(self.tr("Log in"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password_edit if name else self.name_edit).setFocus()
        self.setMinimumWidth(380)

    def accept(self) -> None:  # the dialog stays open until a login works
        self.error.clear()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # Argon2id takes a moment
        try:
            self.identity = login(self.home, self.name_edit.text(), self.password_edit.text())
        except VFeedbackError as exc:
            self.error.setText(str(exc))
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        finally:
            QApplication.restoreOverrideCursor()
        super().accept()


def ask_login(home: str | Path, parent: QWidget | None = None) -> Identity | None:
    """Show the login dialog; the identity, or None if the user chose Quit."""
    dialog = LoginDialog(home, parent=parent)
    return dialog.identity if dialog.exec() == QDialog.DialogCode.Accepted else None


class LockPanel(QWidget):
    """What a locked window shows instead of its content: a password field."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockPanel")
        title = QLabel(self.tr("Locked after a while without use. {name}, enter your password "
                               "to go on; nothing was lost.").format(name=name), self)
        title.setWordWrap(True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setMinimumWidth(380)  # centred in the layout, a wrapped label is otherwise cut
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("unlockPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaximumWidth(320)
        self.unlock_button = QPushButton(self.tr("Unlock"), self)
        self.error = _error_label(self)
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, self.password_edit, self.unlock_button, self.error):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class _LockDialog(QDialog):
    """The password prompt above a modal dialog (the newest modal window takes the input).
    Escape and the close button do nothing: only unlocking closes it."""

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint
                         | Qt.WindowType.WindowTitleHint)
        self.setWindowTitle(self.tr("vfeedback — locked"))
        self.setModal(True)
        self.panel = LockPanel(name, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.resize(460, 240)

    def reject(self) -> None:  # Escape
        pass

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        event.ignore()


class InactivityLock(QObject):
    """Locks ``window`` after ``minutes`` without input (see the module's docstring)."""

    def __init__(self, window: QMainWindow, home: str | Path, identity: Identity,
                 minutes: float = DEFAULT_LOCK_MINUTES) -> None:
        super().__init__(window)
        self.window, self.home, self.identity = window, Path(home), identity
        self.panel: LockPanel | None = None
        self.dialog: _LockDialog | None = None  # over a modal dialog (see _veil)
        self._veiled: list[tuple[QWidget, str, list[QWidget]]] = []
        self._hidden: list[QWidget] = []
        self._content: QWidget | None = None
        self._title = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        QApplication.instance().installEventFilter(self)
        window.destroyed.connect(lambda *_: self._stop())

    @property
    def locked(self) -> bool:
        return self.panel is not None

    def set_minutes(self, minutes: float) -> None:
        self.timer.stop()
        self.minutes = minutes
        if minutes > 0:
            self.timer.setInterval(int(minutes * 60_000))
            self.timer.start()

    def _stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if self.panel is not None:
            # Hidden is not enough: a shortcut (Space plays) must not reach the window.
            if (kind == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow()
                    and obj is not self.dialog):
                # A window opened while locked (a message from work in the background): it
                # is covered like those open at the lock, once it is shown.
                QTimer.singleShot(0, lambda w=obj: self._cover(w))
            elif kind == QEvent.Type.Hide and any(obj is v[0] for v in self._veiled):
                # A covered dialog ended (a progress dialog whose work finished): the prompt
                # above it goes with it, so it comes back above another, or on the window.
                QTimer.singleShot(0, self._check_dialog)
            if kind in (QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride):
                panels = [self.panel] + ([self.dialog.panel] if self._dialog_alive() else [])
                return not (isinstance(obj, QWidget)
                            and any(p.isAncestorOf(obj) for p in panels))
            return False
        if kind in _ACTIVITY and self.minutes > 0:
            self.timer.start()  # restart the countdown
        return False

    def lock(self) -> None:
        if self.panel is not None:
            return
        win = self.window
        player = getattr(win, "player", None)
        if player is not None:
            player.pause()
        self._title = win.windowTitle()
        self._hidden = [w for w in win.findChildren(QDockWidget) if w.isVisible()]
        for other in QApplication.topLevelWidgets():  # the presentation, floating windows
            if not other.isVisible() or other is win or isinstance(other, QDockWidget):
                continue
            if other.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
                other.close()  # an open menu or tooltip: not worth bringing back
            elif other.isModal() or other.windowModality() != Qt.WindowModality.NonModal:
                self._veil(other)  # hiding a modal dialog would end (cancel) it
            else:
                self._hidden.append(other)
        if win.statusBar().isVisible():
            self._hidden.append(win.statusBar())
        for widget in self._hidden:
            widget.hide()
        win.menuBar().setEnabled(False)
        self._content = win.takeCentralWidget()
        if self._content is not None:
            self._content.hide()
            self._content.setParent(win)  # kept alive, with everything typed into it
        self.panel = LockPanel(self.identity.name, win)
        self.panel.unlock_button.clicked.connect(lambda: self._try_unlock(self.panel))
        self.panel.password_edit.returnPressed.connect(lambda: self._try_unlock(self.panel))
        win.setCentralWidget(self.panel)
        self.panel.show()
        win.setWindowTitle(self.tr("vfeedback — locked"))
        self.panel.password_edit.setFocus()
        if self._veiled:
            self._open_dialog()

    def _open_dialog(self) -> None:
        """The password prompt in a dialog above the newest veiled modal dialog still open
        (none open: the window's own panel takes the password)."""
        if self._dialog_alive():
            self.dialog.hide()
            self.dialog.deleteLater()
        self.dialog = None
        open_ones = [v[0] for v in self._veiled if shiboken6.isValid(v[0]) and v[0].isVisible()]
        if not open_ones:
            self.panel.password_edit.setFocus()
            return
        dialog = self.dialog = _LockDialog(self.identity.name, open_ones[-1])
        open_ones[-1].destroyed.connect(lambda *_: QTimer.singleShot(0, self._check_dialog))
        dialog.panel.unlock_button.clicked.connect(lambda: self._try_unlock(dialog.panel))
        dialog.panel.password_edit.returnPressed.connect(lambda: self._try_unlock(dialog.panel))
        dialog.show()
        dialog.panel.password_edit.setFocus()

    def _check_dialog(self) -> None:
        if self.panel is None:
            return
        parent = self.dialog.parentWidget() if self._dialog_alive() else None
        if parent is None or not parent.isVisible():
            self._open_dialog()

    def _dialog_alive(self) -> bool:
        # The lock dialog is a child of the dialog it covers: it goes when that one is
        # deleted (a progress dialog whose work ended); the window's own panel is left.
        return self.dialog is not None and shiboken6.isValid(self.dialog)

    def _cover(self, window: QWidget) -> None:
        if (self.panel is None or not shiboken6.isValid(window) or not window.isVisible()
                or window is self.dialog or window is self.window
                or any(window is v[0] for v in self._veiled)):
            return
        if window.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
            window.close()
        elif window.isModal() or window.windowModality() != Qt.WindowModality.NonModal:
            self._veil(window)
            self._open_dialog()  # above it: a newer modal dialog would take the input
        else:
            window.hide()
            self._hidden.append(window)

    def _veil(self, dialog: QWidget) -> None:
        """Hide what a modal dialog shows (its child widgets and title), leaving it open."""
        shown = [w for w in dialog.findChildren(QWidget, options=Qt.FindChildOption.
                                                FindDirectChildrenOnly)
                 if w.isVisible() and not w.isWindow()]
        self._veiled.append((dialog, dialog.windowTitle(), shown))
        for widget in shown:
            widget.hide()
        dialog.setWindowTitle(self.tr("vfeedback — locked"))

    def _try_unlock(self, panel: LockPanel | None = None) -> None:
        panel = panel or self.panel
        assert panel is not None
        password = panel.password_edit.text()
        panel.password_edit.clear()
        try:
            login(self.home, self.identity.name, password)
        except VFeedbackError as exc:
            panel.error.setText(str(exc))
            return
        self.unlock()

    def unlock(self) -> None:
        if self.panel is None:
            return
        win = self.window
        panel, self.panel = self.panel, None
        win.takeCentralWidget()
        panel.deleteLater()
        if self._content is not None:
            win.setCentralWidget(self._content)
            self._content.show()
        for widget in self._hidden:
            if shiboken6.isValid(widget):  # not closed meanwhile
                widget.show()
        self._hidden, self._content = [], None
        if self._dialog_alive():
            self.dialog.hide()
            self.dialog.deleteLater()
        self.dialog = None
        for dialog, title, shown in self._veiled:
            if not shiboken6.isValid(dialog):  # ended meanwhile (a finished progress dialog)
                continue
            for widget in shown:
                if shiboken6.isValid(widget):
                    widget.show()
            dialog.setWindowTitle(title)
        self._veiled = []
        win.menuBar().setEnabled(True)
        win.setWindowTitle(self._title)
        if self.minutes > 0:
            self.timer.start()


def install_lock(window: QMainWindow) -> InactivityLock | None:
    """For a protected home's window: the inactivity lock (None for an unprotected home)."""
    app = window.app  # type: ignore[attr-defined]
    identity = getattr(app, "identity", None)
    if identity is None:
        return None
    minutes = float(app.config.get("lock_after_minutes", DEFAULT_LOCK_MINUTES) or 0)
    return InactivityLock(window, app.config.home, identity, minutes)
