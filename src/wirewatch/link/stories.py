"""Stories: threads of related canonical events over time, assigned one article at a time.

An article joins the story most of its already-known events belong to; when
none of its events is known, the story found through the keys
``actor code|YYYY-MM`` (its main actors, its month and the neighbouring months)
that shares most actors and reads most alike; else it founds a story. Its new
canonical events join that story. A story keeps running counters (actors,
types, outlets, span, embedding), so adding an article costs the same whatever
the story's length; its title is rebuilt from the counters.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np

from ..embed import Encoder, from_blob, to_blob
from ..store.sqlite import utcnow
from . import timex
from .core import top

#: Months either side of an article's month searched for stories: a thread
#: that has been silent for longer is treated as a new one.
STORY_WINDOW_MONTHS = 3
#: Main actor codes of an article used to look stories up and to compare them.
STORY_KEY_CODES = 4
#: Minimum similarity for an article to join a story found through the keys:
#: half its main actors shared, or fewer shared with closely related text.
STORY_THRESHOLD = 0.5
#: Weight of actor overlap against text similarity in that score.
STORY_ACTOR_WEIGHT = 0.6
#: Stories scored per article at most (bounds the cost in crowded months).
MAX_STORY_CANDIDATES = 50

#: Key buckets for undated articles and for any month.
UNDATED = "undated"
ANY_MONTH = "*"

#: How a dominant event type reads in a story title.
TYPE_PHRASES = {
    "MOBILIZE": "military moves", "AID": "aid", "CONSULT": "talks and visits", "AGREE": "agreements",
    "ASSAULT": "attacks", "COERCE": "coercion", "THREATEN": "threats", "ACCUSE": "accusations",
    "REJECT": "refusals", "REQUEST": "demands", "SUPPORT": "support", "COOPERATE": "cooperation",
    "CONCEDE": "concessions", "RETREAT": "withdrawals", "PROTEST": "protests", "SANCTION": "sanctions",
}
#: Modes that make a better phrase than their type.
MODE_PHRASES = {"weapons": "weapons tests", "troops": "troop deployments", "visit": "visits"}


def _story_id(article_id: str) -> str:
    return "st-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:10]


def _country_name(db: sqlite3.Connection, code: str) -> str:
    row = db.execute("SELECT name FROM actors WHERE id = ?", (code,)).fetchone()
    if row is not None:
        return str(row[0])
    if len(code) == 3 and code.isupper():
        from ..nlp.gazetteer import load

        country = load().country(code)
        if country is not None:
            return country.name
    if code.startswith(("igo:", "unresolved:", "org:", "person:")):
        return code.split(":", 1)[1].replace("-", " ").upper() if code.startswith("igo:") else \
            code.split(":", 1)[1].replace("-", " ").title()
    return code


def make_title(db: sqlite3.Connection, actors: Counter[str], types: Counter[str]) -> str:
    """"North Korea – Russia: weapons tests and aid" from the story's main actors and types."""
    names = [_country_name(db, c) for c in top(actors, 2)]
    phrases = [_phrase(t) for t in top(types, 2)]
    head = " – ".join(names) if names else "Unattributed events"
    return f"{head}: {' and '.join(dict.fromkeys(phrases))}" if phrases else head


def _phrase(type_key: str) -> str:
    type_, _, mode = type_key.partition("/")
    return MODE_PHRASES.get(mode) or TYPE_PHRASES.get(type_, type_.lower())


def _overlap(a: Counter[str], b: dict[str, float]) -> float:
    top_a = set(top(a, STORY_KEY_CODES))
    top_b = set(top(b, STORY_KEY_CODES))
    if not top_a or not top_b:
        return 0.0
    return len(top_a & top_b) / min(len(top_a), len(top_b))


def _cos(a: np.ndarray[Any, Any] | None, b: np.ndarray[Any, Any] | None) -> float:
    if a is None or b is None or a.shape != b.shape:
        return 0.0
    den = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / den if den else 0.0


def assign_article(db: sqlite3.Connection, article_id: str, published: str | None, touched: dict[str, int],
                   codes_of: Callable[[str], str], encoder: Encoder) -> str | None:
    """Put an article and its new canonical events into a story; return the story id."""
    if not touched:
        return None
    marks = ",".join("?" for _ in touched)
    rows = db.execute(f"SELECT id, type, mode, codes, story_id, sort_key, embedding FROM canonical_events "
                      f"WHERE id IN ({marks})", list(touched)).fetchall()
    codes: Counter[str] = Counter()
    types: Counter[str] = Counter()
    vec: np.ndarray[Any, Any] | None = None
    known: Counter[str] = Counter()
    for r in rows:
        codes.update(json.loads(r["codes"]).keys())
        types[f"{r['type']}/{r['mode'] or ''}"] += touched[r["id"]]
        if r["story_id"]:
            known[r["story_id"]] += 1
        v = from_blob(r["embedding"])
        if v is not None:
            vn = v / max(float(np.linalg.norm(v)), 1e-12)
            vec = vn if vec is None or vec.shape != vn.shape else vec + vn
    month = timex.month_bucket(published[:7]) if published else None
    story_id = top(known, 1)[0] if known else _find_story(db, codes, vec, month)
    if story_id is None:
        story_id = _story_id(article_id)
        db.execute("INSERT OR IGNORE INTO stories (id, title, actors, types, start, end, outlets, n_events, "
                   "n_articles, embedding, updated_at) VALUES (?, '', '{}', '{}', NULL, NULL, '[]', 0, 0, NULL, ?)",
                   (story_id, utcnow()))
    new_ids = [r["id"] for r in rows if not r["story_id"]]
    db.executemany("UPDATE canonical_events SET story_id = ? WHERE id = ?", [(story_id, i) for i in new_ids])
    fresh = db.execute("INSERT OR IGNORE INTO story_articles (story_id, article_id) VALUES (?, ?)",
                       (story_id, article_id)).rowcount
    _update_story(db, story_id, article_id, codes, types, vec, [r["sort_key"] for r in rows if r["sort_key"]],
                  len(new_ids), fresh, month)
    return story_id


def _find_story(db: sqlite3.Connection, codes: Counter[str], vec: np.ndarray[Any, Any] | None,
                month: str | None) -> str | None:
    # A dated article looks in its months and among undated stories; an undated one
    # (no date can be known) among all stories of its actors, at most MAX_STORY_CANDIDATES.
    months = [*timex.neighbour_months(month, STORY_WINDOW_MONTHS), UNDATED] if month else [ANY_MONTH]
    keys = [f"{c}|{m}" for c in top(codes, STORY_KEY_CODES) for m in months]
    if not keys:
        return None
    marks = ",".join("?" for _ in keys)
    ids = [r[0] for r in db.execute(f"SELECT DISTINCT story_id FROM story_keys WHERE key IN ({marks}) LIMIT ?",
                                    [*keys, MAX_STORY_CANDIDATES])]
    best, best_score = None, STORY_THRESHOLD
    for sid in ids:
        row = db.execute("SELECT actors, embedding FROM stories WHERE id = ?", (sid,)).fetchone()
        if row is None:
            continue
        s = STORY_ACTOR_WEIGHT * _overlap(codes, json.loads(row["actors"])) + \
            (1 - STORY_ACTOR_WEIGHT) * _cos(vec, from_blob(row["embedding"]))
        if s >= best_score:
            best, best_score = sid, s
    return best


def _update_story(db: sqlite3.Connection, story_id: str, article_id: str, codes: Counter[str],
                  types: Counter[str], vec: np.ndarray[Any, Any] | None, sort_keys: list[str], new_events: int,
                  new_article: int, month: str | None) -> None:
    row = db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    actors: Counter[str] = Counter(json.loads(row["actors"]))
    all_types: Counter[str] = Counter(json.loads(row["types"]))
    if new_article:
        actors.update(codes)
        all_types.update(types)
    outlets = json.loads(row["outlets"])
    outlet = db.execute("SELECT outlet FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
    if outlet and outlet not in outlets:
        outlets.append(outlet)
    days = [k for k in sort_keys if k] + [x for x in (row["start"], row["end"]) if x]
    old = from_blob(row["embedding"])
    emb = vec if old is None else (old + vec if vec is not None and vec.shape == old.shape else old)
    db.execute("UPDATE stories SET title = ?, actors = ?, types = ?, start = ?, end = ?, outlets = ?, "
               "n_events = n_events + ?, n_articles = n_articles + ?, embedding = ?, updated_at = ? WHERE id = ?",
               (make_title(db, actors, all_types), json.dumps(dict(actors)), json.dumps(dict(all_types)),
                min(days) if days else None, max(days) if days else None, json.dumps(outlets), new_events,
                new_article, to_blob(emb) if emb is not None else None, utcnow(), story_id))
    keys = {f"{c}|{m}" for c in top(codes, STORY_KEY_CODES) for m in (month or UNDATED, ANY_MONTH)}
    db.executemany("INSERT OR IGNORE INTO story_keys (key, story_id) VALUES (?, ?)", [(k, story_id) for k in keys])
