"""ffmpeg command lines for the feedback reel: one encode joins every piece.

The reel is a list of :class:`Piece` objects, already resolved to files and frame numbers by
``sessions.reel``: clips of recordings (frame-exact cuts, optional slow motion and freeze-frame,
an optional caption image laid over) and title cards (a full-frame image with silence).
:func:`reel_command` turns them into ONE ffmpeg run: each clip is its own accurately seeked input,
normalised (rotation, scale+pad to the output size, fixed frame rate, 48 kHz stereo), and the
concat filter joins them; a soft subtitle track (mov_text) and chapters (ffmetadata) are muxed in
the same run. One encode is what keeps the reel as fast as a hand-written command line.

:func:`copy_command` is the no-re-encode path: the concat demuxer with in/out points on
keyframes, ``-c copy``. Caption and card images are PNGs drawn by the caller (Pillow), so
nothing here needs ffmpeg's drawtext or libass.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from ..progress import CancelToken, ProgressFn
from .probe import MediaInfo
from .tools import NO_ENCODER_SEI, NO_SOURCE_TAGS, run_ffmpeg

AUDIO_RATE = 48000


@dataclass(frozen=True)
class OutputFormat:
    width: int
    height: int
    fps: float
    crf: int = 20
    preset: str = "veryfast"
    audio_bitrate: str = "160k"


@dataclass(frozen=True)
class Piece:
    """One stretch of the output timeline.

    A clip (``source`` set) takes ``frames`` source frames from ``first_frame`` on; a title
    card (``source`` None) shows ``image`` full-frame for ``card_s`` seconds.
    """

    source: Path | None = None
    info: MediaInfo | None = None
    first_frame: int = 0
    frames: int = 0
    speed: float = 1.0
    freeze_at_frame: int | None = None  # counted from the clip's first frame
    freeze_s: float = 0.0
    image: Path | None = None  # caption overlay (clip) or the whole card (title)
    image_xy: tuple[int, int] = (0, 0)  # where the caption image goes on the frame
    card_s: float = 0.0

    @property
    def is_card(self) -> bool:
        return self.source is None

    def output_s(self) -> float:
        """How long the piece lasts in the reel."""
        if self.is_card:
            return self.card_s
        assert self.info is not None
        return self.frames / self.info.fps / self.speed + (
            self.freeze_s if self.freeze_at_frame is not None else 0.0)


def _fmt(value: float) -> str:
    return f"{value:.6f}"


def _atempo_chain(speed: float) -> str:
    """atempo takes 0.5..2 per instance; chain several for slower or faster speeds."""
    parts = []
    while speed < 0.5:
        parts.append("atempo=0.5")
        speed /= 0.5
    while speed > 2.0:
        parts.append("atempo=2.0")
        speed /= 2.0
    parts.append(f"atempo={speed:.6f}")
    return ",".join(parts)


def _normalise_video(fmt: OutputFormat, size: tuple[int, int] | None = None) -> str:
    """Scale and pad to the output size, fixed rate, yuv420p. ``size`` is the source's size
    as displayed; when it has the output's shape the pad (a copy of every frame) is left out."""
    w, h = fmt.width, fmt.height
    fit = f"scale={w}:{h}:force_original_aspect_ratio=decrease,"
    pad = f"pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color=black,"
    if size and size[0] * h == size[1] * w:
        fit, pad = ("" if size == (w, h) else f"scale={w}:{h},"), ""
    return f"{fit}{pad}setsar=1,fps={fmt.fps:g},format=yuv420p"


_AUDIO_NORM = f"aresample={AUDIO_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo"


def reel_command(pieces: Sequence[Piece], out: str | os.PathLike[str], fmt: OutputFormat, *,
                 subtitles: Path | None = None, chapters: Path | None = None,
                 language: str = "und", video_pipe: bool = False) -> list[str]:
    """The ffmpeg arguments (without the executable) that render ``pieces`` into ``out``.

    With ``video_pipe`` the picture goes as raw rgb24 frames to ``pipe:1`` (for the face blur,
    :mod:`vfeedback.media.blur`) and ``out`` gets only the sound, subtitles and chapters
    (Matroska), to be joined with the blurred picture afterwards."""
    inputs: list[str] = []
    graph: list[str] = []
    labels: list[str] = []
    n_in = 0
    fps = fmt.fps
    for k, piece in enumerate(pieces):
        if piece.is_card:
            assert piece.image is not None
            # The card is decoded and scaled once, then repeated by the loop filter: cheaper
            # than ``-loop 1``, which decodes the image again for every frame.
            frames = max(1, round(piece.card_s * fps))
            inputs += ["-i", str(piece.image)]
            graph.append(f"[{n_in}:v]{_normalise_video(fmt)},loop=loop={frames - 1}:size=1:"
                         f"start=0,setpts=N/({fps:g}*TB)[v{k}]")
            graph.append(f"anullsrc=r={AUDIO_RATE}:cl=stereo,atrim=duration={_fmt(piece.card_s)},"
                         f"{_AUDIO_NORM}[a{k}]")
            n_in += 1
        else:
            assert piece.info is not None and piece.source is not None
            src_fps = piece.info.fps
            seek = max(0.0, (piece.first_frame - 0.25) / src_fps)
            length = piece.frames / src_fps
            # Input seeking decodes from the keyframe before and drops frames up to the seek
            # time, so the first frame is exact; trim by frame count makes the last one exact.
            inputs += ["-ss", _fmt(seek), "-t", _fmt(length + 1.0 / src_fps), "-i",
                       str(piece.source)]
            src = n_in
            n_in += 1
            v = (f"[{src}:v:0]trim=end_frame={piece.frames},setpts=PTS-STARTPTS")
            if piece.speed != 1.0:
                v += f",setpts=PTS/{piece.speed:.6f}"
            v += "," + _normalise_video(fmt, piece.info.display_size)
            a_parts: list[str] = []
            if piece.info.has_audio:
                a = (f"[{src}:a:0]{_AUDIO_NORM},atrim=duration={_fmt(length)},"
                     "asetpts=PTS-STARTPTS,apad")
                if piece.speed != 1.0:
                    a += "," + _atempo_chain(piece.speed)
                a += f",atrim=duration={_fmt(length / piece.speed)}"
            else:
                a = (f"anullsrc=r={AUDIO_RATE}:cl=stereo,"
                     f"atrim=duration={_fmt(length / piece.speed)},{_AUDIO_NORM}")
            if piece.freeze_at_frame is not None and piece.freeze_s > 0:
                at = min(max(0, piece.freeze_at_frame), piece.frames - 1)
                hold = max(1, round(piece.freeze_s * fps))
                out_at = round(at / piece.speed * fps / src_fps)
                # loop repeats one frame in place; timestamps are rebuilt from the frame count.
                # Its start counts frames already passed on, hence the +1 (ffmpeg 5-7).
                v += f",loop=loop={hold}:size=1:start={out_at + 1},setpts=N/({fps:g}*TB)"
                cut_s = (out_at + 1) / fps
                a_parts = [
                    f"{a},asplit[a{k}p][a{k}q]",
                    f"[a{k}p]atrim=end={_fmt(cut_s)},asetpts=PTS-STARTPTS[a{k}b]",
                    f"[a{k}q]atrim=start={_fmt(cut_s)},asetpts=PTS-STARTPTS[a{k}e]",
                    f"anullsrc=r={AUDIO_RATE}:cl=stereo,atrim=duration={_fmt(hold / fps)},"
                    f"{_AUDIO_NORM}[a{k}s]",
                    f"[a{k}b][a{k}s][a{k}e]concat=n=3:v=0:a=1[a{k}]",
                ]
            if piece.image is not None:
                inputs += ["-i", str(piece.image)]
                graph.append(f"{v}[v{k}raw]")
                # A single image repeats its one frame for the whole clip (eof_action=repeat).
                x, y = piece.image_xy
                # format=yuv420 blends in the reel's own format; "auto" made ffmpeg convert
                # every frame and cost ~15 % more CPU for the whole reel (benchmark).
                graph.append(f"[v{k}raw][{n_in}:v]overlay={x}:{y}:format=yuv420[v{k}]")
                n_in += 1
            else:
                graph.append(f"{v}[v{k}]")
            if a_parts:
                graph.extend(a_parts)
            else:
                graph.append(f"{a}[a{k}]")
        labels.append(f"[v{k}][a{k}]")
    graph.append(f"{''.join(labels)}concat=n={len(pieces)}:v=1:a=1[vout][aout]")
    maps = ["-map", "[vout]", "-map", "[aout]"]
    extra: list[str] = []
    if subtitles is not None:
        inputs += ["-i", str(subtitles)]
        maps += ["-map", f"{n_in}:s"]
        extra += ["-c:s", "mov_text", "-metadata:s:s:0", f"language={language}"]
        n_in += 1
    if chapters is not None:
        inputs += ["-f", "ffmetadata", "-i", str(chapters)]
        maps += ["-map_metadata", str(n_in), "-map_chapters", str(n_in)]
        n_in += 1
    else:
        maps += ["-map_metadata", "-1"]
    maps += NO_SOURCE_TAGS
    if video_pipe:
        side = [a.replace("mov_text", "srt") for a in maps[4:] + extra]
        return [*inputs, "-filter_complex", ";".join(graph), "-map", "[vout]", "-f", "rawvideo",
                "-pix_fmt", "rgb24", "pipe:1", "-map", "[aout]", *side, "-c:a", "aac", "-b:a",
                fmt.audio_bitrate, "-ar", str(AUDIO_RATE), "-ac", "2", "-f", "matroska",
                str(out)]
    return [*inputs, "-filter_complex", ";".join(graph), *maps,
            "-c:v", "libx264", *NO_ENCODER_SEI, "-profile:v", "high", "-preset", fmt.preset,
            "-crf", str(fmt.crf), "-pix_fmt", "yuv420p", "-r", f"{fps:g}",
            "-c:a", "aac", "-b:a", fmt.audio_bitrate, "-ar", str(AUDIO_RATE), "-ac", "2",
            *extra, "-movflags", "+faststart", "-f", "mp4", str(out)]


def copy_commands(source: Path, ranges: Sequence[tuple[float, int, float]], work: Path,
                  out: str | os.PathLike[str], *, subtitles: Path | None = None,
                  chapters: Path | None = None, language: str = "und") -> list[list[str]]:
    """Stream-copy pieces of one source, in order, without re-encoding.

    ``ranges`` holds (keyframe time, video frames, seconds) per piece; each piece must start on
    a keyframe and end just before one (or at the end). Pieces are cut by frame count, not by
    time: ffmpeg compares decode times when copying, so a time limit lets B-frame-reordered
    frames from after the end slip in, while the first N packets in decode order of whole GOPs
    are exactly the N frames wanted. Returns the commands to run in order; the last one joins
    the pieces (concat demuxer) and adds the subtitle track and chapters.
    """
    # All pieces come out of one ffmpeg run (one input and one output per piece): starting
    # ffmpeg once instead of once per piece is most of the time a copy takes.
    cut: list[str] = []
    outputs: list[str] = []
    lines = ["ffconcat version 1.0"]
    for k, (start, frames, seconds) in enumerate(ranges):
        part = work / f"part-{k}.mp4"
        cut += ["-ss", _fmt(start), "-i", str(source)]
        outputs += ["-map", f"{k}:v:0", "-map", f"{k}:a:0?", "-map_metadata", "-1",
                    "-map_chapters", "-1", *NO_SOURCE_TAGS, "-c", "copy", "-frames:v",
                    str(frames), "-t", _fmt(seconds), "-avoid_negative_ts", "make_zero",
                    "-f", "mp4", str(part)]
        lines.append(f"file '{part.name}'")
    commands = [cut + outputs]
    listing = work / "parts.ffconcat"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    inputs = ["-f", "concat", "-safe", "0", "-i", str(listing)]
    maps = ["-map", "0:v:0", "-map", "0:a:0?"]
    extra: list[str] = []
    n_in = 1
    if subtitles is not None:
        inputs += ["-i", str(subtitles)]
        maps += ["-map", f"{n_in}:s"]
        extra += ["-c:s", "mov_text", "-metadata:s:s:0", f"language={language}"]
        n_in += 1
    if chapters is not None:
        inputs += ["-f", "ffmetadata", "-i", str(chapters)]
        maps += ["-map_metadata", str(n_in), "-map_chapters", str(n_in)]
    else:
        maps += ["-map_metadata", "-1"]
    maps += NO_SOURCE_TAGS  # a stream copy would otherwise carry the source's tags along
    commands.append([*inputs, *maps, "-c:v", "copy", "-c:a", "copy", *extra,
                     "-movflags", "+faststart", "-f", "mp4", str(out)])
    return commands


_MUXERS = {".mp4": "mp4", ".m4v": "mp4", ".m4a": "mp4", ".mov": "mov", ".mkv": "matroska", ".webm": "webm",
           ".avi": "avi"}


def export_command(source: Path, out: str | os.PathLike[str], *, target_suffix: str,
                   container: str) -> list[str]:
    """Copy a recording's video and audio streams into ``out`` without re-encoding
    and without its identifying tags (GPS position, title, device, handler names).

    The container follows the target's suffix, else the source's own (``container`` as
    probed, e.g. "mov" or "matroska").
    """
    muxer = _MUXERS.get(target_suffix.lower()) or container.split(",")[0] or "matroska"
    # "0:v?": a sound-only file is exported too (its tags stripped the same way).
    return ["-i", str(source), "-map", "0:v?", "-map", "0:a?", "-c", "copy",
            "-map_metadata", "-1", "-map_chapters", "-1", *NO_SOURCE_TAGS, "-f", muxer,
            str(out)]


def write_srt(cues: Sequence[tuple[float, float, str]], path: Path) -> None:
    """SubRip text for the soft subtitle track: (start_s, end_s, text) in reel time."""

    def stamp(t: float) -> str:
        ms = int(round(t * 1000))
        return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"

    blocks = [f"{i}\n{stamp(a)} --> {stamp(b)}\n{text.strip()}\n"
              for i, (a, b, text) in enumerate(cues, 1)]
    path.write_text("\n".join(blocks), encoding="utf-8")


def write_ffmetadata(chapters: Sequence[tuple[float, float, str]], path: Path,
                     title: str = "") -> None:
    """Chapter marks in ffmpeg's metadata format: (start_s, end_s, title) in reel time."""

    def esc(text: str) -> str:
        for ch in ("\\", "=", ";", "#", "\n"):
            text = text.replace(ch, "\\" + ch)
        return text

    lines = [";FFMETADATA1"]
    if title:
        lines.append(f"title={esc(title)}")
    for start, end, name in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={int(round(start * 1000))}",
                  f"END={int(round(end * 1000))}", f"title={esc(name)}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def render(commands: Sequence[Sequence[str]], duration_s: float, *,
           progress: ProgressFn | None = None, cancel: CancelToken | None = None,
           copy: bool = False) -> None:
    """Run the commands from :func:`reel_command` (one) or :func:`copy_commands` (several)."""
    for k, args in enumerate(commands):
        run_ffmpeg(args, duration_s=duration_s if k == len(commands) - 1 else None,
                   progress=progress if k == len(commands) - 1 else None, cancel=cancel,
                   what=_("Copying clips") if copy else _("Encoding the reel"),
                   error_message=_("The reel could not be made"))
