"""Train the cue tagger (``cue_tagger.json``) on the PolNeAR **train** split.

``python -m wirewatch.claims.tagger_build --data ../shared/bench/polnear`` parses every train
article, labels each candidate token (verbs, nouns, adjectives) as inside a gold cue or not, and
trains an averaged perceptron. The last tenth of the train articles is held apart to choose the
number of epochs and the score threshold (best cue-token F1 there); the model is then trained
again on all of train with those settings. The dev split is never read here, nor the test split.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

import numpy as np

from .tagger import WEIGHTS, features

#: Parts of speech the tagger scores (the rules handle "according to", colons and quotations).
CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ"})

#: Weights closer to zero than this are left out of the file (they change no decision).
PRUNE = 0.05


def examples(data: Path) -> tuple[list[list[str]], list[int], list[int]]:
    """(features, label, article index) of every candidate token of the train split."""
    from ..eval.polnear import load_split
    from ..nlp.spacy_stage import load_model, prepare_text
    from .attribution import quotations

    golds = load_split(data / "train")
    nlp = load_model()
    feats: list[list[str]] = []
    labels: list[int] = []
    article: list[int] = []
    for n, (gold, doc) in enumerate(zip(golds, nlp.pipe(prepare_text(g.text) for g in golds), strict=True)):
        cue_chars: set[int] = set()
        for att in gold.attributions:
            for s, e in att.get("cue", []):
                cue_chars.update(range(s, e))
        quotes = quotations(gold.text)
        for tok in doc:
            if tok.pos_ not in CANDIDATE_POS:
                continue
            in_quote = any(s < tok.idx < e for s, e in quotes)
            feats.append(features(tok, in_quote))
            labels.append(1 if tok.idx in cue_chars else 0)
            article.append(n)
    return feats, labels, article


def train(rows: list[np.ndarray], labels: list[int], size: int, epochs: int, seed: int = 7) -> np.ndarray:
    """Averaged perceptron weights over feature ids."""
    w = np.zeros(size)
    total = np.zeros(size)
    stamp = np.zeros(size)
    step = 0
    order = list(range(len(rows)))
    rnd = random.Random(seed)
    for _ in range(epochs):
        rnd.shuffle(order)
        for i in order:
            step += 1
            ids = rows[i]
            y = 1 if labels[i] else -1
            if (w[ids].sum() > 0) != (y > 0):
                total[ids] += (step - stamp[ids]) * w[ids]
                stamp[ids] = step
                w[ids] += y
    total += (step - stamp) * w
    averaged: np.ndarray = total / max(step, 1)
    return averaged


def _f1(scores: np.ndarray, labels: np.ndarray, threshold: float) -> float:
    pred = scores > threshold
    tp = float((pred & (labels == 1)).sum())
    p = tp / max(float(pred.sum()), 1.0)
    r = tp / max(float((labels == 1).sum()), 1.0)
    return 2 * p * r / (p + r) if p + r else 0.0


def build(data: Path, out: Path = WEIGHTS) -> dict[str, Any]:
    feats, labels, article = examples(data)
    index: dict[str, int] = {}
    rows = [np.array([index.setdefault(f, len(index)) for f in fs], dtype=np.int64) for fs in feats]
    n_articles = max(article) + 1
    cut = int(n_articles * 0.9)
    fit = [i for i, a in enumerate(article) if a < cut]
    held = [i for i, a in enumerate(article) if a >= cut]
    held_labels = np.array([labels[i] for i in held])
    best = (0.0, 1, 0.0)
    for epochs in (3, 5, 8):
        w = train([rows[i] for i in fit], [labels[i] for i in fit], len(index), epochs)
        scores = np.array([w[rows[i]].sum() for i in held])
        for threshold in np.quantile(scores, [0.90, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98]):
            f1 = _f1(scores, held_labels, float(threshold))
            if f1 > best[0]:
                best = (f1, epochs, float(threshold))
    f1, epochs, threshold = best
    w = train(rows, labels, len(index), epochs)
    names = {i: f for f, i in index.items()}
    weights = {names[i]: round(float(v), 4) for i, v in enumerate(w) if abs(v) >= PRUNE}
    meta = {"epochs": epochs, "threshold": round(threshold, 4), "heldout_token_f1": round(f1, 4),
            "tokens": len(rows), "positives": int(sum(labels)), "features": len(weights)}
    out.write_text(json.dumps({"meta": meta, "weights": weights}, sort_keys=True, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    return meta


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the PolNeAR folder holding train/")
    args = parser.parse_args()
    print(json.dumps(build(args.data)))


if __name__ == "__main__":
    main()
