"""Whether a lexicon match reports a political act: word sense and use, read from the parse.

A trigger word of the lexicon is often used in a sense that reports no act of PLOVER. These
checks, each grounded in English syntax and the PLOVER manual, turn such matches down; each
returns the reason (a short phrase, for debugging and tests) or ``None`` when the match stands.
They were found by judging the events of real news (docs/events-precision.md):

- an obligation in reported speech is a demand only when it asks someone to act: "X said Y must
  withdraw" is, "decisions should be made by ministers" (passive), "there should be guidelines",
  "2005 must be the year" (copula) and "he should have a veto" (possession) are opinions;
- "insist" reports a demand only with a subjunctive complement ("insisted that Syria withdraw");
  "insisted the targets would be met" asserts. A demand with "should" under it is found by the
  obligation rule;
- "warn" is a threat (the manual: "coercive or forceful warnings with serious potential
  repercussions") only with a condition ("unless", "if"), an addressee ("warned Iran", "warned
  against"), or the warner's own future act ("warned it would retaliate"); "warned that firms
  could be crippled" is a prediction;
- "ask" is a request with an infinitive ("asked X to stop"), a "for" phrase or an object, not a
  question ("asked which party", "was asked: ...", "asking about");
- "offer" is AGREE (an offer to cooperate) with an infinitive ("offered to mediate"), an object of
  cooperation ("offered talks", "offered its troops") or an addressee that is an actor; a firm
  offering services or a discount is commerce;
- "meet" is a consultation with people, not "targets would be met" or "meet the costs";
- "charge X for Y" is a price, "charge X with Y" an accusation;
- "seek" is a request of something ("sought EU approval"), not an attempt ("sought to ease tension");
- "a great deal", "a good deal", "how big a deal" are quantities and idioms, not agreements;
- "fight", "battle", "combat" are ASSAULT against people, forces or places, not "fight poverty",
  "battle falling sales", "fight an election";
- "hit" and "strike" are ASSAULT when someone or a weapon strikes, not "a contest hits our screens",
  "hit by declining consumption" or "the scandal-hit company";
- a press, news or media conference is a statement, not a CONSULT;
- an event noun that is only the topic of something else ("spoke out about the war", "resigned
  over the Iraq war") is not a new event.
"""

from __future__ import annotations

from typing import Any

from .events_args import CONDITION_MARKS, WEAPON_NOUNS, base

#: Main verbs of an obligation that state or possess rather than act ("should be clear",
#: "must be the year", "should have the final say").
STATIVE = frozenset({"be", "have"})

#: Subjects that name nobody who could be asked to act ("there should be", "this should be").
NON_AGENTS = frozenset({"there", "it", "this", "that", "which", "what", "anyone", "anybody", "everyone",
                        "everybody", "nobody", "no-one", "one"})

#: Pronoun subjects of a warning's complement that are (usually) the warner itself: "warned it would
#: retaliate", "warned they would strike".
SELF_PRONOUNS = frozenset({"it", "they", "we", "i", "he", "she"})

#: Objects of "offer" that are cooperation in the manual's sense (AGREE: "offer ... to cooperate";
#: material offers of aid, troops or talks).
OFFER_OBJECTS = frozenset({"talk", "talks", "negotiation", "negotiations", "dialogue", "help", "aid", "assistance",
                           "support", "cooperation", "ceasefire", "cease-fire", "truce", "concession", "concessions",
                           "compromise", "resignation", "peace", "mediation", "protection", "asylum", "amnesty",
                           "guarantee", "guarantees", "troops", "soldiers", "forces", "condolences", "apology",
                           "refuge", "sanctuary", "meeting", "summit", "visit", "pardon", "deal", "loan", "loans"})

#: Objects of "meet" that are requirements, not people: "meet targets", "meet the costs".
REQUIREMENTS = frozenset({"target", "targets", "rule", "rules", "demand", "demands", "need", "needs", "cost", "costs",
                          "criterion", "criteria", "requirement", "requirements", "standard", "standards", "deadline",
                          "deadlines", "obligation", "obligations", "expectation", "expectations", "goal", "goals",
                          "commitment", "commitments", "challenge", "challenges", "bill", "bills", "condition",
                          "conditions", "payment", "payments", "shortfall", "test"})

#: Adjectives that make "deal" a quantity or an idiom ("a great deal", "a big deal").
DEAL_IDIOMS = frozenset({"great", "good", "big"})

#: Prepositions whose object is what speech, feeling or a decision is about: "spoke out about the
#: war", "resigned over the Iraq war", "regarding the attack". Not "because of": a cause can be an
#: event told ("closed its borders because of fighting between Azerbaijanis and Armenians").
TOPIC_PREPS = frozenset({"about", "over", "regarding", "concerning"})

#: Verbs of fighting that are violence only against people, forces or places: "fight poverty",
#: "battle falling sales", "fight an election" are figures of speech.
FIGHT_VERBS = frozenset({"fight", "battle", "combat"})

#: Nouns of armed or organised people that can be fought without being a named actor.
FOES = frozenset({"troops", "soldiers", "forces", "army", "armies", "rebels", "militants", "insurgents", "guerrillas",
                  "militia", "militias", "fighters", "police", "invaders", "enemy", "enemies", "regime", "government",
                  "separatists", "terrorists", "gunmen", "occupiers", "occupation", "jihadists", "extremists",
                  "tanks", "units", "protesters", "demonstrators", "rioters", "pirates", "smugglers", "gangs"})

#: Verbs of striking that are violence only when someone or a weapon strikes: "a contest hits our
#: screens", "the industry was hit by declining consumption" are figures of speech.
STRIKE_VERBS = frozenset({"hit", "strike"})

#: Weapons and war machines that strike ("vehicles were hit by gunfire"), besides ``WEAPON_NOUNS``.
STRIKERS = WEAPON_NOUNS | frozenset({"missile", "missiles", "rockets", "shells", "bombs", "gunfire", "fire",
                                     "airstrike", "airstrikes", "drone", "drones", "jet", "jets", "aircraft",
                                     "plane", "planes", "warplane", "warplanes", "artillery", "mortars",
                                     "grenades", "bullet", "bullets", "helicopter", "helicopters", "strike",
                                     "strikes", "attack", "attacks", "shelling"})

#: Event nouns named after the place where they happen: a proper-noun modifier of "the Iraq war",
#: "the Vietnam War" (tagged EVENT by the model) is no actor, whereas "US strikes" names who strikes.
NAMED_BY_PLACE = frozenset({"war"})

#: Modifiers that make a conference a statement to the press, not a consultation between actors.
PRESS = frozenset({"press", "news", "media"})


def _has_subject(verb: Any) -> Any:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    return subjects[0] if subjects else None


def _progressive(be: Any) -> bool:
    """ "should be leading": a progressive act, though the model may head it on "be"."""
    doc = be.doc
    return bool(be.text.lower() == "be" and be.i + 1 < len(doc) and doc[be.i + 1].tag_ == "VBG")


def obligation_not_demand(modal: Any) -> str | None:
    """Why "X must/should ..." in reported speech is not a demand of someone to act, or None."""
    verb = modal.head
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return "passive obligation"
    if base(verb) in STATIVE and not _progressive(verb):
        return "stative obligation"
    subject = _has_subject(verb)
    if subject is None:
        return "obligation without a subject"
    if subject.dep_ == "expl" or subject.text.lower() in NON_AGENTS:
        return "obligation of no one"
    return None


def _insist(token: Any) -> str | None:
    for comp in (c for c in token.children if c.dep_ == "ccomp"):
        aux = [c for c in comp.children if c.dep_ in ("aux", "auxpass")]
        if comp.tag_ == "VB" and not aux and _has_subject(comp) is not None:
            return None  # "insisted that Syria withdraw": a subjunctive demand
    return "insist asserts"


def _warn(token: Any) -> str | None:
    subtree = list(token.subtree)
    if any(t.dep_ == "mark" and t.text.lower() in CONDITION_MARKS for t in subtree):
        return None  # "warned there could be walkouts unless ..."
    for child in token.children:
        if child.dep_ in ("dobj", "dative", "iobj") and child.pos_ in ("PROPN", "NOUN", "PRON"):
            return None  # "warned Iran", "warned them not to ..."
        if child.dep_ == "prep" and child.text.lower() in ("against", "to"):
            return None  # "warned against any attack", "a warning to Israel"
        if child.dep_ == "ccomp":
            subject = _has_subject(child)
            aux = {c.text.lower() for c in child.children if c.dep_ == "aux"}
            if subject is not None and subject.text.lower() in SELF_PRONOUNS and aux & {"will", "would", "'ll"}:
                return None  # "warned it would retaliate": the warner's own act
    return "warning is a prediction"


def _ask(token: Any) -> str | None:
    children = list(token.children)
    if any(c.dep_ in ("xcomp",) for c in children):
        return None  # "asked the watchdog to stop the calls"
    if any(c.dep_ == "prep" and c.text.lower() == "for" for c in children):
        return None  # "asked for help"
    if any(c.dep_ in ("ccomp", "parataxis") for c in children):
        return "question"  # "asked which party", "asked people if ..."
    objects = [c for c in children if c.dep_ in ("dobj", "dative")]
    if objects and not any(o.text.lower() in ("question", "questions") or o.tag_ in ("WP", "WDT") for o in objects):
        return None
    return "question"


def _offer(token: Any, noun: bool) -> str | None:
    words: list[Any] = []
    for child in token.children:
        if child.dep_ in ("xcomp", "acl") and any(c.dep_ == "aux" and c.text.lower() == "to" for c in child.children):
            return None  # "offered to mediate", "an offer to hand over"
        if child.dep_ in ("dobj", "attr", "oprd", "nsubjpass"):
            words.append(child)  # "offered talks", "no deal was offered"
        if child.dep_ in ("dative", "iobj") and child.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):
            return None  # "offered Iran ...": an offer to an actor
        if child.dep_ == "prep" and child.text.lower() in ("of", "to"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if child.text.lower() == "of":
                words += objects
            elif any(o.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") for o in objects):
                return None  # "offered its troops to Lebanon's president"
    if noun and token.dep_ in ("dobj", "nsubjpass") and base(token.head) in ("make", "extend", "renew", "repeat"):
        words.append(token)  # "made an offer of talks": look at what is offered below
    if any(base(w) in OFFER_OBJECTS or w.text.lower() in OFFER_OBJECTS for w in words):
        return None
    return "offer of goods or services"


def _fee(token: Any) -> bool:
    """ "charge farmers for the committees": a price ("for"), not an accusation ("charged with fraud")."""
    preps = {c.text.lower() for c in token.children if c.dep_ == "prep"}
    return "for" in preps and "with" not in preps


def _meet(token: Any) -> str | None:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children):
        return "met = satisfied"  # "targets would be met", "spending will be met by taxes"
    for child in token.children:
        if child.dep_ == "dobj" and child.text.lower() in REQUIREMENTS:
            return "met = satisfied"
    return None


def not_an_act(token: Any, phrase: str, type_: str, pos: str) -> str | None:
    """Why the lexicon match of ``token`` (as ``phrase``, a row of ``type_`` and ``pos``) reports
    no political act, or None when it may. See the module docstring for the rules."""
    if pos == "V":
        if phrase == "insist" and type_ == "REQUEST":
            return _insist(token)
        if phrase == "warn":
            return _warn(token)
        if phrase == "ask":
            return _ask(token)
        if phrase == "offer" and type_ == "AGREE":
            return _offer(token, noun=False)
        if phrase == "meet":
            return _meet(token)
        if phrase == "charge" and type_ == "ACCUSE" and _fee(token):
            return "charge = price"
        if phrase == "seek" and any(c.dep_ == "xcomp" for c in token.children):
            return "seek = try"  # "sought to ease tension" is an attempt; "sought EU approval" a request
        if phrase in FIGHT_VERBS and type_ == "ASSAULT":
            return _fight(token)
        if phrase in STRIKE_VERBS and type_ == "ASSAULT":
            return _strike(token)
    if pos == "N":
        if phrase == "conference" and any(c.text.lower() in PRESS for c in token.children
                                          if c.dep_ in ("compound", "amod")):
            return "press conference"
        if phrase == "offer" and type_ == "AGREE":
            return _offer(token, noun=True)
        if phrase == "warning":
            return _warn(token)
        if phrase == "deal" and any(c.text.lower() in DEAL_IDIOMS for c in token.children if c.dep_ == "amod"):
            return "deal idiom"
    return None


def _fight(token: Any) -> str | None:
    targets = [c for c in token.children if c.dep_ == "dobj"]
    targets += [o for c in token.children if c.dep_ == "prep" and c.text.lower() == "against"
                for o in c.children if o.dep_ == "pobj"]
    for target in targets:
        if target.ent_type_ in ("PERSON", "NORP", "GPE", "ORG", "LOC", "FAC") or target.pos_ in ("PRON", "PROPN") \
                or target.text.lower() in FOES:
            return None
    return "figurative fight" if targets else None


def _can_strike(noun: Any) -> bool:
    return bool(noun.ent_type_ in ("PERSON", "NORP", "GPE", "ORG") or noun.pos_ in ("PRON", "PROPN")
                or noun.text.lower() in FOES | STRIKERS)


def _strike(token: Any) -> str | None:
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and token.dep_ in ("amod", "compound"):
        return "adjective"  # "the scandal-hit dairy company"
    strikers = [c for c in token.children if c.dep_ == "nsubj"]
    strikers += [o for c in token.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    if strikers and not any(_can_strike(s) for s in strikers):
        return "figurative strike"  # "a contest hits our screens", "hit by declining consumption"
    return None


def topic_noun(noun: Any, trigger_heads: set[int]) -> str | None:
    """An event noun that is only the topic of a phrase, or None.

    "spoke out about the war", "resigned over the Iraq war", and "stood against the war" where the
    verb governing "against"
    is no trigger ("protested against the war" keeps its PROTEST; the war is still its topic).
    ``trigger_heads`` are the indices of the sentence's verb and adjective triggers.
    """
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep":
        return None
    word = prep.text.lower()
    if word in TOPIC_PREPS:
        return "topic noun"
    if word == "against" and prep.head.pos_ in ("VERB", "AUX") and prep.head.i not in trigger_heads:
        return "topic noun"
    return None


#: AID verbs whose direct object is the one helped ("aided the poor", "rescued the hostages"); for the
#: others ("provide", "send", "supply") it is what is given.
BENEFICIARY_OBJECT = frozenset({"help", "aid", "assist", "rescue", "shelter", "fund", "finance"})


def aid_without_beneficiary(token: Any, pos: str) -> str | None:
    """Why an AID match names nobody who receives the aid, or None.

    The manual's AID "requires recipient": material aid is given to someone. When no recipient
    actor was found, the parse must at least hold a beneficiary phrase (a dative, a "to/for/into"
    object, or the object of "help"/"aid"/...): "provides the Queen's private income", "tsunami
    aid", "funds would be provided" and catenative "help" ("help pay for", "helps them combine")
    report no aid given to anyone.
    """
    children = list(token.children)
    if pos == "V" and base(token) == "help" and any(c.dep_ in ("xcomp", "ccomp") for c in children):
        return "catenative help"
    for child in children:
        if child.dep_ in ("dative", "iobj"):
            return None
        if child.dep_ == "prep" and child.text.lower() in ("to", "for", "into") and any(
                c.dep_ in ("pobj", "pcomp") for c in child.children):
            return None
        if pos == "V" and child.dep_ == "dobj" and base(token) in BENEFICIARY_OBJECT and \
                not any(c.dep_ in ("xcomp", "ccomp") for c in child.children):
            return None
    return "aid to no one"


def cause_phrase(noun: Any) -> bool:
    """A noun in a "because of" / "due to" phrase: the clause's subject reacts to it and is not its
    actor ("Blair lost trust because of the Iraq war")."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ not in ("prep", "pcomp"):
        return False
    words = {prep.text.lower(), prep.head.text.lower()}
    return bool(words & {"because", "due", "owing", "thanks"})
