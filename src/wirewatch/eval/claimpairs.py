"""Figure comparison on pairs of real claims: key matching and verdicts (the repo's own benchmark).

``--data`` is a JSON Lines file, or a folder of them (``tests/data/claims/pairs.jsonl``; the
annotation guide is ``docs/claims-annotation.md``). Each line holds two sides, each with the
sentences it needs (``text``), the figure (``figure``, a substring of ``text``), the outlet and
publication date, and the annotation: ``same_key`` (both figures measure the same property of the
same subject) and, for those, the expected ``verdict``.

Each side is analysed alone by the pipeline (spacy, actors, quantities, claims); the claim whose
quantity overlaps the figure gives the key and the comparison input. Scores:
- key precision / recall / F1: a pair is predicted to match when both sides get a key and the keys
  match (``keys.keys_match``: equal, or equal but for a subject one side leaves unnamed);
- verdict accuracy over the pairs annotated with the same key (a side without a claim counts as
  wrong), and over those whose keys also matched (the comparison given correct keys).
With ``peers``, a naive comparer scores the same figures beside ours: the counted noun's last word
(or the unit) as the key, "agree" for equal values and "differ" otherwise.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import EvalError


def load(data: Path) -> list[dict[str, Any]]:
    files = sorted(data.rglob("*.jsonl")) if data.is_dir() else [data]
    pairs = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            item = json.loads(line)
            if "a" not in item or "b" not in item or "same_key" not in item:
                raise EvalError(f"{path}:{number}: a pair needs 'a', 'b' and 'same_key'")
            pairs.append(item)
    if not pairs:
        raise EvalError(f"no claim pairs (*.jsonl) under {data}")
    return pairs


def _side(pipeline: Any, side: dict[str, Any]) -> dict[str, Any] | None:
    """The claim (as a disputes row) holding the side's figure, or None when none does."""
    from ..model import Article

    text = side["text"]
    start = text.find(side["figure"])
    if start < 0:
        raise EvalError(f"figure {side['figure']!r} is not in its text")
    end = start + len(side["figure"])
    analysis = pipeline.analyse(Article(text=text, outlet=side.get("outlet"), published=side.get("published")))
    for claim in analysis.claims:
        q = claim.quantity
        if q is not None and q.start < end and start < q.end:
            return {"id": side.get("file"), "figure": q.text, "value": q.value, "approx": q.approx, "low": q.low,
                    "high": q.high, "unit": q.unit, "measure": claim.measure, "certainty": claim.certainty,
                    "source": claim.source_text, "source_actor": claim.source_actor, "outlet": side.get("outlet"),
                    "published": side.get("published"), "key": claim.key, "counted": q.counted}
    return None


def _naive(pairs: list[dict[str, Any]], sides: list[tuple[dict[str, Any] | None, dict[str, Any] | None]]
           ) -> dict[str, Any]:
    """A naive peer on the same figures: the key is the counted noun's last word (or the unit), the
    verdict "agree" for equal values and "differ" otherwise."""
    def key(side: dict[str, Any] | None) -> str | None:
        if side is None:
            return None
        word = (side.get("counted") or side.get("unit") or "").lower().split()
        return word[-1].rstrip("s") if word else None

    tp = fp = fn = ok = 0
    for pair, (a, b) in zip(pairs, sides, strict=True):
        ka, kb = key(a), key(b)
        matched = ka is not None and ka == kb
        gold = bool(pair["same_key"])
        tp += matched and gold
        fp += matched and not gold
        fn += gold and not matched
        if gold and a is not None and b is not None:
            ok += ("agree" if a["value"] == b["value"] else "differ") == pair["verdict"]
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    n_gold = sum(1 for x in pairs if x["same_key"])
    return {"key_precision": p, "key_recall": r, "key_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "verdict_accuracy": ok / max(n_gold, 1)}


def run(data: Path, peers: bool = True, **_: Any) -> dict[str, Any]:
    from ..claims.compare import compare
    from ..claims.disputes import figure_of
    from ..claims.keys import keys_match
    from ..pipeline import Pipeline

    pairs = load(data)
    pipeline = Pipeline.build(["spacy", "actors", "quantities", "claims"])
    tp = fp = fn = 0
    verdict_ok = verdict_ok_keyed = keyed_gold = 0
    confusion: Counter[str] = Counter()
    misses: list[str] = []
    sides = []
    for pair in pairs:
        a, b = _side(pipeline, pair["a"]), _side(pipeline, pair["b"])
        sides.append((a, b))
        matched = a is not None and b is not None and keys_match(a["key"], b["key"])
        gold = bool(pair["same_key"])
        tp += matched and gold
        fp += matched and not gold
        fn += gold and not matched
        if not gold:
            continue
        verdict = compare(figure_of(a), figure_of(b)).verdict if a is not None and b is not None else "no claim"
        confusion[f"{pair['verdict']} -> {verdict}"] += 1
        ok = verdict == pair["verdict"]
        verdict_ok += ok
        if matched:
            keyed_gold += 1
            verdict_ok_keyed += ok
        if not ok or not matched:
            misses.append(f"{pair.get('id')}: keys {a and a['key']!r} / {b and b['key']!r}; "
                          f"verdict {verdict} (gold {pair['verdict']})")
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    n_gold = sum(1 for x in pairs if x["same_key"])
    result = {
        "key_precision": p, "key_recall": r, "key_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "verdict_accuracy": verdict_ok / max(n_gold, 1),
        "verdict_accuracy_when_keyed": verdict_ok_keyed / max(keyed_gold, 1),
        "pairs": len(pairs), "same_key_pairs": n_gold, "keyed_same_key_pairs": keyed_gold,
        "confusion": dict(sorted(confusion.items())), "misses": misses,
    }
    if peers:
        result["peers"] = {"naive_noun_key_equal_value": _naive(pairs, sides)}
    return result
