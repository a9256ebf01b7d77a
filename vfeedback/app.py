"""The opened vfeedback data: settings, database and media store, as one object.

Everything that works on a user's data (CLI commands, the GUI, tests) opens one ``App`` and
passes it down; nothing else decides where data lives.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .config import Config, load_config
from .db import Database, open_database
from .store import MediaStore


@dataclass
class App:
    config: Config
    db: Database
    store: MediaStore

    def close(self) -> None:
        self.db.dispose()


def open_app(home: str | os.PathLike[str] | None = None) -> App:
    config = load_config(home)
    db = open_database(config.database_url)
    store = MediaStore(config.store_dir)
    store.cleanup_temporary()
    return App(config=config, db=db, store=store)
