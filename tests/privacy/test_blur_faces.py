"""Face blurring for teaching clips, on real footage (shared/media/dyads and images).

Counts are printed (``pytest -s``) and reported: faces the detector finds before and after, and
how much the blurred regions changed. A detection after blurring counts as a face still showing
only where it lies on a face found before AND its pixels are still the original's: the detector
also "finds" faces in a few pixel blocks and toys, which show nobody. The counting detector is
mediapipe's on the whole frame at its usual confidence (0.5); the blurring one is more eager
(0.35, plus four tiles), so it also blurs a few lamps and sleeves, which the counts leave out.
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest
from click.testing import CliRunner

from vfeedback.errors import Cancelled
from vfeedback.media.blur import FaceBlurrer, FaceDetector, blur_recording, overlap, pixelate
from vfeedback.media.probe import probe
from vfeedback.progress import CancelToken

BABY = "6c6MZQ.joke4.rep2.take1.ThatsNotACat.mp4"  # 5.1 s, baby in a high chair, mother left
TODDLER = "3dC3SQ.joke2.rep2.take1.Peekaboo.mp4"  # toddler on the floor, a peekaboo game
STILL_SHOWING_DIFF = 12.0  # mean absolute grey difference under which a region is unchanged


def _frames(path: Path, every: int = 3) -> list[np.ndarray]:
    cap = cv2.VideoCapture(str(path))
    out, n = [], 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        if n % every == 0:
            out.append(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
        n += 1
    cap.release()
    return out


def _region(frame: np.ndarray, box) -> np.ndarray:  # noqa: ANN001
    h, w = frame.shape[:2]
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(w, int(box[2])), min(h, int(box[3]))
    return cv2.cvtColor(frame[y0:y1, x0:x1], cv2.COLOR_RGB2GRAY).astype(float)


def _fine_detail_kept(a: np.ndarray, b: np.ndarray) -> float:
    """Correlation of the fine detail (the picture minus its blur) of two regions: about 1
    for the same face re-encoded, near 0 when the face's detail is gone."""
    if a.size < 64:
        return 0.0
    fa, fb = a - cv2.GaussianBlur(a, (5, 5), 0), b - cv2.GaussianBlur(b, (5, 5), 0)
    if fa.std() < 1e-6 or fb.std() < 1e-6:
        return 0.0
    return float(np.corrcoef(fa.ravel(), fb.ravel())[0, 1])


def compare(before: list[np.ndarray], after: list[np.ndarray]) -> dict[str, float]:
    """Faces before/after on the same sampled frames, faces still showing, and how much the
    regions of the faces found before changed (grey difference, loss of detail)."""
    detector = FaceDetector(min_confidence=0.5, tiles=False)
    stats = {"frames": len(before), "frames_with_faces_before": 0, "faces_before": 0,
             "faces_after": 0, "frames_with_faces_after": 0, "still_showing": 0}
    diffs, detail_ratio = [], []
    for a, b in zip(before, after, strict=True):
        found_a, found_b = detector(a), detector(b)
        stats["faces_before"] += len(found_a)
        stats["frames_with_faces_before"] += bool(found_a)
        stats["faces_after"] += len(found_b)
        stats["frames_with_faces_after"] += bool(found_b)
        for face in found_b:
            same_place = [f for f in found_a if overlap(face, f) >= 0.5]
            if same_place and np.abs(_region(a, face) - _region(b, face)).mean() \
                    < STILL_SHOWING_DIFF:
                stats["still_showing"] += 1
        for face in found_a:
            ra, rb = _region(a, face), _region(b, face)
            if ra.size:
                diffs.append(float(np.abs(ra - rb).mean()))
                detail_ratio.append(_fine_detail_kept(ra, rb))
    detector.close()
    stats["median_diff"] = float(np.median(diffs)) if diffs else 0.0
    stats["min_diff"] = float(np.min(diffs)) if diffs else 0.0
    stats["median_detail_left"] = float(np.median(detail_ratio)) if detail_ratio else 0.0
    return stats


@pytest.mark.parametrize("clip", [BABY, TODDLER])
def test_blur_all_leaves_no_face_on_real_dyad_clips(shared_media, tmp_path, clip) -> None:
    source = shared_media / "dyads" / clip
    out = tmp_path / "blurred.mp4"
    (tmp_path / "work").mkdir()
    counts = blur_recording(source, probe(source), out, muxer="mp4", work=tmp_path / "work",
                            blurrer=FaceBlurrer())
    stats = compare(_frames(source), _frames(out))
    print(clip, counts, stats)
    assert stats["frames"] >= 30 and stats["faces_before"] >= 20, stats
    assert stats["still_showing"] == 0, stats
    # Where a face was, the picture changed strongly and its fine detail is gone.
    assert stats["median_diff"] >= 10 and stats["median_detail_left"] <= 0.3, stats
    assert probe(out).has_audio and abs(probe(out).duration_s - probe(source).duration_s) < 0.2


def test_blur_all_on_real_photos(shared_media) -> None:
    """Each photo as a one-frame stream: every face the detector found is gone after."""
    photos = sorted((shared_media / "images").glob("*.jpg"))
    before, after = [], []
    for photo in photos:
        rgb = cv2.cvtColor(cv2.imread(str(photo)), cv2.COLOR_BGR2RGB)
        before.append(rgb)
        after.extend(FaceBlurrer().process(iter([rgb.copy()])))
    stats = compare(before, after)
    print("photos", stats)
    assert stats["frames_with_faces_before"] >= 7, stats
    assert stats["still_showing"] == 0 and stats["median_diff"] >= 10, stats


def test_a_face_is_covered_in_every_frame_between_detections(shared_media) -> None:
    """A real face moving across a real background, detected only every 4th frame: it is
    pixelated in every frame, including the three between two detections."""
    background = cv2.cvtColor(cv2.imread(str(shared_media / "images" /
                                             "COCO_val2014_000000000241.jpg")),
                              cv2.COLOR_BGR2RGB)[:360, :480]
    face = cv2.cvtColor(cv2.imread(str(shared_media / "images" /
                                       "COCO_val2014_000000000428.jpg")),
                        cv2.COLOR_BGR2RGB)[70:240, 318:488]
    face = cv2.resize(face, (110, 110))
    originals, boxes = [], []
    for i in range(24):
        frame = background.copy()
        x, y = 20 + 9 * i, 150 + 2 * i  # ~9 px a frame: a brisk walk across the room
        frame[y:y + 110, x:x + 110] = face
        originals.append(frame)
        boxes.append((x + 20, y + 20, x + 90, y + 90))  # the middle of the face
    blurrer = FaceBlurrer(every=4)
    out = list(blurrer.process(iter([f.copy() for f in originals])))
    assert blurrer.counts["detections"] >= 6
    changed = [np.abs(_region(a, b) - _region(o, b)).mean()
               for a, o, b in zip(originals, out, boxes, strict=True)]
    print("moving face, grey change per frame:", [round(c) for c in changed])
    assert min(changed) >= 10


def test_pixelate_keeps_no_detail_an_unblur_could_use() -> None:
    rng = np.random.default_rng(1)
    frame = rng.integers(0, 256, (120, 120, 3), dtype=np.uint8)
    pixelate(frame, (0, 0, 120, 120))
    # At most 6 x 6 different colours remain (each block the mean of its pixels).
    assert len(np.unique(frame.reshape(-1, 3), axis=0)) <= 36


def test_blurred_reel_keeps_sound_subtitles_chapters_and_frame_count(tmp_path,
                                                                     shared_media) -> None:
    from sessions.face_blur import FaceBlur
    from sessions.reel import ReelClip, build_reel

    source = shared_media / "dyads" / BABY
    clips = [ReelClip(source, 0.5, 2.0, caption="Titta!", title="Empati"),
             ReelClip(source, 3.0, 4.0, caption="Mamma", title="Empati")]
    plain = build_reel(clips, tmp_path / "plain.mp4", height=360)
    blurred = build_reel(clips, tmp_path / "blur.mp4", height=360, blur=FaceBlur("all"))
    assert blurred.faces["faces"] > 0 and blurred.faces["blurred_frames"] > 0

    def streams(path: Path) -> list[str]:
        out = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-show_entries",
                              "stream=codec_type,nb_read_frames", "-of", "csv=p=0",
                              str(path)], capture_output=True, text=True, check=True)
        return sorted(out.stdout.split())

    def chapters(path: Path) -> str:
        return subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json",
                               str(path)], capture_output=True, text=True, check=True).stdout

    # The same picture frames and subtitles; the sound within one AAC frame (21 ms), which
    # the remux through Matroska may add.
    plain_streams, blurred_streams = streams(plain.path), streams(blurred.path)
    assert [x for x in blurred_streams if not x.startswith("audio")] == \
        [x for x in plain_streams if not x.startswith("audio")]
    audio = [int(x.split(",")[1]) for x in (*plain_streams, *blurred_streams)
             if x.startswith("audio")]
    assert len(audio) == 2 and abs(audio[0] - audio[1]) <= 1, audio
    assert chapters(blurred.path) == chapters(plain.path)
    # The caption is drawn after the blur: its box is the same in both reels.
    t = (blurred.clip_spans[0][0] + blurred.clip_spans[0][1]) / 2
    grab = ["ffmpeg", "-v", "error", "-ss", f"{t:.3f}", "-i"]
    for name in ("plain", "blur"):
        subprocess.run([*grab, str(tmp_path / f"{name}.mp4"), "-frames:v", "1",
                        str(tmp_path / f"{name}.png")], check=True)
    a, b = (cv2.imread(str(tmp_path / f"{n}.png")) for n in ("plain", "blur"))
    h = a.shape[0]
    caption_rows = slice(int(h * 0.78), int(h * 0.92))
    middle = slice(a.shape[1] // 2 - 40, a.shape[1] // 2 + 40)
    assert np.abs(a[caption_rows, middle].astype(float)
                  - b[caption_rows, middle].astype(float)).mean() < 8


def test_cancel_leaves_nothing(tmp_path, shared_media) -> None:
    from sessions.face_blur import FaceBlur
    from sessions.reel import ReelClip, build_reel

    source = shared_media / "dyads" / BABY
    token = CancelToken()
    seen = []

    def progress(fraction: float, what: str) -> None:
        seen.append(fraction)
        if fraction > 0.2:
            threading.Timer(0, token.cancel).start()

    out = tmp_path / "reel.mp4"
    with pytest.raises(Cancelled):
        build_reel([ReelClip(source, 0.0, 5.0)], out, height=360, blur=FaceBlur("all"),
                   progress=progress, cancel=token)
    assert not out.exists() and not list(tmp_path.iterdir())
    assert any(0.2 < f < 1.0 for f in seen)


def test_others_without_analysis_is_refused_or_falls_back(tmp_path, shared_media) -> None:
    from vfeedback.cli import cli

    short = tmp_path / "short.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(shared_media / "dyads" / BABY), "-t",
                    "1", "-c", "copy", str(short)], check=True)
    home = tmp_path / "home"

    def vf(*args: str):  # noqa: ANN202
        return CliRunner().invoke(cli, ["--home", str(home), *args])

    assert vf("import", str(short), "--case", "K", "--visit", "1", "--create-case").exit_code == 0
    refused = vf("recording", "export", "1", str(tmp_path / "o.mp4"), "--blur-faces", "others")
    assert refused.exit_code == 1 and refused.output.startswith("Error: ")
    assert "vfeedback analyse 1" in refused.output and "Traceback" not in refused.output
    assert not (tmp_path / "o.mp4").exists()
    done = vf("recording", "export", "1", str(tmp_path / "o.mp4"), "--blur-faces", "others",
              "--blur-all-if-unanalysed")
    assert done.exit_code == 0 and "every face was blurred" in done.output, done.output
    assert (tmp_path / "o.mp4").is_file()
    both = vf("recording", "export", "1", str(tmp_path / "x.mp4"), "--exact", "--blur-faces",
              "all")
    assert both.exit_code == 1 and both.output.startswith("Error: ")


THIRD_FACE_AT = (265, 30, 110)  # x, y, size of the composited visitor's face
THIRD_FACE_S = (1.5, 3.8)  # when the visitor is in the picture


def _with_a_visitor(shared_media: Path, out: Path) -> None:
    """A real dyad clip with a third person composited in: a real face from a COCO photo
    (no public home footage has a visitor), shown from 1.5 to 3.8 s near the top."""
    face = out.parent / "visitor.png"
    x, y, size = THIRD_FACE_AT
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i",
                    str(shared_media / "images" / "COCO_val2014_000000000428.jpg"), "-vf",
                    f"crop=170:170:318:70,scale={size}:{size}", str(face)], check=True)
    a, b = THIRD_FACE_S
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(shared_media / "dyads" / BABY),
                    "-i", str(face), "-filter_complex",
                    f"[0:v][1:v]overlay={x}:{y}:enable='between(t,{a},{b})'", "-c:v",
                    "libx264", "-preset", "veryfast", "-crf", "16", "-c:a", "copy", str(out)],
                   check=True)


@pytest.mark.analysis
def test_others_blurs_the_visitor_and_keeps_parent_and_child(tmp_path, shared_media) -> None:
    """End to end through the CLI: import, analyse (the dyad's identities and roles), export
    with --blur-faces others. ~30 s: the analysis is the point of the test."""
    from analysis import available
    from vfeedback.cli import cli

    if not available()[0]:
        pytest.skip("mediapipe is not installed")
    source = tmp_path / "visitor.mp4"
    _with_a_visitor(shared_media, source)
    home = tmp_path / "home"

    def vf(*args: str):  # noqa: ANN202
        result = CliRunner().invoke(cli, ["--home", str(home), *args])
        assert result.exit_code == 0, result.output
        return result.output

    vf("import", str(source), "--case", "K", "--visit", "1", "--create-case")
    vf("analyse", "1")
    out = tmp_path / "teaching.mp4"
    said = vf("recording", "export", "1", str(out), "--blur-faces", "others")
    assert "kept" in said
    from analysis.results import load_results
    from vfeedback.app import open_app

    app = open_app(home)
    try:
        result = load_results(app, 1)
    finally:
        app.close()
    assert sorted(result.labels) == ["adult", "child"]
    fps = probe(out).fps
    before, after = _frames(source, every=1), _frames(out, every=1)
    x, y, size = THIRD_FACE_AT
    visitor = (x + 10, y + 10, x + size - 10, y + size - 10)
    visitor_diffs, kept_diffs = [], []
    for i in range(0, min(len(before), len(after)), 3):
        t = i / fps
        a, b = before[i], after[i]
        if THIRD_FACE_S[0] + 0.1 < t < THIRD_FACE_S[1] - 0.1:
            visitor_diffs.append(np.abs(_region(a, visitor) - _region(b, visitor)).mean())
        k = int(np.argmin(np.abs(result.times - t)))
        for p in range(result.n_people):
            box = result.face_boxes[k, p]
            if not np.isnan(box).any() and overlap(tuple(box), visitor) == 0:
                kept_diffs.append(np.abs(_region(a, box) - _region(b, box)).mean())
    print("visitor grey change:", [round(d) for d in visitor_diffs])
    print("parent/child grey change: median", np.median(kept_diffs), "n", len(kept_diffs),
          "share under 6:", np.mean(np.array(kept_diffs) < 6))
    assert len(visitor_diffs) >= 15 and min(visitor_diffs) >= 10
    # The parent and the child are left as they were (re-encoding changes a few grey levels).
    assert len(kept_diffs) >= 40 and np.median(kept_diffs) < 4
    assert np.mean(np.array(kept_diffs) < 6) >= 0.9

    # The same through a reel of the plan: reel frames map back to the recording's frames
    # (``services.plan.show_frames``), the analysis' boxes follow them.
    vf("annotations", "add", "--recording", "1", "--code", "attachment", "--start", "1.0",
       "--end", "4.0", "--caption", "Hej")
    vf("reel", "plan", "--visit", "1", "--auto")
    reel = tmp_path / "reel.mp4"
    vf("reel", "build", "--visit", "1", "--out", str(reel), "--blur-faces", "others",
       "--height", "0", "--no-titles")
    from services import plan as plan_service

    app = open_app(home)
    try:
        shown = plan_service.show_frames(app, None, 1).frames[-1]
    finally:
        app.close()
    reel_frames = _frames(reel, every=1)[-len(shown):]
    visitor_diffs, kept_diffs = [], []
    for j in range(0, len(shown), 3):
        i = shown[j]
        t = i / probe(source).fps
        a, b = before[i], reel_frames[j]
        if THIRD_FACE_S[0] + 0.1 < t < THIRD_FACE_S[1] - 0.1:
            visitor_diffs.append(np.abs(_region(a, visitor) - _region(b, visitor)).mean())
        k = int(np.argmin(np.abs(result.times - t)))
        for p in range(result.n_people):
            box = result.face_boxes[k, p]
            if not np.isnan(box).any() and box[3] < 420:  # above the caption's box
                kept_diffs.append(np.abs(_region(a, box) - _region(b, box)).mean())
    print("reel: visitor grey change:", [round(d) for d in visitor_diffs],
          "parent/child median", np.median(kept_diffs), "n", len(kept_diffs))
    assert len(visitor_diffs) >= 10 and min(visitor_diffs) >= 10
    assert len(kept_diffs) >= 20 and np.median(kept_diffs) < 5


def test_an_error_while_blurring_stops_both_ffmpegs(tmp_path, shared_media) -> None:
    """Before the fix the decoder, blocked on its full pipe, was waited for for ever."""
    source = shared_media / "dyads" / BABY
    (tmp_path / "work").mkdir()
    outcome: list[BaseException] = []

    def keep(_index: int) -> list:
        raise RuntimeError("analysis boxes unreadable")

    def run() -> None:
        try:
            blur_recording(source, probe(source), tmp_path / "out.mp4", muxer="mp4",
                           work=tmp_path / "work", blurrer=FaceBlurrer(keep=keep))
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "blurring hung after an error"
    assert outcome and isinstance(outcome[0], RuntimeError)


def _thumbnails(html: Path) -> list[np.ndarray]:
    import base64
    import re

    found = re.findall(r'src="data:image/jpeg;base64,([^"]+)"', html.read_text(encoding="utf-8"))
    return [cv2.cvtColor(cv2.imdecode(np.frombuffer(base64.b64decode(b), np.uint8),
                                      cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB) for b in found]


def test_the_scripts_thumbnails_are_blurred_with_the_reel(tmp_path, shared_media, app) -> None:  # noqa: ANN001
    """The script made with a blurred reel shows no face either (it went out with faces)."""
    from services import catalogue, plan
    from sessions.script import write_script

    short = tmp_path / "baby.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(shared_media / "dyads" / BABY), "-t",
                    "3", "-c", "copy", str(short)], check=True)
    rec = catalogue.import_into(app, None, "BLUR-1", 1, short, create_case=True).value
    visit = catalogue.get_recording(app, None, rec).visit_id
    plan.add_clip(app, None, visit, rec, 200, 2600, caption="Du ser på mig")
    plain = tmp_path / "plain.html"
    write_script(app, visit, html_path=plain)
    detector = FaceDetector(min_confidence=0.5, tiles=False)  # the counting one, as above
    try:
        before = [len(detector(t)) for t in _thumbnails(plain)]
        assert before and before[0] >= 1, "the unblurred thumbnail shows the mother's face"
        written = plan.export(app, None, visit, tmp_path / "out", blur_faces="all").value
        html = next(p for p in written if p.suffix == ".html")
        thumbs = _thumbnails(html)
        assert len(thumbs) == 1 and thumbs[0].shape[1] == 320
        assert [len(detector(t)) for t in thumbs] == [0]
    finally:
        detector.close()
