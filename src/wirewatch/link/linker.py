"""Incremental linking of the store's per-article events into canonical events.

:func:`link_store` takes the articles processed since the last run (an index
range on ``analyses.processed_at``), and for each one, in one transaction:

1. groups the article's events that report one happening (:func:`core.group_document`);
2. for each group, fetches candidate canonical events through the retrieval
   keys ``TYPE|actor code|YYYY-MM`` (the month of a dated report or of the
   publication, and its neighbours) — an index look-up whose size depends on
   how many events of that type and actor fall in those months, not on the
   size of the store — and joins the best one (:func:`core.score`) or founds
   a new canonical event;
3. recomputes the touched canonical events from their reports (merged slots,
   conflicts, corroboration) and assigns the article to a story.

An article processed again (its events replaced) is unlinked first. Ids of
existing canonical events never change: a new report joins, it never renames.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import sqlite3
import weakref
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from ..embed import _STOPWORDS, _WORD, Encoder, Vector, from_blob, get_encoder, get_lead_encoder, to_blob
from ..ingest.stamps import is_date_line
from ..model import Analysis, normalise_text
from ..nlp.events import main_event
from ..pipeline import batches
from ..store import Store
from ..store.sqlite import _article_from_row, utcnow
from . import stories, timex
from .core import (
    CONTEXT_WEIGHT,
    DOCUMENT_THRESHOLD,
    LINK_THRESHOLD,
    MAX_BONUS,
    TRIGGER_WEIGHT,
    Cluster,
    Report,
    best_match,
    group_document,
    lemma,
    norm_place,
    top,
)

log = logging.getLogger(__name__)

#: Months either side of a report's month searched for candidates: reports of
#: one happening are published within days or weeks of it.
LINK_WINDOW_MONTHS = 1
#: At most this many candidates are scored per group: bounds the cost when one
#: (type, actor, month) bucket is crowded (e.g. undated articles).
MAX_CANDIDATES = 200
#: Of those, at most this many (the best bounds on their score) are scored in full.
MAX_SCORED = 30
#: Actor codes per canonical event used as retrieval keys (the most reported first).
MAX_KEY_CODES = 6
#: The bucket of events with neither a dated report nor a publication date.
UNDATED = "undated"
#: Sentences of an article's opening compared to find other articles on its happening
#: (the lead of a news story says what happened; later sentences give background).
LEAD_SENTENCES = 3
#: Characters of the lead embedded (the encoder reads at most 256 word pieces).
LEAD_CHARS = 1200
#: Leads are compared by a mix of meaning and words: ``LEAD_WORDS_WEIGHT`` of the cosine of
#: the leads' TF-IDF word vectors (names and rare words tell one happening from a like one; the
#: document frequencies are those of the leads linked so far, kept in ``lead_terms``) and the
#: rest of the lead encoder's cosine. Each is taken against the sum of the vectors of the
#: happening's articles (its centroid), so that a happening reported in many words is not
#: diluted by the mean of unlike pairs. See BENCHMARKS.md, "Linking — ECB+", for the curve.
LEAD_WORDS_WEIGHT = 0.5
#: Hashed ids of lead words (collisions of two words are rare at 2^31).
LEAD_TERM_SPACE = 2**31
#: Centroid score at or above which an article's headline event joins the happening of
#: earlier articles (ECB+ topics 1-35, checked over topic halves and link orders: see BENCHMARKS.md).
LEAD_THRESHOLD = 0.38
#: An article without any event joins a happening by its lead alone this much above
#: :data:`LEAD_THRESHOLD` (there is no event to check dates and actors against).
LEAD_ONLY_MARGIN = 0.0
#: Subtracted from the lead score when both headline events name actors and share none.
LEAD_ACTOR_DISJOINT_PENALTY = 0.1
#: Subtracted from the lead score when both the lead and the happening's leads name people
#: (spaCy PERSON entities within the first :data:`LEAD_CHARS` characters of the text) and no
#: surname is shared: one kind of happening (a player put on injured reserve, a star entering
#: rehab) recurs with other people. ECB+ topics 1-35, main_event B-cubed F1: 0.827 without,
#: 0.842 / 0.851 / 0.843 at 0.05 / 0.1 / 0.15 (both topic halves gain at 0.1), with the lead
#: threshold then at 0.40; 0.12 since it is 0.38, so that a lead naming other people still needs 0.50.
LEAD_PEOPLE_DISJOINT_PENALTY = 0.12
#: A headline event's stated date parts it from a happening only when it lies within this many
#: days of its article's publication (undated articles: always): dates further away are
#: background ("first hosted in 2007") or announcements of later events ("the 2014 Oscars").
NEWS_DATE_DAYS = 45
#: Two reports of one happening may date it a day apart (time zones, "late on Thursday" against
#: "on Friday", the day of the act and of its announcement): such dates do not part them.
DATE_SLACK_DAYS = 1
#: At most this many recent leads are compared per article (bounds the cost in crowded months).
MAX_LEAD_CANDIDATES = 1000
#: An undated article's lead is also compared with the latest dated leads, and a dated one with
#: the latest undated leads (pages saved without a date stamp report the same happenings as
#: dated ones), but such a happening (all its leads of the other kind) needs this much more.
UNDATED_LEAD_MARGIN = 0.15
#: Score (the lead score, between the sums of two happenings' recent leads) at which a happening
#: an article has just joined merges with another it now bridges (:func:`_merge_alike`).
MERGE_THRESHOLD = 0.55
_ADDRESS = re.compile(r"^(https?:|www\.)\S*|^https?\s*:\s*/\s*/")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“‘])")


def canonical_id_for(event_id: str) -> str:
    """A stable id for the canonical event founded by this per-article event."""
    return "ev-" + hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:12]


class _ActorCodes:
    """Actor id -> linking code (country for sectors and people, id for IGOs/unresolved), cached."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.cache: dict[str, str] = {}

    def __call__(self, actor_id: str) -> str:
        if actor_id not in self.cache:
            code = actor_id
            if actor_id.startswith(("igo:", "unresolved:")):
                code = actor_id
            else:
                row = self.db.execute("SELECT country, kind FROM actors WHERE id = ?", (actor_id,)).fetchone()
                if row is not None and row["country"] and row["kind"] != "igo":
                    code = row["country"]
                elif "." in actor_id and actor_id.split(".")[0].isupper():
                    code = actor_id.split(".")[0]
            self.cache[actor_id] = code
        return self.cache[actor_id]

    def expand(self, actor_ids: list[str]) -> frozenset[str]:
        """Country-level codes plus the ids of people and organisations (Shoigu is not Putin)."""
        out = {self(a) for a in actor_ids}
        out |= {a for a in actor_ids if a.startswith(("person:", "org:"))}
        return frozenset(out)


def _hard_time(row: sqlite3.Row) -> tuple[str, ...]:
    """The event's time when the text states it (a date implied by publication is soft)."""
    if row["time"] and row["time_basis"] != "published" and not timex.parse(row["time"]).empty:
        return (row["time"],)
    return ()


def _article_reports(db: sqlite3.Connection, article_id: str, encoder: Encoder,
                     codes_of: _ActorCodes) -> tuple[list[Report], dict[str, sqlite3.Row]]:
    rows = db.execute(
        "SELECT e.*, substr(a.text, e.trigger_start + 1, e.trigger_end - e.trigger_start) AS trigger_text, "
        "a.published FROM events e JOIN articles a ON a.id = e.article_id WHERE e.article_id = ? ORDER BY e.idx",
        (article_id,),
    ).fetchall()
    if not rows:
        return [], {}
    contexts = encoder.encode([" ".join(r["evidence"].split()) for r in rows])
    triggers = encoder.encode([r["trigger_text"] or "" for r in rows])
    reports = []
    for row, ctx, trig in zip(rows, contexts, triggers, strict=True):
        doers = json.loads(row["actors"])
        ids = doers + json.loads(row["recipients"])
        reports.append(Report(
            id=row["id"], doc=article_id, type=row["type"], codes=codes_of.expand(ids),
            agents=frozenset(codes_of(a) for a in doers),
            times=_hard_time(row), place=row["place"], trigger=lemma(row["trigger_text"] or ""),
            context=ctx, trigger_vec=trig, sentence=f"{article_id}:{row['evidence_start']}",
        ))
    return reports, {r["id"]: r for r in rows}


def _buckets(times: list[str], published: list[str | None]) -> set[str]:
    out = {b for t in times if (b := timex.month_bucket(t))}
    out |= {b for p in published if p and (b := timex.month_bucket(p[:7]))}
    return out or {UNDATED}


def _keys(type_: str, codes: list[str], buckets: set[str]) -> set[str]:
    return {f"{type_}|{code}|{bucket}" for code in (codes or ["*"]) for bucket in buckets} | {
        f"{type_}|*|{bucket}" for bucket in buckets}


def _query_keys(group: Cluster, published: str | None) -> set[str]:
    buckets = _buckets(group.times, [published])
    wide = set()
    for b in buckets:
        wide |= {b} if b == UNDATED else set(timex.neighbour_months(b, LINK_WINDOW_MONTHS))
    codes = top(group.codes, MAX_KEY_CODES)
    return {f"{group.type}|{c}|{b}" for c in (codes or ["*"]) for b in wide}


def _load_cluster(row: sqlite3.Row) -> Cluster:
    c = Cluster(id=row["id"], type=row["type"])
    c.codes = Counter(json.loads(row["codes"]))
    c.agents = Counter(json.loads(row["agents"]))
    c.times = list(json.loads(row["times"]))
    c.places = Counter({norm_place(p): n for p, n in json.loads(row["places"]).items()})
    c.triggers = Counter(json.loads(row["triggers"]))
    c.context_sum = from_blob(row["embedding"])
    c.trigger_sum = from_blob(row["trigger_embedding"])
    c.n = row["n_reports"]
    return c


def _unit(v: Vector | None) -> Vector | None:
    if v is None:
        return None
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else None


class CanonicalCache:
    """Canonical events as the candidate search reads them, kept while one run of the linker goes on.

    Consecutive articles meet mostly the same candidates; each one's vectors (for the bound) and,
    once scored in full, its features are read from the store and decoded once. An entry is
    dropped whenever :func:`refresh_canonical` writes that canonical event again (the only writer
    of what is cached here), so the candidates and their scores are those the store holds.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        #: id -> (type, context vector, trigger vector), as stored (not normalised)
        self.vectors: dict[str, tuple[str, Vector | None, Vector | None]] = {}
        #: id -> (first seen, features)
        self.clusters: dict[str, tuple[str, Cluster]] = {}  # first_seen is never NULL
        _CANONICAL_CACHES.setdefault(id(db), weakref.WeakSet()).add(self)

    def drop(self, cid: str) -> None:
        self.vectors.pop(cid, None)
        self.clusters.pop(cid, None)

    def read_vectors(self, ids: list[str]) -> None:
        for r in self._rows("id, type, embedding, trigger_embedding", self._to_read(self.vectors, ids)):
            self.vectors[r[0]] = (r[1], _raw(r[2]), _raw(r[3]))

    def read_clusters(self, ids: list[str]) -> None:
        for r in self._rows("*", self._to_read(self.clusters, ids)):
            self.clusters[r["id"]] = (r["first_seen"], _load_cluster(r))

    @staticmethod
    def _to_read(held: dict[str, Any], ids: list[str]) -> list[str]:
        """The ids of ``ids`` not in ``held``; all of them when they would not fit (``held`` starts again)."""
        missing = [i for i in ids if i not in held]
        if len(held) + len(missing) > CANONICAL_CACHE_SIZE:
            held.clear()
            return ids
        return missing

    def _rows(self, columns: str, ids: list[str]) -> Iterator[sqlite3.Row]:
        for part in batches(ids, 900):
            marks = ",".join("?" for _ in part)
            yield from self.db.execute(f"SELECT {columns} FROM canonical_events WHERE id IN ({marks})", part)


#: Canonical events a :class:`CanonicalCache` holds at most, each part apart (it starts again when
#: full): about 6 KB each with both vectors, so at most about 30 MB.
CANONICAL_CACHE_SIZE = 5_000
#: Live canonical caches by connection, told of every canonical event written again.
_CANONICAL_CACHES: dict[int, weakref.WeakSet[CanonicalCache]] = {}


def _canonical_changed(db: sqlite3.Connection, cid: str) -> None:
    for cache in _CANONICAL_CACHES.get(id(db), ()):
        cache.drop(cid)


def _raw(blob: bytes | None) -> Vector | None:
    return np.frombuffer(blob, dtype="<f4") if blob else None


def _cosines_of(unit: Vector | None, vectors: list[Vector | None]) -> npt.NDArray[np.float64]:
    """Cosine of ``unit`` with each vector, in one matrix product; NaN where there is none (no
    vector, a zero one, or one of another width)."""
    out = np.full(len(vectors), np.nan)
    if unit is None:
        return out
    at: list[int] = []
    rows: list[Vector] = []
    for i, v in enumerate(vectors):
        if v is not None and v.shape[0] == unit.shape[0]:
            at.append(i)
            rows.append(v)
    if not at:
        return out
    matrix = np.vstack(rows)
    norms = np.linalg.norm(matrix, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        values = (matrix @ unit).astype(np.float64) / norms
    values[norms == 0] = np.nan
    out[at] = values
    return out


def _candidates(db: sqlite3.Connection, keys: set[str], group: Cluster, threshold: float,
                cache: CanonicalCache | None = None) -> list[Cluster]:
    """Canonical events sharing a retrieval key with ``group``, those that could reach ``threshold``.

    An index look-up of at most :data:`MAX_CANDIDATES`; then a cheap bound on each one's
    score (its embedding cosines plus every bonus) leaves out those that cannot reach the
    threshold, and only the :data:`MAX_SCORED` best bounds are loaded and scored in full.
    Features come from ``cache`` (read from the store the first time).
    """
    if not keys:
        return []
    marks = ",".join("?" for _ in keys)
    ids = [r[0] for r in db.execute(
        f"SELECT DISTINCT canonical_id FROM canonical_keys WHERE key IN ({marks}) LIMIT ?",
        [*sorted(keys), MAX_CANDIDATES])]
    if not ids:
        return []
    cache = cache if cache is not None else CanonicalCache(db)
    cache.read_vectors(ids)
    same = [(i, cache.vectors[i]) for i in ids if i in cache.vectors and cache.vectors[i][0] == group.type]
    context = _cosines_of(_unit(group.context_sum), [v[1] for _, v in same])
    trigger = _cosines_of(_unit(group.trigger_sum), [v[2] for _, v in same])
    context = np.where(np.isnan(context), 0.0, context)
    trigger = np.where(np.isnan(trigger), context, trigger)  # no trigger vector: the context stands in
    bound = CONTEXT_WEIGHT * context + TRIGGER_WEIGHT * trigger + MAX_BONUS
    bounds = [(float(b), i) for b, (i, _) in zip(bound.tolist(), same, strict=True) if b >= threshold]
    ids = [i for _, i in sorted(bounds, reverse=True)[:MAX_SCORED]]
    if not ids:
        return []
    cache.read_clusters(ids)
    found = [(cache.clusters[i][0], i) for i in ids if i in cache.clusters]
    found.sort()  # the store's order: first seen, then id
    return [cache.clusters[i][1] for _, i in found]


def _corroboration(reports: list[sqlite3.Row]) -> int:
    """Independent sources: same outlet, a duplicate and its original, or identical evidence count once."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    for r in reports:
        node = "art:" + (r["duplicate_of"] or r["article_id"])
        find(node)
        if r["outlet"]:
            union(node, "outlet:" + r["outlet"].casefold().strip())
        union(node, "text:" + normalise_text(r["evidence"]).casefold())
    return len({find("art:" + (r["duplicate_of"] or r["article_id"])) for r in reports})


def _ordered(counter: Counter[str]) -> list[str]:
    return [k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def refresh_canonical(db: sqlite3.Connection, cid: str, codes_of: _ActorCodes, encoder: Encoder) -> bool:
    """Recompute one canonical event from its reports; delete it when none is left. True if it exists."""
    _canonical_changed(db, cid)
    rows = db.execute(
        "SELECT r.event_id, r.article_id, r.embedding, r.trigger_embedding, r.linked_at, e.*, "
        "substr(a.text, e.trigger_start + 1, e.trigger_end - e.trigger_start) AS trigger_text, "
        "a.published, a.outlet, a.duplicate_of, a.added_at "
        "FROM event_reports r JOIN events e ON e.id = r.event_id JOIN articles a ON a.id = r.article_id "
        # reports in the order their articles came (the add order breaks ties of publication date, not the
        # second they were linked: the same store must give the same canonical events on every run)
        "WHERE r.canonical_id = ? ORDER BY a.published, a.rowid, r.event_id", (cid,)).fetchall()
    db.execute("DELETE FROM canonical_keys WHERE canonical_id = ?", (cid,))
    if not rows:
        db.execute("DELETE FROM canonical_events WHERE id = ?", (cid,))
        return False
    actors: Counter[str] = Counter()
    recipients: Counter[str] = Counter()
    times: Counter[str] = Counter()
    places: Counter[str] = Counter()
    modes: Counter[str] = Counter()
    triggers: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    agents: Counter[str] = Counter()
    outlets: list[str] = []
    ctx_sum: np.ndarray[Any, Any] | None = None
    trig_sum: np.ndarray[Any, Any] | None = None
    for r in rows:
        acts, recs = json.loads(r["actors"]), json.loads(r["recipients"])
        actors.update(acts)
        recipients.update(recs)
        codes.update(sorted(codes_of.expand(acts + recs)))  # sorted: a set's order changes from run to run
        agents.update(sorted({codes_of(a) for a in acts}))
        times.update(_hard_time(r))
        if r["place"]:
            places[r["place"]] += 1
        if r["mode"]:
            modes[r["mode"]] += 1
        triggers[lemma(r["trigger_text"] or "")] += 1
        if r["outlet"] and r["outlet"] not in outlets:
            outlets.append(r["outlet"])
        for blob, name in ((r["embedding"], "ctx"), (r["trigger_embedding"], "trig")):
            v = from_blob(blob)
            if v is None:
                continue
            if name == "ctx":
                ctx_sum = v if ctx_sum is None or ctx_sum.shape != v.shape else ctx_sum + v
            else:
                trig_sum = v if trig_sum is None or trig_sum.shape != v.shape else trig_sum + v
    for both in set(actors) & set(recipients):
        # reports that give one actor both roles: it keeps the role most of them give it (ties: doer)
        del (actors if recipients[both] > actors[both] else recipients)[both]
    published = sorted(p[:10] for p in (r["published"] for r in rows) if p)
    time = timex.most_specific(list(times)) or (next(iter(times)) if times else None)
    first = published[0] if published else None
    type_ = rows[0]["type"]
    values: dict[str, Any] = {
        "id": cid, "type": type_, "mode": _ordered(modes)[0] if modes else None,
        "actors": json.dumps(_ordered(actors)), "recipients": json.dumps(_ordered(recipients)), "time": time,
        "times": json.dumps(dict(times)), "place": _ordered(places)[0] if places else None,
        "places": json.dumps(dict(places)), "sort_key": timex.sort_key(time, first), "first_reported": first,
        "last_reported": published[-1] if published else None, "first_seen": min(r["added_at"] for r in rows),
        "corroboration": _corroboration(rows), "n_reports": len(rows), "outlets": json.dumps(outlets),
        "triggers": json.dumps(dict(triggers)), "codes": json.dumps(dict(codes)), "agents": json.dumps(dict(agents)),
        "embedding": to_blob(ctx_sum) if ctx_sum is not None else None,
        "trigger_embedding": to_blob(trig_sum) if trig_sum is not None else None,
        "encoder": encoder.name, "updated_at": utcnow(),
    }
    # the story is assigned apart (stories.assign_article); an update never touches it
    updates = ", ".join(f"{c} = excluded.{c}" for c in values if c not in ("id", "type", "first_seen"))
    db.execute(
        f"INSERT INTO canonical_events ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)}) "
        f"ON CONFLICT(id) DO UPDATE SET {updates}, first_seen = MIN(canonical_events.first_seen, excluded.first_seen)",
        list(values.values()),
    )
    keys = _keys(type_, top(codes, MAX_KEY_CODES), _buckets(list(times), published))
    db.executemany("INSERT OR IGNORE INTO canonical_keys (key, canonical_id) VALUES (?, ?)",
                   [(k, cid) for k in keys])
    return True


def _unlink_article(db: sqlite3.Connection, article_id: str, codes_of: _ActorCodes, encoder: Encoder) -> None:
    touched = [r[0] for r in db.execute("SELECT DISTINCT canonical_id FROM event_reports WHERE article_id = ?",
                                        (article_id,))]
    db.execute("DELETE FROM event_reports WHERE article_id = ?", (article_id,))
    _labels_changed(db)
    if db.execute("DELETE FROM article_leads WHERE article_id = ?", (article_id,)).rowcount:
        title, text = db.execute("SELECT title, text FROM articles WHERE id = ?", (article_id,)).fetchone()
        words = ["", *sorted(_lead_words(_lead_text(title, text)))]  # its lead is counted again when relinked
        db.executemany("UPDATE lead_terms SET df = df - 1 WHERE term = ? AND df > 0", [(w,) for w in words])
    for cid in touched:
        refresh_canonical(db, cid, codes_of, encoder)


def _lead_text(title: str | None, text: str) -> str:
    """The title and opening sentences of an article (address lines, date lines and bylines left out)."""
    lines = [ln.strip() for ln in text.splitlines()
             if ln.strip() and not _ADDRESS.match(ln.strip()) and not is_date_line(ln)]
    body = " ".join(lines)
    sentences = _SENTENCE_END.split(body)[:LEAD_SENTENCES]
    lead = " ".join(sentences)
    if title and not _ADDRESS.match(title.strip()) and not lead.startswith(title.strip()):
        lead = f"{title.strip()}. {lead}"
    return lead[:LEAD_CHARS]


def encoded_texts(article_text: str, title: str | None, events: list[Any]) -> tuple[list[str], str]:
    """What linking an analysed article will ask the encoders for: the evidence sentences and
    trigger words of its events (sentence encoder), and its lead (lead encoder). Worker processes
    encode them beside the analysis, so the linking process does not."""
    texts = [" ".join(article_text[ev.evidence.start:ev.evidence.end].split()) for ev in events]
    texts += [article_text[ev.trigger.start:ev.trigger.end] for ev in events]
    return texts, _lead_text(title, article_text)


@dataclass
class _Lead:
    """An article's lead as the linker compares it: the lead encoder's unit vector and its words."""

    meaning: Vector
    words: Counter[str]


def _lead_words(lead: str) -> Counter[str]:
    return Counter(w for w in _WORD.findall(lead.casefold()) if w not in _STOPWORDS and not w.isdigit())


def _term_id(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little") % LEAD_TERM_SPACE


def _lead_of(encoder: Encoder, title: str | None, text: str) -> _Lead:
    lead = _lead_text(title, text)
    meaning = np.asarray(get_lead_encoder(encoder).encode([lead])[0], dtype=np.float32)
    return _Lead(meaning=meaning, words=_lead_words(lead))


def _count_lead(db: sqlite3.Connection, words: Counter[str]) -> dict[str, float]:
    """Add the lead's words to the document frequencies; return their IDF (leads seen so far, this one included).

    An index look-up and update of the lead's own words: the cost does not grow with the store.
    IDF is ``ln((1 + N) / (1 + df)) + 1`` (never 0: with few leads seen it falls back to word counts).
    """
    terms = ["", *sorted(words)]
    db.executemany("INSERT INTO lead_terms (term, df) VALUES (?, 1) "
                   "ON CONFLICT(term) DO UPDATE SET df = lead_terms.df + 1", [(t,) for t in terms])
    df: dict[str, int] = {}
    for chunk in range(0, len(terms), 500):
        part = terms[chunk:chunk + 500]
        df.update(db.execute(f"SELECT term, df FROM lead_terms WHERE term IN ({','.join('?' for _ in part)})",
                             part).fetchall())
    n = df.get("", 1)
    return {w: math.log((1 + n) / (1 + df.get(w, 1))) + 1.0 for w in words}


def _tfidf(words: Counter[str], idf: dict[str, float]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """The lead's TF-IDF unit vector, sparse: sorted hashed word ids and their weights."""
    weights: dict[int, float] = {}
    for w, c in words.items():
        tid = _term_id(w)
        weights[tid] = weights.get(tid, 0.0) + (1.0 + math.log(c)) * idf[w]
    ids = np.array(sorted(weights), dtype=np.int64)
    vals = np.array([weights[i] for i in ids.tolist()], dtype=np.float32)
    norm = float(np.linalg.norm(vals))
    return ids, (vals / norm if norm > 0 else vals)


def _terms_blob(ids: npt.NDArray[np.int64], vals: npt.NDArray[np.float32]) -> bytes:
    return ids.astype("<i4").tobytes() + vals.astype("<f4").tobytes()


def _main_event_id(db: sqlite3.Connection, article_id: str) -> str | None:
    row = db.execute("SELECT data FROM analyses WHERE article_id = ?", (article_id,)).fetchone()
    art = db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None or art is None:
        return None
    analysis = Analysis.from_json(json.loads(row[0]), _article_from_row(art))
    head = main_event(analysis)
    if head is None:
        return None
    return next(f"{article_id}-e{i}" for i, ev in enumerate(analysis.events) if ev is head)


def _lead_buckets(published: str | None) -> list[str]:
    month = timex.month_bucket(published[:7]) if published else None
    return list(timex.neighbour_months(month, LINK_WINDOW_MONTHS)) if month else [UNDATED]


def _calendar(values: list[str]) -> list[str]:
    """Values that place a day on the calendar (a weekday alone, unanchored, says too little to part two reports)."""
    out = []
    for v in values:
        c = timex.parse(v)
        if not c.empty and not (c.weekday is not None and c.precision == 0):
            out.append(v)
    return out


def _dates_disagree(times: tuple[str, ...], happening: dict[str, int]) -> bool:
    """Whether a headline event's stated dates contradict the happening's: at least as many of the
    happening's dated reports disagree with them as agree (a background date in one report does not
    decide, as it would if every pair had to agree)."""
    mine = _calendar(list(times))
    agree = disagree = 0
    for value, n in happening.items():
        if not _calendar([value]):
            continue
        if all(timex.compatible(a, value) or timex.days_apart(a, value) <= DATE_SLACK_DAYS for a in mine):
            agree += n
        else:
            disagree += n
    return bool(mine) and disagree > agree


def _news_dates(times: tuple[str, ...], published: str | None) -> tuple[str, ...]:
    """The stated dates that can tell when the news happened: within :data:`NEWS_DATE_DAYS` of
    publication (a year in a background clause, next year's ceremony, do not)."""
    return tuple(t for t in times if timex.near(t, published, NEWS_DATE_DAYS))


def _headline_times(db: sqlite3.Connection, cid: str, every_report: bool = False) -> dict[str, int]:
    """Stated dates of the headline events of a happening's articles (background events left out),
    or with ``every_report`` of all its reports (each article's reports of the happening)."""
    out: Counter[str] = Counter()
    join = "" if every_report else "JOIN article_leads l ON l.article_id = r.article_id AND l.main_event = r.event_id "
    for row in db.execute("SELECT e.time, e.time_basis, a.published FROM event_reports r " + join +
                          "JOIN events e ON e.id = r.event_id JOIN articles a ON a.id = r.article_id "
                          "WHERE r.canonical_id = ?", (cid,)):
        out.update(_news_dates(_hard_time(row), row["published"]))
    return dict(out)


#: Prefix of a happening known only by the lead of an article without events (no canonical event yet).
_LEAD_ONLY = "lead:"


@dataclass
class _Leads:
    """Recent leads as the linker scores them, one row per lead, parsed once per article.

    Each row has a unit vector (a row of ``vecs``), TF-IDF word ids and weights (rows after one
    another in ``ids`` and ``vals``; ``term_row`` gives each word's row, ``starts`` each row's first
    word), its article, its month bucket and the happening its article reports. The happenings
    are also numbered (``names``, in order of first row, and ``code``, each row's number), so
    that scoring them is a few array operations.
    """

    vecs: npt.NDArray[np.float32]
    ids: npt.NDArray[np.int64]
    vals: npt.NDArray[np.float32]
    term_row: npt.NDArray[np.int64]
    starts: npt.NDArray[np.int64]
    members: list[str]
    buckets: list[str]
    happenings: list[str]
    #: Each row's vector norm and sum of squared word weights (kept by the cache, read once)
    norms: npt.NDArray[np.float32]
    words2: npt.NDArray[np.float64]
    names: list[str] = field(init=False)
    code: npt.NDArray[np.int64] = field(init=False)
    index: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.index = {}
        self.code = np.array([self.index.setdefault(h, len(self.index)) for h in self.happenings], dtype=np.int64)
        self.names = list(self.index)

    def __len__(self) -> int:
        return len(self.members)

    def terms_of(self, i: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        return self.ids[self.starts[i]:self.starts[i + 1]], self.vals[self.starts[i]:self.starts[i + 1]]

    def rows_of(self, happening: str) -> list[int]:
        if happening not in self.index:
            return []
        return np.flatnonzero(self.code == self.index[happening]).tolist()

    def relabel(self, old: set[str], new: str) -> _Leads:
        """The same leads with the happenings ``old`` now named ``new`` (after a claim or a merge)."""
        return replace(self, happenings=[new if h in old else h for h in self.happenings])


def _no_leads(dim: int) -> _Leads:
    none = np.zeros(0, dtype=np.int64)
    return _Leads(np.zeros((0, dim), dtype=np.float32), none, np.zeros(0, dtype=np.float32), none,
                  np.zeros(1, dtype=np.int64), [], [], [], np.zeros(0, dtype=np.float32), np.zeros(0))


def _parse_terms(blobs: list[bytes | None]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32],
                                                     npt.NDArray[np.int64]]:
    """Many ``terms`` blobs (word ids, then as many weights) at once: ids, weights, words per blob."""
    parts = [b or b"" for b in blobs]
    counts = np.array([len(b) // 8 for b in parts], dtype=np.int64)
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), counts
    buffer = b"".join(parts)
    as_ids, as_vals = np.frombuffer(buffer, dtype="<i4"), np.frombuffer(buffer, dtype="<f4")
    blob_at = np.concatenate([[0], np.cumsum(2 * counts)[:-1]])   # each blob's start, in 4-byte words
    word_at = np.concatenate([[0], np.cumsum(counts)[:-1]])
    index = np.repeat(blob_at, counts) + (np.arange(total) - np.repeat(word_at, counts))
    return (as_ids[index].astype(np.int64), as_vals[index + np.repeat(counts, counts)].astype(np.float32), counts)


#: The happening a saved lead reports (``l``: its row in ``article_leads``; ``r``: its headline
#: event's row in ``event_reports``): its canonical event, or the one it joined by its lead alone,
#: or a happening of its own when the article has no events.
_HAPPENING = (f"COALESCE(r.canonical_id, l.joined, "
              f"CASE WHEN l.main_event IS NULL THEN '{_LEAD_ONLY}' || l.article_id END)")

def _lead_rows(db: sqlite3.Connection, columns: str, rowids: list[int]) -> list[Any]:
    """Saved leads by rowid: the rowid, then ``columns`` (``l.``: of ``article_leads``; empty, or
    ending with a comma), then the article and the happening it reports (:data:`_HAPPENING`)."""
    marks = ",".join("?" for _ in rowids)
    return db.execute(f"SELECT l.rowid, {columns}l.article_id, {_HAPPENING} FROM article_leads l "
                      f"LEFT JOIN event_reports r ON r.event_id = l.main_event WHERE l.rowid IN ({marks})",
                      rowids).fetchall()


#: Writes, per connection, that change which happening saved leads report (see :class:`LeadCache`).
_LABEL_WRITES: dict[int, int] = {}


def _labels_changed(db: sqlite3.Connection) -> None:
    """Say that saved leads may now report other happenings (a merge, a claim, an unlink)."""
    _LABEL_WRITES[id(db)] = _LABEL_WRITES.get(id(db), 0) + 1


class LeadCache:
    """Parsed leads by rowid, kept while one run of the linker goes on (:func:`link_pending`).

    Consecutive articles are compared with mostly the same recent leads; each is read from the
    store and parsed once instead of once per article, into arrays (vectors, word ids and weights)
    from which an article's leads are taken by index. What a saved lead never changes (vector,
    terms, bucket) is kept until its rowid is written again (:func:`_save_lead`); the happening it
    reports is kept until a write that can change it (:func:`_labels_changed`: merges, claims of
    lead-only happenings, unlinks), which are rare. When ``size`` leads are held, it starts again.
    """

    def __init__(self, db: sqlite3.Connection, size: int = 8 * MAX_LEAD_CANDIDATES) -> None:
        self.db = db  # held, so that its id (the key of _LABEL_WRITES) is not reused meanwhile
        self.size = max(size, 2 * MAX_LEAD_CANDIDATES)  # one article's leads always fit
        self.labels: dict[int, tuple[str, str | None]] = {}  # rowid -> (article id, happening)
        self.writes = _LABEL_WRITES.get(id(db), 0)
        self.canonical = CanonicalCache(db)  # the keyed candidates' features, for the same run
        self._reset(0)

    def _reset(self, dim: int) -> None:
        """Forget every parsed lead; room for :attr:`size` of them, ``dim`` wide."""
        self.dim = dim
        self.slot: dict[int, int] = {}  # rowid -> row of the arrays below (-1: no usable vector)
        self.used = 0
        self.vecs = np.zeros((self.size if dim else 0, dim), dtype=np.float32)
        self.norms = np.zeros(self.size, dtype=np.float32)  # of each row of vecs
        self.words2 = np.zeros(self.size, dtype=np.float64)  # each lead's sum of squared word weights
        self.term_start = np.zeros(self.size, dtype=np.int64)
        self.term_count = np.zeros(self.size, dtype=np.int64)
        self.buckets: list[str] = []
        self.term_ids = np.zeros(0, dtype=np.int64)
        self.term_vals = np.zeros(0, dtype=np.float32)
        self.terms_used = 0

    def forget(self, rowid: int | None) -> None:
        if rowid is not None:
            self.slot.pop(rowid, None)
            self.labels.pop(rowid, None)

    def _labels_current(self) -> None:
        """Forget every label when a write since they were read may have changed them."""
        if _LABEL_WRITES.get(id(self.db), 0) != self.writes:
            self.labels.clear()
            self.writes = _LABEL_WRITES.get(id(self.db), 0)

    def label(self, rowids: list[int]) -> None:
        """Read the article and happening of the leads among ``rowids`` whose labels are not known."""
        self._labels_current()
        for part in batches([r for r in rowids if r not in self.labels], 900):
            self.labels.update((row[0], (row[1], row[2])) for row in _lead_rows(self.db, "", part))
        if len(self.labels) > self.size:
            for rowid in list(self.labels)[: len(self.labels) - self.size // 2]:
                del self.labels[rowid]

    def fill(self, db: sqlite3.Connection, rowids: list[int], dim: int) -> None:
        """Read and parse the leads among ``rowids`` not cached yet (slot -1: no usable vector), and
        their labels (see :meth:`label`) in the same reading."""
        missing = [r for r in rowids if r not in self.slot]
        if dim != self.dim or self.used + len(missing) > self.size:
            self._reset(dim)  # full (or another width): start again with what this article needs
            missing = list(dict.fromkeys(rowids))
        self._labels_current()
        for part in batches(missing, 900):
            rows = _lead_rows(db, "l.embedding, l.terms, l.bucket, ", part)
            self.labels.update((row[0], (row[4], row[5])) for row in rows)
            ids, vals, counts = _parse_terms([row[2] for row in rows])
            # the leads with a whole vector (a shorter one, from another encoder, is no lead), normalised
            # as one matrix; those of norm 0 are no lead either
            whole = [k for k, row in enumerate(rows) if row[1] and len(row[1]) >= 4 * dim]
            usable: list[int] = []
            matrix = np.zeros((0, dim), dtype=np.float32)
            if whole:
                if all(len(rows[k][1]) == 4 * dim for k in whole):  # the usual case: one buffer
                    raw = np.frombuffer(b"".join(rows[k][1] for k in whole), dtype="<f4").reshape(len(whole), dim)
                else:
                    raw = np.vstack([np.frombuffer(rows[k][1], dtype="<f4")[:dim] for k in whole])
                norms = np.linalg.norm(raw, axis=1)
                matrix = (raw / np.maximum(norms, 1e-12)[:, None]).astype(np.float32)
                good = norms > 0
                usable = [k for k, ok in zip(whole, good.tolist(), strict=True) if ok]
                matrix = matrix[good]
            if self.terms_used + ids.size > self.term_ids.size:
                room = max(2 * self.term_ids.size, self.terms_used + ids.size, 1024)
                self.term_ids = np.concatenate([self.term_ids[:self.terms_used],
                                                np.zeros(room - self.terms_used, dtype=np.int64)])
                self.term_vals = np.concatenate([self.term_vals[:self.terms_used],
                                                 np.zeros(room - self.terms_used, dtype=np.float32)])
            self.term_ids[self.terms_used:self.terms_used + ids.size] = ids
            self.term_vals[self.terms_used:self.terms_used + ids.size] = vals
            starts = self.terms_used + np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
            self.terms_used += int(ids.size)
            # each lead's sum of squared word weights, added in its words' order, as scoring adds them
            wide = vals.astype(np.float64)
            squares = np.bincount(np.repeat(np.arange(len(rows)), counts), weights=wide * wide, minlength=len(rows))
            self.slot.update((row[0], -1) for row in rows)
            if usable:
                first, last = self.used, self.used + len(usable)
                self.vecs[first:last] = matrix
                self.term_start[first:last] = starts[usable]
                self.term_count[first:last] = counts[usable]
                self.norms[first:last] = np.linalg.norm(self.vecs[first:last], axis=1)
                self.words2[first:last] = squares[usable]
                self.buckets.extend(rows[k][3] for k in usable)
                self.slot.update((rows[k][0], i) for i, k in enumerate(usable, start=first))
                self.used = last

    def leads(self, rowids: list[int], article_id: str) -> _Leads:
        """The leads of ``rowids`` (parsed and labelled) but those of ``article_id``, in that order."""
        rows: list[int] = []
        members: list[str] = []
        happenings: list[str] = []
        for rowid in rowids:
            i = self.slot.get(rowid, -1)
            member, happening = self.labels.get(rowid, _NO_LABEL)
            if i >= 0 and happening and member != article_id:
                rows.append(i)
                members.append(member)
                happenings.append(happening)
        if not rows:
            return _no_leads(self.dim)
        at = np.array(rows, dtype=np.int64)
        counts = self.term_count[at]
        starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        index = np.repeat(self.term_start[at] - starts[:-1], counts) + np.arange(int(starts[-1]))
        return _Leads(vecs=self.vecs[at], ids=self.term_ids[index], vals=self.term_vals[index],
                      term_row=np.repeat(np.arange(len(rows)), counts), starts=starts, members=members,
                      buckets=[self.buckets[i] for i in rows], happenings=happenings,
                      norms=self.norms[at], words2=self.words2[at])


#: The label of a lead not labelled yet: no article, no happening.
_NO_LABEL: tuple[str, str | None] = ("", None)


def _latest_rowids(db: sqlite3.Connection, where: str, args: tuple[str, ...]) -> list[int]:
    """The rowids of the latest :data:`MAX_LEAD_CANDIDATES` saved leads (``where`` they are)."""
    rows = db.execute(f"SELECT rowid FROM article_leads {where} ORDER BY rowid DESC LIMIT ?",
                      (*args, MAX_LEAD_CANDIDATES)).fetchall()
    return [row[0] for row in rows]


def _recent_leads(db: sqlite3.Connection, article_id: str, published: str | None, dim: int,
                  cache: LeadCache | None = None) -> _Leads:
    """Leads an article is compared with, each with the happening its article reports (an index look-up).

    The latest :data:`MAX_LEAD_CANDIDATES` leads of the article's publication months and the latest
    undated ones (a dated article), or the latest leads, dated or not (an undated one). Read once
    per article, as arrays: the headline match and the merge check score the same leads.
    """
    found: set[int] = set()
    for bucket in _lead_buckets(published):
        found.update(_latest_rowids(db, "WHERE bucket = ?", (bucket,)))
    if published:  # and the latest undated leads
        found.update(_latest_rowids(db, "WHERE bucket = ?", (UNDATED,)))
    else:  # and the latest leads, dated or not (a look-up by rowid: the cost stays flat as the store grows)
        found.update(_latest_rowids(db, "", ()))
    recent = sorted(found)[-2 * MAX_LEAD_CANDIDATES:]  # the latest, oldest first
    if not recent:
        return _no_leads(dim)
    cache = cache if cache is not None else LeadCache(db)
    cache.fill(db, recent, dim)
    cache.label(recent)
    return cache.leads(recent, article_id)


@dataclass
class _Scored:
    """Happenings among recent leads, scored against one lead (or one happening's leads)."""

    names: list[str]
    scores: npt.NDArray[np.float64]
    leads: _Leads

    def members(self, happening: str) -> list[str]:
        """The articles of ``happening`` among the recent leads."""
        return [self.leads.members[i] for i in self.leads.rows_of(happening)]

    def dated(self, happening: str) -> int:
        """How many of ``happening``'s recent leads are dated."""
        return sum(self.leads.buckets[i] != UNDATED for i in self.leads.rows_of(happening))


#: Low bits of a word id that pre-select the words two leads may share (see :func:`_score_happenings`).
_TERM_MASK = 2**16 - 1


def _score_happenings(leads: _Leads, meaning: Vector,
                      terms: tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]], skip: str | None = None) -> _Scored:
    """Each happening's score (but ``skip``'s): an even mix of the cosine of ``meaning`` with the sum
    of its articles' lead vectors and of the cosine of ``terms`` (TF-IDF) with the sum of theirs.

    Most happenings have one recent lead: their sums are that lead's vector and terms, so only the
    happenings with more than one are summed; the dot products are taken per lead and added up.
    """
    n = len(leads.names)
    keep = np.ones(len(leads), dtype=bool)
    if skip is not None and skip in leads.index:
        keep &= leads.code != leads.index[skip]
    if not n or not keep.any():
        return _Scored([], np.zeros(0), leads)
    code = leads.code[keep]
    size = np.bincount(code, minlength=n)
    many = size[leads.code] > 1  # rows whose happening has other rows (skip's rows excluded below)
    many &= keep
    # meaning: cosine of ``meaning`` with the sum of the happening's (unit) lead vectors
    dots = leads.vecs @ meaning
    meaning_dot = np.bincount(code, weights=dots[keep].astype(np.float64), minlength=n)
    meaning_norm = np.zeros(n, dtype=np.float64)
    single = keep & ~many
    meaning_norm[leads.code[single]] = leads.norms[single]
    if many.any():
        rows = np.flatnonzero(many)
        rows = rows[np.argsort(leads.code[rows], kind="stable")]
        groups, starts = np.unique(leads.code[rows], return_index=True)
        sums = np.add.reduceat(leads.vecs[rows], starts, axis=0)
        meaning_norm[groups] = np.linalg.norm(sums, axis=1)
    meaning_cos = meaning_dot / np.maximum(meaning_norm, 1e-12)
    # words: cosine of the TF-IDF vector with the sum of theirs (sparse, by hashed word id)
    words_cos = np.zeros(n, dtype=np.float64)
    x_ids, x_vals = terms
    if leads.ids.size and x_ids.size:
        vals = leads.vals.astype(np.float64)
        # the leads' words that may be this lead's (same low bits), then an exact look-up of those
        seen = np.zeros(_TERM_MASK + 1, dtype=bool)
        seen[x_ids & _TERM_MASK] = True
        maybe = np.flatnonzero(seen[leads.ids & _TERM_MASK])
        where = np.minimum(np.searchsorted(x_ids, leads.ids[maybe]), x_ids.shape[0] - 1)
        hit = x_ids[where] == leads.ids[maybe]
        at = maybe[hit]
        row_dot = np.bincount(leads.term_row[at], weights=vals[at] * x_vals[where[hit]], minlength=len(leads))
        words_dot = np.bincount(code, weights=row_dot[keep], minlength=n)
        row_norm2 = leads.words2
        words_norm = np.zeros(n, dtype=np.float64)
        words_norm[leads.code[single]] = np.sqrt(row_norm2[single])
        if many.any():
            in_many = many[leads.term_row]
            keys = leads.code[leads.term_row[in_many]] * LEAD_TERM_SPACE + leads.ids[in_many]
            uniq, inverse = np.unique(keys, return_inverse=True)
            summed = np.bincount(inverse, weights=vals[in_many])
            owner = uniq // LEAD_TERM_SPACE
            norms = np.sqrt(np.bincount(owner, weights=summed * summed, minlength=n))
            multi = np.unique(leads.code[many])
            words_norm[multi] = norms[multi]
        words_cos = words_dot / np.maximum(words_norm, 1e-12)
    scores = LEAD_WORDS_WEIGHT * words_cos + (1 - LEAD_WORDS_WEIGHT) * meaning_cos
    present = np.flatnonzero(size > 0)
    return _Scored([leads.names[k] for k in present.tolist()], scores[present], leads)


def _headline_match(db: sqlite3.Connection, article_id: str, lead: _Lead,
                    terms: tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]], report: Report | None,
                    published: str | None, threshold: float, leads: _Leads,
                    stated: tuple[str, ...] = ()) -> tuple[str | None, float]:
    """The happening (canonical event id) that earlier articles with a like lead report.

    ``stated``: the dates the article states for its headline happening (its reports grouped with
    the headline event: "North Korea tests new weapons" ... "On March 21, it announced the test").

    Articles on one happening open alike ("Lindsay Lohan has left the Betty Ford Center ..."),
    even when their headline events are worded (and typed) apart. Candidates are the recent
    leads (:func:`_recent_leads`), grouped by the happening their article reports; a happening's
    score mixes the cosine of this lead with the sum of its articles' lead vectors (meaning and
    TF-IDF words), lowered when the actors differ. Happenings whose stated dates cannot agree are
    never joined. An article without events whose lead matched nothing is a happening too
    (``lead:<article id>``), which a later article's headline event can found.
    """
    scored = _score_happenings(leads, lead.meaning, terms)
    if not scored.names:
        return None, threshold
    people = _lead_people(db, [article_id])
    best, best_score = None, threshold
    # Dates and actors are read only for the happenings that could win, best first.
    for k in np.argsort(-scored.scores).tolist():
        value = float(scored.scores[k])
        if value < best_score:
            break
        cid = scored.names[k]
        # a happening without a canonical event (``lead:<id>``, or the id event-less articles
        # joined by their leads alone: a death, a match, a film) has no dates or actors to check
        row = None
        if not cid.startswith(_LEAD_ONLY):
            row = db.execute("SELECT times, codes FROM canonical_events WHERE id = ?", (cid,)).fetchone()
        if row is not None:
            # Without publication dates on one side, the month windows cannot keep the happenings
            # apart, so every date either side states for them is checked (the March and the
            # August missile tests); with them, the headline events' own dates only.
            undated = published is None or scored.dated(cid) == 0
            if report is not None and _dates_disagree(_news_dates(stated if undated else report.times, published),
                                                      _headline_times(db, cid, every_report=undated)):
                continue
            if report is not None and report.codes and not set(report.codes) & set(json.loads(row[1])
                                                                                    or report.codes):
                value -= LEAD_ACTOR_DISJOINT_PENALTY
        if people:
            theirs = _lead_people(db, scored.members(cid))
            if theirs and not people & theirs:
                value -= LEAD_PEOPLE_DISJOINT_PENALTY
        # a happening none of whose recent leads is dated as this one is (or undated as it is)
        same_kind = scored.dated(cid) > 0 if published else scored.dated(cid) < len(scored.members(cid))
        if not same_kind:
            value -= UNDATED_LEAD_MARGIN
        if value > best_score or (best is None and value >= best_score):  # ties: the higher score
            best, best_score = cid, value
    return best, best_score


def _sum_terms(parts: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]]
               ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """The unit sum of sparse TF-IDF vectors (sorted ids, weights)."""
    ids = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    vals = np.concatenate([p[1] for p in parts]).astype(np.float64) if parts else np.zeros(0)
    if not ids.size:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    uniq, inverse = np.unique(ids, return_inverse=True)
    summed = np.bincount(inverse, weights=vals)
    norm = float(np.linalg.norm(summed))
    return uniq, (summed / norm if norm > 0 else summed).astype(np.float32)


def _merge_alike(db: sqlite3.Connection, article_id: str, cid: str, published: str | None, lead: _Lead,
                 terms: tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]], codes_of: _ActorCodes,
                 encoder: Encoder, leads: _Leads) -> tuple[str, str] | None:
    """Merge the happening an article just joined (or founded) with a like one it now bridges.

    An article is compared with each happening on its own; one happening can thus end up in two
    canonical events when its first reports read apart (a lead on the crime, a lead on the arrest)
    and later ones read like both. Once the article has joined ``cid``, the sum of ``cid``'s recent
    leads (``leads``, labelled as they are now) is compared with the other happenings' sums, with
    the same scores, penalties and date checks; the best one at :data:`MERGE_THRESHOLD` or more
    merges with it. Returns (the canonical id that remains, the happening merged into it), or None.
    """
    own = leads.rows_of(cid)
    total = np.sum(np.vstack([lead.meaning, *(leads.vecs[i] for i in own)]), axis=0)
    meaning = (total / max(float(np.linalg.norm(total)), 1e-12)).astype(np.float32)
    together = _sum_terms([terms, *(leads.terms_of(i) for i in own)])
    scored = _score_happenings(leads, meaning, together, skip=cid)
    if not scored.names:
        return None
    mine = [article_id, *(leads.members[i] for i in own)]
    dated_mine = (published is not None) + sum(leads.buckets[i] != UNDATED for i in own)
    mine_dated = 2 * dated_mine > len(mine)
    my_times = tuple(_headline_times(db, cid))
    row = db.execute("SELECT codes FROM canonical_events WHERE id = ?", (cid,)).fetchone()
    my_codes = set(json.loads(row[0])) if row else set()
    people = _lead_people(db, mine)
    for k in np.argsort(-scored.scores).tolist():
        value = float(scored.scores[k])
        if value < MERGE_THRESHOLD:
            break
        other = scored.names[k]
        row = None  # none: a happening of event-less articles (see _headline_match)
        if not other.startswith(_LEAD_ONLY):
            row = db.execute("SELECT codes FROM canonical_events WHERE id = ?", (other,)).fetchone()
        if row is not None:
            their_times = _headline_times(db, other)
            if _dates_disagree(my_times, their_times) or _dates_disagree(tuple(their_times),
                                                                         dict.fromkeys(my_times, 1)):
                continue
            theirs_codes = set(json.loads(row[0]))
            if my_codes and theirs_codes and not my_codes & theirs_codes:
                value -= LEAD_ACTOR_DISJOINT_PENALTY
        if people:
            theirs = _lead_people(db, scored.members(other))
            if theirs and not people & theirs:
                value -= LEAD_PEOPLE_DISJOINT_PENALTY
        if (2 * scored.dated(other) > len(scored.members(other))) != mine_dated:
            value -= UNDATED_LEAD_MARGIN
        if value >= MERGE_THRESHOLD:
            log.debug("merging happenings %s and %s (score %.3f)", cid, other, value)
            kept = _merge_happenings(db, cid, other, len(mine) >= len(scored.members(other)), codes_of, encoder)
            return kept, (other if kept == cid else cid)
    return None


def _merge_happenings(db: sqlite3.Connection, cid: str, other: str, keep_mine: bool, codes_of: _ActorCodes,
                      encoder: Encoder) -> str:
    """Make two happenings one canonical event; return the id that remains.

    Reports, lead-only matches and stories follow the one that remains (the larger); the other
    canonical event is deleted. A happening known only by an event-less lead (``lead:<id>``) just
    records the match on that lead.
    """
    _labels_changed(db)
    if other.startswith(_LEAD_ONLY):
        db.execute("UPDATE article_leads SET joined = ? WHERE article_id = ?", (cid, other[len(_LEAD_ONLY):]))
        return cid
    keep, gone = (cid, other) if keep_mine else (other, cid)
    story = db.execute("SELECT story_id FROM canonical_events WHERE id = ?", (gone,)).fetchone()
    db.execute("UPDATE event_reports SET canonical_id = ? WHERE canonical_id = ?", (keep, gone))
    db.execute("UPDATE article_leads SET joined = ? WHERE joined = ?", (keep, gone))
    refresh_canonical(db, gone, codes_of, encoder)  # no report left: deleted, with its keys
    refresh_canonical(db, keep, codes_of, encoder)
    if story and story[0]:
        db.execute("UPDATE stories SET n_events = MAX(n_events - 1, 0) WHERE id = ?", (story[0],))
    return keep


def _lead_people(db: sqlite3.Connection, article_ids: list[str]) -> set[str]:
    """Surnames (last word, case-folded) of the people named in the leads of these articles."""
    marks = ",".join("?" for _ in article_ids)
    out = set()
    for (text,) in db.execute(f"SELECT text FROM entities WHERE article_id IN ({marks}) AND label = 'PERSON' "
                              f"AND start < ?", [*article_ids, LEAD_CHARS]):
        words = [w for w in _NAME_WORD.findall(text.casefold()) if len(w) > 1]
        if words:
            out.add(words[-1])
    return out


_NAME_WORD = re.compile(r"[^\W\d_]+")


def lead_only_id(article_id: str) -> str:
    """The id of the happening an event-less article's lead founds (the same before and after others join it)."""
    return canonical_id_for(f"{article_id}-lead")


def _claim_lead_only(db: sqlite3.Connection, happening: str) -> str:
    """The canonical id for a happening so far known only by an event-less article's lead; recorded on it."""
    if not happening.startswith(_LEAD_ONLY):
        return happening
    first = happening[len(_LEAD_ONLY):]
    cid = lead_only_id(first)
    db.execute("UPDATE article_leads SET joined = ? WHERE article_id = ?", (cid, first))
    _labels_changed(db)
    return cid


def _save_lead(db: sqlite3.Connection, article_id: str, bucket: str, main_id: str | None, joined: str | None,
               lead: _Lead, terms: tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]) -> int | None:
    """Save an article's lead; return its rowid (a rowid may be given again after a delete)."""
    return db.execute("INSERT OR REPLACE INTO article_leads (article_id, bucket, main_event, joined, embedding, terms) "
                      "VALUES (?, ?, ?, ?, ?, ?)", (article_id, bucket, main_id, joined, to_blob(lead.meaning),
                                                    _terms_blob(*terms))).lastrowid


def link_article(db: sqlite3.Connection, article_id: str, encoder: Encoder, codes_of: _ActorCodes,
                 cache: LeadCache | None = None) -> dict[str, int]:
    """Link one article's events (inside the caller's transaction); return what changed.

    The headline event follows the article's lead: it joins the happening whose articles open
    alike (:func:`_headline_match`), else it founds a new canonical event; it never joins a
    happening by its own sentence alone (one kind of event, worded alike, happens many times).
    The article's other events join through the retrieval keys (:func:`core.best_match`).
    """
    counts = {"new": 0, "joined": 0}
    reports, _ = _article_reports(db, article_id, encoder, codes_of)
    published, title, text = db.execute("SELECT published, title, text FROM articles WHERE id = ?",
                                         (article_id,)).fetchone()
    bucket = (timex.month_bucket(published[:7]) if published else None) or UNDATED
    shift = encoder.threshold_shift
    lead_shift = get_lead_encoder(encoder).threshold_shift  # leads may be read by another encoder
    lead = _lead_of(encoder, title, text)
    terms = _tfidf(lead.words, _count_lead(db, lead.words))
    cache = cache if cache is not None else LeadCache(db)
    leads = _recent_leads(db, article_id, published, lead.meaning.shape[0], cache)
    if not reports:
        # No event found, but the article may still report a known happening: matched by its lead
        # alone and kept apart from the event reports (main_event_basis "lead").
        joined, _score = _headline_match(db, article_id, lead, terms, None, published,
                                         LEAD_THRESHOLD + LEAD_ONLY_MARGIN - lead_shift, leads)
        if joined is not None and joined.startswith(_LEAD_ONLY):
            claimed = _claim_lead_only(db, joined)
            leads, joined = leads.relabel({joined}, claimed), claimed
        cache.forget(_save_lead(db, article_id, bucket, None, joined, lead, terms))
        if joined is not None and _merge_alike(db, article_id, joined, published, lead, terms, codes_of, encoder,
                                               leads):
            counts["merged"] = 1
        return counts
    by_id = {r.id: r for r in reports}
    now = utcnow()
    touched: Counter[str] = Counter()  # canonical id -> reports of this article
    main_id = _main_event_id(db, article_id)
    groups = group_document(reports, DOCUMENT_THRESHOLD - shift)
    headline: tuple[str | None, float] = (None, 0.0)
    if main_id in by_id:
        mine = next(g for g in groups if main_id in g.members)
        stated = tuple(dict.fromkeys(t for member in mine.members for t in by_id[member].times))
        headline = _headline_match(db, article_id, lead, terms, by_id[main_id], published,
                                   LEAD_THRESHOLD - lead_shift, leads, stated)
    main_cid: str | None = None
    for group in groups:
        is_main = main_id in group.members
        if is_main and headline[0] is not None:
            cid, score_value = _claim_lead_only(db, headline[0]), round(headline[1], 4)
            leads = leads.relabel({headline[0]}, cid)
            counts["joined"] += 1
        else:
            match, match_score = (None, 0.0) if is_main else best_match(
                group, _candidates(db, _query_keys(group, published), group, LINK_THRESHOLD - shift,
                                   cache.canonical),
                LINK_THRESHOLD - shift)
            if match is None:
                cid, score_value = canonical_id_for(group.members[0]), None
                counts["new"] += 1
            else:
                cid, score_value = match.id, round(match_score, 4)
                counts["joined"] += 1
        touched[cid] += len(group.members)
        if is_main:
            main_cid = cid
        for member in group.members:
            rep = by_id[member]
            db.execute(
                "INSERT OR REPLACE INTO event_reports (event_id, canonical_id, article_id, score, embedding, "
                "trigger_embedding, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (member, cid, article_id, score_value,
                 to_blob(rep.context) if rep.context is not None else None,
                 to_blob(rep.trigger_vec) if rep.trigger_vec is not None else None, now))
        refresh_canonical(db, cid, codes_of, encoder)
    cache.forget(_save_lead(db, article_id, bucket, main_id, None, lead, terms))
    merged = None if main_cid is None else _merge_alike(db, article_id, main_cid, published, lead, terms,
                                                        codes_of, encoder, leads)
    if merged is not None:
        counts["merged"] = 1
        kept, _gone = merged
        if kept != main_cid:
            touched[kept] += touched.pop(str(main_cid), 0)
    stories.assign_article(db, article_id, published, dict(touched), codes_of, encoder)
    return counts


def pending_articles(db: sqlite3.Connection) -> list[tuple[str, str, bool]]:
    """(article id, processed_at, linked before) of articles processed since they were last linked."""
    mark = db.execute("SELECT MAX(processed_at) FROM linked_articles").fetchone()[0] or ""
    rows = db.execute(
        "SELECT an.article_id, an.processed_at, l.processed_at AS linked FROM analyses an "
        "LEFT JOIN linked_articles l ON l.article_id = an.article_id "
        "WHERE an.processed_at >= ? ORDER BY an.processed_at, an.rowid", (mark,)).fetchall()
    return [(r[0], r[1], r[2] is not None) for r in rows if r[2] != r[1]]


#: (stored encoder, linking encoder) pairs already warned about in this process: once is enough,
#: while ``process --workers`` links every :data:`wirewatch.app.LINK_EVERY` articles.
_WARNED_ENCODERS: set[tuple[str, str]] = set()


def _warn_other_encoder(db: sqlite3.Connection, encoder: Encoder) -> None:
    """Say so when the store's canonical events were encoded by another encoder: their vectors and
    the new ones are not comparable, and links between them would be chance."""
    row = db.execute("SELECT encoder FROM canonical_events WHERE encoder IS NOT NULL LIMIT 1").fetchone()
    if row is not None and row[0] != encoder.name and (row[0], encoder.name) not in _WARNED_ENCODERS:
        _WARNED_ENCODERS.add((row[0], encoder.name))
        log.warning("this store's canonical events were encoded by %s, and linking now uses %s: vectors of "
                    "different encoders are not comparable; keep one encoder per store (WIREWATCH_ENCODER)",
                    row[0], encoder.name)


def link_pending(store: Store, encoder: Encoder | None = None, limit: int | None = None) -> dict[str, int]:
    """Link every article processed since the last run (the ``limit`` oldest of them), one
    transaction per article, in the order they were processed; return what it did."""
    encoder = encoder or get_encoder()
    codes_of = _ActorCodes(store.db)
    cache = LeadCache(store.db)
    done = {"linked articles": 0, "new canonical events": 0, "joined reports": 0, "merged canonical events": 0}
    pending = pending_articles(store.db)[:limit]
    if pending:
        _warn_other_encoder(store.db, encoder)
    for article_id, processed_at, linked_before in pending:
        with store.transaction() as db:
            if linked_before:
                _unlink_article(db, article_id, codes_of, encoder)
            counts = link_article(db, article_id, encoder, codes_of, cache)
            db.execute("INSERT OR REPLACE INTO linked_articles (article_id, processed_at, story_id) VALUES "
                       "(?, ?, (SELECT story_id FROM story_articles WHERE article_id = ? LIMIT 1))",
                       (article_id, processed_at, article_id))
        done["linked articles"] += 1
        done["new canonical events"] += counts["new"]
        done["joined reports"] += counts["joined"]
        done["merged canonical events"] += counts.get("merged", 0)
    log.info("linked with encoder %s: %s", encoder.name, done)
    return done


def link_store(store: Store, encoder: Encoder | None = None) -> dict[str, int]:
    """Link what is new (:func:`link_pending`), then count canonical events and stories (once per call)."""
    totals = link_pending(store, encoder)
    totals["canonical events"] = store.db.execute("SELECT COUNT(*) FROM canonical_events").fetchone()[0]
    totals["stories"] = store.db.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    return totals
