"""Linking across articles: canonical events (one per real-world happening), stories, timelines.

- :func:`link_store` links the per-article events processed since the last run
  (called by ``Wirewatch.link()`` after ``process``);
- :func:`timeline`, :func:`stories`, :func:`story`, :func:`canonical_event` answer over them;
- ``wirewatch show ev-...`` / ``st-...`` find canonical events and stories (registered below).

See :mod:`wirewatch.link.core` for the similarity, :mod:`wirewatch.link.linker`
for the incremental algorithm and :mod:`wirewatch.link.timex` for partial dates.
"""

from __future__ import annotations

from typing import Any

from ..errors import NotFound
from ..store import Store
from ..views import register_finder
from .linker import link_pending, link_store
from .query import canonical_event, stories, story, timeline


def _find_event(store: Store, item_id: str) -> dict[str, Any] | None:
    try:
        return {"kind": "canonical_event", "canonical_event": canonical_event(store, item_id)}
    except NotFound:
        return None


def _find_story(store: Store, item_id: str) -> dict[str, Any] | None:
    try:
        found = story(store, item_id)
    except NotFound:
        return None
    found["events"] = [e["id"] for e in timeline(store, story=item_id, with_reports=False)]
    return {"kind": "story", "story": found}


register_finder("canonical_event", _find_event)
register_finder("story", _find_story)

__all__ = ["canonical_event", "link_pending", "link_store", "stories", "story", "timeline"]
