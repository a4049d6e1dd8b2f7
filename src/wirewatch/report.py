"""The briefing: a readable summary of what the store holds (text or Markdown)."""

from __future__ import annotations

import datetime
import importlib
import re
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from .errors import NotFound, WirewatchError
from .store import Store

#: At most this many items per section of the briefing.
SECTION_LIMIT = 25


def brief(store: Store, fmt: str = "text", since: str | None = None, story: str | None = None,
          actor: str | None = None) -> str:
    """Render the briefing; ``fmt`` is ``text``, ``markdown`` or ``html`` (a standalone page).

    With ``since`` (``YYYY[-MM[-DD]]``), ``story`` or ``actor`` (ids) the briefing is the filtered one
    (see :func:`filtered_sections`): what happened, what is new, disputed figures and the sources.
    """
    if since is not None or story is not None or actor is not None:
        return _render(filtered_sections(store, since=since, story=story, actor=actor), fmt)
    sections: list[tuple[str, list[str]]] = []
    counts = store.counts()
    sections.append(("Store", [
        f"{counts.get('articles', 0)} articles ({counts.get('articles_processed', 0)} processed, "
        f"{counts.get('articles_duplicate', 0)} duplicates), {counts['entities']} entity mentions, "
        f"{counts['actors']} actors, {counts['events']} events, {counts['claims']} claims, "
        f"{counts['failures']} recorded failures",
    ]))
    sections.append(("Actors", _actors(store)))
    extra: list[tuple[str, list[str]]] = []
    for name, fn in _SECTIONS:
        if isinstance(fn, str):
            module_name, _, attr = fn.partition(":")
            try:
                fn = getattr(importlib.import_module(module_name), attr)
            except (ImportError, AttributeError):
                continue
        lines = fn(store)
        if lines:
            extra.append((name, lines))
    sections.extend(extra)
    sections.append(("Articles", _articles(store)))
    return _render(sections, fmt)


def _check_date(day: str) -> str:
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", day):
        raise WirewatchError(f"bad date {day!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(x) for x in day.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise WirewatchError(f"bad date {day!r}: no such day") from None
    return day


def _is_new(ev: dict[str, Any], since: str) -> bool:
    """First reported (publication) or, undated, first seen (stored) on or after ``since``."""
    first = ev.get("first_reported") or ev.get("first_seen") or ""
    return bool(first) and str(first)[: len(since)] >= since


def filtered_sections(store: Store, since: str | None = None, story: str | None = None,
                      actor: str | None = None) -> list[tuple[str, list[str]]]:
    """The briefing for a story, an actor and/or a date: what happened (canonical events in time
    order with corroboration, ``[new]`` when first reported on or after ``since``), what is new,
    the disputed figures of the same articles, and the sources (outlets with article counts)."""
    from .link.query import timeline

    if since is not None:
        _check_date(since)
    try:
        store.db.execute("SELECT 1 FROM canonical_events LIMIT 1")
    except sqlite3.OperationalError:
        raise WirewatchError("the store is not linked yet: run wirewatch process (or wirewatch link)") from None
    if story is not None and store.db.execute("SELECT 1 FROM stories WHERE id = ?", (story,)).fetchone() is None:
        raise NotFound(f"no story with id {story!r} (wirewatch stories lists them)")
    if actor is not None and not _actor_known(store, actor):
        raise NotFound(f"no actor with id {actor!r} (wirewatch actors lists them)")
    events = timeline(store, story=story, actor=actor)
    names = {a.id: a.name for a in store.actors()}
    scope = ", ".join(x for x in (f"story {story}" if story else "", f"actor {names.get(actor, actor)} [{actor}]"
                                  if actor else "", f"new since {since}" if since else "") if x)
    head = [f"{len(events)} canonical event(s) for {scope}"]
    happened, new = [], []
    articles: set[str] = set()
    for ev in events:
        fresh = since is not None and _is_new(ev, since)
        line = _event_line(ev, names, fresh)
        happened.append(line)
        if fresh:
            new.append(line)
        articles.update(r["article"] for r in ev.get("reports", []))
    sections: list[tuple[str, list[str]]] = [("Briefing", head), ("What happened", happened)]
    if since is not None:
        sections.append((f"New since {since}", new or [f"nothing first reported since {since}"]))
    sections.append(("Disputed figures", _disputes(store, articles if (story or actor) else None)))
    sections.append(("Sources", _sources(store, articles if (story or actor) else None)))
    return sections


def _actor_known(store: Store, actor: str) -> bool:
    for sql in ("SELECT 1 FROM actors WHERE id = ?", "SELECT 1 FROM entities WHERE actor = ? LIMIT 1",
                "SELECT 1 FROM event_actors WHERE actor = ? LIMIT 1"):
        try:
            if store.db.execute(sql, (actor,)).fetchone() is not None:
                return True
        except sqlite3.OperationalError:
            continue
    return False


def _event_line(ev: dict[str, Any], names: dict[str, str], fresh: bool) -> str:
    who = ", ".join(names.get(a, a) for a in ev["actors"]) or "?"
    to = f" -> {', '.join(names.get(a, a) for a in ev['recipients'])}" if ev["recipients"] else ""
    reports = ev.get("reports", [])
    evidence = f": \"{_clip(reports[0]['evidence'])}\"" if reports else ""
    outlets = ", ".join(ev["outlets"]) or "outlet unknown"
    mark = "[new] " if fresh else ""
    return (f"{mark}{ev['when']}: {ev['type']} {who}{to} — corroborated by {ev['corroboration']} outlet(s) "
            f"({outlets}), {ev['n_reports']} report(s){evidence} [{ev['id']}]")


def _disputes(store: Store, articles: set[str] | None) -> list[str]:
    """Disputed figures (all, or those with a figure from one of ``articles``)."""
    try:
        from .claims.disputes import describe, disputes
    except ImportError:
        return []
    try:
        groups = disputes(store, limit=SECTION_LIMIT * 4)
    except sqlite3.OperationalError:
        return []
    lines = []
    for group in groups:
        if articles is not None and not any(c["article_id"] in articles for c in group["claims"]):
            continue
        lines.append(f"{group['key']}: {group['verdict']} ({group['n_claims']} figures, "
                     f"{len(group['outlets'])} outlet(s))")
        for claim in group["claims"]:
            lines.append(f"    {describe(claim)}: \"{_clip(claim['content'])}\"")
        for pair in group["comparisons"][:3]:
            lines.append(f"    {pair['verdict']}: {'; '.join(pair['reasons'])}")
    return lines


def _sources(store: Store, articles: set[str] | None) -> list[str]:
    """Outlets with their article counts (duplicates left out), over ``articles`` when given."""
    rows = store.db.execute("SELECT id, outlet FROM articles WHERE duplicate_of IS NULL").fetchall()
    counts: Counter[str] = Counter(r["outlet"] or "outlet unknown" for r in rows
                                   if articles is None or r["id"] in articles)
    return [f"{outlet}: {n} article(s)" for outlet, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]


def _actors(store: Store) -> list[str]:
    rows = store.db.execute(
        "SELECT e.actor, e.text, e.label, COUNT(*) n, COUNT(DISTINCT e.article_id) docs FROM entities e "
        "GROUP BY COALESCE(e.actor, e.text) ORDER BY n DESC LIMIT ?", (SECTION_LIMIT * 2,)).fetchall()
    actors = {a.id: a for a in store.actors()}
    out = []
    for r in rows:
        actor = actors.get(r["actor"]) if r["actor"] else None
        if actor is not None:
            desc = ", ".join(x for x in (actor.kind, actor.country, actor.sector, actor.role) if x)
            out.append(f"{actor.name} ({desc}): {r['n']} mentions in {r['docs']} article(s)")
        else:
            out.append(f"{r['text']} [{r['label']}, unresolved]: {r['n']} mentions in {r['docs']} article(s)")
    return out[:SECTION_LIMIT * 2]


def _articles(store: Store) -> list[str]:
    out = []
    for article in store.articles(limit=SECTION_LIMIT):
        status = store.article_status(article.id)
        date = article.published or "date unknown"
        outlet = article.outlet or "outlet unknown"
        line = f"[{article.id}] {article.title or '(untitled)'} ({outlet}, {date})"
        if status["duplicate_of"]:
            line += f" — {status['duplicate_kind']} duplicate of {status['duplicate_of']}"
        out.append(line)
        by_label: dict[str, list[str]] = defaultdict(list)
        for row in store.db.execute("SELECT text, label FROM entities WHERE article_id = ? ORDER BY idx",
                                    (article.id,)):
            if row["text"] not in by_label[row["label"]]:
                by_label[row["label"]].append(row["text"])
        for label, names in sorted(by_label.items()):
            out.append(f"    {label}: {', '.join(names)}")
    return out


def _events(store: Store) -> list[str]:
    out = []
    types: Counter[str] = Counter()
    for ev in store.events(limit=500):
        types[ev["type"]] += 1
    if types:
        out.append("by type: " + ", ".join(f"{t} {n}" for t, n in types.most_common()))
    names = {a.id: a.name for a in store.actors()}
    for ev in store.events(limit=SECTION_LIMIT):
        when = ev["time"] or (f"~{ev['published']} (published)" if ev["published"] else "date unknown")
        who = ", ".join(names.get(a, a) for a in ev["actors"]) or "?"
        whom = ", ".join(names.get(a, a) for a in ev["recipients"]) or "-"
        out.append(f"{when}  {ev['type']}{'/' + ev['mode'] if ev['mode'] else ''}  {who} -> {whom}  "
                   f"[{ev['modality']}]  \"{_clip(ev['evidence'])}\" ({ev['outlet'] or ev['article_id']})")
    return out


def _clip(text: str, width: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


#: Sections after the actors: a function, or "module:function" imported when present (other stages add theirs).
_SECTIONS: list[tuple[str, Any]] = [
    ("Stories", "wirewatch.link.report:stories_section"),
    ("What happened (canonical events)", "wirewatch.link.report:events_section"),
    ("Disputed figures", "wirewatch.claims.report:disputes_section"),
    ("Events as reported, per article", _events),
]


def register_section(name: str, fn: Any, position: int | None = None) -> None:
    """Add a section (a function ``store -> list[str]``) to the briefing."""
    if position is None:
        _SECTIONS.append((name, fn))
    else:
        _SECTIONS.insert(position, (name, fn))


def _render(sections: list[tuple[str, list[str]]], fmt: str) -> str:
    if fmt == "html":
        from .export.html import render_briefing

        return render_briefing(sections)
    lines: list[str] = []
    if fmt == "markdown":
        lines.append("# wirewatch briefing\n")
        for title, body in sections:
            lines.append(f"## {title}\n")
            lines.extend(f"- {b.strip()}" if not b.startswith("    ") else f"  - {b.strip()}" for b in body)
            lines.append("")
    else:
        lines.append("wirewatch briefing")
        lines.append("=" * 18)
        for title, body in sections:
            lines.append("")
            lines.append(title)
            lines.append("-" * len(title))
            lines.extend(body or ["(none)"])
    return "\n".join(lines) + "\n"
