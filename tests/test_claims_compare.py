"""Figure comparison (issue 7): verdicts and their reasons, without any model."""

from __future__ import annotations

import pytest

from wirewatch.claims.compare import Figure, compare


def _troops_over_10000() -> Figure:
    return Figure(text="over 10,000", value=10000, approx="more_than", low=10000, certainty="confirmed",
                  source="South Korea's spy agency", source_actor="KOR.intelligence", outlet="Straits Times",
                  published="2025-03-21", measure="count", key="PRK troops sent to RUS")


def _troops_estimated_15000() -> Figure:
    return Figure(text="an estimated 15,000", value=15000, approx="estimated", certainty="estimated",
                  source="Example Times", outlet="Example Times", published="2025-08-23", measure="count",
                  key="PRK troops sent to RUS")


def test_claims_compare_lower_bound_and_estimate_are_consistent_with_reasons() -> None:
    result = compare(_troops_over_10000(), _troops_estimated_15000())
    assert result.verdict == "consistent"
    text = " | ".join(result.reasons)
    assert "different sources" in text
    assert "different dates: 2025-03-21 vs 2025-08-23 (5 months apart)" in text
    assert "a lower bound (over 10,000) against an estimate (an estimated 15,000)" in text
    assert "against a confirmed count" in text


def test_claims_compare_believed_and_confirmed_deaths_are_different_measures() -> None:
    believed = Figure(text="Over 600", value=600, approx="more_than", low=600, certainty="believed",
                      source="South Korean assessments", source_actor="KOR", measure="believed count",
                      key="PRK troops killed", published="2025-08-23")
    confirmed = Figure(text="101", value=101, approx="exact", certainty="confirmed", source="Example Times",
                       measure="confirmed count", key="PRK troops killed", published="2025-08-23")
    result = compare(believed, confirmed)
    assert result.verdict == "not comparable"
    assert result.reasons[0].startswith("different measures: believed killed (Over 600) vs confirmed killed (101)")
    assert any("different sources" in r for r in result.reasons)


def test_claims_compare_same_figure_agrees() -> None:
    a = Figure(text="101", value=101, source="KCNA", published="2025-08-23")
    b = Figure(text="101", value=101, source="KCNA", published="2025-08-23")
    assert compare(a, b).verdict == "agree"


def test_claims_compare_higher_later_running_total_is_an_update() -> None:
    early = Figure(text="3,000", value=3000, source="NIS", published="2024-10-18", key="PRK troops sent to RUS")
    late = Figure(text="11,000", value=11000, source="NIS", published="2024-12-01", key="PRK troops sent to RUS")
    result = compare(early, late)
    assert result.verdict == "later update"
    assert any("higher running total" in r for r in result.reasons)


def test_claims_compare_same_day_different_points_differ() -> None:
    a = Figure(text="300", value=300, source="police", published="2025-01-05", key="X people arrested")
    b = Figure(text="1,000", value=1000, source="organisers", published="2025-01-05", key="X people arrested")
    result = compare(a, b)
    assert result.verdict == "differ"
    assert any("cannot both be true" in r for r in result.reasons)


@pytest.mark.parametrize(("a", "b", "verdict"), [
    (Figure(text="about 300", value=300, approx="approximate"), Figure(text="320", value=320), "consistent"),
    (Figure(text="between 10 and 12", value=10, low=10, high=12, approx="range"), Figure(text="11", value=11),
     "consistent"),
    (Figure(text="fewer than 20", value=20, high=20, approx="less_than"), Figure(text="35", value=35), "differ"),
    (Figure(text="5%", value=5, unit="percent"), Figure(text="5", value=5), "not comparable"),
])
def test_claims_compare_bounds_table(a: Figure, b: Figure, verdict: str) -> None:
    assert compare(a, b).verdict == verdict
