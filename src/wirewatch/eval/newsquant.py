"""NewsQuant (CQE paper): quantities in news sentences, scored on value and on value + unit.

Matching, per sentence, one-to-one and greedy in gold order:
- **value**: a system quantity matches a gold one when their values agree (relative difference
  under 0.1%); a gold range ``a-b`` matches a system range with the same bounds.
- **value + unit**: the value matches and the units agree. NewsQuant's unit is the measured noun
  as often as a unit ("13000 workers" has unit "workers"), so our unit is our normalised unit, or,
  for counts, the counted noun. Units agree when their normalised head words are the same
  (plural "s" dropped, a small synonym table: percent = percentage, USD = dollar, km = kilometre ...).
quantulum3 is scored by the same code (its unit name as the unit).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import EvalError

#: Our normalised units -> NewsQuant's normalised head word.
UNIT_SYNONYMS = {"percent": "percentage", "%": "percentage", "usd": "dollar", "$": "dollar", "gbp": "pound",
                 "eur": "euro", "jpy": "yen", "krw": "won", "cny": "yuan", "rub": "ruble", "inr": "rupee",
                 "myr": "ringgit", "hkd": "dollar", "aud": "dollar", "cad": "dollar", "sgd": "dollar",
                 "nzd": "dollar", "liter": "litre",
                 "sterling": "pound", "fraction": "percentage",  # NewsQuant gives "a third of" the unit "%"
                 "km": "kilometre", "kg": "kilogram", "m": "metre", "tonne": "tonne", "mph": "mile per hour",
                 "usd-cents": "cent", "gbp-pence": "penny", "percentage point": "percentage point",
                 "kilometer": "kilometre", "meter": "metre", "ton": "tonne", "hp": "horsepower"}


def _head(unit: str | None) -> str:
    if not unit:
        return ""
    u = unit.lower().strip()
    u = UNIT_SYNONYMS.get(u, u)
    words = re.findall(r"[a-z%$]+", u)
    if not words:
        return ""
    word = UNIT_SYNONYMS.get(words[-1], words[-1])
    for suffix, repl in (("ies", "y"), ("feet", "foot"), ("s", "")):
        if word.endswith(suffix) and len(word) > 3:
            word = word[: -len(suffix)] + repl
            break
    return str(UNIT_SYNONYMS.get(word, word))


def _gold_value(text: str) -> tuple[float | None, float | None, float | None]:
    m = re.fullmatch(r"\s*(-?[\d.]+(?:e[+-]?\d+)?)\s*-\s*([\d.]+(?:e[+-]?\d+)?)\s*", text)
    if m:
        return None, float(m.group(1)), float(m.group(2))
    try:
        return float(text), None, None
    except ValueError:
        return None, None, None


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-3 * max(1.0, abs(a), abs(b))


def _value_match(gold: dict[str, Any], sys: dict[str, Any]) -> bool:
    value, low, high = _gold_value(str(gold["value"]))
    if value is not None:
        return _close(value, sys["value"]) or (sys["value"] is None and _close(value, sys.get("low")))
    return _close(low, sys.get("low")) and _close(high, sys.get("high"))


def _unit_match(gold: dict[str, Any], sys: dict[str, Any]) -> bool:
    """Units agree on their head word; NewsQuant's "-" (no unit) agrees with a system quantity without one."""
    unit = _head(sys["unit"])
    if not unit:
        return all(str(gold.get(k) or "-").strip() == "-" for k in ("unit", "normalized_unit"))
    return unit in (_head(gold.get("normalized_unit")), _head(gold.get("unit")))


def score(items: list[dict[str, Any]], predict: Any) -> dict[str, Any]:
    n_gold = n_sys = tp_value = tp_unit = 0
    for item in items:
        gold = item["quantities"]
        system = predict(item["text"])
        n_gold += len(gold)
        n_sys += len(system)
        used_v: set[int] = set()
        used_u: set[int] = set()
        for g in gold:
            for i, s in enumerate(system):
                if i not in used_v and _value_match(g, s):
                    used_v.add(i)
                    tp_value += 1
                    break
            for i, s in enumerate(system):
                if i not in used_u and _value_match(g, s) and _unit_match(g, s):
                    used_u.add(i)
                    tp_unit += 1
                    break

    def f1(tp: int) -> tuple[float, float, float]:
        p, r = tp / max(n_sys, 1), tp / max(n_gold, 1)
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    vp, vr, vf = f1(tp_value)
    up, ur, uf = f1(tp_unit)
    return {"value_precision": vp, "value_recall": vr, "value_f1": vf,
            "value_unit_precision": up, "value_unit_recall": ur, "value_unit_f1": uf,
            "gold": n_gold, "system": n_sys}


def _ours() -> Any:
    from ..model import Article
    from ..pipeline import Pipeline

    pipeline = Pipeline.build(["spacy", "quantities"])

    def predict(text: str) -> list[dict[str, Any]]:
        out = []
        for q in pipeline.analyse(Article(text=text)).quantities:
            out.append({"value": q.value, "low": q.low, "high": q.high, "unit": q.unit or q.counted})
        return out

    return predict


def _quantulum() -> Any:
    from quantulum3 import parser

    def predict(text: str) -> list[dict[str, Any]]:
        out = []
        for q in parser.parse(text):
            unit = None if q.unit.name == "dimensionless" else q.unit.name
            out.append({"value": float(q.value), "low": None, "high": None, "unit": unit})
        return out

    return predict


def run(data: Path, peers: bool = True, **_: Any) -> dict[str, Any]:
    files = sorted(data.rglob("*.json")) if data.is_dir() else [data]
    items: list[dict[str, Any]] = []
    for path in files:
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(loaded, list):
            items.extend(x for x in loaded if isinstance(x, dict) and "text" in x and "quantities" in x)
    if not items:
        raise EvalError(f"no NewsQuant sentences under {data}")
    result = score(items, _ours())
    result["sentences"] = len(items)
    if peers:
        try:
            result["peers"] = {"quantulum3": score(items, _quantulum())}
        except ImportError:
            result["peers"] = {"quantulum3": "not installed (pip install quantulum3)"}
    return result
