"""Answers over linked events: timelines and stories, as plain dicts (the JSON contract)."""

from __future__ import annotations

import calendar
import json
import sqlite3
from typing import Any

from ..errors import NotFound
from ..store import Store
from . import timex

#: Longest timeline returned unless a limit is given (the CLI pages beyond it).
DEFAULT_LIMIT = 500


def key_display(key: str | None) -> str | None:
    """A sort key (``YYYY-MM-DD`` with ``00`` for unknown parts) as a reader sees it."""
    if not key:
        return None
    year, month, day = key[:4], int(key[5:7]), int(key[8:10])
    if month == 0:
        return year
    if day == 0:
        return f"{calendar.month_name[month]} {year}"
    return f"{day} {calendar.month_name[month]} {year}"


def _reports(db: sqlite3.Connection, cid: str) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT r.event_id, r.article_id, r.score, e.time, e.time_basis, e.modality, e.source, e.evidence, "
        "e.evidence_start, e.evidence_end, a.outlet, a.published, a.title, a.duplicate_of "
        "FROM event_reports r JOIN events e ON e.id = r.event_id JOIN articles a ON a.id = r.article_id "
        "WHERE r.canonical_id = ? ORDER BY COALESCE(a.published, ''), r.event_id", (cid,))
    return [{
        "event": r["event_id"], "article": r["article_id"], "outlet": r["outlet"], "published": r["published"],
        "title": r["title"], "duplicate_of": r["duplicate_of"], "reported_time": r["time"],
        "time_basis": r["time_basis"], "modality": r["modality"], "source": r["source"],
        "evidence": " ".join(r["evidence"].split()),
        "evidence_span": {"start": r["evidence_start"], "end": r["evidence_end"]}, "link_score": r["score"],
    } for r in rows]


def canonical_event(store: Store, cid: str, with_reports: bool = True) -> dict[str, Any]:
    """One canonical event with its merged slots, conflicts and (optionally) its reports."""
    row = store.db.execute("SELECT * FROM canonical_events WHERE id = ?", (cid,)).fetchone()
    if row is None:
        raise NotFound(f"no canonical event with id {cid!r}")
    return _event_dict(store.db, row, with_reports)


def _event_dict(db: sqlite3.Connection, row: sqlite3.Row, with_reports: bool) -> dict[str, Any]:
    times = json.loads(row["times"])
    places = json.loads(row["places"])
    out: dict[str, Any] = {
        "id": row["id"], "type": row["type"], "mode": row["mode"], "actors": json.loads(row["actors"]),
        "recipients": json.loads(row["recipients"]), "time": row["time"], "when": timex.display(row["time"]),
        "sort_key": row["sort_key"],
        "place": row["place"], "story": row["story_id"], "corroboration": row["corroboration"],
        "n_reports": row["n_reports"], "outlets": json.loads(row["outlets"]),
        "first_reported": row["first_reported"], "last_reported": row["last_reported"],
        "first_seen": row["first_seen"],
        "conflicts": {k: v for k, v in (("time", times), ("place", places)) if len(v) > 1},
    }
    if row["time"] is None:
        out["when"] = ("date unknown (first reported " + row["first_reported"] + ")") if row["first_reported"] \
            else "date unknown"
    if with_reports:
        out["reports"] = _reports(db, row["id"])
    return out


def timeline(store: Store, story: str | None = None, actor: str | None = None,
             pair: tuple[str, str] | None = None, type: str | None = None, place: str | None = None,
             since: str | None = None, until: str | None = None, limit: int = DEFAULT_LIMIT,
             with_reports: bool = True) -> list[dict[str, Any]]:
    """Canonical events in time order, filtered; partial dates sort at their precision.

    ``actor`` and ``pair`` take actor ids (``PRK``, ``person:kim-jong-un``) and
    match an event when any of its reports names them (as actor or recipient);
    ``since``/``until`` take ``YYYY[-MM[-DD]]`` and compare with the sort key
    (events with no date at all are left out when a period is asked for).
    """
    sql = "SELECT c.* FROM canonical_events c WHERE 1=1"
    args: list[Any] = []
    if story:
        sql += " AND c.story_id = ?"
        args.append(story)
    for who in ([actor] if actor else []) + (list(pair) if pair else []):
        sql += (" AND c.id IN (SELECT r.canonical_id FROM event_reports r JOIN event_actors ea "
                "ON ea.event_id = r.event_id WHERE ea.actor = ?)")
        args.append(who)
    if type:
        sql += " AND c.type = ?"
        args.append(type.upper())
    if place:
        sql += " AND lower(c.places) LIKE ?"
        args.append(f"%{place.casefold()}%")
    if since:
        sql += " AND c.sort_key >= ?"
        args.append(_pad(since))
    if until:
        sql += " AND c.sort_key IS NOT NULL AND c.sort_key <= ?"
        args.append(_pad(until, high=True))
    sql += " ORDER BY c.sort_key IS NULL, c.sort_key, c.first_reported, c.first_seen, c.id LIMIT ?"
    args.append(limit)
    return [_event_dict(store.db, r, with_reports) for r in store.db.execute(sql, args)]


def _pad(day: str, high: bool = False) -> str:
    parts = day.split("-")
    filler = "99" if high else "00"
    while len(parts) < 3:
        parts.append(filler)
    return "-".join(parts[:3])


def stories(store: Store, limit: int = 100) -> list[dict[str, Any]]:
    """Stories, the most recently active first, with their main actors, span and outlets."""
    rows = store.db.execute("SELECT * FROM stories ORDER BY end IS NULL, end DESC, n_events DESC, id LIMIT ?",
                            (limit,)).fetchall()
    return [_story_dict(r) for r in rows]


def story(store: Store, story_id: str) -> dict[str, Any]:
    row = store.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        raise NotFound(f"no story with id {story_id!r}")
    out = _story_dict(row)
    out["articles"] = [r[0] for r in store.db.execute(
        "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id", (story_id,))]
    return out


def _story_dict(row: sqlite3.Row) -> dict[str, Any]:
    actors = json.loads(row["actors"])
    return {
        "id": row["id"], "title": row["title"],
        "actors": [a for a, _ in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))][:6],
        "start": key_display(row["start"]), "end": key_display(row["end"]),
        "outlets": json.loads(row["outlets"]), "n_events": row["n_events"], "n_articles": row["n_articles"],
    }
