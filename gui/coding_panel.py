"""The coding panel: the active coding scheme's codes, each on its own key.

Pressing a code's key marks a point event at the playhead, or for an interval code starts an
interval there; the same key again ends it (Esc cancels), and the panel shows the running
interval plainly. New events take the panel's default subject and valence (strength / to work
on) and become the selection, so the inspector is ready for a comment or a caption. Codes come
from the coding schemes in the database (the built-ins are added on first use).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services import annotations
from services.annotations import CodeRow, SchemeRow

from .actions import make_action, reserved_keys
from .annotation_session import AnnotationSession
from .player import format_time
from .state import GuiState

SCHEME_KEY = "coding/scheme"
# Keys the player and timeline already use: a code on one of these keeps its place in the
# list (Enter codes it) but gets no shortcut, so transport never stops working.
RESERVED_KEYS = reserved_keys() | {"UP", "DOWN", "DEL", "DELETE", "RETURN", "ENTER", "TAB"}


def load_schemes(app, actor: str | None = None) -> list[SchemeRow]:  # noqa: ANN001
    """Every coding scheme with its codes (built-ins first added when missing)."""
    return annotations.schemes(app, actor)


def swatch(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class CodingPanel(QWidget):
    """Scheme picker, codes by group with their keys, defaults and the interval state."""

    intervalChanged = Signal(object)  # the CodeRow being recorded, or None
    captionRequested = Signal(int)  # a moment coded with Shift+key: write its caption now

    def __init__(self, app, state: GuiState, session: AnnotationSession,  # noqa: ANN001
                 parent: QWidget | None = None, shortcut_host: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codingPanel")
        self.app, self.state, self.session = app, state, session
        self.shortcut_host = shortcut_host or self
        # Code keys work where coding happens (the player/timeline area, these panels), not
        # while typing a case name or in other panels with single-key shortcuts of their own.
        self.code_key_hosts: list[QWidget] = [self]
        self.schemes: list[SchemeRow] = []
        self.scheme: SchemeRow | None = None
        self.code_actions: dict[int, QAction] = {}
        self.open_interval: tuple[CodeRow, int] | None = None  # (code, start ms)
        self._caption_interval = False  # the running interval was started with Shift+key

        self.scheme_box = QComboBox(self)
        # Scheme titles are long; let the box shrink (the list shows them whole) so the dock
        # does not push the window wider than a laptop screen.
        self.scheme_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scheme_box.setMinimumContentsLength(18)
        self.scheme_box.setToolTip(self.tr("The coding scheme whose codes are on the keys"))
        self.scheme_box.currentIndexChanged.connect(self._scheme_chosen)
        self.codes = QTreeWidget(self)
        self.codes.setObjectName("codeTree")
        self.codes.setHeaderLabels([self.tr("Key"), self.tr("Code"), self.tr("Kind")])
        self.codes.setRootIsDecorated(False)
        self.codes.setColumnWidth(0, 44)
        self.codes.setColumnWidth(1, 280)
        self.codes.itemActivated.connect(self._item_activated)
        self.interval_label = QLabel(self)
        self.interval_label.setObjectName("intervalState")
        self.interval_label.setWordWrap(True)
        self.interval_label.setTextFormat(Qt.TextFormat.PlainText)

        self.subject_box = QComboBox(self)
        self.subject_box.addItem(self.tr("As the code says"), None)
        for value, text in (("parent", self.tr("Parent")), ("child", self.tr("Child")),
                            ("both", self.tr("Both"))):
            self.subject_box.addItem(text, value)
        self.subject_box.setToolTip(self.tr("Who new events are about"))
        self.valence_buttons = QButtonGroup(self)
        valence_row = QHBoxLayout()
        # One key flips the next moment's valence (W; back to strength after each moment).
        self.toggle_valence_action = make_action(self, "coding.toggle_valence",
                                                 self.toggle_valence)
        self.valence_label = QLabel(self.tr("Valence ({key}):").replace(
            "{key}", self.toggle_valence_action.shortcut().toString()), self)
        self.valence_label.setToolTip(self.toggle_valence_action.toolTip())
        valence_row.addWidget(self.valence_label)
        self.addAction(self.toggle_valence_action)
        for number, (value, action_id) in enumerate((
                (None, "coding.no_valence"), ("strength", "coding.strength"),
                ("work_on", "coding.work_on"))):
            button = QRadioButton(self)
            action = make_action(self, action_id, lambda b=button: b.setChecked(True))
            button.setText(action.text())
            button.setProperty("valence", value)
            button.setToolTip(self.tr("Valence of new events ({key})").replace(
                "{key}", action.shortcut().toString()))
            self.valence_buttons.addButton(button, number)
            valence_row.addWidget(button)
            self.shortcut_host.addAction(action)
        self.valence_buttons.button(1).setChecked(True)

        self.cancel_action = make_action(self, "coding.cancel_interval")
        self.cancel_action.setEnabled(False)  # Esc belongs to others unless an interval runs
        self.cancel_action.triggered.connect(self.cancel_interval)
        self.shortcut_host.addAction(self.cancel_action)

        form = QFormLayout()
        form.addRow(self.tr("&Scheme:"), self.scheme_box)
        form.addRow(self.tr("S&ubject:"), self.subject_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(valence_row)
        layout.addWidget(self.codes, 1)
        layout.addWidget(self.interval_label)
        form.labelForField(self.scheme_box).setBuddy(self.scheme_box)

        state.recordingChanged.connect(lambda _v: self.cancel_interval())
        self.reload()
        self._show_interval()

    # -- schemes --------------------------------------------------------------------------------
    def reload(self) -> None:
        if not self.session.available:
            self.codes.setEnabled(False)
            self.interval_label.setText(self.tr("Coding is not available: the annotation "
                                                "package is missing"))
            return
        self.schemes = load_schemes(self.app, self.state.actor)
        wanted = QSettings().value(SCHEME_KEY, "vipp-sd")
        self.scheme_box.blockSignals(True)
        self.scheme_box.clear()
        for scheme in self.schemes:
            self.scheme_box.addItem(f"{scheme.title} (v{scheme.version})", scheme.id)
        names = [s.name for s in self.schemes]
        self.scheme_box.setCurrentIndex(names.index(wanted) if wanted in names else 0)
        self.scheme_box.blockSignals(False)
        self._scheme_chosen(self.scheme_box.currentIndex())

    def add_code_key_host(self, widget: QWidget) -> None:
        """Let the code keys (and the valence key) work while the focus is inside ``widget``
        too."""
        if widget not in self.code_key_hosts:
            self.code_key_hosts.append(widget)
            widget.addActions(list(self.code_actions.values()))
            widget.addAction(self.toggle_valence_action)

    def _scheme_chosen(self, index: int) -> None:
        if not 0 <= index < len(self.schemes):
            return
        self.cancel_interval()
        self.scheme = self.schemes[index]
        QSettings().setValue(SCHEME_KEY, self.scheme.name)
        for action in self.code_actions.values():
            for host in self.code_key_hosts:
                host.removeAction(action)
            action.deleteLater()
        self.code_actions.clear()
        self.codes.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for code in self.scheme.codes:
            group = groups.get(code.group)
            if group is None:
                # A spanned row shows its first column: the group's name goes there.
                group = QTreeWidgetItem(self.codes, [code.group or self.tr("Codes")])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                groups[code.group] = group
            key = code.shortcut.upper()
            item = QTreeWidgetItem(group, [key, code.name, self._kind_text(code.kind)])
            item.setIcon(1, swatch(code.colour))
            item.setData(0, Qt.ItemDataRole.UserRole, code.id)
            # Point and interval codes look different: a marker in the name and the kind, and
            # a tooltip that says what the key does.
            if code.kind == "interval":
                item.setText(1, f"{code.name}  ⟷")
            how = self._kind_tip(code)
            for column in range(3):
                item.setToolTip(column, f"{code.name}\n{how}")
            if code.shortcut and key not in RESERVED_KEYS:
                action = QAction(code.name, self)
                action.setShortcut(QKeySequence(code.shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                action.triggered.connect(lambda _c=False, c=code: self.code_pressed(c))
                # Shift+key codes the moment and opens its caption (what the child would
                # say), so coding and captioning need no trip to the inspector.
                with_caption = QAction(self.tr("{code}, with a caption").replace(
                    "{code}", code.name), self)
                with_caption.setShortcut(QKeySequence(f"Shift+{code.shortcut.upper()}"))
                with_caption.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                with_caption.triggered.connect(
                    lambda _c=False, c=code: self.code_pressed(c, caption=True))
                for host in self.code_key_hosts:
                    host.addActions([action, with_caption])
                self.code_actions[code.id] = action
                self.code_actions[-code.id] = with_caption  # negative id: the Shift variant
            elif code.shortcut:
                item.setToolTip(0, self.tr("This key belongs to the player; press Enter on "
                                           "the code instead"))
        self.codes.expandAll()

    def _kind_text(self, kind: str) -> str:
        return {"point": self.tr("• point"), "interval": self.tr("⟷ interval"),
                "rating": self.tr("rating")}.get(kind, kind)

    def _kind_tip(self, code: CodeRow) -> str:
        key = code.shortcut.upper() or self.tr("Enter")
        if code.kind == "interval":
            return self.tr("Interval: press {key} to start, {key} again to end (Esc cancels)") \
                .replace("{key}", key)
        if code.kind == "rating":
            return self.tr("Rating: press {key} and give a number").replace("{key}", key)
        return self.tr("Point: press {key} to mark the moment at the playhead") \
            .replace("{key}", key)

    def toggle_valence(self) -> None:
        """Flip the next moment's valence between strength and to work on."""
        new = "strength" if self.default_valence == "work_on" else "work_on"
        self.set_default_valence(new)
        self.state.statusMessage.emit(
            self.tr("Next moment: to work on") if new == "work_on"
            else self.tr("Next moment: strength"))

    def code_by_id(self, code_id: int) -> CodeRow | None:
        for code in self.scheme.codes if self.scheme else ():
            if code.id == code_id:
                return code
        return None

    def code_by_shortcut(self, shortcut: str) -> CodeRow | None:
        for code in self.scheme.codes if self.scheme else ():
            if code.shortcut.lower() == shortcut.lower():
                return code
        return None

    def _item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        code_id = item.data(0, Qt.ItemDataRole.UserRole)
        code = self.code_by_id(code_id) if code_id is not None else None
        if code is not None:
            self.code_pressed(code)

    # -- defaults -------------------------------------------------------------------------------
    @property
    def default_valence(self) -> str | None:
        button = self.valence_buttons.checkedButton()
        return button.property("valence") if button is not None else None

    def set_default_valence(self, valence: str | None) -> None:
        for button in self.valence_buttons.buttons():
            if button.property("valence") == valence:
                button.setChecked(True)

    @property
    def default_subject(self) -> str | None:
        return self.subject_box.currentData()

    # -- coding -----------------------------------------------------------------------------
    def code_pressed(self, code: CodeRow, caption: bool = False) -> None:
        """A code's key: a point now, or start/end an interval; with ``caption`` (Shift+key)
        the new moment's caption field opens when it is stored."""
        if self.state.recording is None:
            self.state.statusMessage.emit(self.tr("Open a recording to code it"))
            return
        now = self.state.playhead_ms
        if self.open_interval is not None:
            running, start = self.open_interval
            if running.id == code.id:
                self.open_interval = None
                self._show_interval()
                end = max(now, start)
                start = min(now, start)
                if end <= start:  # pressed twice on one frame: make it one frame long
                    end = min(self.state.recording.duration_ms,
                              start + int(self.state.recording.frame_ms))
                self._add(code, start, end, caption=caption or self._caption_interval)
                return
            # Another code's key while an interval runs: a point or a new interval is coded
            # without losing the running one (nested behaviour is common: signal inside play).
        if code.kind == "interval":
            if self.open_interval is not None:
                self._add(*self._close_running(now))
            self.open_interval = (code, now)
            self._caption_interval = caption
            self._show_interval()
            self.state.statusMessage.emit(self.tr(
                "Recording interval… {code} (press {key} again to end, Esc to cancel)")
                .replace("{code}", code.name).replace("{key}", code.shortcut.upper()
                                                      or self.tr("Enter")))
            return
        value = None
        if code.kind == "rating":
            lo, hi = code.scale_min or 1, code.scale_max or 9
            number, ok = QInputDialog.getInt(self, code.name, self.tr("Rating ({lo}–{hi}):")
                                             .replace("{lo}", str(lo)).replace("{hi}", str(hi)),
                                             (lo + hi) // 2, lo, hi)
            if not ok:
                return
            value = float(number)
        self._add(code, now, None, value=value, caption=caption)

    def _close_running(self, now: int) -> tuple[CodeRow, int, int]:
        code, start = self.open_interval  # type: ignore[misc]
        self.open_interval = None
        end = max(now, start + int(self.state.recording.frame_ms)) if self.state.recording \
            else now
        return code, min(start, now), end

    def _add(self, code: CodeRow, start: int, end: int | None, value: float | None = None,
             caption: bool = False) -> None:
        fields = {"valence": self.default_valence}
        if self.default_subject is not None:
            fields["subject"] = self.default_subject
        if value is not None:
            fields["value"] = value
        self.session.add(code.id, start, end, on_success=self._added_captioned if caption
                         else self._added, **fields)
        what = code.name if end is None else self.tr("{code} {a}–{b}").replace(
            "{code}", code.name).replace("{a}", format_time(start)).replace("{b}", format_time(end))
        if fields["valence"] == "work_on":
            # "To work on" is for this one moment: the next is a strength again, visibly.
            self.set_default_valence("strength")
            self.state.statusMessage.emit(self.tr(
                "Coded: {what} (to work on); the next moment is a strength").replace(
                "{what}", what))
            return
        self.state.statusMessage.emit(self.tr("Coded: {what}").replace("{what}", what))

    def _added(self, ann_id: int) -> None:
        self.state.set_selection([ann_id])

    def _added_captioned(self, ann_id: int) -> None:
        self.state.set_selection([ann_id])
        self.captionRequested.emit(ann_id)

    def cancel_interval(self) -> None:
        if self.open_interval is not None:
            self.open_interval = None
            self.state.statusMessage.emit(self.tr("Interval cancelled"))
        self._show_interval()

    def _show_interval(self) -> None:
        running = self.open_interval
        self.cancel_action.setEnabled(running is not None)
        if running is None:
            self.interval_label.setText(self.tr("Press a code's key to mark the moment at the "
                                                "playhead; interval codes start and end on "
                                                "their key."))
            self.interval_label.setStyleSheet("")
        else:
            code, start = running
            self.interval_label.setText(
                self.tr("● Recording interval… {code} from {t}. Press {key} again to end it, "
                        "Esc to cancel.").replace("{code}", code.name)
                .replace("{t}", format_time(start)).replace("{key}", code.shortcut.upper()
                                                             or self.tr("Enter")))
            # The code's own colour as a frame: readable on light and dark palettes alike.
            self.interval_label.setStyleSheet(
                f"border: 2px solid {code.colour}; border-radius: 4px; padding: 4px;"
                "font-weight: bold;")
        self.intervalChanged.emit(running[0] if running else None)
