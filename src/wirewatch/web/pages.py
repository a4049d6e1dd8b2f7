"""The HTML pages: server-rendered with Jinja2 (autoescaped), usable without JavaScript."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ..errors import NotFound, WirewatchError
from ..store import Store
from ..store.sqlite import utcnow
from . import data
from .marks import Mark, actor_graph, context, period_days, segments, timeline_svg

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("wirewatch.web", "templates"),
    autoescape=True,  # every value printed is escaped, whatever the file's extension
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["num"] = lambda n: f"{n:,}" if isinstance(n, int) else n
templates = Jinja2Templates(env=_ENV)

router = APIRouter(include_in_schema=False)

#: Cookie holding when this browser last saw the home page ("what is new since the last visit").
SEEN_COOKIE = "wirewatch_seen"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PAGE_SIZE = 50


def _store(request: Request) -> Store:
    store: Store = request.app.state.stores.get()
    return store


def _render(request: Request, name: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("title", "wirewatch")
    context["request"] = request
    return templates.TemplateResponse(request, name, context, status_code=http_status)


def render_error(request: Request, status: int, message: str) -> Response:
    return _render(request, "error.html", http_status=status, title=f"Error {status}", status=status,
                   message=message)


def _date(value: str | None, name: str) -> str | None:
    if value and not _DATE.match(value):
        raise WirewatchError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value or None


def _names_for(store: Store, items: list[dict[str, Any]]) -> dict[str, str]:
    ids: set[str] = set()
    for it in items:
        ids.update(it.get("actors", []))
        ids.update(it.get("recipients", []))
    return data.actor_names(store, ids)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    store = _store(request)
    seen = request.cookies.get(SEEN_COOKIE)
    seen = seen if seen and _ISO.match(seen) else None
    view = data.overview(store, since_seen=seen)
    names = _names_for(store, view["latest"] + view.get("new_events", []))
    response = _render(request, "home.html", title="Overview", view=view, names=names)
    response.set_cookie(SEEN_COOKIE, utcnow(), max_age=365 * 86400, httponly=True, samesite="strict")
    return response


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, story: str | None = None, actor: str | None = None,
                  actor2: str | None = None, type: Annotated[str | None, Query(max_length=20)] = None,
                  since: str | None = None, until: str | None = None,
                  offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    store = _store(request)
    filters = {"story": story or "", "actor": actor or "", "actor2": actor2 or "", "type": type or "",
               "since": since or "", "until": until or ""}
    pair = (actor, actor2) if actor and actor2 else None
    result = data.timeline(store, story=story or None, actor=None if pair else actor or None, pair=pair,
                           type=type or None, since=_date(since, "since"), until=_date(until, "until"),
                           limit=PAGE_SIZE, offset=offset)
    names = _names_for(store, result["items"])
    base = {k: v for k, v in filters.items() if v}
    return _render(request, "timeline.html", title="Timeline", result=result, names=names, filters=filters,
                   svg=timeline_svg(result["items"], names, period_days(since, until)),
                   next_url=f"/timeline?{urlencode({**base, 'offset': result['next_offset']})}"
                   if result["next_offset"] is not None else None,
                   zoom_out=_zoom_out(base), types=sorted(data.COOPERATION | data.CONFLICT),
                   period_url=lambda period: "/timeline?" + urlencode({**base, "since": period, "until": period}))


def _zoom_out(base: dict[str, str]) -> str | None:
    since = base.get("since")
    if not since:
        return None
    wider = since[:-3] if len(since) > 4 else None
    args = {k: v for k, v in base.items() if k not in ("since", "until")}
    if wider:
        args.update(since=wider, until=wider)
    return "/timeline?" + urlencode(args)


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    store = _store(request)
    result = data.stories(store, limit=PAGE_SIZE, offset=offset)
    names = data.actor_names(store, {a for s in result["items"] for a in s["actors"]})
    return _render(request, "stories.html", title="Stories", result=result, names=names)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    store = _store(request)
    found = data.story(store, story_id)
    events = data.timeline(store, story=story_id, limit=data.MAX_LIMIT)["items"]
    names = _names_for(store, events)
    names.update(data.actor_names(store, set(found["actors"])))
    arts = data.articles(store, story=story_id, limit=data.MAX_LIMIT)["items"]
    return _render(request, "story.html", title=found["title"], story=found, events=events, names=names,
                   articles=arts, svg=timeline_svg(events, names))


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> Response:
    store = _store(request)
    if event_id.startswith("ev-"):
        ev = data.canonical_event(store, event_id)
        reports = []
        for r in ev["reports"]:
            text = store.article(r["article"]).text
            before, evidence, after = context(text, r["evidence_span"]["start"], r["evidence_span"]["end"])
            reports.append({**r, "before": before, "evidence_text": evidence, "after": after})
        names = _names_for(store, [ev])
        story = None
        if ev["story"]:
            try:
                story = data.story(store, ev["story"])
            except NotFound:
                story = None
        return _render(request, "event.html", title=f"{ev['type']} — {ev['when']}", ev=ev, reports=reports,
                       names=names, story=story)
    report = data.event(store, event_id)
    if report["canonical_id"]:
        return RedirectResponse(f"/events/{report['canonical_id']}", status_code=303)
    text = store.article(report["evidence"]["article"]).text
    before, evidence, after = context(text, report["evidence"]["start"], report["evidence"]["end"])
    return _render(request, "report.html", title=report["type"], ev=report, names=_names_for(store, [report]),
                   before=before, evidence_text=evidence, after=after)


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, q: Annotated[str | None, Query(max_length=200)] = None,
                  outlet: str | None = None, offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    result = data.articles(_store(request), q=q or None, outlet=outlet or None, limit=PAGE_SIZE, offset=offset)
    args = {k: v for k, v in (("q", q), ("outlet", outlet)) if v}
    next_url = f"/articles?{urlencode({**args, 'offset': result['next_offset']})}" \
        if result["next_offset"] is not None else None
    return _render(request, "articles.html", title="Articles", result=result, q=q or "", next_url=next_url)


_HL = re.compile(r"^(\d+)-(\d+)$")


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str,
                 hl: Annotated[str | None, Query(max_length=30, description="start-end to highlight")] = None
                 ) -> HTMLResponse:
    store = _store(request)
    art = data.article(store, article_id)
    actors = {a["id"]: a for a in art["actors"]}
    marks = []
    for m in art["entities"]:
        actor = actors.get(m["actor"]) if m["actor"] else None
        label = f"{m['label']}: {actor['name']} ({m['actor']})" if actor else f"{m['label']} (unresolved)"
        marks.append(Mark(m["start"], m["end"], "entity", label,
                          f"/actors/{m['actor']}" if actor and not m["actor"].startswith("unresolved:") else None))
    for t in art["times"]:
        marks.append(Mark(t["start"], t["end"], "time", f"time: {t['value'] or 'unknown'}"))
    for qv in art["quantities"]:
        marks.append(Mark(qv["start"], qv["end"], "quantity",
                          f"quantity: {qv['value']} {qv['unit'] or ''} {qv['approx'] or ''} "
                          f"{qv['counted'] or ''}".strip()))
    for ev in art["events"]:
        marks.append(Mark(ev["trigger"]["start"], ev["trigger"]["end"], "event",
                          f"event: {ev['type']} ({ev['modality']})",
                          f"/events/{ev['canonical_id'] or ev['id']}"))
    highlight = None
    if hl and (m := _HL.match(hl)):
        start, end = int(m.group(1)), int(m.group(2))
        if 0 <= start < end <= len(art["text"]):
            marks.append(Mark(start, end, "evidence", "evidence"))
            highlight = art["text"][start:end]
    return _render(request, "article.html", title=art["title"] or art["id"], art=art,
                   segments=segments(art["text"], marks, anchor_kind="evidence"), highlight=highlight)


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, q: Annotated[str | None, Query(max_length=200)] = None,
                offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    result = data.actors(_store(request), q=q or None, limit=PAGE_SIZE * 2, offset=offset)
    return _render(request, "actors.html", title="Actors", result=result, q=q or "")


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str) -> HTMLResponse:
    store = _store(request)
    found = data.actor(store, actor_id)
    ids = {e["source"] for e in found["interactions"]} | {e["target"] for e in found["interactions"]}
    names = data.actor_names(store, ids | {actor_id})
    events = data.timeline(store, actor=actor_id, limit=PAGE_SIZE, with_reports=False)["items"]
    names.update(_names_for(store, events))
    return _render(request, "actor.html", title=found["name"], actor=found, names=names, events=events,
                   graph=actor_graph(actor_id, found["interactions"], names))


@router.get("/disputes", response_class=HTMLResponse)
def disputes_page(request: Request) -> HTMLResponse:
    return _render(request, "disputes.html", title="Disputed figures", disputes=data.disputes(_store(request)))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:
    store = _store(request)
    result = data.search(store, q, limit=50) if q and q.strip() else None
    names = _names_for(store, result["events"]) if result else {}
    return _render(request, "search.html", title="Search", q=q or "", result=result, names=names)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The OpenAPI document as a page, with a form per read operation (no third-party script)."""
    spec = request.app.openapi()
    operations = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            params = [{"name": p["name"], "where": p["in"], "required": p.get("required", False),
                       "description": p.get("description") or p.get("schema", {}).get("description", ""),
                       "type": _type_of(p.get("schema", {}))} for p in op.get("parameters", [])]
            operations.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "tag": (op.get("tags") or ["other"])[0], "params": params,
                               "form": method == "get" and "{" not in path,
                               "responses": sorted(op.get("responses", {}))})
    return _render(request, "docs.html", title="API", spec=spec, operations=operations)


def _type_of(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type_of(s) for s in schema["anyOf"] if s.get("type") != "null")
    kind = str(schema.get("type", "string"))
    if kind == "array":
        return f"list of {_type_of(schema.get('items', {}))}"
    return kind
