"""PLOVER events from dependency-parse rules over a curated trigger lexicon.

For every sentence, each token that matches the lexicon (``events_lexicon``) as a verb, a noun or
a clause-heading adjective becomes a candidate event; its arguments come from the parse:

- actor: the subject of the trigger's clause (passive: the ``by`` agent; infinitives and
  conjoined verbs inherit the subject of their head; "accused X of sending" makes X the sender;
  pronouns go to a recent actor); for nouns, the owner or modifier ("Russia's invasion",
  "Israeli strikes"), the ``by`` phrase, or the subject of a light verb ("held talks");
- recipients: the direct object and the objects of ``to/with/against/...``;
- place: a place mention in an ``in/at`` phrase; for a visit, the host is the place's country;
- time: a time expression of the clause (``analysis.times``), else of the reporting clause, else
  the publication date when the clause is present perfect ("has agreed"), said so in
  ``time_basis`` (a clock time alone, "at 06:00", takes its day from publication: basis
  ``published`` too);
- modality: negated > hypothetical > planned > reported > asserted, from auxiliaries, governing
  verbs ("is scheduled to", "agreed to"), conditions and reporting verbs;
- type recoding per the manual: future cooperation (CONSULT, SUPPORT, COOPERATE, AID) is AGREE,
  a future RETREAT is CONCEDE, a conditional future hostile act ("will withdraw ... unless") is
  THREATEN.

Nouns absorbed by a trigger verb ("agreed upon a pact", "rejected calls") are not separate
events; matches used in a sense that reports no act ("insisted the targets would be met",
"offer broadband", "spoke out about the war") are dropped by ``events_sense``. See
docs/events.md for the design and its known failure modes, docs/events-precision.md for how
precision on real news is judged.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from ..model import Analysis, Event, Span
from . import gazetteer
from .events_args import (
    CONDITION_MARKS,
    FUTURE_AUX,
    FUTURE_WORDS,
    HYPOTHETICAL_WORDS,
    LIGHT_VERBS,
    NEGATING_HEADS,
    NEGATION_WORDS,
    PERSONAL_PRONOUNS,
    PLACE_PREPS,
    PLURAL_PRONOUNS,
    RECIPIENT_PREPS,
    REPORTING,
    SINGULAR_PRONOUNS,
    ActorIndex,
    base,
    mention_place,
    restricted_subtree,
    source_of,
)
from .events_lexicon import Lexicon, Trigger, load, token_pos
from .events_sense import (
    NAMED_BY_PLACE,
    aid_without_beneficiary,
    cause_phrase,
    not_an_act,
    obligation_not_demand,
    topic_noun,
    verbal_attack,
)

#: Prepositions through which a trigger verb absorbs an event noun ("agreed upon a pact").
ABSORBING_PREPS = frozenset({"upon", "on", "to", "for", "of", "with", "about", "over", "in"})

#: Types that a planned (future) mention turns into AGREE, per the manual's AGREE definition.
FUTURE_TO_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})

#: Hostile types that, planned under a condition ("unless", "if"), are threats.
CONDITIONAL_THREATS = frozenset({"SANCTION", "COERCE", "ASSAULT", "RETREAT", "MOBILIZE", "REJECT", "AID"})

#: Hostile types that, announced for the future ("will impose sanctions", "plans to boycott"), are threats.
HOSTILE = frozenset({"SANCTION", "COERCE", "ASSAULT", "PROTEST"})

#: REQUEST/REJECT modes (shared, per the manual) from words of the object.
REQUEST_MODES = (
    ("meet", frozenset({"talk", "talks", "negotiation", "negotiations", "negotiate", "meeting", "dialogue",
                        "summit", "meet", "visit"})),
    ("yield", frozenset({"release", "ceasefire", "cease-fire", "truce", "sanction", "sanctions", "curfew",
                         "boycott", "withdraw", "withdrawal", "free"})),
    ("assist", frozenset({"aid", "assistance", "help", "relation", "relations", "trade", "support", "supply"})),
    ("change", frozenset({"resign", "resignation", "reform", "change", "election", "elections", "policy",
                          "constitution", "constitutional", "referendum", "independence"})),
)

#: Sentences that make an article's lead (title, dateline sentence, first paragraph).
LEAD_SENTENCES = 3

#: Confidence of a verb, adjective and noun trigger before adjustments (nouns are the vaguer signal).
BASE_CONFIDENCE = {"V": 0.8, "A": 0.7, "N": 0.6}

#: Confidence lost per level a trigger sits below the sentence's main (non-reporting) verb: more
#: than a cue's bonus, so that "refused to deploy" is first a REJECT.
DEPTH_PENALTY = 0.12

#: Confidence lost by a trigger that another trigger governs: the governing one is the event told.
GOVERNED_PENALTY = 0.15

#: Bonus of a trigger whose lexicon cues matched (a more specific reading).
CUE_BONUS = 0.05


#: Entity types whose words are never triggers ("On March 21", "the Freedom Party").
NOT_TRIGGER_ENTS = frozenset({"DATE", "TIME", "PERSON", "GPE", "NORP", "ORG", "MONEY", "CARDINAL", "ORDINAL",
                              "PERCENT", "QUANTITY"})

#: Types whose passive subject (without a "by" agent) is the actor's own forces or goods:
#: "10,000 North Korean soldiers were dispatched to Russia" is North Korea's AID.
THEME_TYPES = frozenset({"AID", "MOBILIZE", "RETREAT"})

#: Types whose noun trigger names its actor in an "of" phrase ("the arrival of Russia's security
#: chief", "the withdrawal of Serbian forces"); for the others it is the patient ("invasion of Ukraine").
OF_AGENT_TYPES = frozenset({"CONSULT", "RETREAT", "MOBILIZE"})

#: Types to which an "against" phrase gives a recipient (hostile acts); for the others it is context.
AGAINST_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
                           "REQUEST"})

#: RETREAT modes whose passive subject is the actor's own: "troops were withdrawn", "militias were
#: disarmed"; whereas "prisoners were released" by someone else.
THEME_MODES = frozenset({"withdraw", "disarm"})

#: Types of a governing verb whose infinitive complement is only the content of the act: "threatened
#: to sue" (the manual: the mode of a THREATEN is its content; the suit has not happened). Not
#: REQUEST: PLOVER's gold codes what is urged ("urged the EC to support the PLO" is SUPPORT).
CONTENT_GOVERNORS = frozenset({"THREATEN"})

#: Modal verbs that, in reported speech, make a demand ("China must drop barriers").
OBLIGATION = frozenset({"must", "should"})

#: The lexicon row of a reported obligation.
MUST_REQUEST = Trigger(phrase="must", pos="A", type="REQUEST", mode=None, cues=frozenset())


@dataclass
class Candidate:
    """A trigger token with its lexicon row, before its arguments are found."""

    token: Any
    row: Trigger
    phrase_end: Any
    light: Any = None  # the light verb carrying a noun trigger, if any
    governed: bool = False  # another trigger governs this one ("refused to deploy", "demanded that ... release")


class EventStage:
    """Finds PLOVER events in each sentence (see the module docstring for the rules)."""

    name = "events"
    requires: tuple[str, ...] = ("nlp", "sentences", "entities", "actors", "times")
    provides: tuple[str, ...] = ("events",)

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load()

    def __call__(self, analysis: Analysis) -> None:
        doc = analysis.nlp
        if doc is None:
            raise ValueError("events stage needs the spaCy Doc in analysis.nlp (run the spacy stage first)")
        index = ActorIndex.build(analysis)
        events: list[Event] = []
        history: list[Event] = []
        for sent in (seg for s in doc.sents for seg in _segments(s)):
            found = self._sentence(analysis, index, sent, history)
            events.extend(found)
            history.extend(found)
        for actor_id, actor in index.extra.items():
            analysis.actors.setdefault(actor_id, actor)
        analysis.events = events

    # -- candidates ---------------------------------------------------------------------------

    def _candidates(self, sent: Any) -> list[Candidate]:
        out = []
        for token in sent:
            pos = token_pos(token)
            if pos is None or token.ent_type_ in NOT_TRIGGER_ENTS or (pos == "N" and token.dep_ == "compound"):
                continue  # names, dates, and nouns modifying another noun ("war games", "war crimes court")
            row = self._match(token, pos)
            if row is None and pos == "N" and token.text.lower().endswith("ing"):
                row = self._match(token, "V")
            if row is not None:
                if not_an_act(token, row.phrase, row.type, row.pos) is None:
                    out.append(Candidate(token=token, row=row, phrase_end=token))
            elif token.tag_ == "MD" and token.text.lower() in OBLIGATION and _reported_clause(token.head) and \
                    obligation_not_demand(token) is None:
                # "X said that Y must ...": X demands of Y (the manual's REQUEST)
                out.append(Candidate(token=token, row=MUST_REQUEST, phrase_end=token))
        return out

    def _match(self, token: Any, pos: str) -> Trigger | None:
        word = base(token)
        phrases: list[str] = []
        doc = token.doc
        if token.i >= 2 and doc[token.i - 1].text == "-":
            phrases.append(f"{doc[token.i - 2].text.lower()}-{word}")
            phrases.append(f"{doc[token.i - 2].text.lower()}-{token.text.lower()}")
        for child in token.children:
            if child.dep_ in ("prt", "prep") and child.i > token.i:
                phrases.append(f"{word} {child.text.lower()}")
            if child.dep_ == "compound" and child.i == token.i - 1:
                phrases.append(f"{child.text.lower()} {word}")
        phrases.append(word)
        context: set[str] | None = None  # read only for phrases whose rows have cues (most words have none)
        for phrase in phrases:
            rows = self.lexicon.rows.get((phrase, pos))
            if not rows:
                continue
            if self.lexicon.blocked(phrase, pos):
                return None  # a phrasal verb of another sense ("signed up for broadband")
            if context is None and any(r.cues for r in rows):
                context = _context_words(token)
            row = self.lexicon.match(phrase, pos, context or set())
            if row is not None:
                return row
        return None

    # -- one sentence -------------------------------------------------------------------------

    def _sentence(self, analysis: Analysis, index: ActorIndex, sent: Any, history: list[Event]) -> list[Event]:
        candidates = self._candidates(sent)
        trigger_ids = {c.token.i for c in candidates if c.row.pos != "N"}
        content_types = {c.token.i: c.row.type for c in candidates if c.row.pos == "V"}
        kept: list[Candidate] = []
        for cand in candidates:
            if cand.row.pos == "N":
                if topic_noun(cand.token, trigger_ids):
                    continue  # "spoke out about the war": the war is what is spoken of, not a new event
                gov = _governing_verb(cand.token)
                if gov is not None and gov.i in trigger_ids and _absorbs(cand.token, gov):
                    continue
                if gov is not None and base(gov) in LIGHT_VERBS | REPORTING and _is_object(cand.token, gov):
                    cand.light = gov
            elif _purpose_of_trigger(cand.token, trigger_ids):
                continue  # "sent troops to aid Russia": the purpose is part of the governing event
            elif cand.token.dep_ == "xcomp" and content_types.get(cand.token.head.i) in CONTENT_GOVERNORS:
                continue  # "threatened to sue": the content of the threat
            elif base(cand.token) in REPORTING and any(
                    c.token.i != cand.token.i and any(a.i == cand.token.i for a in c.token.ancestors)
                    for c in candidates):
                continue  # "warn"/"charge" used as a reporting verb over another trigger
            kept.append(cand)
        for cand in kept:
            node = cand.token.head if cand.row is MUST_REQUEST else cand.token
            cand.governed = any(
                other.token.i != cand.token.i and other.row.pos != "N" and any(
                    a.i == (other.token.head.i if other.row is MUST_REQUEST else other.token.i) for a in node.ancestors)
                for other in kept)
        found = (self._event(analysis, index, sent, c, history) for c in kept)
        return _dedupe([e for e in found if e is not None])

    def _event(self, analysis: Analysis, index: ActorIndex, sent: Any, cand: Candidate,
               history: list[Event]) -> Event | None:
        tok, row = cand.token, cand.row
        clause = cand.light if cand.light is not None else (tok if row.pos != "N" else _governing_verb(tok))
        if row is MUST_REQUEST:
            clause = _reported_clause(tok.head)
        actors, recipients = self._participants(index, cand, clause, history, analysis)
        if row.pos == "N" and not actors and not recipients and cand.light is None:
            return None  # a bare event noun ("cooperation", "support") with nobody attached: not an event
        if row.type == "AID" and not recipients and aid_without_beneficiary(tok, row.pos):
            return None  # the manual's AID requires a recipient: aid given to no one is no aid
        modality, conditional = _modality(clause if clause is not None else tok, tok)
        if row.type == "AGREE" and modality == "asserted" and any(c.dep_ == "xcomp" for c in tok.children):
            modality = "planned"  # "agreed to send": what is agreed has not happened yet
        source = source_of(sent.text)
        if source is None:
            reporter = _reporting_subject(clause if clause is not None else tok)
            if reporter is not None:
                source = " ".join(t.text for t in restricted_subtree(reporter))
                if set(index.phrase_actors(reporter)) & set(actors) or row is MUST_REQUEST:
                    source = None  # the actor speaking of its own act: asserted by the actor itself
        if modality == "asserted" and source:
            modality = "reported"
        type_, mode = row.type, row.mode
        if (conditional and type_ in CONDITIONAL_THREATS and modality in ("planned", "hypothetical")) or (
                modality == "planned" and type_ in HOSTILE):
            # the manual: a threat is a hostile act announced for the future ("will withdraw ... unless")
            type_, mode, modality = "THREATEN", None, "reported" if source else "asserted"
        elif modality == "planned" and type_ in FUTURE_TO_AGREE:
            type_, mode = "AGREE", None
        elif modality == "planned" and type_ == "RETREAT":
            type_, mode = "CONCEDE", None
        if type_ == "AGREE" and modality == "negated" and row.phrase in ("accept", "agree", "allow", "consent"):
            type_, modality = "REJECT", "reported" if source else "asserted"  # "will not accept": a refusal
        if type_ == "AGREE" and self._hostile_complement(tok):
            type_, mode = "THREATEN", None  # "is prepared to impose martial law": a threat
        if type_ == "MOBILIZE" and mode == "troops" and row.pos == "N" and (
                len(actors) + len(recipients) >= 2 or "joint" in _context_words(tok)):
            type_, mode = "COOPERATE", None  # the manual: joint exercises are COOPERATE
        if type_ == "ASSAULT" and verbal_attack(tok):
            type_, mode = "ACCUSE", "disapprove"  # "attacked the government": words, not force
        if type_ in ("REQUEST", "REJECT") and mode is None:
            mode = _request_mode(tok)
        place = self._place(analysis, tok, clause)
        if (type_ in ("CONSULT",) and mode == "visit") or (type_ == "CONSULT" and place):
            actors, recipients, mode = _visit_roles(analysis, index, actors, recipients, place, mode)
        elif not recipients and place:
            recipients = _place_recipient(index, actors, place)
        time, basis = _time(analysis, sent, tok, clause)
        depth = _depth(clause if clause is not None else tok)
        confidence = (BASE_CONFIDENCE["V" if cand.light is not None else row.pos] + (CUE_BONUS if row.cues else 0.0)
                      - DEPTH_PENALTY * depth)
        if not actors:
            confidence -= 0.2
        if cand.governed:
            confidence -= GOVERNED_PENALTY
        text = analysis.text
        end_tok = cand.phrase_end
        trigger_end = end_tok.idx + len(end_tok.text)
        trigger_start = tok.idx
        if "-" in row.phrase and "-" not in tok.text and tok.i >= 2 and tok.doc[tok.i - 1].text == "-":
            trigger_start = tok.doc[tok.i - 2].idx  # "test-fired" is one trigger split in three tokens
        trigger = Span(start=trigger_start, end=trigger_end, text=text[trigger_start:trigger_end])
        evidence = Span(start=sent.start_char, end=sent.end_char, text=text[sent.start_char: sent.end_char])
        return Event(type=type_, mode=mode, trigger=trigger, evidence=evidence, stage=self.name, actors=actors,
                     recipients=[r for r in recipients if r not in actors], place=place, time=time,
                     time_basis=basis, modality=modality, source=source,
                     confidence=round(max(0.05, min(0.95, confidence)), 2))

    def _hostile_complement(self, tok: Any) -> bool:
        for child in tok.children:
            if child.dep_ == "xcomp":
                pos = token_pos(child)
                row = self._match(child, pos) if pos else None
                if row is not None and row.type in HOSTILE | {"THREATEN"}:
                    return True
        return False

    # -- participants -------------------------------------------------------------------------

    def _participants(self, index: ActorIndex, cand: Candidate, clause: Any, history: list[Event],
                      analysis: Analysis) -> tuple[list[str], list[str]]:
        tok = cand.token
        actors: list[str] = []
        recipients: list[str] = []
        if cand.row is MUST_REQUEST:
            verb = tok.head
            reporter = _reported_clause(verb)
            actors = self._subject_actors(index, reporter, history, analysis) if reporter is not None else []
            recipients = self._subject_actors(index, verb, history, analysis)
        elif cand.row.pos == "N":
            for child in tok.children:
                if child.dep_ == "compound" and base(tok) in NAMED_BY_PLACE and child.pos_ == "PROPN":
                    continue  # "the Iraq war" is named after where it is fought, not who fights it
                if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < tok.i:
                    actors += index.phrase_actors(child)
                elif child.dep_ == "prep" and (child.text.lower() in ("by", "between") or (
                        child.text.lower() == "of" and cand.row.type in OF_AGENT_TYPES)):
                    actors += _pobj_actors(index, child)
                elif child.dep_ == "prep" and child.text.lower() in RECIPIENT_PREPS and (
                        child.text.lower() != "against" or cand.row.type in AGAINST_TYPES):
                    recipients += _pobj_actors(index, child)
            if not actors and clause is not None and not cause_phrase(tok):
                actors = self._subject_actors(index, clause, history, analysis)
                if cand.light is not None:
                    recipients += self._object_actors(index, cand.light, exclude=tok)
        else:
            actors = self._subject_actors(index, tok, history, analysis)
            recipients = self._object_actors(index, tok, hostile=cand.row.type in AGAINST_TYPES)
            passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
            if passive and not any(c.dep_ == "agent" for c in tok.children) and cand.row.type in THEME_TYPES and (
                    cand.row.type != "RETREAT" or cand.row.mode in THEME_MODES):
                theme = index.phrase_actors(passive[0])
                actors = theme or actors
                recipients = [r for r in recipients if r not in theme]
            purposes = [c for c in tok.children if c.dep_ in ("xcomp", "advcl") and c.i > tok.i]
            for obj in tok.children:
                if obj.dep_ == "dobj":
                    purposes += [c for c in obj.children if c.dep_ == "acl"]
            if not recipients and cand.row.type in ("REQUEST", "ACCUSE", "THREATEN", "REJECT", "AGREE"):
                for comp in (c for c in tok.children if c.dep_ == "ccomp"):
                    recipients = self._subject_actors(index, comp, history, analysis)  # "demanded that Syria ..."
            for child in purposes:
                if not recipients:
                    recipients = self._object_actors(index, child, hostile=cand.row.type in AGAINST_TYPES,
                                                     any_prep=True)
        actors = _unique(actors)
        recipients = [r for r in _unique(recipients) if r not in actors]
        return actors, recipients

    def _subject_actors(self, index: ActorIndex, verb: Any, history: list[Event], analysis: Analysis) -> list[str]:
        """Actors of the subject governing ``verb`` (climbing through infinitives, conjuncts and gerunds)."""
        current = verb
        for _ in range(6):
            agent = [c for c in current.children if c.dep_ == "agent"]
            if agent:
                found = [a for c in agent for a in _pobj_actors(index, c)]
                if found:
                    return found
            subjects = [c for c in current.children if c.dep_ in ("nsubj", "csubj")]
            passive = [c for c in current.children if c.dep_ == "nsubjpass"]
            if subjects:
                subj = subjects[0]
                if subj.text.lower() in SINGULAR_PRONOUNS | PLURAL_PRONOUNS or subj.tag_ == "WDT":
                    if subj.tag_ == "WDT" or subj.text.lower() in ("which", "who", "that"):
                        return index.phrase_actors(current.head) if current.dep_ == "relcl" else []
                    return _resolve_pronoun(index, subj, history)
                return index.phrase_actors(subj)
            if passive and current.i != verb.i:
                if passive[0].text.lower() in SINGULAR_PRONOUNS | PLURAL_PRONOUNS:
                    return _resolve_pronoun(index, passive[0], history)
                return index.phrase_actors(passive[0])
            if current.dep_ == "relcl":
                return index.phrase_actors(current.head)
            if current.dep_ == "pcomp" and current.head.dep_ == "prep":
                governor = current.head.head
                objects = [c for c in governor.children if c.dep_ == "dobj"]
                if objects:
                    return index.phrase_actors(objects[0])
                current = governor
                continue
            if current.dep_ == "acl" and current.tag_ == "VBG" and current.head.dep_ == "dobj" and \
                    base(current.head.head) in LIGHT_VERBS:
                current = current.head.head  # "issued a statement demanding ...": the issuer demands
                continue
            if current.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acl", "pcomp", "acomp") and \
                    current.head.i != current.i:
                current = current.head
                continue
            break
        return []

    def _object_actors(self, index: ActorIndex, verb: Any, exclude: Any = None, hostile: bool = True,
                       any_prep: bool = False) -> list[str]:
        """Actors among the objects of a verb (direct, dative, passive subject, prepositional)."""
        out: list[str] = []
        for child in verb.children:
            if exclude is not None and child.i == exclude.i:
                continue
            if child.dep_ in ("dobj", "dative", "iobj", "attr", "oprd"):
                if child.tag_ == "WDT" and verb.dep_ == "relcl":
                    out += index.phrase_actors(verb.head)
                else:
                    out += index.phrase_actors(child)
            elif child.dep_ == "nsubjpass":
                out += index.phrase_actors(child)
            elif child.dep_ == "prep" and (any_prep or child.text.lower() in RECIPIENT_PREPS) and (
                    hostile or child.text.lower() != "against"):
                out += _pobj_actors(index, child)
        if not out and verb.dep_ == "relcl" and not any(c.dep_ == "dobj" for c in verb.children):
            heads = [c for c in verb.children if c.tag_ == "WDT" or c.text.lower() in ("which", "that")]
            if heads and heads[0].dep_ != "nsubj":
                out += index.phrase_actors(verb.head)
        return out

    def _place(self, analysis: Analysis, tok: Any, clause: Any) -> str | None:
        for holder in (tok, clause):
            if holder is None:
                continue
            for child in holder.children:
                if child.dep_ == "prep" and child.text.lower() in PLACE_PREPS | {"to"}:
                    place = mention_place(analysis, restricted_subtree(child))
                    if place and (child.text.lower() != "to" or base(tok) in ("travel", "visit", "fly", "arrive",
                                                                            "trip", "visit")):
                        return place
            for child in holder.children:
                if child.dep_ == "dobj" and base(tok) in ("visit", "tour"):
                    place = mention_place(analysis, [child])
                    if place:
                        return place
        return None


# -- helpers ------------------------------------------------------------------------------------


def _segments(sent: Any) -> list[Any]:
    """A sentence cut at line breaks: the tagger sometimes runs a headline into the first sentence."""
    out = []
    start = sent.start
    for tok in sent:
        if tok.is_space and "\n" in tok.text:
            if tok.i > start:
                out.append(sent.doc[start:tok.i])
            start = tok.i + 1
    if start < sent.end:
        out.append(sent.doc[start:sent.end])
    return out


def _purpose_of_trigger(verb: Any, trigger_ids: set[int]) -> bool:
    """A purpose infinitive ("to aid", "to bolster") attached to another trigger or its object."""
    if verb.dep_ not in ("advcl", "acl") or not any(c.dep_ == "aux" and c.text.lower() == "to" for c in verb.children):
        return False
    head = verb.head
    return head.i in trigger_ids or (head.dep_ in ("dobj", "pobj") and head.head.i in trigger_ids)


def _reported_clause(verb: Any) -> Any:
    """The reporting verb whose complement ``verb`` is ("said that ... must"), or None."""
    if verb.dep_ in ("ccomp", "parataxis") and base(verb.head) in REPORTING | {"conclude", "insist", "argue"}:
        return verb.head
    return None


def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _context_words(token: Any) -> set[str]:
    """Base forms of the words around a trigger that lexicon cues are checked against."""
    words: set[str] = set()
    for tok in restricted_subtree(token, stop=frozenset({"relcl", "ccomp", "parataxis", "advcl"})):
        if tok.i == token.i:
            continue
        words.add(tok.text.lower())
        words.add(base(tok))
        if tok.ent_type_ == "PERSON" and tok.dep_ in ("nsubj", "nsubjpass", "poss", "compound"):
            words.add("PERSON")  # a named person as subject: "Shoigu arrived" is a visit, "troops arrived" is not
    if token.dep_ in ("dobj", "pobj", "nsubjpass", "attr"):
        words.add(base(token.head))
        words.update(t.text.lower() for t in token.head.children)
    return words


def _pobj_actors(index: ActorIndex, prep: Any) -> list[str]:
    out: list[str] = []
    for obj in prep.children:
        if obj.dep_ in ("pobj", "pcomp"):
            out += index.phrase_actors(obj)
    return out


def _governing_verb(token: Any) -> Any:
    """The verb (or adjective) whose clause a noun belongs to."""
    current = token
    for _ in range(8):
        head = current.head
        if head.i == current.i:
            return None
        if head.pos_ in ("VERB", "AUX") or (head.pos_ == "ADJ" and head.dep_ in ("ROOT", "acomp")):
            return head
        current = head
    return None


def _is_object(noun: Any, verb: Any) -> bool:
    if noun.head.i == verb.i:
        return noun.dep_ in ("dobj", "attr", "nsubjpass", "oprd")
    prep = noun.head
    return prep.dep_ == "prep" and prep.head.i == verb.i and prep.text.lower() in ("for", "in", "of", "on", "under")


def _absorbs(noun: Any, verb: Any) -> bool:
    """Whether a trigger verb absorbs an event noun ("agreed upon a pact", "rejected calls")."""
    if noun.head.i == verb.i:
        return noun.dep_ in ("dobj", "attr", "oprd", "nsubjpass", "nsubj")
    prep = noun.head
    if prep.dep_ == "prep" and prep.head.i == verb.i:
        return prep.text.lower() in ABSORBING_PREPS
    # the noun sits inside the verb's object: "rejected calls to resume negotiations"
    path = [noun, *list(noun.ancestors)]
    for lower, upper in itertools.pairwise(path):
        if upper.i == verb.i:
            return lower.dep_ in ("dobj", "attr", "nsubjpass") and _depth_between(noun, verb) <= 3
    return False


def _depth_between(token: Any, ancestor: Any) -> int:
    depth = 0
    current = token
    while current.i != ancestor.i and current.head.i != current.i:
        current = current.head
        depth += 1
    return depth


def _chain(token: Any) -> list[Any]:
    """The token and the verbs governing it up to its clause's top (through infinitives, conjuncts, preps)."""
    out = [token]
    current = token
    for _ in range(8):
        if current.dep_ in ("xcomp", "conj", "pcomp", "pobj", "prep", "dobj", "acl", "amod", "compound") and \
                current.head.i != current.i:
            current = current.head
            out.append(current)
            continue
        break
    return out


def _modality(clause: Any, trigger: Any) -> tuple[str, bool]:
    """(modality, conditional) of the event whose clause verb is ``clause``.

    The trigger's own clause gives auxiliaries and negation ("will", "could", "did not"); the
    verbs governing it ("is scheduled to", "agreed to", "refused to", "denied") are read apart,
    so that "refused" is not a negated REJECT while the deployment it governs is.
    """
    chain = _chain(clause)
    if trigger.i != clause.i:
        chain = [trigger, *chain]
    own: set[str] = set()
    governing: set[str] = set()
    conditional = False
    for position, tok in enumerate(chain):
        if position > 0 and tok.i != clause.i:
            governing.add(tok.text.lower())
            governing.add(base(tok))
        for child in tok.children:
            if child.dep_ in ("aux", "auxpass", "neg", "advmod", "preconj") or child.dep_ == "nsubj":
                own.add(child.text.lower())
            if child.dep_ in ("nsubj", "nsubjpass"):
                own.update(c.text.lower() for c in child.children if c.dep_ in ("det", "preconj"))
            if child.dep_ == "advcl":
                marks = {c.text.lower() for c in child.children if c.dep_ == "mark"}
                if marks & CONDITION_MARKS:
                    conditional = True
            if child.dep_ == "mark" and child.text.lower() in CONDITION_MARKS:
                conditional = True
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.text.lower() in CONDITION_MARKS for c in tok.children):
            return "hypothetical", False  # the event is the condition itself ("if North Korea receives ...")
    if own & NEGATION_WORDS or governing & (NEGATION_WORDS | NEGATING_HEADS):
        return "negated", conditional
    if own & FUTURE_AUX or governing & FUTURE_WORDS:
        return "planned", conditional
    if own & HYPOTHETICAL_WORDS or governing & HYPOTHETICAL_WORDS:
        return "hypothetical", conditional
    return "asserted", conditional


def _reporting_subject(clause: Any) -> Any:
    """The subject token of a reporting verb governing the clause ("state media reported ..."), or None."""
    current = clause
    for _ in range(6):
        head = current.head
        if head.i == current.i:
            break
        for verb in (head, *[c for c in current.children if c.dep_ == "parataxis"]):
            if base(verb) in REPORTING and verb.i != clause.i:
                subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.text.lower() not in
                        SINGULAR_PRONOUNS | PLURAL_PRONOUNS]
                if subj:
                    return subj[0]
        current = head
    for child in clause.children:
        if child.dep_ == "parataxis" and base(child) in REPORTING:
            subj = [c for c in child.children if c.dep_ == "nsubj"]
            if subj:
                return subj[0]
    return None


def _request_mode(token: Any) -> str | None:
    words = _context_words(token)
    for mode, cues in REQUEST_MODES:
        if words & cues:
            return mode
    return None


def _place_recipient(index: ActorIndex, actors: list[str], place: str) -> list[str]:
    """The recipient of an event that names none but happens in a country ("lifted the curfew in Sudan",
    "troops arrived in Bosnia"): that country, as PLOVER codes acts done in or to a country. Nothing when
    the place is not one country or is the actor's own."""
    entries = gazetteer.load().lookup(place)
    countries = {e.actor.country for e in entries if e.actor.country}
    if len(countries) != 1:
        return []
    host = countries.pop()
    if any(a == host or a.startswith(host + ".") for a in actors):
        return []
    index.extra.setdefault(host, gazetteer.load().actors.get(host) or entries[0].actor)
    return [host]


def _visit_roles(analysis: Analysis, index: ActorIndex, actors: list[str], recipients: list[str],
                 place: str | None, mode: str | None) -> tuple[list[str], list[str], str | None]:
    """Visitor as actor, host as recipient (manual, CONSULT): the host is the country of the place."""
    host = None
    if place:
        entries = gazetteer.load().lookup(place)
        countries = {e.actor.country for e in entries if e.actor.country}
        if len(countries) == 1:
            host = countries.pop()
            index.extra.setdefault(host, gazetteer.load().actors.get(host) or entries[0].actor)
    if host is None:
        return actors, recipients, mode
    actor_countries = [index.analysis.actors.get(a) or index.extra.get(a) for a in actors]
    codes = [(a.country if a else None) for a in actor_countries]
    if host in codes and recipients:
        return recipients, actors, "visit"  # the subject hosts: the visitor is the actor
    if not recipients or all(r != host for r in recipients):
        recipients = [host, *[r for r in recipients if r != host]]
    return actors, recipients, "visit"


#: A time expression that is a clock time and nothing else (no day, weekday or date).
_CLOCK_ONLY = re.compile(r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?\s*$", re.I)


def _time(analysis: Analysis, sent: Any, tok: Any, clause: Any) -> tuple[str | None, str | None]:
    """A TIMEX value for the event and its basis (text, published, or None)."""
    in_sentence = [t for t in analysis.times if sent.start_char <= t.start < sent.end_char and t.value
                   and t.type in ("DATE", "TIME")]
    if in_sentence:
        holder = clause if clause is not None else tok
        scope = {t.idx for t in restricted_subtree(holder, stop=frozenset({"relcl", "ccomp", "parataxis"}))}
        own = [t for t in in_sentence if t.start in scope]
        chosen = own or [t for t in in_sentence if _attached_to_reporting(sent, t.start)]
        if chosen:
            best = min(chosen, key=lambda t: abs(t.start - tok.idx))
            # a clock time alone ("shortly after 06:00") states no day: its day is the publication's
            return best.value, "published" if best.type == "TIME" and _CLOCK_ONLY.match(best.text) else "text"
    published = analysis.article.published_date
    holder = clause if clause is not None else tok
    if published and any(c.dep_ == "aux" and c.text.lower() in ("has", "have") for c in holder.children):
        return published, "published"
    return None, None


def _attached_to_reporting(sent: Any, start: int) -> bool:
    for tok in sent:
        if tok.idx == start:
            current = tok
            for _ in range(4):
                current = current.head
                if base(current) in REPORTING:
                    return True
                if current.head.i == current.i:
                    break
    return False


def _depth(token: Any) -> int:
    depth = 0
    current = token
    while current.head.i != current.i and depth < 10:
        if base(current.head) not in REPORTING:
            depth += 1
        current = current.head
    return depth


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per type and participants in a sentence (the most confident)."""
    out: list[Event] = []
    for event in sorted(events, key=lambda e: -(e.confidence or 0)):
        same = [o for o in out if o.type == event.type and (
            not event.actors or not o.actors or set(event.actors) & set(o.actors))]
        if same:
            keeper = same[0]
            for r in event.recipients:
                if r not in keeper.recipients and r not in keeper.actors:
                    keeper.recipients.append(r)
            continue
        out.append(event)
    return sorted(out, key=lambda e: e.trigger.start)


def _resolve_pronoun(index: ActorIndex, pronoun: Any, history: list[Event]) -> list[str]:
    """A pronoun subject: the subject of a governing verb in the sentence, else recent events' actors."""
    for anc in pronoun.head.ancestors:
        subj = [c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != pronoun.i]
        if subj and subj[0].text.lower() not in SINGULAR_PRONOUNS | PLURAL_PRONOUNS:
            found = index.phrase_actors(subj[0])
            if found:
                return found
    plural = pronoun.text.lower() in PLURAL_PRONOUNS
    for event in reversed(history[-6:]):
        people = event.actors + event.recipients
        if plural and len(people) >= 2:
            return people[:2]
        if not plural and event.actors:
            return event.actors[:1]
    before = [(s, a) for s, _e, a in index.spans if s < pronoun.idx]
    if pronoun.text.lower() in PERSONAL_PRONOUNS:
        # "he", "she" stand for a person: not for the last country named ("the war in Iraq ... he criticised")
        persons = {m.start for m in index.analysis.entities if m.label == "PERSON"}
        before = [(s, a) for s, a in before if s in persons or _kind(index, a) == "person"]
    if before:
        return [a for _s, a in (before[-2:] if plural else before[-1:])]
    return []


def _kind(index: ActorIndex, actor_id: str) -> str | None:
    actor = index.analysis.actors.get(actor_id) or index.extra.get(actor_id)
    return actor.kind if actor is not None else None


def main_event(analysis: Analysis) -> Event | None:
    """The headline event of an article: the most confident event of the lead (its first sentences).

    News puts what happened first: the events of the first ``LEAD_SENTENCES`` sentences are
    preferred, negated ones last; later events count only when the lead has none. An event
    without an actor is not put last: its confidence already counts that (-0.2), and a deep
    clause that found an actor (0.05, "celebrities who support ...") must not outrank the
    headline's own event (0.6, "Lady Gaga stages protest").
    """
    if not analysis.events:
        return None
    lead_end = analysis.sentences[min(LEAD_SENTENCES, len(analysis.sentences)) - 1].end if analysis.sentences else 0
    lead = [e for e in analysis.events if e.trigger.start < lead_end] or analysis.events

    def score(event: Event) -> tuple[bool, float, int]:
        return (event.modality != "negated", event.confidence or 0.0, -event.trigger.start)

    return max(lead, key=score)


def summary_line(analysis: Analysis, event: Event | None = None) -> str | None:
    """ "who did what to whom, when, where" for an event (default: the main event)."""
    event = event or main_event(analysis)
    if event is None:
        return None

    def names(ids: list[str]) -> str:
        return " and ".join((analysis.actors[i].name if i in analysis.actors else i) for i in ids) or "someone"

    parts = [names(event.actors), f"{event.type}{'/' + event.mode if event.mode else ''}"]
    parts.append(f"({event.trigger.text})")
    if event.recipients:
        parts.append(f"-> {names(event.recipients)}")
    if event.time:
        parts.append(f"on {event.time}")
    if event.place:
        parts.append(f"in {event.place}")
    if event.modality != "asserted":
        parts.append(f"[{event.modality}{': ' + event.source if event.source else ''}]")
    return " ".join(parts)
