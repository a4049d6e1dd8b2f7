"""Read-side helpers shared by the CLI, the API and the report: look up items by id."""

from __future__ import annotations

import json
from typing import Any

from .errors import NotFound
from .store import Store


def show(store: Store, item_id: str) -> dict[str, Any]:
    """An article (with its analysis) or an event (with its evidence) by id; a unique id prefix works."""
    if "-e" in item_id:
        rows = store.db.execute("SELECT id FROM events WHERE id = ?", (item_id,)).fetchall()
        if rows:
            event = store.db.execute(
                "SELECT e.*, a.title, a.outlet, a.published FROM events e JOIN articles a ON a.id = e.article_id "
                "WHERE e.id = ?", (item_id,)).fetchone()
            out = dict(event)
            out["actors"] = json.loads(out["actors"])
            out["recipients"] = json.loads(out["recipients"])
            return {"kind": "event", "event": out}
    matches = [r[0] for r in store.db.execute("SELECT id FROM articles WHERE id LIKE ? LIMIT 2", (item_id + "%",))]
    if len(matches) == 1:
        analysis = store.analysis(matches[0])
        data = analysis.to_json()
        data["status"] = store.article_status(matches[0])
        data["article"] = analysis.article.to_json()
        return {"kind": "article", "article": data}
    if len(matches) > 1:
        raise NotFound(f"id prefix {item_id!r} matches several articles; give more characters")
    for extra in ("canonical_event", "story"):
        finder = _FINDERS.get(extra)
        if finder is not None:
            found: dict[str, Any] | None = finder(store, item_id)
            if found is not None:
                return found
    raise NotFound(f"no article, event or story with id {item_id!r}")


_FINDERS: dict[str, Any] = {}


def register_finder(kind: str, finder: Any) -> None:
    """Let later modules (linker, stories) make their items visible to ``show``."""
    _FINDERS[kind] = finder
