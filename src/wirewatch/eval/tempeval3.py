"""TempEval-3 (TimeML ``.tml``): time expression extraction and normalisation.

Scored over the ``<TEXT>`` part of every ``.tml`` file under the folder, with the document
creation time (the ``CREATION_TIME`` TIMEX3) as the publication date:
- strict / relaxed extraction P, R, F1 (exact span / any overlap);
- type accuracy and value accuracy over the relaxed matches;
- value F1 as TempEval-3 defines attribute F1: relaxed F1 × value accuracy (a timex counts when it
  is found *and* its value is right).
The peer, dateparser (``search_dates`` with the creation time as its relative base), is scored by
the same code.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvalError

_TAG = re.compile(r"<[^>]+>")


@dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str | None


@dataclass
class Doc:
    name: str
    text: str
    dct: str | None
    gold: list[Timex]


def load(folder: Path) -> list[Doc]:
    files = sorted(folder.rglob("*.tml"))
    if not files:
        raise EvalError(f"no .tml files under {folder}")
    return [parse(p) for p in files]


def parse(path: Path) -> Doc:
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"', raw) or re.search(
        r'<TIMEX3[^>]*value="([^"]+)"[^>]*functionInDocument="CREATION_TIME"', raw)
    dct = dct_match.group(1)[:10] if dct_match else None
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    if body is None:
        raise EvalError(f"{path}: no <TEXT> element")
    xml = "<TEXT>" + body.group(1) + "</TEXT>"
    root = ET.fromstring(xml)
    text_parts: list[str] = []
    gold: list[Timex] = []

    def walk(node: ET.Element) -> None:
        if node.tag == "TIMEX3":
            start = sum(map(len, text_parts))
            inner = "".join(node.itertext())
            text_parts.append(inner)
            gold.append(Timex(start, start + len(inner), node.get("type", ""), node.get("value")))
        else:
            text_parts.append(node.text or "")
            for child in node:
                walk(child)
                text_parts.append(child.tail or "")
            return
        return

    walk(root)
    return Doc(path.name, "".join(text_parts), dct, gold)


def score(docs: list[Doc], predict: Any) -> dict[str, Any]:
    n_gold = n_sys = strict = relaxed = type_ok = value_ok = 0
    for doc in docs:
        system: list[Timex] = predict(doc)
        n_gold += len(doc.gold)
        n_sys += len(system)
        used: set[int] = set()
        for g in doc.gold:
            best = None
            for i, s in enumerate(system):
                if i in used or not (s.start < g.end and g.start < s.end):
                    continue
                best = i
                if s.start == g.start and s.end == g.end:
                    break
            if best is None:
                continue
            used.add(best)
            s = system[best]
            relaxed += 1
            strict += s.start == g.start and s.end == g.end
            type_ok += s.type == g.type
            value_ok += (s.value or "") == (g.value or "")

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    sp, sr = strict / max(n_sys, 1), strict / max(n_gold, 1)
    rp, rr = relaxed / max(n_sys, 1), relaxed / max(n_gold, 1)
    value_acc = value_ok / max(relaxed, 1)
    return {
        "strict_precision": sp, "strict_recall": sr, "strict_f1": f1(sp, sr),
        "relaxed_precision": rp, "relaxed_recall": rr, "relaxed_f1": f1(rp, rr),
        "type_accuracy": type_ok / max(relaxed, 1), "value_accuracy": value_acc,
        "value_f1": f1(rp, rr) * value_acc,
        "gold": n_gold, "system": n_sys, "matched": relaxed,
    }


def _ours() -> Any:
    from ..model import Article
    from ..pipeline import Pipeline

    pipeline = Pipeline.build(["spacy", "times"])

    def predict(doc: Doc) -> list[Timex]:
        analysis = pipeline.analyse(Article(text=doc.text, published=doc.dct))
        return [Timex(t.start, t.end, t.type, t.value) for t in analysis.times]

    return predict


def _dateparser() -> Any:
    from datetime import datetime

    from dateparser.search import search_dates

    def predict(doc: Doc) -> list[Timex]:
        settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
        if doc.dct:
            settings["RELATIVE_BASE"] = datetime.fromisoformat(doc.dct)
        found = search_dates(doc.text, languages=["en"], settings=settings) or []
        out, cursor = [], 0
        for phrase, when in found:
            start = doc.text.find(phrase, cursor)
            if start < 0:
                continue
            cursor = start + len(phrase)
            out.append(Timex(start, start + len(phrase), "DATE", when.date().isoformat()))
        return out

    return predict


def run(data: Path, peers: bool = True, **_: Any) -> dict[str, Any]:
    docs = load(data)
    result = score(docs, _ours())
    result["documents"] = len(docs)
    if peers:
        try:
            result["peers"] = {"dateparser": score(docs, _dateparser())}
        except ImportError:
            result["peers"] = {"dateparser": "not installed (pip install dateparser)"}
    return result
