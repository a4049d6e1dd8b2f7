"""``wirewatch watch``: polling, conditional requests, feeds that are down or malformed, clean Ctrl-C."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import wirewatch
from wirewatch.errors import WirewatchError
from wirewatch.ingest import IngestOptions
from wirewatch.ingest.watch import backoff_s, load_state, parse_duration, watch

from .ingest_server import Site, serve, slow, standard_site

LOCAL = IngestOptions(allow_private=True)


@pytest.fixture()
def site() -> Iterator[Site]:
    with serve() as s:
        standard_site(s)
        s.file("/etag.rss", "feed.rss", "application/rss+xml", etag='"v1"')
        s.file("/lm.atom", "feed.atom", "application/atom+xml", last_modified="Thu, 01 May 2025 12:00:00 GMT")
        yield s


def cli(*args: str, db: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen([sys.executable, "-m", "wirewatch", "--db", str(db), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def count(db: Path, sql: str) -> int:
    con = sqlite3.connect(db, timeout=30)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def test_ingest_watch_durations_and_backoff() -> None:
    assert parse_duration("10m") == 600 and parse_duration("30s") == 30 and parse_duration("2h") == 7200
    assert parse_duration("45") == 45
    for bad in ("soon", "-5m", "0s"):
        with pytest.raises(WirewatchError, match="invalid interval"):
            parse_duration(bad)
    assert [backoff_s(n, 600) for n in (1, 2, 3)] == [600, 1200, 2400]
    assert backoff_s(30, 600) == 6 * 3600


def test_ingest_watch_conditional_requests(site: Site, tmp_path: Path) -> None:
    lines: list[str] = []
    with wirewatch.open(tmp_path / "w.db") as ww:
        totals = watch(ww, [site.url("/etag.rss"), site.url("/lm.atom")], every=0.01, options=LOCAL, rounds=3,
                       process=False, echo=lines.append)
        assert totals.new == 5 and totals.rounds == 3
        etag_state = load_state(ww, site.url("/etag.rss"))
        assert etag_state.etag == '"v1"' and etag_state.title == "Harbour Daily" and etag_state.entries_added == 3
        assert load_state(ww, site.url("/lm.atom")).last_modified == "Thu, 01 May 2025 12:00:00 GMT"
    sent = [(p, inm, ims) for p, inm, ims in site.conditional if p in ("/etag.rss", "/lm.atom")]
    assert sent[:2] == [("/etag.rss", None, None), ("/lm.atom", None, None)]
    assert sent[2:] == [("/etag.rss", '"v1"', None), ("/lm.atom", None, "Thu, 01 May 2025 12:00:00 GMT")] * 2
    assert sum("not modified" in ln for ln in lines) == 4
    assert site.hits["/article.html"] == 1  # linked pages fetched once, in the first round only


def test_ingest_watch_survives_down_and_malformed_feeds(site: Site, tmp_path: Path) -> None:
    lines: list[str] = []
    down, bad, good = site.url("/error"), site.url("/malformed.rss"), site.url("/feed.atom")
    with wirewatch.open(tmp_path / "w.db") as ww:
        totals = watch(ww, [down, bad, good], every=0.01, options=LOCAL, rounds=2, process=False,
                       echo=lines.append)
        assert totals.new == 2
        state = load_state(ww, down)
        assert state.failures >= 1 and "HTTP 500" in (state.last_error or "") and state.next_due
        assert "malformed feed" in (load_state(ww, bad).last_error or "")
        reasons = [f["reason"] for f in ww.store.failures(100)]
        assert len(reasons) == len(set(reasons))  # the same failure is recorded once
        assert any("HTTP 500" in r for r in reasons)
    assert any(f"{down}: failed: " in ln and "HTTP 500" in ln for ln in lines)
    # the down feed recovers: after its back-off it is polled again and read
    site.file("/error", "feed.rss", "application/rss+xml")
    with wirewatch.open(tmp_path / "w.db") as ww:
        ww.store.db.execute("UPDATE feeds SET next_due = NULL")
        watch(ww, [down], every=0.01, options=LOCAL, rounds=1, process=False, echo=lines.append)
        state = load_state(ww, down)
        assert state.failures == 0 and state.last_error is None and state.entries_added == 3


def test_ingest_watch_backing_off_feed_is_not_polled(site: Site, tmp_path: Path) -> None:
    lines: list[str] = []
    with wirewatch.open(tmp_path / "w.db") as ww:
        watch(ww, [site.url("/error")], every=3600, options=LOCAL, rounds=1, process=False, echo=lines.append)
        hits = site.hits["/error"]
        watch(ww, [site.url("/error")], every=3600, options=LOCAL, rounds=1, process=False, echo=lines.append)
    assert site.hits["/error"] == hits
    assert "backing off until" in lines[-1]


def test_ingest_watch_once_cli_adds_and_processes(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    proc = cli("watch", "--once", "--allow-private", "--workers", "1", site.url("/feed.atom"), db=db)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "2 new" in out and "done: 1 round(s), 2 new article(s)" in out
    assert count(db, "SELECT COUNT(*) FROM articles WHERE status = 'processed'") == 2


def test_ingest_watch_refuses_private_feed_by_default(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    proc = cli("watch", "--once", "--no-process", site.url("/feed.rss"), db=db)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "refused" in out and site.hits["/feed.rss"] == 0


def wait_for(db: Path, proc: subprocess.Popen[str], sql: str, at_least: int) -> int:
    deadline = time.monotonic() + 120
    value = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            value = count(db, sql)
        except sqlite3.OperationalError:  # the database is not created yet
            value = 0
        if value >= at_least:
            break
        time.sleep(0.1)
    return value


def test_ingest_watch_sigint_while_sleeping(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    proc = cli("watch", "--every", "1h", "--no-process", "--allow-private", site.url("/feed.rss"), db=db)
    # the round is over (the feed's state is saved last): the watcher is sleeping until the next one
    assert wait_for(db, proc, "SELECT COUNT(*) FROM feeds WHERE last_ok IS NOT NULL", 1) == 1
    assert proc.poll() is None, "watch should be sleeping until its next round"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "stopped: 1 round(s), 3 new article(s)" in out and "Traceback" not in err
    assert count(db, "SELECT COUNT(*) FROM articles") == 3


def test_ingest_watch_sigint_mid_round_loses_nothing(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    site.routes["/article.html"] = slow(60.0)  # the second entry's page hangs
    proc = cli("watch", "--every", "1h", "--no-process", "--allow-private", site.url("/feed.rss"), db=db)
    assert wait_for(db, proc, "SELECT COUNT(*) FROM articles", 1) == 1  # the full-text entry is stored
    time.sleep(0.5)
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "stopped:" in out and "Traceback" not in err
    assert count(db, "SELECT COUNT(*) FROM articles") == 1
    assert count(db, "SELECT COUNT(*) FROM feeds") == 0  # the round did not finish: nothing marked as read
    # the next run takes what was not stored yet, and nothing twice
    standard_site(site)
    again = cli("watch", "--once", "--no-process", "--allow-private", site.url("/feed.rss"), db=db)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert "2 new, 1 duplicate" in out
    assert count(db, "SELECT COUNT(*) FROM articles") == 3


def test_ingest_feed_table_added_to_an_older_store(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with wirewatch.open(db):
        pass
    con = sqlite3.connect(db)  # a store made before migration 2 existed (1 and 3 applied)
    con.execute("DROP TABLE feeds")
    con.execute("DROP INDEX articles_canonical_url")
    con.execute("DELETE FROM schema_version WHERE version = 2")
    con.commit()
    con.close()
    with wirewatch.open(db) as ww:
        assert load_state(ww, "http://example.org/feed").failures == 0
        assert count(db, "SELECT COUNT(*) FROM schema_version WHERE version = 2") == 1
