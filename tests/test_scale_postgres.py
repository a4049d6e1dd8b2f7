"""The store on PostgreSQL: same results as SQLite, migrations once, concurrent writers lose and duplicate nothing.

Runs against a real PostgreSQL server: a throwaway cluster this session starts in a temporary folder
(``tests/pg_server.py``; ``make test`` installs Debian's ``postgresql`` when it is missing), or the
server named by ``WIREWATCH_TEST_PG``. Skips only where PostgreSQL cannot be run here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import wirewatch
from wirewatch.errors import StoreError
from wirewatch.store import Store, open_store
from wirewatch.store.migrations import MIGRATIONS

from .conftest import EXAMPLES
from .ingest_server import serve, standard_site
from .pg_server import Server, Unavailable

# The store tests of other files, run again here on PostgreSQL (this module's `store` fixture).
from .test_foundation_store import test_store_add_same_article_twice_is_noop as test_pg_store_add_twice_is_noop
from .test_foundation_store import test_store_missing_article_raises_notfound as test_pg_store_missing_article
from .test_foundation_store import test_store_save_analysis_replaces as test_pg_store_save_analysis_replaces
from .test_foundation_store import test_store_transaction_rolls_back as test_pg_store_transaction_rolls_back
from .test_link_store import (
    test_link_an_actor_in_both_roles_keeps_the_role_most_reports_give as test_pg_link_roles,
)
from .test_link_store import (
    test_link_conflicting_partial_times_stay_visible as test_pg_link_conflicting_partial_times,
)
from .test_link_store import test_link_happenings_that_read_alike_as_wholes_merge as test_pg_link_merge
from .test_link_store import (
    test_link_incremental_adding_an_article_keeps_existing_ids as test_pg_link_incremental_ids,
)
from .test_link_store import (
    test_link_reprocessed_article_is_relinked_not_duplicated as test_pg_link_reprocessed_relinked,
)
from .test_link_store import test_link_show_and_briefing_sections as test_pg_link_show_and_briefing
from .test_link_store import (
    test_link_three_outlets_make_one_event_and_a_syndicated_copy_counts_once as test_pg_link_three_outlets,
)
from .test_link_store import test_link_timeline_orders_partial_dates_and_filters as test_pg_link_timeline
from .test_link_store import test_link_two_earthquakes_in_one_region_stay_apart as test_pg_link_two_quakes

REUSED = (test_pg_store_add_twice_is_noop, test_pg_store_missing_article, test_pg_store_save_analysis_replaces,
          test_pg_store_transaction_rolls_back, test_pg_link_conflicting_partial_times, test_pg_link_incremental_ids,
          test_pg_link_reprocessed_relinked, test_pg_link_show_and_briefing, test_pg_link_three_outlets,
          test_pg_link_timeline, test_pg_link_two_quakes, test_pg_link_roles, test_pg_link_merge)

pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'wirewatch[postgres]')")


@pytest.fixture(scope="session")
def pg() -> Iterator[Server]:
    try:
        server = Server()
    except Unavailable as exc:
        pytest.skip(f"PostgreSQL cannot be run here: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def store(pg: Server) -> Iterator[Store]:
    """A store on a fresh PostgreSQL database (overrides the SQLite one for the reused tests)."""
    s = open_store(pg.new_database())
    yield s
    s.close()


def _cli(db: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen([sys.executable, "-m", "wirewatch", "--db", db, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def _finish(proc: subprocess.Popen[str], timeout: float = 900) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"{proc.args} failed ({proc.returncode}): {err[-2000:]}"
    return out


# -- the same results on both stores ----------------------------------------------------------

EVENT_COLUMNS = ("id", "article_id", "idx", "type", "mode", "actors", "recipients", "place", "time", "time_basis",
                 "modality", "source", "trigger_start", "trigger_end", "evidence_start", "evidence_end", "evidence")
CANONICAL_COLUMNS = ("id", "type", "mode", "actors", "recipients", "time", "times", "place", "places", "sort_key",
                     "first_reported", "last_reported", "corroboration", "n_reports", "outlets", "story_id",
                     "triggers", "codes", "agents", "embedding", "trigger_embedding", "encoder")
STORY_COLUMNS = ("id", "title", "actors", "types", "start", "end", "outlets", "n_events", "n_articles", "embedding")


def _snapshot(store: Store) -> dict[str, Any]:
    db = store.db

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in db.execute(sql)]

    return {
        "articles": rows("SELECT id, title, outlet, published, status, duplicate_of FROM articles ORDER BY id"),
        "events": rows(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events ORDER BY id"),
        "event_actors": rows("SELECT event_id, actor, role FROM event_actors ORDER BY event_id, actor, role"),
        "entities": rows("SELECT article_id, idx, start, end, text, label, actor FROM entities "
                         "ORDER BY article_id, idx"),
        "claims": rows("SELECT id, source_actor, certainty, content, key, value, unit FROM claims ORDER BY id"),
        "actors": rows("SELECT id, name, kind, country, sector, role FROM actors ORDER BY id"),
        "canonical": rows(f"SELECT {', '.join(CANONICAL_COLUMNS)} FROM canonical_events ORDER BY id"),
        "reports": rows("SELECT event_id, canonical_id, article_id, score FROM event_reports ORDER BY event_id"),
        "stories": rows(f"SELECT {', '.join(STORY_COLUMNS)} FROM stories ORDER BY id"),
        "story_articles": rows("SELECT story_id, article_id FROM story_articles ORDER BY story_id, article_id"),
        "leads": rows("SELECT article_id, bucket, main_event, joined FROM article_leads ORDER BY article_id"),
    }


def test_pg_seed_articles_give_the_same_events_canonical_events_and_stories(pg: Server, tmp_path: Path) -> None:
    results = {}
    for name, location in (("sqlite", str(tmp_path / "seed.db")), ("postgres", pg.new_database())):
        with wirewatch.open(location) as ww:
            added = ww.add([str(EXAMPLES)])
            assert added.new == 2
            ww.process()
            snap = _snapshot(ww.store)
            snap["timeline"] = [{k: v for k, v in e.items() if k not in ("first_seen",)}
                                for e in wirewatch.link.timeline(ww.store)]
            snap["events_api"] = ww.store.events()
            snap["counts"] = ww.store.counts()
            results[name] = snap
    sqlite, postgres = results["sqlite"], results["postgres"]
    assert len(sqlite["events"]) > 10 and len(sqlite["canonical"]) > 10 and sqlite["stories"]
    for key in sqlite:
        assert _floats_apart(postgres[key]) == _floats_apart(sqlite[key]), key
    for key in ("canonical", "stories"):
        assert _vectors(postgres[key]) == pytest.approx(_vectors(sqlite[key]), rel=1e-4, abs=1e-5), key


def _floats_apart(value: Any) -> Any:
    """Embeddings (float32 blobs) left out: they are compared to float precision apart (the encoder's
    last bits can vary from one run to the next, on SQLite alone too)."""
    if isinstance(value, list):
        return [_floats_apart(v) for v in value]
    if isinstance(value, tuple):
        return tuple(None if isinstance(v, bytes) else v for v in value)
    return value


def _vectors(rows: list[tuple[Any, ...]]) -> list[float]:
    import numpy as np

    return [float(x) for r in rows for v in r if isinstance(v, bytes) for x in np.frombuffer(v, dtype=np.float32)]


def test_pg_migrations_applied_once_and_recorded(pg: Server) -> None:
    url = pg.new_database()
    with open_store(url) as s:
        assert s.version == max(n for n, _, _ in MIGRATIONS)
    with open_store(url) as s:  # re-opened: nothing re-applied
        rows = s.db.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        assert [r[0] for r in rows] == sorted(n for n, _, _ in MIGRATIONS)
        tables = {r[0] for r in s.db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
        assert {"articles", "events", "canonical_events", "stories", "feeds", "article_leads"} <= tables


def test_pg_migrations_from_two_processes_at_once_apply_once(pg: Server) -> None:
    url = pg.new_database()
    procs = [_cli(url, "failures") for _ in range(3)]
    for proc in procs:
        _finish(proc, timeout=300)
    with open_store(url) as s:
        versions = [r[0] for r in s.db.execute("SELECT version FROM schema_version")]
        assert sorted(versions) == sorted(n for n, _, _ in MIGRATIONS)


def test_pg_unreachable_server_is_one_clear_error(pg: Server) -> None:
    url = pg.base_url("no_such_database_here").replace("postgresql://", "postgresql://nobody:secret@")
    with pytest.raises(StoreError) as err:
        open_store(url)
    message = str(err.value)
    assert message.startswith("cannot connect to PostgreSQL at ")
    assert "secret" not in message and "\n" not in message
    proc = _cli(url, "failures")
    _out, stderr = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert "cannot connect to PostgreSQL" in stderr and "Traceback" not in stderr


def test_pg_sqlite_dialect_is_translated() -> None:
    from wirewatch.store.postgres import translate

    sql, keep = translate("INSERT OR REPLACE INTO article_leads (article_id, bucket, main_event, joined, embedding) "
                          "VALUES (?, ?, ?, ?, ?)")
    assert sql.endswith("ON CONFLICT (article_id) DO UPDATE SET bucket = EXCLUDED.bucket, main_event = "
                        "EXCLUDED.main_event, joined = EXCLUDED.joined, embedding = EXCLUDED.embedding, "
                        "rowid = DEFAULT")
    assert "%s, %s, %s, %s, %s" in sql and not keep
    sql, _ = translate("SELECT * FROM stories WHERE title LIKE '50%' ORDER BY end IS NULL, end DESC LIMIT ?")
    assert sql == ("SELECT * FROM stories WHERE title ILIKE '50%%' ORDER BY \"end\" IS NULL NULLS FIRST, "
                   "\"end\" DESC NULLS LAST LIMIT NULLIF(%s, -1)")
    sql, _ = translate("SELECT CASE WHEN a THEN 1 END, MIN(x, y), MIN(z) FROM t")
    assert sql == "SELECT CASE WHEN a THEN 1 END, LEAST(x, y), MIN(z) FROM t"
    sql, keep = translate("SELECT id, rowid FROM articles ORDER BY rowid")
    assert keep and sql.endswith("ORDER BY rowid NULLS FIRST")


def test_pg_added_columns_take_postgres_types() -> None:
    from wirewatch.store.postgres import translate_ddl

    assert translate_ddl("ALTER TABLE article_leads ADD COLUMN terms BLOB") == (
        "ALTER TABLE article_leads ADD COLUMN terms BYTEA")
    assert translate_ddl("ALTER TABLE t ADD n INTEGER NOT NULL DEFAULT 0") == (
        "ALTER TABLE t ADD n BIGINT NOT NULL DEFAULT 0")


# -- concurrent writers -------------------------------------------------------------------------


def _corpus(folder: Path) -> list[Path]:
    """Distinct plain-text articles: the paragraphs of the seed articles, one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for source in sorted(EXAMPLES.glob("*.txt")):
        paragraphs = [p.strip() for p in source.read_text(encoding="utf-8").splitlines()]
        for i, para in enumerate(p for p in paragraphs if len(p) > 200):
            path = folder / f"{source.stem}-{i:02d}.txt"
            path.write_text(para + "\n", encoding="utf-8")
            out.append(path)
    return out


def _copy(files: list[Path], folder: Path) -> Path:
    folder.mkdir(parents=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def _state(store: Store) -> dict[str, Any]:
    db = store.db
    return {
        "articles": sorted(tuple(r) for r in db.execute("SELECT id, status FROM articles")),
        "texts": tuple(db.execute("SELECT COUNT(*), COUNT(DISTINCT text) FROM articles").fetchone()),
        "events": sorted(tuple(r) for r in db.execute("SELECT id, type, evidence FROM events")),
        "analyses": db.execute("SELECT COUNT(*) FROM analyses").fetchone()[0],
        "feeds": sorted(tuple(r) for r in db.execute("SELECT url, entries_added FROM feeds")),
        "failures": [tuple(r) for r in db.execute("SELECT stage, input, reason FROM failures")],
        "linked": db.execute("SELECT COUNT(*) FROM linked_articles").fetchone()[0],
        "reports": tuple(db.execute("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM event_reports").fetchone()),
    }


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_pg_two_adds_and_a_watch_at_once_lose_and_duplicate_nothing(backend: str, pg: Server,
                                                                     tmp_path: Path) -> None:
    files = _corpus(tmp_path / "corpus")
    assert len(files) >= 12
    third = len(files) // 3
    first = _copy(files[: 2 * third], tmp_path / "first")    # the two adds overlap on the middle third
    second = _copy(files[third:], tmp_path / "second")

    def location(name: str) -> str:
        return str(tmp_path / f"{name}.db") if backend == "sqlite" else pg.new_database(name)

    with serve() as site:
        standard_site(site)
        feed = site.url("/feed.rss")
        # the reference: the same three writers one after the other
        reference = location("seq")
        for args in (("add", str(first)), ("add", str(second)),
                     ("watch", "--once", "--allow-private", "--workers", "1", feed)):
            _finish(_cli(reference, *args))
        _finish(_cli(reference, "process"))
        # the same three writers at once on one database
        shared = location("par")
        procs = [_cli(shared, "add", str(first)), _cli(shared, "add", str(second)),
                 _cli(shared, "watch", "--once", "--allow-private", "--workers", "1", feed)]
        for proc in procs:
            _finish(proc)
        _finish(_cli(shared, "process"))

    with open_store(reference) as ref_store, open_store(shared) as par_store:
        expected, got = _state(ref_store), _state(par_store)
    n_files = len(files)
    assert len(expected["articles"]) >= n_files + 2  # the files and the feed's readable entries
    assert expected["texts"][0] == expected["texts"][1]  # one row per text
    assert got["texts"][0] == got["texts"][1]
    assert got["articles"] == expected["articles"]
    assert got["events"] == expected["events"]
    assert got["analyses"] == expected["analyses"] == len(expected["articles"])
    assert got["feeds"] == expected["feeds"]
    assert got["failures"] == expected["failures"]  # the feed's empty entry, and nothing else
    assert [r[0] for r in got["failures"]] == ["ingest"] and "has no text and no link" in got["failures"][0][2]
    assert got["linked"] == expected["linked"]
    assert got["reports"][0] == got["reports"][1]  # every event reported once
    assert got["reports"] == expected["reports"]


# -- the web UI and API read PostgreSQL as they read SQLite --------------------------------------

TIMESTAMPS = {"added_at", "first_seen", "updated_at", "linked_at", "processed_at", "fetched_at", "at"}


def _no_clock(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _no_clock(v) for k, v in value.items() if k not in TIMESTAMPS}
    if isinstance(value, list):
        return [_no_clock(v) for v in value]
    return value


def test_pg_api_answers_as_on_sqlite(pg: Server, tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("uvicorn")
    from .views_server import serve as serve_views

    locations = {"sqlite": str(tmp_path / "api.db"), "postgres": pg.new_database("api")}
    for location in locations.values():
        with wirewatch.open(location) as ww:
            ww.add([str(EXAMPLES)])
            ww.process()
    answers: dict[str, dict[str, Any]] = {}
    for name, location in locations.items():
        with serve_views(location) as srv:  # type: ignore[arg-type]
            got: dict[str, Any] = {}
            for path in ("/api/articles", "/api/events?limit=200", "/api/timeline?limit=200", "/api/stories",
                         "/api/actors?limit=200", "/api/graph", "/api/search?q=missile", "/api/disputes",
                         "/api/overview", "/api/events?actor=PRK&type=MOBILIZE"):
                status, body = srv.json(path)
                assert status == 200, (name, path, body)
                got[path] = body
            story = got["/api/stories"]["items"][0]["id"]
            event = got["/api/timeline?limit=200"]["items"][0]["id"]
            article = got["/api/articles"]["items"][0]["id"]
            for path in (f"/api/stories/{story}", f"/api/canonical-events/{event}", f"/api/articles/{article}",
                         "/api/actors/PRK"):
                status, body = srv.json(path)
                assert status == 200, (name, path, body)
                got[path] = body
            for page in ("/", "/timeline", "/stories", "/actors", "/search?q=missile", "/disputes"):
                status, _, html = srv.get(page)
                assert status == 200 and b"<html" in html.lower(), (name, page)
            answers[name] = got
    assert answers["sqlite"]["/api/search?q=missile"] != {}
    for path, body in answers["sqlite"].items():
        if path.startswith("/api/search"):
            continue  # SQLite ranks with its FTS5 index, PostgreSQL falls back to substring search
        assert _no_clock(answers["postgres"][path]) == _no_clock(body), path
    # the same articles are found on both, ranked on SQLite, in plain order on PostgreSQL
    lite, pg = answers["sqlite"]["/api/search?q=missile"], answers["postgres"]["/api/search?q=missile"]
    assert lite["ranked"] is True and pg["ranked"] is False
    assert {a["id"] for a in lite["articles"]} == {a["id"] for a in pg["articles"]} != set()
