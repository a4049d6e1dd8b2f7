"""The seed articles' time expressions (issue: [read], item 6)."""

from __future__ import annotations

from wirewatch.model import Article
from wirewatch.pipeline import Pipeline


def _times(text: str, published: str | None) -> dict[str, str | None]:
    analysis = Pipeline.build(["spacy", "times"]).analyse(Article(text=text, published=published))
    return {t.text: t.value for t in analysis.times}


def test_times_seed1_with_publication_date(seed1_text: str) -> None:
    found = _times(seed1_text, "2025-08-23")
    assert found["Saturday"] == "2025-08-23"
    assert found["Sunday"] == "2025-08-24"  # "is scheduled to travel ... on Sunday"
    assert any(v == "2024-11" for k, v in found.items() if "November" in k)


def test_times_seed2_partial_without_date(seed2_text: str) -> None:
    found = _times(seed2_text, None)
    assert found["March 21"] == "XXXX-03-21"
    assert found["2024"] == "2024"


def test_times_seed2_with_publication_date(seed2_text: str) -> None:
    assert _times(seed2_text, "2025-03-21")["March 21"] == "2025-03-21"
