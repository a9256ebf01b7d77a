"""What the access check costs: a service read as a named trainee against the same read as the
person at an unprotected home (no look-up), on a home with many cases.

    .venv/bin/python benchmarks/bench_access.py [--cases 200] [--calls 300]

Makes a temporary home with ``--cases`` cases (one visit each, no media) and one trainee
assigned a tenth of them, then times ``catalogue.list_cases`` and ``catalogue.next_visit_number``
(a small read of one case) as ``None`` and as the trainee. Prints milliseconds per call and
the ratio named / local: the price of the role and assignment look-ups per service call.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def per_call(work, calls: int) -> float:  # noqa: ANN001
    work()  # warm
    started = time.perf_counter()
    for _ in range(calls):
        work()
    return (time.perf_counter() - started) / calls * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()

    from services import assignments, catalogue
    from vfeedback.app import open_app

    with tempfile.TemporaryDirectory() as tmp:
        app = open_app(Path(tmp) / "home")
        assignments.add_user_row(app, None, "tina", "trainee")
        for n in range(args.cases):
            catalogue.create_case(app, None, f"C-{n:04d}")
            if n % 10 == 0:
                assignments.assign(app, None, f"C-{n:04d}", "tina")
        mine = "C-0000"
        rows = []
        for name, work in (
                ("list_cases", lambda actor: catalogue.list_cases(app, actor)),
                ("next_visit_number", lambda actor: catalogue.next_visit_number(app, actor,
                                                                                mine))):
            local = per_call(lambda w=work: w(None), args.calls)
            named = per_call(lambda w=work: w("tina"), args.calls)
            rows.append((name, local, named))
        app.close()
    print(f"{args.cases} cases, trainee assigned {len(range(0, args.cases, 10))}; "
          f"{args.calls} calls each")
    print(f"{'service':<20} {'local ms':>9} {'trainee ms':>11} {'ratio':>6}")
    for name, local, named in rows:
        print(f"{name:<20} {local:9.2f} {named:11.2f} {named / local:6.2f}")


if __name__ == "__main__":
    main()
