"""ECB+ documents through the whole system: add, process, link, then each article's ``main_event``.

This is how an outside scorer sees wirewatch (issue 6): it stores the ECB+
documents, runs the real pipeline and the incremental linker over all topics
at once (nothing tells the system which topic a document belongs to), exports
the articles (:mod:`wirewatch.link.export`) and compares the canonical event of
each article's headline event against the gold (topic, sub-topic). A document
without any event is its own cluster, which costs recall, as it would for a
scorer.

ECB+ gives tokens, not text: sentences are rebuilt with the spacing of
ordinary prose (no space before closing punctuation or clitics), one line per
sentence, so a headline stays on a line of its own. ECB+ carries no
publication dates, so every date stays unanchored.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path
from typing import Any

from ..link.export import article_rows
from ..link.linker import link_store
from ..model import Article
from ..pipeline import Pipeline
from ..store import open_store
from .ecbplus import Document, b_cubed, pairwise

_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b|'\s)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_QUOTES = re.compile(r'" (.*?) "')


def detokenise(sentence: str) -> str:
    """ECB+ tokens joined back into prose spacing."""
    text = _NO_SPACE_BEFORE.sub(r"\1", sentence)
    text = _NO_SPACE_AFTER.sub(r"\1", text)
    return _QUOTES.sub(r'"\1"', text)


def document_text(doc: Document) -> str:
    return "\n".join(detokenise(s) for s in doc.sentences if s.strip()) + "\n"


def pipeline_document_scores(docs: list[Document], progress: bool = False) -> dict[str, Any]:
    """B-cubed and pairwise P/R/F1 of ``main_event`` against (topic, sub-topic), over all topics."""
    started = time.perf_counter()
    key: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "ecbplus.db")
        pipeline = Pipeline.build(None)
        articles = []
        for doc in docs:
            article = Article(text=document_text(doc), source=f"ecbplus/{doc.topic}/{doc.name}")
            if store.add_article(article):
                articles.append(article)
            key[article.id] = f"{doc.topic}:{doc.subtopic}"
        for i, analysis in enumerate(pipeline.analyse_many(articles), 1):
            store.save_analysis(analysis, pipeline.names)
            if progress and i % 100 == 0:
                print(f"  ecbplus: processed {i}/{len(articles)}", flush=True)
        link_store(store)
        rows = list(article_rows(store))
        store.close()
    response = {r["id"]: r["main_event"] or f"none:{r['id']}" for r in rows}
    bp, br, bf = b_cubed(key, response)
    pp, pr, pf = pairwise(key, response)
    return {"b3_p": round(bp, 4), "b3_r": round(br, 4), "b3_f1": round(bf, 4),
            "pair_p": round(pp, 4), "pair_r": round(pr, 4), "pair_f1": round(pf, 4),
            "n_documents": len(key), "n_without_event": sum(1 for r in rows if not r["main_event"]),
            "n_canonical_main_events": len({r["main_event"] for r in rows if r["main_event"]}),
            "seconds": round(time.perf_counter() - started, 1)}
