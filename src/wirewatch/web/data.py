"""Read-side answers for the REST API and the web pages, as plain dicts (the API's JSON contract).

Every answer that states a fact carries its evidence: the article id, the outlet, the publication
date and the character offsets of the evidence sentence in the article text. Canonical events,
stories and timelines come from :mod:`wirewatch.link.query`; this module adds the per-article
views (articles, events, actors, search, the interaction graph, disputed figures) over the store.
"""

from __future__ import annotations

import calendar
import importlib
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from ..errors import NotFound, WirewatchError
from ..link import query as link_query
from ..link import timex
from ..store import Store

#: Largest page any list answer returns (bounds the cost of one request).
MAX_LIMIT = 500

#: PLOVER types read as cooperation or as conflict (the colour of an edge in the actor graph).
COOPERATION = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
CONFLICT = frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
                      "REQUEST"})


def tone(event_type: str) -> str:
    """``cooperation``, ``conflict`` or ``neutral`` for a PLOVER type."""
    t = event_type.upper()
    return "cooperation" if t in COOPERATION else "conflict" if t in CONFLICT else "neutral"


def page(items: list[dict[str, Any]], total: int | None, limit: int, offset: int) -> dict[str, Any]:
    """One page of a list answer, with what the next page's offset is (``None`` at the end)."""
    more = (offset + len(items) < total) if total is not None else len(items) == limit
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "next_offset": offset + len(items) if more else None}


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _day_high(day: str) -> str:
    """An ``until`` bound that includes everything on or within that date/month/year."""
    return day + "\uffff"


# -- names ----------------------------------------------------------------------------------

def actor_names(store: Store, ids: list[str] | set[str] | None = None) -> dict[str, str]:
    """Display names of actors by id (all actors when ``ids`` is None)."""
    if ids is None:
        return {r[0]: r[1] for r in store.db.execute("SELECT id, name FROM actors")}
    wanted = [i for i in set(ids) if i]
    out: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ",".join("?" for _ in chunk)
        out.update({r[0]: r[1] for r in store.db.execute(f"SELECT id, name FROM actors WHERE id IN ({marks})",
                                                          chunk)})
    return out


# -- articles -------------------------------------------------------------------------------

def articles(store: Store, *, outlet: str | None = None, since: str | None = None, until: str | None = None,
             story: str | None = None, actor: str | None = None, status: str | None = None,
             q: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Articles (newest publication first), filtered and paged."""
    where = ["1=1"]
    args: list[Any] = []
    if outlet:
        where.append("a.outlet = ?")
        args.append(outlet)
    if since:
        where.append("a.published >= ?")
        args.append(since)
    if until:
        where.append("a.published <= ?")
        args.append(_day_high(until))
    if story:
        where.append("a.id IN (SELECT article_id FROM story_articles WHERE story_id = ?)")
        args.append(story)
    if actor:
        where.append("a.id IN (SELECT article_id FROM entities WHERE actor = ?)")
        args.append(actor)
    if status:
        where.append("a.status = ?")
        args.append(status)
    for term in (q or "").split():
        where.append("(a.title LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\')")
        args += [_like(term), _like(term)]
    cond = " AND ".join(where)
    total = store.db.execute(f"SELECT COUNT(*) FROM articles a WHERE {cond}", args).fetchone()[0]
    rows = store.db.execute(
        f"SELECT a.id, a.title, a.outlet, a.author, a.published, a.url, a.status, a.duplicate_of, a.added_at, "
        f"(SELECT COUNT(*) FROM events e WHERE e.article_id = a.id) AS n_events FROM articles a WHERE {cond} "
        f"ORDER BY a.published IS NULL, a.published DESC, a.added_at DESC, a.id LIMIT ? OFFSET ?",
        [*args, limit, offset]).fetchall()
    return page([dict(r) for r in rows], total, limit, offset)


def article(store: Store, article_id: str) -> dict[str, Any]:
    """One article with its text, its analysis (every span with offsets), its stories and event links."""
    art = store.article(article_id)
    status = store.article_status(article_id)
    analysis = store.analysis(article_id)
    data = analysis.to_json()
    canon = {r[0]: r[1] for r in store.db.execute(
        "SELECT event_id, canonical_id FROM event_reports WHERE article_id = ?", (article_id,))}
    for i, ev in enumerate(data["events"]):
        ev["id"] = f"{article_id}-e{i}"
        ev["canonical_id"] = canon.get(ev["id"])
        ev["evidence"]["text"] = art.text[ev["evidence"]["start"]:ev["evidence"]["end"]]
    for cl in data["claims"]:
        cl["content"]["text"] = art.text[cl["content"]["start"]:cl["content"]["end"]]
    out: dict[str, Any] = {
        "id": art.id, "title": art.title, "outlet": art.outlet, "author": art.author, "published": art.published,
        "url": art.url, "canonical_url": art.canonical_url, "language": art.language, "dateline": art.dateline,
        "source": art.source, "status": status["status"], "duplicate_of": status["duplicate_of"],
        "duplicate_kind": status["duplicate_kind"], "added_at": status["added_at"], "text": art.text,
        "stories": [r[0] for r in store.db.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ? ORDER BY story_id", (article_id,))],
    }
    for key in ("sentences", "entities", "actors", "times", "quantities", "events", "claims", "failures"):
        out[key] = data[key]
    return out


# -- per-article events ---------------------------------------------------------------------

_EVENT_SELECT = (
    "SELECT e.*, a.outlet, a.published, a.title, r.canonical_id, c.story_id FROM events e "
    "JOIN articles a ON a.id = e.article_id LEFT JOIN event_reports r ON r.event_id = e.id "
    "LEFT JOIN canonical_events c ON c.id = r.canonical_id")


def _event_row(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"], "type": row["type"], "mode": row["mode"], "tone": tone(row["type"]),
        "actors": json.loads(row["actors"]), "recipients": json.loads(row["recipients"]), "place": row["place"],
        "time": row["time"], "when": timex.display(row["time"]) if row["time"] else None,
        "time_basis": row["time_basis"], "modality": row["modality"], "source": row["source"],
        "canonical_id": row["canonical_id"], "story": row["story_id"],
        "trigger": {"start": row["trigger_start"], "end": row["trigger_end"]},
        "evidence": {"article": row["article_id"], "outlet": row["outlet"], "published": row["published"],
                     "title": row["title"], "start": row["evidence_start"], "end": row["evidence_end"],
                     "text": " ".join(row["evidence"].split())},
    }


def events(store: Store, *, actor: str | None = None, pair: tuple[str, str] | None = None,
           type: str | None = None, outlet: str | None = None, story: str | None = None,
           since: str | None = None, until: str | None = None, article: str | None = None,
           modality: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Per-article events (each one report of a happening) in time order, filtered and paged."""
    where = ["1=1"]
    args: list[Any] = []
    for who in ([actor] if actor else []) + (list(pair) if pair else []):
        where.append("e.id IN (SELECT event_id FROM event_actors WHERE actor = ?)")
        args.append(who)
    if type:
        where.append("e.type = ?")
        args.append(type.upper())
    if outlet:
        where.append("a.outlet = ?")
        args.append(outlet)
    if story:
        where.append("e.id IN (SELECT r.event_id FROM event_reports r JOIN canonical_events c "
                     "ON c.id = r.canonical_id WHERE c.story_id = ?)")
        args.append(story)
    if article:
        where.append("e.article_id = ?")
        args.append(article)
    if modality:
        where.append("e.modality = ?")
        args.append(modality)
    if since:
        where.append("COALESCE(e.time, a.published) >= ?")
        args.append(since)
    if until:
        where.append("COALESCE(e.time, a.published) <= ?")
        args.append(_day_high(until))
    cond = " AND ".join(where)
    # counting and ordering touch events and articles alone; the full rows are fetched for one page
    joins = "JOIN articles a ON a.id = e.article_id"
    total = store.db.execute(f"SELECT COUNT(*) FROM events e {joins} WHERE {cond}", args).fetchone()[0]
    ids = [r[0] for r in store.db.execute(
        f"SELECT e.id FROM events e {joins} WHERE {cond} ORDER BY COALESCE(e.time, a.published, '') = '', "
        f"COALESCE(e.time, a.published, ''), e.article_id, e.idx LIMIT ? OFFSET ?", [*args, limit, offset])]
    rows = {}
    if ids:
        marks = ",".join("?" for _ in ids)
        rows = {r["id"]: r for r in store.db.execute(f"{_EVENT_SELECT} WHERE e.id IN ({marks})", ids)}
    return page([_event_row(rows[i]) for i in ids if i in rows], total, limit, offset)


def event(store: Store, event_id: str) -> dict[str, Any]:
    row = store.db.execute(f"{_EVENT_SELECT} WHERE e.id = ?", (event_id,)).fetchone()
    if row is None:
        raise NotFound(f"no event with id {event_id!r}")
    return _event_row(row)


# -- canonical events, stories, timelines -----------------------------------------------------

def _span_of(ev: dict[str, Any]) -> dict[str, Any] | None:
    """The calendar days a (possibly partial) time covers: a year, a month or a day.

    A value with no year is placed in the year of its sort key (its first report's year) and
    says so with ``year_assumed``; a value that fixes no month or year has no span.
    """
    c = timex.parse(ev.get("time"))
    if c.year is None and c.months is None:
        return None
    year, assumed = c.year, False
    if year is None:
        key = ev.get("sort_key")
        if not key:
            return None
        year, assumed = int(key[:4]), True
    months = sorted(c.months) if c.months else None
    if c.day is not None and c.month is not None:
        try:
            start = end = f"{year:04d}-{c.month:02d}-{c.day:02d}"
            calendar.weekday(year, c.month, c.day)
        except ValueError:
            return None
        precision = "day"
    elif months:
        start = f"{year:04d}-{months[0]:02d}-01"
        end = f"{year:04d}-{months[-1]:02d}-{calendar.monthrange(year, months[-1])[1]:02d}"
        precision = "month" if len(months) == 1 else "months"
    else:
        start, end, precision = f"{year:04d}-01-01", f"{year:04d}-12-31", "year"
    return {"start": start, "end": end, "precision": precision, "year_assumed": assumed}


def _canonical(ev: dict[str, Any]) -> dict[str, Any]:
    ev["tone"] = tone(ev["type"])
    ev["span"] = _span_of(ev)
    return ev


def timeline(store: Store, *, story: str | None = None, actor: str | None = None,
             pair: tuple[str, str] | None = None, type: str | None = None, place: str | None = None,
             since: str | None = None, until: str | None = None, limit: int = 100, offset: int = 0,
             with_reports: bool = True) -> dict[str, Any]:
    """Canonical events in time order (undated last), each with its reports and the days it covers."""
    rows = link_query.timeline(store, story=story, actor=actor, pair=pair, type=type, place=place, since=since,
                               until=until, limit=offset + limit + 1, with_reports=False)
    chunk = rows[offset:offset + limit]
    if with_reports:
        chunk = [link_query.canonical_event(store, ev["id"]) for ev in chunk]
    items = [_canonical(ev) for ev in chunk]
    out = page(items, None, limit, offset)
    out["next_offset"] = offset + len(items) if len(rows) > offset + limit else None
    return out


def canonical_event(store: Store, cid: str) -> dict[str, Any]:
    return _canonical(link_query.canonical_event(store, cid))


def latest_canonical(store: Store, *, since_seen: str | None = None, limit: int = 10) -> list[dict[str, Any]]:
    """Canonical events first stored most recently (optionally only those stored after ``since_seen``)."""
    sql = "SELECT id FROM canonical_events"
    args: list[Any] = []
    if since_seen:
        sql += " WHERE first_seen > ?"
        args.append(since_seen)
    sql += " ORDER BY first_seen DESC, corroboration DESC, n_reports DESC, id LIMIT ?"
    args.append(limit)
    return [canonical_event(store, r[0]) for r in store.db.execute(sql, args).fetchall()]


def count_new(store: Store, since_seen: str) -> dict[str, int]:
    return {
        "canonical_events": store.db.execute("SELECT COUNT(*) FROM canonical_events WHERE first_seen > ?",
                                             (since_seen,)).fetchone()[0],
        "articles": store.db.execute("SELECT COUNT(*) FROM articles WHERE added_at > ?",
                                     (since_seen,)).fetchone()[0],
    }


def stories(store: Store, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    total = store.db.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    return page(link_query.stories(store, limit=offset + limit)[offset:], total, limit, offset)


def story(store: Store, story_id: str) -> dict[str, Any]:
    return link_query.story(store, story_id)


# -- actors ---------------------------------------------------------------------------------

def actors(store: Store, *, kind: str | None = None, country: str | None = None, q: str | None = None,
           limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """Actors with how often they are mentioned and in how many events, most mentioned first."""
    where = ["1=1"]
    args: list[Any] = []
    if kind:
        where.append("a.kind = ?")
        args.append(kind)
    if country:
        where.append("a.country = ?")
        args.append(country.upper())
    if q:
        where.append("(a.name LIKE ? ESCAPE '\\' OR a.id LIKE ? ESCAPE '\\')")
        args += [_like(q), _like(q)]
    cond = " AND ".join(where)
    total = store.db.execute(f"SELECT COUNT(*) FROM actors a WHERE {cond}", args).fetchone()[0]
    rows = store.db.execute(
        f"SELECT a.*, (SELECT COUNT(*) FROM entities m WHERE m.actor = a.id) AS n_mentions, "
        f"(SELECT COUNT(DISTINCT m.article_id) FROM entities m WHERE m.actor = a.id) AS n_articles, "
        f"(SELECT COUNT(*) FROM event_actors ea WHERE ea.actor = a.id) AS n_events "
        f"FROM actors a WHERE {cond} ORDER BY n_mentions DESC, a.name, a.id LIMIT ? OFFSET ?",
        [*args, limit, offset]).fetchall()
    return page([dict(r) for r in rows], total, limit, offset)


def actor(store: Store, actor_id: str) -> dict[str, Any]:
    """One actor, its counts, the names it is mentioned by, and its interactions with other actors."""
    found = store.actor(actor_id)
    out: dict[str, Any] = found.to_json()
    out["n_mentions"] = store.db.execute("SELECT COUNT(*) FROM entities WHERE actor = ?", (actor_id,)).fetchone()[0]
    out["n_articles"] = store.db.execute("SELECT COUNT(DISTINCT article_id) FROM entities WHERE actor = ?",
                                         (actor_id,)).fetchone()[0]
    out["names"] = [r[0] for r in store.db.execute(
        "SELECT text, COUNT(*) n FROM entities WHERE actor = ? GROUP BY text ORDER BY n DESC, text LIMIT 20",
        (actor_id,))]
    out["interactions"] = interactions(store, actor=actor_id)
    return out


def interactions(store: Store, *, actor: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Directed actor-to-recipient edges from per-article events, weighted by the number of reports.

    Each edge counts its reports by tone (cooperation, conflict, neutral) and by type, and keeps
    the id of one example event for its evidence. With ``actor`` only the edges touching it.
    """
    sql = ("SELECT a.actor AS source, r.actor AS target, e.type AS type, COUNT(*) AS n, MIN(e.id) AS example "
           "FROM event_actors a JOIN event_actors r ON r.event_id = a.event_id AND r.role = 'recipient' "
           "AND r.actor != a.actor JOIN events e ON e.id = a.event_id WHERE a.role = 'actor'")
    args: list[Any] = []
    if actor:
        sql += (" AND a.event_id IN (SELECT event_id FROM event_actors WHERE actor = ?) "
                "AND (a.actor = ? OR r.actor = ?)")
        args += [actor, actor, actor]
    sql += " GROUP BY a.actor, r.actor, e.type"
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    types: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in store.db.execute(sql, args):
        a, r, n = row["source"], row["target"], row["n"]
        edge = edges.setdefault((a, r), {"source": a, "target": r, "weight": 0, "cooperation": 0, "conflict": 0,
                                         "neutral": 0, "example_event": row["example"]})
        edge["weight"] += n
        edge[tone(row["type"])] += n
        edge["example_event"] = min(edge["example_event"], row["example"])
        types[(a, r)][row["type"]] += n
    out = sorted(edges.values(), key=lambda e: (-e["weight"], e["source"], e["target"]))
    for edge in out:
        edge["types"] = dict(types[(edge["source"], edge["target"])].most_common())
        edge["tone"] = ("cooperation" if edge["cooperation"] > edge["conflict"] else
                        "conflict" if edge["conflict"] > edge["cooperation"] else "mixed")
    return out[:limit] if limit else out


# -- search ---------------------------------------------------------------------------------

#: Characters of context either side of a search hit in an article.
SNIPPET_CONTEXT = 90


def search(store: Store, q: str, *, limit: int = 20) -> dict[str, Any]:
    """Full-text search (every word must occur, case-insensitively) over articles and event evidence.

    With the FTS5 index (migration 5) hits are ranked by BM25 (a title word counts twice) and each
    article hit has a snippet around its best match; without it (a SQLite built without FTS5, or
    PostgreSQL) every article and event containing each word as a substring, newest first.
    """
    terms = q.split()
    if not terms:
        raise WirewatchError("search needs at least one word (q)")
    try:
        return _search_fts(store, q, terms, limit)
    except sqlite3.OperationalError:  # no index, or a query FTS5 cannot read: substring search
        return _search_like(store, q, terms, limit)


def _fts_query(terms: list[str]) -> str:
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _search_fts(store: Store, q: str, terms: list[str], limit: int) -> dict[str, Any]:
    match = _fts_query(terms)
    hits = []
    for row in store.db.execute(
            "SELECT a.id, a.title, a.outlet, a.published, a.text, bm25(articles_fts, 2.0, 1.0) AS rank, "
            "snippet(articles_fts, 1, char(2), char(3), '', 24) AS snip FROM articles_fts "
            "JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? "
            "ORDER BY rank, a.id LIMIT ?", (match, limit)):
        text = row["text"]
        snip = row["snip"] or ""
        marked = snip.split("\x02", 1)[1].split("\x03", 1)[0] if "\x02" in snip else terms[0]
        plain = snip.replace("\x02", "").replace("\x03", "")
        start = text.find(plain) if plain else -1
        at = text.find(marked, max(start, 0)) if marked else -1
        if at < 0:
            at = max(text.casefold().find(marked.casefold()), 0)
        if start < 0:
            start = max(0, at - SNIPPET_CONTEXT)
            plain = text[start:min(len(text), at + len(marked) + SNIPPET_CONTEXT)]
        highlights = []
        for piece in snip.split("\x02")[1:]:
            word = piece.split("\x03", 1)[0]
            offset = len(snip.split("\x02" + piece, 1)[0].replace("\x02", "").replace("\x03", ""))
            highlights.append({"start": offset, "end": offset + len(word)})
        hits.append({"id": row["id"], "title": row["title"], "outlet": row["outlet"], "published": row["published"],
                     "rank": row["rank"], "match": {"start": at, "end": at + len(marked)},
                     "snippet": {"start": start, "end": start + len(plain),
                                 "text": "".join(" " if c.isspace() else c for c in plain),
                                 "highlights": highlights}})
    sql = _EVENT_SELECT.replace("FROM events e", "FROM events_fts JOIN events e ON e.rowid = events_fts.rowid")
    rows = store.db.execute(f"{sql} WHERE events_fts MATCH ? ORDER BY bm25(events_fts), e.id LIMIT ?",
                            (match, limit))
    return {"q": q, "articles": hits, "events": [_event_row(r) for r in rows], "ranked": True}


def _search_like(store: Store, q: str, terms: list[str], limit: int) -> dict[str, Any]:
    art_where = " AND ".join("(a.title LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\')" for _ in terms)
    art_args = [x for t in terms for x in (_like(t), _like(t))]
    hits = []
    for row in store.db.execute(f"SELECT a.id, a.title, a.outlet, a.published, a.text FROM articles a "
                                f"WHERE {art_where} ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ?",
                                [*art_args, limit]):
        text = row["text"]
        at = text.casefold().find(terms[0].casefold())
        at = max(at, 0)
        start = max(0, at - SNIPPET_CONTEXT)
        end = min(len(text), at + len(terms[0]) + SNIPPET_CONTEXT)
        hits.append({"id": row["id"], "title": row["title"], "outlet": row["outlet"], "published": row["published"],
                     "match": {"start": at, "end": at + len(terms[0])},
                     "snippet": {"start": start, "end": end, "text": " ".join(text[start:end].split())}})
    ev_where = " AND ".join("e.evidence LIKE ? ESCAPE '\\'" for _ in terms)
    rows = store.db.execute(f"{_EVENT_SELECT} WHERE {ev_where} ORDER BY COALESCE(e.time, a.published, '') = '', "
                            f"COALESCE(e.time, a.published, ''), e.article_id, e.idx LIMIT ?",
                            [*(_like(t) for t in terms), limit])
    return {"q": q, "articles": hits, "events": [_event_row(r) for r in rows], "ranked": False}


# -- disputed figures -----------------------------------------------------------------------

def _claims_disputes() -> Callable[..., list[dict[str, Any]]] | None:
    """The claims module's comparison of figures (``wirewatch.claims.disputes``), when installed."""
    try:
        module = importlib.import_module("wirewatch.claims.disputes")
    except ImportError:
        return None
    fn = getattr(module, "disputes", None)
    return fn if callable(fn) else None


def disputes(store: Store, *, key: str | None = None, include_agreed: bool = False,
             limit: int = 100) -> list[dict[str, Any]]:
    """Figures reported differently: one entry per claim key with its claims side by side.

    The verdict and the reasons come from ``wirewatch.claims`` (differ, later update, ...); each
    claim gets its evidence (article, outlet, date and the offsets of the claim's content).
    Without the claims module, stored claims are grouped by key and the reasons read off them.
    """
    fn = _claims_disputes()
    if fn is None:
        return _plain_disputes(store)[:limit]
    found = fn(store, key=key, include_agreed=include_agreed, limit=limit)
    ids = [c["id"] for d in found for c in d["claims"]]
    spans: dict[str, sqlite3.Row] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" for _ in chunk)
        spans.update({r["id"]: r for r in store.db.execute(
            f"SELECT id, article_id, content_start, content_end, content FROM claims WHERE id IN ({marks})", chunk)})
    out = []
    for d in found:
        claims = []
        for c in d["claims"]:
            row = spans.get(c["id"])
            claim = {k: v for k, v in c.items() if k not in ("content",)}
            claim["evidence"] = {"article": c["article_id"], "outlet": c.get("outlet"), "published": c.get("published"),
                                 "title": c.get("title"), "start": row["content_start"] if row else None,
                                 "end": row["content_end"] if row else None,
                                 "text": " ".join((c.get("content") or "").split())}
            claims.append(claim)
        reasons = list(dict.fromkeys(r for p in d.get("comparisons", []) for r in p.get("reasons", [])))
        out.append({**d, "claims": claims, "reasons": reasons})
    return out


def _plain_disputes(store: Store) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT c.*, a.outlet, a.published, a.title FROM claims c JOIN articles a ON a.id = c.article_id "
        "WHERE c.key IS NOT NULL AND (c.value IS NOT NULL OR c.low IS NOT NULL OR c.high IS NOT NULL) "
        "ORDER BY c.key, COALESCE(a.published, ''), c.article_id, c.idx").fetchall()
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_key[r["key"]].append({
            "id": r["id"], "article_id": r["article_id"], "source": r["source_text"],
            "source_actor": r["source_actor"], "cue": r["cue"], "certainty": r["certainty"], "figure": None,
            "value": r["value"], "low": r["low"], "high": r["high"], "approx": r["approx"], "unit": r["unit"],
            "evidence": {"article": r["article_id"], "outlet": r["outlet"], "published": r["published"],
                         "title": r["title"], "start": r["content_start"], "end": r["content_end"],
                         "text": " ".join(r["content"].split())},
        })
    out = []
    for key, claims in by_key.items():
        figures = {(c["value"], c["low"], c["high"]) for c in claims}
        if len(figures) < 2:
            continue
        out.append({"key": key, "verdict": "differ", "n_claims": len(claims), "claims": claims,
                    "reasons": _reasons(claims)})
    return out


def _reasons(claims: list[dict[str, Any]]) -> list[str]:
    """Why figures can differ, read off the claims themselves."""
    reasons = []
    if len({c["source"] or c["evidence"]["outlet"] for c in claims}) > 1:
        reasons.append("different sources")
    if len({c["evidence"]["published"] for c in claims}) > 1:
        reasons.append("reported on different dates")
    if len({c["certainty"] for c in claims}) > 1:
        reasons.append("different certainty (" + " vs ".join(sorted({c["certainty"] for c in claims})) + ")")
    if len({c["approx"] for c in claims}) > 1:
        reasons.append("different kinds of figure (" + " vs ".join(sorted({str(c["approx"]) for c in claims}))
                       + ")")
    return reasons


# -- overview -------------------------------------------------------------------------------

def overview(store: Store, *, since_seen: str | None = None) -> dict[str, Any]:
    """What the home page shows: counts, latest canonical events, active stories, what is new."""
    out: dict[str, Any] = {
        "counts": store.counts(),
        "canonical_events": store.db.execute("SELECT COUNT(*) FROM canonical_events").fetchone()[0],
        "latest": latest_canonical(store, limit=10),
        "stories": stories(store, limit=10)["items"],
        "since": since_seen,
    }
    if since_seen:
        out["new"] = count_new(store, since_seen)
        out["new_events"] = latest_canonical(store, since_seen=since_seen, limit=20)
    return out
