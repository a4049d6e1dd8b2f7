"""Throughput of `wirewatch process` single-process vs. the Dask engine (local cluster, 1 and 2 workers).

Each run: `wirewatch add` of the first N BBC articles into a fresh SQLite store, then one timed
`wirewatch process --no-link` command (wall clock of the whole command: model load and cluster start
included), into the store or into Parquet output. The 1-minute load average is recorded before and
after each run, because the machine is shared. Bytes per article of the store and of the Parquet output
are measured too.

    python benchmarks/bench_dask.py --data ../shared/bench/bbc --limit 600
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def corpus(data: Path, limit: int | None) -> list[Path]:
    files = sorted(data.rglob("*.txt"))
    return files[:limit] if limit else files


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(files: list[Path], engine: str, workers: int, parquet: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "files"
        listing.mkdir()
        for p in files:  # symlinks: the corpus is read by path, never copied
            (listing / f"{p.parent.name}-{p.name}").symlink_to(p.resolve())
        db = Path(tmp) / "bench.db"
        ww = [sys.executable, "-m", "wirewatch", "-q", "--db", str(db)]
        subprocess.run([*ww, "add", str(listing)], check=True, capture_output=True)
        db_added = size_of(db)
        cmd = [*ww, "process", "--no-link", "--engine", engine, "--workers", str(workers)]  # dask: cluster size
        out = Path(tmp) / "parquet"
        if parquet:
            cmd += ["--output", "parquet", str(out)]
        load_before = os.getloadavg()[0]
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        seconds = time.perf_counter() - t0
        load_after = os.getloadavg()[0]
        return {"engine": engine, "workers": workers, "output": "parquet" if parquet else "store",
                "seconds": round(seconds, 2), "articles_per_s": round(len(files) / seconds, 2),
                "load1_before": round(load_before, 2), "load1_after": round(load_after, 2),
                "store_bytes_per_article_added": round(db_added / len(files)),
                "store_bytes_per_article_processed": round(size_of(db) / len(files)),
                "parquet_bytes_per_article": round(size_of(out) / len(files)) if parquet else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/bench/bbc"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    files = corpus(args.data, args.limit)
    rows = [run(files, "local", 1, False),
            run(files, "dask", 1, False), run(files, "dask", 2, False),
            run(files, "dask", 1, True), run(files, "dask", 2, True)]
    for r in rows:
        print(json.dumps(r))
    rate = {(r["workers"], r["output"]): r["articles_per_s"] for r in rows if r["engine"] == "dask"}
    result = {"articles": len(files), "cpus": os.cpu_count(), "runs": rows,
              "scaling_efficiency": {o: round(rate[(2, o)] / (2 * rate[(1, o)]), 3) for o in ("store", "parquet")},
              "note": "wall clock of the whole command (model load and cluster start included); shared 2-core machine"}
    out = args.out or Path(__file__).parent / "results" / f"dask-{len(files)}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result["scaling_efficiency"]))


if __name__ == "__main__":
    main()
