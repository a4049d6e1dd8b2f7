"""Disputes in the store: keys without a named subject stay within one article or story (issue 7)."""

from __future__ import annotations

from typing import Any

from wirewatch.claims.disputes import disputes
from wirewatch.model import Article
from wirewatch.store import Store


def _save(store: Store, pipeline: Any, text: str, outlet: str, published: str) -> None:
    article = Article(text=text, outlet=outlet, published=published)
    store.add_article(article)
    store.save_analysis(pipeline.analyse(article), pipeline.names)


def test_claims_disputes_unnamed_subjects_are_compared_within_one_article(store: Store, pipeline: Any) -> None:
    _save(store, pipeline, "The storm killed at least 30 people, police said. By evening officials said 45 people "
                           "were killed.", "Daily A", "2025-01-02")
    _save(store, pipeline, "A bus crash on the coast road killed 12 people on Sunday.", "Daily B", "2025-01-02")
    groups = disputes(store, include_agreed=True)
    killed = [g for g in groups if g["key"].startswith("? people killed")]
    assert len(killed) == 1, [g["key"] for g in groups]
    [group] = killed
    assert group["n_claims"] == 2 and group["outlets"] == ["Daily A"]
    assert group["verdict"] == "consistent"
    [pair] = group["comparisons"]
    assert any(r.startswith("a lower bound (at least 30)") for r in pair["reasons"])
    # the scoped key can be asked for again
    assert disputes(store, key=group["key"], include_agreed=True)[0]["n_claims"] == 2


def test_claims_disputes_named_subject_lines_up_across_outlets(store: Store, pipeline: Any) -> None:
    _save(store, pipeline, "Pyongyang has sent 3,000 troops to Russia, South Korea's spy agency said.",
          "Daily A", "2024-10-18")
    _save(store, pipeline, "North Korea has sent 11,000 troops to Russia, according to Seoul.", "Daily B", "2024-12-10")
    [group] = disputes(store, key="PRK troops sent to RUS")
    assert group["verdict"] == "later update"
    assert group["outlets"] == ["Daily A", "Daily B"]
    reasons = group["comparisons"][0]["reasons"]
    assert any("higher running total" in r for r in reasons)
    assert any(r.startswith("different dates: 2024-10-18 vs 2024-12-10") for r in reasons)


def test_claims_disputes_unnamed_subject_joins_the_named_key_of_its_article(store: Store, pipeline: Any) -> None:
    _save(store, pipeline, "Qantas will cut 7,000 jobs, the airline said on Monday. The union said that as many "
                           "as 9,000 jobs would be cut.", "Daily A", "2025-02-03")
    groups = disputes(store, include_agreed=True)
    keys = {c["key"] for g in groups for c in g["claims"]}
    assert "Qantas staff cut" in keys
    [group] = [g for g in groups if g["key"] == "Qantas staff cut"]
    assert group["n_claims"] == 2, keys
    assert {c["figure"] for c in group["claims"]} == {"7,000", "as many as 9,000"}
