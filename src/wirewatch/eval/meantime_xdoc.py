"""MEANTIME cross-document event coreference (part of ``wirewatch eval meantime``).

Read from the corpus-level annotation (``intra_cross-doc_annotation/corpus_*``, CAT XML), scored
exactly as the ECB+ suite scores its gold mentions (:mod:`wirewatch.eval.ecbplus`):

- every ``EVENT_MENTION`` with tokens becomes a :class:`~wirewatch.eval.ecbplus.Mention`: its
  sentence, its words, the heads of the entity mentions it has as participants
  (``HAS_PARTICIPANT`` to an ``ENTITY_MENTION``, pronouns left out; a mention with none gets the
  heads of the entity mentions of its sentence), and as place the words of its ``Argm-LOC``
  participant, if any. The topic of a document is its corpus (apple, gm, stock);
- the gold chain of a mention is the cross-document ``EVENT`` instance (an ``EVENT`` with an
  ``instance_id``) it ``REFERS_TO``; else the document-level ``EVENT`` it refers to (MEANTIME's
  intra-document coreference, as ECB+'s ``INTRA_DOC_COREF`` is used there); else itself;
- wirewatch clusters the mentions with the store linker's procedure within each corpus
  (:func:`~wirewatch.eval.ecbplus.wirewatch_clusters`), beside the lemma and TF-IDF baselines,
  scored with MUC, B-cubed, CEAF-e and CoNLL F1. Two more baselines frame the figure: every
  mention alone (*singletons*: most MEANTIME chains are single mentions, so B-cubed and CEAF-e
  are high for it) and *lemma in document* (same trigger lemma within one article; no
  cross-document link at all);
- the cross-document links alone are also scored: precision, recall and F1 of the pairs of
  mentions from two different documents placed in one cluster (``xdoc_pair_*``).

MEANTIME annotates only the opening sentences of each article (title, date line and a few more),
so every mention comes from that part. No published figure uses this exact setting (the
NewsReader papers score their own pipeline's predicted mentions).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..link.core import lemma
from .ecbplus import (
    TFIDF_THRESHOLDS,
    Clustering,
    Document,
    Mention,
    embed_mentions,
    lemma_clusters,
    score_all,
    tfidf_clusters,
    wirewatch_clusters,
)

#: The folder of the corpus-level annotation inside the MEANTIME folder.
CROSS_DOC_FOLDER = "intra_cross-doc_annotation"
#: Words that do not name a participant.
_PRONOUNS = frozenset("he she it they him her them his its their we us i you who which that this".split())


def cross_doc_folder(data: Path) -> Path | None:
    """The corpus-level annotation under ``data`` (or ``data`` itself), None when there is none."""
    for folder in (data / CROSS_DOC_FOLDER, data):
        if folder.name == CROSS_DOC_FOLDER and folder.is_dir():
            return folder
    return None


def parse_document(root: ET.Element, name: str, topic: str) -> Document:
    """One CAT document (its parsed root): sentences and event mentions with gold chains."""
    words: dict[str, tuple[int, str]] = {}
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for tok in root.iter("token"):
        sent = int(tok.get("sentence", "0"))
        words[tok.get("t_id", "")] = (sent, tok.text or "")
        by_sentence[sent].append(tok.text or "")
    doc = Document(name=name, topic=topic, subtopic=topic)
    doc.sentences = [" ".join(by_sentence[s]) for s in sorted(by_sentence)]
    markables = root.find("Markables")
    relations = root.find("Relations")
    children = list(markables) if markables is not None else []
    anchors: dict[str, list[str]] = {}
    heads: dict[str, str] = {}
    for m in children:
        ids = [a.get("t_id", "") for a in m.findall("token_anchor") if a.get("t_id", "") in words]
        if ids:
            anchors[m.get("m_id", "")] = ids
        if m.tag == "ENTITY_MENTION" and ids:
            head = (m.get("head") or "").strip() or words[ids[-1]][1]
            if head.casefold() not in _PRONOUNS:
                heads[m.get("m_id", "")] = head.casefold()
    instances = {m.get("m_id", ""): m.get("instance_id") or "" for m in children if m.tag == "EVENT"}
    targets: dict[str, list[str]] = defaultdict(list)
    participants: dict[str, set[str]] = defaultdict(set)
    places: dict[str, str] = {}
    for rel in list(relations) if relations is not None else []:
        target = rel.find("target")
        if target is None:
            continue
        tid = target.get("m_id", "")
        sources = [s.get("m_id", "") for s in rel.findall("source")]
        if rel.tag == "REFERS_TO" and tid in instances:
            for s in sources:
                targets[s].append(tid)
        elif rel.tag == "HAS_PARTICIPANT":
            for s in sources:
                if rel.get("sem_role", "").casefold() == "argm-loc" and tid in anchors:
                    places.setdefault(s, " ".join(words[i][1] for i in anchors[tid]))
                elif tid in heads:
                    participants[s].add(heads[tid])
    in_sentence: dict[int, set[str]] = defaultdict(set)
    for mid, head in heads.items():
        in_sentence[words[anchors[mid][0]][0]].add(head)
    for m in children:
        mid = m.get("m_id", "")
        if m.tag != "EVENT_MENTION" or mid not in anchors:
            continue
        ids = anchors[mid]
        sent = words[ids[0]][0]
        doc.mentions.append(Mention(
            id=f"{name}:{mid}", doc=name, topic=topic, gold=_gold(name, mid, targets[mid], instances),
            text=" ".join(words[i][1] for i in ids), sentence=" ".join(by_sentence[sent]), sentence_index=sent,
            participants=frozenset(participants[mid] or in_sentence[sent]), place=places.get(mid)))
    return doc


def _gold(name: str, mid: str, targets: list[str], instances: dict[str, str]) -> str:
    """The cross-document instance, else the document-level event, else the mention itself."""
    cross = sorted(instances[t] for t in targets if instances[t])
    if cross:
        return cross[0]
    if targets:
        return f"{name}:{targets[0]}"
    return f"{name}:{mid}:single"


def read_corpora(folder: Path) -> list[Document]:
    """Every ``corpus_*`` folder's documents, each corpus in the order of its document ids."""
    corpora = sorted(p for p in folder.iterdir() if p.is_dir() and p.name.startswith("corpus_"))
    if not corpora:
        raise EvalError(f"no corpus_* folders in {folder}")
    docs: list[Document] = []
    for corpus in corpora:
        topic = corpus.name.removeprefix("corpus_")
        parsed = []
        for path in corpus.glob("*.xml"):
            try:
                root = ET.parse(path).getroot()
            except ET.ParseError as exc:
                raise EvalError(f"{path} is not well-formed XML: {exc}") from exc
            doc_id = root.get("doc_id", "")
            parsed.append(((int(doc_id) if doc_id.isdigit() else 0, path.name), root, path.stem))
        for _, root, name in sorted(parsed, key=lambda item: item[0]):
            docs.append(parse_document(root, name, topic))
    return docs


def lemma_in_document_clusters(docs: list[Document]) -> Clustering:
    """Baseline: mentions of one document with the same trigger lemma are one event (no cross-document links)."""
    return {m.id: f"{d.name}:{lemma(m.text.split()[0])}" for d in docs for m in d.mentions}


def cross_document_pairs(assign: Clustering, doc_of: dict[str, str]) -> set[tuple[str, str]]:
    """The pairs of mentions put in one cluster that come from two different documents."""
    clusters: dict[str, list[str]] = defaultdict(list)
    for mention, cluster in assign.items():
        clusters[cluster].append(mention)
    out: set[tuple[str, str]] = set()
    for members in clusters.values():
        items = sorted(members)
        out |= {(a, b) for i, a in enumerate(items) for b in items[i + 1:] if doc_of[a] != doc_of[b]}
    return out


def cross_document_scores(key: Clustering, response: Clustering, doc_of: dict[str, str]) -> dict[str, float]:
    """Precision, recall and F1 of the cross-document links alone (mention pairs from two documents)."""
    gold, found = cross_document_pairs(key, doc_of), cross_document_pairs(response, doc_of)
    p = len(gold & found) / len(found) if found else 0.0
    r = len(gold & found) / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"xdoc_pair_p": round(p, 4), "xdoc_pair_r": round(r, 4), "xdoc_pair_f1": round(f, 4)}


def _documents_of_chains(docs: list[Document]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for m in d.mentions:
            out[m.gold].add(d.name)
    return out


def run(data: Path, peers: bool = True) -> dict[str, Any]:
    """Score the linker on MEANTIME's cross-document event coreference (gold mentions)."""
    folder = cross_doc_folder(data)
    if folder is None:
        raise EvalError(f"no {CROSS_DOC_FOLDER} folder in {data}")
    docs = read_corpora(folder)
    key = {m.id: m.gold for d in docs for m in d.mentions}
    if not key:
        raise EvalError(f"no event mentions found under {folder}")
    ours = wirewatch_clusters(docs, by_topic=True, vectors=embed_mentions(docs))
    doc_of = {m.id: d.name for d in docs for m in d.mentions}
    result: dict[str, Any] = {
        "n_documents": len(docs), "n_topics": len({d.topic for d in docs}), "n_mentions": len(key),
        "n_gold_chains": len(set(key.values())),
        "n_cross_document_chains": sum(len(d) > 1 for d in _documents_of_chains(docs).values()),
        "n_cross_document_pairs": len(cross_document_pairs(key, doc_of)),
        "wirewatch": score_all(key, ours) | cross_document_scores(key, ours, doc_of),
    }
    if peers:
        result["singleton_baseline"] = score_all(key, {m: m for m in key})
        result["lemma_baseline"] = score_all(key, lemma_clusters(docs))
        result["lemma_in_document_baseline"] = score_all(key, lemma_in_document_clusters(docs))
        for threshold in TFIDF_THRESHOLDS:
            result[f"tfidf_baseline@{threshold}"] = score_all(key, tfidf_clusters(docs, threshold))
    return result
