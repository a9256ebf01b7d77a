"""Listening: who vocalises when (adult speech, the child's sounds, laughs, cries) and turns.

The entry point is :func:`analysis.audio.listen.analyse_audio`; ``vfeedback listen VIDEO``
runs it from the command line. Pure numpy plus WebRTC's voice activity detector; no Qt, no
model downloads. See ``docs/architecture.md`` (Listening).
"""

from __future__ import annotations

from .listen import AudioResult, analyse_audio, analyse_samples

__all__ = ["AudioResult", "analyse_audio", "analyse_samples"]
