"""Evaluation suites on public benchmarks: ``wirewatch eval SUITE --data DIR``.

Each suite is a module with ``run(data: Path) -> dict`` returning its metrics
(floats in 0-1 where they are rates) plus ``n`` counts; modules are imported
only when their suite runs.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from ..errors import EvalError

SUITES: dict[str, str] = {
    "tempeval3": "wirewatch.eval.tempeval3",
    "newsquant": "wirewatch.eval.newsquant",
    "meantime": "wirewatch.eval.meantime",
    "plover": "wirewatch.eval.plover",
    "giveme5w1h": "wirewatch.eval.giveme5w1h",
    "ecbplus": "wirewatch.eval.ecbplus",
    "polnear": "wirewatch.eval.polnear",
    "claimpairs": "wirewatch.eval.claimpairs",
}


def run_suite(name: str, data: Path, **options: Any) -> dict[str, Any]:
    """Run one suite on the data folder; raise EvalError with a clear reason when it cannot."""
    if name not in SUITES:
        raise EvalError(f"unknown suite {name!r}; suites: {', '.join(SUITES)}")
    if not data.exists():
        raise EvalError(f"data folder {data} does not exist")
    try:
        module = importlib.import_module(SUITES[name])
    except ImportError as exc:
        raise EvalError(f"suite {name!r} is not available in this build: {exc}") from exc
    result: dict[str, Any] = module.run(data, **options)
    return result
