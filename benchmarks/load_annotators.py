"""Load test: many annotators, each its own process, code one shared recording at once.

    .venv/bin/python benchmarks/load_annotators.py [--url URL] [--processes 20] [--seconds 120]
                                                   [--json report.json]

Without ``--url`` the database is SQLite in a temporary home (the laptop set-up); with a
PostgreSQL URL (e.g. from ``scripts/pg-test-server.sh start /tmp/pg --durable`` plus a
``CREATE DATABASE``) it is the clinic server. Loopback only.

Each process is one person (actor ``coder-NN``) with an :class:`AnnotationEditor` on the same
recording. Until the time is up it adds (40 %), edits (30 %), deletes (15 %) and undoes or
redoes (15 %) annotations, choosing targets among everyone's annotations as it last saw them
(it reloads every few edits and after a conflict, as a clinician would). Each process logs
every attempt: the edit number (the recording's ``annotations_rev``), the rows it changed
(after), the latency, or that it was refused as a conflict.

At the end every edit must be accounted for: the logged edit numbers are exactly 1..N (N the
recording's final counter: none lost, none counted twice), and replaying the logged rows in
that order gives exactly the annotations in the database. It prints throughput (successful
edits per second, all processes together) and latency percentiles per edit, and exits 1 when
the accounting fails or any edit failed for a reason other than a conflict.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

WEIGHTS = {"add": 40, "edit": 30, "delete": 15, "undo": 10, "redo": 5}
RELOAD_EVERY = 5  # edits between two reloads of the shared view


def prepare(url: str) -> tuple[int, int]:
    """Schema, schemes, one case/visit/recording row; returns (recording id, code id)."""
    import hashlib

    from annotation.schemes import ensure_builtin_schemes, get_scheme
    from vfeedback.db import open_database
    from vfeedback.models import Case, Recording, Visit

    db = open_database(url, actor="setup")
    with db.session() as session:
        ensure_builtin_schemes(session)
        case = Case(code=f"LOAD-{os.getpid()}-{time.time_ns()}")
        visit = Visit(case=case, number=1)
        # The annotations need the recording's row, not its media: no file behind it.
        rec = Recording(visit=visit, store_key=hashlib.sha256(case.code.encode()).hexdigest(),
                        size_bytes=1, original_name="shared-visit.mp4", container="mp4",
                        duration_ms=600_000, fps=25.0, width=1280, height=720)
        session.add_all([case, visit, rec])
        session.flush()
        code = next(c for c in get_scheme(session, "vipp-sd").codes if c.kind == "interval")
        ids = rec.id, code.id
    db.dispose()
    return ids


def worker(url: str, recording_id: int, code_id: int, index: int, ready: Any, go: Any,
           seconds: float, log_path: str) -> None:
    from annotation.editing import AnnotationEditor
    from vfeedback.db import ConflictError, Database
    from vfeedback.errors import VFeedbackError

    actor = f"coder-{index:02d}"
    rng = random.Random(index)
    db = Database(url, actor=actor)
    editor = AnnotationEditor(db, recording_id, actor=actor)
    view = [v.id for v in editor.annotations()]
    ops, weights = zip(*WEIGHTS.items(), strict=True)
    count = 0
    with open(log_path, "w", encoding="utf-8") as log:
        ready.put(index)  # connected, schema read: the clock starts when all are here
        go.wait()
        deadline = time.time() + seconds
        while time.time() < deadline:
            op = rng.choices(ops, weights)[0]
            if op in ("edit", "delete") and not view:
                op = "add"
            count += 1
            entry: dict[str, Any] = {"op": op, "actor": actor}
            began = time.perf_counter()
            try:
                if op == "add":
                    start = rng.randrange(0, 590_000)
                    editor.add(code_id, start, start + rng.randrange(200, 5000),
                               comment=f"{actor} #{count}")
                    done = True
                elif op == "edit":
                    target = rng.choice(view)
                    start = rng.randrange(0, 590_000)
                    editor.update(target, start_ms=start, end_ms=start + 1000,
                                  comment=f"{actor} edit #{count}")
                    done = True
                elif op == "delete":
                    editor.delete(rng.choice(view))
                    done = True
                else:
                    done = editor.undo() if op == "undo" else editor.redo()
                entry["ms"] = (time.perf_counter() - began) * 1000
                if done:
                    entry |= {"ok": True, "rev": editor.last_rev,
                              "rows": [[c["id"], c["after"]] for c in editor.last_changes]}
                    for ann_id, after in entry["rows"]:  # keep the view in step with it
                        if after is None and ann_id in view:
                            view.remove(ann_id)
                        elif after is not None and ann_id not in view:
                            view.append(ann_id)
                else:
                    entry |= {"ok": False, "nothing": True}
            except ConflictError as exc:
                entry |= {"ok": False, "conflict": str(exc),
                          "ms": (time.perf_counter() - began) * 1000}
                view = [v.id for v in editor.annotations()]  # reload, as a person would
            except VFeedbackError as exc:
                entry |= {"ok": False, "error": str(exc),
                          "ms": (time.perf_counter() - began) * 1000}
            log.write(json.dumps(entry) + "\n")
            log.flush()
            if count % RELOAD_EVERY == 0:
                view = [v.id for v in editor.annotations()]
    db.dispose()


def account(url: str, recording_id: int, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Replay the logged successful edits in edit order; compare with the database."""
    from sqlalchemy import select

    from annotation import journal
    from vfeedback.db import Database
    from vfeedback.models import Annotation, Recording

    done = sorted((e for e in entries if e.get("ok")), key=lambda e: e["rev"])
    revs = [e["rev"] for e in done]
    expected: dict[int, dict[str, Any]] = {}
    for e in done:
        for ann_id, after in e["rows"]:
            if after is None:
                expected.pop(ann_id, None)
            else:
                expected[ann_id] = after
    db = Database(url)
    with db.session() as session:
        final_rev = session.scalar(select(Recording.annotations_rev)
                                   .where(Recording.id == recording_id))
        actual = {a.id: journal.snapshot(a) for a in session.scalars(
            select(Annotation).where(Annotation.recording_id == recording_id))}
    db.dispose()
    missing = sorted(set(expected) - set(actual))
    unexplained = sorted(set(actual) - set(expected))
    differing = sorted(i for i in set(expected) & set(actual) if expected[i] != actual[i])
    return {
        "edits_logged": len(done), "final_rev": final_rev,
        "revs_exactly_1_to_N": revs == list(range(1, (final_rev or 0) + 1)),
        "annotations_in_db": len(actual), "missing_in_db": missing[:10],
        "unexplained_in_db": unexplained[:10], "differing": differing[:10],
        "ok": (revs == list(range(1, (final_rev or 0) + 1)) and not missing
               and not unexplained and not differing),
    }


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run(url: str, processes: int, seconds: float) -> dict[str, Any]:
    recording_id, code_id = prepare(url)
    logs = Path(tempfile.mkdtemp(prefix="vfeedback-load-"))
    ctx = mp.get_context("spawn")
    ready, go = ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=worker, args=(url, recording_id, code_id, i, ready, go, seconds,
                                              str(logs / f"coder-{i:02d}.jsonl")))
             for i in range(processes)]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get(timeout=300)
    go.set()
    for p in procs:
        p.join()
    entries = [json.loads(line) for f in sorted(logs.glob("*.jsonl"))
               for line in f.read_text(encoding="utf-8").splitlines()]
    accounting = account(url, recording_id, entries)
    ok = [e for e in entries if e.get("ok")]
    by_op = {op: sorted(e["ms"] for e in ok if e["op"] == op) for op in WEIGHTS}
    latencies = [e["ms"] for e in ok]
    return {
        "database": url.split(":", 1)[0], "processes": processes, "seconds": seconds,
        "workers_exit_codes": sorted({p.exitcode for p in procs}),
        "attempts": len(entries), "edits": len(ok),
        "conflicts": sum(1 for e in entries if "conflict" in e),
        "nothing_to_undo_or_redo": sum(1 for e in entries if e.get("nothing")),
        "errors": [e["error"] for e in entries if "error" in e][:5],
        "error_count": sum(1 for e in entries if "error" in e),
        "edits_per_s": len(ok) / seconds,
        "latency_ms": {"p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95),
                       "max": max(latencies, default=0.0),
                       "mean": statistics.fmean(latencies) if latencies else 0.0},
        "p95_ms_by_op": {op: percentile(v, 0.95) for op, v in by_op.items()},
        "accounting": accounting,
        "logs": str(logs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=None, help="database URL (default: SQLite, temporary)")
    parser.add_argument("--processes", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--json", type=Path, default=None, help="also write the report here")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='vfeedback-load-db-'))}/vf.db"
    report = run(url, args.processes, args.seconds)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    lat = report["latency_ms"]
    print(f"{report['database']}: {report['processes']} annotators x {report['seconds']:.0f} s: "
          f"{report['edits']} edits ({report['edits_per_s']:.1f}/s), {report['conflicts']} "
          f"conflicts, {report['error_count']} errors; latency p50 {lat['p50']:.1f} ms, "
          f"p95 {lat['p95']:.1f} ms; accounted for: {report['accounting']['ok']}")
    sys.exit(0 if report["accounting"]["ok"] and report["error_count"] == 0
             and report["workers_exit_codes"] == [0] else 1)


if __name__ == "__main__":
    main()
