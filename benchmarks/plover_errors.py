"""List dev PLOVER records whose actor or recipient codes are wrong (dev data only).

Usage: python benchmarks/plover_errors.py /work/shared/bench/plover/gsr-dev.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

from wirewatch.eval import plover
from wirewatch.model import Article


def main(path: str) -> None:
    records = [r for r in plover.load(Path(path).parent) if True]
    pipeline = plover.build_pipeline()
    analyses = list(pipeline.analyse_many(Article(text=plover.clean_text(r["text"])) for r in records))
    for record, analysis in zip(records, analyses, strict=True):
        gold = plover.gold_type(record)
        top = plover.primary(analysis.events)
        scored = next((e for e in analysis.events if e.type == gold), top)
        for role, key, attr in (("ACTOR", "source", "actors"), ("RECIP", "target", "recipients")):
            codes = plover.gold_codes(record.get(key))
            if not codes:
                continue
            got = plover.event_codes(getattr(scored, attr), analysis) if scored else set()
            if codes & got:
                continue
            anywhere = codes & plover.event_codes(list(analysis.actors), analysis)
            kind = "ARG" if anywhere else "GAZ"
            texts = [a.get("text") for a in record.get(key) or []]
            print(f"{role} {kind} gold={sorted(codes)} {texts} got={sorted(got)} "
                  f"ids={getattr(scored, attr) if scored else None}")
            print("   ", plover.clean_text(record["text"])[:220])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/bench/plover/gsr-dev.jsonl")
