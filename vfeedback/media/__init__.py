"""Media work over ffmpeg and OpenCV: the only place that builds ffmpeg command lines.

- :mod:`.tools`   finding ffmpeg, running it with progress and cancel
- :mod:`.probe`   what a file holds (works without ffprobe)
- :mod:`.frames`  frame-accurate stills and thumbnails
- :mod:`.cut`     frame-accurate segments, keyframe stream copy
- :mod:`.reader`  decoded frames for analysis and the player cache
- :mod:`.synth`   generated footage (demo and exact tests)
"""

from __future__ import annotations

from .probe import MediaInfo, check_decodable, probe

__all__ = ["MediaInfo", "check_decodable", "probe"]
