"""GUI test fixtures: one QApplication, settings kept in the test's temporary folder."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):  # noqa: ANN001, ANN201
    """Window layout and recent files go to a temporary folder, not the user's settings."""
    from PySide6.QtCore import QSettings

    from gui.application import make_application

    make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    yield


@pytest.fixture(autouse=True)
def frame_cache_player(request, monkeypatch):  # noqa: ANN001, ANN201
    """GUI tests play from the frame cache (silent, exact frames, what the app does without
    PySide6-Addons) unless marked ``qtmultimedia``: Qt's FFmpeg backend prints every file's
    stream list, is slow to open and close, and once hung a CI run on closing a player. The
    marked tests keep the real QMediaPlayer path covered."""
    if request.node.get_closest_marker("qtmultimedia") is None:
        monkeypatch.setenv("VFEEDBACK_NO_QTMULTIMEDIA", "1")
