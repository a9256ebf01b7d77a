"""The listening analysis, and the hand-made reference, against two tools that did listen.

Our reference coding (``tests/analysis/audio_reference/``) was made without hearing the
sound: who vocalised was read from faces. On four of its clips InfantLab published what
OpenAI Whisper (speech recognition) and pyannote (speaker diarization) heard
(``tests/analysis/audio_reference/listeners/videoannotator.json``, times only). Neither tool
names the adult or the child, but Whisper writes words only where someone talks, and a baby
or a toddler of these games says (almost) none: time inside a Whisper segment that pyannote
also heard as voice is taken as **the parent talking**. Per clip and in all (10 ms frames):

- **voice**: the analysis' voice time (anyone's) against pyannote's, precision/recall;
- **parent talking, as found**: of the time both tools heard as speech, the share the analysis
  found as the adult's voice, as the child's, and not at all;
- **parent talking, as coded**: the same shares in our reference coding;
- **coded child events in the parent's talk**: how many of the reference's child events lie at
  least half inside that time.

It checks "the adult's speech found" with something that listened, and how far the reference's
speaker calls can be trusted. Four clips from two families, 53 s; Whisper's base model can
take a laugh for words, so a share of "parent talking" may be a laugh.

Run: ``.venv/bin/python benchmarks/eval_listeners.py [--faces]``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval_audio import (  # noqa: E402
    MEDIA,
    REFERENCE,
    STEP,
    face_tracks,
    frame_count,
    load_reference,
    mask,
)

from analysis.audio import analyse_audio  # noqa: E402
from analysis.audio.speakers import VoiceSegment  # noqa: E402

LISTENERS = REFERENCE / "listeners" / "videoannotator.json"


def on_clock(spans: list, shift: float) -> list[VoiceSegment]:
    """A tool's (start, end, ...) spans as segments moved by ``shift`` seconds (onto the
    video's clock); who they are is not known."""
    return [VoiceSegment("unknown", "speech", span[0] + shift, span[1] + shift, 1.0)
            for span in spans]


def shares(talk: np.ndarray, adult: np.ndarray, child: np.ndarray) -> tuple[int, int, int]:
    """Frames of ``talk`` that are adult, child (and not adult), and neither."""
    a = int((talk & adult).sum())
    c = int((talk & child & ~adult).sum())
    return a, c, int(talk.sum()) - a - c


def compare(found, ref, whisper, pyannote, duration: float) -> dict[str, tuple[int, ...]]:  # noqa: ANN001
    n = frame_count(duration)
    heard = mask(pyannote, n)
    talk = heard & mask(whisper, n)
    voice = mask(found, n)
    out: dict[str, tuple[int, ...]] = {
        "voice": (int((voice & heard).sum()), int(voice.sum()), int(heard.sum())),
        "found": shares(talk, mask([f for f in found if f.who == "adult"], n),
                        mask([f for f in found if f.who == "child"], n)),
        "coded": shares(talk, mask([r for r in ref if r.who == "adult"], n),
                        mask([r for r in ref if r.who == "child"], n)),
    }
    children = [r for r in ref if r.who == "child"]
    inside = 0
    for r in children:
        event = mask([r], n)
        inside += int((event & talk).sum() >= 0.5 * event.sum() > 0)
    out["coded child events in the parent's talk"] = (inside, len(children))
    return out


def _row(name: str, v: tuple[int, ...]) -> str:
    if name == "voice":
        p = v[0] / v[1] if v[1] else float("nan")
        r = v[0] / v[2] if v[2] else float("nan")
        return f"voice P/R {p:.2f} / {r:.2f}"
    if name.startswith("coded child"):
        return f"{name}: {v[0]} of {v[1]}"
    total = max(sum(v), 1)
    return (f"parent talking ({sum(v) * STEP:.1f} s), {name}: adult {v[0] / total:.0%}, "
            f"child {v[1] / total:.0%}, none {v[2] / total:.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faces", action="store_true", help="use mouth movement (mediapipe)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/vfeedback-eval-faces"))
    args = parser.parse_args()
    doc = json.loads(LISTENERS.read_text(encoding="utf-8"))
    total: dict[str, list[int]] = {}
    for clip, heard in doc["clips"].items():
        coding = REFERENCE / clip.replace(".mp4", ".json")
        _, sure, unsure = load_reference(coding)
        # The tools' times are on their copy's sound clock; ours starts sound_offset_s after
        # the picture, theirs is taken to do the same.
        shift = float(json.loads(coding.read_text(encoding="utf-8"))["sound_offset_s"])
        whisper, pyannote = (on_clock(heard[tool], shift) for tool in ("whisper", "pyannote"))
        faces = face_tracks(clip, args.cache) if args.faces else None
        result = analyse_audio(MEDIA / clip, face_tracks=faces)
        scores = compare(result.segments, sure + unsure, whisper, pyannote,
                         result.duration_s)
        print(clip.split(".take1")[0])
        for name, v in scores.items():
            print("  " + _row(name, v))
            acc = total.setdefault(name, [0] * len(v))
            for i, x in enumerate(v):
                acc[i] += x
    print(f"all {len(doc['clips'])} clips")
    for name, v in total.items():
        print("  " + _row(name, tuple(v)))


if __name__ == "__main__":
    main()
