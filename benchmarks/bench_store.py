"""The same ``add`` + ``process`` on N BBC articles into SQLite and into PostgreSQL.

    python benchmarks/bench_store.py --data ../shared/bench/bbc --limit 300 [--pg-url URL --pg-url-copy URL]

Without ``--pg-url`` it starts a throwaway PostgreSQL cluster (tests/pg_server.py) with the server's
default durability (fsync and synchronous commit on), on this machine, over TCP on 127.0.0.1.
Each store is filled in a fresh Python process: the pipeline is loaded first (not timed), then
``add`` (the folder of N articles) and ``process`` (every stage, then linking, one worker) are timed
apart. Then the store's own share, without NLP: the analyses just made are copied into a fresh
store of each kind (``add_article`` + ``save_analysis``) and linked, each timed.

The two filled stores are compared table by table (articles, events, claims, canonical events,
reports, stories) to show that PostgreSQL holds what SQLite holds: equal values, embeddings equal
to float precision (their last bits vary between two SQLite runs as well). Both runs use one
PYTHONHASHSEED: the linker iterates some sets, so runs with different seeds differ in the key order
of JSON columns. The N articles are spread evenly over the corpus (all five sections). Results go
to ``benchmarks/results/store-N.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
sys.path.insert(0, str(ROOT))

RUN = """
import json, sys, time
import wirewatch
location, folder = sys.argv[1], sys.argv[2]
with wirewatch.open(location) as ww:
    ww.read("Warm-up: the pipeline is loaded before timing.")
    t = time.perf_counter()
    added = ww.add([folder])
    t_add = time.perf_counter() - t
    t = time.perf_counter()
    processed = ww.process(workers=1)
    t_process = time.perf_counter() - t
    print(json.dumps({"add_s": t_add, "process_s": t_process, "added": added.new,
                      "counts": ww.store.counts()}))
"""

# The store's own share: the analyses made above copied into a fresh store, then linked (no NLP).
STORE_ONLY = """
import json, sys, time
import wirewatch
from wirewatch.store import open_store
source, location = sys.argv[1], sys.argv[2]
with open_store(source) as src:
    ids = [r[0] for r in src.db.execute("SELECT id FROM articles ORDER BY added_at, rowid")]
    items = [(src.article(i), src.article_status(i), src.analysis(i)) for i in ids]
    pipelines = dict(src.db.execute("SELECT article_id, pipeline FROM analyses"))
with wirewatch.open(location) as ww:
    ww.link()  # encoder loaded before timing
    t = time.perf_counter()
    for article, status, _ in items:
        ww.store.add_article(article, duplicate_of=status["duplicate_of"], duplicate_kind=status["duplicate_kind"])
    t_add = time.perf_counter() - t
    t = time.perf_counter()
    for article, status, analysis in items:
        if article.id in pipelines:
            ww.store.save_analysis(analysis, pipelines[article.id].split(","))
    t_save = time.perf_counter() - t
    t = time.perf_counter()
    ww.link()
    t_link = time.perf_counter() - t
    print(json.dumps({"add_s": t_add, "save_s": t_save, "link_s": t_link, "analyses": len(pipelines),
                      "canonical_events": ww.store.db.execute("SELECT COUNT(*) FROM canonical_events").fetchone()[0]}))
"""


def pick(data: Path, limit: int) -> list[Path]:
    files = sorted(p for p in data.rglob("*.txt") if p.name != "README.TXT")
    step = max(1, len(files) // limit)
    return files[::step][:limit]


def fill(location: str, folder: str, code: str = RUN) -> dict[str, object]:
    # one hash seed for both runs: the linker iterates some sets, whose order follows the seed
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    out = subprocess.run([sys.executable, "-c", code, location, folder], capture_output=True, text=True,
                         check=False, env=env)
    if out.returncode != 0:
        raise SystemExit(f"run on {location} failed:\n{out.stderr[-3000:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def compare(sqlite_path: str, pg_url: str) -> dict[str, bool]:
    from wirewatch.store import open_store

    queries = {
        "articles": "SELECT id, status, duplicate_of FROM articles ORDER BY id",
        "events": "SELECT id, type, actors, recipients, time, place, evidence FROM events ORDER BY id",
        "claims": "SELECT id, source_actor, content, key, value FROM claims ORDER BY id",
        "canonical_events": "SELECT id, type, actors, time, times, places, corroboration, n_reports, story_id, "
                            "embedding FROM canonical_events ORDER BY id",
        "event_reports": "SELECT event_id, canonical_id, score FROM event_reports ORDER BY event_id",
        "stories": "SELECT id, title, actors, types, start, end, n_events, n_articles FROM stories ORDER BY id",
        "story_articles": "SELECT story_id, article_id FROM story_articles ORDER BY story_id, article_id",
    }
    same = {}
    with open_store(sqlite_path) as a, open_store(pg_url) as b:
        for name, sql in queries.items():
            rows_a = [tuple(r) for r in a.db.execute(sql)]
            rows_b = [tuple(r) for r in b.db.execute(sql)]
            same[name] = len(rows_a) == len(rows_b) and all(
                _same(x, y) for ra, rb in zip(rows_a, rows_b, strict=True) for x, y in zip(ra, rb, strict=True))
    return same


def _same(x: object, y: object) -> bool:
    """Equal; embeddings (float32 blobs) to float precision: the encoder's last bits vary from run to run,
    SQLite against SQLite too."""
    if isinstance(x, bytes | memoryview) and isinstance(y, bytes | memoryview):
        import numpy as np

        a, b = np.frombuffer(bytes(x), dtype=np.float32), np.frombuffer(bytes(y), dtype=np.float32)
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-4, atol=1e-5))
    return x == y


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench" / "bbc")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--pg-url", help="an empty PostgreSQL database to use instead of a throwaway server")
    parser.add_argument("--pg-url-copy", help="with --pg-url: a second empty database for the store-only copy")
    args = parser.parse_args()

    files = pick(args.data, args.limit)
    words = sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in files)
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i, f in enumerate(files):
            shutil.copy(f, folder / f"{i:04d}-{f.parent.name}-{f.name}")
        pg_url = args.pg_url
        if not pg_url:
            from tests.pg_server import Server

            server = Server(durable=True)
            pg_url = server.new_database("bench")
        try:
            sqlite_path = str(Path(tmp) / "bench.db")
            results: dict[str, dict[str, object]] = {}
            for name, location in (("sqlite", sqlite_path), ("postgresql", pg_url)):
                t = time.perf_counter()
                results[name] = fill(location, str(folder))
                results[name]["wall_s"] = time.perf_counter() - t
                print(name, json.dumps(results[name]), flush=True)
            same = compare(sqlite_path, pg_url)
            store_only: dict[str, dict[str, object]] = {}
            pg_copy = args.pg_url_copy or (server.new_database("copy") if server is not None else None)
            for name, location in (("sqlite", str(Path(tmp) / "copy.db")), ("postgresql", pg_copy)):
                if location is None:
                    continue
                store_only[name] = fill(sqlite_path, location, STORE_ONLY)
                print(name, "store only", json.dumps(store_only[name]), flush=True)
        finally:
            if server is not None:
                server.stop()

    report = {"articles": len(files), "words": words, "date": time.strftime("%Y-%m-%d"), "results": results,
              "identical": same, "store_only": store_only}
    for name, r in results.items():
        add_s, process_s = float(r["add_s"]), float(r["process_s"])  # type: ignore[arg-type]
        print(f"{name:10s} add {add_s:7.2f} s ({len(files) / add_s:7.1f} art/s)  process+link {process_s:7.2f} s "
              f"({len(files) / process_s:5.2f} art/s)  total {len(files) / (add_s + process_s):5.2f} art/s")
    print("identical tables:", same)
    for name, r in store_only.items():
        n, save_s, link_s = int(str(r["analyses"])), float(str(r["save_s"])), float(str(r["link_s"]))
        print(f"{name:10s} store only: add {float(str(r['add_s'])):.2f} s, save {n} analyses {save_s:.2f} s "
              f"({n / save_s:.1f}/s), link {link_s:.2f} s ({n / link_s:.1f} art/s)")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"store-{len(files)}.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print("written", out)


if __name__ == "__main__":
    main()
