"""Faces blurred in what leaves the home for teaching: reels and exported recordings.

``--blur-faces all`` blurs every face; ``--blur-faces others`` every face but the parent's and
the child's, who are the dyad's two people in the recording's analysis (``analysis.identities``
and ``analysis.roles``: the stored face boxes of the adult and the child). A recording that has
not been analysed cannot tell them apart: ``others`` is then refused with a message pointing at
``vfeedback analyse``, unless the caller asked to fall back to blurring every face.

The blurring itself (detector, tracking, the ffmpeg pipeline) is
:mod:`vfeedback.media.blur`; here the reel's timeline is mapped back to the recordings, so that
each reel frame knows which kept faces it shows and where they land after scaling and padding.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.media import compose
from vfeedback.media.blur import (
    Box,
    FaceBlurrer,
    FaceDetector,
    KeepTrack,
    Overlay,
    blur_recording,
    check_mode,
    grow,
    is_kept,
    mux_args,
    pixelate,
    run_blurred,
)
from vfeedback.media.probe import MediaInfo
from vfeedback.media.tools import run_ffmpeg
from vfeedback.progress import CancelToken, ProgressFn, scaled

if TYPE_CHECKING:
    from vfeedback.app import App


@dataclass
class FaceBlur:
    """How to blur a reel or an export: ``mode`` all/others; for ``others`` the faces to keep
    per source (a store key or a file path, as the reel's clips name them)."""

    mode: str
    tracks: Mapping[str, KeepTrack] = field(default_factory=dict)
    note: str = ""  # said to the user (e.g. "others" fell back to "all")

    def __post_init__(self) -> None:
        check_mode(self.mode)


def keep_track(app: App, recording_id: int) -> KeepTrack | None:
    """The parent's and the child's face boxes from the recording's analysis; None when the
    recording has not been analysed (or no adult/child was found)."""
    from analysis.results import load_results

    result = load_results(app, recording_id)
    if result is None:
        return None
    people = [i for i in (result.index_of("adult"), result.index_of("child")) if i is not None]
    if not people:
        return None
    return KeepTrack(np.asarray(result.times, float),
                     np.asarray(result.face_boxes[:, people], float),
                     int(result.width), int(result.height))


def face_blur_for(app: App, mode: str | None, sources: Mapping[str, int], *,
                  fallback_all: bool = False) -> FaceBlur | None:
    """The :class:`FaceBlur` for recordings named by source (store key -> recording id)."""
    if check_mode(mode) is None:
        return None
    if mode == "all":
        return FaceBlur("all")
    tracks: dict[str, KeepTrack] = {}
    for source, recording_id in sources.items():
        track = keep_track(app, recording_id)
        if track is None:
            if fallback_all:
                return FaceBlur("all", note=_(
                    "Recording {id} has not been analysed, so every face was blurred").format(
                    id=recording_id))
            raise InputError(_(
                "Recording {id} has not been analysed, so the parent and the child are not "
                "known: run `vfeedback analyse {id}` first, or blur every face with "
                "--blur-faces all").format(id=recording_id))
        tracks[source] = track
    return FaceBlur("others", tracks)


def _placed(box: Box, track: KeepTrack, info: MediaInfo, width: int, height: int) -> Box:
    """A box in the analysed picture's pixels, in the reel's (scaled and padded) pixels."""
    dw, dh = info.display_size
    sx, sy = dw / max(1, track.width), dh / max(1, track.height)
    scale = min(width / dw, height / dh)
    ox, oy = (width - dw * scale) / 2, (height - dh * scale) / 2
    return (box[0] * sx * scale + ox, box[1] * sy * scale + oy,
            box[2] * sx * scale + ox, box[3] * sy * scale + oy)


def reel_keep(clips: Sequence, infos: Sequence[MediaInfo],  # noqa: ANN001 - ReelClip
              spans: Sequence[tuple[float, float]], fps: float, width: int, height: int,
              tracks: Mapping[str, KeepTrack]):  # noqa: ANN201 - a KeepFn
    """Per reel frame, the kept faces it shows (title cards: none)."""
    from .reel import clip_frames

    shown: dict[int, tuple[KeepTrack, MediaInfo, float]] = {}
    for clip, info, (start, _end) in zip(clips, infos, spans, strict=True):
        track = tracks.get(str(clip.source))
        if track is None:
            continue
        first = math.floor(start * fps + 0.5)
        for j, frame in enumerate(clip_frames(clip, info, fps)):
            shown[first + j] = (track, info, frame / info.fps)

    def keep(index: int) -> list[Box]:
        if index not in shown:
            return []
        track, info, time_s = shown[index]
        return [_placed(b, track, info, width, height) for b in track.at(time_s)]

    return keep


def caption_overlays(clips: Sequence, spans: Sequence[tuple[float, float]],  # noqa: ANN001
                     width: int, height: int, tmp: Path) -> list[Overlay]:
    """The burnt-in captions, drawn after the blur (so the blur never smears the words)."""
    from .reel import render_caption

    out = []
    for k, (clip, (start, end)) in enumerate(zip(clips, spans, strict=True), start=1):
        if clip.caption.strip():
            image = tmp / f"caption-{k}.png"
            x, y = render_caption(clip.caption.strip(), width, height, image)
            out.append(Overlay(image, x, y, start, end))
    return out


def render_blurred_reel(blur: FaceBlur, pieces: Sequence[compose.Piece], clips: Sequence,  # noqa: ANN001
                        infos: Sequence[MediaInfo], spans: Sequence[tuple[float, float]],
                        out: Path, fmt: compose.OutputFormat, *, total_s: float, tmp: Path,
                        subtitles: Path | None, chapters: Path | None, language: str,
                        overlays: Sequence[Overlay], progress: ProgressFn | None = None,
                        cancel: CancelToken | None = None) -> dict[str, int]:
    """The reel's one ffmpeg graph, its picture through the face blur, joined with its sound,
    subtitles and chapters into ``out``. Returns the blurrer's counts."""
    side = tmp / "sound.mka"
    args = compose.reel_command(pieces, side, fmt, subtitles=subtitles, chapters=chapters,
                                language=language, video_pipe=True)
    keep = (reel_keep(clips, infos, spans, fmt.fps, fmt.width, fmt.height, blur.tracks)
            if blur.mode == "others" else None)
    video = tmp / "blurred.mp4"
    counts = run_blurred(args, width=fmt.width, height=fmt.height, fps=fmt.fps,
                         total_frames=max(1, round(total_s * fmt.fps)), video_out=video,
                         blurrer=FaceBlurrer(keep=keep), overlays=overlays,
                         progress=scaled(progress, 0.0, 0.97), cancel=cancel)
    run_ffmpeg(mux_args(video, side, out, "mp4",
                        subtitles_language=language if subtitles is not None else None,
                        metadata_from_side=True), cancel=cancel,
               error_message=_("The reel could not be made"))
    return counts


def export_recording(app: App, recording_id: int, target: Path, *, mode: str,
                     fallback_all: bool = False, progress: ProgressFn | None = None,
                     cancel: CancelToken | None = None) -> tuple[dict[str, int], str]:
    """``recording export --blur-faces``: the recording with faces blurred, at ``target``
    (written whole or not at all). Returns the counts and a note for the user."""
    from vfeedback import library, scratch
    from vfeedback.fileio import atomic_output
    from vfeedback.media.probe import probe

    with app.db.session() as session:
        rec = library.recording_by_id(session, recording_id)
        key, container = rec.store_key, rec.container
    blur = face_blur_for(app, mode, {key: recording_id}, fallback_all=fallback_all)
    assert blur is not None
    muxer = compose._MUXERS.get(target.suffix.lower()) or container.split(",")[0] or "matroska"
    with app.store.media_path(key) as source, \
            scratch.temporary_directory(prefix="blur-") as work, atomic_output(target) as part:
        info = probe(source)
        keep = None
        if blur.mode == "others":
            track = blur.tracks[key]
            w, h = info.display_size
            w, h = w // 2 * 2, h // 2 * 2
            fps = info.fps or 25.0

            def keep(index: int) -> list[Box]:
                return [_placed(b, track, info, w, h) for b in track.at(index / fps)]

        counts = blur_recording(source, info, Path(part), muxer=muxer, work=Path(work),
                                blurrer=FaceBlurrer(keep=keep), progress=progress,
                                cancel=cancel)
    return counts, blur.note


def blurred_thumbnail(blur: FaceBlur, source: str, media: str | Path, time_s: float,
                      detector: FaceDetector, width: int = 320) -> bytes:
    """A script's thumbnail with the faces blurred as the reel blurs them at ``time_s``: the
    frame is read at twice the thumbnail's width (a face of a few pixels is not found), faces
    are found and pixelated (``others``: all but the parent's and the child's), then scaled."""
    import io

    from PIL import Image

    from vfeedback.media.frames import extract_frame

    png = extract_frame(media, time_s=time_s, width=2 * width)
    rgb = np.array(Image.open(io.BytesIO(png)).convert("RGB"))
    track = blur.tracks.get(source) if blur.mode == "others" else None
    keep: list = []
    if track is not None and track.width and track.height:
        sx, sy = rgb.shape[1] / track.width, rgb.shape[0] / track.height
        keep = [(b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy) for b in track.at(time_s)]
    for face in detector(rgb):
        if not (keep and is_kept(face, keep)):
            pixelate(rgb, grow(face, FaceBlurrer.margin))
    picture = Image.fromarray(rgb)
    picture = picture.resize((width, max(2, round(picture.height * width / picture.width))),
                             Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85)
    return out.getvalue()
