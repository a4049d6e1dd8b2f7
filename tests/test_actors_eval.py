"""The meantime suite on the bench data: clean and noised figures, and the peer."""

from __future__ import annotations

from pathlib import Path

from wirewatch.eval.meantime import run


def test_actors_eval_meantime_noise_robust(bench: Path) -> None:
    result = run(bench / "meantime", peers=False)
    assert result["documents"] > 50
    assert 0.3 < result["clean_relaxed_f1"] <= 1.0
    assert result["relaxed_f1_drop"] < 0.05  # casing noise costs us little
