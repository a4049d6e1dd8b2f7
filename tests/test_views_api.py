"""The REST API through a real `wirewatch serve` process and real HTTP, over the processed seed articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from .views_server import TOKEN, Server, copy_store, seed_store, serve


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve(seed_store()) as srv:
        yield srv


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    from wirewatch.store import open_store

    with open_store(seed_store()) as store:
        return {a.id: a.text for a in store.articles()}


def _norm(s: str) -> str:
    return " ".join(s.split())


def _assert_error(body: Any, status: int, code: str) -> None:
    assert set(body) == {"error"}, body
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def test_views_api_openapi_document_lists_every_resource(server: Server) -> None:
    status, spec = server.json("/openapi.json")
    assert status == 200
    assert spec["openapi"].startswith("3.")
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/events", "/api/events/{event_id}",
                 "/api/timeline", "/api/canonical-events/{event_id}", "/api/stories", "/api/stories/{story_id}",
                 "/api/actors", "/api/actors/{actor_id}", "/api/graph", "/api/search", "/api/disputes"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/articles"]
    assert "ErrorEnvelope" in spec["components"]["schemas"]
    assert "Evidence" in spec["components"]["schemas"]
    status, _, body = server.get("/docs")
    page = body.decode()
    assert status == 200 and "/api/timeline" in page
    assert "cdn" not in page.lower() and "https://" not in page  # everything is served from here


def test_views_api_index_lists_resources(server: Server) -> None:
    status, body = server.json("/api")
    assert status == 200 and body["openapi"] == "/openapi.json"
    assert "/api/timeline" in body["resources"] and "/api/search" in body["resources"]


def test_views_api_articles_paged_with_analysis_offsets(server: Server, texts: dict[str, str]) -> None:
    status, first = server.json("/api/articles?limit=1")
    assert status == 200
    assert first["total"] == 3 and len(first["items"]) == 1 and first["next_offset"] == 1
    _, rest = server.json("/api/articles?limit=5&offset=1")
    ids = [first["items"][0]["id"]] + [a["id"] for a in rest["items"]]
    assert sorted(ids) == sorted(texts) and rest["next_offset"] is None
    _, found = server.json("/api/articles?q=Shoigu")
    assert found["total"] == 1
    seed2 = found["items"][0]["id"]
    status, art = server.json(f"/api/articles/{seed2}")
    assert status == 200 and art["text"] == texts[seed2]
    assert art["entities"] and art["events"] and art["stories"]
    for m in art["entities"]:
        assert art["text"][m["start"]:m["end"]] == m["text"]
    for ev in art["events"]:
        assert ev["evidence"]["text"] == art["text"][ev["evidence"]["start"]:ev["evidence"]["end"]]
        assert ev["id"].startswith(seed2 + "-e")


def test_views_api_events_carry_evidence_and_filter(server: Server, texts: dict[str, str]) -> None:
    status, page = server.json("/api/events?actor=PRK&type=MOBILIZE&limit=100")
    assert status == 200 and page["total"] >= 2
    for ev in page["items"]:
        assert ev["type"] == "MOBILIZE"
        assert "PRK" in ev["actors"] + ev["recipients"]
        e = ev["evidence"]
        assert set(e) >= {"article", "outlet", "published", "start", "end", "text"}
        assert _norm(texts[e["article"]][e["start"]:e["end"]]) == e["text"]
        assert ev["canonical_id"].startswith("ev-")
    _, pair = server.json("/api/events?pair=PRK&pair=RUS&limit=500")
    assert pair["items"]
    for ev in pair["items"]:
        assert {"PRK", "RUS"} <= set(ev["actors"] + ev["recipients"])
    _, everything = server.json("/api/events?limit=500")
    assert pair["total"] < everything["total"]
    one = pair["items"][0]
    status, again = server.json(f"/api/events/{one['id']}")
    assert status == 200 and again == one


def test_views_api_timeline_spans_partial_dates(server: Server, texts: dict[str, str]) -> None:
    status, page = server.json("/api/timeline?limit=500")
    assert status == 200 and page["items"]
    by_time = {ev["time"]: ev for ev in page["items"]}
    year_only = by_time["2024"]  # the 2024 military agreement
    assert year_only["span"] == {"start": "2024-01-01", "end": "2024-12-31", "precision": "year",
                                 "year_assumed": False}
    march = by_time["XXXX-03-21"]  # "On March 21": the year is not reported, and not invented
    assert march["type"] == "MOBILIZE" and march["span"] is None
    # seed 2 alone reports the March test (seed 1's August test, dated by its sidecar, is another event)
    assert march["n_reports"] >= 2 and len({r["article"] for r in march["reports"]}) == 1
    assert any(ev["type"] == "MOBILIZE" and ev["time"] == "2025-08-23" for ev in page["items"])
    for r in march["reports"]:
        span = r["evidence_span"]
        assert _norm(texts[r["article"]][span["start"]:span["end"]]) == r["evidence"]
    keys = [ev["sort_key"] for ev in page["items"] if ev["sort_key"]]
    assert keys == sorted(keys)
    status, detail = server.json(f"/api/canonical-events/{march['id']}")
    assert status == 200 and detail["reports"] == march["reports"]
    _, light = server.json("/api/timeline?limit=2&reports=false")
    assert len(light["items"]) == 2 and light["next_offset"] == 2 and light["items"][0]["reports"] == []


def test_views_api_story_links_both_seed_articles(server: Server, texts: dict[str, str]) -> None:
    status, stories = server.json("/api/stories")
    assert status == 200
    seeds = {a for a, t in texts.items() if "Ruritania" not in t}
    story = next(s for s in stories["items"] if s["n_articles"] == 2)
    status, detail = server.json(f"/api/stories/{story['id']}")
    assert status == 200 and set(detail["articles"]) == seeds
    assert detail["events"] and all(ev["story"] == story["id"] for ev in detail["events"])
    _, arts = server.json(f"/api/articles?story={story['id']}")
    assert {a["id"] for a in arts["items"]} == seeds


def test_views_api_actors_and_interaction_graph(server: Server) -> None:
    status, page = server.json("/api/actors?limit=500")
    assert status == 200
    ids = {a["id"]: a for a in page["items"]}
    assert ids["PRK"]["name"] == "North Korea" and ids["PRK"]["n_mentions"] > 5
    status, prk = server.json("/api/actors/PRK")
    assert status == 200 and "North Korea" in prk["names"]
    edges = {(e["source"], e["target"]): e for e in prk["interactions"]}
    assert any("RUS" in pair for pair in edges)
    for e in prk["interactions"]:
        assert "PRK" in (e["source"], e["target"])
        assert e["weight"] == e["cooperation"] + e["conflict"] + e["neutral"]
    status, person = server.json("/api/actors/" + quote("person:kim-jong-un"))
    assert status == 200 and person["country"] == "PRK"
    status, graph = server.json("/api/graph")
    assert status == 200 and {"PRK", "RUS"} <= {n["id"] for n in graph["nodes"]}


def test_views_api_search_articles_and_evidence(server: Server) -> None:
    status, result = server.json("/api/search?q=shoigu+pyongyang")
    assert status == 200
    assert len(result["articles"]) == 1
    hit = result["articles"][0]
    assert "shoigu" in hit["snippet"]["text"].lower()
    assert result["events"]
    for ev in result["events"]:
        text = ev["evidence"]["text"].lower()
        assert "shoigu" in text and "pyongyang" in text
    _, none = server.json("/api/search?q=zzzqqq")
    assert none["articles"] == [] and none["events"] == []


def test_views_api_disputes_troop_figures_side_by_side(server: Server, texts: dict[str, str]) -> None:
    status, body = server.json("/api/disputes")
    assert status == 200 and isinstance(body, list)
    for d in body:
        assert len(d["claims"]) >= 2 and d["verdict"] and d["reasons"]
        for c in d["claims"]:
            e = c["evidence"]
            assert e["article"] in texts and e["text"]
            if e["start"] is not None:
                assert _norm(texts[e["article"]][e["start"]:e["end"]]) == e["text"]
    troops = next(d for d in body if "troops sent" in d["key"])
    figures = " ".join(c["figure"] or "" for c in troops["claims"])
    assert "15,000" in figures and "10,000" in figures
    assert len({c["evidence"]["article"] for c in troops["claims"]}) == 2
    assert any("source" in r for r in troops["reasons"])
    status, one = server.json("/api/disputes?key=" + quote(troops["key"]))
    assert status == 200 and [d["key"] for d in one] == [troops["key"]]


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/api/articles/a000", 404, "not_found"),
    ("/api/stories/st-nope", 404, "not_found"),
    ("/api/canonical-events/ev-nope", 404, "not_found"),
    ("/api/actors/XXX", 404, "not_found"),
    ("/api/no-such-thing", 404, "not_found"),
    ("/api/events?since=yesterday", 422, "invalid_request"),
    ("/api/events?limit=0", 422, "invalid_request"),
    ("/api/events?limit=abc", 422, "invalid_request"),
    ("/api/events?pair=PRK", 422, "invalid_request"),
    ("/api/search", 422, "invalid_request"),
    ("/api/search?q=+", 400, "bad_request"),
])
def test_views_api_one_error_envelope(server: Server, path: str, status: int, code: str) -> None:
    got, headers, body = server.get(path)
    assert got == status
    assert headers["content-type"].startswith("application/json")
    _assert_error(json.loads(body), status, code)


def test_views_api_method_not_allowed_is_an_envelope(server: Server) -> None:
    status, body = server.post("/api/stories", {})
    assert status == 405
    _assert_error(body, 405, "method_not_allowed")


def test_views_api_security_headers_and_no_cors(server: Server) -> None:
    for path in ("/api/stories", "/", "/timeline", "/static/style.css"):
        status, headers, _ = server.get(path, headers={"Origin": "http://evil.example"})
        assert status == 200, path
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "access-control-allow-origin" not in headers


def test_views_api_hostile_article_is_escaped(server: Server, texts: dict[str, str]) -> None:
    hostile = next(a for a, t in texts.items() if "Ruritania" in t)
    status, art = server.json(f"/api/articles/{hostile}")
    assert status == 200 and "<script>" in art["text"]  # the API returns the text as it is, as JSON data
    for path in (f"/articles/{hostile}", "/articles", "/search?q=Ruritania"):
        status, _, body = server.get(path)
        page = body.decode()
        assert status == 200
        assert "<script>window" not in page and "<img src=x" not in page and "<b onmouseover" not in page
        assert 'href="javascript:' not in page.replace(" ", "")
        assert "&lt;script&gt;" in page or "&lt;img" in page


def test_views_api_adding_needs_the_token(tmp_path: Path) -> None:
    with serve(copy_store(tmp_path), "--token", TOKEN) as srv:
        article = {"text": "Japan and South Korea agreed on Monday to expand their defence talks, officials in "
                           "Tokyo said. Seoul's president met Japan's prime minister.",
                   "title": "Defence talks", "outlet": "Test Wire", "published": "2025-08-25"}
        status, body = srv.post("/api/articles", article)
        _assert_error(body, 401, "unauthorized")
        status, body = srv.post("/api/articles", article, headers={"Authorization": "Bearer wrong"})
        assert status == 401
        status, body = srv.post("/api/articles", {**article, "url": "https://example.org/x"},
                                headers={"Authorization": f"Bearer {TOKEN}"})
        _assert_error(body, 422, "invalid_request")
        status, body = srv.post("/api/articles", {**article, "colour": "red"},
                                headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 422 and "colour" in json.dumps(body)
        status, body = srv.post("/api/articles", {**article, "url": "file:///etc/passwd", "text": None},
                                headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 422
        status, body = srv.post("/api/articles", article, headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 201, body
        assert len(body["added"]) == 1 and body["processed"] == 1
        status, art = srv.json(f"/api/articles/{body['added'][0]}")
        assert status == 200 and art["outlet"] == "Test Wire" and art["status"] == "processed"
        assert any(e["actor"] == "JPN" for e in art["entities"])
        status, again = srv.post("/api/articles", article, headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 201 and again["added"] == [] and again["duplicates"] == 1
        _, page = srv.json("/api/articles")
        assert page["total"] == 4


@pytest.mark.parametrize("allow", [False, True])
def test_views_api_adding_by_url_refuses_private_addresses(tmp_path: Path, allow: bool) -> None:
    from .ingest_server import serve as serve_site

    page = (b"<html><head><title>Seoul and Tokyo agree</title></head><body><article><h1>Seoul and Tokyo agree"
            b"</h1><p>South Korea and Japan agreed on Monday to hold joint talks on North Korea's missile tests, "
            b"officials in Seoul said. The two governments will meet again in Tokyo next month.</p>"
            b"<p>Japan's prime minister welcomed the plan and said the talks would include the United States."
            b"</p></article></body></html>")
    extra = ("--allow-private-fetch",) if allow else ()
    with serve_site() as site, serve(copy_store(tmp_path), "--token", TOKEN, *extra) as srv:
        site.body("/news/seoul-tokyo.html", page, "text/html; charset=utf-8")
        status, body = srv.post("/api/articles", {"url": site.url("/news/seoul-tokyo.html"), "process": False},
                                headers={"Authorization": f"Bearer {TOKEN}"})
        if not allow:  # the server must not fetch from the operator's own network for a client
            _assert_error(body, 400, "bad_request")
            assert site.hits["/news/seoul-tokyo.html"] == 0
            return
        assert status == 201, body
        status, art = srv.json(f"/api/articles/{body['added'][0]}")
        assert "joint talks" in art["text"] and art["status"] == "new"


def test_views_api_adding_is_off_without_a_token(server: Server) -> None:
    _, body = server.post("/api/articles", {"text": "Some text."})
    _assert_error(body, 403, "forbidden")


def test_views_api_read_token_guards_reading(tmp_path: Path) -> None:
    with serve(copy_store(tmp_path), "--read-token", "r3ad") as srv:
        status, body = srv.json("/api/stories")
        _assert_error(body, 401, "unauthorized")
        status, body = srv.json("/api/stories", headers={"Authorization": "Bearer r3ad"})
        assert status == 200 and body["items"]
        status, _, _ = srv.get("/")
        assert status == 200


def test_views_api_cors_only_when_configured(tmp_path: Path) -> None:
    with serve(copy_store(tmp_path), "--cors-origin", "http://allowed.example") as srv:
        _, headers, _ = srv.get("/api/stories", headers={"Origin": "http://allowed.example"})
        assert headers.get("access-control-allow-origin") == "http://allowed.example"
        _, headers, _ = srv.get("/api/stories", headers={"Origin": "http://other.example"})
        assert "access-control-allow-origin" not in headers


def test_views_api_fault_is_an_envelope_with_headers(tmp_path: Path) -> None:
    import sqlite3

    db = copy_store(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE stories")  # a damaged store: reading stories fails inside the server
    with serve(db) as srv:
        status, headers, body = srv.get("/api/stories")
        assert status == 500
        _assert_error(json.loads(body), 500, "internal_error")
        assert "OperationalError" in json.loads(body)["error"]["message"]
        assert "content-security-policy" in headers
        status, headers, body = srv.get("/stories")
        assert status == 500 and b"Error 500" in body and "content-security-policy" in headers
        status, _ = srv.json("/api/articles")
        assert status == 200  # the rest still answers


def test_views_api_overview_says_what_is_new(server: Server) -> None:
    status, everything = server.json("/api/overview?since=2000-01-01T00:00:00")
    assert status == 200
    assert everything["new"]["canonical_events"] == everything["canonical_events"] > 0
    assert everything["new"]["articles"] == 3
    _, nothing = server.json("/api/overview?since=2999-01-01T00:00:00")
    assert nothing["new"] == {"canonical_events": 0, "articles": 0} and nothing["new_events"] == []
    _, plain = server.json("/api/overview")
    assert "new" not in plain and plain["latest"] and plain["stories"]


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = spec["components"]["schemas"][name]
    return schema


def _conforms(spec: dict[str, Any], schema: dict[str, Any], value: Any, where: str) -> None:
    """The answer has every required property of its schema, recursively, with the declared JSON types."""
    schema = _resolve(spec, schema)
    if "anyOf" in schema:
        if value is None and any(s.get("type") == "null" for s in schema["anyOf"]):
            return
        schema = _resolve(spec, next(s for s in schema["anyOf"] if s.get("type") != "null"))
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        assert isinstance(value, dict), where
        for name in schema.get("required", []):
            assert name in value, f"{where}.{name} missing"
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                _conforms(spec, sub, value[name], f"{where}.{name}")
    elif kind == "array":
        assert isinstance(value, list), where
        for i, item in enumerate(value[:20]):
            _conforms(spec, schema.get("items", {}), item, f"{where}[{i}]")
    elif kind in ("string", "integer", "number", "boolean"):
        types = {"string": str, "integer": int, "number": (int, float), "boolean": bool}[kind]
        assert isinstance(value, types), f"{where}: {value!r} is not {kind}"


def test_views_api_every_read_operation_answers_its_schema(server: Server) -> None:
    """Walk the OpenAPI document: call every GET operation on the running server, check the answer's shape."""
    _, spec = server.json("/openapi.json")
    _, story = server.json("/api/stories")
    _, timeline = server.json("/api/timeline?limit=1")
    _, events = server.json("/api/events?limit=1")
    _, arts = server.json("/api/articles?limit=1")
    ids = {"article_id": arts["items"][0]["id"], "event_id": None, "story_id": story["items"][0]["id"],
           "actor_id": "PRK"}
    called = 0
    for path, methods in spec["paths"].items():
        op = methods.get("get")
        if op is None:
            continue
        paths = [path]
        if "{event_id}" in path:
            one = timeline["items"][0]["id"] if "canonical" in path else events["items"][0]["id"]
            paths = [path.replace("{event_id}", one)]
        else:
            for name, value in ids.items():
                paths = [p.replace("{" + name + "}", str(value)) for p in paths]
        required = [p["name"] for p in op.get("parameters", []) if p["in"] == "query" and p.get("required")]
        query = "?" + "&".join(f"{name}=Korea" for name in required) if required else ""
        for concrete in paths:
            status, body = server.json(concrete + query)
            assert status == 200, (concrete, body)
            schema = op["responses"]["200"]["content"]["application/json"]["schema"]
            _conforms(spec, schema, body, concrete)
            called += 1
    assert called >= 14


def test_views_api_empty_and_unprocessed_stores_still_answer(tmp_path: Path) -> None:
    import wirewatch

    db = tmp_path / "fresh.db"
    with wirewatch.open(db):
        pass
    with serve(db) as srv:
        for path in ("/", "/timeline", "/stories", "/actors", "/articles", "/disputes", "/search?q=x", "/docs"):
            assert srv.get(path)[0] == 200, path
        _, timeline = srv.json("/api/timeline")
        assert timeline["items"] == [] and timeline["next_offset"] is None
    article = tmp_path / "a.txt"
    article.write_text("Seoul and Tokyo held talks on Monday.\nThe ministers met in Tokyo.", encoding="utf-8")
    with wirewatch.open(db) as ww:
        added = ww.add([str(article)])
    with serve(db) as srv:
        status, art = srv.json(f"/api/articles/{added.ids[0]}")
        assert status == 200 and art["status"] == "new" and art["events"] == []
        status, _, body = srv.get(f"/articles/{added.ids[0]}")
        assert status == 200 and b"held talks on Monday" in body
