"""The briefing: a readable summary of what the store holds (text or Markdown)."""

from __future__ import annotations

import importlib
from collections import Counter, defaultdict
from typing import Any

from .store import Store

#: At most this many items per section of the briefing.
SECTION_LIMIT = 25


def brief(store: Store, fmt: str = "text") -> str:
    """Render the briefing; ``fmt`` is ``text``, ``markdown`` or ``html`` (a standalone page)."""
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
