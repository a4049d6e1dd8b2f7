"""PLOVER gold-standard records (``gsr-*.jsonl``): event type, actor and recipient codes.

Each record is one sentence with a gold event type (PLOVER 0.5b1 names, mapped onto the 16
current types), source actor(s) and target(s) with CAMEO codes. The full pipeline reads each
sentence as an undated article; we score:

- ``type_accuracy``: the gold type is among the sentence's events;
- ``first_type_accuracy``: the gold type is the sentence's primary event (the most confident);
- ``macro_f1``: per-type F1 of the primary event's type, averaged over the types in the gold;
- ``coverage``: share of sentences with at least one event;
- ``actor_accuracy_when_resolvable``: the same over the records where the gold actor's code is
  among the codes of the sentence's actors at all (separates argument errors from gazetteer gaps);
- ``actor_accuracy`` / ``recipient_accuracy``: over records with gold codes, one of the gold codes
  is among the codes of the scored event's actors (recipients). The scored event is the one of the
  gold type if any, else the primary event. Codes follow the actor convention (country -> ISO
  alpha-3; people, sectors, organisations -> their country; IGOs -> ``IGO``); CAMEO's codes that
  differ from ISO are mapped first (``CAMEO_TO_ISO``).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..model import Analysis, Article, Event

#: PLOVER 0.5b1 names -> current types (the manual's CAMEO-to-PLOVER table).
OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}

#: CAMEO country codes that differ from ISO 3166 alpha-3 (CAMEO manual, country list).
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "ZAR": "COD", "BUR": "MMR",
                "TMP": "TLS", "KOS": "XKX", "GMY": "DEU", "UK": "GBR", "SER": "SRB"}


def load(folder: Path) -> list[dict[str, Any]]:
    files = sorted(folder.glob("gsr*.jsonl"))
    if not files:
        raise EvalError(f"no gsr*.jsonl file under {folder}")
    records = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                records.append(json.loads(line))
    return records


def gold_type(record: dict[str, Any]) -> str:
    event = str(record["event"]).upper()
    return OLD_TYPES.get(event, event)


def gold_codes(value: Any) -> set[str]:
    if not isinstance(value, list):
        return set()
    return {CAMEO_TO_ISO.get(str(a.get("code", "")), str(a.get("code", ""))) for a in value if a.get("code")}


def clean_text(text: str) -> str:
    """Gold sentences sometimes come wrapped in braces."""
    return text.strip().strip("{}").strip()


def primary(events: list[Event]) -> Event | None:
    if not events:
        return None
    return max(events, key=lambda e: ((e.confidence or 0.0), -e.trigger.start))


def event_codes(ids: list[str], analysis: Analysis) -> set[str]:
    from ..nlp.events_args import code_of

    return {c for c in (code_of(i, analysis.actors) for i in ids) if c}


def build_pipeline() -> Any:
    from ..pipeline import Pipeline

    return Pipeline.build()


def run(data: Path, peers: bool = True, **_: Any) -> dict[str, Any]:
    records = load(data)
    pipeline = build_pipeline()
    analyses = list(pipeline.analyse_many(Article(text=clean_text(r["text"])) for r in records))
    return score(records, analyses)


def score(records: list[dict[str, Any]], analyses: list[Analysis]) -> dict[str, Any]:
    n = len(records)
    in_set = first = covered = 0
    actor_hits = actor_n = recip_hits = recip_n = 0
    known_hits = known_n = 0
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    for record, analysis in zip(records, analyses, strict=True):
        gold = gold_type(record)
        events = analysis.events
        types = {e.type for e in events}
        top = primary(events)
        predicted = top.type if top else "NONE"
        covered += bool(events)
        in_set += gold in types
        first += predicted == gold
        confusion[(gold, predicted)] += 1
        if predicted == gold:
            tp[gold] += 1
        else:
            fn[gold] += 1
            if top is not None:
                fp[predicted] += 1
        scored = next((e for e in events if e.type == gold), top)
        source, target = gold_codes(record.get("source")), gold_codes(record.get("target"))
        if source:
            actor_n += 1
            actor_hits += bool(scored and source & event_codes(scored.actors, analysis))
            if source & event_codes(list(analysis.actors), analysis):
                # the gold actor's code is known somewhere in the sentence: isolates argument errors
                # from gaps of the actor gazetteer
                known_n += 1
                known_hits += bool(scored and source & event_codes(scored.actors, analysis))
        if target:
            recip_n += 1
            recip_hits += bool(scored and target & event_codes(scored.recipients, analysis))
    labels = sorted({gold_type(r) for r in records})
    per_type = {}
    for label in labels:
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        per_type[label] = round(2 * p * r / (p + r), 3) if p + r else 0.0
    return {
        "n": n,
        "type_accuracy": round(in_set / n, 3) if n else 0.0,
        "first_type_accuracy": round(first / n, 3) if n else 0.0,
        "macro_f1": round(sum(per_type.values()) / len(per_type), 3) if per_type else 0.0,
        "coverage": round(covered / n, 3) if n else 0.0,
        "actor_accuracy": round(actor_hits / actor_n, 3) if actor_n else 0.0,
        "recipient_accuracy": round(recip_hits / recip_n, 3) if recip_n else 0.0,
        "actor_accuracy_when_resolvable": round(known_hits / known_n, 3) if known_n else 0.0,
        "n_actor": actor_n,
        "n_actor_resolvable": known_n,
        "n_recipient": recip_n,
        "per_type_f1": per_type,
        "top_confusions": [f"{g}->{p}: {c}" for (g, p), c in confusion.most_common(40) if g != p][:15],
        "published": {"NGEC macro F1 (own holdout, 2025)": 0.52},
    }
