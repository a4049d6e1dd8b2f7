"""The store: migrations, idempotent adds, analyses replaced not appended."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from wirewatch.errors import NotFound, StoreError
from wirewatch.model import Analysis, Article, Event, Mention, Span
from wirewatch.store import Store, open_store
from wirewatch.store.migrations import MIGRATIONS


def test_store_migrations_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    s = open_store(path)
    assert s.version == max(n for n, _, _ in MIGRATIONS)
    s.close()
    s2 = open_store(path)  # re-open: nothing re-applied
    rows = s2.db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0]
    assert rows == len(MIGRATIONS)
    s2.close()


def test_store_add_same_article_twice_is_noop(store: Store) -> None:
    art = Article(text="Seoul and Tokyo pledged cooperation.")
    assert store.add_article(art) is True
    assert store.add_article(Article(text="Seoul and  Tokyo pledged cooperation.")) is False
    assert store.counts()["articles"] == 1


def _analysis(art: Article, n_events: int) -> Analysis:
    an = Analysis(article=art)
    an.entities = [Mention(start=0, end=5, text=art.text[:5], label="GPE", stage="t", actor="KOR")]
    an.events = [Event(type="CONSULT", trigger=Span(start=0, end=5, text=art.text[:5]),
                       evidence=Span(start=0, end=len(art.text), text=art.text), stage="t", actors=["KOR"])
                 for _ in range(n_events)]
    return an


def test_store_save_analysis_replaces(store: Store) -> None:
    art = Article(text="Seoul and Tokyo pledged cooperation.")
    store.add_article(art)
    store.save_analysis(_analysis(art, 3), ["t"])
    store.save_analysis(_analysis(art, 2), ["t"])
    counts = store.counts()
    assert counts["events"] == 2 and counts["entities"] == 1
    assert store.article_status(art.id)["status"] == "processed"
    assert [e["actors"] for e in store.events(actor="KOR")] == [["KOR"], ["KOR"]]
    assert len(store.analysis(art.id).events) == 2


def test_store_missing_article_raises_notfound(store: Store) -> None:
    with pytest.raises(NotFound):
        store.article("nope")


def test_store_missing_folder_is_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "w.db")


def test_store_not_a_database_is_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        open_store(bad)


def test_store_transaction_rolls_back(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as db:
        db.execute("INSERT INTO actors (id, name, kind) VALUES ('X', 'x', 'country')")
        db.execute("INSERT INTO actors (id, name, kind) VALUES ('X', 'x', 'country')")
    assert store.counts()["actors"] == 0


def test_store_migration_filled_into_reserved_slot_is_applied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store already past a reserved number still gets that migration once it ships."""
    path = tmp_path / "w.db"
    Store(path).close()
    late = (max(n for n, _, _ in MIGRATIONS) - 1, "late", "CREATE TABLE late_slot (x INTEGER)")
    if late[0] in {n for n, _, _ in MIGRATIONS}:
        late = (-1, "late", "CREATE TABLE late_slot (x INTEGER)")
    monkeypatch.setattr("wirewatch.store.sqlite.MIGRATIONS", [*MIGRATIONS, late])
    with Store(path) as store:
        store.db.execute("SELECT x FROM late_slot")
        versions = [r[0] for r in store.db.execute("SELECT version FROM schema_version")]
    assert versions.count(late[0]) == 1
    with Store(path) as store:  # and never twice
        assert [r[0] for r in store.db.execute("SELECT version FROM schema_version")].count(late[0]) == 1
