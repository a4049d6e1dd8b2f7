"""Arguments of an event from the dependency parse: actors, recipients, place, modality, source.

Actors come from the actor stage (``Mention.actor``); where a mention has no actor (the stage is
absent or could not resolve it) the gazetteer is consulted for the name itself, and a phrase with
no mention at all is scanned for gazetteer names ("north Korea" missed by the tagger). A name the
gazetteer does not know stays without an actor: nothing is forced onto a country. Only what the
text itself says places an unnamed actor: an organisation named after its country ("the Montenegro
Assembly"), a group based in or acting in one country ("a newspaper based in Beirut", "prisoners
rioted at a jail in Dili"), people acted upon by their own state's police or government.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Actor, Analysis
from . import gazetteer
from .spacy_stage import doc_text

#: Dependencies that open a new clause: a phrase's actors are not looked for beyond them.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj"})

#: Dependencies that keep a token in the "core" of a noun phrase (its head, coordinated heads, owners).
CORE_DEPS = frozenset({"conj", "cc", "poss", "compound", "amod", "appos", "nmod", "npadvmod", "case"})

#: Prepositions whose object is a recipient of the event ("sent troops to Russia", "talks with Japan").
RECIPIENT_PREPS = frozenset({"to", "with", "against", "on", "upon", "toward", "towards", "into", "from", "at",
                             "over", "for", "between", "among", "of"})

#: Nouns of a relation to their owner: "Israel's ally" is not Israel.
RELATIONAL_NOUNS = frozenset({"ally", "allies", "rival", "rivals", "enemy", "enemies", "foe", "foes", "opponent",
                              "opponents", "adversary", "adversaries", "neighbour", "neighbours", "neighbor",
                              "neighbors", "critic", "critics", "partner", "partners", "proxy", "proxies"})

#: Prepositions whose object is the place of the event.
PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across"})

#: Pronouns resolved to an earlier actor (simple recency, see ``resolve_pronoun``).
SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "both", "we", "our"})

#: Pronouns of a person: resolved to a named person, never to the last country named ("the war in
#: Iraq ... he criticised").
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})

#: Demonym endings and the country-name endings they come from, tried in order.
DEMONYM_SUFFIXES = (("ean", ("e", "ea")), ("ian", ("ia", "i", "y", "")), ("an", ("a", "", "o")),
                    ("ese", ("", "a", "o")),
                    ("i", ("", "istan")), ("ish", ("ey", "and", "")), ("ic", ("ia",)), ("", ("stan", "ia")))

#: Participles that tie an unnamed group to its place ("a newspaper based in Beirut").
BASED_WORDS = frozenset({"based", "headquartered"})

#: Nouns of unnamed local groups and the sector they make of the country where they act
#: ("prisoners rioted at a jail in Dili"). Soldiers and troops are left out: they act abroad too.
LOCAL_GROUPS = {"protesters": "civilian", "demonstrators": "civilian", "rioters": "civilian",
                "prisoners": "civilian", "inmates": "civilian", "students": "civilian", "workers": "civilian",
                "strikers": "civilian", "villagers": "civilian", "residents": "civilian", "farmers": "civilian",
                "gunmen": "unidentified", "militants": "rebels", "insurgents": "rebels", "rebels": "rebels",
                "guerrillas": "rebels", "police": "police", "policemen": "police", "civilians": "civilian",
                "activists": "civilian", "youths": "civilian", "newspaper": "media", "newspapers": "media",
                "journalists": "media", "reporters": "media", "opposition": "opposition",
                "dissidents": "opposition"}

#: Sectors of a country that act at home: the unnamed people they act upon are that country's.
DOMESTIC_SECTORS = frozenset({"police", "government", "judiciary", "legislature"})

#: Weapons named as the agent of an attack with nobody behind them ("killed by a roadside bomb in Basra"):
#: unidentified attackers of the country where it happened.
WEAPON_NOUNS = frozenset({"bomb", "device", "explosion", "blast", "mine", "landmine", "rocket", "shell", "mortar",
                          "grenade", "explosive", "bombing"})

#: Possessive pronouns whose phrase belongs to the subject above it ("their forces").
POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her"})

#: Words that make a name a stance or a sponsor, not the actor of the phrase it modifies:
#: "anti-Syria journalist", "pro-Moscow rebels", "Iranian-backed militia", "a UN-brokered deal" (a broker is no party).
STANCE_PREFIXES = ("anti-", "pro-")
STANCE_SUFFIXES = re.compile(r"^[-\u2010\u2011]\s?(?:brokered|mediated|sponsored|backed|supported|funded|friendly)\b",
                             re.I)

#: Entity labels that can be the place of an event.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

#: Reporting verbs (base forms): a trigger under one of them is reported by its subject.
REPORTING = frozenset({"say", "report", "announce", "state", "claim", "tell", "add", "confirm", "indicate", "note",
                       "assert", "suggest", "believe", "allege", "quote", "write", "reveal", "disclose", "acknowledge",
                       "declare", "argue", "estimate", "think", "show", "admit", "reiterate", "stress",
                       "emphasize", "emphasise", "repeat", "insist"})

#: Verbs that carry an event noun as their object: the noun is the trigger, the verb gives the actor.
LIGHT_VERBS = frozenset({"hold", "stage", "conduct", "carry", "launch", "make", "issue", "impose", "express",
                         "reach", "lead", "mount", "begin", "start", "continue", "resume", "attend", "oversee",
                         "organize", "organise", "undertake", "have", "give", "deliver", "take", "conclude",
                         "perform", "host", "announce", "order", "declare", "observe", "wage", "step", "end",
                         "join", "complete", "finish", "pay", "plan", "schedule", "witness", "supervise", "guide",
                         "reiterate", "renew", "repeat", "voice", "extend", "tighten", "lodge", "file", "hand",
                         "open", "put", "initiate"})

#: Auxiliaries of a trigger's own clause that make it planned ("will", "would" in reported speech).
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "'d", "going"})

#: Governing words (base forms) that make the event they govern planned: "is scheduled to travel",
#: "agreed to send", "plans to impose".
FUTURE_WORDS = frozenset({"will", "shall", "'ll", "wo", "would", "scheduled", "schedule", "plan", "planned", "set",
                          "due", "expected", "expect", "intend", "upcoming", "going", "prepare", "prepared", "aim",
                          "agree", "promise", "pledge", "vow", "offer", "decide", "propose", "want", "hope", "seek",
                          "next", "ready", "willing", "swear", "sworn", "threaten", "announce"})

#: Auxiliaries and heads that make an event hypothetical.
HYPOTHETICAL_WORDS = frozenset({"could", "might", "may", "possible", "potential", "potentially", "likely",
                                "consider", "fear", "risk", "if", "demand", "urge", "ask", "request", "insist",
                                "press", "call", "want", "wish", "should", "must"})

#: Markers of a condition ("if", "unless"): a conditional threat or a hypothetical.
CONDITION_MARKS = frozenset({"if", "unless", "whether"})

#: Words that negate the event of their clause.
NEGATION_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor"})

#: Governing verbs that deny the event they govern ("refused to deploy", "denied sending").
NEGATING_HEADS = frozenset({"deny", "denied", "refuse", "refused", "decline", "declined", "reject", "fail",
                            "failed", "refrain", "veto", "oppose", "rule", "resist"})

_SOURCE_PATTERNS = [
    re.compile(r"\baccording to (?P<src>[^,.;]+)", re.I),
    re.compile(r"\bas (?:reported|confirmed|announced|stated|claimed|said|noted) by (?P<src>[^,.;]+)", re.I),
    re.compile(r"\b(?:reported|confirmed|said|claimed|announced) by (?P<src>[^,.;]+)", re.I),
]


#: Every word the rules look for by base form (besides the lexicon's own words).
VOCABULARY = (REPORTING | FUTURE_WORDS | LIGHT_VERBS | NEGATING_HEADS | HYPOTHETICAL_WORDS
              | frozenset({"complete", "decline", "continue", "provide", "receive", "stage", "make"}))


def base(token: Any) -> str:
    """A cheap base form of a token (the spaCy pipeline runs without a lemmatizer).

    The first candidate form the event vocabularies know ("sent" -> "send", "talks" -> "talk"),
    else the most likely candidate. A finite verb or participle prefers a verb's form: "opened" is
    "open" (a light verb), though "opened" is also a cue word of the lexicon ("opened fire").
    Gerunds keep the general rule ("shelling" stays the noun the lexicon knows).
    """
    if token.tag_.startswith("VB") and token.tag_ != "VBG":
        return verb_base_of(token.text)
    return base_of(token.text)


@functools.lru_cache(maxsize=1 << 16)
def verb_base_of(word: str) -> str:
    """:func:`base_of` of a word used as a verb: the first candidate the lexicon knows as a verb."""
    from .events_lexicon import base_forms, load

    verbs = _verb_phrases(load())
    for form in base_forms(word):
        if form in verbs or form in VOCABULARY:
            return form
    return base_of(word)


@functools.lru_cache(maxsize=4)
def _verb_phrases(lexicon: Any) -> frozenset[str]:
    return frozenset(phrase for phrase, pos in lexicon.rows if pos == "V")


@functools.lru_cache(maxsize=1 << 16)
def base_of(word: str) -> str:
    """:func:`base` of a word (cached: the lexicon is loaded once per process)."""
    from .events_lexicon import base_forms, load

    forms = base_forms(word)
    known = load().known
    for form in forms:
        if form in known or form in VOCABULARY:
            return form
    return forms[0]


def restricted_subtree(token: Any, stop: frozenset[str] = CLAUSE_DEPS) -> list[Any]:
    """The token's subtree without the clauses it embeds (relative clauses, complements, ...)."""
    out = []
    stack = [token]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in stop)
    return sorted(out, key=lambda t: t.i)


def core_tokens(token: Any) -> list[Any]:
    """The head of a phrase with its coordinated heads and owners ("Russia and China", "Japan's premier").

    The owner of a relation is not the phrase's actor: "Israel's militia ally", "Iran's rival Saudi
    Arabia" (see ``RELATIONAL_NOUNS``).
    """
    out = []
    stack = [token]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.dep_ == "poss" and tok.text.lower() in RELATIONAL_NOUNS:
                continue
            if child.dep_ in CORE_DEPS:
                stack.append(child)
            elif child.dep_ == "prep" and child.text.lower() == "of":
                stack.extend(c for c in child.children if c.dep_ == "pobj")
    return out


def phrase_tokens(token: Any) -> list[Any]:
    """:func:`restricted_subtree` without the owners of relations ("Israel's" in "Israel's militia ally")."""
    tokens = restricted_subtree(token)
    owners = {t.i for tok in tokens if tok.text.lower() in RELATIONAL_NOUNS
              for c in tok.children if c.dep_ == "poss" for t in c.subtree}
    return [t for t in tokens if t.i not in owners]


@dataclass
class ActorIndex:
    """Actor spans of one article: (start, end, actor id), from mentions and the gazetteer fallback."""

    analysis: Analysis
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    extra: dict[str, Actor] = field(default_factory=dict)

    @classmethod
    def build(cls, analysis: Analysis) -> ActorIndex:
        index = cls(analysis=analysis)
        g = gazetteer.load()
        for mention in analysis.entities:
            actor_id = mention.actor
            if (actor_id is None or actor_id.startswith("unresolved:")) and mention.label in (
                    "GPE", "NORP", "ORG", "PERSON", "LOC"):
                actor_id = index._lookup(g, mention.text, person=mention.label == "PERSON")
                if actor_id is None and mention.label in ("NORP", "GPE", "PERSON"):
                    actor_id = index._demonym(g, mention.text)
                if actor_id is None and mention.label == "ORG":
                    actor_id = index._national_org(g, mention.text)
            if actor_id is not None and not actor_id.startswith("unresolved:") and not stance_name(
                    analysis.text, mention.start, mention.end):
                index.spans.append((mention.start, mention.end, actor_id))
        index.spans.sort()
        return index

    def _lookup(self, g: gazetteer.Gazetteer, text: str, person: bool = False) -> str | None:
        entries = g.lookup(text)
        if not entries:
            return None
        allowed = [e for e in entries if e.how not in ("surname",)]
        if not allowed:
            return None
        ids = {e.actor.id for e in allowed}
        if len(ids) > 1 and not person:
            countries = [e for e in allowed if e.actor.kind == "country"]
            if len({e.actor.id for e in countries}) != 1:
                return None
            allowed = countries
        actor = allowed[0].actor
        self.extra.setdefault(actor.id, actor)
        return actor.id

    def _national_org(self, g: gazetteer.Gazetteer, text: str) -> str | None:
        """An organisation the gazetteer lacks whose name holds one country's name, demonym, capital or
        city ("the Montenegro Assembly", "The Nigerian Union of Teachers", "the United Bus Company of
        Tehran"): an organisation of that country, under its own id (it is not the state itself)."""
        words = re.findall(r"[A-Z][\w'.-]*", text)
        countries: set[str] = set()
        i = 0
        while i < len(words):
            for n in (3, 2, 1):
                window = " ".join(words[i : i + n])
                if len(words[i : i + n]) < n:
                    continue
                entries = [e for e in g.lookup(window) if e.actor.kind == "country" and e.how != "metonym"]
                if len({e.actor.id for e in entries}) == 1:
                    countries.add(entries[0].actor.id)
                    i += n - 1
                    break
            i += 1
        if len(countries) != 1:
            return None
        name = re.sub(r"^(?:the|The)\s+", "", text.strip())
        slug = re.sub(r"[^a-z0-9]+", "-", gazetteer.norm(name)).strip("-")
        actor = Actor(id=f"org:{slug}", name=name, kind="organisation", country=countries.pop())
        self.extra.setdefault(actor.id, actor)
        return actor.id

    def _demonym(self, g: gazetteer.Gazetteer, text: str) -> str | None:
        """A country from a demonym the gazetteer lacks, by English suffix rules checked against
        the country names ("Zimbabwean" -> Zimbabwe, "Nigerians" -> Nigeria, "Senegalese" -> Senegal)."""
        word = text.strip()
        if " " in word or not word[:1].isupper():
            return None
        if word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        for suffix, replacements in DEMONYM_SUFFIXES:
            if word.endswith(suffix):
                stem = word[: len(word) - len(suffix)]
                for repl in replacements:
                    entries = [e for e in g.lookup(stem + repl) if e.actor.kind == "country"]
                    if len({e.actor.id for e in entries}) == 1:
                        actor = entries[0].actor
                        self.extra.setdefault(actor.id, actor)
                        return actor.id
        return None

    def actors_in(self, tokens: Iterable[Any]) -> list[str]:
        """Actor ids of the spans that start within the given tokens, in text order."""
        toks = sorted(tokens, key=lambda t: t.i)
        out: list[str] = []
        positions = {t.idx for t in toks}
        ends = {t.idx + len(t.text) for t in toks}
        for start, end, actor_id in self.spans:
            if (start in positions or end in ends) and actor_id not in out:
                out.append(actor_id)
        if not out:
            out = self._scan(toks)
        return out

    def _scan(self, toks: list[Any]) -> list[str]:
        """Gazetteer names in a phrase the tagger missed (at most three words, capitalised or not)."""
        g = gazetteer.load()
        out: list[str] = []
        i = 0
        while i < len(toks):
            matched = False
            for n in (3, 2, 1):
                window = toks[i : i + n]
                if len(window) < n or any(t.i != window[0].i + k for k, t in enumerate(window)):
                    continue
                if n == 1 and not (window[0].text[:1].isupper() and window[0].pos_ in ("PROPN", "ADJ", "NOUN")):
                    continue
                text = " ".join(t.text for t in window)
                last = window[-1]
                if stance_name(doc_text(last.doc), window[0].idx, last.idx + len(last.text)):
                    continue
                actor_id = self._lookup(g, text)
                if actor_id is not None:
                    if actor_id not in out:
                        out.append(actor_id)
                    i += n
                    matched = True
                    break
            if not matched:
                i += 1
        return out

    def phrase_actors(self, head: Any) -> list[str]:
        """Actors of a noun phrase: those of its core (head, conjuncts, owners), else the first in it.

        A phrase naming nobody takes the place it is based in ("a newspaper based in Beirut"); an
        unnamed local group acting in one country ("prisoners rioted at a jail in Dili") is that
        country's group (see ``local_group``).
        """
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl" and head.head.head.i != head.i:
            return self.phrase_actors(head.head.head)  # "refugees who have lived ...": the refugees
        core = self.actors_in(core_tokens(head))
        if core:
            return core
        found = self.actors_in(phrase_tokens(head))
        if found:
            return found[:1]
        for child in head.children:
            if child.dep_ == "acl" and child.text.lower() in BASED_WORDS:
                found = self.actors_in(restricted_subtree(child))
                if found:
                    return found[:1]
        owner = self.owner_of(head)
        if owner:
            return owner
        return self.local_group(head)

    def owner_of(self, head: Any) -> list[str]:
        """A phrase owned by a pronoun ("their forces", "its troops"): the actors of the nearest subject
        above it that names someone ("Bosnian Serbs said their forces had withdrawn")."""
        if head.text.lower() in RELATIONAL_NOUNS or not any(
                c.dep_ == "poss" and c.text.lower() in POSSESSIVE_PRONOUNS for c in head.children):
            return []  # "their rivals" are not they
        inside = {t.i for t in head.subtree}
        for anc in head.ancestors:
            for subj in (c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in inside):
                if subj.text.lower() in SINGULAR_PRONOUNS | PLURAL_PRONOUNS or subj.tag_ == "WDT":
                    continue
                core = self.actors_in(core_tokens(subj))
                if core:
                    return core
                return []
        return []

    def local_group(self, head: Any) -> list[str]:
        """An unnamed group of local people (``LOCAL_GROUPS``): the group of the country it acts or is
        acted upon in.

        - as the subject (or agent) of a clause set in one country: "protesters marched in Nairobi"
          -> ``KEN.civilian``; only a place attached to the clause's own verb counts;
        - as the object of a clause set in one country, or whose subject is one country's domestic
          institution (police, government, courts): "Egyptian police dispersed demonstrators" ->
          ``EGY.civilian`` (a state acting on its own people).
        Otherwise the group stays without an actor.
        """
        word = head.text.lower()
        sector = LOCAL_GROUPS.get(word) or ("unidentified" if base(head) in WEAPON_NOUNS else None)
        if sector is None:
            return []
        if head.dep_ in ("dobj", "nsubjpass") and sector != "unidentified":
            return self._acted_upon(head, sector)
        if head.dep_ not in ("nsubj", "pobj"):
            return []
        verb = head.head
        if head.dep_ == "pobj":
            if verb.dep_ != "agent":
                return []
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return []
        return self._group_of(self._verb_place(verb), sector)

    def _acted_upon(self, head: Any, sector: str) -> list[str]:
        verb = head.head
        if verb.pos_ not in ("VERB", "AUX"):
            return []
        countries = self._verb_place(verb)
        if countries:
            return self._group_of(countries, sector)
        current = verb
        for _ in range(4):
            subjects = [c for c in current.children if c.dep_ == "nsubj"]
            agents = [o for c in current.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
            found = subjects or (agents if head.dep_ == "nsubjpass" else [])
            if found:
                actors = [self.analysis.actors.get(a) or self.extra.get(a)
                          for a in self.actors_in(core_tokens(found[0]))]
                codes = {a.country for a in actors if a is not None and a.country is not None}
                if len(codes) == 1 and all(a is not None and a.sector in DOMESTIC_SECTORS for a in actors):
                    return self._group_of(codes, sector)
                return []
            if current.dep_ not in ("xcomp", "advcl", "conj") or current.head.i == current.i:
                return []
            current = current.head
        return []

    def _verb_place(self, verb: Any) -> set[str]:
        """Countries of the places attached to a verb ("rioted at a jail in Dili")."""
        countries: set[str] = set()
        for child in verb.children:
            if child.dep_ == "prep" and child.text.lower() in PLACE_PREPS:
                for tok in restricted_subtree(child):
                    countries |= self._place_countries(tok)
        return countries

    def _group_of(self, countries: set[str], sector: str) -> list[str]:
        if len(countries) != 1:
            return []
        actor = gazetteer.load().sector_actor(next(iter(countries)), sector)
        self.extra.setdefault(actor.id, actor)
        return [actor.id]

    def _place_countries(self, tok: Any) -> set[str]:
        """The country of a place mention (GPE, LOC) starting at this token."""
        out: set[str] = set()
        for mention in self.analysis.entities:
            if mention.start == tok.idx and mention.label in ("GPE", "LOC") and mention.actor:
                actor = self.analysis.actors.get(mention.actor) or self.extra.get(mention.actor)
                if actor is not None and actor.kind == "country" and actor.country:
                    out.add(actor.country)
        return out


def stance_name(text: str, start: int, end: int) -> bool:
    """The name at text[start:end] is a stance or sponsor ("anti-Syria", "Iran-backed"), not an actor."""
    before = text[max(0, start - 5) : start].lower()
    return before.endswith(STANCE_PREFIXES) or bool(STANCE_SUFFIXES.match(text[end : end + 14]))


def code_of(actor_id: str, actors: dict[str, Actor]) -> str | None:
    """The PLOVER/CAMEO-style code of an actor id per the actor convention (None when unknown)."""
    if actor_id.startswith("igo:"):
        return "IGO"
    if actor_id.startswith("unresolved:"):
        return None
    actor = actors.get(actor_id)
    if actor is not None:
        if actor.kind == "igo":
            return "IGO"
        if actor.country:
            return actor.country
    head = actor_id.split(".")[0]
    if re.fullmatch(r"[A-Z]{3}", head):
        return head
    return None


def source_of(sentence_text: str) -> str | None:
    """An explicit reporting source in the sentence ("according to X", "as reported by X")."""
    for pattern in _SOURCE_PATTERNS:
        m = pattern.search(sentence_text)
        if m:
            return m.group("src").strip()
    return None


def mention_place(analysis: Analysis, tokens: Iterable[Any]) -> str | None:
    """The text of the first place mention (GPE, LOC, FAC) that starts within the tokens."""
    positions = {t.idx for t in tokens}
    for mention in analysis.entities:
        if mention.label in PLACE_LABELS and mention.start in positions:
            return mention.text
    return None
