"""Helpers for the supervision tests: the CLI on a home, coding sets with known figures."""

from __future__ import annotations

import os
from collections.abc import Sequence

from click.testing import CliRunner, Result

from annotation.editing import AnnotationEditor


def run_cli(app, *args: str, env: dict[str, str] | None = None) -> Result:  # noqa: ANN001
    from vfeedback.cli import cli

    return CliRunner().invoke(cli, ["--home", str(app.config.home), *args], env=env)


def code(app, recording_id: int, actor: str,  # noqa: ANN001
         events: Sequence[tuple[str, int, int | None, str | None]],
         vipp: dict[str, int]) -> list[int]:
    """Add (code key, start ms, end ms, valence) events as ``actor``'s coding set."""
    editor = AnnotationEditor(app.db, recording_id, actor=actor)
    return [editor.add(vipp[key], start, end, valence=valence)
            for key, start, end, valence in events]


# Known figures (slices of 1 s up to the last end + 1 ms: 7 slices):
#   empathy   reference 1 1 0 0 1 1 0, trainee 1 1 1 0 0 0 0 -> kappa 4/25 = 0.16;
#             onsets trainee [0], reference [0, 4000] -> precision 1, recall 0.5, F1 2/3.
# Differences: valence at 0, shifted child signal (+800 ms) at 1000, missed child signal at
# 3000, a parent response where the reference has empathy (different code) at 4000.
REFERENCE = [("empathy", 0, 2000, "strength"), ("empathy", 4000, 6000, "strength"),
             ("child_signal", 1000, None, None), ("child_signal", 3000, None, None)]
TRAINEE = [("empathy", 0, 3000, "work_on"), ("child_signal", 1800, None, None),
           ("parent_response", 5000, None, None)]


ON_POSTGRES = os.environ.get("VFEEDBACK_TEST_DATABASE", "").startswith("postgresql")
