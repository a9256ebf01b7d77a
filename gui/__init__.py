"""The desktop app (PySide6): the only package that imports Qt.

How a panel plugs into the main window
--------------------------------------
A panel is a plain ``QWidget`` built from ``(app, state, parent)`` and docked with
``MainWindow.add_panel(widget, area, title, name, tabify_with=None)`` (``area`` is ``"left"``,
``"right"``, ``"bottom"`` or ``"top"``; ``name`` keys the remembered layout and
``window.panels[name]``). The window has ``window.app`` (the open :class:`vfeedback.app.App`),
``window.state`` (:class:`gui.state.GuiState`), ``window.player`` and ``window.timeline``.

Listen to :class:`gui.state.GuiState` instead of keeping copies of what is open:

- ``caseChanged(case_id | None)``, ``visitChanged(visit_id | None)``
- ``recordingChanged(RecordingView | None)`` (id, name, duration_ms, fps, frame_at/ms_of…)
- ``playheadChanged(ms)``; move it with ``state.set_playhead(ms)`` (the player follows)
- ``selectionChanged(list[annotation_id])``; set with ``state.set_selection(ids)``
- ``dataChanged(Changes)``: what a finished service call changed, as the service returned it
  (``changes.touches(Subject.ANNOTATIONS)``, :mod:`services.changes`); refresh from that,
  never poll, and never build a ``Changes`` in the shell
- ``statusMessage(str)``: emit to show a line in the status bar
- ``state.actor``: who is at the keyboard; pass it to every service call
- ``window.annotations`` (:class:`gui.annotation_session.AnnotationSession`): make every
  annotation edit through it; it queues the service call on the one edit queue, so Edit >
  Undo/Redo, the timeline, the panels and suggestion decisions share one command stack

No module here touches the database: data comes from, and goes to, :mod:`services`
(``tests/test_layers.py`` fails on ``sqlalchemy``, ``vfeedback.db``, ``vfeedback.models`` or a
``.session()`` call in ``gui/``). Keys and menu entries are declared in :mod:`gui.actions`.

The timeline emits ``eventEditRequested(id, start_ms, end_ms)`` (end -1 for a point) and
``suggestionDecided(id, "accepted"|"dismissed")``; the main window applies them.

Run every service call that writes, or may be slow, through :mod:`gui.operations`::

    from gui.operations import run_in_background
    from services import plan
    run_in_background(self, lambda progress, cancel: plan.export(
                          app, state.actor, visit_id, folder, progress, cancel),
                      title=self.tr("Exporting the reel"), state=self.state,
                      on_success=self._exported)

It runs in a worker thread, shows a progress dialog with Cancel for long work, turns a
``VFeedbackError`` into a readable dialog (never a traceback) and emits ``dataChanged`` with
the ``Changes`` of the service's ``Outcome``.
Strings shown to the user go through ``self.tr()``. Transport keys (Space/K, J, L, arrows,
Shift/Ctrl+arrows, Home/End) belong to the player/timeline area; give panels' shortcuts a
``Qt.WidgetWithChildrenShortcut`` context or keys that do not clash.

Start the app with ``vfeedback`` / ``vfeedback gui``; :func:`gui.application.make_application`
is the one place a QApplication is made (it clears cv2's Qt plugin path first).
"""

from __future__ import annotations

# PySide6 6.12.0 on Python 3.11 loses a reference to None on every Qt call that returns
# nothing and aborts within seconds ("deallocating None"); pyproject.toml pins PySide6 < 6.12.
