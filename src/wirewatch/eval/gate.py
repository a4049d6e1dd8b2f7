"""The quality gate: score every suite and compare with floors pinned in a committed baseline file.

Raising a floor (``--raise-floors``) is an ordinary commit of the baseline file; lowering one needs
``--lower-floors --reason TEXT``, and the reason is kept in the file beside the floor.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import EvalError
from . import SUITES, run_suite

#: The committed baseline: {suite: {metric path: {"floor": x, "set": date, "reason": text}}}.
BASELINE = Path(__file__).with_name("baseline.json")

#: Floors are pinned this far below the measured figure when raised, so that run-to-run noise
#: (none in deterministic suites; thread scheduling in none of ours) does not fail the gate,
#: while a real regression of more than a point does.
FLOOR_MARGIN = 0.01


@dataclass
class Check:
    suite: str
    metric: str
    value: float | None
    floor: float

    @property
    def ok(self) -> bool:
        return self.value is not None and self.value + 1e-9 >= self.floor


def load_baseline(path: Path = BASELINE) -> dict[str, dict[str, dict[str, Any]]]:
    if not path.exists():
        return {}
    data: dict[str, dict[str, dict[str, Any]]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def metric(result: dict[str, Any], dotted: str) -> float | None:
    node: Any = result
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return float(node) if isinstance(node, int | float) else None


def run_gate(data: Path, baseline: Path = BASELINE, suites: list[str] | None = None,
             progress: Any = None) -> tuple[list[Check], dict[str, Any]]:
    """Run the suites whose data folder exists under ``data``; return the checks and all results."""
    floors = load_baseline(baseline)
    checks: list[Check] = []
    results: dict[str, Any] = {}
    for suite in suites or list(SUITES):
        folder = data / suite
        if not folder.exists():
            results[suite] = {"skipped": f"no folder {folder}"}
            continue
        if importlib.util.find_spec(SUITES[suite]) is None:
            results[suite] = {"skipped": f"suite {suite!r} is not built yet"}
            continue
        if progress:
            progress(suite)
        try:
            results[suite] = run_suite(suite, folder, peers=False)
        except EvalError as exc:
            results[suite] = {"error": str(exc)}
        for name, spec in floors.get(suite, {}).items():
            checks.append(Check(suite, name, metric(results[suite], name), float(spec["floor"])))
    return checks, results


def update_floors(checks: list[Check], baseline: Path = BASELINE, *, lower: bool = False,
                  reason: str | None = None, results: dict[str, Any] | None = None) -> list[str]:
    """Raise floors to (measured - margin); with ``lower`` (and a reason) also lower them.

    A suite that has no floor yet gets one for each of its top-level rates (floats in 0-1).
    """
    if lower and not reason:
        raise EvalError("lowering a floor needs a reason (--reason TEXT)")
    floors = load_baseline(baseline)
    for suite, result in (results or {}).items():
        if suite in floors or "error" in result or "skipped" in result:
            continue
        for name, value in result.items():
            if isinstance(value, float) and 0.0 <= value <= 1.0:
                checks.append(Check(suite, name, value, 0.0))
    changed = []
    for c in checks:
        if c.value is None:
            continue
        new = round(max(c.value - FLOOR_MARGIN, 0.0), 3)
        if new > c.floor or (lower and new < c.floor):
            spec = floors.setdefault(c.suite, {}).setdefault(c.metric, {})
            spec.update({"floor": new, "set": date.today().isoformat(),
                         "reason": reason or "raised to the measured figure minus the margin"})
            changed.append(f"{c.suite} {c.metric}: {c.floor:.3f} -> {new:.3f}")
    baseline.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return changed
