"""MEANTIME (NewsReader, CAT XML): named-entity spans on clean and on casing-noised text.

Gold: the named mentions (``syntactic_type="NAM"``) whose entity type is PER, ORG or LOC (through
their REFERS_TO link). The text is rebuilt from the tokens (one space between tokens, a newline
between sentences). Only the annotated part is scored: the sentences up to the last one holding a
gold mention. System labels map PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC.
Strict = same span and type; relaxed = overlapping spans with the same type (the headline, as
MEANTIME's name spans often include titles).
The noised copy lowers the first letter of 30% of the capitalised tokens inside gold names
(``random.Random(13)``): same length, so the gold offsets still hold. Plain spaCy (the same model,
no casing repair, no gazetteer) runs side by side.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvalError

LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
TYPES = ("PER", "ORG", "LOC")
#: Share of capitalised name tokens that lose their capital in the noised copy.
NOISE_RATE = 0.30
NOISE_SEED = 13


@dataclass
class Doc:
    text: str
    limit: int
    gold: list[tuple[int, int, str]]
    name_tokens: list[tuple[int, int]]


def parse(path: Path) -> Doc | None:
    root = ET.parse(path).getroot()
    parts: list[str] = []
    offsets: dict[str, tuple[int, int, int]] = {}
    pos, last_sentence = 0, None
    for tok in root.iter("token"):
        sentence = int(tok.get("sentence", "0"))
        if last_sentence is not None:
            sep = "\n" if sentence != last_sentence else " "
            parts.append(sep)
            pos += 1
        word = tok.text or ""
        offsets[tok.get("t_id", "")] = (pos, pos + len(word), sentence)
        parts.append(word)
        pos += len(word)
        last_sentence = sentence
    text = "".join(parts)
    entity_type = {e.get("m_id"): e.get("ent_type") for e in root.iter("ENTITY")}
    refers = {}
    for rel in root.iter("REFERS_TO"):
        src, tgt = rel.find("source"), rel.find("target")
        if src is not None and tgt is not None:
            refers[src.get("m_id")] = entity_type.get(tgt.get("m_id"))
    gold: list[tuple[int, int, str]] = []
    names: list[tuple[int, int]] = []
    last = -1
    markables = root.find("Markables")
    for m in (markables.iter("ENTITY_MENTION") if markables is not None else []):
        if m.get("syntactic_type") != "NAM":
            continue
        etype = refers.get(m.get("m_id"))
        spans = [offsets[a.get("t_id", "")] for a in m.iter("token_anchor") if a.get("t_id") in offsets]
        if not spans or etype not in TYPES:
            continue
        gold.append((min(s for s, _, _ in spans), max(e for _, e, _ in spans), str(etype)))
        names.extend((s, e) for s, e, _ in spans)
        last = max(last, max(sent for _, _, sent in spans))
    if not gold:
        return None
    limit = max(e for s, e, sent in offsets.values() if sent <= last)
    return Doc(text, limit, gold, names)


def noised(doc: Doc, rng: random.Random) -> str:
    chars = list(doc.text)
    for s, _e in doc.name_tokens:
        if chars[s].isupper() and rng.random() < NOISE_RATE:
            chars[s] = chars[s].lower()
    return "".join(chars)


def score(docs: list[Doc], texts: list[str], predict: Any) -> dict[str, float]:
    n_gold = n_sys = strict = relaxed = 0
    for doc, text in zip(docs, texts, strict=True):
        system = [(s, e, t) for s, e, t in predict(text) if e <= doc.limit + 1 and t in TYPES]
        n_gold += len(doc.gold)
        n_sys += len(system)
        used: set[int] = set()
        for gs, ge, gt in doc.gold:
            for i, (s, e, t) in enumerate(system):
                if i in used or t != gt or not (s < ge and gs < e):
                    continue
                used.add(i)
                relaxed += 1
                strict += (s, e) == (gs, ge)
                break

    def f1(tp: int) -> float:
        p, r = tp / max(n_sys, 1), tp / max(n_gold, 1)
        return 2 * p * r / (p + r) if p + r else 0.0

    return {"strict_f1": f1(strict), "relaxed_f1": f1(relaxed), "precision": relaxed / max(n_sys, 1),
            "recall": relaxed / max(n_gold, 1)}


def _predictor(stages: list[str]) -> Any:
    from ..model import Article
    from ..pipeline import Pipeline

    pipeline = Pipeline.build(stages)

    def predict(text: str) -> list[tuple[int, int, str]]:
        analysis = pipeline.analyse(Article(text=text))
        return [(m.start, m.end, LABELS[m.label]) for m in analysis.entities if m.label in LABELS]

    return predict


def _run(docs: list[Doc], stages: list[str]) -> dict[str, Any]:
    clean = [d.text for d in docs]
    rng = random.Random(NOISE_SEED)
    noisy = [noised(d, rng) for d in docs]
    predict = _predictor(stages)
    c, n = score(docs, clean, predict), score(docs, noisy, predict)
    out: dict[str, Any] = {f"clean_{k}": v for k, v in c.items()}
    out.update({f"noised_{k}": v for k, v in n.items()})
    out["relaxed_f1_drop"] = c["relaxed_f1"] - n["relaxed_f1"]
    return out


def run(data: Path, peers: bool = True, **_: Any) -> dict[str, Any]:
    # the same article can sit in two annotation layers (intra-doc, intra+cross-doc): score it once
    by_name: dict[str, Path] = {}
    for p in sorted(data.rglob("*.xml")):
        if re.search(r"\d", p.name):
            by_name.setdefault(p.name, p)
    files = list(by_name.values())
    docs = [d for d in (parse(p) for p in files) if d is not None]
    if not docs:
        raise EvalError(f"no MEANTIME documents with named entities under {data}")
    result = _run(docs, ["spacy", "actors"])
    result["documents"] = len(docs)
    result["gold"] = sum(len(d.gold) for d in docs)
    if peers:
        result["peers"] = {"spacy": _run(docs, ["spacy"])}
    return result
