"""vfeedback core: domain model, storage, media tools and the command line.

The core never imports Qt; the desktop shell lives in ``gui/``.
"""

from __future__ import annotations

__version__ = "0.1.0"
