"""Event precision on real news: sample BBC articles, list the predicted events, score judged ones.

    python benchmarks/event_precision.py predict --seed 1 --out A.pred.jsonl [--data DIR]
    python benchmarks/event_precision.py predict --seed 3 --disjoint-from 1 2 --distinct-text --out C.pred.jsonl
    python benchmarks/event_precision.py todo --pred A.pred.jsonl --judged A.jsonl
    python benchmarks/event_precision.py judge --pred A.pred.jsonl --judged A.jsonl --verdicts V.tsv
    python benchmarks/event_precision.py score --pred A.pred.jsonl --judged A.jsonl [--json]

A sample is 25 politics, 10 business and 5 tech articles of the BBC corpus drawn with a fixed
seed (``SAMPLE``); a sample drawn with ``--disjoint-from S`` leaves out the articles of the
samples of seeds S, so that a test sample never shares an article with the development one.
``predict`` runs the whole pipeline (as ``wirewatch read`` does) and writes one JSON line per
event. Events are judged by hand per docs/events-precision.md: ``todo`` prints the events (or
the parts of events) that the judged file does not cover yet, each with a number; ``judge``
appends the verdicts of a file of lines ``number<TAB>event type actor recipient<TAB>cause<TAB>note``
(each verdict ``y``, ``n`` or ``-`` for not judged: the type, actor and recipient of a wrong
event are not judged). ``score`` gives, for a prediction file:

- event precision: events whose happening the sentence reports / all events;
- type precision: events that happened and whose PLOVER type fits / all events;
- actor (recipient) precision: right actors (recipients), an empty one included when the text
  names nobody we could resolve, / events that happened;
- the false positives grouped by their cause.

Judgements are matched to predictions by article, trigger offset, type, modality, actors and
recipients; when only some of these changed (a fix gave the event another actor), the verdicts
of the parts that did not change are reused (the event's own verdict only at the same modality)
and ``todo`` asks only for the others.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

DATA = Path("/work/shared/bench/bbc")

#: Articles per BBC section in one sample: politics is where PLOVER events live; business and
#: tech are there to count the events found where there should be few.
SAMPLE = (("politics", 25), ("business", 10), ("tech", 5))

VERDICTS = ("event", "type", "actor", "recipient")


def _text_key(path: Path) -> str:
    """An article's words, case and spacing aside: the BBC corpus holds copies under other names."""
    return " ".join(path.read_text(encoding="utf-8", errors="replace").lower().split())


def sample(data: Path, seed: int, disjoint_from: tuple[int, ...] = (), distinct_text: bool = False) -> list[Path]:
    """The articles of one sample: per section, ``n`` files drawn from the sorted listing.

    ``disjoint_from`` lists the seeds of the earlier samples in the order they were drawn; each of
    them is rebuilt as it was drawn (disjoint from the seeds before it), so ``--seed 3
    --disjoint-from 1 2`` leaves out sample A (seed 1) and sample B (seed 2, drawn disjoint from
    1). With ``distinct_text`` an article whose text is that of a left-out one (the same story
    filed twice) is left out too.
    """
    taken: set[Path] = set()
    for i, other in enumerate(disjoint_from):
        taken |= set(sample(data, other, disjoint_from[:i]))
    texts = {_text_key(p) for p in taken} if distinct_text else set()
    out: list[Path] = []
    for section, n in SAMPLE:
        files = sorted(p for p in (data / section).glob("*.txt")
                       if p not in taken and not (texts and _text_key(p) in texts))
        out += sorted(random.Random(f"{seed}:{section}").sample(files, n))
    return out


def _article(path: Path) -> Any:
    """The article as ``wirewatch read FILE`` ingests it (the first line is the title)."""
    from wirewatch.ingest import iter_inputs

    item = next(iter(iter_inputs([str(path)])))
    if item.article is None:
        raise SystemExit(f"{path}: {item.error}")
    return item.article


def predict(data: Path, seed: int, disjoint_from: tuple[int, ...], out: Path, distinct_text: bool = False) -> int:
    from wirewatch.pipeline import Pipeline

    files = sample(data, seed, disjoint_from, distinct_text)
    pipeline = Pipeline.build()
    rows = 0
    with out.open("w", encoding="utf-8") as fh:
        for path, analysis in zip(files, pipeline.analyse_many(_article(p) for p in files), strict=True):
            rel = str(path.relative_to(data.parent))
            for event in analysis.events:
                names = {i: (analysis.actors[i].name if i in analysis.actors else i)
                         for i in event.actors + event.recipients}
                fh.write(json.dumps({
                    "path": rel, "sentence": " ".join(event.evidence.text.split()),
                    "trigger": event.trigger.text, "trigger_start": event.trigger.start,
                    "type": event.type, "mode": event.mode, "modality": event.modality,
                    "actors": event.actors, "recipients": event.recipients,
                    "names": [names[i] for i in event.actors], "recipient_names": [names[i] for i in event.recipients],
                    "confidence": event.confidence,
                }, ensure_ascii=False) + "\n")
                rows += 1
    return rows


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _key(e: dict[str, Any]) -> tuple[Any, ...]:
    return (e["path"], e["trigger_start"], e["type"], e["modality"], tuple(e["actors"]), tuple(e["recipients"]))


def verdicts_for(event: dict[str, Any], judged: list[dict[str, Any]]) -> dict[str, str | None]:
    """The verdicts that apply to a predicted event, reusing those of the parts that did not change."""
    exact = [j for j in judged if _key(j) == _key(event)]
    if exact:
        return {v: exact[-1]["verdict"][v] for v in VERDICTS} | {"cause": exact[-1].get("cause")}
    out: dict[str, str | None] = dict.fromkeys(VERDICTS)
    out["cause"] = None
    same = [j for j in judged if (j["path"], j["trigger_start"]) == (event["path"], event["trigger_start"])]
    for j in same:
        if j["modality"] != event["modality"]:
            continue  # "no deal was offered" read as negated: whether it is right is judged again
        out["event"] = j["verdict"]["event"]
        if out["event"] == "n":
            out.update(type="-", actor="-", recipient="-", cause=j.get("cause"))
        if j["type"] == event["type"]:
            out["type"] = j["verdict"]["type"]
            if out["event"] == "y" and out["type"] == "n":
                out["cause"] = j.get("cause")
        if j["actors"] == event["actors"] and j["verdict"]["actor"] != "-":
            out["actor"] = j["verdict"]["actor"]
        if j["recipients"] == event["recipients"] and j["verdict"]["recipient"] != "-":
            out["recipient"] = j["verdict"]["recipient"]
    return out


def _complete(v: dict[str, str | None]) -> bool:
    if v["event"] is None:
        return False
    return v["event"] == "n" or all(v[k] is not None for k in ("type", "actor", "recipient"))


def todo(pred: Path, judged_path: Path) -> list[tuple[int, dict[str, Any], dict[str, str | None]]]:
    judged = _read(judged_path)
    out = []
    for number, event in enumerate(_read(pred)):
        v = verdicts_for(event, judged)
        if not _complete(v):
            out.append((number, event, v))
    return out


def judge(pred: Path, judged_path: Path, verdicts: Path) -> int:
    events = _read(pred)
    judged = _read(judged_path)
    added = 0
    with judged_path.open("a", encoding="utf-8") as fh:
        for line in verdicts.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cells = [*line.split("\t"), "", "", ""]
            number, marks, cause, note = int(cells[0]), cells[1].split(), cells[2].strip(), cells[3].strip()
            if len(marks) != 4 or any(m not in ("y", "n", "-") for m in marks):
                raise SystemExit(f"bad verdicts {line!r}: four of y/n/- expected")
            event = events[number]
            known = verdicts_for(event, judged)
            verdict = dict(zip(VERDICTS, marks, strict=True))
            if verdict["event"] == "n" and not cause:
                raise SystemExit(f"line {line!r}: a wrong event needs a cause")
            record = {k: event[k] for k in ("path", "sentence", "trigger", "trigger_start", "type", "mode",
                                            "modality", "actors", "names", "recipients", "recipient_names")}
            record["verdict"] = {k: (verdict[k] if verdict[k] != "-" or known[k] is None else known[k])
                                 for k in VERDICTS}
            if record["verdict"]["event"] == "n":
                record["verdict"].update(type="-", actor="-", recipient="-")
            record["cause"] = cause or known.get("cause") or None
            record["note"] = note or None
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            judged.append(record)
            added += 1
    return added


def score(pred: Path, judged_path: Path) -> dict[str, Any]:
    judged = _read(judged_path)
    events = _read(pred)
    n = len(events)
    happened = typed = actor_ok = recipient_ok = 0
    unjudged = 0
    causes: Counter[str] = Counter()
    for event in events:
        v = verdicts_for(event, judged)
        if not _complete(v):
            unjudged += 1
            continue
        if v["event"] == "n":
            causes[str(v["cause"])] += 1
            continue
        happened += 1
        typed += v["type"] == "y"
        actor_ok += v["actor"] == "y"
        recipient_ok += v["recipient"] == "y"
        if v["type"] == "n":
            causes["wrong type: " + str(v["cause"] or "?")] += 1
    judged_n = n - unjudged
    return {
        "events": n, "unjudged": unjudged, "articles": len({e["path"] for e in events}),
        "event_precision": round(happened / judged_n, 3) if judged_n else None,
        "type_precision": round(typed / judged_n, 3) if judged_n else None,
        "actor_precision": round(actor_ok / happened, 3) if happened else None,
        "recipient_precision": round(recipient_ok / happened, 3) if happened else None,
        "false_positives": dict(causes.most_common()),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("predict", help="sample articles, run the pipeline, write the events")
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--disjoint-from", type=int, nargs="*", default=[], help="seeds of samples to leave out")
    p.add_argument("--distinct-text", action="store_true",
                   help="also leave out articles whose text is that of a left-out one")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--list", action="store_true", help="only print the sampled paths")
    for name in ("todo", "judge", "score"):
        q = sub.add_parser(name)
        q.add_argument("--pred", type=Path, required=True)
        q.add_argument("--judged", type=Path, required=True)
        if name == "judge":
            q.add_argument("--verdicts", type=Path, required=True)
        if name == "score":
            q.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "predict":
        if args.list:
            files = sample(args.data, args.seed, tuple(args.disjoint_from), args.distinct_text)
            print("\n".join(str(p) for p in files))
            return
        rows = predict(args.data, args.seed, tuple(args.disjoint_from), args.out, args.distinct_text)
        print(f"{rows} events -> {args.out}")
    elif args.command == "todo":
        last = None
        for number, e, v in todo(args.pred, args.judged):
            if e["path"] != last:
                print(f"## {e['path']}")
                last = e["path"]
            known = " ".join(f"{k}={v[k]}" for k in VERDICTS if v[k] is not None)
            print(f"{number}\t{e['type']}/{e['mode']} [{e['modality']}] '{e['trigger']}' "
                  f"a={e['names']} r={e['recipient_names']} {('{' + known + '}') if known else ''}\n"
                  f"\t{e['sentence'][:400]}")
    elif args.command == "judge":
        print(f"{judge(args.pred, args.judged, args.verdicts)} verdicts added to {args.judged}")
    else:
        result = score(args.pred, args.judged)
        if args.json:
            print(json.dumps(result))
        else:
            for k, val in result.items():
                print(f"{k}: {val}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
