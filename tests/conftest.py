"""Shared fixtures: the seed articles, the benchmark folder (skipped when absent), a full pipeline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
SEED_1 = EXAMPLES / "000_3499e92a9a926461.txt"  # undated; Kim, Lee-Ishiba summit, 15,000 troops
SEED_2 = EXAMPLES / "004_b5e5f9bbc4fa198b.txt"  # "On March 21", Shoigu; Original Source: straitstimes
BENCH = Path(os.environ.get("WIREWATCH_BENCH", ROOT.parent / "shared" / "bench"))


@pytest.fixture(scope="session")
def seed1_text() -> str:
    return SEED_1.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed2_text() -> str:
    return SEED_2.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def bench() -> Path:
    """The public benchmark folder; tests that need it skip cleanly where it is absent."""
    if not BENCH.is_dir():
        pytest.skip(f"benchmark data not found at {BENCH}")
    return BENCH


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    """The full default pipeline with the real spaCy model (loaded once per test session)."""
    from wirewatch.pipeline import Pipeline

    return Pipeline.build()


@pytest.fixture()
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    from wirewatch.store import open_store

    s = open_store(tmp_path / "test.db")
    yield s
    s.close()
