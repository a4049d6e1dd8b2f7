"""The REST API under ``/api``: thin handlers over :mod:`wirewatch.web.data`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.exceptions import HTTPException

from ..errors import WirewatchError
from ..store import Store
from . import data, schemas

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD"

Limit = Annotated[int, Query(ge=1, le=data.MAX_LIMIT, description="Items per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip")]
Since = Annotated[str | None, Query(pattern=DATE, description=f"Earliest date ({DATE_HELP})")]
Until = Annotated[str | None, Query(pattern=DATE, description=f"Latest date ({DATE_HELP}), inclusive")]
ActorQ = Annotated[str | None, Query(max_length=200, description="Actor id (PRK, person:kim-jong-un)")]
PairQ = Annotated[list[str] | None, Query(description="Two actor ids, repeated: pair=PRK&pair=RUS")]
TypeQ = Annotated[str | None, Query(pattern=r"^[A-Za-z_]{2,20}$", description="PLOVER type (MOBILIZE)")]
StoryQ = Annotated[str | None, Query(max_length=100, description="Story id")]
OutletQ = Annotated[str | None, Query(max_length=300, description="Outlet name, exactly")]
Id = Annotated[str, Path(max_length=200)]

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": schemas.ErrorEnvelope, "description": text}
    for code, text in ((400, "Refused"), (401, "Token missing or wrong"), (404, "Not found"),
                       (422, "Invalid parameter or body"))
}

router = APIRouter(prefix="/api", responses=ERRORS)


def _store(request: Request) -> Store:
    store: Store = request.app.state.stores.get()
    return store


def _pair(pair: list[str] | None) -> tuple[str, str] | None:
    if not pair:
        return None
    if len(pair) != 2:
        raise HTTPException(422, f"pair takes exactly two actor ids (pair=A&pair=B); got {len(pair)}")
    return pair[0], pair[1]


@router.get("", tags=["overview"], summary="What this API offers: its resources and where its documents are")
def index(request: Request) -> dict[str, Any]:
    paths = sorted(p for p in request.app.openapi()["paths"] if p.startswith("/api/"))
    return {"name": "wirewatch", "openapi": "/openapi.json", "docs": "/docs", "resources": paths}


@router.get("/overview", tags=["overview"], summary="Counts, latest canonical events, active stories")
def overview(request: Request, since: Annotated[str | None, Query(
        max_length=40, description="What is new since this time (ISO timestamp, compared with first_seen)")] = None
             ) -> dict[str, Any]:
    return data.overview(_store(request), since_seen=since)


@router.get("/articles", tags=["articles"], response_model=schemas.Page[schemas.ArticleSummary],
            summary="Articles, newest first, filtered and paged")
def list_articles(request: Request, outlet: OutletQ = None, since: Since = None, until: Until = None,
                  story: StoryQ = None, actor: ActorQ = None,
                  status: Annotated[str | None, Query(pattern="^(new|processed|duplicate|skipped)$")] = None,
                  q: Annotated[str | None, Query(max_length=200, description="Words in title or text")] = None,
                  limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return data.articles(_store(request), outlet=outlet, since=since, until=until, story=story, actor=actor,
                         status=status, q=q, limit=limit, offset=offset)


@router.get("/articles/{article_id}", tags=["articles"], response_model=schemas.Article,
            summary="One article: text, entities, times, quantities, events, claims (all with offsets)")
def get_article(request: Request, article_id: Id) -> dict[str, Any]:
    return data.article(_store(request), article_id)


@router.post("/articles", tags=["articles"], response_model=schemas.Added, status_code=201,
             summary="Add an article (text or URL); needs the operator's token")
def add_article(request: Request, body: Annotated[schemas.NewArticle, Body()]) -> dict[str, Any]:
    settings = request.app.state.settings
    from .app import token_ok

    if settings.write_token is None:
        raise HTTPException(403, "adding articles over the API is switched off: start the server with a token "
                                 "(wirewatch serve --token ... or $WIREWATCH_TOKEN)")
    if not token_ok(request, settings.write_token):
        raise HTTPException(401, "adding articles needs the operator's token: send 'Authorization: Bearer TOKEN'")
    if (body.text is None) == (body.url is None):
        raise HTTPException(422, "give exactly one of 'text' and 'url'")
    from ..ingest import IngestOptions, iter_inputs, text_item

    options = IngestOptions(published=body.published, outlet=body.outlet, title=body.title,
                            allow_private=settings.allow_private_fetch)
    with request.app.state.stores.write_lock:
        ww = request.app.state.stores.writer()
        if body.text is not None:  # read like a text file: dateline, credits, language; the body's metadata wins
            report = ww.add_items([text_item(body.text, source="api", options=options)])
        else:
            assert body.url is not None
            report = ww.add_items(iter_inputs([body.url], options))
        if report.failures and not report.ids and not report.duplicates and not report.near_duplicates:
            raise WirewatchError("; ".join(report.errors) or "the article could not be added")
        processed = ww.process().processed if body.process and report.ids else 0
    return {"added": report.ids, "duplicates": report.duplicates, "near_duplicates": report.near_duplicates,
            "processed": processed, "errors": report.errors}


@router.get("/events", tags=["events"], response_model=schemas.Page[schemas.Event],
            summary="Per-article events (reports) in time order, with their evidence")
def list_events(request: Request, actor: ActorQ = None, pair: PairQ = None, type: TypeQ = None,
                outlet: OutletQ = None, story: StoryQ = None, since: Since = None, until: Until = None,
                article: Annotated[str | None, Query(max_length=100, description="Article id")] = None,
                modality: Annotated[str | None, Query(
                    pattern="^(asserted|reported|planned|hypothetical|negated)$")] = None,
                limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return data.events(_store(request), actor=actor, pair=_pair(pair), type=type, outlet=outlet, story=story,
                       since=since, until=until, article=article, modality=modality, limit=limit, offset=offset)


@router.get("/events/{event_id}", tags=["events"], response_model=schemas.Event,
            summary="One per-article event with its evidence")
def get_event(request: Request, event_id: Id) -> dict[str, Any]:
    return data.event(_store(request), event_id)


@router.get("/timeline", tags=["events"], response_model=schemas.Page[schemas.CanonicalEvent],
            summary="Canonical events in time order with their reports; partial dates as the span they cover")
def get_timeline(request: Request, story: StoryQ = None, actor: ActorQ = None, pair: PairQ = None,
                 type: TypeQ = None, place: Annotated[str | None, Query(max_length=200)] = None,
                 since: Since = None, until: Until = None,
                 reports: Annotated[bool, Query(description="Include every report with its evidence")] = True,
                 limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    return data.timeline(_store(request), story=story, actor=actor, pair=_pair(pair), type=type, place=place,
                         since=since, until=until, limit=limit, offset=offset, with_reports=reports)


@router.get("/canonical-events/{event_id}", tags=["events"], response_model=schemas.CanonicalEvent,
            summary="One canonical event with every report of it")
def get_canonical_event(request: Request, event_id: Id) -> dict[str, Any]:
    return data.canonical_event(_store(request), event_id)


@router.get("/stories", tags=["stories"], response_model=schemas.Page[schemas.Story],
            summary="Stories, most recently active first")
def list_stories(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return data.stories(_store(request), limit=limit, offset=offset)


@router.get("/stories/{story_id}", tags=["stories"], response_model=schemas.StoryDetail,
            summary="One story with its canonical events in time order")
def get_story(request: Request, story_id: Id) -> dict[str, Any]:
    store = _store(request)
    out = data.story(store, story_id)
    out["events"] = data.timeline(store, story=story_id, limit=data.MAX_LIMIT)["items"]
    return out


@router.get("/actors", tags=["actors"], response_model=schemas.Page[schemas.ActorSummary],
            summary="Actors, most mentioned first")
def list_actors(request: Request, kind: Annotated[str | None, Query(max_length=40)] = None,
                country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
                q: Annotated[str | None, Query(max_length=200, description="Part of the name or id")] = None,
                limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    return data.actors(_store(request), kind=kind, country=country, q=q, limit=limit, offset=offset)


@router.get("/actors/{actor_id}", tags=["actors"], response_model=schemas.ActorDetail,
            summary="One actor with its names and its interactions with other actors")
def get_actor(request: Request, actor_id: Id) -> dict[str, Any]:
    return data.actor(_store(request), actor_id)


@router.get("/graph", tags=["actors"], response_model=schemas.Graph,
            summary="Actor interaction graph: who acts on whom, weighted, by cooperation and conflict")
def get_graph(request: Request, actor: ActorQ = None,
              limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> dict[str, Any]:
    store = _store(request)
    edges = data.interactions(store, actor=actor, limit=limit)
    ids = {e["source"] for e in edges} | {e["target"] for e in edges}
    names = data.actor_names(store, ids)
    return {"nodes": [{"id": i, "name": names.get(i, i)} for i in sorted(ids)], "edges": edges}


@router.get("/search", tags=["search"], response_model=schemas.SearchResult,
            summary="Full-text search over articles and event evidence (every word must occur)")
def get_search(request: Request, q: Annotated[str, Query(min_length=1, max_length=200)],
               limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    return data.search(_store(request), q, limit=limit)


@router.get("/disputes", tags=["claims"], response_model=list[schemas.Dispute],
            summary="Disputed figures: claims about the same quantity side by side, with the reasons")
def get_disputes(request: Request,
                 key: Annotated[str | None, Query(max_length=300, description="One claim key")] = None,
                 agreed: Annotated[bool, Query(description="Also keys whose figures agree")] = False,
                 limit: Limit = 100) -> list[dict[str, Any]]:
    return data.disputes(_store(request), key=key, include_agreed=agreed, limit=limit)


@router.get("/{rest:path}", include_in_schema=False)
def unknown(rest: str) -> None:
    raise HTTPException(404, f"no such API address: /api/{rest}")
