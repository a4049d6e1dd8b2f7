"""--workers N spreads articles over N processes and stores exactly what one process stores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import wirewatch

from .conftest import EXAMPLES


def _dump(db: Path) -> dict[str, str]:
    with wirewatch.open(db) as ww:
        return {a.id: json.dumps(ww.store.analysis(a.id).to_json(), sort_keys=True) for a in ww.store.articles()}


def test_workers_two_processes_same_results(tmp_path: Path, monkeypatch: Any) -> None:
    from wirewatch import app

    for name, workers, batch in (("one.db", 1, 16), ("two.db", 2, 16), ("split.db", 2, 1)):
        monkeypatch.setattr(app, "WORKER_BATCH", batch)  # one batch of both articles, or one batch each
        with wirewatch.open(tmp_path / name) as ww:
            ww.add([str(EXAMPLES)])
            assert ww.process(workers=workers, link=False).processed == 2
    one, two, split = (_dump(tmp_path / n) for n in ("one.db", "two.db", "split.db"))
    assert one == two == split and len(one) == 2


def test_workers_encode_for_the_linker_and_link_as_one_process(tmp_path: Path, monkeypatch: Any) -> None:
    from wirewatch.embed import MiniLMEncoder, get_encoder

    if not isinstance(get_encoder(), MiniLMEncoder):
        pytest.skip("only MiniLM vectors are computed in the workers")
    links = {}
    for name, workers in (("one.db", 1), ("two.db", 2)):
        encoded: list[str] = []
        run = MiniLMEncoder._run

        def counting(self: MiniLMEncoder, ordered: list[str], run: Any = run, encoded: list[str] = encoded) -> Any:
            encoded.extend(ordered)
            return run(self, ordered)

        monkeypatch.setattr(MiniLMEncoder, "_run", counting)
        with wirewatch.open(tmp_path / name) as ww:
            ww.add([str(EXAMPLES)])
            ww.process(workers=workers)
            links[workers] = sorted(tuple(r) for r in ww.store.db.execute(
                "SELECT r.event_id, r.canonical_id, l.main_event FROM event_reports r "
                "LEFT JOIN article_leads l ON l.main_event = r.event_id"))
        if workers == 1:
            assert encoded  # alone, this process encodes the sentences
        else:
            assert encoded == []  # the workers did, and this process only linked
    assert links[1] == links[2] and len(links[1]) > 10


def test_one_process_encodes_on_a_thread_and_links_as_at_the_end(tmp_path: Path, monkeypatch: Any) -> None:
    import threading

    from wirewatch import app
    from wirewatch.embed import MiniLMEncoder, get_encoder

    if not isinstance(get_encoder(), MiniLMEncoder):
        pytest.skip("only MiniLM vectors are computed ahead of the linker")
    threads: list[str] = []
    run = MiniLMEncoder._run

    def counting(self: MiniLMEncoder, ordered: list[str]) -> Any:
        if ordered:
            threads.append(threading.current_thread().name)
        return run(self, ordered)

    monkeypatch.setattr(MiniLMEncoder, "_run", counting)
    monkeypatch.setattr(app, "LINK_EVERY", 1)  # link as the vectors come, a few articles at a time
    links = {}
    # at the end; as we go; as we go, the analysis waiting for each article's vectors
    for name, as_we_go, ahead in (("end.db", False, 0), ("aside.db", True, app.ENCODE_AHEAD), ("wait.db", True, 0)):
        threads.clear()
        monkeypatch.setattr(app, "ENCODE_AHEAD", ahead)
        with wirewatch.open(tmp_path / name) as ww:
            ww.add([str(EXAMPLES)])
            if as_we_go:
                report = ww.process()
                assert report.link["linked articles"] == 2
            else:
                ww.process(link=False)
                ww.link()
            links[name] = sorted(tuple(r) for r in ww.store.db.execute(
                "SELECT r.event_id, r.canonical_id, r.score, l.main_event, l.joined FROM event_reports r "
                "LEFT JOIN article_leads l ON l.main_event = r.event_id"))
        if as_we_go:  # every text was encoded on the encoding thread, none by the linker
            assert threads and all(t.startswith("wirewatch-encode") for t in threads)
    assert links["end.db"] == links["aside.db"] == links["wait.db"] and len(links["end.db"]) > 10


def test_one_process_links_when_the_encoding_thread_fails(tmp_path: Path, monkeypatch: Any) -> None:
    from wirewatch import app
    from wirewatch.embed import MiniLMEncoder, get_encoder

    if not isinstance(get_encoder(), MiniLMEncoder):
        pytest.skip("only MiniLM vectors are computed ahead of the linker")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("no model today")

    monkeypatch.setattr(app, "_encode_wanted", broken)
    with wirewatch.open(tmp_path / "w.db") as ww:
        ww.add([str(EXAMPLES)])
        report = ww.process()
        assert report.processed == 2 and report.link["linked articles"] == 2
        assert ww.store.db.execute("SELECT COUNT(*) FROM event_reports WHERE embedding IS NOT NULL").fetchone()[0] > 10
