"""Large BORIS import: time and peak memory of ``annotations import`` against a plain baseline.

Generates a BORIS project with 200,000 event rows (point events and paired state events of
10 behaviours, two subjects, spread over one hour), imports it into a fresh vfeedback home
with a one-hour recording, checks that one undo removes it all, and prints:

- vfeedback: wall time and peak resident memory of the import (in a fresh process);
- baseline: ``json.load`` of the same file plus one plain SQLAlchemy bulk ``insert`` of the
  same annotations into the same schema (no checks, no undo journal), in a fresh process;
- the ratios vfeedback / baseline.

Run: ``.venv/bin/python benchmarks/bench_boris_import.py [--rows 200000]``
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

POINTS = [f"p{i}" for i in range(5)]
STATES = [f"s{i}" for i in range(5)]
SUBJECTS = ["parent", "child"]
HOUR_S = 3600


def make_project(path: Path, rows: int, seed: int = 1) -> int:
    """Write a BORIS project with ``rows`` event rows; returns how many events that pairs to."""
    rng = random.Random(seed)
    behaviours = {str(i): {"type": "Point event", "key": "", "code": c, "description": "",
                           "category": "", "modifiers": {}, "excluded": "", "coding map": ""}
                  for i, c in enumerate(POINTS)}
    behaviours |= {str(len(POINTS) + i): {"type": "State event", "key": "", "code": c,
                                          "description": "", "category": "", "modifiers": {},
                                          "excluded": "", "coding map": ""}
                   for i, c in enumerate(STATES)}
    events: list[list[object]] = []
    n_state_rows = rows // 2 // 2 * 2  # half of the rows are state rows, in pairs
    per_track = n_state_rows // 2 // (len(STATES) * len(SUBJECTS))
    step = HOUR_S / (per_track + 1)
    for code in STATES:  # non-overlapping intervals per behaviour and subject
        for subject in SUBJECTS:
            for k in range(per_track):
                start = round(k * step + rng.uniform(0, step / 4), 3)
                events.append([start, subject, code, "", ""])
                events.append([round(start + step / 2, 3), subject, code, "", ""])
    while len(events) < rows:
        events.append([round(rng.uniform(0, HOUR_S - 1), 3), rng.choice(SUBJECTS),
                       rng.choice(POINTS), "", rng.choice(["", "ok", "look"])])
    events.sort(key=lambda row: row[0])
    project = {"project_format_version": "7.0", "project_name": "bench",
               "behaviors_conf": behaviours,
               "subjects_conf": {str(i): {"key": "", "name": s, "description": ""}
                                 for i, s in enumerate(SUBJECTS)},
               "observations": {"visit": {"type": "MEDIA", "events": events}}}
    path.write_text(json.dumps(project), encoding="utf-8")
    return rows - n_state_rows // 2


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process: on a busy shared machine wall time says little."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def prepare_home(home: Path, video: Path) -> int:
    from annotation.schemes import ensure_builtin_schemes
    from vfeedback import library
    from vfeedback.app import open_app
    from vfeedback.media.synth import make_video

    if not video.exists():
        make_video(video, duration_s=HOUR_S + 2, fps=1, width=64, height=36, audio=False,
                   index_code=False)
    app = open_app(home)
    with app.db.session() as session:
        ensure_builtin_schemes(session)
        case = library.create_case(session, "BENCH")
        visit = library.get_or_create_visit(session, case, 1)
        rid = library.import_recording(session, app.store, video, visit).id
    app.close()
    return rid


def run_vfeedback(home: Path, project: Path, recording_id: int) -> dict[str, float]:
    from annotation.editing import AnnotationEditor
    from annotation.interchange.records import import_file
    from vfeedback.app import open_app

    app = open_app(home)
    started, cpu = time.perf_counter(), _cpu_s()
    result = import_file(app.db, recording_id, project, create_codes=True)
    seconds, cpu = time.perf_counter() - started, _cpu_s() - cpu
    peak = _peak_mb()
    editor = AnnotationEditor(app.db, recording_id)
    undo_started = time.perf_counter()
    undone = editor.undo()
    undo_s = time.perf_counter() - undo_started
    left = len(editor.annotations())
    app.close()
    return {"seconds": seconds, "cpu_s": cpu, "peak_mb": peak,
            "imported": len(result.annotation_ids),
            "undo_ok": float(undone and left == 0), "undo_s": undo_s}


def run_baseline(home: Path, project: Path, recording_id: int) -> dict[str, float]:
    """What any program must do at least: parse the JSON, insert the rows in one statement."""
    import uuid

    from sqlalchemy import insert, select

    from vfeedback.app import open_app
    from vfeedback.models import Code

    app = open_app(home)
    started, cpu = time.perf_counter(), _cpu_s()
    with open(project, encoding="utf-8") as fh:
        data = json.load(fh)
    with app.db.session() as session:
        codes = {c.key: c.id for c in session.scalars(select(Code))}
        rows = []
        open_states: dict[tuple[str, str], dict[str, object]] = {}
        for obs in data["observations"].values():
            for t, subject, code, _modifiers, comment in obs["events"]:
                ms = int(round(t * 1000))
                if code in STATES:
                    row = open_states.pop((subject, code), None)
                    if row is not None:
                        row["end_ms"] = ms
                        continue
                    row = {"end_ms": None}
                    open_states[(subject, code)] = row
                else:
                    row = {"end_ms": None}
                row.update(recording_id=recording_id, code_id=codes.get(code, 1), start_ms=ms,
                           subject=subject, comment=comment, caption="", modifiers=[],
                           uid=uuid.uuid4().hex, source="import")
                rows.append(row)
        from vfeedback.models import Annotation

        session.execute(insert(Annotation), rows)
    seconds, cpu = time.perf_counter() - started, _cpu_s() - cpu
    peak = _peak_mb()
    app.close()
    return {"seconds": seconds, "cpu_s": cpu, "peak_mb": peak, "imported": len(rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--child", choices=["vfeedback", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--recording", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = run_vfeedback if args.child == "vfeedback" else run_baseline
        print(json.dumps(run(args.home, args.project, args.recording)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-boris-") as tmp:
        work = Path(tmp)
        project = work / "large.boris"
        events = make_project(project, args.rows)
        size_mb = project.stat().st_size / 1e6
        print(f"{args.rows} event rows ({events} events), {size_mb:.1f} MB")
        results = {}
        for which in ("baseline", "vfeedback"):
            # The baseline needs the codes too: both start from a home where the codes exist.
            home = work / f"home-{which}"
            rid = prepare_home(home, work / "hour.mp4")
            if which == "baseline":
                from annotation.schemes import scheme_from_dict
                from vfeedback.app import open_app

                app = open_app(home)
                with app.db.session() as session:
                    scheme_from_dict(session, {"name": "bench", "codes": [
                        {"key": c, "kind": "point" if c in POINTS else "interval"}
                        for c in POINTS + STATES]})
                app.close()
            out = subprocess.run(
                [sys.executable, __file__, "--child", which, "--home", str(home),
                 "--project", str(project), "--recording", str(rid)],
                capture_output=True, text=True, check=False)
            if out.returncode != 0:
                print(out.stderr[-3000:])
                raise SystemExit(f"{which} failed")
            results[which] = json.loads(out.stdout.strip().splitlines()[-1])
        v, b = results["vfeedback"], results["baseline"]
        print(f"vfeedback: {v['seconds']:.2f} s wall, {v['cpu_s']:.2f} s CPU, "
              f"peak {v['peak_mb']:.0f} MB, "
              f"{v['imported']:.0f} annotations; undo {v['undo_s']:.2f} s, "
              f"{'removed all' if v['undo_ok'] else 'FAILED'}")
        print(f"baseline (json.load + SQLAlchemy bulk insert): {b['seconds']:.2f} s wall, "
              f"{b['cpu_s']:.2f} s CPU, "
              f"peak {b['peak_mb']:.0f} MB, {b['imported']:.0f} rows")
        print(f"ratio vfeedback / baseline: wall {v['seconds'] / b['seconds']:.2f}, "
              f"CPU {v['cpu_s'] / b['cpu_s']:.2f}, "
              f"peak memory {v['peak_mb'] / b['peak_mb']:.2f}")


if __name__ == "__main__":
    main()
