"""Plugging the coding, plan and presentation parts into the main window: ``install(window)``.

The main window calls :func:`install` once after it is built. Everything goes in through the
window's public API (``add_panel``, its menu bar, ``window.state`` / ``window.app``); each part
is optional, so a missing layer (annotation, sessions, analysis) switches off only its part,
with a disabled menu entry saying why.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from .actions import CODE_KEY_AREAS, make_action


@dataclass
class Installed:
    """What :func:`install` added (kept on ``window.coding`` for tests and plug-ins)."""

    session: Any = None
    coding: Any = None
    inspector: Any = None
    events: Any = None
    plan: Any = None
    overlay: Any = None
    files: Any = None
    present_action: QAction | None = None
    problems: list[str] = field(default_factory=list)


def _menu(window: QWidget, title: str, position: int | None = None) -> QMenu:
    """The window's menu with this title (``&File``), made when missing."""
    bar = window.menuBar()
    for action in bar.actions():
        menu = action.menu()
        if menu is not None and action.text().replace("&", "") == title.replace("&", ""):
            return menu
    menu = QMenu(title, window)
    actions = bar.actions()
    if position is not None and position < len(actions):
        bar.insertMenu(actions[position], menu)
    else:
        bar.addMenu(menu)
    return menu


def disabled_action(parent: QWidget, text: str, why: str) -> QAction:
    action = QAction(text, parent)
    action.setEnabled(False)
    action.setToolTip(why)
    action.setStatusTip(why)
    return action


def focus_panel(window: Any, name: str, widget: QWidget | None) -> None:
    dock = window.panels[name]
    dock.show()
    dock.raise_()
    if widget is not None:
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)


def install(window: Any) -> Installed:
    """Add the coding panel, inspector, event list, plan builder, overlay, presentation mode
    and annotation file menus to ``window`` (a :class:`gui.main_window.MainWindow`)."""
    from .annotation_session import AnnotationSession

    done = Installed()
    app, state = window.app, window.state
    tr = window.tr
    session = getattr(window, "annotations", None) or AnnotationSession(app, state, window)
    done.session = session

    try:
        from .coding_panel import CodingPanel
        from .event_list import EventList
        from .inspector import Inspector

        done.coding = CodingPanel(app, state, session, window, shortcut_host=window)
        window.add_panel(done.coding, "right", tr("Coding"), "coding")
        done.inspector = Inspector(state, session, window)
        window.add_panel(done.inspector, "right", tr("Inspector"), "inspector")
        done.events = EventList(state, session, window)
        window.add_panel(done.events, "right", tr("Events"), "events", tabify_with="inspector")
        window.panels["inspector"].raise_()
        # Code keys only where coding happens (gui.actions.CODE_KEY_AREAS).
        areas = {"media": getattr(window, "media_area", None), "events": done.events,
                 "inspector": done.inspector}
        for name in CODE_KEY_AREAS:
            if areas.get(name) is not None:
                done.coding.add_code_key_host(areas[name])
    except Exception as exc:  # noqa: BLE001 - an optional part must not stop the app
        done.problems.append(f"coding: {exc}")

    view_menu = _menu(window, tr("&View"))
    try:
        from .plan_builder import PlanBuilder

        done.plan = PlanBuilder(app, state, window, open_recording=window.open_recording,
                                player=getattr(window, "player", None))
        window.add_panel(done.plan, "right", tr("Feedback plan"), "plan", tabify_with="coding")
        window.panels["coding"].raise_()
        if done.coding is not None and "plan" in CODE_KEY_AREAS:
            done.coding.add_code_key_host(done.plan)
    except Exception as exc:  # noqa: BLE001
        done.problems.append(f"plan: {exc}")

    try:
        from .presentation import present_plan

        done.present_action = make_action(window, "view.present",
                                          lambda: present_plan(app, state, window))
    except Exception as exc:  # noqa: BLE001
        done.present_action = disabled_action(window, tr("Present the plan"), str(exc))
        done.problems.append(f"presentation: {exc}")
    window.addAction(done.present_action)
    view_menu.addSeparator()
    view_menu.addAction(done.present_action)

    try:
        from .overlay import VideoOverlay

        done.overlay = VideoOverlay(app, state, window.player)
        view_menu.addAction(done.overlay.toggle_action)
        view_menu.addAction(done.overlay.analyse_action)
        window.addAction(done.overlay.toggle_action)
    except Exception as exc:  # noqa: BLE001
        view_menu.addAction(disabled_action(window, tr("Analysis overlay"), str(exc)))
        done.problems.append(f"overlay: {exc}")

    try:
        from .annotation_files import AnnotationFiles

        done.files = AnnotationFiles(app, state, session, window)
        file_menu = _menu(window, tr("&File"), 0)
        actions = file_menu.actions()
        before = actions[-2] if len(actions) >= 2 else None  # above "Quit" and its separator
        for action in done.files.actions():
            file_menu.insertAction(before, action) if before else file_menu.addAction(action)
        file_menu.insertSeparator(done.files.actions()[0])
    except Exception as exc:  # noqa: BLE001
        done.problems.append(f"annotation files: {exc}")

    # Keyboard users reach every panel directly (Ctrl+1-3 are the window's own).
    view_menu.addSeparator()
    targets = (("coding", lambda: done.coding.codes if done.coding else None),
               ("events", lambda: done.events.table if done.events else None),
               ("inspector", lambda: done.inspector.caption_edit if done.inspector else None),
               ("plan", lambda: done.plan.moments if done.plan else None))
    for name, widget_of in targets:
        if name in window.panels:
            action = make_action(window, f"view.focus_{name}",
                                 lambda n=name, w=widget_of: focus_panel(window, n, w()))
            view_menu.addAction(action)
            window.addAction(action)

    for problem in done.problems:
        print(f"panel unavailable: {problem}", file=sys.stderr)
    window.coding = done
    return done
