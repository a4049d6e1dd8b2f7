"""Error analysis for the tempeval3 suite: false positives, misses and wrong values, grouped.

Usage: python benchmarks/times_errors.py DATA_DIR [--show N]
Use only on the development part of TempEval-3 (the folder in ../shared/bench/tempeval3).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from wirewatch.eval.tempeval3 import Timex, _ours, load


def main() -> None:
    parser = argparse.ArgumentParser(description="List the tempeval3 suite's misses, false positives and wrong values.")
    parser.add_argument("data", type=Path, help="folder of .tml files (the development part only)")
    parser.add_argument("--show", type=int, default=40, help="how many of each kind to list (default 40)")
    args = parser.parse_args()
    data, show = args.data, args.show
    predict = _ours()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for doc in load(data):
        system: list[Timex] = predict(doc)
        used: set[int] = set()
        for g in doc.gold:
            hit = next((i for i, s in enumerate(system) if i not in used and s.start < g.end and g.start < s.end),
                       None)
            gtext = doc.text[g.start:g.end].lower()
            if hit is None:
                fn[f"{g.type} {gtext!r} -> {g.value}"] += 1
                continue
            used.add(hit)
            s = system[hit]
            if (s.value or "") != (g.value or ""):
                stext = doc.text[s.start:s.end].lower()
                wrong[f"{gtext!r}/{stext!r} gold={g.value} ours={s.value} dct={doc.dct}"] += 1
        for i, s in enumerate(system):
            if i not in used:
                fp[f"{s.type} {doc.text[s.start:s.end].lower()!r} -> {s.value}"] += 1
    for name, counter in (("FALSE NEGATIVES", fn), ("FALSE POSITIVES", fp), ("WRONG VALUES", wrong)):
        print(f"== {name}: {sum(counter.values())}")
        for key, n in counter.most_common(show):
            print(f"{n:4d} {key}")


if __name__ == "__main__":
    main()
