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
- ``dataChanged(Changes)``: a finished operation says what it changed
  (``changes.touches("annotations")``); refresh from that, never poll the database
- ``statusMessage(str)``: emit to show a line in the status bar
- ``state.editor``: the open recording's ``annotation.editing.AnnotationEditor`` (set before
  ``recordingChanged``); make every annotation edit through it so that Edit > Undo/Redo
  (Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y, owned by the main window) and the timeline share one command
  stack; its change notices arrive as ``dataChanged(Changes({"annotations"}))``

The timeline emits ``eventEditRequested(id, start_ms, end_ms)`` (end -1 for a point) and
``suggestionDecided(id, "accepted"|"dismissed")``; the main window applies them.

Run every core call that writes, or may be slow, through :mod:`gui.operations`::

    from gui.operations import Changes, run_in_background
    run_in_background(self, lambda progress, cancel: core_fn(..., progress, cancel),
                      title=self.tr("Exporting the reel"), state=self.state,
                      changes=Changes({"plan"}), on_success=self._exported)

It runs in a worker thread, shows a progress dialog with Cancel for long work, turns a
``VFeedbackError`` into a readable dialog (never a traceback) and emits ``dataChanged``.
Strings shown to the user go through ``self.tr()``. Transport keys (Space/K, J, L, arrows,
Shift/Ctrl+arrows, Home/End) belong to the player/timeline area; give panels' shortcuts a
``Qt.WidgetWithChildrenShortcut`` context or keys that do not clash.

Start the app with ``vfeedback`` / ``vfeedback gui``; :func:`gui.application.make_application`
is the one place a QApplication is made (it clears cv2's Qt plugin path first).
"""

from __future__ import annotations

# PySide6 6.12.0 on Python 3.11 loses a reference to None on every Qt call that returns
# nothing and aborts within seconds ("deallocating None"); pyproject.toml pins PySide6 < 6.12.
