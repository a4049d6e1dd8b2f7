"""The JSON schemas of the API's answers (they make the OpenAPI document; fields may only be added)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class Page(Model, Generic[T]):
    items: list[T]
    total: int | None = Field(description="Number of matches (null where counting would cost a full scan)")
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last page")


class ErrorBody(Model):
    status: int
    code: str = Field(description="not_found, invalid_request, unauthorized, bad_request, ...")
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorEnvelope(Model):
    error: ErrorBody


class Offsets(Model):
    start: int
    end: int


class Evidence(Model):
    """Where a fact comes from: the article, its outlet and date, and the evidence sentence's offsets."""

    article: str
    outlet: str | None
    published: str | None
    title: str | None = None
    start: int
    end: int
    text: str


class ArticleSummary(Model):
    id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    url: str | None
    status: str
    duplicate_of: str | None
    added_at: str
    n_events: int


class Article(Model):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    status: str
    text: str
    stories: list[str]
    sentences: list[Offsets]
    entities: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    times: list[dict[str, Any]]
    quantities: list[dict[str, Any]]
    events: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    failures: list[dict[str, Any]]


class Event(Model):
    """One report of a happening, found in one article."""

    id: str
    type: str
    mode: str | None
    tone: str = Field(description="cooperation, conflict or neutral")
    actors: list[str]
    recipients: list[str]
    place: str | None
    time: str | None = Field(description="TIMEX3 value; unknown parts are X (XXXX-03-21)")
    when: str | None
    time_basis: str | None
    modality: str
    source: str | None
    canonical_id: str | None
    story: str | None
    trigger: Offsets
    evidence: Evidence


class Report(Model):
    event: str
    article: str
    outlet: str | None
    published: str | None
    title: str | None
    duplicate_of: str | None
    reported_time: str | None
    time_basis: str | None
    modality: str
    source: str | None
    evidence: str
    evidence_span: Offsets
    link_score: float | None


class Span(Model):
    start: str
    end: str
    precision: str = Field(description="day, month, months or year")
    year_assumed: bool = Field(description="true when the year is not reported and taken from the first report")


class CanonicalEvent(Model):
    """One real-world happening with every report of it."""

    id: str
    type: str
    mode: str | None
    tone: str
    actors: list[str]
    recipients: list[str]
    time: str | None
    when: str
    sort_key: str | None
    span: Span | None = Field(description="The calendar days the (possibly partial) time covers")
    place: str | None
    story: str | None
    corroboration: int = Field(description="Independent outlets reporting it")
    n_reports: int
    outlets: list[str]
    first_reported: str | None
    last_reported: str | None
    first_seen: str
    conflicts: dict[str, dict[str, int]]
    reports: list[Report] = Field(default_factory=list)


class Story(Model):
    id: str
    title: str
    actors: list[str]
    start: str | None
    end: str | None
    outlets: list[str]
    n_events: int
    n_articles: int


class StoryDetail(Story):
    articles: list[str]
    events: list[CanonicalEvent]


class ActorSummary(Model):
    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    role: str | None
    n_mentions: int
    n_articles: int
    n_events: int


class Edge(Model):
    source: str
    target: str
    weight: int = Field(description="Reports (per-article events) from source to target")
    cooperation: int
    conflict: int
    neutral: int
    tone: str = Field(description="cooperation, conflict or mixed")
    types: dict[str, int]
    example_event: str


class ActorDetail(Model):
    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    role: str | None
    n_mentions: int
    n_articles: int
    names: list[str]
    interactions: list[Edge]


class Graph(Model):
    nodes: list[dict[str, Any]]
    edges: list[Edge]


class SearchHit(Model):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    rank: float | None = Field(default=None, description="BM25 score (lower is better); null without the index")
    match: Offsets
    snippet: dict[str, Any]


class SearchResult(Model):
    q: str
    articles: list[SearchHit]
    events: list[Event]
    ranked: bool = Field(default=False, description="true when hits come from the FTS5 index, best first")


class Dispute(Model):
    """Claims about one quantity (a claim key) side by side; each claim has its ``evidence``."""

    key: str
    verdict: str = Field(description="differ, later update, not comparable, consistent or agree")
    n_claims: int
    claims: list[dict[str, Any]]
    reasons: list[str] = Field(description="Why the figures differ (source, date, estimate vs count, ...)")
    comparisons: list[dict[str, Any]] = Field(default_factory=list, description="Each pair of claims compared")


class NewArticle(BaseModel):
    """An article to add: its text, or the address of a web page to fetch."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, min_length=1, max_length=2_000_000)
    url: str | None = Field(default=None, pattern=r"^https?://", max_length=4000)
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=300)
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}")
    process: bool = Field(default=True, description="Analyse and link the new article at once")


class Added(Model):
    added: list[str]
    duplicates: int
    near_duplicates: int
    processed: int
    errors: list[str]
