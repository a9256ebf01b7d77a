"""Screenshots of the main window for the docs and for checking the look by eye.

``python -m gui.screenshots [--video FILE] [--out DIR]`` builds a throw-away home in a
temporary folder (a case, a visit, the video imported, a few coded moments and a suggestion),
opens the main window offscreen on it and saves ``main_window.png``. Never touches real data.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def build_home(home: Path, video: Path | None) -> int:
    """A sample home with one coded recording; returns the recording id."""
    from services import annotations, catalogue, suggestions
    from vfeedback.app import open_app
    from vfeedback.media.synth import make_video

    if video is None:
        video = home / "sample.mp4"
        make_video(video, duration_s=20, fps=25, width=1280, height=720)
    app = open_app(home)
    catalogue.create_case(app, None, "FAMILY-012")
    visit_id = catalogue.list_cases(app, None)[0].visits[0].id
    catalogue.set_visit_theme(app, None, visit_id, "vipp.exploration_attachment")
    [rid] = catalogue.import_files(app, None, visit_id, [video]).value
    codes = [(c.id, c.kind) for c in annotations.schemes(app, None)[0].codes
             if c.kind in ("point", "interval")][:6]
    duration = catalogue.get_recording(app, None, rid).duration_ms
    for i in range(14):
        start = int(duration * (i + 0.3) / 15)
        code_id, kind = codes[i % len(codes)]
        end = None if kind == "point" else min(duration, start + 300 + 80 * (i % 5))
        annotations.add(app, None, rid, code_id, start, end)
    suggestions.add(app, None, rid, "mutual_gaze", duration // 5, duration // 5 + 1500, 0.8,
                    "mutual gaze")
    app.close()
    return rid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--video", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=Path("/tmp/vfeedback-shots"))
    args = parser.parse_args()
    from PySide6.QtCore import QSettings

    from .application import make_application

    qt_app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        home = Path(tmp) / "home"
        home.mkdir()
        rid = build_home(home, args.video)
        from services import catalogue
        from vfeedback.app import open_app

        from .main_window import MainWindow

        app = open_app(home)
        window = MainWindow(app)
        window.resize(1400, 860)
        window.show()
        cases = catalogue.list_cases(app, None)
        window.state.set_case(cases[0].id)
        window.state.set_visit(cases[0].visits[0].id)
        window.browser.refresh()
        window.open_recording(rid)
        window.state.set_playhead(window.state.recording.duration_ms // 3)
        for _ in range(30):
            qt_app.processEvents()
        window.player.cache._worker.join(0.3)
        for _ in range(10):
            qt_app.processEvents()
        args.out.mkdir(parents=True, exist_ok=True)
        window.screenshot(args.out / "main_window.png")
        print(args.out / "main_window.png")
        window.close()
        app.close()


if __name__ == "__main__":
    main()
