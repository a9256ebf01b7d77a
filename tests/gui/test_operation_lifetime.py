"""Short background operations nobody keeps (a window's read, fired and forgotten) end
without crashing the app: an operation is not deleted inside its own end-of-work slot, and
its signals object is never deleted by the worker thread."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("PySide6.QtWidgets")

# Thousands of operations whose results come back while the next ones start: before the fix
# about one run in three ended in a segmentation fault (Shiboken, inside QObject::~QObject).
STRESS = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication
    from gui.operations import run_in_background

    app = QApplication([])
    done = [0]
    def ok(_result):
        done[0] += 1
    for round_ in range(3):
        for _ in range(3000):
            run_in_background(None, lambda _p, _c: sum(range(200)), show_progress=False,
                              on_success=ok)
            QCoreApplication.processEvents()
        while done[0] < 3000 * (round_ + 1):
            QCoreApplication.processEvents()
    QCoreApplication.processEvents()
    print("done", done[0])
""")


def test_thousands_of_forgotten_operations_end_without_a_crash() -> None:
    result = subprocess.run([sys.executable, "-c", STRESS], capture_output=True, text=True,
                            timeout=240, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["done", "9000"]
