"""The annotation engine: coding schemes, coding with undo/redo, file interchange, agreement.

- :mod:`annotation.schemes`: built-in schemes (VIPP-SD, BHV, sensitivity rating), JSON files
- :mod:`annotation.editing`: :class:`~annotation.editing.AnnotationEditor`, every edit a
  journaled command (undo/redo survive a restart, see :mod:`annotation.journal`)
- :mod:`annotation.interchange`: ELAN, BORIS, CSV, SRT/WebVTT through one neutral document,
  and to/from a recording's annotations (:mod:`annotation.interchange.records`)
- :mod:`annotation.agreement`: kappa on time slices, onset F1, percent agreement, ICC

No Qt here: the GUI observes the editor through :meth:`AnnotationEditor.subscribe`.
"""
