"""Face blurring for clips shown to others (teaching, supervision outside the clinic).

Faces are found by a detector that ships inside an installed package, so nothing is downloaded
at run time: mediapipe's legacy face detector (both the short- and the full-range model are
inside the 0.10.x wheel; the whole frame and four overlapping tiles) when mediapipe is installed, else OpenCV's bundled Haar cascades
(frontal and profile), which are less sensitive.

A face must never show in a frame between two detections, so the tracking is deliberately
generous: detection runs every ``every`` frames, each face box is grown by a margin, and a frame
is covered by the boxes of every detection within ``hold`` detections before AND after it
(frames wait in a short queue until the later detections are known). That covers a face moving
less than its margin per detection gap and one or two detections the detector misses.

A covered region is pixelated to at most :data:`BLOCKS` blocks across (each block the mean of
its pixels): the fine detail is gone from the file, so no "unblur" can bring the face back.

In ``others`` mode a caller-supplied function gives, per frame, the boxes of the faces to keep
(the parent's and the child's, from the recording's analysis); a detected face that lies on one
of them is left as it is, every other face is blurred.

:func:`run_blurred` is the pipeline: one ffmpeg decodes (or renders a reel's graph) into raw RGB
frames on a pipe, Python blurs them, a second ffmpeg encodes; progress and cancel as everywhere.
"""

from __future__ import annotations

import math
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import Cancelled, InputError, MediaError
from ..i18n import _
from ..processes import child_popen_kwargs
from ..progress import CancelToken, ProgressFn, report
from .tools import NO_ENCODER_SEI, NO_SOURCE_TAGS, ffmpeg_exe

BLUR_MODES = ("all", "others")
BLOCKS = 6  # at most this many pixel blocks across a blurred face
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in frame pixels
KeepFn = Callable[[int], Sequence[Box]]  # frame index -> faces to leave visible


def check_mode(mode: str | None) -> str | None:
    if mode is not None and mode not in BLUR_MODES:
        raise InputError(_("Unknown face blurring {mode}: use one of {modes}").format(
            mode=mode, modes=", ".join(BLUR_MODES)))
    return mode


# -- detection ----------------------------------------------------------------------------------
class FaceDetector:
    """Faces in an RGB frame, from models inside installed packages (see the module docstring)."""

    def __init__(self, min_confidence: float = 0.35, tiles: bool = True) -> None:
        self.backend = ""
        self.tiles = tiles
        self._models: list = []
        try:
            from mediapipe.python.solutions import face_detection  # the wheel's own models

            self._models = [face_detection.FaceDetection(model_selection=m,
                                                         min_detection_confidence=min_confidence)
                            for m in (0, 1)]
            self.backend = "mediapipe"
        except Exception:  # noqa: BLE001 - no mediapipe (optional): OpenCV's cascades instead
            import cv2

            root = Path(cv2.data.haarcascades)
            self._models = [cv2.CascadeClassifier(str(root / name)) for name in
                            ("haarcascade_frontalface_default.xml", "haarcascade_profileface.xml")]
            if any(m.empty() for m in self._models):
                raise MediaError(_("No face detector is available: install mediapipe or "
                                   "OpenCV")) from None
            self.backend = "opencv-haar"

    def __call__(self, rgb: np.ndarray) -> list[Box]:
        h, w = rgb.shape[:2]
        boxes: list[Box] = []
        if self.backend == "mediapipe":
            # The whole frame with both models, then four overlapping tiles (0.6 of the frame
            # each) with the short-range one. Measured on a dyad clip with a visitor's face
            # (110 px in 640x480): the whole frame alone found it in 10 of 34 frames, with
            # the tiles in 34 of 34; the short-range model answers with one face per image.
            tw, th = int(w * 0.6), int(h * 0.6)
            regions = [((0, 0, w, h), self._models)]
            if self.tiles:
                regions += [((x, y, x + tw, y + th), self._models[:1])
                            for x in (0, w - tw) for y in (0, h - th)]
            for (x0, y0, x1, y1), models in regions:
                crop = np.ascontiguousarray(rgb[y0:y1, x0:x1])
                cw, ch = x1 - x0, y1 - y0
                for model in models:
                    for det in model.process(crop).detections or []:
                        b = det.location_data.relative_bounding_box
                        boxes.append((x0 + b.xmin * cw, y0 + b.ymin * ch,
                                      x0 + (b.xmin + b.width) * cw,
                                      y0 + (b.ymin + b.height) * ch))
            return boxes
        import cv2

        grey = cv2.equalizeHist(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
        for flip in (False, True):  # the profile cascade knows one side only
            image = grey[:, ::-1] if flip else grey
            for model in self._models:
                for x, y, bw, bh in model.detectMultiScale(image, 1.1, 4, minSize=(20, 20)):
                    x0 = w - x - bw if flip else x
                    boxes.append((float(x0), float(y), float(x0 + bw), float(y + bh)))
        return boxes

    def close(self) -> None:
        for model in self._models:
            if hasattr(model, "close"):
                model.close()


# -- geometry and the blur itself ---------------------------------------------------------------
def grow(box: Box, margin: float) -> Box:
    """The box grown by ``margin`` of its size on every side (more above: hair, forehead)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    return x0 - margin * w, y0 - 1.3 * margin * h, x1 + margin * w, y1 + margin * h


def overlap(a: Box, b: Box) -> float:
    """Intersection over the smaller box's area (1: one lies inside the other)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / smaller if smaller > 0 else 0.0


def is_kept(face: Box, keep: Sequence[Box]) -> bool:
    """Whether a detected face is one of the faces to keep (it lies mostly on one of them)."""
    return any(overlap(face, grow(k, 0.15)) >= 0.6 for k in keep)


def pixelate(frame: np.ndarray, box: Box) -> None:
    """Replace the box (clipped to the frame) by at most BLOCKS x BLOCKS smoothed blocks."""
    import cv2

    h, w = frame.shape[:2]
    x0, y0 = max(0, int(math.floor(box[0]))), max(0, int(math.floor(box[1])))
    x1, y1 = min(w, int(math.ceil(box[2]))), min(h, int(math.ceil(box[3])))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return
    region = frame[y0:y1, x0:x1]
    side = max(x1 - x0, y1 - y0)
    block = max(2, math.ceil(side / BLOCKS))
    small = cv2.resize(region, (max(1, math.ceil((x1 - x0) / block)),
                                max(1, math.ceil((y1 - y0) / block))),
                       interpolation=cv2.INTER_AREA)  # each block: the mean of its pixels
    # Hard block edges, not smoothed: a smooth skin-coloured oval is what face detectors
    # answer to (measured: the short-range model "found" 29 smoothed blobs in one clip).
    region[:] = cv2.resize(small, (x1 - x0, y1 - y0), interpolation=cv2.INTER_NEAREST)


@dataclass(frozen=True)
class KeepTrack:
    """The faces to keep in one recording (``others`` mode): at ``times`` (F,) seconds, boxes
    (F, K, 4) in pixels of a ``width`` x ``height`` picture, NaN where a face was not seen."""

    times: np.ndarray
    boxes: np.ndarray
    width: int
    height: int

    def at(self, time_s: float, max_gap: float = 0.5) -> list[Box]:
        """Each kept face at ``time_s``: the boxes of both analysed frames around it (their
        union covers the face between them), only those within ``max_gap`` seconds."""
        if len(self.times) == 0:
            return []
        hi = int(np.searchsorted(self.times, time_s))
        out: list[Box] = []
        for i in {max(0, hi - 1), min(hi, len(self.times) - 1)}:
            if abs(float(self.times[i]) - time_s) > max_gap:
                continue
            for box in self.boxes[i]:
                if not np.isnan(box).any():
                    out.append(tuple(float(v) for v in box))  # type: ignore[arg-type]
        return out


# -- tracking between detections ----------------------------------------------------------------
@dataclass
class FaceBlurrer:
    """Blurs a stream of frames (see the module docstring for the tracking).

    ``keep`` (``others`` mode) gives the faces to leave visible at a frame index; None blurs
    every face. ``counts`` tells the caller what happened (detections, blurred, kept).
    """

    keep: KeepFn | None = None
    every: int = 2
    hold: int = 3
    margin: float = 0.3
    detector: FaceDetector | None = None
    counts: dict[str, int] = field(default_factory=lambda: {
        "frames": 0, "detections": 0, "faces": 0, "kept": 0, "blurred_frames": 0})

    def __post_init__(self) -> None:
        self.every = max(1, self.every)
        if self.detector is None:
            self.detector = FaceDetector()

    def _detect(self, index: int, frame: np.ndarray) -> list[Box]:
        assert self.detector is not None
        faces = self.detector(frame)
        self.counts["detections"] += 1
        self.counts["faces"] += len(faces)
        keep = list(self.keep(index)) if self.keep is not None else []
        blur = []
        for face in faces:
            if keep and is_kept(face, keep):
                self.counts["kept"] += 1
            else:
                blur.append(grow(face, self.margin))
        return blur

    def process(self, frames: Iterator[np.ndarray]) -> Iterator[np.ndarray]:
        """Yields the frames in order, blurred; frames are changed in place."""
        window = self.hold * self.every  # frames a detection covers before and after itself
        pending: deque[tuple[int, np.ndarray]] = deque()
        found: deque[tuple[int, list[Box]]] = deque()  # (frame index, boxes) of detections
        last_detected = -1

        def release(upto: int) -> Iterator[np.ndarray]:
            while pending and pending[0][0] <= upto:
                index, frame = pending.popleft()
                while found and found[0][0] < index - window:
                    found.popleft()
                boxes = [b for at, bs in found if abs(at - index) <= window for b in bs]
                for box in boxes:
                    pixelate(frame, box)
                self.counts["frames"] += 1
                self.counts["blurred_frames"] += bool(boxes)
                yield frame

        for index, frame in enumerate(frames):
            pending.append((index, frame))
            if index % self.every == 0:
                found.append((index, self._detect(index, frame)))
                last_detected = index
                yield from release(last_detected - window)
        # The last frames have no later detection: one on the very last frame covers them.
        if pending and pending[-1][0] != last_detected:
            index, frame = pending[-1]
            found.append((index, self._detect(index, frame)))
        yield from release(math.inf)  # type: ignore[arg-type]


# -- the ffmpeg pipeline ------------------------------------------------------------------------
@dataclass(frozen=True)
class Overlay:
    """An image laid over the blurred frames from ``start_s`` to ``end_s`` (a reel's caption:
    drawn after the blur, so the blur never smears the words)."""

    image: Path
    x: int
    y: int
    start_s: float
    end_s: float


def _drain(stream, into: deque[str]) -> None:  # noqa: ANN001
    for raw in stream:
        into.append(raw.decode("utf-8", "replace").rstrip())


def _frames(stdout, width: int, height: int) -> Iterator[np.ndarray]:  # noqa: ANN001
    size = width * height * 3
    while True:
        data = stdout.read(size)
        if len(data) < size:
            return
        yield np.frombuffer(data, np.uint8).reshape(height, width, 3).copy()


def encoder_args(width: int, height: int, fps: float, out: Path, overlays: Sequence[Overlay],
                 crf: int = 20, preset: str = "veryfast") -> list[str]:
    """ffmpeg arguments that encode raw RGB frames from stdin (video only) into ``out``."""
    inputs = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r",
              f"{fps:g}", "-i", "pipe:0"]
    graph, label = [], "0:v"
    half = 0.5 / fps  # spans lie on frame edges: leave out the frame that starts at the end
    for k, item in enumerate(overlays, start=1):
        inputs += ["-i", str(item.image)]
        graph.append(f"[{label}][{k}:v]overlay={item.x}:{item.y}:format=yuv420:"
                     f"enable='between(t,{item.start_s - half:.6f},{item.end_s - half:.6f})'"
                     f"[o{k}]")
        label = f"o{k}"
    maps = ["-map", f"[{label}]"] if graph else ["-map", "0:v"]
    filters = ["-filter_complex", ";".join(graph)] if graph else []
    return [*inputs, *filters, *maps, "-an", "-map_metadata", "-1", *NO_SOURCE_TAGS,
            "-c:v", "libx264", *NO_ENCODER_SEI, "-profile:v", "high", "-preset", preset, "-crf", str(crf),
            "-pix_fmt", "yuv420p", "-r", f"{fps:g}", "-f", "mp4", str(out)]


def run_blurred(decode_args: Sequence[str], *, width: int, height: int, fps: float,
                total_frames: int, video_out: Path, blurrer: FaceBlurrer,
                overlays: Sequence[Overlay] = (), progress: ProgressFn | None = None,
                cancel: CancelToken | None = None, what: str = "") -> dict[str, int]:
    """Decode with ``decode_args`` (their first output: raw rgb24 frames of ``width`` x
    ``height`` on ``pipe:1``), blur, and encode the video alone into ``video_out``.

    Returns the blurrer's counts. Cancel kills both ffmpeg processes and raises
    :class:`Cancelled`; a failure of either is a :class:`MediaError` with ffmpeg's last lines.
    """
    what = what or _("Blurring faces")
    base = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error"]
    dec_err: deque[str] = deque(maxlen=12)
    enc_err: deque[str] = deque(maxlen=12)
    try:
        # Both children die with us (PR_SET_PDEATHSIG) and are waited for below.
        decoder = subprocess.Popen([*base, *decode_args], stdout=subprocess.PIPE,  # noqa: S603
                                   stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                   **child_popen_kwargs())  # type: ignore[call-overload]
        encoder = subprocess.Popen(  # noqa: S603
            [*base, *encoder_args(width, height, fps, video_out, overlays)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            **child_popen_kwargs())  # type: ignore[call-overload]
    except OSError as exc:
        raise MediaError(_("ffmpeg could not be started: {why}").format(why=exc)) from exc
    drains = [threading.Thread(target=_drain, args=(p.stderr, q), daemon=True)
              for p, q in ((decoder, dec_err), (encoder, enc_err))]
    for thread in drains:
        thread.start()
    assert decoder.stdout is not None and encoder.stdin is not None
    cancelled = False
    broken = False
    finished = False
    try:
        for n, frame in enumerate(blurrer.process(_frames(decoder.stdout, width, height)), 1):
            if cancel is not None and cancel.cancelled:
                cancelled = True
                break
            try:
                encoder.stdin.write(frame.tobytes())
            except BrokenPipeError:
                broken = True
                break
            if n % 10 == 0 and total_frames:
                report(progress, min(1.0, n / total_frames), what)
        finished = True
    finally:
        # Anything but a clean end (cancel, a closed pipe, an error while blurring) kills
        # both: a decoder nobody reads from any more would wait on its pipe for ever.
        if cancelled or broken or not finished:
            decoder.kill()
            encoder.kill()
        try:
            encoder.stdin.close()
        except BrokenPipeError:
            broken = True
        dec_code, enc_code = decoder.wait(), encoder.wait()
        decoder.stdout.close()
        for thread in drains:
            thread.join(timeout=5)
        if blurrer.detector is not None:
            blurrer.detector.close()
    if cancelled:
        raise Cancelled(_("cancelled"))
    if dec_code != 0 or enc_code != 0 or broken:
        detail = "; ".join(x for x in [*dec_err, *enc_err] if x) or \
            f"exit codes {dec_code}/{enc_code}"
        raise MediaError(_("The faces could not be blurred: {detail}").format(detail=detail))
    report(progress, 1.0, what)
    return dict(blurrer.counts)


def mux_args(video: Path, side: Path | None, out: Path, muxer: str, *,
             subtitles_language: str | None = None, metadata_from_side: bool = False) -> list[str]:
    """Join the blurred video with the sound (and a reel's subtitles and chapters) kept in
    ``side``, without re-encoding and without any source tags."""
    inputs = ["-i", str(video)]
    maps = ["-map", "0:v:0"]
    extra: list[str] = []
    if side is not None:
        inputs += ["-i", str(side)]
        maps += ["-map", "1:a?"]
        if subtitles_language is not None:
            maps += ["-map", "1:s?"]
            extra += ["-c:s", "mov_text", "-metadata:s:s:0", f"language={subtitles_language}"]
    if side is not None and metadata_from_side:
        maps += ["-map_metadata", "1", "-map_chapters", "1"]
    else:
        maps += ["-map_metadata", "-1", "-map_chapters", "-1"]
    faststart = ["-movflags", "+faststart"] if muxer in ("mp4", "mov") else []
    return [*inputs, *maps, *NO_SOURCE_TAGS, "-c:v", "copy", "-c:a", "copy", *extra,
            *faststart, "-f", muxer, str(out)]


def blur_recording(source: Path, info, out: Path, *, muxer: str, work: Path,  # noqa: ANN001
                   blurrer: FaceBlurrer, progress: ProgressFn | None = None,
                   cancel: CancelToken | None = None) -> dict[str, int]:
    """A whole recording, faces blurred, into ``out`` (``info``: its MediaInfo).

    The picture is decoded upright at a constant rate (the recording's average: a phone's or
    webcam's variable rate becomes constant, as on import), the sound re-encoded as AAC so that
    any container takes it. Temporary files (the blurred picture, the sound) go to ``work``.
    """
    from .tools import run_ffmpeg

    width, height = info.display_size
    width, height = width // 2 * 2, height // 2 * 2
    fps = info.fps or 25.0
    side = work / "blur-sound.mka" if info.has_audio else None
    decode = ["-i", str(source), "-map", "0:v:0",
              "-vf", f"fps={fps:g},scale={width}:{height},format=rgb24",
              "-f", "rawvideo", "pipe:1"]
    if side is not None:
        decode += ["-map", "0:a:0", "-vn", "-c:a", "aac", "-b:a", "160k",
                   "-map_metadata", "-1", *NO_SOURCE_TAGS, "-f", "matroska", str(side)]
    video = work / "blur-picture.mp4"
    counts = run_blurred(decode, width=width, height=height, fps=fps,
                         total_frames=max(1, round(info.duration_s * fps)), video_out=video,
                         blurrer=blurrer, progress=progress, cancel=cancel)
    run_ffmpeg(mux_args(video, side, out, muxer), cancel=cancel,
               error_message=_("The recording could not be exported"))
    return counts
