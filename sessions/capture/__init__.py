"""Capture: recording a home visit from a camera, a phone stream or phone files.

- :mod:`.sources` — what to record from (:class:`CaptureSource` and its kinds, discovery);
- :mod:`.recorder` — :class:`Recorder`: crash-safe recording with status and markers;
- :mod:`.journal` — the working folder of a recording, finishing and :func:`recover_unfinished`;
- :mod:`.phone` — :func:`import_phone_files` for videos copied from a phone.
"""

from __future__ import annotations

from .journal import recover_all, recover_unfinished
from .phone import import_phone_files
from .recorder import Recorder, RecorderStatus
from .sources import (
    CaptureMode,
    CaptureSource,
    DeviceSource,
    FileSource,
    StreamSource,
    TestSource,
    list_sources,
    parse_mode,
    source_from_spec,
)

__all__ = [
    "CaptureMode", "CaptureSource", "DeviceSource", "FileSource", "Recorder", "RecorderStatus",
    "StreamSource", "TestSource", "import_phone_files", "list_sources", "parse_mode",
    "recover_all", "recover_unfinished", "source_from_spec",
]
