"""The web UI in a real browser: Debian's Chromium driven by Playwright against `wirewatch serve`.

`make test` installs Chromium first (scripts/test-system-deps.sh); where it is absent these tests
skip and say why. Screenshots of every page go to build/test-artifacts/browser/ (or
$WIREWATCH_TEST_ARTIFACTS).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
sync_api = pytest.importorskip("playwright.sync_api")

from .views_server import ROOT, Server, seed_store, serve  # noqa: E402

CHROMIUM = next((p for p in (os.environ.get("WIREWATCH_CHROMIUM"), shutil.which("chromium"),
                             shutil.which("chromium-browser"), "/usr/bin/chromium") if p and Path(p).exists()), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                "(run scripts/test-system-deps.sh as root)")
ARTIFACTS = Path(os.environ.get("WIREWATCH_TEST_ARTIFACTS", ROOT / "build" / "test-artifacts" / "browser"))


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve(seed_store()) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


class Watched:
    """A page with every console error, page error and failed request recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("console", lambda msg: self.problems.append(f"console {msg.type}: {msg.text}")
                if msg.type in ("error", "warning") else None)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        # a request cut short because the test moved on to the next page (ERR_ABORTED) is no fault
        page.on("requestfailed", lambda req: self.problems.append(f"request failed: {req.url} {req.failure}")
                if "ERR_ABORTED" not in (req.failure or "") else None)
        page.on("response", lambda resp: self.problems.append(f"HTTP {resp.status}: {resp.url}")
                if resp.status >= 400 else None)


@pytest.fixture()
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield Watched(page)
    context.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _norm(s: str) -> str:
    return " ".join(s.split())


def test_views_browser_every_page_loads_clean(server: Server, watched: Watched) -> None:
    _, stories = server.json("/api/stories")
    story = stories["items"][0]["id"]
    _, timeline = server.json("/api/timeline?limit=1")
    event = timeline["items"][0]["id"]
    _, arts = server.json("/api/articles?q=Shoigu")
    article = arts["items"][0]["id"]
    pages = {"home": "/", "timeline": "/timeline", "stories": "/stories", "story": f"/stories/{story}",
             "event": f"/events/{event}", "article": f"/articles/{article}", "articles": "/articles",
             "actors": "/actors", "actor": "/actors/PRK", "disputes": "/disputes", "search": "/search?q=missile",
             "docs": "/docs", "timeline-pair": "/timeline?actor=PRK&actor2=RUS"}
    page = watched.page
    for name, path in pages.items():
        response = page.goto(server.base + path)
        assert response is not None and response.status == 200, path
        csp = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert page.locator("main h1").count() == 1, path
        _shot(page, name)
    assert watched.problems == []


def test_views_browser_overview_story_event_article(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(server.base + "/")
    page.get_by_role("link", name=re.compile("North Korea")).first.click()
    page.wait_for_url(re.compile(r"/stories/st-"))
    assert "North Korea" in page.locator("h1").inner_text()
    # the March missile test, reported by both articles: one event, two outlets' sentences
    page.locator("li.event", has_text="21 March").locator("a.type").first.click()
    page.wait_for_url(re.compile(r"/events/ev-"))
    assert "MOBILIZE" in page.locator("h1").inner_text()
    event_id = page.url.rsplit("/", 1)[1]
    _, ev = server.json(f"/api/canonical-events/{event_id}")
    marks = page.locator("ol.reports mark.evidence")
    assert marks.count() == len(ev["reports"]) >= 2
    shown = [_norm(marks.nth(i).inner_text()) for i in range(marks.count())]
    assert shown == [r["evidence"] for r in ev["reports"]]
    assert any("March 21" in s for s in shown)
    _shot(page, "flow-event")
    report = page.locator("li.report").filter(has=page.locator("mark.evidence", has_text="March 21")).first
    report.get_by_role("link", name="Read it in the article").click()
    page.wait_for_url(re.compile(r"/articles/a[0-9a-f]+\?hl=\d+-\d+#evidence"))
    highlighted = page.locator("article .m-evidence")
    assert highlighted.count() >= 1
    text = _norm("".join(highlighted.nth(i).inner_text() for i in range(highlighted.count())))
    assert "March 21" in text and text in shown
    assert page.locator("#evidence").is_visible()
    # entities, times and quantities are marked in the article text
    assert page.locator("article .m-entity", has_text="Shoigu").count() >= 1
    assert page.locator("article .m-time", has_text="March 21").count() >= 1
    assert page.locator("article .m-quantity").count() >= 1
    _shot(page, "flow-article")
    page.locator("article a.m-entity", has_text="North Korea").first.click()
    page.wait_for_url(re.compile(r"/actors/PRK$"))
    assert page.locator("svg.graph line.edge").count() >= 1
    assert watched.problems == []


def test_views_browser_timeline_bar_leads_to_event_and_zooms(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(server.base + "/timeline")
    bars = page.locator("svg.timeline-svg rect.bar")
    assert bars.count() >= 1
    zoom = page.locator(".zoom-controls")
    assert zoom.is_visible()  # the script ran (allowed by the CSP: it is served from here)
    before = page.locator("svg.timeline-svg").get_attribute("viewBox")
    zoom.get_by_role("button", name="Zoom in").click()
    assert page.locator("svg.timeline-svg").get_attribute("viewBox") != before
    zoom.get_by_role("button", name="Reset").click()
    bars.first.click()
    page.wait_for_url(re.compile(r"/events/ev-"))
    assert page.locator("mark.evidence").count() >= 1
    assert watched.problems == []


def test_views_browser_hostile_article_runs_no_script(server: Server, watched: Watched) -> None:
    _, found = server.json("/api/articles?q=Ruritania")
    hostile = found["items"][0]["id"]
    page = watched.page
    for path in (f"/articles/{hostile}", "/articles", "/search?q=Ruritania"):
        page.goto(server.base + path)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.title() != "pwned"
    page.goto(server.base + f"/articles/{hostile}")
    body = page.locator("article").inner_text()
    assert "<script>" in body and "onerror" in body  # shown as text
    page.locator("article").hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("a[href^='javascript']").count() == 0  # its javascript: "URL" is shown, not linked
    assert "javascript:window.__pwned" in page.locator("main").inner_text()
    assert "<img src=x" in page.locator("h1").inner_text()  # the title too is text
    _shot(page, "hostile-article")
    assert [p for p in watched.problems if "pwned" in p] == []


def test_views_browser_disputed_figures_show_the_troops(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(server.base + "/")
    page.get_by_role("link", name="Disputed figures").click()
    page.wait_for_url(re.compile(r"/disputes$"))
    troops = page.locator("section.dispute", has_text="troops sent")
    assert troops.count() == 1
    figures = troops.locator(".claim .figure")
    shown = " ".join(figures.nth(i).inner_text() for i in range(figures.count()))
    assert "15,000" in shown and "10,000" in shown
    assert troops.locator("blockquote", has_text="spy agency").count() + \
        troops.locator(".claim", has_text="spy agency").count() >= 1
    _shot(page, "disputes-troops")
    troops.get_by_role("link", name="in the article").first.click()
    page.wait_for_url(re.compile(r"/articles/a[0-9a-f]+"))
    assert page.locator("article .m-evidence").count() >= 1
    assert watched.problems == []


def test_views_browser_home_remembers_the_last_visit(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(server.base + "/")
    assert page.locator("h2", has_text="New since your last visit").count() == 0  # first visit
    page.goto(server.base + "/")
    assert page.locator("h2", has_text="New since your last visit").count() == 1
    assert "0 new articles" in page.locator("section", has_text="New since your last visit").inner_text()
    assert watched.problems == []


def test_views_browser_keyboard_skip_link_and_search(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(server.base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.locator("#q").fill("Shoigu")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Shoigu"))
    assert page.locator("ul.events blockquote", has_text="Shoigu").count() >= 1
    assert watched.problems == []
