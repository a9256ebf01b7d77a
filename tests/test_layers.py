"""The layer rule, kept by the machine: no Qt below gui/, no upward imports from the core."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORE_PACKAGES = ("vfeedback", "annotation", "analysis", "sessions")
UPPER = ("gui", "annotation", "analysis", "sessions")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _files(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def test_no_qt_outside_gui():
    offenders = [f"{path.relative_to(REPO)}:{line} imports {name}"
                 for package in CORE_PACKAGES for path in _files(package)
                 for line, name in _imports(path)
                 if name.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6")]
    assert offenders == []


def test_core_does_not_import_upper_layers():
    # vfeedback/cli is the composition root and loads the layers by name only.
    offenders = [f"{path.relative_to(REPO)}:{line} imports {name}"
                 for path in _files("vfeedback") if "cli" not in path.relative_to(REPO).parts
                 for line, name in _imports(path) if name.split(".")[0] in UPPER]
    assert offenders == []


def test_core_imports_and_runs_with_qt_absent():
    """Every core module imports in a Python where PySide6 cannot be imported at all."""
    modules = [".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
               for package in CORE_PACKAGES for p in _files(package)
               if "migrations" not in p.parts and p.name != "__main__.py"]
    code = ("import sys\nsys.modules['PySide6'] = None\n"
            f"import importlib\nfor m in {modules!r}:\n    importlib.import_module(m)\n"
            "print('ok', len(sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
