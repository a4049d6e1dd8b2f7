"""Error listing for the newsquant suite: missed values, unit disagreements and spurious quantities.

Usage: python benchmarks/newsquant_errors.py DATA_DIR [--show N]
Use only on the development part of NewsQuant (the folder in ../shared/bench/newsquant).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from wirewatch.eval.newsquant import _head, _ours, _unit_match, _value_match


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return
    data = Path(sys.argv[1])
    show = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--show" else 40
    items: list[dict[str, Any]] = []
    for path in sorted(data.rglob("*.json")) if data.is_dir() else [data]:
        loaded = json.loads(path.read_text(encoding="utf-8"))
        items.extend(x for x in loaded if isinstance(x, dict) and "text" in x and "quantities" in x)
    predict = _ours()
    lines: dict[str, list[str]] = {"missed value": [], "unit differs": [], "spurious": []}
    units: Counter[str] = Counter()
    for item in items:
        system = predict(item["text"])
        text = item["text"][:140]
        for gold in item["quantities"]:
            same = [s for s in system if _value_match(gold, s)]
            if not same:
                lines["missed value"].append(f"{gold['value']} {gold['unit']!r} || {text}")
            elif not any(_unit_match(gold, s) for s in same):
                units[f"{_head(gold.get('normalized_unit'))} <- {[_head(s['unit']) for s in same]}"] += 1
                lines["unit differs"].append(f"{gold['value']} gold {gold['unit']!r}/{gold['normalized_unit']!r} "
                                             f"ours {[s['unit'] for s in same]} || {text}")
        for s in system:
            if not any(_value_match(g, s) for g in item["quantities"]):
                lines["spurious"].append(f"{s['value']} ({s['low']}-{s['high']}) {s['unit']!r} || {text}")
    for name, rows in lines.items():
        print(f"== {name}: {len(rows)}")
        for row in rows[:show]:
            print("  " + row)
    print("== unit disagreements by head word")
    for key, n in units.most_common(show):
        print(f"  {n:3d} {key}")


if __name__ == "__main__":
    main()
