"""ECB+ documents through the whole system: add, process, link, then each article's ``main_event``.

This is how an outside scorer sees wirewatch (issue 6): it stores the ECB+
documents, runs the real pipeline and the incremental linker over all topics
at once (nothing tells the system which topic a document belongs to), exports
the articles (:mod:`wirewatch.link.export`) and compares the canonical event of
each article's headline event against the gold (topic, sub-topic). A document
without any event is its own cluster, which costs recall, as it would for a
scorer.

ECB+ gives tokens, not text. The documents' own XML files are added, as a scorer
would add them: ``wirewatch add`` reads token XML (:mod:`wirewatch.ingest.tokenxml`)
and rebuilds each sentence with the spacing of ordinary prose, one line per sentence,
so a headline stays on a line of its own. A document not read from a file is written
out as such a text first. ECB+ carries no publication dates apart from those some
texts state, so most dates stay unanchored.

Analysing the 772 documents takes most of the time; linking takes seconds. With
``cache`` (or the environment variable ``WIREWATCH_ECBPLUS_CACHE``) naming a
file, the processed store is copied there before linking, and a later run with
the same documents and pipeline copies it back and runs only the linking::

    python -m wirewatch.eval.ecbplus_pipeline --data ../shared/bench/ecbplus --cache /tmp/ecb.db
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..app import open as open_ww
from ..ingest.tokenxml import sentences_text
from ..link.export import article_rows
from ..link.linker import link_store
from ..pipeline import Pipeline
from .ecbplus import Document, b_cubed, pairwise

__all__ = ["document_text", "pipeline_document_scores"]


def document_text(doc: Document) -> str:
    """The text ``wirewatch add`` reads from the document's token XML."""
    return sentences_text(doc.sentences)


def _own_file(doc: Document) -> Path | None:
    """The document's own XML file, when it was read from one in its topic's folder."""
    return doc.path if doc.path is not None and doc.path.parent.name == doc.topic else None


def _file_name(doc: Document) -> str:
    """The name of the file the document is added from: its own XML file, or a text file."""
    own = _own_file(doc)
    return own.name if own is not None else f"{doc.name}.txt"


def _fingerprint(docs: list[Document], names: object) -> str:
    """What a cached processed store must match: the documents and the pipeline's stages."""
    return json.dumps([len(docs), docs[0].name if docs else "", docs[-1].name if docs else "", names,
                       _file_name(docs[0]) if docs else ""], sort_keys=True, default=str)


def _cached(cache: Path | None, fingerprint: str) -> bool:
    if cache is None or not cache.exists():
        return False
    db = sqlite3.connect(cache)
    try:
        row = db.execute("SELECT value FROM ecbplus_cache WHERE name = 'fingerprint'").fetchone()
    except sqlite3.Error:
        row = None
    finally:
        db.close()
    return row is not None and row[0] == fingerprint


def _save_cache(path: Path, cache: Path, fingerprint: str) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(path), sqlite3.connect(cache)
    try:
        source.backup(target)
        target.execute("CREATE TABLE IF NOT EXISTS ecbplus_cache (name TEXT PRIMARY KEY, value TEXT)")
        target.execute("INSERT OR REPLACE INTO ecbplus_cache VALUES ('fingerprint', ?)", (fingerprint,))
        target.commit()
    finally:
        source.close()
        target.close()


def _quiet(items: Iterable[Any], total: int | None, desc: str) -> Iterable[Any]:
    return items


def _progress(items: Iterable[Any], total: int | None, desc: str) -> Iterator[Any]:
    for i, item in enumerate(items, 1):
        if i % 100 == 0:
            print(f"  ecbplus: {desc} {i}/{total}", flush=True)
        yield item


def pipeline_document_scores(docs: list[Document], progress: bool = False,
                             cache: Path | None = None, order_seed: int | None = None) -> dict[str, Any]:
    """B-cubed and pairwise P/R/F1 of ``main_event`` against (topic, sub-topic), over all topics.

    ``cache``: a file holding the processed (not yet linked) store of an earlier run; made when
    missing or stale, reused otherwise (only the linking runs again). ``order_seed``: add the
    documents in an order shuffled with this seed instead of the folder's (the linker is
    incremental, so the order can change its result; no cache is used then).
    """
    started = time.perf_counter()
    if cache is None and os.environ.get("WIREWATCH_ECBPLUS_CACHE"):
        cache = Path(os.environ["WIREWATCH_ECBPLUS_CACHE"])
    gold = {f"{doc.topic}/{_file_name(doc)}": f"{doc.topic}:{doc.subtopic}" for doc in docs}
    with tempfile.TemporaryDirectory() as tmp:
        path, folder = Path(tmp) / "ecbplus.db", Path(tmp) / "ecbplus"
        fingerprint = _fingerprint(docs, Pipeline.build(None).names)
        reused = order_seed is None and _cached(cache, fingerprint)
        if reused:
            assert cache is not None
            shutil.copyfile(cache, path)
        with open_ww(path) as ww:
            if not reused:
                # as a scorer would: `wirewatch add` on the documents' XML files, in the order a
                # walk of the corpus folder gives them (by path: topic 1, 10, 11, ..., 2, 20, ...),
                # then `process`
                inputs = []
                ordered = sorted(docs, key=lambda d: f"{d.topic}/{_file_name(d)}")
                if order_seed is not None:
                    random.Random(order_seed).shuffle(ordered)
                for doc in ordered:
                    own = _own_file(doc)
                    if own is not None:
                        inputs.append(str(own))
                        continue
                    target = folder / doc.topic / _file_name(doc)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(document_text(doc), encoding="utf-8")
                    inputs.append(str(target))
                ww.add(inputs)
                ww.process(link=False, progress=_progress if progress else _quiet)
                if cache is not None and order_seed is None:
                    _save_cache(path, cache, fingerprint)
            analysed = time.perf_counter()
            link_store(ww.store)
            rows = list(article_rows(ww.store))
    key: dict[str, str] = {}
    for r in rows:
        name = "/".join(Path(r["source"]).parts[-2:])
        if name in gold:
            key[r["id"]] = gold[name]
    rows = [r for r in rows if r["id"] in key]
    response = {r["id"]: r["main_event"] or f"none:{r['id']}" for r in rows}
    bp, br, bf = b_cubed(key, response)
    pp, pr, pf = pairwise(key, response)
    return {"b3_p": round(bp, 4), "b3_r": round(br, 4), "b3_f1": round(bf, 4),
            "pair_p": round(pp, 4), "pair_r": round(pr, 4), "pair_f1": round(pf, 4),
            "n_documents": len(key), "n_without_main_event": sum(1 for r in rows if not r["main_event"]),
            "n_without_event": sum(1 for r in rows if not r["events"]),
            "n_main_events": len({r["main_event"] for r in rows if r["main_event"]}),
            "seconds": round(time.perf_counter() - started, 1),
            "link_seconds": round(time.perf_counter() - analysed, 1)}


def main(argv: list[str] | None = None) -> None:
    """Score ``main_event`` alone (optionally reusing a cached processed store); print JSON."""
    from .ecbplus import read_corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--topics", help="comma-separated topics to keep (default: all)")
    args = parser.parse_args(argv)
    docs = read_corpus(args.data)
    if args.topics:
        keep = set(args.topics.split(","))
        docs = [d for d in docs if d.topic in keep]
    print(json.dumps(pipeline_document_scores(docs, progress=True, cache=args.cache)))


if __name__ == "__main__":
    main()
