"""Killing wirewatch with SIGKILL mid-batch loses nothing committed and duplicates nothing on re-run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

#: Articles in the batch: enough that the kill lands in the middle.
N_ARTICLES = 40


_WORDS = (
    "Seoul Tokyo Moscow Kyiv Beijing Paris Berlin Ankara Cairo Delhi ministers troops talks missiles sanctions "
    "ships drills envoys protesters reporters farmers courts aid loans rockets accused praised visited warned "
    "met rejected signed blocked urged hosted"
).split()


def _make_articles(folder: Path) -> None:
    """Distinct articles (different enough not to be near duplicates of each other)."""
    import random

    rng = random.Random(7)
    folder.mkdir()
    for i in range(N_ARTICLES):
        sentences = [" ".join(rng.choice(_WORDS) for _ in range(12)).capitalize() + "." for _ in range(6)]
        (folder / f"a{i:03d}.txt").write_text(
            f"Officials in Seoul said on Monday that North Korea fired missiles, report {i}. " + " ".join(sentences),
            encoding="utf-8",
        )


def _wirewatch(db: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "wirewatch", "--db", str(db), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=30) as con:
        return int(con.execute(sql).fetchone()[0])


def _kill_when(db: Path, proc: subprocess.Popen[bytes], sql: str, at_least: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if db.exists() and _count(db, sql) >= at_least:
                break
        except sqlite3.OperationalError:
            pass
        time.sleep(0.05)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def test_crash_sigkill_during_process_then_rerun(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    _make_articles(articles)
    db = tmp_path / "w.db"
    assert _wirewatch(db, "add", str(articles)).wait() == 0
    assert _count(db, "SELECT COUNT(*) FROM articles") == N_ARTICLES

    proc = _wirewatch(db, "process", "--stages", "spacy", "--no-link")
    _kill_when(db, proc, "SELECT COUNT(*) FROM analyses", 5)
    assert proc.returncode == -signal.SIGKILL, "the process finished before it could be killed"
    done_before = _count(db, "SELECT COUNT(*) FROM analyses")
    assert 0 < done_before < N_ARTICLES
    entities_before = _count(db, "SELECT COUNT(*) FROM entities")

    rerun = _wirewatch(db, "process", "--stages", "spacy", "--no-link")
    assert rerun.wait() == 0, rerun.stderr.read() if rerun.stderr else ""
    assert _count(db, "SELECT COUNT(*) FROM analyses") == N_ARTICLES
    assert _count(db, "SELECT COUNT(*) FROM articles WHERE status = 'processed'") == N_ARTICLES
    assert _count(db, "SELECT COUNT(*) FROM entities") > entities_before
    # each article's entities are exactly those of one analysis: no article was stored twice
    assert _count(db, "SELECT COUNT(*) FROM (SELECT article_id, start, end FROM entities "
                      "GROUP BY article_id, start, end HAVING COUNT(*) > 1)") == 0


def test_crash_sigkill_during_add_then_rerun(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    _make_articles(articles)
    db = tmp_path / "w.db"
    proc = _wirewatch(db, "add", str(articles))
    _kill_when(db, proc, "SELECT COUNT(*) FROM articles", 3)
    assert _wirewatch(db, "add", str(articles)).wait() == 0
    assert _count(db, "SELECT COUNT(*) FROM articles") == N_ARTICLES
    assert _count(db, "SELECT COUNT(DISTINCT id) FROM articles") == N_ARTICLES
