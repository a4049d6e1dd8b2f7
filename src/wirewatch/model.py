"""The central, typed data model of wirewatch.

Every annotation carries character offsets into ``Article.text`` (``start``
inclusive, ``end`` exclusive) and the name of the stage that produced it, so
that the evidence behind any fact can always be shown.

The JSON shape of each class (``to_json``) is the public contract of
``wirewatch read --json``; it is documented in ``docs/read-json.md``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

JSON = dict[str, Any]

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Unicode-normalise and collapse whitespace: the form used for ids and exact duplicates."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def article_id(text: str) -> str:
    """A stable id derived from the article's normalised text (the same text, the same id)."""
    digest = hashlib.sha256(normalise_text(text).casefold().encode("utf-8")).hexdigest()
    return "a" + digest[:15]


@dataclass(frozen=True, kw_only=True)
class Span:
    """A stretch of the article text."""

    start: int
    end: int
    text: str

    def to_json(self) -> JSON:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(kw_only=True)
class Article:
    """One news article: its text and what is known about it.

    ``published`` is an ISO date (``YYYY-MM-DD``) or a full ISO timestamp, or
    ``None`` when the publication date is unknown; it is never filled with the
    fetch time, which is kept apart in ``fetched_at``.
    """

    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    dateline: str | None = None
    fetched_at: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.text)

    @property
    def published_date(self) -> str | None:
        """The calendar date part of ``published`` (``YYYY-MM-DD``), if any."""
        if self.published and re.match(r"\d{4}-\d{2}-\d{2}", self.published):
            return self.published[:10]
        return None

    def to_json(self) -> JSON:
        return asdict(self)

    @classmethod
    def from_json(cls, data: JSON) -> Article:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(kw_only=True)
class Actor:
    """A canonical actor: a country, a person, an organisation, or an unresolved name.

    ``kind`` is one of ``country``, ``person``, ``organisation``, ``igo``,
    ``group`` or ``unresolved``. ``country`` is an ISO 3166 alpha-3 code (or
    ``None``); ``sector`` follows the PLOVER/CAMEO spirit (``government``,
    ``military``, ``intelligence``, ``media``, ``civilian``, ...).
    An unresolved actor is never given a country it was not resolved to.
    """

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None

    def to_json(self) -> JSON:
        return asdict(self)


@dataclass(kw_only=True)
class Mention:
    """A named-entity mention: a span, its label, the actor it resolves to."""

    start: int
    end: int
    text: str
    label: str
    stage: str
    actor: str | None = None

    def to_json(self) -> JSON:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "actor": self.actor,
        }


@dataclass(kw_only=True)
class TimeValue:
    """A time expression normalised TIMEX3-style.

    ``value`` follows TIMEX3: ``2025-03-21``, ``2025-03``, ``2025``, ``2025-W12``,
    ``P3D``, ``PRESENT_REF``; unknown parts are ``X`` (``XXXX-03-21`` when the
    year cannot be known). ``granularity`` is ``day``, ``month``, ``year``, ...
    ``anchored`` tells whether a relative expression could be anchored on a
    known date.
    """

    start: int
    end: int
    text: str
    type: str
    value: str | None
    stage: str
    granularity: str | None = None
    anchored: bool = True

    @property
    def partial(self) -> bool:
        return self.value is not None and "X" in self.value

    def to_json(self) -> JSON:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "granularity": self.granularity,
        }


@dataclass(kw_only=True)
class Quantity:
    """A number with its unit, approximator, bounds and the thing counted.

    ``approx`` is one of ``exact``, ``approximate``, ``estimated``,
    ``at_least``, ``more_than``, ``at_most``, ``less_than``, ``range`` or
    ``None``. ``low``/``high`` give bounds where the text implies them.
    """

    start: int
    end: int
    text: str
    value: float | None
    stage: str
    unit: str | None = None
    approx: str | None = None
    low: float | None = None
    high: float | None = None
    counted: str | None = None

    def to_json(self) -> JSON:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "approx": self.approx,
            "low": self.low,
            "high": self.high,
            "counted": self.counted,
        }


MODALITIES = ("asserted", "reported", "planned", "hypothetical", "negated")


@dataclass(kw_only=True)
class Event:
    """A PLOVER event found in one article.

    ``actors`` and ``recipients`` hold actor ids (see ``Analysis.actors``).
    ``time`` is a TIMEX3 value; ``time_basis`` says where it came from:
    ``text`` (a time expression of the clause), ``published`` (the text
    implies the publication date, or states a clock time whose day is taken
    from it) or ``None`` when unknown.
    """

    type: str
    trigger: Span
    evidence: Span
    stage: str
    mode: str | None = None
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    place: str | None = None
    time: str | None = None
    time_basis: str | None = None
    modality: str = "asserted"
    source: str | None = None
    confidence: float | None = None

    def to_json(self) -> JSON:
        return {
            "type": self.type,
            "mode": self.mode,
            "trigger": self.trigger.to_json(),
            "actors": list(self.actors),
            "recipients": list(self.recipients),
            "place": self.place,
            "time": self.time,
            "time_basis": self.time_basis,
            "modality": self.modality,
            "source": self.source,
            "evidence": {"start": self.evidence.start, "end": self.evidence.end},
            "confidence": self.confidence,
        }


CERTAINTIES = ("confirmed", "stated", "estimated", "believed", "alleged", "denied")


@dataclass(kw_only=True)
class Claim:
    """An attributed statement: who says so, with which cue, what, how surely.

    ``source_span`` is where the source is named in the text (``None`` for the
    outlet's own statements, whose ``cue`` is also ``None``, and for sources the
    text leaves implicit). ``key`` names the measured property a figure is about
    ("PRK troops sent to RUS"); ``measure`` says how it is counted ("count",
    "confirmed count", "believed count", "amount USD", "percent"), so that
    figures under one key but of different measures are not taken as a
    contradiction. ``within`` is the index (in ``Analysis.claims``) of
    the claim whose content holds this one ("officials said that, according to
    X, ..."), or ``None`` for a top-level claim.
    """

    source_text: str | None
    cue: Span | None
    content: Span
    stage: str
    source_actor: str | None = None
    certainty: str = "stated"
    quantity: Quantity | None = None
    key: str | None = None
    source_span: Span | None = None
    within: int | None = None
    measure: str | None = None

    def to_json(self) -> JSON:
        source: JSON = {"text": self.source_text, "actor": self.source_actor}
        if self.source_span is not None:
            source.update(start=self.source_span.start, end=self.source_span.end)
        return {
            "source": source,
            "cue": self.cue.to_json() if self.cue else None,
            "content": {"start": self.content.start, "end": self.content.end},
            "certainty": self.certainty,
            "quantity": self.quantity.to_json() if self.quantity else None,
            "key": self.key,
            "measure": self.measure,
            "within": self.within,
        }


@dataclass(kw_only=True)
class Story:
    """A thread of related canonical events over time."""

    id: str
    title: str
    actors: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    outlets: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    def to_json(self) -> JSON:
        return asdict(self)


@dataclass(kw_only=True)
class Analysis:
    """Everything the stages found in one article (the object that flows through the pipeline).

    ``nlp`` holds the transient spaCy ``Doc`` while the pipeline runs; it is
    never stored.
    """

    article: Article
    sentences: list[Span] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    times: list[TimeValue] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: str | None = None
    nlp: Any = None

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_at(self, offset: int) -> Span | None:
        for sent in self.sentences:
            if sent.start <= offset < sent.end:
                return sent
        return None

    def to_json(self) -> JSON:
        """The ``read --json`` contract (see docs/read-json.md)."""
        return {
            "id": self.article.id,
            "title": self.article.title,
            "outlet": self.article.outlet,
            "published": self.article.published,
            "text": self.article.text,
            "sentences": [{"start": s.start, "end": s.end} for s in self.sentences],
            "entities": [m.to_json() for m in self.entities],
            "actors": [a.to_json() for a in self.actors.values()],
            "times": [t.to_json() for t in self.times],
            "quantities": [q.to_json() for q in self.quantities],
            "events": [e.to_json() for e in self.events],
            "claims": [c.to_json() for c in self.claims],
            "failures": [{"stage": s, "reason": r} for s, r in self.failures],
            "skipped": self.skipped,
        }

    @classmethod
    def from_json(cls, data: JSON, article: Article) -> Analysis:
        """Rebuild an analysis from its stored JSON (the inverse of ``to_json``)."""
        text = article.text

        def span(d: JSON | None) -> Span | None:
            if d is None:
                return None
            return Span(start=d["start"], end=d["end"], text=d.get("text", text[d["start"] : d["end"]]))

        def quantity(d: JSON) -> Quantity:
            return Quantity(stage="stored", start=d["start"], end=d["end"], text=d["text"], value=d.get("value"),
                            unit=d.get("unit"), approx=d.get("approx"), low=d.get("low"), high=d.get("high"),
                            counted=d.get("counted"))

        out = cls(article=article)
        out.sentences = [Span(start=s["start"], end=s["end"], text=text[s["start"] : s["end"]])
                         for s in data.get("sentences", [])]
        out.entities = [Mention(stage="stored", **m) for m in data.get("entities", [])]
        out.actors = {a["id"]: Actor(**a) for a in data.get("actors", [])}
        out.times = [TimeValue(stage="stored", **t) for t in data.get("times", [])]
        out.quantities = [quantity(q) for q in data.get("quantities", [])]
        for e in data.get("events", []):
            ev = dict(e)
            trigger = span(ev.pop("trigger"))
            evidence = span(ev.pop("evidence"))
            assert trigger is not None and evidence is not None
            out.events.append(Event(stage="stored", trigger=trigger, evidence=evidence, **ev))
        for c in data.get("claims", []):
            content = span(c["content"])
            assert content is not None
            out.claims.append(Claim(
                stage="stored",
                source_text=c["source"]["text"],
                source_actor=c["source"]["actor"],
                cue=span(c["cue"]),
                content=content,
                certainty=c["certainty"],
                quantity=quantity(c["quantity"]) if c.get("quantity") else None,
                key=c.get("key"),
                source_span=span(c["source"]) if "start" in c["source"] else None,
                within=c.get("within"),
                measure=c.get("measure"),
            ))
        out.failures = [(f["stage"], f["reason"]) for f in data.get("failures", [])]
        out.skipped = data.get("skipped")
        return out
