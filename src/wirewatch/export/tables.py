"""More tables to export: stories, actors (with their counts) and claims (with their evidence)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..store import Store

ACTOR_FIELDS = ("id", "name", "kind", "country", "sector", "role", "n_mentions", "n_articles", "n_events")
CLAIM_FIELDS = ("id", "article_id", "source_text", "source_actor", "cue", "certainty", "key", "value", "low",
                "high", "approx", "unit", "content", "content_start", "content_end", "outlet", "published")


def stories(store: Store) -> Iterator[dict[str, Any]]:
    """One row per story: title, main actors, span, outlets, sizes, its articles and canonical events."""
    from ..link import query

    for s in query.stories(store, limit=-1):
        row = dict(s)
        row["articles"] = [r[0] for r in store.db.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id", (s["id"],))]
        row["events"] = [r[0] for r in store.db.execute(
            "SELECT id FROM canonical_events WHERE story_id = ? ORDER BY sort_key IS NULL, sort_key, id",
            (s["id"],))]
        yield row


def actors(store: Store) -> Iterator[dict[str, Any]]:
    """One row per actor with how often it is mentioned and in how many events."""
    rows = store.db.execute(
        "SELECT a.*, (SELECT COUNT(*) FROM entities m WHERE m.actor = a.id) AS n_mentions, "
        "(SELECT COUNT(DISTINCT m.article_id) FROM entities m WHERE m.actor = a.id) AS n_articles, "
        "(SELECT COUNT(*) FROM event_actors ea WHERE ea.actor = a.id) AS n_events FROM actors a ORDER BY a.id")
    for r in rows:
        yield {k: r[k] for k in ACTOR_FIELDS}


def claims(store: Store) -> Iterator[dict[str, Any]]:
    """One row per attributed claim, with its figure and the offsets of its content."""
    rows = store.db.execute(
        "SELECT c.*, a.outlet, a.published FROM claims c JOIN articles a ON a.id = c.article_id "
        "ORDER BY c.article_id, c.idx")
    for r in rows:
        yield {k: r[k] for k in CLAIM_FIELDS}
