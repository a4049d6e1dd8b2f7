"""Giveme5W1H gold standard: who, what, when and where of each article from its main event.

Each article (title, lead, text; published date) is read by the full pipeline; the main event
(``events.main_event``: the most confident event of the earliest sentences) gives:

- who: the subject phrase of the event's clause (else the names of its actors);
- what: the trigger with its objects (the clause without its subject);
- when: the time expression the event's time came from (else the first one of the lead);
- where: the event's place (else the first place name of the lead).

An article without events falls back to its first named entity, its title, its first time
expression and its first place. Each answer is scored by token-overlap F1 against the best
matching gold phrase (case-folded word tokens), averaged over the articles with gold phrases for
that question. Giveme5W1H's published figures (precision 0.73 overall, 0.82 on who/what/when/
where, 120 articles) were judged by humans on a relevance scale: they are reported beside ours
for orientation, not as a like-for-like comparison.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..model import Analysis, Article, Event

QUESTIONS = ("who", "what", "when", "where")

#: Giveme5W1H's published precision (Hamborg et al. 2019), human-judged.
PUBLISHED = {"overall": 0.73, "who_what_when_where": 0.82}

#: Words of a "what" answer at most (gold phrases are short: "tram crash", "avoid serious accident").
MAX_WHAT_WORDS = 12

_WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return [t.casefold() for t in _WORD.findall(text)]


def overlap_f1(answer: str, gold: str) -> float:
    a, g = tokens(answer), tokens(gold)
    if not a or not g:
        return 0.0
    remaining = list(g)
    common = 0
    for tok in a:
        if tok in remaining:
            remaining.remove(tok)
            common += 1
    if not common:
        return 0.0
    p, r = common / len(a), common / len(g)
    return 2 * p * r / (p + r)


def load(folder: Path) -> list[dict[str, Any]]:
    files = sorted(folder.glob("*.json"))
    if not files:
        raise EvalError(f"no Giveme5W1H .json files under {folder}")
    return [json.loads(p.read_text(encoding="utf-8")) for p in files]


def article_of(record: dict[str, Any]) -> Article:
    parts = [record.get("title") or "", record.get("description") or "", record.get("text") or ""]
    text = "\n".join(p.strip() for p in parts if p and p.strip())
    published = (record.get("date_publish") or "")[:10] or None
    return Article(text=text, title=record.get("title"), published=published)


def _analyse(pipeline: Any, article: Article) -> Analysis:
    """Run the stages one by one, keeping the spaCy Doc (the pipeline drops it at the end)."""
    analysis = Analysis(article=article)
    for stage in pipeline.stages:
        try:
            stage(analysis)
        except Exception as exc:  # recorded like the pipeline does; the article is still scored
            analysis.failures.append((stage.name, f"{type(exc).__name__}: {exc}"))
    return analysis


def answers(analysis: Analysis) -> dict[str, str]:
    """who/what/when/where strings for an analysed article (empty string: no answer)."""
    from ..nlp.events import main_event

    event = main_event(analysis)
    lead_end = analysis.sentences[min(2, len(analysis.sentences) - 1)].end if analysis.sentences else 0
    first_time = next((t.text for t in analysis.times if t.start < lead_end and t.type in ("DATE", "TIME")
                       and _calendar(t.value)), "")
    first_place = next((m.text for m in analysis.entities if m.label in ("GPE", "LOC", "FAC") and m.start < lead_end),
                       "")
    if event is None:
        first_name = next((m.text for m in analysis.entities if m.label in ("PERSON", "ORG", "NORP")), "")
        return {"who": first_name, "what": analysis.article.title or "", "when": first_time, "where": first_place}
    who, what = _clause_phrases(analysis, event)
    when = next((t.text for t in analysis.times if t.value == event.time
                 and event.evidence.start <= t.start < event.evidence.end), "") if event.time else ""
    if not who:
        who = next((m.text for m in analysis.entities
                    if m.label in ("PERSON", "ORG", "NORP") and m.start < lead_end), "")
    return {"who": who, "what": what, "when": when or first_time, "where": event.place or first_place}


def _calendar(value: str | None) -> bool:
    """A calendar value ("2016-11-12", "XXXX-03-21"), not a reference like PRESENT_REF."""
    return bool(value) and (value or "")[:1] in "0123456789X" and not (value or "").endswith("_REF")


def _clause_phrases(analysis: Analysis, event: Event) -> tuple[str, str]:
    doc = analysis.nlp
    names = " and ".join(analysis.actors[a].name if a in analysis.actors else a for a in event.actors)
    if doc is None:
        return names, event.trigger.text
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return names, event.trigger.text
    trigger = span.root
    verb = trigger
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    who = names
    if subjects and subjects[0].pos_ != "PRON":
        who = doc[subjects[0].left_edge.i: subjects[0].right_edge.i + 1].text
    skip = ("nsubj", "nsubjpass", "advcl", "relcl", "parataxis", "punct", "cc", "conj")
    words = [t for t in trigger.subtree if not ((t.dep_ in skip and t.head.i == trigger.i) or any(
        a.dep_ in skip and a.head.i == trigger.i for a in t.ancestors)) and not t.is_space]
    words = [t for t in words if t.i >= trigger.i and not t.is_punct][:MAX_WHAT_WORDS]
    what = " ".join(t.text for t in words) or event.trigger.text
    return who, what


def run(data: Path, peers: bool = True, **_: Any) -> dict[str, Any]:
    from ..pipeline import Pipeline

    records = load(data)
    pipeline = Pipeline.build()
    scores: dict[str, list[float]] = {q: [] for q in QUESTIONS}
    answered = {q: 0 for q in QUESTIONS}
    examples: list[dict[str, Any]] = []
    for record in records:
        analysis = _analyse(pipeline, article_of(record))
        got = answers(analysis)
        for q in QUESTIONS:
            gold = [a["text"] for a in record["fiveWoneH"].get(q, {}).get("annotated", []) if a.get("text")]
            if not gold:
                continue
            answered[q] += bool(got[q])
            scores[q].append(max(overlap_f1(got[q], g) for g in gold))
        if len(examples) < 3:
            examples.append({"title": record.get("title"), **got})
    per_question = {q: round(sum(v) / len(v), 3) if v else 0.0 for q, v in scores.items()}
    return {
        "n": len(records),
        **{f"{q}_f1": per_question[q] for q in QUESTIONS},
        "mean_f1": round(sum(per_question.values()) / len(QUESTIONS), 3),
        "answered": {q: round(answered[q] / len(scores[q]), 3) if scores[q] else 0.0 for q in QUESTIONS},
        "examples": examples,
        "published_giveme5w1h_precision": PUBLISHED,
        "note": "ours: token-overlap F1 with the best gold phrase; Giveme5W1H: human-judged precision "
                "(not directly comparable)",
    }
