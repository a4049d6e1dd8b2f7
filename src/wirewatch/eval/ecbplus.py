"""ECB+ cross-document event coreference: ``wirewatch eval ecbplus --data DIR``.

What is scored (gold mentions, as the literature reports it):

- every annotated action mention (``ACTION_*`` and ``NEG_ACTION_*`` markables
  with tokens) becomes a :class:`~wirewatch.link.core.Report`: its sentence
  (context embedding), its words (trigger embedding and lemma), the
  participants and locations annotated in the same sentence (their last word,
  as actor codes and place). ECB+ gives no normalised dates, so no time;
- the gold chain of a mention is its ``CROSS_DOC_COREF`` instance, else its
  ``INTRA_DOC_COREF`` target, else itself (singletons are kept, as in
  Cybulska & Vossen 2015 and Barhom et al. 2019);
- wirewatch clusters the mentions with the store linker's own procedure
  (:class:`~wirewatch.link.core.MemoryLinker`: group each document's mentions,
  then link the groups across documents, one document at a time), within each
  gold topic, and also once over all topics together;
- baselines run in the same call: *lemma match* (mentions of a topic with the
  same trigger lemma are one event) and *TF-IDF*: average-link agglomerative
  clustering of the mentions' sentences by TF-IDF cosine, within topics, at
  each threshold of :data:`TFIDF_THRESHOLDS` (the baseline shown at its best).

Metrics (implemented here): MUC (Vilain et al. 1995), B-cubed (Bagga &
Baldwin 1998), CEAF-e (Luo 2005, entity-level phi4 with an optimal one-to-one
alignment, solved by the Hungarian method on each connected block of
overlapping clusters) and CoNLL F1, their mean.

Also document clustering (issue 6): each document's gold event is its
(topic, sub-topic) — ``N_Mecb.xml`` vs ``N_Mecbplus.xml``; documents are
clustered by the embedding of their opening sentences (average link), scored
with B-cubed and pairwise P/R/F1, over all topics, beside TF-IDF. And as
an outside scorer sees the system (``documents.pipeline_main_event``, see
:mod:`wirewatch.eval.ecbplus_pipeline`): the documents are added, processed
and linked, and each article's exported ``main_event`` is its cluster.

This folder holds topics 1-35 (the development part). Published figures
(CoNLL F1 about 0.80-0.86, Barhom et al. 2019, Cattan et al. 2021, Caciularu
et al. 2021) are on test topics 36-45 and use only the validated sentences
of the corpus; the figures here are not directly comparable.
"""

from __future__ import annotations

import math
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..embed import get_encoder, get_lead_encoder
from ..errors import EvalError
from ..link.core import MemoryLinker, Report, lemma

#: Cosine thresholds of the TF-IDF baseline: all are run and reported, so the
#: baseline is shown at its best rather than at one arbitrary value.
TFIDF_THRESHOLDS = (0.1, 0.2, 0.3, 0.5)
#: Sentences at the opening of a document used for document clustering (the lead).
LEAD_SENTENCES = 3
#: Cosine threshold of average-link document clustering with sentence embeddings.
DOC_THRESHOLD = 0.5
#: Words that are not participants' names (pronouns and the like).
_PRONOUNS = frozenset("he she it they him her them his its their we us i you who which that this".split())
_URL = re.compile(r"^https?\S*$|^www\.")

Clustering = dict[str, str]  # mention id -> cluster id


@dataclass
class Mention:
    id: str
    doc: str
    topic: str
    gold: str
    text: str
    sentence: str
    sentence_index: int = 0
    participants: frozenset[str] = frozenset()
    place: str | None = None


@dataclass
class Document:
    name: str
    topic: str
    subtopic: str
    sentences: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    #: The file read, when the document came from one.
    path: Path | None = None


def _is_action(tag: str) -> bool:
    return tag.startswith("ACTION_") or tag.startswith("NEG_ACTION_")


def read_document(path: Path, topic: str) -> Document:
    """One ECB+ file: its sentences and its action mentions with gold chains."""
    root = ET.parse(path).getroot()
    tokens: dict[str, tuple[int, str]] = {}
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for tok in root.iter("token"):
        sent = int(tok.get("sentence", "0"))
        tokens[tok.get("t_id", "")] = (sent, tok.text or "")
        by_sentence[sent].append(tok.text or "")
    name = path.name
    doc = Document(name=name, topic=topic, subtopic="ecbplus" if name.endswith("ecbplus.xml") else "ecb", path=path)
    doc.sentences = [" ".join(by_sentence[s]) for s in sorted(by_sentence)]
    markables = root.find("Markables")
    anchored: dict[str, tuple[str, list[str]]] = {}
    for m in markables if markables is not None else []:
        ids = [a.get("t_id", "") for a in m.findall("token_anchor")]
        if ids:
            anchored[m.get("m_id", "")] = (m.tag, ids)
    gold: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        target = rel.find("target")
        sources = [s.get("m_id", "") for s in rel.findall("source")]
        if rel.tag == "CROSS_DOC_COREF":
            for s in sources:
                gold[s] = rel.get("note", "") or f"{name}:{target.get('m_id') if target is not None else ''}"
        elif rel.tag == "INTRA_DOC_COREF" and target is not None:
            for s in sources:
                gold.setdefault(s, f"{name}:{target.get('m_id')}")
    participants: dict[int, set[str]] = defaultdict(set)
    places: dict[int, str] = {}
    for tag, ids in anchored.values():
        sent = tokens[ids[0]][0]
        words = [tokens[i][1] for i in ids if i in tokens]
        if tag.startswith("HUMAN_PART") or tag.startswith("NON_HUMAN_PART"):
            head = words[-1].casefold() if words else ""
            if head and head not in _PRONOUNS:
                participants[sent].add(head)
        elif tag.startswith("LOC_") and words:
            places.setdefault(sent, " ".join(words))
    for mid, (tag, ids) in anchored.items():
        if not _is_action(tag) or ids[0] not in tokens:
            continue
        sent = tokens[ids[0]][0]
        doc.mentions.append(Mention(
            id=f"{name}:{mid}", doc=name, topic=topic, gold=gold.get(mid, f"{name}:{mid}:single"),
            text=" ".join(tokens[i][1] for i in ids if i in tokens),
            sentence=" ".join(by_sentence[sent]), sentence_index=sent, participants=frozenset(participants[sent]),
            place=places.get(sent)))
    return doc


def read_corpus(data: Path) -> list[Document]:
    topics = sorted((p for p in data.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name))
    if not topics:
        raise EvalError(f"no ECB+ topic folders (1, 2, ...) in {data}")
    docs = []
    for folder in topics:
        for path in sorted(folder.glob("*.xml"), key=_doc_order):
            docs.append(read_document(path, folder.name))
    return docs


def _doc_order(path: Path) -> tuple[int, int, str]:
    m = re.match(r"(\d+)_(\d+)(ecbplus|ecb)\.xml$", path.name)
    return (int(m.group(1)), int(m.group(2)), m.group(3)) if m else (0, 0, path.name)


# -- metrics ------------------------------------------------------------------------------------

def _clusters(assign: Clustering) -> list[set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for mention, cluster in assign.items():
        out[cluster].add(mention)
    return list(out.values())


def muc(key: Clustering, response: Clustering) -> tuple[float, float, float]:
    def recall(k: Clustering, r: Clustering) -> float:
        num = den = 0
        for chain in _clusters(k):
            parts = {r.get(m, f"__single:{m}") for m in chain}
            num += len(chain) - len(parts)
            den += len(chain) - 1
        return num / den if den else 0.0

    rec, prec = recall(key, response), recall(response, key)
    return prec, rec, _f1(prec, rec)


def b_cubed(key: Clustering, response: Clustering) -> tuple[float, float, float]:
    key_sets = {id(c): c for c in _clusters(key)}
    resp_sets = {id(c): c for c in _clusters(response)}
    key_of = {m: c for c in key_sets.values() for m in c}
    resp_of = {m: c for c in resp_sets.values() for m in c}
    mentions = list(key_of)
    prec = sum(len(key_of[m] & resp_of[m]) / len(resp_of[m]) for m in mentions) / len(mentions)
    rec = sum(len(key_of[m] & resp_of[m]) / len(key_of[m]) for m in mentions) / len(mentions)
    return prec, rec, _f1(prec, rec)


def ceaf_e(key: Clustering, response: Clustering) -> tuple[float, float, float]:
    keys, resps = _clusters(key), _clusters(response)
    resp_of: dict[str, int] = {m: j for j, c in enumerate(resps) for m in c}
    # connected blocks of overlapping clusters: the optimal alignment decomposes over them
    parent = list(range(len(keys) + len(resps)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, c in enumerate(keys):
        for m in c:
            if m in resp_of:
                parent[find(i)] = find(len(keys) + resp_of[m])
    blocks: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(len(keys)):
        blocks[find(i)][0].append(i)
    for j in range(len(resps)):
        blocks[find(len(keys) + j)][1].append(j)
    total = 0.0
    for ki, rj in blocks.values():
        if not ki or not rj:
            continue
        sim = np.array([[2 * len(keys[i] & resps[j]) / (len(keys[i]) + len(resps[j])) for j in rj] for i in ki])
        total += float(sum(sim[i, j] for i, j in hungarian_max(sim)))
    prec, rec = total / len(resps), total / len(keys)
    return prec, rec, _f1(prec, rec)


def hungarian_max(weights: np.ndarray[Any, Any]) -> list[tuple[int, int]]:
    """A one-to-one assignment of rows to columns maximising the total weight (Kuhn-Munkres)."""
    n_rows, n_cols = weights.shape
    n = max(n_rows, n_cols)
    cost = np.zeros((n, n))
    cost[:n_rows, :n_cols] = -weights
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (n + 1)
    match_col = [0] * (n + 1)  # column j (1-based) -> row (1-based)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        match_col[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = match_col[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1, j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[match_col[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match_col[j0] == 0:
                break
        while True:
            j1 = way[j0]
            match_col[j0] = match_col[j1]
            j0 = j1
            if j0 == 0:
                break
    return [(match_col[j] - 1, j - 1) for j in range(1, n + 1)
            if match_col[j] and match_col[j] - 1 < n_rows and j - 1 < n_cols]


def pairwise(key: Clustering, response: Clustering) -> tuple[float, float, float]:
    def pairs(assign: Clustering) -> set[tuple[str, str]]:
        out = set()
        for c in _clusters(assign):
            items = sorted(c)
            out |= {(a, b) for i, a in enumerate(items) for b in items[i + 1:]}
        return out

    k, r = pairs(key), pairs(response)
    prec = len(k & r) / len(r) if r else 0.0
    rec = len(k & r) / len(k) if k else 0.0
    return prec, rec, _f1(prec, rec)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_all(key: Clustering, response: Clustering) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, fn in (("muc", muc), ("b3", b_cubed), ("ceafe", ceaf_e)):
        p, r, f = fn(key, response)
        out |= {f"{name}_p": round(p, 4), f"{name}_r": round(r, 4), f"{name}_f1": round(f, 4)}
    out["conll_f1"] = round((out["muc_f1"] + out["b3_f1"] + out["ceafe_f1"]) / 3, 4)
    return out


# -- systems ------------------------------------------------------------------------------------

def _embed_unique(texts: Iterable[str], encode: Callable[[Sequence[str]], np.ndarray[Any, Any]]
                  ) -> dict[str, np.ndarray[Any, Any]]:
    unique = sorted(set(texts))
    return dict(zip(unique, encode(unique), strict=True))


def embed_mentions(docs: list[Document]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Embeddings of the mentions' sentences and trigger words (each distinct text once)."""
    encoder = get_encoder()
    mentions = [m for d in docs for m in d.mentions]
    return (_embed_unique((m.sentence for m in mentions), encoder.encode),
            _embed_unique((m.text for m in mentions), encoder.encode))


def wirewatch_clusters(docs: list[Document], by_topic: bool = True,
                       vectors: tuple[dict[str, Any], dict[str, Any]] | None = None) -> Clustering:
    """The linker's clustering of the gold mentions (one linker per topic, or one for all)."""
    ctx, trig = vectors or embed_mentions(docs)
    linkers: dict[str, MemoryLinker] = {}
    out: Clustering = {}
    for doc in docs:
        scope = doc.topic if by_topic else "all"
        linker = linkers.setdefault(scope, MemoryLinker())
        reports = [Report(id=m.id, doc=m.doc, type="", codes=m.participants, place=m.place,
                          trigger=lemma(m.text.split()[0]), context=ctx[m.sentence], trigger_vec=trig[m.text],
                          sentence=f"{m.doc}:{m.sentence_index}")
                   for m in doc.mentions]
        linker.add_document(reports)
    for scope, linker in linkers.items():
        for mid, index in linker.assignment.items():
            out[mid] = f"{scope}:{index}"
    return out


def lemma_clusters(docs: list[Document]) -> Clustering:
    """Baseline: same topic and same trigger lemma -> same event."""
    return {m.id: f"{m.topic}:{lemma(m.text.split()[0])}" for d in docs for m in d.mentions}


def _tfidf(texts: list[str]) -> np.ndarray[Any, Any]:
    tokenised = [re.findall(r"[a-z0-9]+", t.casefold()) for t in texts]
    df: Counter[str] = Counter(w for toks in tokenised for w in set(toks))
    vocab = {w: i for i, w in enumerate(sorted(df))}
    n = len(texts)
    matrix = np.zeros((n, len(vocab)), dtype=np.float32)
    for row, toks in enumerate(tokenised):
        for w, c in Counter(toks).items():
            matrix[row, vocab[w]] = (1 + math.log(c)) * math.log((1 + n) / (1 + df[w]))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    out: np.ndarray[Any, Any] = matrix / np.maximum(norms, 1e-12)
    return out


def average_link(vectors: np.ndarray[Any, Any], threshold: float) -> list[int]:
    """Average-link agglomerative clustering on cosine, merging while the best pair is >= threshold."""
    n = len(vectors)
    labels = list(range(n))
    if n < 2:
        return labels
    sims = (vectors @ vectors.T).astype(np.float64)
    sizes = np.ones(n)
    sums = sims.copy()  # sums[a, b] = total similarity between clusters a and b
    active = np.ones(n, dtype=bool)
    np.fill_diagonal(sums, -np.inf)
    while True:
        avg = sums / np.outer(sizes, sizes)
        avg[~active, :] = -np.inf
        avg[:, ~active] = -np.inf
        a, b = (int(i) for i in np.unravel_index(int(np.argmax(avg)), avg.shape))
        if avg[a, b] < threshold:
            break
        sums[a, :] += sums[b, :]
        sums[:, a] += sums[:, b]
        sums[a, a] = -np.inf
        sizes[a] += sizes[b]
        active[b] = False
        labels = [a if lab == b else lab for lab in labels]
    return labels


def tfidf_clusters(docs: list[Document], threshold: float) -> Clustering:
    """Baseline: within each topic, average-link clustering of the mentions' sentences by TF-IDF cosine."""
    out: Clustering = {}
    by_topic: dict[str, list[Mention]] = defaultdict(list)
    for d in docs:
        by_topic[d.topic].extend(d.mentions)
    for topic, mentions in by_topic.items():
        labels = average_link(_tfidf([m.sentence for m in mentions]), threshold)
        out |= {m.id: f"{topic}:{lab}" for m, lab in zip(mentions, labels, strict=True)}
    return out


def _lead(doc: Document) -> str:
    sentences = [s for s in doc.sentences if not _URL.match(s.strip())]
    return " ".join(sentences[:LEAD_SENTENCES])


def document_scores(docs: list[Document]) -> dict[str, dict[str, float]]:
    """Documents clustered into real-world events, against gold (topic, sub-topic), over all topics."""
    key = {d.name: f"{d.topic}:{d.subtopic}" for d in docs}
    leads = [_lead(d) for d in docs]
    encoder = get_lead_encoder(get_encoder())
    out = {}
    runs = [("wirewatch", encoder.encode(leads), DOC_THRESHOLD)]
    runs += [(f"tfidf@{t}", _tfidf(leads), t) for t in TFIDF_THRESHOLDS]
    for name, vectors, threshold in runs:
        labels = average_link(np.asarray(vectors), threshold)
        response = {d.name: str(lab) for d, lab in zip(docs, labels, strict=True)}
        bp, br, bf = b_cubed(key, response)
        pp, pr, pf = pairwise(key, response)
        out[name] = {"b3_p": round(bp, 4), "b3_r": round(br, 4), "b3_f1": round(bf, 4),
                     "pair_p": round(pp, 4), "pair_r": round(pr, 4), "pair_f1": round(pf, 4)}
    return out


def run(data: Path, peers: bool = True, pipeline: bool = True, **_: Any) -> dict[str, Any]:
    """Score cross-document event coreference (and document clustering) on the ECB+ folder."""
    docs = read_corpus(data)
    key = {m.id: m.gold for d in docs for m in d.mentions}
    if not key:
        raise EvalError(f"no action mentions found under {data}")
    started = time.perf_counter()
    vectors = embed_mentions(docs)
    ours = wirewatch_clusters(docs, by_topic=True, vectors=vectors)
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "encoder": get_encoder().name,
        "n_documents": len(docs), "n_topics": len({d.topic for d in docs}), "n_mentions": len(key),
        "n_gold_chains": len(set(key.values())),
        "wirewatch": score_all(key, ours),
        "seconds": round(seconds, 1),
        "note": "ECB+ topics in this folder (dev); published SOTA (CoNLL F1 ~0.80-0.86) is on test topics 36-45",
    }
    result["wirewatch_no_topics"] = score_all(key, wirewatch_clusters(docs, by_topic=False, vectors=vectors))
    result["documents"] = document_scores(docs)
    if pipeline:
        from .ecbplus_pipeline import pipeline_document_scores

        result["documents"]["pipeline_main_event"] = pipeline_document_scores(docs)
    if peers:
        result["lemma_baseline"] = score_all(key, lemma_clusters(docs))
        for threshold in TFIDF_THRESHOLDS:
            result[f"tfidf_baseline@{threshold}"] = score_all(key, tfidf_clusters(docs, threshold))
    return result
