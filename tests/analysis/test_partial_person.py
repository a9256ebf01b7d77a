"""A person seen only in part (:mod:`analysis.partial`), on real dyad clips.

In ``6c6MZQ.joke5.rep3`` the baby sits in a high chair at the right edge and is seen only as
an arm and a hand on the tray: the identity pass finds the mother alone, and the edge pass
adds the child, at low confidence, with a note. Crops of the dyad clips in which the second
person is not in the picture at all must still report one person, although the parent's own
hands come to the edge of the crop.

The joke5.rep3 test analyses the whole 7.7 s clip (about 12 s on two busy cores): the baby's
hand is on the tray from about 1 s on, and the rule needs it over half of the recording.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analysis import available
from analysis.job import analyse_video
from analysis.partial import CONFIDENCE, decide, look_at_edges
from analysis.results import AnalysisResult
from vfeedback.media.tools import run_ffmpeg

pytestmark = [pytest.mark.analysis,
              pytest.mark.skipif(not available()[0], reason="mediapipe is not installed")]

ARM_ONLY = "6c6MZQ.joke5.rep3.take1.TearingPaper.mp4"  # the baby: an arm at the right edge
MOTHER_TEARS = "6c6MZQ.joke5.rep1.take1.TearingPaper.mp4"  # the mother reaches to the right
BABY = "6c6MZQ.joke4.rep2.take1.ThatsNotACat.mp4"


def crop(src: Path, out: Path, width: int, seconds: float) -> Path:
    """The left ``width`` pixels (the mother's side) of a clip: the baby cut out entirely."""
    run_ffmpeg(["-i", str(src), "-t", str(seconds), "-vf", f"crop={width}:480:0:0", "-an",
                "-c:v", "libx264", "-preset", "ultrafast", str(out)])
    return out


def test_a_baby_seen_only_as_an_arm_is_the_child_on_the_right(dyads: Path,
                                                               tmp_path: Path) -> None:
    result = analyse_video(dyads / ARM_ONLY, workers=1, listen=False)
    labels = json.loads((dyads / "labels.json").read_text())[ARM_ONLY]
    assert result.n_people == 2 and sorted(result.labels) == ["adult", "child"]
    adult, child = result.labels.index("adult"), result.labels.index("child")
    cx = (result.boxes[..., 0] + result.boxes[..., 2]) / 2
    side = "right" if np.nanmedian(cx[:, child]) > np.nanmedian(cx[:, adult]) else "left"
    assert side == labels["child_side"] == "right"
    # Low confidence and a note that says what was (not) seen; not "only one person".
    assert result.label_confidence[child] == CONFIDENCE < 0.7
    assert any("seen only in part" in n and "right edge" in n for n in result.notes)
    assert "only one person found" not in result.notes
    # Seen in much of the clip, at one place at the lower right, no face or body landmarks.
    seen = result.seen()[:, child]
    assert seen.sum() >= 0.3 * result.n_frames
    assert np.isnan(result.face[:, child]).all() and np.isnan(result.pose[:, child]).all()
    summary = result.people_summary(boxes=True)[child]
    assert len(summary["boxes"]) == summary["frames_seen"] == int(seen.sum())
    for _t, x0, y0, x1, y1 in summary["boxes"]:
        assert 0.8 <= x0 < x1 == 1.0 and 0.7 <= y0 < y1 <= 1.0
    # The JSON says so (``seen_in_part``), and the results file keeps it.
    assert summary["seen_in_part"] and not result.people_summary()[adult]["seen_in_part"]
    result.save(tmp_path / "r.npz")
    again = AnalysisResult.load(tmp_path / "r.npz")
    assert [p["seen_in_part"] for p in again.people_summary()] == \
        [p["seen_in_part"] for p in result.people_summary()]
    # The detections count includes the hand's, so the two ids still hold them all.
    assert result.seen().sum() <= result.detections["total"]
    # The same hands, had the mother's arms (Pose) never been seen: whose hand it is cannot
    # be told, and no one is added (its size alone says "a child's").
    mother = _only(result, adult)
    hits = look_at_edges(dyads / ARM_ONLY, mother)
    assert decide(hits, mother)[0] is not None
    mother.pose[:] = np.nan
    person, why = decide(hits, mother)
    assert person is None and "arms" in why


def _only(result: AnalysisResult, p: int) -> AnalysisResult:
    """The result as the identity pass gave it: person ``p`` alone."""
    keep = [p]
    return AnalysisResult(
        times=result.times, frame_index=result.frame_index,
        person_ids=result.person_ids[keep], labels=[result.labels[p]],
        pose=result.pose[:, keep].copy(), face=result.face[:, keep],
        head=result.head[:, keep], head_confidence=result.head_confidence[:, keep],
        boxes=result.boxes[:, keep], face_boxes=result.face_boxes[:, keep],
        width=result.width, height=result.height, fps=result.fps, stride=result.stride,
        label_confidence=[result.label_confidence[p]])


def test_the_mothers_reaching_hands_do_not_become_a_child(dyads: Path, tmp_path: Path) -> None:
    """The mother tearing paper with her arms out to the right, cropped to her side: her
    hands reach the crop's right edge again and again, but they are hers (Pose's wrists)."""
    result = analyse_video(crop(dyads / MOTHER_TEARS, tmp_path / "mother.mp4", 400, 8.0),
                           workers=1, listen=False)
    assert result.n_people == 1 and result.labels == ["adult"]
    assert "only one person found" in result.notes
    assert not any("seen only in part" in n for n in result.notes)


def test_hands_at_the_edge_that_are_the_parents_own_are_refused(dyads: Path,
                                                                tmp_path: Path) -> None:
    """The parent's half of a baby clip: hands are found at the crop's edge again and again
    (the size of a child's hand next to the parent's face), and refused as the parent's."""
    clip = crop(dyads / BABY, tmp_path / "parent.mp4", 360, 4.0)
    result = analyse_video(clip, workers=1, listen=False)
    assert result.n_people == 1 and "only one person found" in result.notes
    hits = look_at_edges(clip, result)
    assert len(hits) >= 5  # the edge pass did see hands there
    person, why = decide(hits, result)
    assert person is None and "someone found" in why, why
