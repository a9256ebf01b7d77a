"""Optional analysis: pose and head-gaze per person, cue tracks and suggested moments.

Everything here works without Qt; mediapipe is imported lazily, only inside the mediapipe
backend, so the rest of the app runs (and says "analysis not available") when it is missing.
"""

from __future__ import annotations

import functools
import importlib.util

from vfeedback.i18n import _


@functools.cache  # importing mediapipe takes about a second; the answer does not change
def available() -> tuple[bool, str]:
    """Whether landmark extraction can run here, and if not, why (one sentence for the user)."""
    if importlib.util.find_spec("mediapipe") is None:
        return False, _("Analysis is not available: the mediapipe package is not installed")
    try:
        from mediapipe.python import solutions  # noqa: F401  (the offline, in-wheel models)
    except Exception as exc:  # a broken install raises all sorts of errors on import
        return False, _("Analysis is not available: mediapipe cannot be loaded ({why})").format(
            why=exc)
    return True, ""
