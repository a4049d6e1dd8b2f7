"""MEANTIME (NewsReader, CAT XML): named-entity spans on clean and on casing-noised text.

``wirewatch eval meantime --data DIR`` reads every ``*.xml`` CAT file under DIR. The corpus ships
each article twice (``intra-doc_annotation`` and ``intra_cross-doc_annotation``): articles are
deduplicated by ``doc_id``, preferring the document-level (intra-doc) file.

Gold: the named mentions (``syntactic_type`` ``NAM`` or ``PRE.NAM``) whose entity (through their
``REFERS_TO`` link) is of type PER, ORG or LOC. MEANTIME nests names ("American automobile
manufacturer Chrysler LLC" holds "Chrysler LLC"): a gold mention inside a larger one of the same
type is folded into it (one unit to find; for strict matching either span counts). Mentions of the
other types (PRO, FIN, MIX) are not scored, and a system mention overlapping one of them is
ignored rather than counted wrong ("the US Bankruptcy Court" is a PRO, spaCy calls it an ORG).

Text: rebuilt from the tokens (one space between tokens, a newline between sentences), cut after
the last sentence that holds any annotation (MEANTIME annotates the title, the date line and the
first few sentences only); both systems see only that annotated part.

Label map (ours and spaCy's): PERSON -> PER; ORG -> ORG; GPE, LOC, FAC -> LOC; NORP -> LOC
(MEANTIME annotates demonyms such as "American" as pre-modifier names of the country, a LOC).

Scores: precision, recall, F1, strict (same span and type) and relaxed (overlapping spans, same
type; the headline, as MEANTIME's name spans often include titles), overall and per type.
The noised copy lowers the first letter of 30% of the capitalised tokens inside gold names
(``random.Random(13)``): the same length, so the gold offsets still hold. Peer: plain spaCy
(the same model, no casing repair, no gazetteer) on the same clean and noised texts.

Cross-document event coreference (``xdoc_coreference``, present when the folder holds
``intra_cross-doc_annotation``): see :mod:`wirewatch.eval.meantime_xdoc`.
"""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalError

#: Our and spaCy's labels mapped to MEANTIME's entity types (see the module docstring).
LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "LOC"}
#: The MEANTIME types scored (the others: PRO products, FIN financial, MIX mixed).
TYPES = ("PER", "ORG", "LOC")
#: The named syntactic types of MEANTIME (NAM: a name; PRE.NAM: a name used as a pre-modifier).
NAMED = frozenset({"NAM", "PRE.NAM"})
#: Share of capitalised name tokens that lose their capital in the noised copy (the issue's figure).
NOISE_RATE = 0.30
#: Fixed seed, so the noised copy is the same on every run.
NOISE_SEED = 13

Predict = Callable[[str], list[tuple[int, int, str]]]


@dataclass
class GoldUnit:
    """One gold name to find: its outer span, its type, and the spans a strict match may equal."""

    start: int
    end: int
    type: str
    exact: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class Doc:
    """One MEANTIME article cut to its annotated part."""

    doc_id: str
    text: str
    gold: list[GoldUnit]
    ignored: list[tuple[int, int]]
    name_tokens: list[tuple[int, int]]


def _fold(spans: list[tuple[int, int, str]]) -> list[GoldUnit]:
    """Fold gold mentions nested in a larger one of the same type into it."""
    units: list[GoldUnit] = []
    for s, e, t in sorted(set(spans), key=lambda x: (x[0], -x[1])):
        outer = next((u for u in units if u.type == t and u.start <= s and e <= u.end), None)
        if outer is not None:
            outer.exact.add((s, e))
        else:
            units.append(GoldUnit(s, e, t, {(s, e)}))
    return units


def parse(path: Path) -> Doc | None:
    """Read one CAT file; None when it holds no scored gold name."""
    root = ET.parse(path).getroot()
    tokens = [(t.get("t_id", ""), t.text or "", int(t.get("sentence", "0"))) for t in root.iter("token")]
    markables = root.find("Markables")
    if markables is None or not tokens:
        return None
    sentence_of = {tid: sent for tid, _, sent in tokens}
    annotated = [sentence_of[a.get("t_id", "")] for a in markables.iter("token_anchor")
                 if a.get("t_id", "") in sentence_of]
    if not annotated:
        return None
    last_sentence = max(annotated)
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos, previous = 0, None
    for tid, word, sentence in tokens:
        if sentence > last_sentence:
            break
        if previous is not None:
            parts.append("\n" if sentence != previous else " ")
            pos += 1
        offsets[tid] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        previous = sentence
    entity_type = {e.get("m_id"): e.get("ent_type") for e in root.iter("ENTITY")}
    refers: dict[str | None, str | None] = {}
    for rel in root.iter("REFERS_TO"):
        target = rel.find("target")
        for src in rel.findall("source"):
            if target is not None:
                refers[src.get("m_id")] = entity_type.get(target.get("m_id"))
    gold: list[tuple[int, int, str]] = []
    ignored: list[tuple[int, int]] = []
    names: list[tuple[int, int]] = []
    for m in markables.iter("ENTITY_MENTION"):
        if m.get("syntactic_type") not in NAMED:
            continue
        spans = [offsets[a.get("t_id", "")] for a in m.iter("token_anchor") if a.get("t_id", "") in offsets]
        etype = refers.get(m.get("m_id"))
        if not spans or etype is None:
            continue
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        if etype in TYPES:
            gold.append((start, end, etype))
            names.extend(spans)
        else:
            ignored.append((start, end))
    if not gold:
        return None
    return Doc(root.get("doc_id", path.stem), "".join(parts), _fold(gold), ignored, sorted(set(names)))


def load(data: Path) -> list[Doc]:
    """Every article under ``data``, once each (document-level annotation preferred)."""
    chosen: dict[str, Path] = {}
    for path in sorted(data.rglob("*.xml")):
        try:
            doc_id = ET.parse(path).getroot().get("doc_id")
        except ET.ParseError:
            continue
        if not doc_id:
            continue
        if doc_id not in chosen or ("intra-doc" in str(path) and "intra-doc" not in str(chosen[doc_id])):
            chosen[doc_id] = path
    return [d for d in (parse(p) for _, p in sorted(chosen.items())) if d is not None]


def noised(doc: Doc, rng: random.Random) -> str:
    """The text with the first letter of NOISE_RATE of the capitalised gold-name tokens lowered."""
    chars = list(doc.text)
    for s, _e in doc.name_tokens:
        if chars[s].isupper() and rng.random() < NOISE_RATE:
            chars[s] = chars[s].lower()
    return "".join(chars)


def _f1(tp: int, n_sys: int, n_gold: int) -> dict[str, float]:
    p, r = tp / n_sys if n_sys else 0.0, tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score(docs: list[Doc], texts: list[str], predict: Predict) -> dict[str, Any]:
    """Strict and relaxed precision/recall/F1, overall and per type."""
    counts = {t: {"gold": 0, "sys": 0, "strict": 0, "relaxed": 0} for t in TYPES}
    for doc, text in zip(docs, texts, strict=True):
        system = [(s, e, t) for s, e, t in predict(text) if t in TYPES
                  and not any(s < ie and is_ < e for is_, ie in doc.ignored)]
        for unit in doc.gold:
            counts[unit.type]["gold"] += 1
        for _s, _e, t in system:
            counts[t]["sys"] += 1
        used: set[int] = set()
        for unit in doc.gold:
            candidates = [i for i, (s, e, t) in enumerate(system)
                          if i not in used and t == unit.type and s < unit.end and unit.start < e]
            if not candidates:
                continue
            exact = [i for i in candidates if system[i][:2] in unit.exact]
            chosen = exact[0] if exact else candidates[0]
            used.add(chosen)
            counts[unit.type]["relaxed"] += 1
            counts[unit.type]["strict"] += bool(exact)
    out: dict[str, Any] = {}
    for mode in ("strict", "relaxed"):
        total = _f1(sum(c[mode] for c in counts.values()), sum(c["sys"] for c in counts.values()),
                    sum(c["gold"] for c in counts.values()))
        out.update({f"{mode}_{k}": v for k, v in total.items()})
        out[f"{mode}_per_type"] = {t: _f1(c[mode], c["sys"], c["gold"])["f1"] for t, c in counts.items()}
    out["gold_per_type"] = {t: c["gold"] for t, c in counts.items()}
    return out


def ours() -> Predict:
    """Our entities: the spacy and actors stages (casing repair, gazetteer, merged names)."""
    from ..model import Article
    from ..pipeline import Pipeline

    pipeline = Pipeline.build(["spacy", "actors"])

    def predict(text: str) -> list[tuple[int, int, str]]:
        analysis = pipeline.analyse(Article(text=text))
        return [(m.start, m.end, LABELS[m.label]) for m in analysis.entities if m.label in LABELS]

    return predict


def plain_spacy() -> Predict:
    """The same spaCy model on the raw text: no casing repair, no gazetteer."""
    from ..nlp.spacy_stage import load_model

    nlp = load_model()

    def predict(text: str) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, LABELS[e.label_]) for e in nlp(text).ents if e.label_ in LABELS]

    return predict


def _both(docs: list[Doc], predict: Predict) -> dict[str, Any]:
    rng = random.Random(NOISE_SEED)
    noisy = [noised(d, rng) for d in docs]
    clean_scores = score(docs, [d.text for d in docs], predict)
    noised_scores = score(docs, noisy, predict)
    out: dict[str, Any] = {f"{name}_{mode}_f1": scores[f"{mode}_f1"] for name, scores in
                           (("clean", clean_scores), ("noised", noised_scores)) for mode in ("relaxed", "strict")}
    out.update({"clean": clean_scores, "noised": noised_scores})
    out["relaxed_f1_drop"] = clean_scores["relaxed_f1"] - noised_scores["relaxed_f1"]
    out["strict_f1_drop"] = clean_scores["strict_f1"] - noised_scores["strict_f1"]
    return out


def run(data: Path, peers: bool = True, **_: Any) -> dict[str, Any]:
    """Score our entities (and plain spaCy's, under ``peers``) on clean and noised MEANTIME text."""
    docs = load(data)
    if not docs:
        raise EvalError(f"no MEANTIME CAT XML files with named entities under {data}")
    result = _both(docs, ours())
    result["documents"] = len(docs)
    result["gold"] = sum(len(d.gold) for d in docs)
    if peers:
        result["peers"] = {"spacy": _both(docs, plain_spacy())}
    from . import meantime_xdoc

    if meantime_xdoc.cross_doc_folder(data) is not None:
        result["xdoc_coreference"] = meantime_xdoc.run(data, peers=peers)
    return result
