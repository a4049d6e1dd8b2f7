"""The linking export contract (docs/export.md): articles with their main event, canonical events.

``wirewatch export --what articles`` gives one row per stored article::

    {"id", "source", "title", "published", "outlet", "url", "duplicate_of", "story",
     "main_event", "events": [{"event", "type", "mode", "canonical_event", "trigger",
                               "evidence_start", "evidence_end"}]}

``main_event`` is the canonical event of the article's headline event (see
:func:`wirewatch.nlp.events.main_event`; the linker records it in ``article_leads``);
a syndicated copy (``duplicate_of``) shares the story, main event and events of the copy it duplicates. Values that
are not known (an article not yet processed or linked, one without events)
are ``null``, never a guess.

``wirewatch export --what events`` gives one row per canonical event::

    {"id", "type", "mode", "actors", "recipients", "time", "place", "story",
     "corroboration", "first_reported", "last_reported", "conflicts",
     "reports": [{"event", "article", "outlet", "published", "reported_time", "modality", "evidence", ...}]}
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from ..store import Store
from .linker import lead_only_id
from .query import _event_dict


def _article_links(store: Store, article_id: str) -> dict[str, Any]:
    """Story, main event and events (with canonical ids) of one processed article."""
    db = store.db
    story = db.execute("SELECT story_id FROM story_articles WHERE article_id = ? LIMIT 1", (article_id,)).fetchone()
    canon = dict(db.execute("SELECT event_id, canonical_id FROM event_reports WHERE article_id = ?", (article_id,)))
    if db.execute("SELECT 1 FROM analyses WHERE article_id = ?", (article_id,)).fetchone() is None:
        return {"story": None, "main_event": None, "main_event_basis": None, "events": []}
    analysis = store.analysis(article_id)
    events = []
    for i, ev in enumerate(analysis.events):
        eid = f"{article_id}-e{i}"
        events.append({"event": eid, "type": ev.type, "mode": ev.mode, "canonical_event": canon.get(eid),
                       "trigger": ev.trigger.text, "evidence_start": ev.evidence.start,
                       "evidence_end": ev.evidence.end})
    # the linker records each article's headline event (or, without events, the happening its lead joined;
    # a lead that joined nothing is a happening of its own, under the id a later joiner would give it)
    lead = db.execute("SELECT main_event, joined FROM article_leads WHERE article_id = ?", (article_id,)).fetchone()
    main, basis = None, None
    if lead and lead[0]:
        main, basis = canon.get(lead[0]), "headline event"
    elif lead:
        main, basis = lead[1] or lead_only_id(article_id), "lead"
    return {"story": story[0] if story else None, "main_event": main,
            "main_event_basis": basis if main else None, "events": events}


def article_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per stored article, in the order they were added."""
    ids = [r[0] for r in store.db.execute("SELECT id FROM articles ORDER BY rowid")]
    for article_id in ids:
        row = store.db.execute("SELECT id, source, title, published, outlet, url, duplicate_of FROM articles "
                               "WHERE id = ?", (article_id,)).fetchone()
        out = dict(row)
        out.update(_article_links(store, row["duplicate_of"] or article_id))
        yield out


def event_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per canonical event, in time order (undated ones last)."""
    db: sqlite3.Connection = store.db
    ids = [r[0] for r in db.execute("SELECT id FROM canonical_events ORDER BY sort_key IS NULL, sort_key, id")]
    for cid in ids:
        row = db.execute("SELECT * FROM canonical_events WHERE id = ?", (cid,)).fetchone()
        out = _event_dict(db, row, with_reports=True)
        out.pop("embedding", None)
        yield json.loads(json.dumps(out))
