"""A cue tagger: an averaged perceptron over parse features, trained on PolNeAR train.

The rules of ``attribution`` find the cues the lexicon knows; news also attributes with verbs,
nouns and adjectives no lexicon lists ("slammed", "voted against", "criticism of", "clear to").
The tagger scores each token as part of a cue or not from its word, base form, part of speech,
dependency, head and children; ``attribution`` adds the cues it finds where the rules found none.
The weights (``cue_tagger.json``) are learnt by ``python -m wirewatch.claims.tagger_build`` from
the PolNeAR train split only; without the file the tagger finds nothing.
"""

from __future__ import annotations

import functools
import json
from itertools import repeat
from pathlib import Path
from typing import Any

from ..nlp.events_lexicon import base_forms

WEIGHTS = Path(__file__).with_name("cue_tagger.json")

#: Children dependencies that tell what a cue governs.
CHILD_DEPS = ("ccomp", "xcomp", "dobj", "nsubj", "nsubjpass", "prep", "advcl", "acomp", "attr", "poss", "agent",
              "mark", "neg", "aux", "prt", "dative", "acl", "relcl")


def features(token: Any, in_quote: bool) -> list[str]:
    """The features of one token (strings; the model weighs each).

    Each attribute of the token is read once, its children walked once: spaCy builds a new
    object for every token and string it hands out, and this runs for every verb, noun and
    adjective of every article.
    """
    word = token.lower_
    base = base_forms(token.text)[0]
    pos, dep = token.pos_, token.dep_
    head = token.head
    doc, i = token.doc, token.i
    prev_word = doc[i - 1].lower_ if i > 0 else "<s>"
    next_word = doc[i + 1].lower_ if i + 1 < len(doc) else "</s>"
    kids = [(c.dep_, c) for c in token.children]
    children = {d for d, _ in kids}
    out = [
        "bias", f"w={word}", f"b={base}", f"p={pos}", f"t={token.tag_}", f"d={dep}",
        f"b+p={base}|{pos}", f"b+d={base}|{dep}", f"hb={base_forms(head.text)[0]}",
        f"hd={head.dep_}", f"hp={head.pos_}", f"pw={prev_word}", f"nw={next_word}",
        f"pw+b={prev_word}|{base}", f"b+nw={base}|{next_word}", f"q={in_quote}", f"q+p={in_quote}|{pos}",
        f"ent={token.ent_type_ or '-'}",
    ]
    out += [f"c={d}" for d in CHILD_DEPS if d in children]
    out += [f"b+c={base}|{d}" for d in ("ccomp", "xcomp", "dobj", "prep", "nsubj") if d in children]
    preps = [c.lower_ for d, c in kids if d == "prep"]
    out += [f"b+prep={base}|{p}" for p in preps[:2]]
    subj = next((c for d, c in kids if d == "nsubj"), None)
    if subj is not None:
        out.append(f"subj={subj.ent_type_ or subj.pos_}")
    return out


class CueTagger:
    """Scores tokens as cue tokens with the learnt weights; a score above ``threshold`` is a cue."""

    def __init__(self, weights: dict[str, float], threshold: float = 0.0) -> None:
        self.weights = weights
        self.threshold = threshold

    def score(self, token: Any, in_quote: bool) -> float:
        feats = features(token, in_quote)
        return sum(map(self.weights.get, feats, repeat(0.0, len(feats))))


@functools.lru_cache(maxsize=1)
def load() -> CueTagger | None:
    """The tagger with the packaged weights, or None when the weights file is absent."""
    if not WEIGHTS.exists():
        return None
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return CueTagger({k: float(v) for k, v in data["weights"].items()}, float(data["meta"]["threshold"]))
