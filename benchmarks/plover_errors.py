"""List dev PLOVER records whose event type, actor or recipient code is wrong (dev data only).

Usage: python benchmarks/plover_errors.py [--data FILE] [--types] [--events] [--role actor|recipient]

Each wrong argument is marked GAZ (the gold code is nowhere among the sentence's actors) or ARG
(it is, but not as this event's argument); a closing line counts them by role and kind, "no event"
where the sentence has no event at all (a missing trigger, not an argument error). ``--types``
lists wrong primary types instead; ``--events`` prints every event of the sentence and its actor
mentions under each record.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from wirewatch.eval import plover
from wirewatch.model import Analysis, Article


def _events(analysis: Analysis) -> None:
    for e in analysis.events:
        print(f"      {e.type}/{e.mode} '{e.trigger.text}' a={e.actors} r={e.recipients} "
              f"conf={e.confidence} mod={e.modality} place={e.place}")
    ments = [(m.text, m.label, m.actor) for m in analysis.entities if m.actor]
    print(f"      mentions: {ments}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="/work/shared/bench/plover/gsr-dev.jsonl", help="a gsr-*.jsonl file")
    parser.add_argument("--types", action="store_true", help="list records whose primary type is wrong")
    parser.add_argument("--events", action="store_true", help="print each sentence's events and actor mentions")
    parser.add_argument("--role", choices=("actor", "recipient"), help="only this argument's errors")
    args = parser.parse_args(argv)
    records: list[dict[str, Any]] = [r for r in plover.load(Path(args.data).parent)]
    pipeline = plover.build_pipeline()
    analyses = list(pipeline.analyse_many(Article(text=plover.clean_text(r["text"])) for r in records))
    tally: Counter[str] = Counter()
    for record, analysis in zip(records, analyses, strict=True):
        gold = plover.gold_type(record)
        top = plover.primary(analysis.events)
        if args.types:
            if top is None or top.type != gold:
                in_set = gold in {e.type for e in analysis.events}
                print(f"TYPE gold={gold} got={top.type if top else None} in_set={in_set}")
                print("   ", plover.clean_text(record["text"])[:220])
                if args.events:
                    _events(analysis)
            continue
        scored = next((e for e in analysis.events if e.type == gold), top)
        for role, key, attr in (("ACTOR", "source", "actors"), ("RECIP", "target", "recipients")):
            if args.role and not role.lower().startswith(args.role[:5]):
                continue
            codes = plover.gold_codes(record.get(key))
            if not codes:
                continue
            got = plover.event_codes(getattr(scored, attr), analysis) if scored else set()
            if codes & got:
                continue
            anywhere = codes & plover.event_codes(list(analysis.actors), analysis)
            kind = "ARG" if anywhere else "GAZ"
            tally[f"{role} {kind}{'' if scored else ' (no event)'}"] += 1
            texts = [a.get("actorText") for a in record.get(key) or []]
            print(f"{role} {kind} {gold} gold={sorted(codes)} {texts} got={sorted(got)} "
                  f"ids={getattr(scored, attr) if scored else None}")
            print("   ", plover.clean_text(record["text"])[:220])
            if args.events:
                _events(analysis)
    if tally:
        print("errors:", ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))


if __name__ == "__main__":
    main()
