"""The embedded store: one SQLite database file.

Every write is one transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``): an article
and its analysis are either stored whole or not at all, so a process killed in
the middle of a batch loses nothing already committed, and re-running the same
command picks up where it stopped without duplicating anything (article ids are
derived from content, and each article's annotations are replaced, not appended).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import NotFound, StoreError
from ..model import Actor, Analysis, Article
from .migrations import MIGRATIONS

#: How long a writer waits for another process's transaction before giving up (seconds).
BUSY_TIMEOUT_S = 60.0

ARTICLE_COLUMNS = (
    "id", "title", "outlet", "author", "published", "url", "canonical_url", "language",
    "dateline", "fetched_at", "source", "meta", "text",
)


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A wirewatch database (SQLite file; ``":memory:"`` for tests)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"cannot create database {self.path}: folder {parent} does not exist")
        try:
            self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                      check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc

    # -- plumbing -------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolled back if anything inside raises."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def migrate(self) -> int:
        """Apply the migrations not yet applied; return the schema version."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
            "description TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        with self.transaction() as db:
            # Applied by number, not by maximum: a migration numbered below one already applied
            # (a reserved slot filled later) is still applied exactly once.
            applied = {row[0] for row in db.execute("SELECT version FROM schema_version")}
            for number, description, sql in sorted(MIGRATIONS):
                if number in applied:
                    continue
                for statement in _split_sql(sql):
                    if _FTS_STATEMENT.search(statement) and not has_fts5(db):
                        continue  # a SQLite built without FTS5: search falls back to substring matching
                    db.execute(statement)
                db.execute("INSERT INTO schema_version VALUES (?, ?, ?)", (number, description, utcnow()))
                applied.add(number)
        return max(applied, default=0)

    @property
    def version(self) -> int:
        return int(self.db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles -------------------------------------------------------------------------

    def add_article(self, article: Article, *, duplicate_of: str | None = None,
                    duplicate_kind: str | None = None, fingerprint: str | None = None) -> bool:
        """Store an article unless one with the same id exists; return whether it was new."""
        values = article.to_json()
        values["meta"] = json.dumps(values["meta"], ensure_ascii=False)
        status = "duplicate" if duplicate_of else "new"
        with self.transaction() as db:
            cur = db.execute(
                f"INSERT OR IGNORE INTO articles ({', '.join(ARTICLE_COLUMNS)}, added_at, status, "
                f"duplicate_of, duplicate_kind, fingerprint) VALUES "
                f"({', '.join('?' for _ in ARTICLE_COLUMNS)}, ?, ?, ?, ?, ?)",
                [values[c] for c in ARTICLE_COLUMNS] + [utcnow(), status, duplicate_of, duplicate_kind,
                                                        fingerprint],
            )
            return cur.rowcount == 1

    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def article(self, article_id: str) -> Article:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id!r}")
        return _article_from_row(row)

    def article_status(self, article_id: str) -> dict[str, Any]:
        row = self.db.execute(
            "SELECT status, duplicate_of, duplicate_kind, added_at FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id!r}")
        return dict(row)

    def articles(self, *, status: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[Article]:
        sql = "SELECT * FROM articles"
        args: list[Any] = []
        if status:
            sql += " WHERE status = ?"
            args.append(status)
        sql += " ORDER BY COALESCE(published, ''), added_at, id LIMIT ? OFFSET ?"
        args += [limit if limit is not None else -1, offset]
        return [_article_from_row(r) for r in self.db.execute(sql, args)]

    def pending_ids(self) -> list[str]:
        """Ids of articles added but not yet processed, in the order they were added."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE status = 'new' ORDER BY added_at, rowid")]

    def iter_pending(self, batch: int = 64) -> Iterator[Article]:
        """Stream the unprocessed articles (memory stays flat on large stores)."""
        for start in range(0, len(ids := self.pending_ids()), batch):
            chunk = ids[start : start + batch]
            marks = ",".join("?" for _ in chunk)
            rows = {r["id"]: r for r in self.db.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk)}
            for article_id in chunk:
                if article_id in rows:
                    yield _article_from_row(rows[article_id])

    # -- analyses -------------------------------------------------------------------------

    def save_analysis(self, analysis: Analysis, pipeline: Sequence[str]) -> None:
        """Store one article's analysis in one transaction, replacing any earlier one."""
        aid = analysis.article.id
        data = analysis.to_json()
        data.pop("text", None)  # the text lives in the articles table
        text = analysis.text
        with self.transaction() as db:
            for table in ("event_actors",):
                db.execute(f"DELETE FROM {table} WHERE event_id IN (SELECT id FROM events WHERE article_id = ?)",
                           (aid,))
            for table in ("entities", "events", "claims"):
                db.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
            db.execute("DELETE FROM failures WHERE article_id = ? AND input IS NULL", (aid,))
            db.execute(
                "INSERT OR REPLACE INTO analyses (article_id, data, pipeline, processed_at) VALUES (?, ?, ?, ?)",
                (aid, json.dumps(data, ensure_ascii=False), ",".join(pipeline), utcnow()),
            )
            for actor in analysis.actors.values():
                _upsert_actor(db, actor)
            db.executemany(
                "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(aid, i, m.start, m.end, m.text, m.label, m.actor) for i, m in enumerate(analysis.entities)],
            )
            for i, ev in enumerate(analysis.events):
                eid = f"{aid}-e{i}"
                db.execute(
                    "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (eid, aid, i, ev.type, ev.mode, json.dumps(ev.actors), json.dumps(ev.recipients), ev.place,
                     ev.time, ev.time_basis, ev.modality, ev.source, ev.trigger.start, ev.trigger.end,
                     ev.evidence.start, ev.evidence.end, text[ev.evidence.start : ev.evidence.end]),
                )
                pairs = {(a, "actor") for a in ev.actors} | {(r, "recipient") for r in ev.recipients}
                db.executemany("INSERT INTO event_actors VALUES (?, ?, ?)", [(eid, a, r) for a, r in pairs])
            for i, cl in enumerate(analysis.claims):
                q = cl.quantity
                db.execute(
                    "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (f"{aid}-c{i}", aid, i, cl.source_text, cl.source_actor, cl.cue.text if cl.cue else None,
                     cl.certainty, cl.content.start, cl.content.end, text[cl.content.start : cl.content.end],
                     cl.key, q.value if q else None, q.low if q else None, q.high if q else None,
                     q.approx if q else None, q.unit if q else None),
                )
            now = utcnow()
            db.executemany(
                "INSERT INTO failures (article_id, input, stage, reason, at) VALUES (?, NULL, ?, ?, ?)",
                [(aid, stage, reason, now) for stage, reason in analysis.failures],
            )
            status = "skipped" if analysis.skipped else "processed"
            db.execute("UPDATE articles SET status = ? WHERE id = ? AND status = 'new'", (status, aid))

    def analysis(self, article_id: str) -> Analysis:
        article = self.article(article_id)
        row = self.db.execute("SELECT data FROM analyses WHERE article_id = ?", (article_id,)).fetchone()
        if row is None:
            return Analysis(article=article)
        return Analysis.from_json(json.loads(row[0]), article)

    # -- failures -------------------------------------------------------------------------

    def record_failure(self, *, stage: str, reason: str, article_id: str | None = None,
                       input: str | None = None) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO failures (article_id, input, stage, reason, at) VALUES (?, ?, ?, ?, ?)",
                       (article_id, input, stage, reason, utcnow()))

    def failures(self, limit: int = 100) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM failures ORDER BY id DESC LIMIT ?", (limit,))]

    # -- queries --------------------------------------------------------------------------

    def actor(self, actor_id: str) -> Actor:
        row = self.db.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)).fetchone()
        if row is None:
            raise NotFound(f"no actor with id {actor_id!r}")
        return Actor(**dict(row))

    def actors(self) -> list[Actor]:
        return [Actor(**dict(r)) for r in self.db.execute("SELECT * FROM actors ORDER BY name")]

    def events(self, *, actor: str | None = None, type: str | None = None, since: str | None = None,
               until: str | None = None, article: str | None = None, limit: int = 1000,
               offset: int = 0) -> list[dict[str, Any]]:
        """Per-article events with their article's outlet and date, filtered."""
        sql = ("SELECT e.*, a.outlet, a.published, a.title FROM events e JOIN articles a ON a.id = e.article_id"
               " WHERE 1=1")
        args: list[Any] = []
        if actor:
            sql += " AND e.id IN (SELECT event_id FROM event_actors WHERE actor = ?)"
            args.append(actor)
        if type:
            sql += " AND e.type = ?"
            args.append(type.upper())
        if article:
            sql += " AND e.article_id = ?"
            args.append(article)
        if since:
            sql += " AND COALESCE(e.time, a.published) >= ?"
            args.append(since)
        if until:
            sql += " AND COALESCE(e.time, a.published) <= ?"
            args.append(until + "\uffff")
        sql += " ORDER BY COALESCE(e.time, a.published, ''), e.article_id, e.idx LIMIT ? OFFSET ?"
        args += [limit, offset]
        out = []
        for row in self.db.execute(sql, args):
            d = dict(row)
            d["actors"] = json.loads(d["actors"])
            d["recipients"] = json.loads(d["recipients"])
            out.append(d)
        return out

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for status, n in self.db.execute("SELECT status, COUNT(*) FROM articles GROUP BY status"):
            out[f"articles_{status}"] = n
        out["articles"] = sum(v for k, v in out.items() if k.startswith("articles_"))
        for table in ("entities", "events", "claims", "actors", "failures"):
            out[table] = self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        return out


#: Statements of the full-text index (migration 5), left out where SQLite has no FTS5.
_FTS_STATEMENT = re.compile(r"\bfts5\b|\w_fts\b", re.I)


def has_fts5(db: sqlite3.Connection) -> bool:
    """Whether this SQLite build has the FTS5 full-text module."""
    return bool(db.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')").fetchone()[0])


def _split_sql(sql: str) -> list[str]:
    out: list[str] = []
    for part in sql.split(";"):
        if out and re.match(r"\s*CREATE\s+TRIGGER\b", out[-1], re.I) and not re.search(r"\bEND\s*$", out[-1], re.I):
            out[-1] += ";" + part  # a trigger's body keeps its statements
            out[-1] = out[-1].strip()
        elif part.strip() and not part.strip().startswith("--"):
            out.append(part.strip())
    return out


def _upsert_actor(db: sqlite3.Connection, actor: Actor) -> None:
    db.execute(
        "INSERT INTO actors (id, name, kind, country, sector, role) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
        "country = excluded.country, sector = excluded.sector, role = COALESCE(excluded.role, actors.role)",
        (actor.id, actor.name, actor.kind, actor.country, actor.sector, actor.role),
    )


def _article_from_row(row: sqlite3.Row) -> Article:
    data = {c: row[c] for c in ARTICLE_COLUMNS}
    data["meta"] = json.loads(data["meta"] or "{}")
    return Article(**data)
