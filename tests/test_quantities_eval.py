"""The newsquant suite: scorer behaviour on hand-made items, and the real run on the bench data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wirewatch.eval.newsquant import _head, run, score


def test_quantities_eval_unit_heads_line_up() -> None:
    assert _head("percent") == _head("percentage") == "percentage"
    assert _head("USD") == _head("dollars") == "dollar"
    assert _head("North Korean soldiers") == _head("soldier")


def test_quantities_eval_scorer_counts_value_and_unit() -> None:
    items = [{"text": "x", "quantities": [{"value": "15000", "unit": "troops", "normalized_unit": "troop"},
                                          {"value": "10-12", "unit": "ships", "normalized_unit": "ship"}]}]

    def predict(_: str) -> list[dict[str, Any]]:
        return [{"value": 15000.0, "low": None, "high": None, "unit": "soldiers"},
                {"value": 10.0, "low": 10.0, "high": 12.0, "unit": "ships"}]

    result = score(items, predict)
    assert result["value_f1"] == 1.0
    assert result["value_unit_f1"] == 0.5  # troops vs soldiers is a different unit


def test_quantities_eval_on_bench(bench: Path) -> None:
    result = run(bench / "newsquant", peers=False)
    assert result["sentences"] > 100
    assert 0.5 < result["value_f1"] <= 1.0 and 0.3 < result["value_unit_f1"] <= 1.0


def test_quantities_eval_no_unit_matches_dash() -> None:
    items = [{"text": "x", "quantities": [{"value": "40000", "unit": "-", "normalized_unit": "-"},
                                          {"value": "7", "unit": "ships", "normalized_unit": "ship"}]}]

    def predict(_: str) -> list[dict[str, Any]]:
        return [{"value": 40000.0, "low": None, "high": None, "unit": None},
                {"value": 7.0, "low": None, "high": None, "unit": None}]

    assert score(items, predict)["value_unit_f1"] == 0.5  # a unitless 7 does not match "ships"
