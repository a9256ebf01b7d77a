"""Optional analysis: pose and head-gaze per person, cue tracks and suggested moments.

Everything here works without Qt; mediapipe is imported lazily, only inside the mediapipe
backend, so the rest of the app runs (and says "analysis not available") when it is missing.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
import types

from vfeedback.i18n import _


class _LazyModule(types.ModuleType):
    """Stands in for a module while mediapipe imports; the real one is imported on first use."""

    def __getattr__(self, attr: str):  # noqa: ANN204
        if sys.modules.get(self.__name__) is self:  # still standing in: nothing to give
            raise AttributeError(attr)
        return getattr(importlib.import_module(self.__name__), attr)


def import_mediapipe() -> types.ModuleType:
    """``import mediapipe``, without importing matplotlib.

    mediapipe's drawing helpers (``solutions.drawing_utils``, imported by the package) import
    ``matplotlib.pyplot`` for a 3-D plotting function the analysis never calls: about half a
    second of a core in every process that analyses (measured with ``python -X importtime``).
    While mediapipe imports, ``matplotlib`` and ``matplotlib.pyplot`` are lazy stand-ins;
    they are removed afterwards, and the stand-in kept by the helpers imports the real
    pyplot if it is ever used. Where matplotlib is already imported nothing is changed."""
    if "mediapipe" in sys.modules:
        return sys.modules["mediapipe"]
    stubs: dict[str, types.ModuleType] = {}
    if "matplotlib" not in sys.modules and "matplotlib.pyplot" not in sys.modules:
        stubs = {"matplotlib": _LazyModule("matplotlib"),
                 "matplotlib.pyplot": _LazyModule("matplotlib.pyplot")}
        stubs["matplotlib"].pyplot = stubs["matplotlib.pyplot"]  # type: ignore[attr-defined]
        stubs["matplotlib"].__path__ = []  # type: ignore[attr-defined]  # a package
        sys.modules.update(stubs)
    try:
        import mediapipe
    finally:
        for name, module in stubs.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return mediapipe


@functools.cache  # importing mediapipe takes about a second; the answer does not change
def available() -> tuple[bool, str]:
    """Whether landmark extraction can run here, and if not, why (one sentence for the user)."""
    if importlib.util.find_spec("mediapipe") is None:
        return False, _("Analysis is not available: the mediapipe package is not installed")
    try:
        import_mediapipe()
        from mediapipe.python import solutions  # noqa: F401  (the offline, in-wheel models)
    except Exception as exc:  # a broken install raises all sorts of errors on import
        return False, _("Analysis is not available: mediapipe cannot be loaded ({why})").format(
            why=exc)
    return True, ""
