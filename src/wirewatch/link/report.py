"""Briefing sections contributed by the linker (see :mod:`wirewatch.report`)."""

from __future__ import annotations

import sqlite3

from ..store import Store
from .query import canonical_event, stories

#: Items per section: the briefing is a summary, the CLI gives the rest.
SECTION_LIMIT = 15


def _linked(store: Store) -> bool:
    try:
        store.db.execute("SELECT 1 FROM canonical_events LIMIT 1")
    except sqlite3.OperationalError:
        return False
    return True


def stories_section(store: Store) -> list[str]:
    """One line per story: title, span, size, outlets."""
    if not _linked(store):
        return []
    lines = []
    for s in stories(store, limit=SECTION_LIMIT):
        span = s["start"] if s["start"] == s["end"] else f"{s['start'] or '?'} to {s['end'] or '?'}"
        outlets = ", ".join(s["outlets"]) or "outlets unknown"
        lines.append(f"{s['title']} ({span}; {s['n_events']} events, {s['n_articles']} articles; {outlets}) "
                     f"[{s['id']}]")
    return lines


def events_section(store: Store) -> list[str]:
    """The most corroborated canonical events, in time order, with their evidence."""
    if not _linked(store):
        return []
    rows = store.db.execute("SELECT id FROM canonical_events ORDER BY corroboration DESC, n_reports DESC, id "
                            "LIMIT ?", (SECTION_LIMIT,)).fetchall()
    events = sorted((canonical_event(store, r[0]) for r in rows),
                    key=lambda e: (e["sort_key"] is None, e["sort_key"] or "", e["id"]))
    lines = []
    for ev in events:
        who = ", ".join(ev["actors"]) or "?"
        to = f" -> {', '.join(ev['recipients'])}" if ev["recipients"] else ""
        evidence = ev["reports"][0]["evidence"][:160] if ev["reports"] else ""
        conflict = f"; conflicting times {sorted(ev['conflicts']['time'])}" if "time" in ev["conflicts"] else ""
        lines.append(f"{ev['when']}: {ev['type']} {who}{to} — {ev['corroboration']} outlet(s), "
                     f"{ev['n_reports']} report(s){conflict}: \"{evidence}\"")
    return lines
