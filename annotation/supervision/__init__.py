"""Supervision commands (``vfeedback review ...``); the logic is in :mod:`annotation.review`,
:mod:`services.review`, :mod:`sessions.review_pack` and :mod:`sessions.review_report`."""
