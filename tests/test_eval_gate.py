"""The quality gate's floors: raised freely, lowered only with a reason, failing below the floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirewatch.errors import EvalError
from wirewatch.eval.gate import Check, check_of, load_baseline, lower_is_better, metric, update_floors


def test_gate_metric_dotted_path() -> None:
    result = {"value_f1": 0.7, "peers": {"dateparser": {"value_f1": 0.1}}, "n": 3}
    assert metric(result, "value_f1") == 0.7
    assert metric(result, "peers.dateparser.value_f1") == 0.1
    assert metric(result, "missing") is None


def test_gate_check_fails_below_floor_and_when_missing() -> None:
    assert Check("s", "m", 0.80, 0.79).ok
    assert not Check("s", "m", 0.78, 0.79).ok
    assert not Check("s", "m", None, 0.1).ok


def test_gate_floors_raise_freely_lower_only_with_reason(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"s": {"m": {"floor": 0.5}}}), encoding="utf-8")
    update_floors([Check("s", "m", 0.70, 0.5)], baseline)
    assert load_baseline(baseline)["s"]["m"]["floor"] == pytest.approx(0.69)
    update_floors([Check("s", "m", 0.40, 0.69)], baseline)  # a drop does not lower the floor by itself
    assert load_baseline(baseline)["s"]["m"]["floor"] == pytest.approx(0.69)
    with pytest.raises(EvalError, match="needs a reason"):
        update_floors([Check("s", "m", 0.40, 0.69)], baseline, lower=True)
    update_floors([Check("s", "m", 0.40, 0.69)], baseline, lower=True, reason="new, harder scorer")
    spec = load_baseline(baseline)["s"]["m"]
    assert spec["floor"] == pytest.approx(0.39) and spec["reason"] == "new, harder scorer"


def test_gate_lowering_one_floor_leaves_the_figures_that_pass_alone(tmp_path: Path) -> None:
    """``--lower-floors`` lowers the floors a figure now falls below, and only those: a figure
    that passes within the margin keeps its floor and its reason (it was lowered with the rest)."""
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"s": {"failing": {"floor": 0.857, "reason": "old"},
                                          "passing": {"floor": 0.790, "reason": "pinned"},
                                          "better": {"floor": 0.600, "reason": "pinned"}}}), encoding="utf-8")
    changed = update_floors([Check("s", "failing", 0.855, 0.857), Check("s", "passing", 0.797, 0.790),
                             Check("s", "better", 0.700, 0.600)], baseline, lower=True, reason="threshold moved")
    floors = load_baseline(baseline)["s"]
    assert floors["failing"]["floor"] == pytest.approx(0.845) and floors["failing"]["reason"] == "threshold moved"
    assert floors["passing"] == {"floor": 0.790, "reason": "pinned"}
    assert floors["better"]["floor"] == pytest.approx(0.69) and floors["better"]["reason"].startswith("raised")
    assert len(changed) == 2


def test_gate_packaged_baseline_pins_the_headline_figures() -> None:
    floors = load_baseline()
    assert floors["tempeval3"]["value_f1"]["floor"] > 0.5
    assert floors["plover"]["macro_f1"]["floor"] > 0.5


def test_gate_a_drop_is_pinned_by_a_ceiling(tmp_path: Path) -> None:
    # how much F1 noisy text costs: a smaller drop is better and must pass, a larger one fail
    spec = {"ceiling": 0.034}
    assert check_of("meantime", "relaxed_f1_drop", 0.010, spec).ok
    assert not check_of("meantime", "relaxed_f1_drop", 0.050, spec).ok
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"meantime": {"relaxed_f1_drop": spec}}), encoding="utf-8")
    update_floors([check_of("meantime", "relaxed_f1_drop", 0.010, spec)], baseline)
    assert load_baseline(baseline)["meantime"]["relaxed_f1_drop"]["ceiling"] == pytest.approx(0.02)
    update_floors([check_of("meantime", "relaxed_f1_drop", 0.100, {"ceiling": 0.02})], baseline)
    assert load_baseline(baseline)["meantime"]["relaxed_f1_drop"]["ceiling"] == pytest.approx(0.02)
    with pytest.raises(EvalError, match="needs a reason"):
        update_floors([check_of("meantime", "relaxed_f1_drop", 0.100, {"ceiling": 0.02})], baseline, lower=True)


def test_gate_packaged_baseline_pins_drops_by_ceilings() -> None:
    floors = load_baseline()
    for suite, figures in floors.items():
        for name, spec in figures.items():
            assert ("ceiling" in spec) == lower_is_better(name), (suite, name)
