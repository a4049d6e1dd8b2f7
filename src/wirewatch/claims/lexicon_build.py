"""Rebuild ``cues.tsv``, the cue rates learnt from the PolNeAR **train** split.

``python -m wirewatch.claims.lexicon_build --data ../shared/bench/polnear`` parses every train
article and counts, for each verb form and complement kind (``clause``: a ccomp/xcomp child;
``obj``: a direct object or prepositional child; ``none``), how often the token is inside an
annotated cue. Only words seen as a cue at least ``MIN_CUES`` times are written. The dev split is
never read here (it is what the suite scores), nor is the held-out test split.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from ..nlp.events_lexicon import base_forms
from .lexicon import complement_kind

#: A word must be a cue this many times in train to enter the file (fewer is noise).
MIN_CUES = 3

OUT = Path(__file__).with_name("cues.tsv")


def word_key(token: Any) -> str:
    """The form a cue is looked up by: an irregular verb's base form, else the lower-cased word."""
    return base_forms(token.text)[0]


def build(data: Path, out: Path = OUT) -> int:
    from ..eval.polnear import load_split
    from ..nlp.spacy_stage import load_model, prepare_text

    golds = load_split(data / "train")
    nlp = load_model()
    total: Counter[tuple[str, str]] = Counter()
    cues: Counter[tuple[str, str]] = Counter()
    for gold, doc in zip(golds, nlp.pipe(prepare_text(g.text) for g in golds), strict=True):
        cue_chars: set[int] = set()
        for att in gold.attributions:
            for s, e in att.get("cue", []):
                cue_chars.update(range(s, e))
        for tok in doc:
            if tok.pos_ != "VERB":
                continue
            key = (word_key(tok), complement_kind(tok))
            total[key] += 1
            if tok.idx in cue_chars:
                cues[key] += 1
    rows = sorted((k for k in total if cues[k] >= MIN_CUES), key=lambda k: (-cues[k], k))
    lines = ["# word\tkind\tcues\ttotal  (verb forms as cues in PolNeAR train; see lexicon_build.py)"]
    lines += [f"{w}\t{kind}\t{cues[(w, kind)]}\t{total[(w, kind)]}" for w, kind in rows]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the PolNeAR folder holding train/")
    args = parser.parse_args()
    print(f"wrote {build(args.data)} rows to {OUT}")


if __name__ == "__main__":
    main()
