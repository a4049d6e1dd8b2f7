"""The similarity that decides whether two reports describe one real-world event.

The same code links events in the store (:mod:`wirewatch.link.linker`) and
clusters ECB+ mentions in the evaluation (:mod:`wirewatch.eval.ecbplus`):

- a :class:`Report` is one per-article event (or one ECB+ action mention) with
  the features that discriminate: type, actor codes, hard time values, place,
  trigger lemma, and two embeddings (evidence sentence, trigger word);
- a :class:`Cluster` is a set of reports (a canonical event, or the reports of
  one happening inside one article) with the same features summed up;
- :func:`score` returns ``None`` when two clusters cannot be one event (other
  type, incompatible dates) and otherwise a number; clusters link when it
  reaches :data:`LINK_THRESHOLD`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..embed import Vector
from . import timex

#: Minimum score for a report to join an existing event. The score is a weighted
#: cosine (0-1) of evidence sentence and trigger word plus the bonuses and
#: penalties below. Chosen on ECB+ topics 1-35 (CoNLL F1 flat within 0.66-0.68
#: for 0.75-0.9); below it, sentences on one topic about different happenings
#: (about 0.5-0.7 with MiniLM) start to merge.
LINK_THRESHOLD = 0.78
#: Weight of the evidence-sentence cosine (the context of the happening).
CONTEXT_WEIGHT = 0.55
#: Weight of the trigger-word cosine ("test-fired" vs "launched"): on ECB+ the
#: trigger separates the happenings that one topic's sentences share.
TRIGGER_WEIGHT = 0.45
#: Bonus for agreeing on an event type (PLOVER): the type is evidence beyond the
#: words. Untyped reports (``type == ""``, e.g. ECB+ mentions) get none.
TYPE_MATCH_BONUS = 0.1
#: Bonus for sharing a trigger lemma: the same verb for the same happening is common.
TRIGGER_MATCH_BONUS = 0.08
#: Bonus scaled by actor overlap (overlap coefficient of actor codes).
ACTOR_WEIGHT = 0.12
#: Penalty when both sides name actors and none is shared: different actors,
#: most likely a different happening (the same kind of event elsewhere).
ACTOR_DISJOINT_PENALTY = 0.2
#: Penalty when both sides name who acted and no doer is shared (also catches a
#: reversed direction: aid from Russia to North Korea vs from North Korea to Russia).
AGENT_DISJOINT_PENALTY = 0.15
#: Penalty when both sides name people and none is shared: Shoigu's visit is not Putin's.
PERSON_DISJOINT_PENALTY = 0.15
#: Threshold for grouping the events of one article: higher than across articles,
#: because one article's sentences share its topic and read alike even when they
#: report different happenings (the test of March and an earlier cruise-missile test).
DOCUMENT_THRESHOLD = 0.8
#: Bonus when both sides give a day-precise date (compatible, hence the same day).
SAME_DAY_BONUS = 0.1
#: Bonus / penalty for a shared / different place name when both give one.
PLACE_BONUS = 0.05
PLACE_PENALTY = 0.1

#: The most the bonuses can add to the embedding part of a score (for pre-filtering).
MAX_BONUS = TYPE_MATCH_BONUS + TRIGGER_MATCH_BONUS + ACTOR_WEIGHT + SAME_DAY_BONUS + PLACE_BONUS

_WORD = re.compile(r"[a-z]+")


def lemma(word: str) -> str:
    """A crude, deterministic lemma for trigger matching ("test-fired" -> "testfire")."""
    w = "".join(_WORD.findall(word.casefold()))
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ying", "y"), ("ing", ""), ("ed", ""), ("es", ""),
                         ("s", ""), ("e", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiousl":
        w = w[:-1]  # doubled final consonant: "shipped" -> "shipp" -> "ship"
    return w


@dataclass
class Report:
    """One per-article event (one mention) with the features used to link it."""

    id: str
    doc: str
    type: str
    codes: frozenset[str] = frozenset()
    agents: frozenset[str] = frozenset()  # codes of the doers only
    times: tuple[str, ...] = ()          # hard time values (from the text), possibly partial
    place: str | None = None
    trigger: str = ""
    context: Vector | None = None
    trigger_vec: Vector | None = None
    sentence: str = ""                   # document + sentence key: two mentions of one sentence differ


@dataclass
class Cluster:
    """Reports grouped as one happening, with their summed features."""

    id: str
    type: str
    codes: Counter[str] = field(default_factory=Counter)
    agents: Counter[str] = field(default_factory=Counter)
    times: list[str] = field(default_factory=list)
    places: Counter[str] = field(default_factory=Counter)
    triggers: Counter[str] = field(default_factory=Counter)
    context_sum: Vector | None = None
    trigger_sum: Vector | None = None
    n: int = 0
    members: list[str] = field(default_factory=list)
    sentences: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, cid: str, report: Report) -> Cluster:
        c = cls(id=cid, type=report.type)
        c.add(report)
        return c

    def add(self, report: Report) -> None:
        self.codes.update(report.codes)
        self.agents.update(report.agents)
        for t in report.times:
            if t not in self.times:
                self.times.append(t)
        if report.place:
            self.places[norm_place(report.place)] += 1
        if report.trigger:
            self.triggers[report.trigger] += 1
        self.context_sum = _add(self.context_sum, report.context)
        self.trigger_sum = _add(self.trigger_sum, report.trigger_vec)
        self.n += 1
        self.members.append(report.id)
        if report.sentence:
            self.sentences.add(report.sentence)

    def merge(self, other: Cluster) -> None:
        """Absorb another cluster (used for the reports of one article)."""
        self.codes.update(other.codes)
        self.agents.update(other.agents)
        for t in other.times:
            if t not in self.times:
                self.times.append(t)
        self.places.update(other.places)
        self.triggers.update(other.triggers)
        self.context_sum = _add(self.context_sum, other.context_sum)
        self.trigger_sum = _add(self.trigger_sum, other.trigger_sum)
        self.n += other.n
        self.members.extend(other.members)
        self.sentences |= other.sentences


def _add(total: Vector | None, v: Vector | None) -> Vector | None:
    if v is None:
        return total
    if total is None:
        return v.astype(np.float32).copy()
    if total.shape != v.shape:
        return total
    return (total + v).astype(np.float32)


def norm_place(place: str) -> str:
    p = place.casefold().strip()
    return p[4:] if p.startswith("the ") else p


def _cos(a: Vector | None, b: Vector | None) -> float:
    if a is None or b is None or a.shape != b.shape:
        return 0.0
    # what np.linalg.norm computes for a vector (sqrt of its dot with itself), without its checks:
    # this runs for every candidate of every event group
    na, nb = float(np.sqrt(a.dot(a))), float(np.sqrt(b.dot(b)))
    if na == 0.0 or nb == 0.0:
        return 0.0
    return float(a @ b) / (na * nb)


def score(a: Cluster, b: Cluster) -> float | None:
    """How likely two clusters are one happening; ``None`` when they cannot be."""
    if a.type != b.type:
        return None
    if not timex.all_compatible(a.times, b.times):
        return None
    if a.sentences & b.sentences:
        return None  # one sentence reporting two events of one type reports two happenings
    total = TYPE_MATCH_BONUS if a.type else 0.0
    total += CONTEXT_WEIGHT * _cos(a.context_sum, b.context_sum)
    if a.trigger_sum is not None and b.trigger_sum is not None:
        total += TRIGGER_WEIGHT * _cos(a.trigger_sum, b.trigger_sum)
    else:
        total += TRIGGER_WEIGHT * _cos(a.context_sum, b.context_sum)  # no trigger vectors: context only
    if set(a.triggers) & set(b.triggers):
        total += TRIGGER_MATCH_BONUS
    if a.codes and b.codes:
        shared = len(set(a.codes) & set(b.codes))
        if shared == 0:
            total -= ACTOR_DISJOINT_PENALTY
        else:
            total += ACTOR_WEIGHT * shared / min(len(a.codes), len(b.codes))
    if a.agents and b.agents and not set(a.agents) & set(b.agents):
        total -= AGENT_DISJOINT_PENALTY
    people_a = {c for c in a.codes if c.startswith("person:")}
    people_b = {c for c in b.codes if c.startswith("person:")}
    if people_a and people_b and not people_a & people_b:
        total -= PERSON_DISJOINT_PENALTY
    if a.times and b.times:
        pa = max(timex.parse(t).precision for t in a.times)
        pb = max(timex.parse(t).precision for t in b.times)
        if pa >= 3 and pb >= 3:
            total += SAME_DAY_BONUS
    if a.places and b.places:
        total += PLACE_BONUS if set(a.places) & set(b.places) else -PLACE_PENALTY
    return total


def best_match(cluster: Cluster, candidates: Sequence[Cluster],
               threshold: float = LINK_THRESHOLD) -> tuple[Cluster | None, float]:
    """The candidate with the highest score at or above ``threshold`` (ties: the earliest)."""
    best: Cluster | None = None
    best_score = threshold
    for cand in candidates:
        s = score(cluster, cand)
        if s is not None and (s > best_score or (best is None and s >= threshold)):
            best, best_score = cand, s
    return best, (best_score if best is not None else 0.0)


def group_document(reports: Sequence[Report], threshold: float = DOCUMENT_THRESHOLD) -> list[Cluster]:
    """Group one document's reports of the same happening (headline, lead, later mentions).

    Reports with a hard date are placed first so that an undated mention joins
    the dated happening it most resembles, rather than founding a group that a
    dated mention of another month could then not join.
    """
    order = sorted(range(len(reports)), key=lambda i: (not reports[i].times, i))
    groups: list[Cluster] = []
    for i in order:
        r = reports[i]
        single = Cluster.of(r.id, r)
        match, _ = best_match(single, groups, threshold)
        if match is None:
            groups.append(single)
        else:
            match.add(r)
    return groups


class MemoryLinker:
    """Incremental cross-document linking in memory (the evaluation's linker).

    Documents are added one at a time; each one's reports are grouped, then
    every group joins the best existing cluster or founds a new one, exactly as
    the store linker does with candidates from its indexes. Here the candidates
    are every cluster of the same type whose embedding similarity leaves the
    threshold reachable (a vectorised pre-filter; the full score decides).
    """

    def __init__(self, threshold: float = LINK_THRESHOLD, document_threshold: float = DOCUMENT_THRESHOLD) -> None:
        self.threshold = threshold
        self.document_threshold = document_threshold
        self.clusters: list[Cluster] = []
        self.assignment: dict[str, int] = {}
        self._ctx: np.ndarray[Any, Any] | None = None
        self._trig: np.ndarray[Any, Any] | None = None

    def _row(self, index: int) -> None:
        c = self.clusters[index]
        for name, vec in (("_ctx", c.context_sum), ("_trig", c.trigger_sum)):
            if vec is None:
                continue
            mat = getattr(self, name)
            if mat is None:
                mat = np.zeros((64, vec.shape[0]), dtype=np.float32)
            if index >= mat.shape[0]:
                mat = np.vstack([mat, np.zeros_like(mat)])
            mat[index] = vec / max(float(np.linalg.norm(vec)), 1e-12)
            setattr(self, name, mat)

    def _prefilter(self, group: Cluster) -> list[Cluster]:
        n = len(self.clusters)
        if n == 0 or self._ctx is None or group.context_sum is None:
            return [c for c in self.clusters if c.type == group.type]
        g = group.context_sum / max(float(np.linalg.norm(group.context_sum)), 1e-12)
        reach = CONTEXT_WEIGHT * (self._ctx[:n] @ g)
        if self._trig is not None and group.trigger_sum is not None:
            t = group.trigger_sum / max(float(np.linalg.norm(group.trigger_sum)), 1e-12)
            reach = reach + TRIGGER_WEIGHT * (self._trig[:n] @ t)
        else:
            reach = reach / CONTEXT_WEIGHT
        reach = reach + MAX_BONUS
        return [self.clusters[i] for i in np.flatnonzero(reach >= self.threshold)
                if self.clusters[i].type == group.type]

    def add_document(self, reports: Sequence[Report]) -> None:
        for group in group_document(reports, self.document_threshold):
            match, _ = best_match(group, self._prefilter(group), self.threshold)
            if match is None:
                group.id = f"c{len(self.clusters)}"
                self.clusters.append(group)
                index = len(self.clusters) - 1
            else:
                match.merge(group)
                index = int(match.id[1:])
            self._row(index)
            for member in group.members:
                self.assignment[member] = index


def top(counts: Counter[str] | dict[str, float], n: int | None = None) -> list[str]:
    """The ``n`` keys with the highest counts, ties by key: unlike ``Counter.most_common``, which
    keeps ties in insertion order, the same counts give the same keys on every run."""
    ranked = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return ranked if n is None else ranked[:n]
