"""``vfeedback demo``: the whole flow, headless, on generated or the user's own footage.

The core makes (or takes) footage, creates a case and a visit and imports it. Each upper
layer that is installed then adds its part through ``<layer>.demo.contribute(ctx)``
(annotations and exports, analysis, the feedback reel and script), writing into the output
folder and saying what it did.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from pathlib import Path

import click

from .. import library
from ..app import App, open_app
from ..i18n import _
from ..media.synth import make_video
from ..models import Consent
from . import cli
from .progress import progress_bar

CONTRIBUTORS = ("annotation.demo", "analysis.demo", "sessions.demo")


@dataclass
class DemoContext:
    """What the demo made so far, handed to each layer's ``contribute``."""

    app: App
    out_dir: Path
    video: Path
    case_code: str
    visit_id: int
    recording_id: int
    lines: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.lines.append(line)
        click.echo(f"  - {line}")


def run_demo(out_dir: Path, video: Path | None = None, *, quick: bool = False) -> DemoContext:
    out_dir.mkdir(parents=True, exist_ok=True)
    click.echo(_("vfeedback demo in {dir}").format(dir=out_dir))
    if video is None:
        video = out_dir / "sample-visit.mp4"
        if not video.exists():
            make_video(video, duration_s=12 if quick else 40, fps=25, width=1280, height=720)
        click.echo("  - " + _("made sample footage {path} (generated picture and tone)")
                   .format(path=video.name))
    app = open_app(out_dir)
    with app.db.session() as session:
        n = 1
        while True:
            code = f"DEMO-{n:03d}"
            try:
                library.get_case(session, code)
                n += 1
            except library.InputError:
                break
        case = library.create_case(session, code, notes="Made by vfeedback demo")
        visit = library.get_or_create_visit(session, case, 1, theme="vipp.exploration_attachment")
        with progress_bar(_("Importing"), quiet=True) as progress:
            recording = library.import_recording(session, app.store, video, visit,
                                                 source="demo", progress=progress)
        ctx = DemoContext(app, out_dir, video, case.code, visit.id, recording.id)
        # The sample family "agreed" to every use, so the reel and exports below are allowed.
        for name in ("filming", "feedback", "supervision", "research"):
            session.add(Consent(case_id=case.id, field=name, value="yes",
                                recorded_by="demo"))
    ctx.say(_("created case {code}, visit 1, imported recording {id} ({s:.1f} s)").format(
        code=ctx.case_code, id=ctx.recording_id, s=recording.duration_s))
    for name in CONTRIBUTORS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        started = time.monotonic()
        module.contribute(ctx)
        ctx.say(_("{part} took {s:.1f} s").format(part=name.split(".")[0],
                                                   s=time.monotonic() - started))
    ctx.say(_("database: {path}").format(path=app.config.home / "vfeedback.db"))
    app.close()
    return ctx


@cli.command("demo")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("vfeedback-demo"), show_default=True,
              help="Folder for the demo's database, store and outputs.")
@click.option("--video", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Use this footage instead of generated sample footage.")
@click.option("--quick", is_flag=True, help="Shorter sample footage (for tests).")
def demo_command(out_dir: Path, video: Path | None, quick: bool) -> None:
    """Run the whole flow headless and write what it makes into a folder."""
    run_demo(out_dir, video, quick=quick)
    click.echo(_("Done. Everything is in {dir}").format(dir=out_dir))
