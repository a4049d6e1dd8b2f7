"""The verdict on two figures under one claim key, with the reasons in plain words.

Verdicts:
- ``agree``: the same figure (within rounding) of the same measure, both points or both the same kind of
  bound ("about 100" and "some 100"; "45 million" and "some 45 million");
- ``consistent``: different wording that can both be true: a lower bound and a point above it
  ("over 10,000" and "an estimated 15,000"), two estimates within each other's margin, a range
  holding a point;
- ``later update``: the figures cannot both hold at one time, but the later report gives a higher
  running total (troops sent, deaths): an update, not a contradiction;
- ``differ``: the figures cannot both be true and nothing explains it;
- ``not comparable``: different measures ("believed to have died" against "confirmed to have
  died"), different units.
Reasons list every difference that matters to a reader, whatever the verdict: different sources,
different dates, an estimate against a confirmed count, a lower bound against a point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: Relative margin around an approximate or estimated figure ("about 300": 270 to 330). Reporters round
#: estimates to one or two significant figures, so a figure within 15% is within the same estimate.
ESTIMATE_MARGIN = 0.15

#: Two exact figures closer than this (relative) are the same figure rounded.
ROUNDING = 0.005

#: Predicates whose figures only grow over time (running totals): a higher later figure is an update.
CUMULATIVE = frozenset({"sent", "killed", "wounded", "captured", "displaced", "missing", "casualties", "fired",
                        "raised", "spent", "created", "cut", "admitted", "sold", "lost"})

APPROX_WORDS = {"exact": "a point figure", "approximate": "an approximate figure", "estimated": "an estimate",
                "more_than": "a lower bound", "at_least": "a lower bound", "less_than": "an upper bound",
                "at_most": "an upper bound", "range": "a range"}


@dataclass
class Figure:
    """One side of a comparison: a claim's figure with who said it, where and when."""

    text: str
    value: float | None
    approx: str | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    measure: str | None = None
    certainty: str = "stated"
    source: str | None = None
    source_actor: str | None = None
    outlet: str | None = None
    published: str | None = None
    key: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def bounds(self) -> tuple[float, float]:
        """The interval of true values the figure allows."""
        v = self.value
        if self.approx == "range":
            lo = self.low if self.low is not None else (v if v is not None else 0.0)
            hi = self.high if self.high is not None else math.inf
            return lo, hi
        if v is None:
            return (self.low or 0.0, self.high if self.high is not None else math.inf)
        if self.approx in ("more_than", "at_least"):
            return v, math.inf
        if self.approx in ("less_than", "at_most"):
            return 0.0, v
        if self.approx in ("approximate", "estimated") or self.certainty in ("estimated",):
            return v * (1 - ESTIMATE_MARGIN), v * (1 + ESTIMATE_MARGIN)
        return v * (1 - ROUNDING), v * (1 + ROUNDING)

    @property
    def who(self) -> str:
        return self.source or self.outlet or "an unnamed source"


@dataclass
class Comparison:
    verdict: str
    reasons: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "reasons": list(self.reasons)}


def _date(text: str | None) -> date | None:
    if not text or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _months(a: date, b: date) -> str:
    days = abs((b - a).days)
    if days < 14:
        return f"{days} day(s)"
    if days < 60:
        return f"{round(days / 7)} weeks"
    return f"{round(days / 30.44)} months"


def _partial_gap(partial: str | None, full: str | None) -> str | None:
    """How far a date without its year ("XXXX-03-21 (from the text)") lies before a full date, read in
    the same year or the one before."""
    if not partial or not full or not partial.startswith("XXXX-"):
        return None
    known = _date(full)
    if known is None:
        return None
    for year in (known.year, known.year - 1):
        try:
            guess = date.fromisoformat(f"{year}{partial[4:10]}")
        except ValueError:
            return None
        if guess <= known:
            return f"year not given; {_months(guess, known)} before if in {year}"
    return None


def _qualifier(measure: str | None) -> str:
    return (measure or "count").split(" ")[0] if measure and " " in measure and not measure.startswith("amount") \
        else ""


def _predicate(key: str | None) -> str:
    parts = (key or "").split()
    return parts[2] if len(parts) > 2 else ""


def compare(a: Figure, b: Figure) -> Comparison:
    """The verdict on two figures claimed under the same key, with every reason that matters."""
    reasons: list[str] = []
    # who and when
    if (a.source_actor or a.who).lower() != (b.source_actor or b.who).lower():
        reasons.append(f"different sources: {a.who} vs {b.who}")
    da, db = _date(a.published), _date(b.published)
    later: Figure | None = None
    if da and db and da != db:
        first, second = (a, b) if da < db else (b, a)
        later = second
        reasons.append(f"different dates: {first.published} vs {second.published} "
                       f"({_months(min(da, db), max(da, db))} apart); the later figure may be an update")
    elif (da is None) != (db is None):
        known, other = (a, b) if da is not None else (b, a)
        gap = _partial_gap(other.published, known.published)
        if gap:
            reasons.append(f"different dates: {other.published} vs {known.published} ({gap}); "
                           "the later figure may be an update")
        else:
            reasons.append("the date of one report is unknown")
    # how surely
    sure = {a.certainty, b.certainty}
    if ("confirmed" in sure and sure & {"estimated", "believed"}) or \
            ({a.approx, b.approx} & {"estimated"} and "confirmed" in sure):
        est = a if a.certainty != "confirmed" else b
        kind = "an assessment" if est.certainty == "believed" else "an estimate"
        reasons.append(f"{kind} ({est.text}) against a confirmed count")
    elif sure & {"alleged", "denied"} and len(sure) > 1:
        reasons.append(f"certainty differs: {a.certainty} vs {b.certainty}")
    kinds = {a.approx or "exact", b.approx or "exact"}
    if kinds & {"more_than", "at_least"} and kinds - {"more_than", "at_least"}:
        bound = a if (a.approx or "exact") in ("more_than", "at_least") else b
        other = b if bound is a else a
        reasons.append(f"a lower bound ({bound.text}) against {APPROX_WORDS.get(other.approx or 'exact')} "
                       f"({other.text})")
    elif kinds & {"less_than", "at_most"} and kinds - {"less_than", "at_most"}:
        bound = a if (a.approx or "exact") in ("less_than", "at_most") else b
        other = b if bound is a else a
        reasons.append(f"an upper bound ({bound.text}) against {APPROX_WORDS.get(other.approx or 'exact')} "
                       f"({other.text})")
    # what is measured
    qa, qb = _qualifier(a.measure), _qualifier(b.measure)
    if qa != qb and (qa or qb):
        what = _predicate(a.key or b.key) or "counted"
        reasons.insert(0, f"different measures: {qa or 'reported'} {what} ({a.text}) vs "
                          f"{qb or 'reported'} {what} ({b.text}), not a contradiction")
        return Comparison("not comparable", reasons)
    if (a.unit or "") != (b.unit or ""):
        reasons.insert(0, f"different units: {a.unit or 'count'} vs {b.unit or 'count'}")
        return Comparison("not comparable", reasons)
    if a.value is None and b.value is None and a.approx != "range" and b.approx != "range":
        return Comparison("not comparable", ["no figure to compare", *reasons])
    (alo, ahi), (blo, bhi) = a.bounds(), b.bounds()
    points = {"exact", "approximate", "estimated"}
    same_kind = (a.approx or "exact") == (b.approx or "exact") or {a.approx or "exact", b.approx or "exact"} <= points
    if a.value is not None and b.value is not None and same_kind \
            and abs(a.value - b.value) <= ROUNDING * max(abs(a.value), abs(b.value), 1.0):
        return Comparison("agree", reasons or ["the same figure"])
    if alo <= bhi and blo <= ahi:
        if not any(r.startswith(("a lower", "an upper")) for r in reasons):
            reasons.append(f"{a.text} and {b.text} overlap within their margins")
        return Comparison("consistent", reasons)
    if later is not None and _predicate(a.key or b.key) in CUMULATIVE:
        earlier = b if later is a else a
        if later.bounds()[0] > earlier.bounds()[1]:
            reasons.append(f"the later report gives a higher running total ({later.text} after {earlier.text})")
            return Comparison("later update", reasons)
    reasons.append(f"{a.text} and {b.text} cannot both be true")
    return Comparison("differ", reasons)
