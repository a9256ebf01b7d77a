"""A short run of the load test (benchmarks/load_annotators.py): every edit accounted for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_four_annotators_for_five_seconds_lose_and_duplicate_nothing(tmp_path):
    url = os.environ.get("VFEEDBACK_DATABASE_URL") or f"sqlite:///{tmp_path / 'load.db'}"
    report_path = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "load_annotators.py"), "--url", url,
         "--processes", "4", "--seconds", "5", "--json", str(report_path)],
        capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    accounting = report["accounting"]
    assert accounting["ok"] and accounting["revs_exactly_1_to_N"]
    assert report["edits"] == accounting["edits_logged"] == accounting["final_rev"] > 10
    assert report["error_count"] == 0 and report["workers_exit_codes"] == [0]
    # Every process took part.
    logs = sorted(Path(report["logs"]).glob("*.jsonl"))
    assert len(logs) == 4 and all(p.read_text(encoding="utf-8").strip() for p in logs)
