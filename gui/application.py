"""Starting the Qt application: the plugin-path trap, high-DPI, palette, translations.

``make_application()`` is the one place a ``QApplication`` is made (the CLI, tests, the
benchmarks). It must run before anything that makes Qt widgets, and it clears
``QT_QPA_PLATFORM_PLUGIN_PATH`` first: opencv-contrib-python sets that variable to its own Qt
plugins when ``cv2`` is imported, and PySide6 then fails to start on X11.
"""

from __future__ import annotations

import os
import sys

APP_NAME = "vfeedback"
ORGANISATION = "vfeedback"


def clear_foreign_qt_paths() -> None:
    """Drop Qt plugin paths that other packages (cv2) point at their own, older Qt."""
    for name in ("QT_QPA_PLATFORM_PLUGIN_PATH", "QT_PLUGIN_PATH"):
        value = os.environ.get(name, "")
        if value and "PySide6" not in value:
            del os.environ[name]


def make_application(argv: list[str] | None = None):  # noqa: ANN201 - QApplication
    """The process's QApplication (made once; later calls return the same one)."""
    clear_foreign_qt_paths()
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is not None:
        return existing
    # QtMultimedia's FFmpeg backend otherwise prints every opened file's stream list and
    # "no HW decoder" notes to the terminal; QT_LOGGING_RULES set by the user still wins.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    # Fractional scale factors (150 %) are passed through instead of rounded, so text and
    # the timeline stay sharp on high-DPI screens (Qt 6 enables high-DPI scaling itself).
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APP_NAME)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    # No style sheet and no forced palette: the system's light/dark palette is followed.
    install_translations(app)
    return app


def install_translations(app, locale=None) -> list:  # noqa: ANN001
    """The ``tr()`` hook: translators for the language ``vfeedback.i18n`` chose (the
    ``VFEEDBACK_LANG`` variable, the saved setting, else the system locale)."""
    from .translations import install

    return install(app)
