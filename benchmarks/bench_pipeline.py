"""End-to-end throughput, memory and start-up of wirewatch on the BBC corpus, beside spaCy alone.

    python benchmarks/bench_pipeline.py --data ../shared/bench/bbc [--limit N] [--workers 1 2]

For each worker count it measures, in the same run and on the same texts:
- spaCy alone: the same model and components as wirewatch's spacy stage, ``nlp.pipe`` with
  ``n_process`` = workers;
- wirewatch: ``add`` + ``process`` (every stage, then linking) into a fresh SQLite file, each in a
  subprocess whose peak resident memory is read from ``getrusage``;
and prints articles/s, words/s and the ratio wirewatch / spaCy alone. ``--memory`` also runs
wirewatch on growing prefixes of the corpus (500, 1,000, all) to show whether memory stays flat;
``--startup`` times ``wirewatch read`` on one article, model load included.
Results are written as JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def corpus(data: Path, limit: int | None) -> list[Path]:
    files = sorted(p for p in data.rglob("*.txt") if p.name != "README.TXT")
    return files[:limit] if limit else files


def words(files: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in files)


def spacy_alone(files: list[Path], workers: int) -> float:
    """Seconds for spaCy alone over the texts (model load excluded, as for a long-running job)."""
    code = f"""
import sys, time
from pathlib import Path
from wirewatch.nlp.spacy_stage import load_model
nlp = load_model()
texts = [Path(p).read_text(encoding='utf-8', errors='replace').strip() for p in sys.argv[1:]]
t = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=32, n_process={workers}):
    pass
print(time.perf_counter() - t)
"""
    out = subprocess.run([sys.executable, "-c", code, *map(str, files)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def wirewatch_run(files: list[Path], workers: int) -> dict[str, float]:
    """Seconds for add and for process (+ link), and peak RSS (MB) of the process step."""
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "files"
        listing.mkdir()
        for p in files:  # symlinks: the corpus is read by path, never copied
            (listing / f"{p.parent.name}-{p.name}").symlink_to(p.resolve())
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "wirewatch", "-q", "--db", str(db), "add", str(listing)],
                       check=True, capture_output=True)
        t1 = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        code = (
            "import sys, time, wirewatch\n"
            "ww = wirewatch.open(sys.argv[1])\n"
            "ww.pipeline\n"  # model load outside the timed part, as for spaCy alone
            "t = time.perf_counter(); r = ww.process(workers=int(sys.argv[2]))\n"
            "print(time.perf_counter() - t, r.processed)\n"
        )
        out = subprocess.run([sys.executable, "-c", code, str(db), str(workers)], check=True, capture_output=True,
                             text=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        seconds, processed = out.stdout.strip().splitlines()[-1].split()
        return {"add_s": t1 - t0, "process_s": float(seconds), "processed": int(processed),
                "peak_rss_mb": max(peak, before) / 1024}


def peak_rss_of(files: list[Path]) -> float:
    """Peak RSS (MB) of one process doing add + process + link of ``files``, measured in a fresh child."""
    code = (
        "import sys, resource, tempfile, wirewatch\n"
        "from pathlib import Path\n"
        "d = tempfile.mkdtemp()\n"
        "ww = wirewatch.open(Path(d) / 'm.db')\n"
        "ww.add(sys.argv[1:]); ww.process()\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, *map(str, files)], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def startup(one: Path) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "wirewatch", "read", str(one), "--json"], check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/bench/bbc"))
    ap.add_argument("--limit", type=int, default=None, help="Use only the first N articles.")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--memory", action="store_true", help="Peak memory at 500, 1000 and all articles.")
    ap.add_argument("--startup", action="store_true", help="Start-up time of 'wirewatch read'.")
    args = ap.parse_args()
    if not args.data.is_dir():
        sys.exit(f"error: no corpus at {args.data}")
    files = corpus(args.data, args.limit)
    n_words = words(files)
    report: dict[str, object] = {"articles": len(files), "words": n_words, "cpus": os.cpu_count()}
    rows = []
    for w in args.workers:
        base = spacy_alone(files, w)
        ours = wirewatch_run(files, w)
        if ours["processed"] < 0.9 * len(files):  # near-duplicate copies are stored but not processed
            sys.exit(f"error: wirewatch processed only {ours['processed']} of {len(files)} articles")
        row = {
            "workers": w,
            "processed": ours["processed"],
            "spacy_s": round(base, 2),
            "spacy_articles_per_s": round(len(files) / base, 1),
            "wirewatch_process_s": round(ours["process_s"], 2),
            "wirewatch_add_s": round(ours["add_s"], 2),
            "wirewatch_articles_per_s": round(len(files) / (ours["process_s"] + ours["add_s"]), 1),
            "wirewatch_words_per_s": round(n_words / (ours["process_s"] + ours["add_s"]), 0),
            "ratio_process_only": round(base / ours["process_s"], 3),
            "ratio_end_to_end": round(base / (ours["process_s"] + ours["add_s"]), 3),
            "peak_rss_mb": round(ours["peak_rss_mb"], 0),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    report["throughput"] = rows
    if args.memory:
        sizes = [n for n in (500, 1000) if n < len(files)] + [len(files)]
        mem = {str(n): round(peak_rss_of(files[:n]), 0) for n in sizes}
        report["peak_rss_mb_by_articles"] = mem
        print(json.dumps({"peak_rss_mb_by_articles": mem}), flush=True)
    if args.startup:
        report["startup_read_s"] = round(min(startup(files[0]) for _ in range(3)), 2)
        print(json.dumps({"startup_read_s": report["startup_read_s"]}), flush=True)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"pipeline-{len(files)}.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
