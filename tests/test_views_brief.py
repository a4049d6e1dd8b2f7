"""`wirewatch brief` with --since, --story and --actor on the processed seed articles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .views_server import copy_store, wirewatch_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_store(tmp_path_factory.mktemp("brief"))


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wirewatch", "--db", str(db), "brief", *args],
                          capture_output=True, text=True, timeout=300)


def _section(text: str, title: str) -> str:
    body = text.split(f"\n{title}\n", 1)[1]
    return body.split("\n\n", 1)[0]


def test_views_brief_actor_filters_events(db: Path) -> None:
    everything = run(db, "--since", "1900")
    shoigu = run(db, "--actor", "person:sergei-shoigu")
    assert shoigu.returncode == 0, shoigu.stderr
    happened = _section(shoigu.stdout, "What happened")
    assert "Shoigu" in happened
    assert "Ishiba" not in happened and "Ishiba" in _section(everything.stdout, "What happened")
    assert happened.count("\n") < _section(everything.stdout, "What happened").count("\n")
    sources = _section(shoigu.stdout, "Sources")
    assert "article(s)" in sources


def test_views_brief_since_marks_new(db: Path) -> None:
    with wirewatch_store(db) as store:
        rows = store.db.execute("SELECT id, first_reported, first_seen FROM canonical_events").fetchall()
    # An event no dated article reports is new when first stored after the date (stored today).
    august = {r["id"] for r in rows if (r["first_reported"] or r["first_seen"] or "") >= "2025-08-01"}
    dated = {r["id"] for r in rows if (r["first_reported"] or "").startswith("2025-08")}
    assert dated, "seed 1 is dated 2025-08-23"
    out = run(db, "--since", "2025-08-01", "--format", "md")
    assert out.returncode == 0, out.stderr
    new = out.stdout.split("## New since 2025-08-01", 1)[1].split("\n## ", 1)[0]
    for cid in august:
        assert f"[{cid}]" in new
    later = run(db, "--since", "2025-08-24")
    assert later.returncode == 0, later.stderr
    new_later = _section(later.stdout, "New since 2025-08-24")
    for cid in dated:
        assert f"[{cid}]" not in new_later
    happened = out.stdout.split("## What happened", 1)[1].split("\n## ", 1)[0]
    assert happened.count("[new]") == len(august)


def test_views_brief_filters_disputes_to_the_articles(db: Path) -> None:
    with wirewatch_store(db) as store:
        story = store.db.execute("SELECT id FROM stories ORDER BY id").fetchone()[0]
    whole = run(db, "--story", story)
    assert whole.returncode == 0, whole.stderr
    disputes = _section(whole.stdout, "Disputed figures")
    assert "PRK troops killed" in disputes and "PRK troops sent to RUS" in disputes
    # Shoigu is named only in the report with the troops sent, not in the one with the troops killed.
    shoigu = _section(run(db, "--actor", "person:sergei-shoigu").stdout, "Disputed figures")
    assert "PRK troops sent to RUS" in shoigu
    assert "PRK troops killed" not in shoigu


@pytest.mark.parametrize("args, message", [
    (("--actor", "person:nobody-at-all"), "no actor with id 'person:nobody-at-all'"),
    (("--story", "story-none"), "no story with id 'story-none'"),
    (("--since", "2025-13-40"), "bad date '2025-13-40'"),
    (("--since", "yesterday"), "bad date 'yesterday'"),
])
def test_views_brief_bad_filters_are_one_line_errors(db: Path, args: tuple[str, ...], message: str) -> None:
    out = run(db, *args)
    assert out.returncode != 0
    assert message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
