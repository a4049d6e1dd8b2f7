"""Storage: the embedded SQLite store (default) or a PostgreSQL server, selected by a path or database URL."""

from __future__ import annotations

import os
from pathlib import Path

from .sqlite import Store

#: The default database file, in the current directory.
DEFAULT_DB = "wirewatch.db"


def default_location() -> str:
    """``$WIREWATCH_DB`` if set, else ``wirewatch.db`` in the current directory."""
    return os.environ.get("WIREWATCH_DB") or DEFAULT_DB


def open_store(location: str | Path | None = None) -> Store:
    """Open (creating and migrating if needed) the store at a path, a ``sqlite:///`` URL or a
    ``postgresql://user[:password]@host[:port]/dbname`` URL."""
    loc = str(location or default_location())
    if loc.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(loc)
    if loc.startswith("sqlite:///"):
        loc = loc[len("sqlite:///"):]
    return Store(loc)


__all__ = ["DEFAULT_DB", "Store", "default_location", "open_store"]
