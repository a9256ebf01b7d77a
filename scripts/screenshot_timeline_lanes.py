"""Screenshot of the timeline's analysis lanes for the docs: ``docs/screenshots/timeline-lanes.png``.

Builds a throw-away home in a temporary folder, imports a real dyad clip from
``../shared/media/dyads`` (a parent and a baby, with sound), codes a strength and a "to work on"
moment, runs the real analysis (pictures and sound), opens the main window with the analysis
display on and saves the window. Run it under Xvfb with a window manager when there is one:

    xvfb-run -a -s "-screen 0 1600x1000x24" sh -c \
        "openbox & .venv/bin/python scripts/screenshot_timeline_lanes.py"

(without a display it falls back to Qt's offscreen platform). Never touches real data.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CLIP = ROOT.parent / "shared" / "media" / "dyads" / "3dC3SQ.joke5.rep3.take1.NomNomNom.mp4"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--video", type=Path, default=CLIP)
    parser.add_argument("--out", type=Path,
                        default=ROOT / "docs" / "screenshots" / "timeline-lanes.png")
    args = parser.parse_args()
    from PySide6.QtCore import QSettings

    from analysis.job import analyse_recording
    from gui.application import make_application
    from gui.main_window import MainWindow
    from services import annotations, catalogue
    from vfeedback.app import open_app

    qt_app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        app = open_app(Path(tmp) / "home")
        catalogue.create_case(app, None, "FAMILY-012")
        visit_id = catalogue.list_cases(app, None)[0].visits[0].id
        [rid] = catalogue.import_files(app, None, visit_id, [args.video]).value
        codes = [c for c in annotations.schemes(app, None)[0].codes if c.kind == "interval"]
        annotations.add(app, None, rid, codes[0].id, 4_000, 9_000, valence="strength")
        annotations.add(app, None, rid, codes[1 % len(codes)].id, 17_000, 21_000,
                        valence="work_on")
        analyse_recording(app, rid)
        window = MainWindow(app)
        window.resize(1500, 950)
        window.show()
        window.open_recording(rid)
        window.coding.overlay.set_enabled(True)
        window.state.set_playhead(12_000)
        shown_by = time.monotonic() + 3  # the player decodes the frame asynchronously
        while time.monotonic() < shown_by:
            qt_app.processEvents()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if os.environ.get("DISPLAY"):
            # What the person sees: the screen where the window is. window.grab() leaves
            # the video out (it is drawn by the multimedia backend, not by the widget).
            frame = window.frameGeometry()
            window.screen().grabWindow(0, frame.x(), frame.y(), frame.width(),
                                       frame.height()).save(str(args.out))
        else:
            window.grab().save(str(args.out))
        print(f"wrote {args.out}")
        window.close()
        app.close()


if __name__ == "__main__":
    main()
