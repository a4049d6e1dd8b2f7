"""--workers N spreads articles over N processes and stores exactly what one process stores."""

from __future__ import annotations

import json
from pathlib import Path

import wirewatch

from .conftest import EXAMPLES


def _dump(db: Path) -> dict[str, str]:
    with wirewatch.open(db) as ww:
        return {a.id: json.dumps(ww.store.analysis(a.id).to_json(), sort_keys=True) for a in ww.store.articles()}


def test_workers_two_processes_same_results(tmp_path: Path) -> None:
    for name, workers in (("one.db", 1), ("two.db", 2)):
        with wirewatch.open(tmp_path / name) as ww:
            ww.add([str(EXAMPLES)])
            assert ww.process(workers=workers, link=False).processed == 2
    one, two = _dump(tmp_path / "one.db"), _dump(tmp_path / "two.db")
    assert one == two and len(one) == 2
