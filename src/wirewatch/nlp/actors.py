"""Entities made robust to casing noise and metonyms, and resolved to canonical actors.

How it works, per article:
1. Gazetteer matches over the spaCy tokens, longest first. Multi-word names match whatever their
   casing ("lee jae Myung", "north Korea"): a badly cased name stays one mention. One-word names
   must be capitalised ("Kim", "Seoul"), and acronyms must match exactly ("US" but not "us").
2. spaCy's own entities are kept where no gazetteer match covers them; an ORG that contains a
   country name ("the Korea Institute for National Unification") stays whole.
3. Short names resolve only after the full name in the same article ("Kim" after "Kim Jong Un"),
   unless the data file marks the surname as unique ("Putin"); "the North" resolves to North Korea
   only in an article that names a Korea.
4. A country or demonym followed by a sector noun becomes that country's sector: "North Korean
   soldiers" -> ``PRK.military``, "South Korea's spy agency" -> ``KOR.intelligence``.
5. A PERSON, ORG, GPE or NORP name that does not resolve becomes an ``unresolved:`` actor with no
   country. Other labels (LOC, EVENT, LAW, ...) are kept as mentions without an actor.
6. Ethnic groups belong to the country they live in: "Bosnian Serbs" is one mention of ``BIH.ethnic``;
   "ethnic Albanians" in a sentence placing them in Serbia is ``SRB.ethnic`` (see ``_ethnic_groups``).
Metonyms ("Pyongyang has dispatched", "the Kremlin said") resolve to the country; whether a
capital is an agent or a place is left to the events stage, which sees the syntax.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Actor, Analysis, Mention
from .gazetteer import CONTEXTUAL, Entry, Gazetteer, chunks, first_chunk, load, norm

#: Labels whose unresolved names still become (unresolved) actors.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})

#: A name followed by one of these is an exercise or operation, not a person ("Freedom Shield exercise").
EVENT_NOUNS = re.compile(r"^\s*(?:military\s+|joint\s+)?(?:exercises?|drills?|operations?|summit|talks|war|treaty)\b",
                         re.I)

_POSSESSIVE = ("'s", "’s", "'", "’")

#: Characters after a country or demonym searched for a sector noun (and a name after a role noun).
SECTOR_WINDOW = 60

#: Prepositions that place something somewhere ("in Serbia", "near Macedonia's border").
LOCATIVE_PREPS = frozenset({"in", "near", "inside", "within", "throughout", "across"})

#: Titles that precede a name without being part of the name's span of another entity.
TITLE_WORDS = frozenset({"president", "prime", "minister", "chancellor", "king", "queen", "premier", "general",
                         "secretary", "senator", "governor", "mr", "mrs", "ms", "dr", "leader", "chairman"})


def _merge_person_fragments(text: str, ents: list[Mention]) -> list[Mention]:
    """Join PERSON entities separated by one space only ("Lee" + "Jae Myung"): a name is never split."""
    out: list[Mention] = []
    for ent in ents:
        prev = out[-1] if out else None
        if prev is not None and prev.label == ent.label == "PERSON" and text[prev.end : ent.start] == " ":
            out[-1] = Mention(start=prev.start, end=ent.end, text=text[prev.start : ent.end], label="PERSON",
                              stage=prev.stage)
        else:
            out.append(ent)
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", norm(text)).strip("-") or "x"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces and a trailing possessive ("North Korea" in "North Korea’s").

    A leading "the" stays where spaCy or the gazetteer alias has it ("the Bank of England", as
    MEANTIME annotates names); lookups ignore it.
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    span = text[start:end]
    for suffix in _POSSESSIVE:
        if span.endswith(suffix) and len(span.rstrip(suffix).strip()) > 1:
            end -= len(suffix)
            while end > start and text[end - 1].isspace():
                end -= 1
            break
    return start, end


_ONE_WORD = re.compile(r"[a-z-]+\s+")


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _word_ends(text: str, at: int) -> bool:
    """A word boundary at ``at`` (as ``\\b`` in a pattern)."""
    before = at > 0 and _is_word_char(text[at - 1])
    after = at < len(text) and _is_word_char(text[at])
    return before != after


#: Per gazetteer (by identity): every prefix of the first chunk of every alias -> most tokens a
#: name beginning so can take.
_STARTS: dict[int, tuple[Gazetteer, dict[str, int]]] = {}


def _name_starts(g: Gazetteer) -> dict[str, int]:
    """Every prefix of every alias's first word, with the most tokens a name starting with it can
    span: a span can only match if its first token is one, and is no longer than that.

    (A prefix, not the word: the tokeniser may cut "U.N." as "U.N" and ".". A name of c chunks,
    split at spaces and hyphens, is at most 3c + 1 tokens: a chunk may be cut in two at an
    apostrophe or a full stop, and each hyphen is a token of its own.)
    """
    cached = _STARTS.get(id(g))
    if cached is None or cached[0] is not g:
        starts: dict[str, int] = {}
        for key in g.aliases:
            chunk = first_chunk(key)
            most = 3 * len(chunks(key)) + 1
            for k in range(1, len(chunk) + 1):
                starts[chunk[:k]] = max(starts.get(chunk[:k], 0), most)
        cached = (g, starts)
        _STARTS[id(g)] = cached
    return cached[1]


class ActorStage:
    """Refines entity mentions and resolves them to canonical actors (see the module docstring)."""

    name = "actors"
    requires: tuple[str, ...] = ("nlp", "sentences", "entities")
    provides: tuple[str, ...] = ("actors",)

    def __init__(self) -> None:
        self.gazetteer: Gazetteer = load()

    def __call__(self, analysis: Analysis) -> None:
        doc = analysis.nlp
        text = analysis.text
        g = self.gazetteer

        raw = self._gazetteer_matches(doc, text) if doc is not None else []
        matches = [(*_trim(text, s, e), entries) for s, e, entries in raw]
        spacy_ents = _merge_person_fragments(text, sorted(analysis.entities, key=lambda m: m.start))
        for ent in spacy_ents:
            inside = [m for m in matches if ent.start <= m[0] and m[1] <= ent.end and (m[0], m[1]) != (ent.start,
                                                                                                       ent.end)]
            if inside and not g.lookup(text[ent.start : ent.end]) and self._longer_name(text, ent, inside):
                matches = [m for m in matches if m not in inside]
        mentions: list[Mention] = []
        taken: list[tuple[int, int]] = []
        for start, end, entries in matches:
            mentions.append(Mention(start=start, end=end, text=text[start:end], label=entries[0].label,
                                    stage=self.name))
            taken.append((start, end))
        for ent in spacy_ents:
            if any(ent.start < e and s < ent.end for s, e in taken):
                continue
            start, end = _trim(text, ent.start, ent.end)
            label = ent.label
            if label == "PERSON" and EVENT_NOUNS.match(text[end : end + 30]):
                label = "EVENT"
            mentions.append(Mention(start=start, end=end, text=text[start:end], label=label, stage=self.name))
        mentions.sort(key=lambda m: m.start)
        analysis.entities = mentions
        self._resolve(analysis, {(s, e): ents for s, e, ents in matches})

    @staticmethod
    def _longer_name(text: str, ent: Mention, inside: list[tuple[int, int, list[Entry]]]) -> bool:
        """spaCy's entity is a longer name around gazetteer matches: keep it whole.

        "the Korea Institute for National Unification" (an ORG of three words or more), or one place
        name extended by capitalised words ("Washington Mutual", "Ford Australia", "North America").
        Not when the matches are people or several names ("South Korean President Lee Jae Myung").
        """
        if ent.label == "ORG" and len(text[ent.start : ent.end].split()) >= 3:
            return True
        if len(inside) != 1 or inside[0][2][0].label == "PERSON":
            return False
        s, e, _ = inside[0]
        rest = (text[ent.start : s] + " " + text[e : ent.end]).split()
        rest = [w for w in rest if w.lower() not in ("the", "'s", "’s")]
        return bool(rest) and all(w[0].isupper() and w.lower() not in TITLE_WORDS for w in rest)

    # -- matching --------------------------------------------------------------------------

    def _gazetteer_matches(self, doc: Any, text: str) -> list[tuple[int, int, list[Entry]]]:
        g = self.gazetteer
        tokens = list(doc)
        out: list[tuple[int, int, list[Entry]]] = []
        i = 0
        while i < len(tokens):
            found = None
            if tokens[i].is_space or tokens[i].is_punct:
                i += 1
                continue
            most = _name_starts(g).get(first_chunk(norm(tokens[i].text)))
            if most is None:
                i += 1  # no name begins like this word (most words): no span from here can match
                continue
            for n in range(min(g.max_words + 1, len(tokens) - i, most), 0, -1):
                first, last = tokens[i], tokens[i + n - 1]
                if last.is_space or last.lower_ in _POSSESSIVE:
                    continue
                start, end = first.idx, last.idx + len(last.text)
                surface = text[start:end]
                entries = g.aliases.get(norm(surface))
                if not entries:
                    continue
                if not self._case_ok(surface, n):
                    continue
                found = (start, end, entries, n)
                break
            if found is None:
                i += 1
                continue
            start, end, entries, n = found
            rest = text[start + 4 : end]
            if text[start : start + 4].lower() == "the " and rest.replace(".", "").isupper() and g.lookup(rest):
                start += 4  # "the US" -> "US", as NER annotates acronyms (but "the Bank of England" stays)
            out.append((start, end, entries))
            i += n
        return out

    @staticmethod
    def _case_ok(surface: str, n_tokens: int) -> bool:
        letters = re.sub(r"[^A-Za-z]", "", surface)
        if not letters:
            return False
        if len(letters) <= 4 and letters.isupper():
            return True  # acronyms: "US", "NATO", "KCNA"
        if n_tokens == 1 or len(surface.split()) == 1:
            return surface[0].isupper() and not (len(letters) <= 3 and not letters.isupper() and letters.lower() in
                                                  {"us", "un", "eu", "uk"})
        return any(c.isupper() for c in surface) or (len(surface.split()) >= 2 and surface.islower() is False)

    # -- resolution ------------------------------------------------------------------------

    def _resolve(self, analysis: Analysis, gazetteer_spans: dict[tuple[int, int], list[Entry]]) -> None:
        g = self.gazetteer
        text = analysis.text
        seen_people: dict[str, Actor] = {}
        countries_seen: set[str] = set()
        actors: dict[str, Actor] = {}
        for m in analysis.entities:
            actor: Actor | None = None
            entries = gazetteer_spans.get((m.start, m.end)) or (g.lookup(m.text) if m.label in ACTOR_LABELS else [])
            entry = self._choose(entries, seen_people)
            if entry is not None:
                actor = entry.actor
                if actor.kind == "person":
                    if entry.how == "surname" and actor.id not in seen_people:
                        actor = None  # "Kim" before any "Kim Jong Un": ambiguous, leave unresolved
                    else:
                        seen_people[actor.id] = actor
                if actor is not None and actor.kind == "country":
                    countries_seen.add(actor.id)
                    names_after = [norm(p.text) for p in analysis.entities
                                   if p.label == "PERSON" and m.end < p.start <= m.end + SECTOR_WINDOW]
                    sector = self._sector_after(text, m.end, names_after)
                    if sector:
                        actor = g.sector_actor(actor.id, sector)
            elif norm(m.text) in CONTEXTUAL and ({"PRK", "KOR"} & countries_seen):
                actor = g.country(CONTEXTUAL[norm(m.text)])
            if actor is None and m.label in ACTOR_LABELS:
                actor = Actor(id=f"unresolved:{_slug(m.text)}", name=m.text, kind="unresolved")
            if actor is not None:
                m.actor = actor.id
                actors.setdefault(actor.id, actor)
        self._contextual_north(analysis, actors, countries_seen)
        self._ethnic_groups(analysis, actors)
        analysis.actors = actors

    @staticmethod
    def _choose(entries: list[Entry], seen: dict[str, Actor]) -> Entry | None:
        if not entries:
            return None
        for e in entries:  # a surname shared by several people: the one already named in the article
            if e.actor.id in seen:
                return e
        return entries[0]

    def _sector_after(self, text: str, end: int, names_after: list[str]) -> str | None:
        """The sector noun right after a country or demonym ("North Korean soldiers" -> military).

        A role followed by a person's name ("Russia's security chief, Sergei Shoigu", "South Korean
        President Lee Jae Myung") makes no sector: the actor there is the person, and the country
        mention stays the country.
        """
        following = norm(text[end : end + SECTOR_WINDOW].replace("’", "'"))
        following = re.sub(r"^'s?\s*", "", following)
        # each noun right at the start, or after one word ("North Korean [special] forces"); the
        # nouns in the gazetteer's order, the first that fits wins
        first = _ONE_WORD.match(following)
        for noun, sector in self.gazetteer.sectors:
            stop = None
            if first is not None and following.startswith(noun, first.end()) \
                    and _word_ends(following, first.end() + len(noun)):
                stop = first.end() + len(noun)
            elif following.startswith(noun) and _word_ends(following, len(noun)):
                stop = len(noun)
            if stop is not None:
                rest = following[stop:].lstrip(" ,")
                if any(rest.startswith(name) for name in names_after):
                    return None
                return sector
        return None

    def _ethnic_groups(self, analysis: Analysis, actors: dict[str, Actor]) -> None:
        """Ethnic groups belong to the country they live in (CAMEO's convention for minorities).

        - a demonym followed by a group's name is one mention of that country's group: "Bosnian Serbs",
          "Iraqi Kurds", "Turkish Kurd" -> ``BIH.ethnic``, ``IRQ.ethnic``, ``TUR.ethnic``;
        - "ethnic Albanians" in a sentence that names exactly one other country ("in southeastern
          Serbia"), or several of which exactly one is where something is ("near Macedonia's border with
          Bulgaria") -> that country's group; otherwise the demonym's country stays.
        """
        g = self.gazetteer
        text = analysis.text
        ents = analysis.entities
        merged: list[Mention] = []
        for m in ents:
            prev = merged[-1] if merged else None
            if (prev is not None and prev.label == "NORP" and m.label in ("NORP", "PERSON")
                    and text[prev.end : m.start] == " " and " " not in m.text and m.text[:1].isupper()
                    and (m.label == "NORP" or self._group_word(analysis, m))
                    and not text[max(0, prev.start - 7) : prev.start].lower().endswith("ethnic ")):
                country = self._country_of(prev.actor, actors)
                own = self._country_of(m.actor, actors)
                entries = g.lookup(prev.text)
                if country and own != country and any(e.how == "demonym" for e in entries):
                    actor = g.sector_actor(country, "ethnic")
                    actors.setdefault(actor.id, actor)
                    merged[-1] = Mention(start=prev.start, end=m.end, text=text[prev.start : m.end], label="NORP",
                                         stage=self.name, actor=actor.id)
                    continue
            merged.append(m)
        analysis.entities = merged
        doc = analysis.nlp
        if doc is None:
            return
        for m in merged:
            if not text[max(0, m.start - 7) : m.start].lower().endswith("ethnic "):
                continue
            own = self._country_of(m.actor, actors)
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if own is None or span is None:
                continue
            sent = span.sent
            others = {self._country_of(o.actor, actors) for o in merged
                      if o is not m and sent.start_char <= o.start < sent.end_char and o.label in ("GPE", "NORP")
                      and not text[max(0, o.start - 7) : o.start].lower().endswith("ethnic ")}
            others -= {None, own}
            if len(others) > 1:
                others = self._located_in(sent, merged, actors) - {None, own}
            country = others.pop() if len(others) == 1 else None
            if country is not None:
                actor = g.sector_actor(country, "ethnic")
                actors.setdefault(actor.id, actor)
                m.actor = actor.id
        used = {m.actor for m in merged}
        for actor_id in [a for a in actors if a not in used]:
            del actors[actor_id]  # the demonym's country of a group that now belongs elsewhere

    def _located_in(self, sent: Any, mentions: list[Mention], actors: dict[str, Actor]) -> set[str | None]:
        """Countries the sentence places something in: places that head the object of a locative
        preposition, or own it ("in southeastern Serbia", "near Macedonia's border")."""
        out: set[str | None] = set()
        for tok in sent:
            if tok.dep_ != "prep" or tok.lower_ not in LOCATIVE_PREPS:
                continue
            for obj in (c for c in tok.children if c.dep_ == "pobj"):
                heads = [obj, *(c for c in obj.children if c.dep_ in ("poss", "compound", "amod"))]
                for head in heads:
                    out |= {self._country_of(m.actor, actors) for m in mentions
                            if m.label == "GPE" and m.start <= head.idx < m.end}
        return out

    @staticmethod
    def _group_word(analysis: Analysis, m: Mention) -> bool:
        """A name tagged PERSON that is a people's name: plural ("Kurds") or before a plural noun
        ("Kurd refugees"); not a person after a nationality ("Brazilian Neymar")."""
        doc = analysis.nlp
        span = doc.char_span(m.start, m.end, alignment_mode="expand") if doc is not None else None
        if span is None:
            return False
        if span[-1].tag_ in ("NNPS", "NNS"):
            return True
        nxt = doc[span.end] if span.end < len(doc) else None
        return nxt is not None and nxt.tag_ == "NNS"

    @staticmethod
    def _country_of(actor_id: str | None, actors: dict[str, Actor]) -> str | None:
        actor = actors.get(actor_id) if actor_id else None
        if actor is None or actor.kind not in ("country", "group"):
            return None
        return actor.country

    def _contextual_north(self, analysis: Analysis, actors: dict[str, Actor], countries: set[str]) -> None:
        """'the North' / 'the South' in an article about Korea: add them as mentions of PRK / KOR."""
        if not ({"PRK", "KOR"} & countries):
            return
        text = analysis.text
        for m in re.finditer(r"\b[Tt]he (North|South)\b(?!\s+[A-Z])", text):
            if any(e.start <= m.start() < e.end for e in analysis.entities):
                continue
            code = CONTEXTUAL[norm(m.group(0))]
            actor = self.gazetteer.country(code)
            if actor is None:
                continue
            analysis.entities.append(Mention(start=m.start(), end=m.end(), text=m.group(0), label="GPE",
                                             stage=self.name, actor=code))
            actors.setdefault(code, actor)
        analysis.entities.sort(key=lambda e: e.start)
