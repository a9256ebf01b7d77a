"""The plan builder's export choices: faces blurred in the reel, the case code hidden.

Through the real main window and the real service: "All blurred" + "Hide the case code"
writes a reel whose faces are gone and whose files carry no case code; "Blurred, except the
parent's and the child's" on a recording that was never analysed is refused with a message
naming `vfeedback analyse`, and nothing is written.
"""

from __future__ import annotations

import subprocess

import cv2
import pytest

pytest.importorskip("PySide6.QtWidgets")

BABY = "6c6MZQ.joke4.rep2.take1.ThatsNotACat.mp4"


@pytest.fixture
def window(qtbot, app, tmp_path, shared_media):  # noqa: ANN001, ANN201
    from PySide6.QtCore import QSettings

    from annotation.editing import AnnotationEditor
    from annotation.schemes import ensure_builtin_schemes, get_scheme
    from gui import case_browser
    from gui.application import make_application
    from gui.main_window import MainWindow
    from services import catalogue
    from services import plan as plan_service

    make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    clip = tmp_path / "IMG_2040.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(shared_media / "dyads" / BABY), "-t",
                    "2.5", "-c", "copy", str(clip)], check=True)
    catalogue.create_case(app, None, "NILSSON-3")
    visit_id = case_browser.load_cases(app)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [clip]).value
    with app.db.session() as session:
        ensure_builtin_schemes(session)
        code = {c.key: c.id for c in get_scheme(session, "vipp-sd").codes}["attachment"]
    AnnotationEditor(app.db, rid).add(code, 300, 2000, valence="strength", caption="Hold me")
    plan_service.propose(app, None, visit_id)
    win = MainWindow(app)
    qtbot.addWidget(win)
    builder = win.coding.plan
    builder.open_results = False
    win.show()
    win.state.set_case(case_browser.load_cases(app)[0].id)
    win.state.set_visit(visit_id)
    yield win, builder
    win.close()


def test_export_with_all_faces_blurred_and_the_case_code_hidden(qtbot, window,
                                                                tmp_path) -> None:  # noqa: ANN001
    from sessions.export_hygiene import check_files
    from vfeedback.media.blur import FaceDetector

    win, builder = window
    builder.faces_box.setCurrentIndex(builder.faces_box.findData("all"))
    builder.pseudonym_box.setChecked(True)
    op = builder.export_to(tmp_path / "teaching")
    with qtbot.waitSignal(builder.exported, timeout=120000) as done:
        pass
    assert op.error is None
    reel, pdf, html = done.args[0]
    assert reel.name == "family-visit1-reel.mp4"
    assert check_files([reel, pdf, html], ["NILSSON", "IMG_2040", str(tmp_path)],
                       allowed_titles=["Visit 1: Our moments"]) == []
    # The reel's clip frame for frame against the source frames it shows (the presentation's
    # mapping): every face the detector finds in the source is pixelated in the reel.
    from services import plan as plan_service
    from vfeedback.media.blur import overlap

    shown = plan_service.show_frames(builder.app, None, win.state.visit_id).frames[-1]
    reel_frames = _read(reel)[-len(shown):]
    source = _read(tmp_path / "IMG_2040.mp4")
    detector = FaceDetector(min_confidence=0.5, tiles=False)  # as in test_blur_faces
    faces = changed = still = 0
    for out, index in list(zip(reel_frames, shown, strict=True))[::4]:
        src = cv2.resize(source[index], (out.shape[1], out.shape[0]))
        found = detector(cv2.cvtColor(src, cv2.COLOR_BGR2RGB))
        after = detector(cv2.cvtColor(out, cv2.COLOR_BGR2RGB))
        for box in found:
            faces += 1
            changed += _grey_change(src, out, box) >= 10
        still += sum(1 for box in after if any(overlap(box, f) >= 0.5 for f in found)
                     and _grey_change(src, out, box) < 12)
    detector.close()
    print("GUI export, all blurred: faces in the source", faces, "pixelated", changed,
          "still showing", still)
    assert faces >= 8 and changed == faces and still == 0


def _read(path) -> list:  # noqa: ANN001
    cap = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, frame = cap.read()
        if not ok:
            return frames
        frames.append(frame)


def _grey_change(a, b, box) -> float:  # noqa: ANN001
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = int(box[2]), int(box[3])
    ga = cv2.cvtColor(a[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY).astype(float)
    gb = cv2.cvtColor(b[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY).astype(float)
    return float(abs(ga - gb).mean()) if ga.size else 0.0


def test_others_without_analysis_is_refused_in_a_dialog(qtbot, window, tmp_path) -> None:  # noqa: ANN001
    win, builder = window
    builder.faces_box.setCurrentIndex(builder.faces_box.findData("others"))
    op = builder.export_to(tmp_path / "refused")
    with qtbot.waitSignal(op.finished, timeout=60000) as finished:
        pass
    assert finished.args == [False]
    assert op.error is not None and "vfeedback analyse" in str(op.error), op.error
    assert not list((tmp_path / "refused").glob("*.mp4"))
