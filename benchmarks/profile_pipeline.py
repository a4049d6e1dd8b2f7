"""Where the time goes: a pyinstrument profile of add + process + link on BBC articles.

    python benchmarks/profile_pipeline.py --data ../shared/bench/bbc --limit 300

Writes ``benchmarks/results/profile-<n>.txt`` (the call tree, trimmed to frames
over 1% of the time) and ``profile-<n>.json`` with the share of wall time spent
in each part of the system, grouped by module:

- spacy: the model's pipe (tokeniser, tagger, parser, NER) and its batching;
- wirewatch stages: actors, times, quantities, events, claims, casing repair;
- embeddings: the sentence encoder used by the linker (ONNX Runtime);
- linking: candidate look-up and scoring, canonical events, stories;
- store: SQLite writes and reads.

The model is loaded before the profile starts, as for the throughput benchmark.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from pyinstrument import Profiler

import wirewatch

RESULTS = Path(__file__).resolve().parent / "results"

#: Module prefixes -> part of the system, first match wins (most specific first).
PARTS = [
    ("wirewatch.embed", "embeddings"), ("onnxruntime", "embeddings"), ("tokenizers", "embeddings"),
    ("wirewatch.link", "linking"),
    ("wirewatch.store", "store"), ("sqlite3", "store"),
    ("wirewatch.nlp.casing", "casing repair"), ("wirewatch.nlp.actors", "actors"),
    ("wirewatch.nlp.gazetteer", "actors"), ("wirewatch.nlp.times", "times"), ("wirewatch.nlp.dates", "times"),
    ("wirewatch.nlp.quantities", "quantities"), ("wirewatch.nlp.events", "events"),
    ("wirewatch.claims", "claims"), ("wirewatch.ingest", "ingest"),
    ("spacy", "spacy"), ("thinc", "spacy"), ("numpy", "numpy (other)"),
]


def part_of(frame_file: str) -> str | None:
    path = frame_file.replace("/", ".")
    for prefix, part in PARTS:
        if f".{prefix}." in f".{path}" or path.startswith(prefix):
            return part
    return None


def self_times(frame: Any, inherited: str | None, out: Counter[str]) -> None:
    """Charge each frame's own time to the innermost part of the system on its stack."""
    part = part_of(frame.file_path or "") or inherited
    children = frame.children
    own = frame.time - sum(c.time for c in children)
    out[part or "other"] += max(own, 0.0)
    for child in children:
        self_times(child, part, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/bench/bbc"))
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args(argv)
    files = sorted(p for p in args.data.rglob("*.txt") if p.name != "README.TXT")[: args.limit]
    if not files:
        print(f"no articles under {args.data}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        ww = wirewatch.open(Path(tmp) / "profile.db")
        ww.read("Warm up: load the models outside the profile.")
        from wirewatch.embed import get_encoder

        get_encoder().encode(["warm up"])
        profiler = Profiler(interval=0.002)
        profiler.start()
        ww.add([str(p) for p in files])
        report = ww.process(workers=1)
        profiler.stop()
        ww.close()
    session = profiler.last_session
    assert session is not None
    root = session.root_frame()
    shares: Counter[str] = Counter()
    if root is not None:
        self_times(root, None, shares)
    total = sum(shares.values()) or 1.0
    summary = {"articles": len(files), "processed": report.processed, "seconds": round(session.duration, 2),
               "share": {k: round(v / total, 4) for k, v in shares.most_common()}}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"profile-{len(files)}.txt").write_text(
        profiler.output_text(unicode=False, color=False, show_all=False, timeline=False), encoding="utf-8")
    (RESULTS / f"profile-{len(files)}.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
