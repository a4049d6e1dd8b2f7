"""A lossless dump of the store as JSON lines, and its restore (``export --what store``, ``import``).

The first line is a header ``{"wirewatch_dump": 1, "schema_version": N, "tables": [...]}``; every
other line is ``{"table": NAME, "row": {column: value}}``, in table creation order and row order.
Byte values (embeddings) are written as ``{"$bytes": BASE64}``. Every table of the store is dumped
except ``schema_version`` (the importing store has its own migrations), SQLite's internal tables and
full-text indexes (virtual tables and their shadow tables, rebuilt by triggers on restore).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import WirewatchError
from ..store import Store

FORMAT_VERSION = 1


def dumped_tables(store: Store) -> list[str]:
    """The tables a dump holds, in creation order (parents before the tables that refer to them)."""
    rows = store.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid").fetchall()
    virtual = [r[0] for r in rows if (r[1] or "").upper().startswith("CREATE VIRTUAL")]
    out = []
    for name, _sql in rows:
        if name == "schema_version" or name.startswith("sqlite_") or name in virtual:
            continue
        if any(name.startswith(v + "_") for v in virtual):
            continue
        out.append(name)
    return out


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$bytes"}:
        return base64.b64decode(value["$bytes"])
    return value


def _version(store: Store) -> int:
    return int(store.db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)


def dump_rows(store: Store) -> Iterator[dict[str, Any]]:
    tables = dumped_tables(store)
    yield {"wirewatch_dump": FORMAT_VERSION, "schema_version": _version(store), "tables": tables}
    for table in tables:
        columns = [r[1] for r in store.db.execute(f'PRAGMA table_info("{table}")')]
        # Row order for tables WITHOUT ROWID too: by every column in turn.
        order = ", ".join(str(i + 1) for i in range(len(columns)))
        cur = store.db.execute(f'SELECT * FROM "{table}" ORDER BY {order}')
        for row in cur:
            yield {"table": table, "row": {c: _encode(v) for c, v in zip(columns, row, strict=True)}}


def dump(store: Store, out: IO[str] | Path) -> int:
    """Write the whole store as JSON lines; return the number of rows (header not counted)."""
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8") as fh:
            return dump(store, fh)
    n = -1
    for line in dump_rows(store):
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        n += 1
    return n


def restore(store: Store, source: Path, merge: bool = False) -> dict[str, int]:
    """Load a dump into ``store``; return rows added per table.

    An empty store takes every row. A store holding rows is refused unless ``merge``: then a row
    already present (same key, or for a table without one the same values) is skipped, never doubled.
    """
    with source.open(encoding="utf-8") as fh:
        try:
            header = json.loads(fh.readline() or "null")
        except json.JSONDecodeError:
            header = None
        if not isinstance(header, dict) or header.get("wirewatch_dump") != FORMAT_VERSION:
            raise WirewatchError(f"{source} is not a wirewatch store dump (export --what store --format jsonl)")
        if header["schema_version"] > _version(store):
            raise WirewatchError(f"{source} is from schema version {header['schema_version']}; this store is at "
                                 f"{_version(store)}: upgrade wirewatch first")
        tables = set(dumped_tables(store))
        held = sum(store.db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)
        if held and not merge:
            raise WirewatchError(f"the store already holds {held} rows: import into an empty store, or pass --merge")
        added: dict[str, int] = {}
        with store.transaction() as db:
            db.execute("PRAGMA defer_foreign_keys = ON")
            for number, text in enumerate(fh, start=2):
                try:
                    item = json.loads(text)
                    table, row = item["table"], item["row"]
                except (json.JSONDecodeError, KeyError, TypeError):
                    raise WirewatchError(f"{source}:{number}: not a dump row") from None
                if table not in tables:
                    raise WirewatchError(f"{source}:{number}: unknown table {table!r}")
                columns = list(row)
                values = [_decode(row[c]) for c in columns]
                names = ", ".join(f'"{c}"' for c in columns)
                if merge:
                    same = " AND ".join(f'"{c}" IS ?' for c in columns)
                    if db.execute(f'SELECT 1 FROM "{table}" WHERE {same} LIMIT 1', values).fetchone():
                        continue
                verb = "INSERT OR IGNORE" if merge else "INSERT"
                cur = db.execute(f'{verb} INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in columns)})',
                                 values)
                added[table] = added.get(table, 0) + cur.rowcount
    return added
