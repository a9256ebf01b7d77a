"""Every key binding and menu action of the app, declared as data in one place.

Like napari's action registry: an :class:`ActionSpec` names an action (``"edit.undo"``), says
its text, its keys, where the keys work (:class:`Scope`) and which menu shows it. Widgets make
their ``QAction`` with :func:`make_action` (menus, buttons and shortcuts then read the same
entry); the F1 help and the tests read :data:`ACTIONS`. Keys are portable strings as
``QKeySequence`` reads them, or ``QKeySequence.StandardKey`` names (``"Undo"``).

The rule "code keys only where coding happens" lives here too: a coding scheme's single-key
shortcuts act only inside :data:`CODE_KEY_AREAS` (the player and timeline, the coding panel,
the event list, the inspector and the plan builder), never in the case browser or the capture
view (where M is the marker key), and never on a key in :func:`reserved_keys` (the player's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


class Scope(Enum):
    """Where an action's keys work."""

    WINDOW = "window"  # anywhere in the main window
    MEDIA = "media"  # the player/timeline area (transport keys; not inside text fields)
    WIDGET = "widget"  # only while its widget has the focus
    PANEL = "panel"  # inside its panel and the panel's children
    PRESENTATION = "presentation"  # the full-screen show (read by its key handler)


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str  # English; shown through QCoreApplication.translate("actions", text)
    keys: tuple[str, ...] = ()
    scope: Scope = Scope.WINDOW
    menu: str = ""  # "&File", "&Edit", ... ("" = no menu entry)
    tip: str = ""


def _specs() -> list[ActionSpec]:
    W, M, G, P, S = Scope.WINDOW, Scope.MEDIA, Scope.WIDGET, Scope.PANEL, Scope.PRESENTATION
    return [
        # the window's menus
        ActionSpec("file.new_case", "&New case…", ("Ctrl+Shift+N",), W, "&File"),
        ActionSpec("file.import_video", "&Import video…", ("Open",), W, "&File"),
        ActionSpec("file.import_annotations", "Import &annotations…", (), W, "&File",
                   "Add the events of an ELAN, BORIS, CSV or subtitle file to this recording"),
        ActionSpec("file.import_annotations_new", "Import annotations with &new codes…", (), W,
                   "&File", "As Import, making codes for tiers and behaviours this app does "
                   "not know yet"),
        ActionSpec("file.export_annotations", "E&xport annotations…", (), W, "&File",
                   "Write this recording's events as ELAN, BORIS, CSV or subtitles"),
        ActionSpec("file.quit", "&Quit", ("Quit",), W, "&File"),
        ActionSpec("edit.undo", "&Undo", ("Undo",), W, "&Edit"),
        ActionSpec("edit.redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), W, "&Edit"),
        # One Delete for the window: the selected moment, or the current clip while the plan's
        # clip list has the focus (text fields keep Delete for their text).
        ActionSpec("edit.delete", "&Delete", ("Delete",), W, "&Edit",
                   "Delete the selected moment (in the plan: remove the clip)"),
        ActionSpec("case.rename", "&Rename case…", ("F2",), W, "&Case"),
        ActionSpec("case.new_visit", "New &visit", ("Ctrl+Shift+V",), W, "&Case"),
        ActionSpec("case.theme", "Visit &theme…", (), W, "&Case"),
        ActionSpec("view.focus_cases", "Focus &cases", ("Ctrl+1",), W, "&View"),
        ActionSpec("view.focus_player", "Focus &player", ("Ctrl+2",), W, "&View"),
        ActionSpec("view.focus_timeline", "Focus &timeline", ("Ctrl+3",), W, "&View"),
        ActionSpec("view.focus_coding", "Focus c&oding", ("Ctrl+4",), W, "&View"),
        ActionSpec("view.focus_events", "Focus &events", ("Ctrl+5",), W, "&View"),
        ActionSpec("view.focus_inspector", "Focus &inspector", ("Ctrl+6",), W, "&View"),
        ActionSpec("view.focus_plan", "Focus feedback &plan", ("Ctrl+7",), W, "&View"),
        ActionSpec("view.present", "&Present the plan (full screen)", ("F5",), W, "&View"),
        # the visit's feedback plan, from anywhere in the window (the panel may be a hidden tab)
        ActionSpec("plan.propose", "&Propose plan", ("Ctrl+Shift+P",), W, "P&lan",
                   "A first plan from the coded moments with a caption: strengths first"),
        ActionSpec("plan.export_visit", "E&xport for the visit", ("Ctrl+E",), W, "P&lan",
                   "Write the reel and the script into the visit's folder"),
        ActionSpec("plan.export_to", "Export &to…", (), W, "P&lan"),
        ActionSpec("view.overlay", "Show analysis &overlay", ("Ctrl+Shift+O",), W, "&View",
                   "Skeletons, face boxes and gaze rays from the analysis, over the video"),
        ActionSpec("view.analyse", "&Analyse this recording…", (), W, "&View",
                   "Find the people, their poses and gaze (runs in the background; can be "
                   "cancelled)"),
        ActionSpec("help.keys", "&Keyboard", ("F1",), W, "&Help"),
        # supervision (gui/review_view.py): the review window and its disagreement keys
        ActionSpec("review.open", "&Review coding…", ("Ctrl+Shift+R",), W, "&View",
                   "A trainee's and a reference coding side by side, with their agreement"),
        ActionSpec("review.next", "Next disagreement", ("N", "Alt+Right"), P),
        ActionSpec("review.previous", "Previous disagreement", ("Shift+N", "Alt+Left"), P),
        # the player (transport keys work in the player/timeline area)
        ActionSpec("player.play", "Play/Pause", ("Space", "K"), M, "&Playback"),
        ActionSpec("player.faster", "Play / faster", ("L",), M, "&Playback"),
        ActionSpec("player.slower", "Slower / back", ("J",), M, "&Playback"),
        ActionSpec("player.back_frame", "◀| Frame back", ("Left", ","), M, "&Playback"),
        ActionSpec("player.fwd_frame", "|▶ Frame forward", ("Right", "."), M, "&Playback"),
        ActionSpec("player.back_1s", "−1 s", ("Shift+Left",), M, "&Playback"),
        ActionSpec("player.fwd_1s", "+1 s", ("Shift+Right",), M, "&Playback"),
        ActionSpec("player.back_5s", "−5 s", ("Ctrl+Left",), M, "&Playback"),
        ActionSpec("player.fwd_5s", "+5 s", ("Ctrl+Right",), M, "&Playback"),
        ActionSpec("player.start", "Go to start", ("Home",), M, "&Playback"),
        ActionSpec("player.end", "Go to end", ("End",), M, "&Playback"),
        # the timeline (its own key handler; the focus is on the timeline)
        ActionSpec("timeline.zoom_in", "Zoom in", ("+", "="), G),
        ActionSpec("timeline.zoom_out", "Zoom out", ("-",), G),
        ActionSpec("timeline.fit", "Whole recording", ("Ctrl+0",), G),
        ActionSpec("timeline.frames", "Zoom to frames", ("F",), G),
        # the coding panel (window-wide while coding; Esc only while an interval runs)
        ActionSpec("coding.no_valence", "No valence", ("Ctrl+Alt+0",), W),
        ActionSpec("coding.strength", "Strength", ("Ctrl+Alt+1",), W),
        ActionSpec("coding.work_on", "To work on", ("Ctrl+Alt+2",), W),
        ActionSpec("coding.cancel_interval", "Cancel the interval", ("Esc",), W),
        # Where code keys work (CODE_KEY_AREAS); the valence goes back to strength after each
        # coded moment, so "to work on" is a deliberate choice for one moment.
        ActionSpec("coding.toggle_valence", "Strength / to work on (next moment)", ("W",), P,
                   tip="Code the next moment as to work on (or back to strength)"),
        # the event list and the plan builder (their lists only)
        ActionSpec("events.jump", "Go to the event", ("Return", "Enter"), G),
        ActionSpec("events.delete", "Delete the event", ("Backspace",), G),  # Delete: edit.delete
        ActionSpec("plan.add", "Add to the plan", ("Return", "Enter", "Ins"), G),
        ActionSpec("plan.preview", "Preview the clip", ("Space", "Return", "Enter"), G),
        ActionSpec("plan.remove", "Remove the clip", ("Backspace",), G),  # Delete: edit.delete
        ActionSpec("plan.earlier", "Move the clip earlier", ("Ctrl+Up",), G),
        ActionSpec("plan.later", "Move the clip later", ("Ctrl+Down",), G),
        # the capture view
        ActionSpec("capture.marker", "Mark a moment", ("M",), P),
        # the presentation (clicker keys)
        ActionSpec("presentation.next", "Next", ("Space", "Right", "PgDown", "Down", "Return",
                                                 "Enter", "N"), S),
        ActionSpec("presentation.back", "Back", ("Left", "PgUp", "Up", "Backspace", "P"), S),
        ActionSpec("presentation.again", "Again", ("R",), S),
        ActionSpec("presentation.leave", "Leave", ("Esc",), S),
    ]


ACTIONS: dict[str, ActionSpec] = {spec.id: spec for spec in _specs()}

# Where a coding scheme's single-key shortcuts act (panel names of gui.panels.install, and the
# main window's player/timeline area).
CODE_KEY_AREAS = ("media", "coding", "events", "inspector", "plan")

# Where the player's transport keys (Space = play/pause, K, J/L, arrows) work: the
# player/timeline area and the coding panel. There a transport key is always the player's: it
# never presses a focused button or toggles a radio button (the panels' own buttons take the
# focus only by Tab, see :func:`install_transport_keys`).
TRANSPORT_KEY_AREAS = ("media", "coding")

_CONTEXT = {
    Scope.WINDOW: Qt.ShortcutContext.WindowShortcut,
    Scope.MEDIA: Qt.ShortcutContext.WidgetWithChildrenShortcut,
    Scope.WIDGET: Qt.ShortcutContext.WidgetShortcut,
    Scope.PANEL: Qt.ShortcutContext.WidgetWithChildrenShortcut,
    Scope.PRESENTATION: Qt.ShortcutContext.WidgetShortcut,
}


def text(action_id: str) -> str:
    return QCoreApplication.translate("actions", ACTIONS[action_id].text)


def sequences(action_id: str) -> list[QKeySequence]:
    """The action's keys as QKeySequences (standard keys resolved for this platform)."""
    out: list[QKeySequence] = []
    for key in ACTIONS[action_id].keys:
        standard = getattr(QKeySequence.StandardKey, key, None)
        if standard is not None:
            out.extend(QKeySequence.keyBindings(standard) or [QKeySequence(standard)])
        else:
            out.append(QKeySequence(key))
    return out


def matches(action_id: str, event) -> bool:  # noqa: ANN001 - QKeyEvent
    """Whether a key press is one of the action's keys (for widgets' own key handlers)."""
    pressed = QKeySequence(event.keyCombination())
    return any(seq.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
               for seq in sequences(action_id))


def make_action(parent: QObject, action_id: str, slot: Callable[..., object] | None = None,
                *, text_override: str | None = None) -> QAction:
    """The QAction for ``action_id``: text, keys, shortcut context and tip from the registry;
    ``objectName`` is the id so tests and plug-ins can find it."""
    spec = ACTIONS[action_id]
    action = QAction(text_override or text(action_id), parent)
    action.setObjectName(action_id)
    keys = sequences(action_id)
    if keys:
        action.setShortcuts(keys)
        action.setShortcutContext(_CONTEXT[spec.scope])
    tip = QCoreApplication.translate("actions", spec.tip) if spec.tip else ""
    shown = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
    if tip or shown:
        action.setToolTip(f"{tip or action.text().replace('&', '')}"
                          + (f" ({shown})" if shown else ""))
    if spec.tip:
        action.setStatusTip(tip)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    return action


def install_transport_keys(actions: list[QAction], hosts: list[QWidget]) -> None:
    """Make the transport ``actions`` (Scope.MEDIA) work anywhere inside each of ``hosts`` (the
    widgets of :data:`TRANSPORT_KEY_AREAS`), and keep clicked buttons there from taking the
    focus, so Space reaches the shortcut and not the button."""
    from PySide6.QtWidgets import QAbstractButton

    for host in hosts:
        host.addActions(actions)
        for button in host.findChildren(QAbstractButton):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)


def reserved_keys() -> set[str]:
    """Keys a coding scheme may not take: the player's transport keys (upper case)."""
    return {key.upper() for spec in ACTIONS.values() if spec.scope is Scope.MEDIA
            for key in spec.keys} | {"+", "-", "=", "SPACE", "ESC", "ESCAPE"} | {
                key.upper() for key in ACTIONS["coding.toggle_valence"].keys}


def keyboard_help() -> list[str]:
    """One line per action with keys, by menu, for the F1 help."""
    lines = []
    for spec in ACTIONS.values():
        if spec.keys:
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                             for k in sequences(spec.id))
            lines.append(f"{text(spec.id).replace('&', '')}: {keys}")
    return lines
