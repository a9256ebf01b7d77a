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
