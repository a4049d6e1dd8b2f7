"""The quality gate: score every suite and compare with floors pinned in a committed baseline file.

Raising a floor (``--raise-floors``) is an ordinary commit of the baseline file; lowering one needs
``--lower-floors --reason TEXT``, and the reason is kept in the file beside the floor.

A figure where lower is better (a ``*_drop``: how much F1 noisy text costs) is pinned by a
*ceiling* instead (``{"ceiling": x}`` in the file): it fails above it, tightening it is ordinary,
loosening it needs the same flag and reason.
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
#: Metric names where lower is better: pinned by a ceiling, not a floor.
LOWER_IS_BETTER = ("_drop",)


def lower_is_better(name: str) -> bool:
    return name.endswith(LOWER_IS_BETTER)


@dataclass
class Check:
    suite: str
    metric: str
    value: float | None
    floor: float  # the pinned bound: a floor, or a ceiling when ``ceiling`` is set
    ceiling: bool = False

    @property
    def ok(self) -> bool:
        if self.value is None:
            return False
        if self.ceiling:
            return self.value - 1e-9 <= self.floor
        return self.value + 1e-9 >= self.floor

    @property
    def bound(self) -> str:
        return "ceiling" if self.ceiling else "floor"


def check_of(suite: str, name: str, value: float | None, spec: dict[str, Any]) -> Check:
    """The check of one pinned figure (``{"floor": x}`` or ``{"ceiling": x}``)."""
    if "ceiling" in spec:
        return Check(suite, name, value, float(spec["ceiling"]), ceiling=True)
    return Check(suite, name, value, float(spec["floor"]))


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
            checks.append(check_of(suite, name, metric(results[suite], name), spec))
    return checks, results


def update_floors(checks: list[Check], baseline: Path = BASELINE, *, lower: bool = False,
                  reason: str | None = None, results: dict[str, Any] | None = None) -> list[str]:
    """Raise floors to (measured - margin); with ``lower`` (and a reason) also lower the floors
    the figures now fall below, and only those (a figure above its floor keeps it).

    Ceilings move the other way: tightened to (measured + margin) freely, loosened only with
    ``lower`` and a reason, where the figure is over them. A suite that has no bound yet gets one
    for each of its top-level rates (floats in 0-1).
    """
    if lower and not reason:
        raise EvalError("lowering a floor needs a reason (--reason TEXT)")
    floors = load_baseline(baseline)
    for suite, result in (results or {}).items():
        if suite in floors or "error" in result or "skipped" in result:
            continue
        for name, value in result.items():
            if isinstance(value, float) and 0.0 <= value <= 1.0:
                checks.append(Check(suite, name, value, 1.0, ceiling=True) if lower_is_better(name)
                              else Check(suite, name, value, 0.0))
    changed = []
    for c in checks:
        if c.value is None:
            continue
        if c.ceiling:
            new = round(min(c.value + FLOOR_MARGIN, 1.0), 3)
            tighter, failing = new < c.floor, c.value > c.floor
            default = "tightened to the measured figure plus the margin"
        else:
            new = round(max(c.value - FLOOR_MARGIN, 0.0), 3)
            tighter, failing = new > c.floor, c.value < c.floor
            default = "raised to the measured figure minus the margin"
        if tighter or (lower and failing):
            spec = floors.setdefault(c.suite, {}).setdefault(c.metric, {})
            spec.pop("floor" if c.ceiling else "ceiling", None)
            spec.update({c.bound: new, "set": date.today().isoformat(),
                         "reason": (reason if failing else None) or default})
            changed.append(f"{c.suite} {c.metric} ({c.bound}): {c.floor:.3f} -> {new:.3f}")
    baseline.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return changed
