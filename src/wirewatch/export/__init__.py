"""Exports of the store to tidy files: articles, canonical events and per-article event reports."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import WirewatchError
from ..store import Store

EVENT_FIELDS = ("id", "article_id", "type", "mode", "actors", "recipients", "place", "time", "time_basis",
                "modality", "source", "evidence", "evidence_start", "evidence_end", "outlet", "published")
ARTICLE_FIELDS = ("id", "title", "outlet", "author", "published", "url", "language", "dateline", "source")


def _events(store: Store) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        chunk = store.events(limit=1000, offset=offset)
        if not chunk:
            return
        for ev in chunk:
            yield {k: ev.get(k) for k in EVENT_FIELDS}
        offset += len(chunk)


def _articles(store: Store) -> Iterator[dict[str, Any]]:
    for a in store.articles():
        data = a.to_json()
        yield {k: data.get(k) for k in ARTICLE_FIELDS}


def _linked_articles(store: Store) -> Iterator[dict[str, Any]]:
    from ..link.export import article_rows

    return article_rows(store)


def _canonical_events(store: Store) -> Iterator[dict[str, Any]]:
    from ..link.export import event_rows

    return event_rows(store)


#: What can be exported: ``articles`` and ``events`` follow the linking contract (docs/export.md):
#: articles with their story and main event, canonical events with their reports;
#: ``reports`` are the per-article events, one row each.
TABLES: dict[str, Callable[[Store], Iterator[dict[str, Any]]]] = {
    "articles": _linked_articles, "events": _canonical_events, "reports": _events,
}


def _stories(store: Store) -> Iterator[dict[str, Any]]:
    from .tables import stories

    return stories(store)


def _actors(store: Store) -> Iterator[dict[str, Any]]:
    from .tables import actors

    return actors(store)


def _claims(store: Store) -> Iterator[dict[str, Any]]:
    from .tables import claims

    return claims(store)


TABLES.update({"stories": _stories, "actors": _actors, "claims": _claims})


def write_jsonl(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    writer: csv.DictWriter[str] | None = None
    n = 0
    for row in rows:
        flat = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(flat))
            writer.writeheader()
        writer.writerow(flat)
        n += 1
    return n


WRITERS: dict[str, Callable[[Iterator[dict[str, Any]], IO[str]], int]] = {"jsonl": write_jsonl, "csv": write_csv}


#: Formats beyond the row formats (docs/export-formats.md): Parquet (a file, any table), PLOVER JSON
#: records (canonical events), GraphML (the actor interaction graph).
FORMATS = (*WRITERS, "parquet", "plover", "graphml")


def export(store: Store, fmt: str, table: str, out: IO[str] | Path) -> int:
    """Write ``table`` as ``fmt`` (see ``FORMATS``); return the number of rows (edges for GraphML)."""
    if fmt in ("parquet", "plover", "graphml"):
        return _export_more(store, fmt, table, out)
    if fmt not in WRITERS:
        raise WirewatchError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if table not in TABLES:
        raise WirewatchError(f"unknown table {table!r}; choose one of {', '.join(sorted(TABLES))}")
    rows = TABLES[table](store)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as fh:
            return WRITERS[fmt](rows, fh)
    return WRITERS[fmt](rows, out)


def _export_more(store: Store, fmt: str, table: str, out: IO[str] | Path) -> int:
    if fmt == "parquet":
        if table not in TABLES:
            raise WirewatchError(f"unknown table {table!r}; choose one of {', '.join(sorted(TABLES))}")
        if not isinstance(out, Path):
            raise WirewatchError("Parquet is a binary file: give one with --output FILE")
        from .parquet import write as write_parquet

        return write_parquet(TABLES[table](store), out)
    if fmt == "plover":
        if table != "events":
            raise WirewatchError(f"--format plover exports canonical events: use --what events, not {table!r}")
        from .plover import records

        rows = records(store)
        if isinstance(out, Path):
            with out.open("w", encoding="utf-8") as fh:
                return write_jsonl(rows, fh)
        return write_jsonl(rows, out)
    if table not in ("events", "actors"):
        raise WirewatchError(f"--format graphml exports the actor graph: use --what actors, not {table!r}")
    from .graphml import write as write_graphml

    if isinstance(out, Path):
        with out.open("w", encoding="utf-8") as fh:
            return write_graphml(store, fh)
    return write_graphml(store, out)
