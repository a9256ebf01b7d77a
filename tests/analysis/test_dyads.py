"""The analysis on real parents with their babies (``../shared/media/dyads``) and on awkward
input built from those clips with ffmpeg: crops, blackouts, darkness, blur, HEVC, three people.

Two short clips keep this quick on two cores: a toddler standing beside a parent sitting on
the floor (variable frame rate, about 7.6 frames/s) and a baby in a high chair at the edge of
the picture (30 frames/s). The full 30-clip evaluation is ``benchmarks/eval_dyads.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from analysis import available
from analysis.cues import compute_cues
from analysis.job import analyse_video
from analysis.results import AnalysisResult
from analysis.suggest import find_moments
from vfeedback.cli import cli
from vfeedback.media.tools import run_ffmpeg

pytestmark = [pytest.mark.analysis,
              pytest.mark.skipif(not available()[0], reason="mediapipe is not installed")]

TODDLER = "3dC3SQ.joke1.rep2.take1.TearingPaper.mp4"  # 11.8 s, VFR, child on the right
BABY = "6c6MZQ.joke4.rep2.take1.ThatsNotACat.mp4"  # 5.1 s, 30 frames/s, baby on the right
BABY_HEVC = "6c6MZQ.joke1.rep1.take1.ThatsNotAHat_h265.mp4"


@pytest.fixture(scope="module")
def toddler(dyads: Path) -> AnalysisResult:
    return analyse_video(dyads / TODDLER, workers=1)


@pytest.fixture(scope="module")
def baby(dyads: Path) -> AnalysisResult:
    return analyse_video(dyads / BABY, workers=1)


def child_side(result: AnalysisResult) -> str:
    adult, child = result.labels.index("adult"), result.labels.index("child")
    cx = (result.boxes[..., 0] + result.boxes[..., 2]) / 2
    return "right" if np.nanmedian(cx[:, child]) > np.nanmedian(cx[:, adult]) else "left"


@pytest.mark.parametrize("which", ["toddler", "baby"])
def test_exactly_two_people_one_adult_one_child_on_the_labelled_side(
        which: str, request: pytest.FixtureRequest, dyads: Path) -> None:
    result: AnalysisResult = request.getfixturevalue(which)
    labels = json.loads((dyads / "labels.json").read_text())
    name = TODDLER if which == "toddler" else BABY
    assert result.n_people == 2
    seen = result.seen().sum(axis=0)
    # The two identities hold (nearly) every person the detector reported in the clip.
    assert seen.sum() >= 0.9 * result.detections["total"]
    assert sorted(result.labels) == ["adult", "child"]
    # The toddler faces the camera often (clear evidence); the baby at the picture's edge is
    # mostly in profile, so the answer is right but reported as less sure.
    assert min(result.label_confidence) > 0.8
    assert child_side(result) == labels[name]["child_side"]
    # Both are seen for most of the clip (no identity lost halfway).
    assert (seen >= 0.5 * result.n_frames).all()


def test_variable_frame_rate_real_times(toddler: AnalysisResult, dyads: Path) -> None:
    from vfeedback.media.probe import probe

    info = probe(dyads / TODDLER)
    assert np.all(np.diff(toddler.times) > 0)
    assert toddler.times[-1] == pytest.approx(info.duration_s, abs=0.5)
    # The default stride follows the average rate: every frame of this 7.6 frames/s clip.
    assert toddler.stride == 1 and toddler.n_frames >= 80


def test_gaze_uses_the_eyes(toddler: AnalysisResult) -> None:
    from analysis.cues import seen_summary
    from analysis.gaze import gaze_angles

    child = toddler.labels.index("child")
    gaze, conf = gaze_angles(toddler.face[:, child], toddler.head[:, child],
                             toddler.head_confidence[:, child], toddler.face_boxes[:, child])
    told = conf >= 0.3
    assert told.sum() >= 20
    # The eyes move the estimate away from the head direction alone.
    assert np.nanmax(np.abs(gaze[told, 0] - toddler.head[told, child, 0])) > 3
    facts = seen_summary(toddler)["facts"]["people"]
    assert all(p["gaze_told"] + p["gaze_cannot_tell"] == p["frames_seen"] for p in facts)


def test_faces_too_small_to_tell_the_gaze(dyads: Path, tmp_path: Path) -> None:
    # The family filmed from across a big room: the same clip at a quarter of the size.
    far = analyse_video(make(dyads / BABY, tmp_path / "far.mp4",
                             ["-vf", "scale=160:120,pad=640:480:240:180"], seconds=2.0),
                        workers=1)
    from analysis.cues import seen_summary

    summary = seen_summary(far)
    seen = [p for p in summary["facts"]["people"] if p["frames_seen"]]
    assert seen, "someone is still found"
    # Faces about 20 px wide: the gaze cannot be told in (nearly) any frame, and it says so.
    assert all(p["gaze_cannot_tell"] >= 0.8 * p["frames_seen"] for p in seen)
    assert all("gaze could be told in" in line for line in summary["lines"])


def test_suggestions_on_a_clip_where_they_look_at_each_other(toddler: AnalysisResult) -> None:
    moments = find_moments(compute_cues(toddler, directions=True))
    kinds = {m.kind for m in moments}
    assert kinds & {"mutual_gaze", "child_turns_to_parent"}
    for m in moments:
        assert m.reason and m.score > 0 and m.start_s <= m.onset_s <= m.end_s


REFERENCE = Path(__file__).parent / "dyad_reference"


def _matched(predicted: list[float], reference: list[float], tolerance: float = 1.0) -> int:
    """One-to-one matches within the tolerance (as benchmarks/eval_dyads.py counts them)."""
    used: set[int] = set()
    hits = 0
    for r in reference:
        near = [i for i, p in enumerate(predicted) if abs(p - r) <= tolerance and i not in used]
        if near:
            used.add(min(near, key=lambda i: abs(predicted[i] - r)))
            hits += 1
    return hits


@pytest.mark.parametrize("which", ["toddler", "baby"])
def test_gaze_suggestions_against_the_reference_coding(
        which: str, request: pytest.FixtureRequest) -> None:
    """On the two clips' hand-coded references: mutual gaze found where it is coded and
    not more often than coded; in the baby clip the turn at 0.5 s is found too.

    Before the gaze and suggestion rules were tuned (tests/analysis/dyad_reference/README.md)
    the toddler's one look at each other came out as three suggestions (at 3.2, 5.7 and
    6.9 s, none within a second of the coded 2.0 s), and the baby's turn to the parent was
    missed (a parent in profile had a level gaze ray that passed above the baby)."""
    result: AnalysisResult = request.getfixturevalue(which)
    name = TODDLER if which == "toddler" else BABY
    reference = json.loads((REFERENCE / (Path(name).stem + ".json")).read_text())
    moments = find_moments(compute_cues(result, directions=True))
    mutual = [m.onset_s for m in moments if m.kind == "mutual_gaze"]
    turns = [m.onset_s for m in moments if m.kind == "child_turns_to_parent"]
    assert _matched(mutual, reference["mutual_gaze"]) == len(reference["mutual_gaze"]), mutual
    assert len(mutual) <= len(reference["mutual_gaze"]) + 1, mutual
    if which == "baby":
        assert _matched(turns, reference["child_turns_to_parent"]) == 1, turns
    else:
        assert _matched(turns, reference["child_turns_to_parent"]) >= 1, turns


def test_json_contract(dyads: Path, tmp_path: Path) -> None:
    out = tmp_path / "baby.json"
    r = CliRunner().invoke(cli, ["--home", str(tmp_path / "home"), "analyse",
                                 str(dyads / BABY), "--json", str(out), "--workers", "1"])
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text())
    assert len(doc["people"]) == 2
    for person in doc["people"]:
        assert set(person) >= {"id", "label", "label_confidence", "frames_seen", "boxes",
                                "seen_in_part"}
        assert person["label"] in ("adult", "child")
        assert 0.5 <= person["label_confidence"] <= 1
        assert len(person["boxes"]) == person["frames_seen"] > 0
        times = [b[0] for b in person["boxes"]]
        assert times == sorted(times)
        for _t, x0, y0, x1, y1 in person["boxes"]:
            assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
    assert {p["label"] for p in doc["people"]} == {"adult", "child"}
    assert isinstance(doc["cues"], list) and isinstance(doc["suggestions"], list)
    assert doc["seen"]["people"] and "Seen:" in r.output


def make(src: Path, out: Path, args: list[str], *, seconds: float = 4.0) -> Path:
    run_ffmpeg(["-i", str(src), "-t", str(seconds), *args, "-an", "-c:v", "libx264",
                "-preset", "ultrafast", str(out)])
    return out


def test_only_the_adult_and_the_child_alone(dyads: Path, tmp_path: Path) -> None:
    adult = analyse_video(make(dyads / BABY, tmp_path / "adult.mp4",
                               ["-vf", "crop=360:480:0:0"]), workers=1)
    assert adult.n_people == 1 and adult.labels == ["adult"]
    assert "only one person found" in adult.notes
    child = analyse_video(make(dyads / BABY, tmp_path / "child.mp4",
                               ["-vf", "crop=200:480:440:0"]), workers=1)
    assert child.n_people == 1 and child.labels == ["child"]
    assert "only one person found" in child.notes


def test_three_people(dyads: Path, tmp_path: Path) -> None:
    # A second adult beside the family: the parent's half of the picture put next to it.
    three = make(dyads / BABY, tmp_path / "three.mp4", [
        "-filter_complex", "[0:v]split[a][b];[a]crop=320:480:0:0[left];[left][b]hstack"],
        seconds=3.0)
    result = analyse_video(three, workers=1, people=3)
    assert result.n_people == 3 and sorted(result.labels) == ["adult", "adult", "child"]
    two = analyse_video(three, workers=1)  # asked for two: the job completes with two
    assert two.n_people == 2


def test_child_hidden_for_ten_seconds(dyads: Path, tmp_path: Path) -> None:
    hidden = make(dyads / TODDLER, tmp_path / "hidden.mp4", [
        "-vf", "drawbox=x=360:y=0:w=280:h=480:color=black:t=fill:enable='between(t,1,11)'"],
        seconds=12.0)
    result = analyse_video(hidden, workers=1)
    assert result.n_people == 2 and sorted(result.labels) == ["adult", "child"]
    child = result.labels.index("child")
    assert not result.seen()[(result.times > 2) & (result.times < 10), child].any()
    assert any("not seen for" in note and "child" in note for note in result.notes)


def test_dark_and_blurred_frames_are_reported(dyads: Path, tmp_path: Path) -> None:
    dark = analyse_video(make(dyads / BABY, tmp_path / "dark.mp4",
                              ["-vf", "lutyuv=y=val*0.06"], seconds=2.0), workers=1)
    assert any("too dark" in note for note in dark.notes)
    blurred = analyse_video(make(dyads / BABY, tmp_path / "blur.mp4",
                                 ["-vf", "boxblur=30:3"], seconds=2.0), workers=1)
    assert blurred.n_frames > 0
    assert blurred.n_people == 0 or blurred.n_people <= 2
    if blurred.n_people == 0:
        assert any("too blurred" in note for note in blurred.notes)


def test_hevc_phone_clip(dyads: Path, tmp_path: Path) -> None:
    short = tmp_path / "hevc.mp4"
    run_ffmpeg(["-i", str(dyads / BABY_HEVC), "-t", "4", "-an", "-c:v", "copy", str(short)])
    result = analyse_video(short, workers=1)
    assert result.n_people == 2 and sorted(result.labels) == ["adult", "child"]
