"""The linking export contract (issue 6, docs/export.md): articles with story and main event, canonical events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wirewatch.cli import main
from wirewatch.link import link_store
from wirewatch.model import Article
from wirewatch.store import Store, open_store


@pytest.fixture()
def linked_db(tmp_path: Path, pipeline: Any, seed1_text: str, seed2_text: str) -> Path:
    path = tmp_path / "w.db"
    store = open_store(path)
    seed1 = Article(text=seed1_text, outlet="Example Times", published="2025-08-23", source="seed1.txt")
    seed2 = Article(text=seed2_text, outlet="Straits Times", source="seed2.txt")
    copy = Article(text=seed1_text + "\n(Syndicated by Other Wire)\n", outlet="Other Wire", published="2025-08-23")
    for article in (seed1, seed2):
        store.add_article(article)
        store.save_analysis(pipeline.analyse(article), pipeline.names)
    store.add_article(copy, duplicate_of=seed1.id, duplicate_kind="near")
    link_store(store)
    store.close()
    return path


def _export(db: Path, what: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, ["--db", str(db), "export", "--what", what, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_export_articles_carry_story_main_event_and_events(linked_db: Path) -> None:
    rows = _export(linked_db, "articles")
    assert len(rows) == 3
    for row in rows:
        assert {"id", "source", "title", "published", "outlet", "story", "main_event", "events"} <= set(row)
    seed1, seed2, copy = rows
    assert seed1["source"] == "seed1.txt" and seed1["published"] == "2025-08-23"
    assert seed2["published"] is None  # undated stays undated
    assert seed1["story"] == seed2["story"] is not None
    # the headline events: August's anti-air missile test and March's test are different happenings
    assert seed1["main_event"] and seed2["main_event"] and seed1["main_event"] != seed2["main_event"]
    canon = {e["canonical_event"] for e in seed1["events"]}
    assert seed1["main_event"] in canon and None not in canon
    # the syndicated copy shares its original's links
    assert copy["duplicate_of"] == seed1["id"]
    assert copy["main_event"] == seed1["main_event"] and copy["story"] == seed1["story"]


def test_export_events_are_canonical_with_reports(linked_db: Path) -> None:
    rows = _export(linked_db, "events")
    articles = _export(linked_db, "articles")
    ids = {r["id"] for r in rows}
    assert all(e["canonical_event"] in ids for a in articles for e in a["events"])
    for row in rows:
        assert {"id", "type", "actors", "recipients", "time", "place", "story", "reports"} <= set(row)
        assert row["reports"] and all(r["article"] and r["evidence"] for r in row["reports"])
    main = next(r for r in rows if r["id"] == articles[0]["main_event"])
    assert main["type"] == "MOBILIZE" and main["time"] == "2025-08-23"
    # every per-article event is in exactly one canonical event
    reports = [r["event"] for row in rows for r in row["reports"]]
    assert len(reports) == len(set(reports)) == sum(len(a["events"]) for a in articles[:2])


def test_export_reports_are_per_article_events(linked_db: Path) -> None:
    rows = _export(linked_db, "reports")
    with Store(linked_db) as store:
        assert len(rows) == store.counts()["events"]
    assert {"id", "article_id", "type", "evidence"} <= set(rows[0])
