"""The layer rule, kept by the machine.

``gui -> services -> sessions / annotation / analysis -> vfeedback``: no Qt below gui/ (services
included), no upward imports, and the shell never touches the database (no SQLAlchemy, no
``vfeedback.db`` / ``vfeedback.models``, no ``.session()`` call, no hand-made change notice).
Each checker is also run on a small bad snippet, so a checker that can no longer fail fails.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORE_PACKAGES = ("vfeedback", "annotation", "analysis", "sessions")
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")
UPPER = ("gui", "services", "annotation", "analysis", "sessions")
DATABASE_MODULES = ("sqlalchemy", "vfeedback.db", "vfeedback.models")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            # ``from vfeedback import models`` reaches the same module.
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _files(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def _is_cli(path: Path) -> bool:
    """The composition root (``vfeedback/cli/``) and each layer's ``cli.py`` may use
    services: the CLI is a shell beside the GUI."""
    parts = path.relative_to(REPO).parts if path.is_relative_to(REPO) else path.parts
    return path.name == "cli.py" or "cli" in parts[:-1]


def _under(name: str, modules: tuple[str, ...]) -> bool:
    return any(name == m or name.startswith(m + ".") for m in modules)


def qt_offenders(paths: list[Path]) -> list[str]:
    return [f"{path}:{line} imports {name}" for path in paths
            for line, name in _imports(path) if name.split(".")[0] in QT]


def upward_offenders(paths: list[Path], upper: tuple[str, ...]) -> list[str]:
    return [f"{path}:{line} imports {name}" for path in paths if not _is_cli(path)
            for line, name in _imports(path) if name.split(".")[0] in upper]


def database_offenders(paths: list[Path]) -> list[str]:
    """Database access in the shell: imports of the ORM or the engine, ``x.session()`` calls,
    and change notices built by hand (``Changes(...)``: they come from the services)."""
    found = []
    for path in paths:
        found += [f"{path}:{line} imports {name}" for line, name in _imports(path)
                  if _under(name, DATABASE_MODULES)]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "session":
                found.append(f"{path}:{node.lineno} calls .session()")
            if isinstance(func, ast.Name) and func.id == "Changes":
                found.append(f"{path}:{node.lineno} builds a change notice by hand")
    return found


# -- the rules, on the code ------------------------------------------------------------------
def test_no_qt_outside_gui():
    paths = [p for package in (*CORE_PACKAGES, "services") for p in _files(package)]
    assert qt_offenders(paths) == []


def test_core_does_not_import_upper_layers():
    # vfeedback/cli is the composition root and loads the layers by name only.
    assert upward_offenders(_files("vfeedback"), UPPER) == []


def test_use_cases_do_not_import_services_or_gui():
    paths = [p for package in ("annotation", "analysis", "sessions") for p in _files(package)]
    assert upward_offenders(paths, ("gui", "services")) == []


def test_services_do_not_import_gui():
    assert upward_offenders(_files("services"), ("gui",)) == []


def test_gui_never_touches_the_database():
    assert database_offenders(_files("gui")) == []


def test_core_imports_and_runs_with_qt_absent():
    """Every core and service module imports in a Python where PySide6 cannot be imported."""
    modules = [".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
               for package in (*CORE_PACKAGES, "services") for p in _files(package)
               if "migrations" not in p.parts and p.name != "__main__.py"]
    code = ("import sys\nsys.modules['PySide6'] = None\n"
            f"import importlib\nfor m in {modules!r}:\n    importlib.import_module(m)\n"
            "print('ok', len(sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr


# -- the checkers can fail ----------------------------------------------------------------------
BAD_GUI = '''
from sqlalchemy import select
import vfeedback.models
from vfeedback import db
from vfeedback.models import Visit
from services.changes import Changes

def load(app):
    with app.db.session() as session:
        return session.scalars(select(Visit))

def done(state):
    state.notify(Changes())
'''


def test_the_database_checker_catches_a_bad_gui_module(tmp_path: Path) -> None:
    bad = tmp_path / "bad_view.py"
    bad.write_text(BAD_GUI, encoding="utf-8")
    found = database_offenders([bad])
    assert any("imports sqlalchemy" in f for f in found)
    assert any("imports vfeedback.models" in f for f in found)
    assert any("imports vfeedback.db" in f for f in found)
    assert any("calls .session()" in f for f in found)
    assert any("by hand" in f for f in found)
    good = tmp_path / "good_view.py"
    good.write_text("from services import catalogue\n\ndef load(app):\n"
                    "    return catalogue.list_cases(app, None)\n", encoding="utf-8")
    assert database_offenders([good]) == []


def test_the_layer_checkers_catch_upward_and_qt_imports(tmp_path: Path) -> None:
    service = tmp_path / "services_bad.py"
    service.write_text("from PySide6.QtCore import QObject\nimport gui.state\n", encoding="utf-8")
    assert qt_offenders([service]) and upward_offenders([service], ("gui",))
    use_case = tmp_path / "plan_bad.py"
    use_case.write_text("from services import plan\n", encoding="utf-8")
    assert upward_offenders([use_case], ("gui", "services"))
    cli = tmp_path / "cli.py"  # the CLI is a shell: it may use services
    cli.write_text("from services import plan\n", encoding="utf-8")
    assert upward_offenders([cli], ("gui", "services")) == []
