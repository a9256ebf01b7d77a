"""SQLCipher against plain SQLite, and what a login costs.

    .venv/bin/python benchmarks/bench_sqlcipher.py [ROWS]

Writes ROWS cases (one transaction) and reads them back 20 times, in a plain home and in a
protected one, and times a login at the default Argon2id cost (64 MiB, 3 passes). Prints each
time and the ratio encrypted / plain.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from vfeedback import library
from vfeedback.app import open_app
from vfeedback.security import create_home_keys, login


def _work(app, rows: int) -> tuple[float, float]:  # noqa: ANN001
    started = time.perf_counter()
    with app.db.session() as session:
        for i in range(rows):
            library.create_case(session, f"C-{i:05d}", notes="note " * 20)
    write = time.perf_counter() - started
    reads = []
    for _ in range(20):
        started = time.perf_counter()
        with app.db.session() as session:
            assert len(library.list_cases(session)) == rows
        reads.append(time.perf_counter() - started)
    return write, statistics.median(reads)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        plain = open_app(Path(tmp) / "plain")
        plain_write, plain_read = _work(plain, rows)
        plain.close()
        home = Path(tmp) / "protected"
        create_home_keys(home, "ada", "bench-password-1")
        logins = []
        for _ in range(3):
            started = time.perf_counter()
            identity = login(home, "ada", "bench-password-1")
            logins.append(time.perf_counter() - started)
        app = open_app(home, identity=identity)
        enc_write, enc_read = _work(app, rows)
        app.close()
    print(f"{rows} cases written: plain {plain_write * 1000:.0f} ms, SQLCipher "
          f"{enc_write * 1000:.0f} ms (x{enc_write / plain_write:.2f})")
    print(f"{rows} cases read (median of 20): plain {plain_read * 1000:.1f} ms, SQLCipher "
          f"{enc_read * 1000:.1f} ms (x{enc_read / plain_read:.2f})")
    print(f"login at the default Argon2id cost (median of 3): {statistics.median(logins):.2f} s")


if __name__ == "__main__":
    main()
