"""Exact and near duplicates: linked to the first copy, not processed twice; re-adding changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import wirewatch
from wirewatch.app import Wirewatch
from wirewatch.ingest.dedup import MAX_HAMMING, MIN_RESEMBLANCE, NearDuplicateIndex, hamming, resemblance, simhash

from .conftest import SEED_1, SEED_2


@pytest.fixture()
def ww(tmp_path: Path) -> Iterator[Wirewatch]:
    with wirewatch.open(tmp_path / "w.db") as w:
        yield w


def variants(text: str) -> dict[str, str]:
    lines = text.splitlines()
    body = [ln for ln in lines[1:] if ln.strip()]
    return {
        "headline": "Pyongyang fires new air-defence weapon as Shoigu visits\n" + "\n".join(lines[1:]),
        "credit": text + "\nReporting by Jane Doe in Seoul; Editing by John Roe",
        "reordered": "\n".join([lines[0], *body[1:3][::-1], body[0], *body[3:]]),
        "whitespace": "  " + text.replace(". ", ".  ").replace("\n", "\n\n") + "\n\n",
    }


def test_ingest_perturbed_copies_within_threshold_distinct_articles_not(seed1_text: str, seed2_text: str) -> None:
    base = simhash(seed2_text)
    for name, copy in variants(seed2_text).items():
        assert hamming(base, simhash(copy)) <= MAX_HAMMING, name
        assert resemblance(seed2_text, copy) >= MIN_RESEMBLANCE, name
    assert hamming(base, simhash(seed1_text)) > MAX_HAMMING  # same topic, a different article
    assert resemblance(seed2_text, seed1_text) < 0.1


def test_ingest_close_fingerprint_needs_shared_shingles(seed1_text: str, seed2_text: str) -> None:
    index = NearDuplicateIndex()
    index.add("seed1", simhash(seed1_text))
    # the seed 2 fingerprint, pretended close: the shingle check still keeps the articles apart
    fp = simhash(seed1_text) ^ 0b101
    assert index.candidates(fp) == [(2, "seed1")]
    assert index.find(fp, seed2_text, {"seed1": seed1_text}.__getitem__) is None
    assert index.find(fp, seed1_text + "\n(AFP)", {"seed1": seed1_text}.__getitem__) == "seed1"


def test_ingest_exact_and_near_duplicates_linked(tmp_path: Path, ww: Wirewatch, seed2_text: str) -> None:
    first = ww.add([str(SEED_2), str(SEED_1)])
    assert first.new == 2
    original = next(a.id for a in ww.store.articles() if a.outlet == "The Straits Times")
    for name, copy in variants(seed2_text).items():
        (tmp_path / f"{name}.txt").write_text(copy, encoding="utf-8")
    report = ww.add([str(tmp_path / f"{name}.txt") for name in ("whitespace", "headline", "credit", "reordered")])
    assert (report.new, report.duplicates, report.near_duplicates, report.failures) == (0, 1, 3, 0)
    rows = ww.store.db.execute("SELECT status, duplicate_of, duplicate_kind FROM articles WHERE id != ? AND "
                               "duplicate_of IS NOT NULL", (original,)).fetchall()
    assert [tuple(r) for r in rows] == [("duplicate", original, "near")] * 3
    assert len(ww.store.pending_ids()) == 2  # the copies are not processed


def test_ingest_near_duplicate_links_to_first_copy_not_a_copy(tmp_path: Path, ww: Wirewatch,
                                                              seed2_text: str) -> None:
    ww.add([str(SEED_2)])
    v = variants(seed2_text)
    (tmp_path / "a.txt").write_text(v["headline"])
    (tmp_path / "b.txt").write_text(v["headline"] + "\n(Reuters)")
    ww.add([str(tmp_path / "a.txt")])
    ww.add([str(tmp_path / "b.txt")])
    originals = {r[0] for r in ww.store.db.execute("SELECT duplicate_of FROM articles WHERE duplicate_of IS NOT NULL")}
    assert len(originals) == 1 and ww.store.article_status(originals.pop())["status"] == "new"


def test_ingest_readding_changes_nothing(tmp_path: Path, ww: Wirewatch, seed2_text: str) -> None:
    (tmp_path / "copy.txt").write_text(variants(seed2_text)["credit"])
    inputs = [str(SEED_1), str(SEED_2), str(tmp_path / "copy.txt")]
    first = ww.add(inputs)
    assert (first.new, first.near_duplicates) == (2, 1)
    snapshot = [tuple(r) for r in ww.store.db.execute("SELECT id, status, duplicate_of FROM articles ORDER BY id")]
    again = ww.add(inputs)
    assert (again.new, again.duplicates, again.near_duplicates, again.failures) == (0, 3, 0, 0)
    assert [tuple(r) for r in ww.store.db.execute("SELECT id, status, duplicate_of FROM articles ORDER BY id")] \
        == snapshot
