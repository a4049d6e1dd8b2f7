"""`wirewatch export --what store` then `wirewatch import` into a new store gives the same rows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .views_server import copy_store, wirewatch_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_store(tmp_path_factory.mktemp("dump"))


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wirewatch", "--db", str(db), *args], capture_output=True,
                          text=True, timeout=300)


def _tables(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    from wirewatch.export.dump import dumped_tables

    with wirewatch_store(db) as store:
        return {t: sorted((tuple(r) for r in store.db.execute(f'SELECT * FROM "{t}"')), key=repr)
                for t in dumped_tables(store)}


def test_views_dump_round_trip(db: Path, tmp_path: Path) -> None:
    dump = tmp_path / "store.jsonl"
    out = run(db, "export", "--what", "store", "--format", "jsonl", "-o", str(dump))
    assert out.returncode == 0, out.stderr
    header = json.loads(dump.read_text(encoding="utf-8").splitlines()[0])
    assert {"articles", "analyses", "events", "claims", "canonical_events", "stories"} <= set(header["tables"])
    fresh = tmp_path / "fresh.db"
    out = run(fresh, "import", str(dump))
    assert out.returncode == 0, out.stderr
    before, after = _tables(db), _tables(fresh)
    assert set(before) == set(after)
    for table in before:
        assert after[table] == before[table], table
    assert before["articles"] and before["canonical_events"] and before["claims"]
    # The restored store answers as the original does.
    assert run(fresh, "brief", "--actor", "person:sergei-shoigu").stdout == \
        run(db, "brief", "--actor", "person:sergei-shoigu").stdout

    again = run(fresh, "import", str(dump))
    assert again.returncode != 0 and "already holds" in again.stderr
    merged = run(fresh, "import", "--merge", str(dump))
    assert merged.returncode == 0, merged.stderr
    assert "imported 0 rows" in merged.stdout
    assert _tables(fresh) == before


def test_views_dump_refuses_other_files(db: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "events.jsonl"
    assert run(db, "export", "--what", "events", "--format", "jsonl", "-o", str(bogus)).returncode == 0
    out = run(tmp_path / "empty.db", "import", str(bogus))
    assert out.returncode != 0 and "not a wirewatch store dump" in out.stderr
