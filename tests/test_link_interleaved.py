"""Linking as we go (with worker processes) gives the same canonical events and stories as at the end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import wirewatch
import wirewatch.app as app
from wirewatch.link.export import article_rows, event_rows

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"


def _run(tmp: Path, every: int, workers: int, bench_files: list[Path], monkeypatch: pytest.MonkeyPatch
         ) -> dict[str, Any]:
    monkeypatch.setattr(app, "LINK_EVERY", every)
    ww = wirewatch.open(tmp / f"every-{every}.db")
    ww.add([str(p) for p in (EXAMPLES, *bench_files)])
    report = ww.process(workers=workers)
    articles = {a["id"]: (a["main_event"], a["story"]) for a in article_rows(ww.store)}
    events = {e["id"]: sorted((r["article"], r["evidence"]) for r in e["reports"]) for e in event_rows(ww.store)}
    ww.store.close()
    return {"articles": articles, "events": events, "linked": report.link["linked articles"]}


def test_interleaved_linking_equals_linking_at_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       bench: Path) -> None:
    files = sorted((bench / "bbc" / "politics").glob("*.txt"))[:10]
    at_end = _run(tmp_path, 10**9, 1, files, monkeypatch)
    as_we_go = _run(tmp_path, 3, 2, files, monkeypatch)  # two worker processes: linked as we go
    assert at_end["linked"] == as_we_go["linked"] == 12
    assert at_end["articles"] == as_we_go["articles"]
    assert at_end["events"] == as_we_go["events"]
