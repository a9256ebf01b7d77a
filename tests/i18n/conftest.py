"""GUI language tests: one QApplication, settings in the test's folder, English restored."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")


@pytest.fixture
def qt_in(tmp_path):  # noqa: ANN001, ANN201
    """``qt_in("sv")`` switches the core and the Qt translators; English again afterwards."""
    from PySide6.QtCore import QSettings

    from gui import translations
    from gui.application import make_application
    from vfeedback import i18n

    qt_app = make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    before = i18n.current_language()

    def switch(language: str) -> None:
        i18n.set_language(language)
        translations.install(qt_app, language)

    yield switch
    switch(before)
