"""Claim keys: the measured property a figure is about, normalised so that outlets line up.

A key is ``SUBJECT THING PREDICATE [to RECIPIENT]``, for example ``PRK troops sent to RUS`` or
``PRK troops killed``:
- THING is the counted noun's class ("troops", "soldiers", "forces" -> ``troops``);
- PREDICATE the class of the verb the figure is the subject or object of ("dispatched", "sent",
  "deployed" -> ``sent``; "died", "killed" -> ``killed``), empty for a plain stock ("has 1.2 million
  troops") and for a verb of no class, which is the writer's wording ("takes the rate to",
  "remains", "stood at"), not the property;
- for an amount or a percentage, THING is the measured property and the unit (``unemployment-rate
  percent``, ``profit USD``, ``economy percent`` for GDP, growth and output), and the property's
  owner is the subject ("Germany's economy shrank 0.2%" -> ``DEU economy percent``);
- SUBJECT (several words joined by no-break spaces, so that keys split on spaces) whose things they
  are: a country or actor named in the counted phrase ("North Korean soldiers"), else the doer of
  the verb ("Pyongyang has dispatched"), else a demonym on a noun of the same class in the sentence;
  a name the gazetteer does not know is kept as written ("Qantas"); with none of these the subject
  is ``?`` and the key is compared only within one story;
- RECIPIENT, for transfers only, the actor the things go to ("to Russia", "to aid Putin's forces").
The measure says how the figure counts: ``count``, ``amount USD``, ``percent``..., prefixed by a
qualifier of the predicate itself ("believed to have died" -> ``believed count``; "confirmed to have
died" -> ``confirmed count``). A qualifier of the attribution ("as confirmed by the spy agency") is
the claim's certainty, not its measure. Without a thing counted there is no key.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Actor, Analysis, Claim, Quantity
from ..nlp.events_lexicon import base_forms
from ..nlp.spacy_stage import doc_text

#: Counted nouns (singular, lower case) -> their class.
THINGS: dict[str, str] = {}
for _cls, _words in {
    "troops": "troop soldier personnel force serviceman servicemen servicemember fighter combatant infantry marine "
              "trooper mercenary conscript reservist",
    "staff": "worker labourer laborer job employee staff staffer workforce",
    "unemployed": "unemployed jobless unemployment",
    "civilians": "civilian",
    "people": "people person individual resident citizen",
    "deaths": "death fatality dead body life",
    "casualties": "casualty",
    "refugees": "refugee migrant asylum-seeker evacuee",
    "copies": "copy",
    "users": "user subscriber",
    "customers": "customer client",
    "viewers": "viewer",
    "missiles": "missile rocket",
    "shells": "shell round",
    "drones": "drone uav",
    "prisoners": "prisoner detainee captive hostage pow",
    "votes": "vote ballot",
    "voters": "voter",
    "delegates": "delegate",
}.items():
    for _w in _words.split():
        THINGS[_w] = _cls

#: Nouns that hold the counted thing in an "of" phrase.
CONTAINERS = frozenset({"type", "types", "kind", "kinds", "sort", "sorts", "number", "numbers", "group", "groups",
                        "batch", "batches", "unit", "units", "contingent", "contingents", "total", "wave", "waves"})

#: A qualifier participle after the counted noun, read from the text where the parse does not link it:
#: "the 101 soldiers confirmed to have died", "soldiers believed killed".
QUALIFIED = re.compile(r"^\s+(?:who\s+(?:are|were|have been|had been)\s+)?(?P<q>believed|confirmed|presumed|thought|"
                       r"reported|feared|estimated|suspected|claimed)\s+(?:to\s+(?:have\s+)?(?:been\s+|be\s+)?)?"
                       r"(?P<p>[a-z]+)", re.I)

KNOWN_THINGS = frozenset(THINGS.values())

#: Things whose demonym names where they come from, not whose they are ("Syrian refugees" admitted
#: by the U.S.): their subject is the doer of the verb.
ORIGIN_THINGS = frozenset({"refugees", "prisoners"})

#: A figure adjusted (seasonally, for inflation) is another measure than the raw one.
ADJUSTED = re.compile(r"\b(?:seasonally adjusted|adjusted for (?:seasonal|inflation))", re.I)

#: Prepositions that give where a transfer comes from, never where it goes.
ORIGIN_PREPS = frozenset({"out", "from", "off"})

#: Predicates (base forms) -> their class.
PREDICATES: dict[str, str] = {}
for _cls, _words in {
    "sent": "send dispatch deploy transfer station post commit supply provide deliver ship move mobilize mobilise "
            "export give",
    "killed": "die kill perish slay dead",
    "lost": "lose",
    "wounded": "wound injure hurt maim",
    "captured": "capture detain arrest imprison seize",
    "admitted": "accept admit resettle welcome",
    "sold": "sell",
    "": "have attract draw pull reach boast count total number employ",
    "missing": "miss disappear",
    "displaced": "flee displace evacuate uproot",
    "fired": "fire launch test",
    "raised": "raise collect donate",
    "spent": "spend",
    "won": "win",
    "hired": "hire",
    "cut": "cut eliminate axe sack fire shed lay slash",
    "created": "create add",
    "bought": "buy purchase acquire",
    "paid": "pay",
}.items():
    for _w in _words.split():
        PREDICATES.setdefault(_w, _cls)

#: Predicate classes whose figure goes somewhere: the recipient is part of the key.
TRANSFERS = frozenset({"sent"})

#: Participles that qualify the predicate and so change what is counted ("believed to have died").
MEASURE_QUALIFIERS = {"believe": "believed", "think": "believed", "presume": "believed", "suspect": "believed",
                      "fear": "believed", "confirm": "confirmed", "verify": "confirmed", "report": "reported",
                      "estimate": "estimated", "claim": "claimed"}

#: Nouns of the thing counted that stand for the predicate too ("600 deaths" = 600 people killed).
NOUN_PREDICATES = {"deaths": ("people", "killed"), "casualties": ("people", "casualties")}

#: For jobs and staff, losing, going and being cut are one thing.
STAFF_CUTS = frozenset({"lost", "go", "cut", "fired"})

#: Nouns governing "of" + the figure that name the predicate ("a net loss of 800,000 jobs").
NOUN_VERBS = {"loss": "lost", "losses": "lost", "cut": "cut", "cuts": "cut", "deployment": "sent",
              "dispatch": "sent", "transfer": "sent", "sale": "sold", "sales": "sold", "death": "killed",
              "deaths": "killed", "creation": "created", "arrest": "captured", "arrests": "captured"}

#: Adjectives or participles on the counted noun that qualify the measure ("140,000 confirmed deaths").
NOUN_QUALIFIERS = {"confirmed": "confirmed", "reported": "reported", "suspected": "believed",
                   "presumed": "believed", "official": "confirmed"}

#: The subject of a key whose figure names none: such keys are compared only within one story.
NO_SUBJECT = "?"


def _singular(word: str) -> str:
    w = word.lower()
    if w == "lives":
        return "life"
    if w in THINGS:
        return w
    for form in base_forms(w):
        if form in THINGS:
            return form
    return w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w


def _base(token: Any) -> str:
    for form in base_forms(token.text):
        if form in PREDICATES or form in MEASURE_QUALIFIERS:
            return form
    return base_forms(token.text)[0]


def _predicate_class(verb: Any) -> str:
    """The class of a verb that says what is counted ("sent", "killed"); a verb of none of the
    classes is the writer's wording ("takes the rate to", "remains", "stood at"), not the property,
    and leaves no predicate."""
    if verb.lower_ in NOUN_VERBS:
        return NOUN_VERBS[verb.lower_]
    base = _base(verb)
    if "take" in base_forms(verb.text) and any(c.dep_ == "prt" and c.lower_ == "in" for c in verb.children):
        return "admitted"  # "taking in 10,000 refugees"
    return PREDICATES.get(base, "")


#: Words for one measured property ("jobless" and "unemployment" rates).
PROPERTY_SYNONYMS = {"jobless": "unemployment", "joblessness": "unemployment", "earnings": "profit",
                     "profits": "profit", "takings": "revenue", "turnover": "revenue", "sales": "revenue",
                     "revenues": "revenue"}
#: Nouns too vague to name a property on their own.
VAGUE_PROPERTIES = frozenset({"figure", "number", "total", "amount", "sum", "level", "value", "price", "cost",
                              "rate", "share", "growth", "rise", "fall", "increase", "decrease", "deal", "stake"})


def _noun_word(noun: Any) -> str:
    word = noun.lower_
    word = PROPERTY_SYNONYMS.get(word, word)
    forms = base_forms(word) if word.endswith("s") and not word.endswith("ss") else [word]
    return PROPERTY_SYNONYMS.get(forms[0], forms[0])


#: Names of one property that economic news words many ways: the size of an economy and its growth
#: ("the economy grew 2%", "GDP rose 2%", "growth of 2%", "output expanded 2%").
PROPERTY_CLASSES = {**{w: "economy" for w in ("economy", "gdp", "growth", "economic-growth", "gdp-growth",
                                               "annual-growth", "output", "economic-output", "product",
                                               "domestic-product", "expansion", "economic-expansion",
                                               "contraction", "recession")},
                    "jobless-rate": "unemployment-rate", "jobless-total": "unemployment",
                    "unemployment-level": "unemployment"}


def _property_words(noun: Any) -> str:
    """A measured property's noun with the modifier that makes it precise when it is vague
    ("unemployment rate", "oil price"; "profit" alone), in its class ("GDP", "growth" -> economy)."""
    word = _noun_word(noun)
    if word in VAGUE_PROPERTIES:
        mods = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "ADJ", "PROPN")
                and c.i < noun.i and c.ent_type_ not in ("GPE", "NORP", "ORG", "PERSON")]
        if mods:
            word = f"{_noun_word(mods[-1])}-{word}"
    return PROPERTY_CLASSES.get(word, word)


def _measured_property(root: Any) -> Any:
    """What an amount or a percentage measures: the noun it modifies ("a $2bn deal"), governs by
    "of" ("profits of $1.1bn", "a rate of 5%"), or is brought to by a verb ("takes the jobless rate
    to 12.1%", "profits rose to $1.1bn", "the rate remains 4.7%"): the noun's token, or None."""
    head = root.head
    if root.dep_ in ("compound", "nmod", "amod", "nummod") and head.pos_ == "NOUN" and head.i > root.i:
        return head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return head.head
    holder = head.head if root.dep_ == "pobj" and head.dep_ == "prep" else head
    if holder.pos_ in ("VERB", "AUX") and _predicate_class(holder):
        return None  # "shareholders lost $2bn", "paid $27bn": the subject is who loses or pays
    if root.dep_ in ("pobj", "dobj", "attr", "npadvmod", "oprd", "acomp") and holder.pos_ in ("VERB", "AUX"):
        for dep in (("dobj",) if root.dep_ == "pobj" else ()) + ("nsubj", "nsubjpass"):
            found = [c for c in holder.children if c.dep_ == dep and c.pos_ == "NOUN" and c.i != root.i]
            if found:
                return found[0]
    return None


def _base_word(word: str) -> str:
    for form in base_forms(word):
        if form in MEASURE_QUALIFIERS:
            return form
    return word.lower()


def _code(actor_id: str | None, actors: dict[str, Actor]) -> str | None:
    """The country code of an actor id (``PRK.military`` -> PRK), else the id itself for people and groups."""
    if not actor_id:
        return None
    actor = actors.get(actor_id)
    if actor_id.startswith("unresolved:"):
        # a name the gazetteer does not know ("Qantas", "WorldCom") still names the subject
        return actor.name if actor is not None and actor.kind == "unresolved" and actor.name[:1].isupper() else None
    if actor is not None and actor.country and actor.kind in ("country", "group"):
        return actor.country
    head = actor_id.split(".")[0]
    if len(head) == 3 and head.isupper():
        return head
    if actor is not None and actor.country and actor.kind == "person" and actor.sector == "government":
        return actor.country
    return actor_id


def _actor_in(analysis: Analysis, tokens: list[Any], head: Any = None) -> str | None:
    """The actor named in the tokens: the mention holding the phrase's head first, else the first one."""
    if head is not None:
        for mention in analysis.entities:
            if mention.start <= head.idx < mention.end:
                code = _code(mention.actor, analysis.actors)
                if code:
                    return code
    starts = {t.idx for t in tokens}
    for mention in analysis.entities:
        if mention.start in starts:
            code = _code(mention.actor, analysis.actors)
            if code:
                return code
    return None


def _number_token(doc: Any, q: Quantity) -> Any:
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    return span[-1] if span is not None and len(span) else None


def _of_object(token: Any) -> Any:
    """The head noun of an "of" phrase on the token ("thousands of military workers" -> workers)."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def _counted_noun(num: Any) -> Any:
    noun = num
    if num.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and num.head.pos_ in ("NOUN", "PROPN") \
            and num.head.i > num.i:
        noun = num.head
    elif (obj := _of_object(num)) is not None:
        noun = obj
    # "two new types of missiles", "a number of troops": the thing is the object of "of"
    if noun.lower_ in CONTAINERS and (obj := _of_object(noun)) is not None:
        noun = obj
    return noun


def _predicate(noun: Any, phrase: Any) -> tuple[Any, str | None]:
    """The verb the counted phrase (headed by ``phrase``) is the subject or object of, and a qualifier
    participle on the way."""
    qualifier: str | None = None
    verb = None
    # "the 101 soldiers confirmed to have died": a participle on the noun
    for child in noun.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX"):
            verb = child
            break
    if verb is None and phrase.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj"):
        head = phrase.head
        while head.dep_ in ("prep", "conj", "agent") and head.head.i != head.i:
            head = head.head
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            verb = head
    m = QUALIFIED.match(doc_text(noun.doc)[noun.idx + len(noun.text):noun.idx + len(noun.text) + 60])
    if m:
        after = noun.doc.char_span(noun.idx + len(noun.text) + m.start("p"), noun.idx + len(noun.text) + m.end("p"))
        if after is not None and len(after) == 1:
            return after[0], MEASURE_QUALIFIERS.get(_base_word(m.group("q")))
    if verb is None and phrase.dep_ == "pobj" and phrase.head.lower_ == "of" and phrase.head.head.lower_ in NOUN_VERBS:
        return phrase.head.head, None
    if verb is None:
        return None, None
    if _base(verb) == "be":
        inner = [c for c in verb.children if c.dep_ == "xcomp"]
        verb = inner[0] if inner else verb
    base = _base(verb)
    if base in MEASURE_QUALIFIERS:
        inner = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "acomp")]
        if inner:
            qualifier = MEASURE_QUALIFIERS[base]
            verb = inner[0]
            if verb.pos_ == "AUX" or _base(verb) == "be":
                # "confirmed to be dead"
                deeper = [c for c in verb.children if c.dep_ in ("acomp", "attr", "xcomp")]
                verb = deeper[0] if deeper else verb
    return verb, qualifier


def _measure(q: Quantity, qualifier: str | None) -> str:
    if q.unit == "percent":
        base = "percent"
    elif q.unit:
        base = f"amount {q.unit}"
    else:
        base = "count"
    return f"{qualifier} {base}" if qualifier else base


def claim_key(analysis: Analysis, claim: Claim, q: Quantity) -> tuple[str | None, str | None]:
    """The key and measure of a claim's figure, or ``(None, measure)`` when the property cannot be read."""
    doc = analysis.nlp
    if doc is None:
        return None, _measure(q, None)
    num = _number_token(doc, q)
    if num is None:
        return None, _measure(q, None)
    noun = _counted_noun(num)
    if q.unit:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            noun = span.root  # "$916 million": the phrase's head carries its relation to the verb
    if not q.unit and noun.i == num.i and num.dep_ == "pobj" and num.head.lower_ == "of" \
            and num.head.head.pos_ == "NOUN" and _singular(num.head.head.text) in THINGS:
        noun = num.head.head  # "unemployment of more than five million", "a workforce of 6,500"
    thing_word = _singular(noun.text) if noun is not None and noun.pos_ in ("NOUN", "PROPN") else None
    thing: str | None
    prop_noun = _measured_property(noun) if q.unit else None
    noun_predicate = None
    if q.unit:
        thing = f"{_property_words(prop_noun)} {q.unit}" if prop_noun is not None else q.unit
    else:
        thing = THINGS.get(thing_word, thing_word) if thing_word else None
        counted = [c for c in noun.children if c.dep_ == "compound" and _singular(c.text) in THINGS]
        if noun.lower_ in NOUN_VERBS and counted:
            # "12,000 job cuts", "troop deployments": the compound is counted, the noun is the act
            thing, noun_predicate = THINGS[_singular(counted[-1].text)], NOUN_VERBS[noun.lower_]
    if not thing:
        return None, _measure(q, None)
    phrase = noun if noun.i > num.i and num.head.i == noun.i else num
    if phrase.dep_ in ("nummod", "quantmod") or phrase.head.lower_ == "of":
        phrase = noun
    verb, qualifier = _predicate(noun, phrase if phrase.i != num.i or _of_object(num) is None else num)
    predicate = noun_predicate or (_predicate_class(verb) if verb is not None else "")
    if thing in NOUN_PREDICATES:
        thing, predicate = NOUN_PREDICATES[thing]
    if predicate in ("be", "have"):
        predicate = ""
    if any(c.lower_ == "dead" for c in [*noun.children, *(verb.children if verb is not None else [])]):
        predicate = "killed"  # "left 25,000 people dead"
    if thing == "staff" and predicate in STAFF_CUTS:
        predicate = "cut"
    if qualifier is None and noun is not None:
        qualifier = next((NOUN_QUALIFIERS[c.lower_] for c in noun.children
                          if c.dep_ == "amod" and c.lower_ in NOUN_QUALIFIERS), None)
    noun_phrase = [t for t in noun.subtree if t.i <= noun.i] if noun is not None else []
    if thing in ORIGIN_THINGS and verb is not None:
        # "the U.S. had accepted 11,491 Syrian refugees": the host, not the refugees' country
        subject = _doer(analysis, verb, noun)
    else:
        subject = _actor_in(analysis, noun_phrase)
        if subject is None and prop_noun is not None:
            # whose property it is: "Germany's economy shrank 0.2%", "the UK's jobless rate rose to 4.7%"
            subject = _actor_in(analysis, [t for t in prop_noun.subtree if t.i < prop_noun.i])
        if subject is None and verb is not None:
            subject = _doer(analysis, verb, noun)
    if qualifier is None and ADJUSTED.search(num.sent.text):
        qualifier = "adjusted"
    sent = num.sent
    if subject is None:
        # a demonym on a noun of the same class in the sentence: "North Korean soldiers who fought ... the 101 soldiers"
        for tok in sent:
            if tok.i != noun.i and tok.pos_ == "NOUN" and THINGS.get(_singular(tok.text)) == thing:
                subject = _actor_in(analysis, [t for t in tok.subtree if t.i < tok.i])
                if subject:
                    break
    if subject is None and thing not in KNOWN_THINGS and not q.unit:
        return None, _measure(q, qualifier)  # an unknown thing of an unknown subject: too vague to line up
    # a subject of several words stays one part of the key ("Ted\u00a0Cruz delegates"): keys split on spaces
    parts = [(subject or NO_SUBJECT).replace(" ", "\u00a0"), thing]
    if predicate:
        parts.append(predicate)
    if predicate in TRANSFERS and verb is not None:
        dest = _recipient(analysis, verb, subject or NO_SUBJECT)
        if dest:
            parts += ["to", dest]
    return " ".join(parts), _measure(q, qualifier)


def _doer(analysis: Analysis, verb: Any, noun: Any) -> str | None:
    """The actor doing the verb: its subject or agent, climbing "agreed to send" and "and sent" chains."""
    for _ in range(4):
        doers = [c for c in verb.children if c.dep_ == "nsubj" and c.i != noun.i]
        doers += [p for c in verb.children if c.dep_ == "agent" for p in c.children if c.dep_ == "pobj"]
        for doer in doers:
            found = _actor_in(analysis, list(doer.subtree), doer)
            if found:
                return found
        if doers or verb.dep_ not in ("xcomp", "conj", "advcl") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _recipient(analysis: Analysis, verb: Any, subject: str) -> str | None:
    """Where a transfer goes: the object of "to", else another actor in the verb's clause ("to aid Putin's forces")."""
    for child in verb.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in ("to", "into", "for"):
            found = _actor_in(analysis, list(child.subtree))
            if found and found != subject:
                return found
    for child in verb.children:
        if child.dep_ in ("xcomp", "advcl", "prep", "dobj") and child.lower_ not in ORIGIN_PREPS:
            for tok in child.subtree:
                found = _actor_in(analysis, [tok])
                if found and found != subject:
                    return found
    return None


def _units() -> list[str]:
    from ..nlp.quantities import UNITS_EXACT, UNITS_FOLDED

    return sorted({*UNITS_FOLDED.values(), *UNITS_EXACT.values()}, key=len, reverse=True)


_UNITS = _units()


def split_key(key: str) -> tuple[str, str | None, str]:
    """(subject, measured property or None, the rest) of a key: ``GBR unemployment-rate percent``
    -> (``GBR``, ``unemployment-rate``, ``percent``); ``PRK troops sent to RUS`` -> (``PRK``, None,
    ``troops sent to RUS``)."""
    subject, _, rest = key.partition(" ")
    first, _, after = rest.partition(" ")
    if after and not any(rest == u or rest.startswith(u + " ") for u in _UNITS) and \
            any(after == u or after.startswith(u + " ") for u in _UNITS):
        return subject, first, after
    return subject, None, rest


def keys_match(a: str | None, b: str | None) -> bool:
    """Two keys name the same property: equal, or equal but for a subject, a measured property or
    a recipient one of them leaves unnamed, as long as a subject or a property is named and shared
    ("? percent" lines up with nothing it does not equal)."""
    if not a or not b:
        return False
    if a == b:
        return True
    sa, pa, rest_a = split_key(a)
    sb, pb, rest_b = split_key(b)
    if sa != sb and NO_SUBJECT not in (sa, sb):
        return False
    if pa != pb and None not in (pa, pb):
        return False
    anchored = (sa == sb and sa != NO_SUBJECT) or (pa == pb and pa is not None)
    if not anchored and (pa is not None or pb is not None):
        return False  # only wildcards in common: "? percent" and "? growth percent"
    # a recipient named on one side only ("sent to RUS" / "sent") is not a different property
    return rest_a == rest_b or rest_a.split(" to ")[0] == rest_b or rest_b.split(" to ")[0] == rest_a
