"""One place for settings: where the data lives and which database to use.

The home directory holds the database (``vfeedback.db``), the media store (``store/``) and
settings (``settings.json``). It is chosen, first match wins, by ``--home DIR`` on the command
line, the ``VFEEDBACK_HOME`` environment variable, or the platform's user data directory.
The database URL defaults to SQLite in the home directory; ``VFEEDBACK_DATABASE_URL`` or the
``database_url`` setting points it at any SQLAlchemy URL (PostgreSQL for a clinic server).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from .errors import InputError
from .i18n import _

APP_NAME = "vfeedback"


def default_home() -> Path:
    env = os.environ.get("VFEEDBACK_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass
class Config:
    home: Path
    database_url: str = field(repr=False)  # may hold a password: never in a repr or log
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def store_dir(self) -> Path:
        # A clinic's shared store may live on a network folder (``server init --store``).
        custom = os.environ.get("VFEEDBACK_STORE_DIR") or self.settings.get("store_dir")
        return Path(custom).expanduser() if custom else self.home / "store"

    @property
    def settings_path(self) -> Path:
        return self.home / "settings.json"

    def get(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Change a setting and save it atomically (write temp, fsync, rename)."""
        self.settings[key] = value
        from .fileio import atomic_write_text

        atomic_write_text(self.settings_path, json.dumps(self.settings, indent=2))


def load_config(home: str | os.PathLike[str] | None = None) -> Config:
    home_path = (Path(home).expanduser() if home else default_home()).absolute()
    try:
        home_path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(_("Cannot use {home} as the data folder: {why}").format(
            home=home_path, why=exc.strerror or exc)) from exc
    settings: dict[str, Any] = {}
    settings_path = home_path / "settings.json"
    if settings_path.exists():
        try:
            settings = json.loads(settings_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(_("The settings file {path} is unreadable: {why}").format(
                path=settings_path, why=exc)) from exc
    url = (
        os.environ.get("VFEEDBACK_DATABASE_URL")
        or settings.get("database_url")
        or f"sqlite:///{(home_path / 'vfeedback.db').as_posix()}"
    )
    return Config(home=home_path, database_url=url, settings=settings)
