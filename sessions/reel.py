"""The feedback reel: chosen moments of recordings joined into one captioned MP4.

:func:`build_reel` takes :class:`ReelClip` objects (a file or a media-store key, a time range, a
caption, a theme), checks everything that can be known up front (times inside the recording,
end after start, sources that probe as video, a writable output folder, free disk space), draws
the caption and title-card images with Pillow (a real TTF font, so å ä ö æ ø render whatever
ffmpeg was built with) and hands one command line from :mod:`vfeedback.media.compose` to ffmpeg.
Output goes to a temporary name and is moved into place only when complete; cancelling leaves
nothing behind. When nothing needs re-encoding it stream-copies instead.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import logging
import math
import os
import shutil
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vfeedback import scratch
from vfeedback.errors import InputError, MediaError
from vfeedback.fileio import atomic_output
from vfeedback.i18n import _, subtitle_language
from vfeedback.media import compose
from vfeedback.media.cut import frame_range, keyframe_times
from vfeedback.media.plainserve import is_url
from vfeedback.media.probe import MediaInfo, probe
from vfeedback.progress import CancelToken, ProgressFn, report, scaled

from .plan import PlannedShow, plan_clips

if TYPE_CHECKING:
    from vfeedback.app import App

    from .face_blur import FaceBlur

TITLE_CARD_S = 2.5
CARD_BACKGROUND = (38, 70, 83)  # a calm dark teal
CARD_TEXT = (250, 246, 238)


@dataclass
class ReelClip:
    """One moment of the reel. ``source`` is a file path or a media-store key."""

    source: str | os.PathLike[str]
    start_s: float
    end_s: float
    caption: str = ""
    title: str = ""  # theme title; a title card is shown when it changes
    speed: float = 1.0
    freeze_at_s: float | None = None  # an instant of the source to hold
    freeze_s: float = 0.0
    name: str = ""  # chapter name; the caption or "Clip n" when empty
    caption_second: str = ""  # the same caption in the family's second language


def with_captions(clip: ReelClip, captions: str) -> ReelClip:
    """The clip showing its caption (``first``), its second-language version (``second``) or
    both, one under the other (``both``); captions are never translated, only chosen."""
    second = clip.caption_second.strip()
    if not second or captions == "first":
        return clip
    text = second if captions == "second" else f"{clip.caption.strip()}\n{second}".strip()
    return dataclasses.replace(clip, caption=text, caption_second="")


@dataclass
class ReelResult:
    path: Path
    duration_s: float
    chapters: list[tuple[float, float, str]] = field(default_factory=list)
    stream_copied: bool = False
    clip_spans: list[tuple[float, float]] = field(default_factory=list)  # each clip in reel time
    faces: dict[str, int] = field(default_factory=dict)  # face blur counts (empty: no blur)
    note: str = ""  # something the user should know (e.g. how faces were blurred)
    blur: FaceBlur | None = None  # how faces were blurred: the script's thumbnails follow it


# -- fonts and images ----------------------------------------------------------------------
@functools.cache
def find_font(bold: bool = False) -> str | None:
    """A Unicode TTF: Debian's DejaVu, else matplotlib's bundled copy, else None."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    candidates = [Path("/usr/share/fonts/truetype/dejavu") / name]
    with contextlib.suppress(Exception):
        import matplotlib

        candidates.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)
    for path in candidates:
        if path.is_file():
            return str(path)
    return None


def _font(size: int, bold: bool = False):  # noqa: ANN202 - PIL font types vary
    from PIL import ImageFont

    path = find_font(bold)
    if path is None:
        return ImageFont.load_default()
    return ImageFont.truetype(path, size)


def _wrap(draw, text: str, font, max_width: int) -> list[str]:  # noqa: ANN001
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        words = para.split()
        line = ""
        for word in words:
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font) <= max_width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    # A single unbreakable run longer than the frame: break it by characters.
    out: list[str] = []
    for line in lines:
        if draw.textlength(line, font=font) > max_width:
            per = max(4, int(len(line) * max_width / draw.textlength(line, font=font)))
            out.extend(textwrap.wrap(line, per) or [line])
        else:
            out.append(line)
    return out


def render_caption(text: str, width: int, height: int, path: Path) -> tuple[int, int]:
    """A transparent PNG with the caption in large type on a dark box, for a frame of
    ``width`` x ``height``; returns where its top-left corner goes (centred, low down).

    Only the box is drawn, not a whole frame: blending a small image costs far less per frame.
    """
    from PIL import Image, ImageDraw

    measure = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    size = max(14, height // 16)
    font = _font(size, bold=True)
    lines = _wrap(measure, text, font, int(width * 0.86))[:3]
    line_h = int(size * 1.3)
    pad = size // 2
    block_h = line_h * len(lines) + 2 * pad
    block_w = int(max(measure.textlength(line, font=font) for line in lines)) + 2 * pad
    block_w = min(width, block_w + block_w % 2)
    image = Image.new("RGBA", (block_w, block_h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([0, 0, block_w - 1, block_h - 1], radius=pad, fill=(0, 0, 0, 170))
    for i, line in enumerate(lines):
        w = draw.textlength(line, font=font)
        draw.text(((block_w - w) / 2, pad + i * line_h), line, font=font,
                  fill=(255, 255, 255, 255))
    image.save(path)
    top = height - block_h - height // 18
    return (width - block_w) // 2 // 2 * 2, max(0, top) // 2 * 2


def render_card(title: str, subtitle: str, width: int, height: int, path: Path) -> None:
    """A title card: the theme's title centred on a calm background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), CARD_BACKGROUND)
    draw = ImageDraw.Draw(image)
    size = max(16, height // 11)
    font = _font(size, bold=True)
    small = _font(max(12, size // 2))
    lines = _wrap(draw, title, font, int(width * 0.8))[:3]
    sub = _wrap(draw, subtitle, small, int(width * 0.8))[:2] if subtitle else []
    total = len(lines) * size * 1.25 + len(sub) * size * 0.7
    y = (height - total) / 2
    for line in lines:
        draw.text(((width - draw.textlength(line, font=font)) / 2, y), line, font=font,
                  fill=CARD_TEXT)
        y += size * 1.25
    for line in sub:
        draw.text(((width - draw.textlength(line, font=small)) / 2, y + size * 0.2), line,
                  font=small, fill=(200, 214, 218))
        y += size * 0.7
    image.save(path)


# -- reading clip lists --------------------------------------------------------------------
def read_clips_csv(path: str | os.PathLike[str], video: str | os.PathLike[str]) -> list[ReelClip]:
    """Clips from a CSV with columns ``start,end,caption`` (seconds; caption may be empty)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(_("Cannot read the clip list {name}: {why}").format(
            name=path.name, why=exc)) from exc
    rows = list(csv.reader(text.splitlines()))
    if rows and rows[0] and rows[0][0].strip().lower() == "start":
        rows = rows[1:]
    clips = []
    for number, row in enumerate(rows, start=2):
        if not row or not "".join(row).strip():
            continue
        try:
            start, end = float(row[0]), float(row[1])
        except (IndexError, ValueError) as exc:
            raise InputError(_("Line {n} of {name} needs start,end in seconds: {row}").format(
                n=number, name=path.name, row=",".join(row))) from exc
        caption = ",".join(row[2:]).strip() if len(row) > 2 else ""
        clips.append(ReelClip(source=video, start_s=start, end_s=end, caption=caption))
    if not clips:
        raise InputError(_("The clip list {name} has no clips").format(name=path.name))
    return clips


# -- checks ---------------------------------------------------------------------------------
def _check_clip(clip: ReelClip, info: MediaInfo, number: int) -> None:
    label = _("Clip {n}").format(n=number)
    if not info.has_video or info.fps <= 0:
        raise MediaError(_("{label}: {name} has no usable video").format(
            label=label, name=Path(info.path).name))
    if clip.start_s < 0 or clip.end_s <= clip.start_s:
        raise InputError(_("{label}: the end ({b:.2f} s) must come after the start "
                           "({a:.2f} s)").format(label=label, a=clip.start_s, b=clip.end_s))
    if clip.end_s > info.duration_s + 0.5 / info.fps:
        raise InputError(_("{label}: {a:.2f}-{b:.2f} s is outside the recording "
                           "(0-{d:.2f} s)").format(label=label, a=clip.start_s, b=clip.end_s,
                                                   d=info.duration_s))
    if not 0.1 <= clip.speed <= 4.0:
        raise InputError(_("{label}: speed {s} is outside 0.1-4").format(label=label,
                                                                          s=clip.speed))
    if clip.freeze_at_s is not None and not clip.start_s <= clip.freeze_at_s <= clip.end_s:
        raise InputError(_("{label}: the freeze-frame at {t:.2f} s is not inside the clip")
                         .format(label=label, t=clip.freeze_at_s))


def _check_output(out: Path, estimate_bytes: int) -> None:
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(_("The folder {folder} does not exist").format(folder=folder))
    if not os.access(folder, os.W_OK):
        raise InputError(_("Cannot write to the folder {folder}").format(folder=folder))
    free = shutil.disk_usage(folder).free
    if free < estimate_bytes:
        raise InputError(_("Not enough free disk space in {folder}: the reel needs about "
                           "{need} MB, {free} MB are free").format(
            folder=folder, need=estimate_bytes // 2**20 + 1, free=free // 2**20))


def output_size(infos: Sequence[MediaInfo], height: int | None) -> tuple[int, int]:
    """Even width and height: the first clip's aspect at ``height`` (its own height if None)."""
    w0, h0 = infos[0].display_size
    h = height or h0
    w = int(round(h * w0 / h0 / 2)) * 2
    return max(2, w), max(2, int(h) // 2 * 2)


# -- building -------------------------------------------------------------------------------
@contextlib.contextmanager
def _resolved(clips: Sequence[ReelClip], store) -> Iterator[list[Path]]:  # noqa: ANN001
    """Paths for every clip source: files as given, store keys through
    ``store.media_source`` (a URL when the store is encrypted)."""
    with contextlib.ExitStack() as stack:
        paths: list[Path] = []
        seen: dict[str, Path] = {}
        for clip in clips:
            key = str(clip.source)
            if key not in seen:
                if store is not None and len(key) == 64 and not os.path.exists(key):
                    source = stack.enter_context(store.media_source(key))
                    seen[key] = source if is_url(source) else Path(source)
                else:
                    seen[key] = Path(key)
            paths.append(seen[key])
        yield paths


def _can_copy(clips: Sequence[ReelClip], paths: Sequence[Path], infos: Sequence[MediaInfo],
              titles: bool, burn: bool) -> list[float]:
    """The keyframe time each clip starts at, when the reel can be stream-copied; else []."""
    if titles or (burn and any(c.caption.strip() for c in clips)):
        return []
    if len(set(paths)) != 1 or any(c.speed != 1.0 or c.freeze_at_s is not None for c in clips):
        return []
    keys = keyframe_times(paths[0])
    info = infos[0]
    tol = 0.5 / info.fps
    starts = []
    for clip in clips:
        at = [k for k in keys if abs(k - clip.start_s) < tol]
        # The end must be a keyframe too (or the end of the recording): see copy_commands.
        ends = any(abs(k - clip.end_s) < tol for k in keys) or clip.end_s >= info.duration_s - tol
        if not at or not ends:
            return []
        starts.append(at[0])
    return starts


def build_reel(clips: Sequence[ReelClip], out: str | os.PathLike[str], *, titles: bool = True,
               burn_captions: bool = True, soft_subtitles: bool = True,
               height: int | None = 720, fps: float | None = None, title: str = "",
               card_s: float = TITLE_CARD_S, store=None,  # noqa: ANN001
               progress: ProgressFn | None = None,
               cancel: CancelToken | None = None, captions: str = "both",
               language: str | None = None, blur: FaceBlur | None = None) -> ReelResult:
    """Make the reel MP4 at ``out``; see the module docstring. ``height`` None keeps the first
    clip's size; ``title`` adds an opening card; ``store`` resolves store keys; ``captions``
    (first/second/both) picks the languages of bilingual captions; ``language`` tags the
    subtitle track (default: the app's); ``blur`` blurs faces (see :mod:`sessions.face_blur`),
    which always re-encodes."""
    out = Path(out)
    clips = [with_captions(clip, captions) for clip in clips]
    if not clips:
        raise InputError(_("The reel has no clips"))
    report(progress, 0.0, _("Checking the clips"))
    with _resolved(clips, store) as paths:
        infos: dict[Path, MediaInfo] = {}
        for number, (clip, path) in enumerate(zip(clips, paths, strict=True), start=1):
            if not is_url(path) and not path.is_file():
                raise InputError(_("Clip {n}: the recording {name} is missing").format(
                    n=number, name=path.name))
            if path not in infos:
                infos[path] = probe(path)
            _check_clip(clip, infos[path], number)
        clip_infos = [infos[p] for p in paths]
        width, height_px = output_size(clip_infos, height)
        out_fps = fps or clip_infos[0].fps or 25.0
        if cancel is not None:
            cancel.check()
        copy = [] if blur is not None else _can_copy(clips, paths, clip_infos,
                                                     titles or bool(title), burn_captions)
        with scratch.temporary_directory(prefix="reel-") as tmp_name:  # under the home
            tmp = Path(tmp_name)
            pieces, spans, cue_list, chapters = _plan_pieces(
                clips, paths, clip_infos, width, height_px, out_fps, tmp,
                titles=titles, burn=burn_captions and not copy and blur is None, title=title,
                card_s=card_s)
            total = spans[-1][1] if spans else 0.0
            # H.264 at CRF 20 rarely passes ~0.2 bit per pixel per frame; a copy is the source.
            estimate = int(total * width * height_px * out_fps * 0.2 / 8) + 2**20
            _check_output(out, estimate)
            subs = None
            if soft_subtitles and cue_list:
                subs = tmp / "captions.srt"
                compose.write_srt(cue_list, subs)
            meta = tmp / "chapters.txt"
            compose.write_ffmetadata(chapters, meta, title=title)
            report(progress, 0.05, _("Encoding the reel"))
            faces: dict[str, int] = {}
            with atomic_output(out) as part:
                if blur is not None:
                    from .face_blur import caption_overlays, render_blurred_reel

                    overlays = (caption_overlays(clips, spans, width, height_px, tmp)
                                if burn_captions else [])
                    faces = render_blurred_reel(
                        blur, pieces, clips, clip_infos, spans, part,
                        compose.OutputFormat(width, height_px, out_fps), total_s=total, tmp=tmp,
                        subtitles=subs, chapters=meta, language=subtitle_language(language),
                        overlays=overlays, progress=scaled(progress, 0.05, 1.0), cancel=cancel)
                elif copy:
                    ranges = [(copy[k], p.frames, p.output_s())
                              for k, p in enumerate(x for x in pieces if not x.is_card)]
                    commands = compose.copy_commands(paths[0], ranges, tmp, part,
                                                     subtitles=subs, chapters=meta,
                                                     language=subtitle_language(language))
                else:
                    commands = [compose.reel_command(pieces, part, compose.OutputFormat(
                        width, height_px, out_fps), subtitles=subs, chapters=meta,
                        language=subtitle_language(language))]
                if blur is None:
                    compose.render(commands, total, progress=scaled(progress, 0.05, 1.0),
                                   cancel=cancel, copy=bool(copy))
    report(progress, 1.0, _("Reel ready"))
    return ReelResult(out, total, chapters, bool(copy), spans, faces,
                      blur.note if blur is not None else "")


def _source_frames(clip: ReelClip, info: MediaInfo) -> tuple[int, int, int | None]:
    """The clip's first source frame, how many it takes, and the frame (counted from the
    first) its freeze-frame holds (None: no freeze)."""
    first, last = frame_range(clip.start_s, min(clip.end_s, info.duration_s), info.fps)
    frames = max(1, min(last, info.frame_count or last) - first)
    freeze_at = None
    if clip.freeze_at_s is not None and clip.freeze_s > 0:
        freeze_at = min(frames - 1, max(0, round(clip.freeze_at_s * info.fps) - first))
    return first, frames, freeze_at


def _near(x: float) -> int:
    return math.floor(x + 0.5)  # ffmpeg's "near" rounding: halves away from zero


def clip_frames(clip: ReelClip, info: MediaInfo, out_fps: float) -> list[int]:
    """The source frame numbers the reel shows for ``clip``, one per output frame, in order.

    The same arithmetic as the ffmpeg graph of :func:`vfeedback.media.compose.reel_command`:
    slow motion stretches the timestamps and the ``fps`` filter repeats frames (rounding to
    the nearest output slot); a freeze-frame repeats one output frame. The presentation shows
    exactly these frames, so what the parent sees full screen is what the MP4 shows.
    """
    first, frames, freeze_at = _source_frames(clip, info)
    rate = info.fps * clip.speed  # source frames per second of reel time
    n_out = max(1, _near(frames / rate * out_fps))
    shown: list[int] = []
    i = 0
    for k in range(n_out):
        while i + 1 < frames and _near((i + 1) * out_fps / rate) <= k:
            i += 1
        shown.append(first + i)
    if freeze_at is not None:
        hold = max(1, round(clip.freeze_s * out_fps))
        at = min(_near(freeze_at / clip.speed * out_fps / info.fps), len(shown) - 1)
        shown[at + 1:at + 1] = [shown[at]] * hold
    return shown


def reel_frame_rate(clips: Sequence[ReelClip], store=None) -> float:  # noqa: ANN001
    """The frame rate :func:`build_reel` gives a reel of ``clips`` (the first clip's)."""
    with _resolved(clips[:1], store) as paths:
        return probe(paths[0]).fps or 25.0


def plan_pieces_frames(clips: Sequence[ReelClip], store=None,  # noqa: ANN001
                       fps: float | None = None) -> tuple[float, list[list[int]]]:
    """The reel's frame rate and, per clip, the source frames it shows (see
    :func:`clip_frames`)."""
    with _resolved(clips, store) as paths:
        infos = {p: probe(p) for p in dict.fromkeys(paths)}
        out_fps = fps or infos[paths[0]].fps or 25.0
        return out_fps, [clip_frames(c, infos[p], out_fps)
                         for c, p in zip(clips, paths, strict=True)]


def _plan_pieces(clips: Sequence[ReelClip], paths: Sequence[Path], infos: Sequence[MediaInfo],
                 width: int, height: int, fps: float, tmp: Path, *, titles: bool, burn: bool,
                 title: str, card_s: float):  # noqa: ANN202
    """The reel's timeline: pieces for ffmpeg, each clip's span, subtitle cues, chapters."""
    pieces: list[compose.Piece] = []
    spans: list[tuple[float, float]] = []
    cues: list[tuple[float, float, str]] = []
    chapters: list[tuple[float, float, str]] = []
    t = 0.0
    if title:
        card = tmp / "card-0.png"
        render_card(title, "", width, height, card)
        pieces.append(compose.Piece(image=card, card_s=card_s))
        t += card_s
    previous = None
    for k, (clip, path, info) in enumerate(zip(clips, paths, infos, strict=True), start=1):
        chapter_start = t
        if titles and clip.title and clip.title != previous:
            card = tmp / f"card-{k}.png"
            # "Clip k" under the theme: the name the plan builder, script and show use.
            render_card(clip.title, _("Clip {n}").format(n=k), width, height, card)
            pieces.append(compose.Piece(image=card, card_s=card_s))
            t += card_s
        previous = clip.title
        first, frames, freeze_at = _source_frames(clip, info)
        image, image_xy = None, (0, 0)
        if burn and clip.caption.strip():
            image = tmp / f"caption-{k}.png"
            image_xy = render_caption(clip.caption.strip(), width, height, image)
        piece = compose.Piece(source=path, info=info, first_frame=first, frames=frames,
                              speed=clip.speed, freeze_at_frame=freeze_at,
                              freeze_s=clip.freeze_s if freeze_at is not None else 0.0,
                              image=image, image_xy=image_xy)
        pieces.append(piece)
        # The reel's clock counts output frames; rounding here keeps spans on frame edges.
        length = math.floor(piece.output_s() * fps + 0.5) / fps
        spans.append((t, t + length))
        if clip.caption.strip():
            cues.append((t, t + length, clip.caption.strip()))
        chapters.append((chapter_start, t + length,
                         clip.name or clip.caption.strip()[:60] or _("Clip {n}").format(n=k)))
        t += length
    return pieces, spans, cues, chapters


def reel_clips(show: PlannedShow) -> list[ReelClip]:
    """A plan's clips as :class:`ReelClip` (sources are store keys), speed and freeze included."""
    return [ReelClip(source=c.store_key, start_s=c.span_start_ms / 1000,
                     end_s=c.span_end_ms / 1000, caption=c.caption,
                     caption_second=c.caption_second, title=c.theme_title,
                     speed=c.speed,
                     freeze_at_s=c.freeze_at_ms / 1000 if c.freeze_at_ms is not None else None,
                     freeze_s=c.freeze_ms / 1000) for c in show.clips]


def build_plan_reel(app: App, visit_id: int, out: str | os.PathLike[str], *,
                    blur_faces: str | None = None, blur_fallback: bool = False,
                    pseudonym: str | None = None, **opts) -> ReelResult:  # noqa: ANN003
    """The reel of a visit's feedback plan (see :func:`sessions.plan.plan_clips`); refused
    without the family's consent to use in feedback (:func:`vfeedback.consent.require`).

    ``blur_faces`` (all/others) blurs faces (see :mod:`sessions.face_blur`); ``pseudonym``
    replaces the case code in the reel's titles by that neutral label."""
    from vfeedback.audit import record
    from vfeedback.consent import require
    from vfeedback.models import Visit

    from .export_hygiene import pseudonymise

    with app.db.session() as session:
        visit = session.get(Visit, visit_id)
        if visit is not None:
            warning = require(session, visit.case_id, "feedback", home=app.config.home)
            if warning:  # an unprotected home without a consent record: allowed, said once
                logging.getLogger(__name__).warning(warning)
        show = plan_clips(session, visit_id)
    opts.setdefault("title", pseudonymise(show.title, show.case_code, pseudonym))
    opts.setdefault("language", show.language)  # the cards are for the family
    clips = reel_clips(show)
    if pseudonym is not None:
        clips = [dataclasses.replace(c, **{f: pseudonymise(getattr(c, f), show.case_code,
                                                           pseudonym)
                                           for f in ("caption", "caption_second", "title",
                                                     "name")}) for c in clips]
    if blur_faces is not None:
        from .face_blur import face_blur_for

        opts["blur"] = face_blur_for(app, blur_faces,
                                     {c.store_key: c.recording_id for c in show.clips},
                                     fallback_all=blur_fallback)
    result = build_reel(clips, out, store=app.store, **opts)
    result.blur = opts.get("blur")
    with app.db.session() as session:
        record(session, "reel.build", visit, clips=len(result.chapters),
               blurred=blur_faces or "", pseudonym=pseudonym is not None)
    return result
