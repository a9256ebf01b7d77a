"""Reel speed: vfeedback's ``build_reel`` against an equivalent hand-written ffmpeg command line.

    .venv/bin/python benchmarks/bench_reel.py [--repeat 3] [--clips 6]

Setup (not timed): loops ``../shared/media/street_people_720p50.avi`` (real footage, 1280x720,
50 fps, AAC) into a 20 s H.264 source with a keyframe every second.

1. Encoded reel: ``--clips`` clips of 2 s starting off keyframes, captions with å ä ö æ ø
   burned in and as a subtitle track, a title card per theme (three themes), chapters, 720p.
   vfeedback does it with ``build_reel``; the hand-written line is what a careful person would
   type: one ffmpeg run with accurate input seeks, drawtext captions with a box, colour-source
   title cards with drawtext, silence for the cards, concat, the SRT and the chapters muxed in,
   the same encoder settings. Prints both times (median of ``--repeat``) and the ratio
   (target <= 1.2).
2. Stream copy: the same clips moved onto keyframes, no titles, no burned captions. vfeedback
   (which picks stream copy by itself) against one hand-written concat-demuxer ``-c copy`` line.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
STREET = (REPO / ".." / "shared" / "media" / "street_people_720p50.avi").resolve()

from sessions.reel import ReelClip, build_reel, find_font  # noqa: E402
from vfeedback.media import compose  # noqa: E402
from vfeedback.media.tools import ffmpeg_exe  # noqa: E402

CAPTIONS = ["Titta, mamma! Jag hittade den själv.", "Jeg blir så glad når du ser på meg.",
            "Här är jag, vänta på mig!", "Æ vil være nær deg – hold meg.",
            "Kolla vad jag kan göra!", "Nu är vi klara, tack för hjälpen."]
THEMES = ["Exploration and attachment", "Sharing emotions", "The sensitivity chain"]
W, H, FPS, CARD_S = 1280, 720, 50, 2.5


def make_source(path: Path) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-stream_loop", "4", "-i", str(STREET),
                    "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-g", "50",
                    "-keyint_min", "50", "-sc_threshold", "0", "-c:a", "aac", "-t", "20",
                    str(path)], check=True)


def esc_drawtext(text: str) -> str:
    return text.replace("\\", "\\\\").replace(":", "\\:").replace("'", "\u2019").replace(",", "\\,")


def hand_encoded(src: Path, clips: list[ReelClip], out: Path, work: Path) -> list[str]:
    """One ffmpeg command line written by hand for the encoded reel."""
    font = find_font(True)
    inputs: list[str] = []
    graph: list[str] = []
    labels = []
    cues, chapters = [], []
    t = 0.0
    previous = None
    n = 0
    for k, clip in enumerate(clips):
        start_t = t
        if clip.title != previous:
            graph.append(f"color=c=0x264653:s={W}x{H}:r={FPS}:d={CARD_S},drawtext=fontfile={font}:"
                         f"text='{esc_drawtext(clip.title)}':fontsize=65:fontcolor=white:"
                         f"x=(w-tw)/2:y=(h-th)/2,format=yuv420p[c{k}]")
            graph.append(f"anullsrc=r=48000:cl=stereo,atrim=duration={CARD_S}[ca{k}]")
            labels.append(f"[c{k}][ca{k}]")
            t += CARD_S
            previous = clip.title
        dur = clip.end_s - clip.start_s
        inputs += ["-ss", f"{clip.start_s - 0.005:.3f}", "-t", f"{dur:.3f}", "-i", str(src)]
        graph.append(f"[{n}:v]setpts=PTS-STARTPTS,scale={W}:{H},fps={FPS},drawtext=fontfile="
                     f"{font}:text='{esc_drawtext(clip.caption)}':fontsize=45:fontcolor=white:"
                     f"box=1:boxcolor=black@0.66:boxborderw=22:x=(w-tw)/2:y=h-th-70,"
                     f"format=yuv420p[v{k}]")
        graph.append(f"[{n}:a]aresample=48000,asetpts=PTS-STARTPTS[a{k}]")
        labels.append(f"[v{k}][a{k}]")
        n += 1
        cues.append((t, t + dur, clip.caption))
        chapters.append((start_t, t + dur, clip.caption))
        t += dur
    graph.append(f"{''.join(labels)}concat=n={len(labels)}:v=1:a=1[v][a]")
    compose.write_srt(cues, work / "hand.srt")
    compose.write_ffmetadata(chapters, work / "hand.txt")
    return [ffmpeg_exe(), "-v", "error", "-y", *inputs, "-i", str(work / "hand.srt"),
            "-f", "ffmetadata", "-i", str(work / "hand.txt"), "-filter_complex",
            ";".join(graph), "-map", "[v]", "-map", "[a]", "-map", f"{n}:s",
            "-map_metadata", str(n + 1), "-map_chapters", str(n + 1),
            "-c:v", "libx264", "-profile:v", "high", "-preset", "veryfast", "-crf", "20",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "160k", "-c:s", "mov_text",
            "-movflags", "+faststart", str(out)]


def hand_copy(src: Path, clips: list[ReelClip], out: Path, work: Path) -> list[str]:
    listing = work / "hand.ffconcat"
    lines = ["ffconcat version 1.0"]
    for clip in clips:
        lines += [f"file '{src}'", f"inpoint {clip.start_s}", f"outpoint {clip.end_s}"]
    listing.write_text("\n".join(lines) + "\n")
    return [ffmpeg_exe(), "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
            "-c", "copy", "-movflags", "+faststart", str(out)]


def timed(fn) -> float:  # noqa: ANN001
    """Wall time of ``fn``; its CPU time (this process and ffmpeg) goes into ``CPU``.

    The CPU time is the steadier number on a shared machine, where wall times swing with
    what else runs; both are printed.
    """
    before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    fn()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime
              for a, b in zip(after, before, strict=True))
    LAST_CPU.append(cpu)
    return wall


LAST_CPU: list[float] = []


def report(name: str, wall: list[float], cpu: list[float]) -> None:
    print(f"  {name:<11} wall {statistics.median(wall):6.2f} s (runs: "
          f"{', '.join(f'{x:.2f}' for x in wall)})  cpu {statistics.median(cpu):6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clips", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        work = Path(tmp_name)
        src = work / "source.mp4"
        make_source(src)
        clips = [ReelClip(src, 0.37 + 3 * k, 2.37 + 3 * k, CAPTIONS[k % len(CAPTIONS)],
                          title=THEMES[k * len(THEMES) // args.clips])
                 for k in range(args.clips)]
        ours, hand, ours_cpu, hand_cpu = [], [], [], []
        for _ in range(args.repeat):
            ours.append(timed(lambda: build_reel(clips, work / "ours.mp4", height=H,
                                                 card_s=CARD_S)))
            ours_cpu.append(LAST_CPU[-1])
            command = hand_encoded(src, clips, work / "hand.mp4", work)
            hand.append(timed(lambda c=command: subprocess.run(c, check=True)))
            hand_cpu.append(LAST_CPU[-1])
        reel_s = sum(c.end_s - c.start_s for c in clips) + len(THEMES) * CARD_S
        print(f"encoded reel ({args.clips} clips, {reel_s:.1f} s, {W}x{H}@{FPS}, captions, "
              f"{len(THEMES)} title cards), median of {args.repeat}:")
        report("vfeedback", ours, ours_cpu)
        report("hand ffmpeg", hand, hand_cpu)
        print(f"  ratio wall {statistics.median(ours) / statistics.median(hand):.2f}, "
              f"cpu {statistics.median(ours_cpu) / statistics.median(hand_cpu):.2f} "
              "(target <= 1.2)")

        keyed = [ReelClip(src, 3.0 * k, 3.0 * k + 2.0, c.caption) for k, c in enumerate(clips)]
        ours, hand, ours_cpu, hand_cpu = [], [], [], []
        for _ in range(args.repeat):
            result = None

            def build() -> None:
                nonlocal result
                result = build_reel(keyed, work / "ours-copy.mp4", titles=False,
                                    burn_captions=False, height=None)

            ours.append(timed(build))
            ours_cpu.append(LAST_CPU[-1])
            assert result is not None and result.stream_copied
            command = hand_copy(src, keyed, work / "hand-copy.mp4", work)
            hand.append(timed(lambda c=command: subprocess.run(c, check=True)))
            hand_cpu.append(LAST_CPU[-1])
        print(f"stream copy ({args.clips} clips on keyframes, no titles, captions as subtitles; "
              "vfeedback includes probing and the keyframe scan):")
        report("vfeedback", ours, ours_cpu)
        report("hand ffmpeg", hand, hand_cpu)
        print(f"  ratio wall {statistics.median(ours) / statistics.median(hand):.2f}, "
              f"cpu {statistics.median(ours_cpu) / statistics.median(hand_cpu):.2f}")


if __name__ == "__main__":
    main()
