"""Figures grouped by claim key across the store, each pair compared (``wirewatch disputes``).

A group is every stored claim whose key matches, from articles that are not duplicates of another
(a syndicated copy repeats its original; it is not a second report). A key without a recipient
joins the one key that names it; a key whose subject is unnamed (``? people killed``) joins the
named key of its story (or, before linking, its article) that counts the same thing, or else groups
only the claims of that story or article.
Within a group every pair of claims is compared (``compare.compare``) and the group takes the most serious verdict:
differ > later update > not comparable > consistent > agree.
"""

from __future__ import annotations

import json
import re
import sqlite3
from itertools import combinations
from typing import Any

from ..store import Store
from .compare import Figure, compare
from .keys import NO_SUBJECT

#: Verdicts from the most to the least serious (a group shows its most serious one).
SEVERITY = ("differ", "later update", "not comparable", "consistent", "agree")

#: Claims compared per key at most (pairs grow with the square of this).
MAX_PER_KEY = 12


def _details(store: Store, article_ids: set[str]) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """The stored claim JSON (figure text, measure) of each article, and for each article a date its
    text gives (see ``text_date``), by article id."""
    out: dict[str, list[dict[str, Any]]] = {}
    dates: dict[str, str] = {}
    if not article_ids:
        return out, dates
    marks = ",".join("?" for _ in article_ids)
    for row in store.db.execute(f"SELECT article_id, data FROM analyses WHERE article_id IN ({marks})",
                                sorted(article_ids)):
        data = json.loads(row[1])
        out[row[0]] = data.get("claims", [])
        found = text_date(data.get("times", []))
        if found:
            dates[row[0]] = found
    return out, dates


def text_date(times: list[dict[str, Any]]) -> str | None:
    """For an undated article, the latest day its text names ("On March 21" -> ``XXXX-03-21``): a
    report is written on or after the days it tells of, so this is when it was reported at the earliest."""
    days = [t["value"] for t in times if t.get("type") == "DATE" and isinstance(t.get("value"), str)
            and re.fullmatch(r"(?:\d{4}|XXXX)-\d\d-\d\d", t["value"])]
    return max(days, key=lambda v: v[5:] if v.startswith("X") else v) if days else None


def _stories(store: Store) -> dict[str, str]:
    """Article id -> story id, where the linker has run."""
    try:
        return {r[0]: r[1] for r in store.db.execute("SELECT article_id, story_id FROM story_articles")}
    except sqlite3.OperationalError:
        return {}


def _rest(key: str) -> str:
    """A key without its subject and recipient: what is counted and how ("troops sent")."""
    return key.partition(" ")[2].split(" to ")[0]


def _group_keys(rows: list[dict[str, Any]], stories: dict[str, str]) -> dict[tuple[str, str], str]:
    """The group each (key, article) joins, per ``keys.keys_match``: a key without a recipient joins
    the one key that names it ("PRK troops sent" -> "PRK troops sent to RUS"); a key whose subject is
    unnamed joins the one named key of the same story (or article) that counts the same thing, else
    stays a group of its own story (or article)."""
    named = {r["key"] for r in rows if not r["key"].startswith(NO_SUBJECT + " ")}
    canonical = {}
    for k in named:
        wider = [n for n in named if n.startswith(k + " to ")]
        canonical[k] = wider[0] if " to " not in k and len(wider) == 1 else k
    scope_of = {r["article_id"]: stories.get(r["article_id"]) or f"article {r['article_id']}" for r in rows}
    named_in_scope: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        if r["key"] in named:
            named_in_scope.setdefault((scope_of[r["article_id"]], _rest(r["key"])), set()).add(canonical[r["key"]])
    out: dict[tuple[str, str], str] = {}
    for r in rows:
        k, article = r["key"], r["article_id"]
        if k in named:
            out[(k, article)] = canonical[k]
            continue
        scope = scope_of[article]
        candidates = named_in_scope.get((scope, _rest(k)), set())
        if len(candidates) == 1:
            out[(k, article)] = next(iter(candidates))
        else:
            out[(k, article)] = f"{k} ({scope})" if scope.startswith("article ") else f"{k} (story {scope})"
    return out


def keyed_claims(store: Store, key: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Stored claims with a key, grouped by the key they match (see ``_group_keys``), oldest report first."""
    sql = ("SELECT c.*, a.outlet, a.published, a.title FROM claims c JOIN articles a ON a.id = c.article_id "
           "WHERE c.key IS NOT NULL AND a.status != 'duplicate'")
    args: list[Any] = []
    if key:
        # every key that can join the asked one counts the same thing
        base = re.sub(r" \((?:story|article) [^)]*\)$", "", key)
        sql += " AND c.key LIKE ?"
        args.append("% " + _rest(base) + "%")
    sql += " ORDER BY COALESCE(a.published, '9999'), c.article_id, c.idx"
    rows = [dict(r) for r in store.db.execute(sql, args)]
    details, text_dates = _details(store, {r["article_id"] for r in rows})
    group_of = _group_keys(rows, _stories(store))
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        group = group_of[(r["key"], r["article_id"])]
        if key and group != key:
            continue
        stored = details.get(r["article_id"], [])
        extra = stored[r["idx"]] if r["idx"] < len(stored) else {}
        quantity = extra.get("quantity") or {}
        groups.setdefault(group, []).append({
            "id": r["id"], "article_id": r["article_id"], "outlet": r["outlet"], "published": r["published"],
            "title": r["title"], "source": r["source_text"], "source_actor": r["source_actor"], "cue": r["cue"],
            "certainty": r["certainty"], "figure": quantity.get("text"), "value": r["value"], "low": r["low"],
            "high": r["high"], "approx": r["approx"], "unit": r["unit"], "measure": extra.get("measure"),
            "content": r["content"], "key": r["key"],
            "reported": r["published"] or text_date_of(text_dates, r["article_id"]),
        })
    return dict(sorted(groups.items()))


def text_date_of(dates: dict[str, str], article_id: str) -> str | None:
    found = dates.get(article_id)
    return f"{found} (from the text)" if found else None


def figure_of(claim: dict[str, Any]) -> Figure:
    """A store claim row (as ``keyed_claims`` gives it) as a comparable figure."""
    return Figure(text=claim.get("figure") or str(claim.get("value")), value=claim.get("value"),
                  approx=claim.get("approx"), low=claim.get("low"), high=claim.get("high"), unit=claim.get("unit"),
                  measure=claim.get("measure"), certainty=claim.get("certainty") or "stated",
                  source=claim.get("source"), source_actor=claim.get("source_actor"), outlet=claim.get("outlet"),
                  published=claim.get("reported") or claim.get("published"), key=claim.get("key"))


def disputes(store: Store, key: str | None = None, include_agreed: bool = False,
             limit: int = 100) -> list[dict[str, Any]]:
    """Keys with at least two figures, their claims and pairwise comparisons, most serious first."""
    out = []
    for k, claims in keyed_claims(store, key).items():
        claims = claims[:MAX_PER_KEY]
        if len(claims) < 2:
            continue
        pairs = []
        for a, b in combinations(claims, 2):
            result = compare(figure_of(a), figure_of(b))
            pairs.append({"a": a["id"], "b": b["id"], **result.to_json()})
        verdict = min((p["verdict"] for p in pairs), key=SEVERITY.index)
        if verdict == "agree" and not include_agreed:
            continue
        outlets = sorted({c["outlet"] or c["article_id"] for c in claims})
        out.append({"key": k, "verdict": verdict, "n_claims": len(claims), "outlets": outlets,
                    "claims": claims, "comparisons": pairs})
    out.sort(key=lambda d: (SEVERITY.index(d["verdict"]), -d["n_claims"], d["key"]))
    return out[:limit]


def describe(claim: dict[str, Any]) -> str:
    """One line for a claim: figure, who, where, when, how surely."""
    who = claim["source"] or claim["outlet"] or "outlet"
    when = claim["published"] or (f"undated, {claim['reported']}" if claim.get("reported") else "undated")
    measure = f", {claim['measure']}" if claim["measure"] else ""
    return (f"{claim['figure'] or claim['value']} — {who} ({claim['certainty']}{measure}); "
            f"{claim['outlet'] or 'outlet unknown'}, {when}")
