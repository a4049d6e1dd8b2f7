"""How much the order in which ECB+ documents arrive changes document clustering (``main_event``).

    python benchmarks/ecbplus_order.py --data ../shared/bench/ecbplus [--seeds 1 2 3]

The linker is incremental: each article joins the happenings seen before it. This runs the
whole pipeline (add, process, link, export) once in the order of a folder walk and once per seed
in a shuffled order, and prints B-cubed and pairwise F1 of each run, with their spread. Every run
analyses the 772 documents again (about 75 s each on this machine). Results are written as JSON to
``benchmarks/results/ecbplus-order.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from wirewatch.eval.ecbplus import read_corpus
from wirewatch.eval.ecbplus_pipeline import pipeline_document_scores

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/bench/ecbplus"))
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = ap.parse_args()
    docs = read_corpus(args.data)
    runs = []
    for seed in [None, *args.seeds]:
        scores = pipeline_document_scores(docs, order_seed=seed)
        runs.append({"order": "folder" if seed is None else f"shuffled, seed {seed}", **scores})
        print(f"{runs[-1]['order']:20s} B3 F1 {scores['b3_f1']:.4f} (P {scores['b3_p']:.4f} R {scores['b3_r']:.4f})"
              f"  pairwise F1 {scores['pair_f1']:.4f}", flush=True)
    f1 = [r["b3_f1"] for r in runs]
    summary = {"b3_f1_min": min(f1), "b3_f1_median": statistics.median(f1), "b3_f1_max": max(f1)}
    print("B3 F1 min / median / max: {b3_f1_min:.4f} / {b3_f1_median:.4f} / {b3_f1_max:.4f}".format(**summary))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ecbplus-order.json").write_text(json.dumps({"runs": runs, **summary}, indent=2) + "\n")


if __name__ == "__main__":
    main()
