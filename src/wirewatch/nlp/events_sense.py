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

Round 2 (development samples A and C):

- a thing does not act: a trigger verb whose subject is information, money, a measure or an
  abstract noun ("the evidence demonstrates", "remittances help protect", "cooperation would
  help") reports no act; for hostile types only natural hazards count ("the tidal wave which
  killed"), since "the blast killed" is told of a bomber;
- assent to a fact ("agreed the Act was discriminatory", "accepted there was a problem",
  "agreed about what happened") is an opinion; AGREE needs a future or modal complement, an
  infinitive or an object;
- a proposal, promise or pledge noun is an act only where someone makes, submits, accepts or
  rejects it ("turn their proposals into change" talks of it);
- commerce: a firm (a firm noun, or a name the article calls a firm or whose profits or shares it
  mentions) agreeing, signing, supplying, ordering or rejecting, with no political party to it;
- a phone call to the public at large ("telephoning people") is canvassing, not CONSULT;
- AID "help" of a thing ("help the debt relief effort") has no beneficiary;
- "attacked the government" by a named person, "an attack on the cost of ..." is ACCUSE
  (``verbal_attack``, applied by the stage as a recoding).
"""

from __future__ import annotations

from typing import Any

from .events_args import CONDITION_MARKS, LIGHT_VERBS, WEAPON_NOUNS, base

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


#: Names of the public at large: calling them is canvassing or marketing, not a consultation.
PUBLIC = frozenset({"people", "voters", "householders", "households", "customers", "consumers", "members", "everyone",
                    "everybody", "public", "residents", "citizens", "those", "users", "subscribers", "callers"})


def _calls_the_public(token: Any) -> str | None:
    """ "telephoning the millions of people", "voters will be telephoned", "everyone we phone up": the
    manual's CONSULT (a phone call) is between actors; calls to the public at large are canvassing."""
    called = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    if token.dep_ == "relcl":
        called.append(token.head)  # "everyone we phone up"
    if called and all(c.text.lower() in PUBLIC for c in called):
        return "calls to the public"
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
        if type_ == "CONSULT" and phrase in ("phone", "telephone", "call", "phone up", "ring"):
            return _calls_the_public(token)
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
        if type_ == "AGREE" and (why := speech_noun_as_topic(token, LIGHT_VERBS)):
            return why
    if pos == "V":
        if phrase in ASSENT and type_ in ("AGREE", "SUPPORT") and (why := assent_to_fact(token)):
            return why
        if why := thing_acts(token, type_):
            return why
    return commerce(token, type_) if pos in ("V", "N") else None


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
            if child.text.lower() in THINGS or _abstract(child):
                return "aid to a thing"  # "help the debt relief effort", "help the fight against terror"
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


# -- round 2: who acts, what is agreed, who trades --------------------------------------------

#: Things that cannot act: natural hazards (the manual's events are acts of actors; "the tidal wave
#: which killed 150,000" is a disaster, not an ASSAULT) ...
HAZARDS = frozenset({"tsunami", "tsunamis", "wave", "waves", "earthquake", "earthquakes", "quake", "quakes", "flood",
                     "floods", "flooding", "storm", "storms", "hurricane", "hurricanes", "cyclone", "cyclones",
                     "typhoon", "typhoons", "tornado", "tornadoes", "drought", "droughts", "famine", "disease",
                     "diseases", "epidemic", "pandemic", "virus", "disaster", "disasters", "avalanche", "landslide",
                     "landslides", "mudslide", "eruption", "heatwave", "snow", "rain", "rains", "weather"})

#: ... and information, money, goods and measures, which only people use: "the evidence demonstrates",
#: "the research endorses our policy", "remittances help protect the economy", "the legislation would
#: ban ...", "hit by declining sales". Documents that carry an actor's own act ("a UN resolution
#: condemns", "the report accused") are not here.
THINGS = HAZARDS | frozenset({
    "evidence", "research", "study", "studies", "survey", "surveys", "poll", "polls", "book", "books", "data",
    "figure", "figures", "number", "numbers", "statistics", "finding", "findings", "view", "views", "idea", "ideas",
    "sale", "sales", "price", "prices", "rate", "rates", "money", "cash", "fund", "funds", "income", "profit",
    "profits", "growth", "inflation", "economy", "market", "markets", "demand", "remittance", "remittances",
    "export", "exports", "import", "imports", "tax", "taxes", "cut", "cuts", "scheme", "schemes", "plan", "plans",
    "policy", "policies", "law", "laws", "legislation", "bill", "bills", "rule", "rules", "directive", "directives",
    "proposal", "proposals", "deal", "deals", "film", "films", "technology", "technologies", "product", "products",
    "service", "services", "system", "systems", "machine", "machines", "computer", "computers", "card", "cards",
    "move", "measure", "measures", "change", "changes", "step", "steps", "mis-steps", "decision", "decisions",
    "experience", "history", "time", "spending", "budget", "budgets", "initiative", "initiatives",
    "programme", "programmes", "program", "programs", "project", "projects", "process", "effort", "efforts",
    # changes in an amount: "the rise in remittances helps protect the economy"
    "rise", "rises", "fall", "falls", "increase", "increases", "decline", "declines", "drop", "drops", "boost"})

#: Nominal suffixes of abstract nouns (acts, states, qualities): "cooperation would help", "the
#: agreement provides". Institutions with these endings are agents, listed below.
ABSTRACT_SUFFIXES = ("tion", "tions", "sion", "sions", "ment", "ments", "ness", "ity", "ance", "ence", "ism")

#: Abstract-looking nouns that name institutions or groups (who can act), and documents that carry an
#: actor's act: "the administration agreed", "the opposition accused", "a resolution condemns".
INSTITUTIONS = frozenset({
    "administration", "administrations", "organisation", "organisations", "organization", "organizations",
    "opposition", "coalition", "coalitions", "federation", "association", "associations", "corporation",
    "commission", "commissions", "delegation", "delegations", "foundation", "institution", "institutions",
    "nation", "nations", "government", "governments", "parliament", "parliaments", "department", "departments",
    "movement", "movements", "establishment", "management", "authority", "authorities", "community", "communities",
    "majority", "minority", "university", "universities", "charity", "charities", "alliance", "agency", "agencies",
    "presidency", "insurgency", "resistance", "intelligence", "police", "convention", "confederation", "mission",
    "missions", "union", "resolution", "resolutions", "statement", "declaration", "communique", "judgment",
    "judgement", "fraternity", "junta", "committee", "leadership", "population", "generation", "congregation",
    "conference", "assembly", "audience", "electorate", "constituency", "constituencies", "militia", "legion"})

#: Types a thing can "do" only as a figure of speech. Hostile acts are left to the hazard list: "the
#: explosion killed", "the attack destroyed" are told of an unnamed attacker.
HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN", "MOBILIZE"})


def doers(token: Any) -> list[Any]:
    """The words naming who does the act of a trigger verb: its subject (through "is to", "agreed
    to"), the "by" agent of a passive, the antecedent of "which/that". Conjuncts are not climbed:
    the model often joins a verb to the wrong clause ("said prosecutions were ... and promised")."""
    current = token
    for _ in range(5):
        agents = [o for c in current.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        if agents:
            return agents
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            subject = subjects[0]
            if subject.tag_ == "WDT" or (subject.text.lower() in ("which", "that") and current.dep_ == "relcl"):
                return [current.head] if current.dep_ == "relcl" else [subject]
            return [subject]
        if any(c.dep_ == "nsubjpass" for c in current.children):
            return []  # a passive without agent names nobody who acts
        infinitive = any(c.dep_ == "aux" and c.text.lower() == "to" for c in current.children)
        if current.dep_ == "relcl" and current.head.i != current.i and not infinitive:
            return [current.head]  # "computers which were hijacked"; not "a view to back ID cards"
        if current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.head.pos_ in ("VERB", "AUX"):
            current = current.head.head  # "the firm is ... after signing a deal": the firm signs
            continue
        if current.dep_ == "xcomp" and current.head.i != current.i:
            current = current.head
            continue
        break
    return []


def _abstract(noun: Any) -> bool:
    word = noun.text.lower()
    return noun.tag_ in ("NN", "NNS") and word not in INSTITUTIONS and word.endswith(ABSTRACT_SUFFIXES)


def thing_acts(token: Any, type_: str) -> str | None:
    """Why the doer of a trigger verb is a thing and not an actor, or None.

    The manual codes acts of actors (states, groups, people). A trigger verb whose subject is a thing
    reports no such act: "the evidence demonstrates", "remittances help protect the Mexican economy",
    "cooperation would help get better controls", "the proposal offered benefits", "the tidal wave
    which killed 150,000". Only common nouns outside names count, and for hostile types only natural
    hazards ("the blast killed" is told of a bomber).
    """
    for doer in doers(token):
        if doer.ent_type_ or (doer.pos_ in ("PROPN", "PRON") and doer.text.lower() not in ("that", "this")):
            return None
        word = doer.text.lower()
        if type_ in HOSTILE_TYPES:
            if word in HAZARDS:
                return "a hazard is no actor"
        elif word in THINGS or word in ("that", "this") or _abstract(doer):
            return "a thing is no actor"
    return None


#: Verbs of assent that take a clause of fact: "agreed the Act was discriminatory", "I agree that
#: we do not need to cut supply", "accepted there was a problem", "recognise there were new groups".
ASSENT = frozenset({"agree", "accept", "recognise", "recognize", "acknowledge", "concede", "approve"})

#: Auxiliaries that make a complement a future act (what is agreed to be done): "agreed that she
#: would not be health minister", "accepted the troops will leave".
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "should", "must"})


def assent_to_fact(token: Any) -> str | None:
    """Why an AGREE/SUPPORT verb of assent states an opinion rather than agreeing to an act, or None.

    The manual's AGREE is agreement to a course of action (future cooperation, a settlement), and
    SUPPORT (recognition) is of an actor or its policy. Assent to a clause of fact ("agreed the Act
    was discriminatory", "accepted there was a problem") or "agreed about what happened" is a
    statement of belief: no act. A complement with a future or modal auxiliary, an infinitive or an
    object keeps the event.
    """
    children = list(token.children)
    if any(c.dep_ in ("xcomp", "dobj") for c in children):
        return None
    if any(c.dep_ == "prep" and c.text.lower() == "about" for c in children):
        return "assent about a fact"
    for comp in (c for c in children if c.dep_ == "ccomp"):
        aux = {c.text.lower() for c in comp.children if c.dep_ in ("aux", "auxpass")}
        if aux & FUTURE_AUX:
            return None
        return "assent to a fact"
    return None


#: Speech-act nouns of AGREE that are an act only where someone makes, gives or puts them forward
#: ("made promises", "put forward a proposal", "gave a pledge"); elsewhere they are what is talked of
#: ("turn their proposals into real change", "look at a proposal", "criticised Tory promises").
SPEECH_NOUNS = frozenset({"proposal", "promise", "pledge", "vow"})

#: Verbs that make such a noun an act, besides the light verbs: "submitted a proposal".
PUT_FORWARD = frozenset({"submit", "unveil", "present", "outline", "table", "publish", "send", "accept",
                         "reject", "welcome", "break", "keep", "honour", "honor", "fulfil", "fulfill", "approve"})


def speech_noun_as_topic(noun: Any, light_verbs: frozenset[str]) -> str | None:
    """Why a proposal/promise/pledge noun is only a topic, or None when it is made or acted upon."""
    if base(noun) not in SPEECH_NOUNS:
        return None
    if noun.dep_ in ("dobj", "nsubjpass", "attr", "conj") and (base(noun.head) in light_verbs | PUT_FORWARD):
        return None
    if noun.dep_ == "ROOT" or noun.head.i == noun.i:
        return None  # a headline: "Brown's pledge on pensions"
    return "speech noun as topic"


#: Common nouns of firms and trade: "the firm", "operators", "German rival Deutsche Boerse", "US giant".
FIRM_NOUNS = frozenset({
    "firm", "firms", "company", "companies", "corporation", "corporations", "business", "businesses", "bank",
    "banks", "insurer", "insurers", "airline", "airlines", "carrier", "carriers", "operator", "operators",
    "retailer", "retailers", "supplier", "suppliers", "manufacturer", "manufacturers", "maker", "makers",
    "producer", "producers", "rival", "rivals", "giant", "giants", "group", "conglomerate", "studio", "studios",
    "casino", "casinos", "broadcaster", "publisher", "brewer", "chain", "supermarket", "supermarkets", "exchange",
    "investor", "investors", "shareholder", "shareholders", "bidder", "buyer", "buyers", "seller", "club",
    "clubs", "developer", "developers", "provider", "providers", "plc", "inc", "ltd", "corp", "co", "gmbh", "ag",
    "sa", "nv", "holdings", "motors", "telecom", "airways", "petroleum", "oil", "pharmaceuticals"})

#: Types of market conduct: a firm's offer, deal, order, supply, backing, refusal or merger is
#: commerce unless a political actor is party to it. Hostile acts, accusations and lawsuits between
#: firms are left in (the guide: "a strike, a lawsuit, a regulator's ban are in").
MARKET_TYPES = frozenset({"AGREE", "SUPPORT", "AID", "REQUEST", "REJECT", "COOPERATE", "CONCEDE", "CONSULT"})

#: Nouns of political actors that make a firm's deal political: "a deal with the government".
POLITICAL_NOUNS = frozenset({"government", "governments", "state", "ministry", "minister", "ministers",
                             "regulator", "regulators", "authorities", "authority", "council", "parliament",
                             "congress", "senate", "administration", "president", "commission", "court", "courts",
                             "police", "army", "military", "union", "unions", "party", "parties", "prosecutor",
                             "prosecutors", "treasury", "watchdog", "tribunal", "embassy", "cabinet", "mp", "mps"})


def _firm_names(doc: Any) -> set[str]:
    """Names the article itself calls firms: "Russian state gas firm Gazprom", "Lenovo, the Chinese
    computer firm", "German rival Deutsche Boerse", "Marsh & McLennan Inc" (kept on the Doc)."""
    cached = doc.user_data.get("wirewatch_firm_names")
    if cached is not None:
        return set(cached)
    names: set[str] = set()
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "PERSON", "PRODUCT", "FAC"):
            continue  # a country is never taken for a firm, even where the model tags a firm GPE
        root = ent.root
        words = {t.text.lower() for t in ent} | {c.text.lower() for c in root.children
                                               if c.dep_ in ("compound", "appos") and c.i < ent.start}
        words |= {w.text.lower() for c in root.children if c.dep_ == "appos" for w in c.subtree}
        if root.dep_ == "appos":
            words.add(root.head.text.lower())
        if words & FIRM_NOUNS:
            names.add(root.text.lower())
    for token in doc:
        # what only a firm owns: "Lenovo's profits", "profits at Lenovo", "shares in Boeing"
        if token.text.lower() not in FIRM_GOODS:
            continue
        owners = [c for c in token.children if c.dep_ == "poss"]
        owners += [o for c in token.children if c.dep_ == "prep" and c.text.lower() in ("at", "in", "of")
                   for o in c.children if o.dep_ == "pobj"]
        names.update(o.text.lower() for o in owners if o.pos_ == "PROPN" and o.ent_type_ not in ("GPE", "NORP", "LOC"))
    doc.user_data["wirewatch_firm_names"] = sorted(names)
    return names


#: What only a firm owns: its profits, shares and customers ("Lenovo's profits", "shares in Boeing").
FIRM_GOODS = frozenset({"profit", "profits", "shares", "shareholders", "revenue", "revenues", "turnover", "earnings",
                        "customers", "subscribers", "takeover", "takeovers", "merger", "mergers"})


def _is_firm(noun: Any, firms: set[str]) -> bool:
    word = noun.text.lower()
    if noun.pos_ == "PRON":
        return False
    return word in FIRM_NOUNS or (noun.pos_ == "PROPN" and word in firms) or (
        noun.ent_type_ == "ORG" and word in firms)


def _is_political(noun: Any) -> bool:
    return bool(noun.ent_type_ in ("GPE", "NORP") or noun.text.lower() in POLITICAL_NOUNS
                or any(c.text.lower() in POLITICAL_NOUNS | {"state", "government"} and c.dep_ == "compound"
                       for c in noun.children))


def _participants_of(token: Any) -> list[Any]:
    """The other parties of a trigger: its objects and the objects of "with/to/from/for/by"."""
    out: list[Any] = []
    for child in token.children:
        if child.dep_ in ("dobj", "dative", "iobj", "nsubjpass"):
            out.append(child)
        if child.dep_ == "prep" and child.text.lower() in ("with", "to", "from", "for", "by", "between"):
            out += [o for o in child.children if o.dep_ == "pobj"]
    return out


def commerce(token: Any, type_: str) -> str | None:
    """Why an event is a firm's market conduct and no political act, or None.

    The manual codes interactions of political actors; a firm that agrees to merge with another,
    signs a purchase, supplies an airline, orders planes or rejects a takeover bid acts in the
    market. The test: the doer is a firm (a firm noun, or a name the article calls a firm) and no
    party to the act is a political actor (a country, a government or state body, a party, a court).
    """
    if type_ not in MARKET_TYPES:
        return None
    firms = _firm_names(token.doc)
    if token.pos_ == "NOUN":
        who = [c for c in token.children if c.dep_ in ("poss", "compound") and c.pos_ in ("PROPN", "NOUN")]
        verb = token.head
        while not who and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if not who and verb.pos_ in ("VERB", "AUX"):
            who = doers(verb)  # "signing a deal to buy ...", "to supply ... in a deal": the signer, the supplier
    else:
        who = doers(token)
    if not who or not all(_is_firm(w, firms) for w in who):
        return None
    others = _participants_of(token)
    for clause in (c for c in token.children if c.dep_ in ("xcomp", "acl")):
        others += _participants_of(clause)  # "agreed to merge with Gazprom", "a deal to buy ... of IBM"
        others += [o for c in clause.children if c.dep_ == "dobj" for o in _participants_of(c)]
    scope = [*others, *(t for o in others for t in o.subtree if t.dep_ in ("compound", "poss", "appos", "conj"))]
    if any(_is_political(t) and not _is_firm(t, firms) for t in scope):
        return None
    return "commerce between firms"


#: Targets that a person can only attack in words: an institution as a whole or a thing said or
#: planned ("attacked the government", "launched an attack on the cost of the asylum system").
WORD_TARGETS = POLITICAL_NOUNS - {"police", "army", "military", "embassy"} | frozenset({
    "cost", "costs", "record", "plans", "plan", "policy", "policies", "handling", "stance", "approach", "comments",
    "remarks", "claims", "claim", "budget", "manifesto", "proposals", "proposal", "decision", "failure",
    "failures", "idea", "ideas", "system", "report", "leadership", "performance", "tactics", "campaign",
    "strategy", "views", "motives", "spending", "tax", "taxes", "scheme", "bill", "law", "laws"})


def _word_target(noun: Any) -> bool:
    word = noun.text.lower()
    return word in WORD_TARGETS or (_abstract(noun) and word not in INSTITUTIONS)


def verbal_attack(token: Any) -> bool:
    """Whether an ASSAULT "attack" is criticism (the manual's ACCUSE): a named person attacking an
    institution or a plan ("attacked the government"), or "launched an attack on the cost of the
    asylum system". Violence needs a body, a force or a place to strike; one person cannot assault
    a government or a plan."""
    node, verb = token, token
    if base(token) == "launch":
        node = next((c for c in token.children if c.dep_ == "dobj" and base(c) == "attack"), None)
    elif token.pos_ == "NOUN" and token.dep_ == "dobj":
        verb = token.head  # "made an attack on ..."
    if node is None or base(node) != "attack":
        return False
    targets = [c for c in node.children if c.dep_ == "dobj"]
    targets += [o for c in node.children if c.dep_ == "prep" and c.text.lower() in ("on", "against")
                for o in c.children if o.dep_ == "pobj"]
    if not targets or not all(_word_target(t) for t in targets):
        return False
    attackers = doers(verb)
    return bool(attackers) and all(
        a.ent_type_ == "PERSON" or (a.pos_ == "PRON" and a.text.lower() in ("he", "she", "i")) for a in attackers)
