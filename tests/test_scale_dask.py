"""The Dask engine gives the same results as the single-machine path, on a real local cluster of two workers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import wirewatch

from .conftest import EXAMPLES

pytest.importorskip("dask.distributed")

#: Real BBC articles compared besides the seeds (a few hundred, as the issue asks).
N_BBC = 200


def _analyses(db: Path) -> dict[str, dict[str, object]]:
    with wirewatch.open(db) as ww:
        out = {}
        for article in ww.store.articles():
            data = ww.store.analysis(article.id).to_json()
            out[article.id] = data
        return out


def _compare(tmp_path: Path, inputs: list[str]) -> int:
    from wirewatch.scale.dask_engine import process_dask

    local_db, dask_db = tmp_path / "local.db", tmp_path / "dask.db"
    with wirewatch.open(local_db) as ww:
        ww.add(inputs)
        ww.process(link=False)
    with wirewatch.open(dask_db) as ww:
        ww.add(inputs)
        report = process_dask(ww, n_workers=2, partition_size=16, link=False)
    local, dist = _analyses(local_db), _analyses(dask_db)
    assert set(local) == set(dist)
    for article_id, data in local.items():
        assert json.dumps(dist[article_id], sort_keys=True) == json.dumps(data, sort_keys=True), article_id
    return report.processed


def test_scale_dask_same_results_on_seeds(tmp_path: Path) -> None:
    assert _compare(tmp_path, [str(EXAMPLES)]) == 2


def test_scale_dask_same_results_on_bbc(tmp_path: Path, bench: Path) -> None:
    files = sorted((bench / "bbc").rglob("*.txt"))
    files = [p for p in files if p.name != "README.TXT"][:N_BBC]
    processed = _compare(tmp_path, [str(p) for p in files])
    assert processed >= N_BBC - 10  # a few BBC files are near duplicates of others and are not processed


def test_scale_dask_parquet_output_then_import(tmp_path: Path) -> None:
    from wirewatch.scale.dask_engine import import_results, process_dask

    with wirewatch.open(tmp_path / "w.db") as ww:
        ww.add([str(EXAMPLES)])
        out = tmp_path / "results"
        report = process_dask(ww, n_workers=2, output=out, link=False)
        assert report.processed == 2
        assert ww.store.counts().get("articles_processed", 0) == 0  # nothing written to the store
        assert list((out / "analyses").glob("part-*.parquet"))
        assert import_results(ww, out, link=False).processed == 2
        assert ww.store.counts()["articles_processed"] == 2
