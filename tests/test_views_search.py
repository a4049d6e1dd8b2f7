"""Full-text search (FTS5, migration 5): kept current by triggers, backfilled, ranked, with a fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirewatch.store import open_store
from wirewatch.web import data

from .views_server import copy_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_store(tmp_path_factory.mktemp("search"))


def test_views_search_ranked_with_snippets(db: Path) -> None:
    with open_store(db) as store:
        result = data.search(store, "Shoigu")
        assert result["ranked"] is True
        assert result["articles"] and result["events"]
        for hit in result["articles"]:
            text = store.db.execute("SELECT text FROM articles WHERE id = ?", (hit["id"],)).fetchone()[0]
            assert text[hit["match"]["start"]:hit["match"]["end"]] == "Shoigu"
            snippet = hit["snippet"]
            assert any(snippet["text"][h["start"]:h["end"]] == "Shoigu" for h in snippet["highlights"])
        assert all("Shoigu" in ev["evidence"]["text"] for ev in result["events"])
        ranks = [h["rank"] for h in result["articles"]]
        assert ranks == sorted(ranks)
        # Every word must occur: a word no article has empties the result.
        assert data.search(store, "Shoigu zyzzogeton")["articles"] == []


def test_views_search_index_follows_writes_and_backfills(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    with open_store(copy) as store:
        before = {h["id"] for h in data.search(store, "Shoigu")["articles"]}
        victim = sorted(before)[0]
        with store.transaction() as tx:
            tx.execute("UPDATE articles SET title = 'Quetzalcoatlus sighting' WHERE id = ?", (victim,))
        assert [h["id"] for h in data.search(store, "Quetzalcoatlus")["articles"]] == [victim]
        # An index dropped (a store from before migration 5) is rebuilt from the rows on the next open.
        with store.transaction() as tx:
            tx.execute("DROP TABLE articles_fts")
            tx.execute("DROP TABLE events_fts")
            for (name,) in tx.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                tx.execute(f'DROP TRIGGER "{name}"')
            tx.execute("DELETE FROM schema_version WHERE version = 5")
        fallback = data.search(store, "Shoigu")
        assert fallback["ranked"] is False and {h["id"] for h in fallback["articles"]} == before
    with open_store(copy) as store:
        again = data.search(store, "Shoigu")
        assert again["ranked"] is True and {h["id"] for h in again["articles"]} == before
        assert [h["id"] for h in data.search(store, "Quetzalcoatlus")["articles"]] == [victim]


def test_views_search_page_marks_the_words(db: Path) -> None:
    from fastapi.testclient import TestClient

    from wirewatch.web.app import Settings, create_app

    with TestClient(create_app(Settings(db=str(db)))) as client:
        page = client.get("/search?q=Shoigu")
        assert page.status_code == 200
        assert "<mark>Shoigu</mark>" in page.text
        hostile = client.get("/search?q=Ruritania")
        assert hostile.status_code == 200
        assert "<script>" not in hostile.text.lower().split("<main", 1)[-1]


def test_views_search_without_fts5(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A SQLite built without FTS5: the store opens without the index and search matches substrings."""
    import wirewatch
    from wirewatch.store import sqlite as store_sqlite

    monkeypatch.setattr(store_sqlite, "has_fts5", lambda db: False)
    db = tmp_path / "plain.db"
    with wirewatch.open(db) as ww:
        from wirewatch.model import Article

        ww.store.add_article(Article(text="Sergei Shoigu visited Pyongyang on Friday.", title="Shoigu in Pyongyang"))
        assert ww.store.db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%fts%'").fetchone()[0] == 0
        result = data.search(ww.store, "Shoigu")
        assert result["ranked"] is False
        assert [h["title"] for h in result["articles"]] == ["Shoigu in Pyongyang"]
