"""Would the whole text cluster ECB+ documents better than their leads? An offline check.

    python benchmarks/ecbplus_whole_text.py --data ../shared/bench/ecbplus

Average-link clustering of every document at once (not the linker, which sees one article at a
time), B-cubed F1 against the gold (topic, sub-topic), overall and on the odd / even topic halves,
by cosine threshold, for: TF-IDF of the whole text (URL lines left out), TF-IDF of the leads, and
the whole text's TF-IDF mixed with the leads' MiniLM vectors (the cosine of the concatenation is
the weighted mean of the two cosines). Prints one line per run.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from wirewatch.eval import ecbplus as E


def scores(docs: list[Any], key: dict[str, str], vectors: np.ndarray[Any, Any], threshold: float) -> list[float]:
    labels = E.average_link(vectors, threshold)
    response = {d.name: str(label) for d, label in zip(docs, labels, strict=True)}
    out = [E.b_cubed(key, response)[2]]
    for half in (1, 0):
        part = {n: g for n, g in key.items() if int(g.split(":")[0]) % 2 == half}
        out.append(E.b_cubed(part, {n: response[n] for n in part})[2])
    return [round(x, 4) for x in out]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/bench/ecbplus"))
    args = parser.parse_args()
    docs = E.read_corpus(args.data)
    key = {d.name: f"{d.topic}:{d.subtopic}" for d in docs}
    whole = E._tfidf([" ".join(s for s in d.sentences if not E._URL.match(s.strip())) for d in docs])
    leads = [E._lead(d) for d in docs]
    lead_tfidf = E._tfidf(leads)
    meaning = np.asarray(E.get_lead_encoder(E.get_encoder()).encode(leads))
    print("run threshold: B3 F1 overall, odd topics, even topics")
    for t in (0.1, 0.15, 0.2, 0.25, 0.3):
        print("whole-text tfidf", t, scores(docs, key, whole, t))
    for t in (0.1, 0.15, 0.2):
        print("lead tfidf", t, scores(docs, key, lead_tfidf, t))
    for w in (0.3, 0.5, 0.7):
        mixed = np.hstack([np.sqrt(w) * whole, np.sqrt(1 - w) * meaning])
        for t in (0.3, 0.35, 0.4, 0.45):
            print(f"whole-text tfidf {w} + lead minilm {1 - w:.1f}", t, scores(docs, key, mixed, t))


if __name__ == "__main__":
    main()
