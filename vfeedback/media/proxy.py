"""Seek-friendly proxies: a small copy of a recording that the player can jump around in.

Camera footage has a keyframe every 1-2 s, so showing an arbitrary frame means decoding up to
60 frames from the previous keyframe (~160 ms for 1080p here). The proxy is 540p H.264 with a
keyframe every :data:`KEYINT` frames, so a random frame costs a few small decodes. It keeps the
original's frame rate and frame count (frame n of the proxy is frame n of the original) and its
sound, so the player can play it too. The original stays the master for export and analysis.

The proxy is stored like any media (``store.writer``) and registered as a
``Derivative(kind="proxy")`` whose ``params`` say how it was made: new parameters make a new
proxy instead of reusing a stale one.
"""

from __future__ import annotations

import os

from sqlalchemy import select

from ..derivatives import put_derivative
from ..errors import InputError
from ..i18n import _
from ..models import Derivative, Recording
from ..progress import CancelToken, ProgressFn
from .tools import run_ffmpeg

HEIGHT = 540
KEYINT = 6
PARAMS = {"height": HEIGHT, "keyint": KEYINT, "codec": "h264", "crf": 26, "version": 1}


def proxy_args(source: str | os.PathLike[str], target: str | os.PathLike[str], *,
               has_audio: bool = True, height: int = HEIGHT, keyint: int = KEYINT) -> list[str]:
    """The ffmpeg arguments for a proxy of ``source`` (kept here: no ffmpeg lines elsewhere)."""
    args = ["-i", str(source), "-map", "0:v:0",
            # Never upscale; -2 keeps the width even, as yuv420p needs.
            "-vf", f"scale=-2:'min({height},ih)':flags=bilinear,format=yuv420p",
            # Same frames as the original: no frame dropping or duplication.
            "-fps_mode", "passthrough",
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "fastdecode",
            "-crf", str(PARAMS["crf"]), "-g", str(keyint), "-keyint_min", str(keyint),
            "-sc_threshold", "0", "-bf", "0"]
    if has_audio:
        args += ["-map", "0:a:0?", "-c:a", "aac", "-b:a", "96k"]
    args += ["-movflags", "+faststart", "-f", "mp4", str(target)]
    return args


def make_proxy(source: str | os.PathLike[str], target: str | os.PathLike[str], *,
               duration_s: float | None = None, has_audio: bool = True,
               progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> None:
    """Write a proxy of ``source`` to ``target`` (the caller owns removing it on failure)."""
    run_ffmpeg(proxy_args(source, target, has_audio=has_audio), duration_s=duration_s,
               progress=progress, cancel=cancel, what=_("Preparing the recording for smooth "
                                                        "seeking"),
               error_message=_("The seek proxy could not be made"))


def find_proxy(session, recording_id: int) -> Derivative | None:  # noqa: ANN001 - Session
    """The current proxy of a recording (made with today's parameters), or None."""
    rows = session.scalars(select(Derivative).where(Derivative.recording_id == recording_id,
                                                    Derivative.kind == "proxy"))
    for row in rows:
        if row.params == PARAMS:
            return row
    return None


def ensure_proxy(app, recording_id: int, progress: ProgressFn | None = None,  # noqa: ANN001
                 cancel: CancelToken | None = None) -> str:
    """Make (once) and register the proxy of a recording; returns its store key.

    Safe to call from a worker thread: the slow part runs outside any database transaction.
    """
    with app.db.session() as session:
        recording = session.get(Recording, recording_id)
        if recording is None:
            raise InputError(_("There is no recording {id}").format(id=recording_id))
        existing = find_proxy(session, recording_id)
        if existing is not None and app.store.contains(existing.store_key):
            return existing.store_key
        key, duration_s = recording.store_key, recording.duration_s
        has_audio = bool(recording.audio_codec)
    with app.store.media_source(key) as source, app.store.writer(".mp4") as writer:
        make_proxy(source, writer.path, duration_s=duration_s, has_audio=has_audio,
                   progress=progress, cancel=cancel)
    assert writer.key is not None
    with app.db.session() as session:
        # Stale parameters or a lost object: every older proxy is replaced by the new one.
        put_derivative(session, app.store, recording_id, "proxy", f"{HEIGHT}p", writer.key,
                       PARAMS, any_name=True)
    return writer.key
