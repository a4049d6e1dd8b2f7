"""PolNeAR: attribution (source, cue, content) in political news, BRAT standoff annotations.

``--data DIR`` is the PolNeAR folder holding ``dev/`` and ``train/`` (each with ``text/`` and
``attributions/``), or one such split folder, which is then scored as it is. From the PolNeAR
folder the suite scores the ``dev`` split (``split="train"`` scores train, which the rules and the
learnt cue rates were developed on; the held-out test split is not read). An article annotated by several
annotators is scored against one annotation, the first by file name.

Scores, per role (source, cue, content), over all attributions of all articles:
- **exact**: a system span equals a gold span once both are stripped of spaces and punctuation at
  their edges (a discontinuous gold span counts from its first to its last fragment);
- **overlap**: a system span shares at least one character with a gold span.
Matching is one-to-one, greedy in text order. Only attributed claims are scored (the outlet's own
statements, which PolNeAR does not annotate, are left out), and only top-level ones: PolNeAR gives
each token to at most one attribution, so a claim nested in another's content is not annotated.
Beside ours, with ``peers``: the same claims with the nested ones kept (every claim with a cue, as
``read --json`` lists them, one per cue), and a baseline: the verb "say", "tell", "report",
"announce", "add" or "state" as the cue, its subject as the source, its clause complement (or the
rest of the sentence) as the content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalError

ROLES = ("source", "cue", "content")

#: Characters stripped from span edges before exact comparison.
EDGE = " \t\n.,;:!?\"'“”‘’()[]—–-"

#: The baseline's cue verbs (base forms).
BASELINE_CUES = frozenset({"say", "tell", "report", "announce", "add", "state"})

Spans = list[tuple[int, int]]


@dataclass
class Gold:
    text: str
    name: str
    attributions: list[dict[str, Spans]] = field(default_factory=list)


def _fragments(ranges: str) -> Spans:
    out = []
    for part in ranges.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def load_ann(text: str, ann: str) -> list[dict[str, Spans]]:
    """Attributions of one BRAT file: [{role: fragments}]."""
    spans: dict[str, tuple[str, Spans]] = {}
    out: list[dict[str, Spans]] = []
    for line in ann.splitlines():
        cells = line.split("\t")
        if line.startswith("T") and len(cells) >= 2:
            label, _, ranges = cells[1].partition(" ")
            spans[cells[0]] = (label, _fragments(ranges))
        elif line.startswith("E") and len(cells) >= 2:
            item: dict[str, Spans] = {}
            for arg in cells[1].split():
                role, _, ref = arg.partition(":")
                role = role.rstrip("0123456789").lower()
                if role in ROLES and ref in spans:
                    item[role] = spans[ref][1]
            if item:
                out.append(item)
    return out


def load_split(folder: Path) -> list[Gold]:
    texts = folder / "text"
    anns = folder / "attributions"
    if not texts.is_dir() or not anns.is_dir():
        raise EvalError(f"{folder} has no text/ and attributions/ folders (PolNeAR layout)")
    chosen: dict[str, Path] = {}
    for path in sorted(anns.glob("*.ann")):
        name = re.sub(r"_[0-9a-f]+$", "", path.stem)
        chosen.setdefault(name, path)
    out = []
    for name, path in sorted(chosen.items()):
        text_path = texts / f"{name}.txt"
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        out.append(Gold(text=text, name=name, attributions=load_ann(text, path.read_text(encoding="utf-8"))))
    if not out:
        raise EvalError(f"no PolNeAR articles under {folder}")
    return out


def _strip(text: str, span: tuple[int, int]) -> tuple[int, int]:
    s, e = span
    while s < e and text[s] in EDGE:
        s += 1
    while e > s and text[e - 1] in EDGE:
        e -= 1
    return s, e


def _hull(frags: Spans) -> tuple[int, int]:
    return min(s for s, _ in frags), max(e for _, e in frags)


def _overlaps(span: tuple[int, int], frags: Spans) -> bool:
    return any(span[0] < e and s < span[1] for s, e in frags)


class Counts:
    def __init__(self) -> None:
        self.n: dict[str, int] = {f"{r}_{k}": 0 for r in ROLES for k in ("gold", "system", "exact", "overlap")}

    def add(self, text: str, gold: list[dict[str, Spans]], system: list[dict[str, tuple[int, int]]]) -> None:
        for role in ROLES:
            g = [a[role] for a in gold if role in a]
            s = sorted(a[role] for a in system if role in a)
            self.n[f"{role}_gold"] += len(g)
            self.n[f"{role}_system"] += len(s)
            for kind in ("exact", "overlap"):
                used: set[int] = set()
                for span in s:
                    for i, frags in enumerate(g):
                        if i in used:
                            continue
                        ok = (_strip(text, span) == _strip(text, _hull(frags))) if kind == "exact" \
                            else _overlaps(span, frags)
                        if ok:
                            used.add(i)
                            self.n[f"{role}_{kind}"] += 1
                            break

    def scores(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for role in ROLES:
            for kind in ("exact", "overlap"):
                tp = self.n[f"{role}_{kind}"]
                p = tp / max(self.n[f"{role}_system"], 1)
                r = tp / max(self.n[f"{role}_gold"], 1)
                out[f"{role}_{kind}_precision"] = p
                out[f"{role}_{kind}_recall"] = r
                out[f"{role}_{kind}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
        out["counts"] = dict(self.n)
        return out


Predictor = Callable[[list[str]], Iterable[list[dict[str, tuple[int, int]]]]]


def score(golds: list[Gold], predict: Predictor) -> dict[str, Any]:
    counts = Counts()
    for gold, system in zip(golds, predict([g.text for g in golds]), strict=True):
        counts.add(gold.text, gold.attributions, system)
    return counts.scores()


def _ours(texts: list[str], nested: bool = False) -> Iterable[list[dict[str, tuple[int, int]]]]:
    from ..model import Article
    from ..pipeline import Pipeline

    pipeline = Pipeline.build(["spacy", "actors", "quantities", "claims"])
    for analysis in pipeline.analyse_many(Article(text=t) for t in texts):
        out = []
        cues: set[tuple[int, int]] = set()
        for claim in analysis.claims:
            if claim.cue is None or (claim.within is not None and not nested):
                continue
            if (claim.cue.start, claim.cue.end) in cues:
                continue  # a second figure of one statement: the same attribution
            cues.add((claim.cue.start, claim.cue.end))
            item = {"cue": (claim.cue.start, claim.cue.end), "content": (claim.content.start, claim.content.end)}
            if claim.source_span is not None:
                item["source"] = (claim.source_span.start, claim.source_span.end)
            out.append(item)
        yield out


def _baseline(texts: list[str]) -> Iterable[list[dict[str, tuple[int, int]]]]:
    from ..nlp.events_lexicon import base_forms
    from ..nlp.spacy_stage import load_model, prepare_text

    nlp = load_model()
    for doc in nlp.pipe(prepare_text(t) for t in texts):
        out = []
        for tok in doc:
            if tok.pos_ != "VERB" or not set(base_forms(tok.text)) & BASELINE_CUES:
                continue
            item = {"cue": (tok.idx, tok.idx + len(tok.text))}
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            if subj:
                sub = list(subj[0].subtree)
                item["source"] = (sub[0].idx, sub[-1].idx + len(sub[-1].text))
            comp = [c for c in tok.children if c.dep_ == "ccomp"]
            if comp:
                sub = list(comp[0].subtree)
            else:
                skip = {t.i for t in tok.subtree}
                sub = [t for t in tok.sent if t.i not in skip] or list(tok.sent)
            item["content"] = (sub[0].idx, sub[-1].idx + len(sub[-1].text))
            out.append(item)
        yield out


def run(data: Path, peers: bool = True, split: str = "dev", limit: int | None = None, **_: Any) -> dict[str, Any]:
    folder = data / split if (data / split).is_dir() else data
    golds = load_split(folder)
    if limit:
        golds = golds[:limit]
    result = score(golds, _ours)
    result["articles"] = len(golds)
    result["split"] = split
    if peers:
        result["peers"] = {"verb_nsubj_baseline": score(golds, _baseline),
                           "ours_with_nested_claims": score(golds, lambda texts: _ours(texts, nested=True))}
    return result
