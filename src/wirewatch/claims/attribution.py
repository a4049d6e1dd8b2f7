"""Attribution from the dependency parse: who says (or believes) what, with which cue.

Patterns, per sentence of the spaCy ``Doc``:
- a cue verb with a clause complement: "officials **said** [that ...]", "Seoul **believes** [...]";
  the source is the verb's subject (or the ``by`` agent of a passive), the content the complement;
- a cue verb inside the statement it reports: "[Troops were sent], **sources said**." and
  "[“...,”] he **said**": the content is the rest of the clause the verb hangs on;
- a passive cue with an infinitive: "[600 soldiers] are **believed** [to have died]": no source;
- "**according to** X, [...]", "[...], **as confirmed by** X": the source is the object of the
  preposition, the content the clause it qualifies;
- a few cue verbs take a plain object as their content: "Pyongyang **denied** [the report]", and a
  cue verb with an object and its predicate takes both: "Bin Laden **judged** [America a paper tiger]";
- "Name: text" lines (headlines such as "Trump: ...") attribute the text to the name, and so do
  transcript turns ("PENCE: ...", a label used twice or more) and quotations signed with a dash
  ("“...” ― Sonya Herridge");
- a Title Case headline is parsed again in sentence case ("Clinton Breaks With Obama").
Cue verbs come from the lexicon (``lexicon``) and from cue rates learnt on PolNeAR train; the cue
tagger (``tagger``) adds verbs, nouns and adjectives no lexicon lists ("slammed", "criticism of")
and vetoes a lexicon verb whose context says it is no report ("you want to believe"); a cue it is
sure of is kept even where no rule reads its content (what it governs is taken). A noun cue is
whose its possessor, a name before it ("the Clinton campaign plans") or a "from"/"by" phrase names,
else the subject of the verb it is the object of ("She peppered him with attacks on ...") unless that
verb receives it ("Trump has faced questions about ..."); a noun a cue verb governs is part of that
cue ("said in a statement"). Cues inside a quotation whose source is the speaker ("I think") are the
quoted words, not reports.

Every span is a pair of character offsets into the text the ``Doc`` was built from.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Any

from ..nlp.events_lexicon import base_forms
from ..nlp.spacy_stage import doc_text
from .lexicon import (
    CLAUSE_ONLY,
    CUE_VERBS,
    INSIDE_CUES,
    LEARNT_RATE,
    OBJECT_CUES,
    QUOTE_ONLY,
    SPEECH,
    certainty_of,
    cue_base,
    learnt_rate,
)

#: Children of a tagged verb cue that are not what it says (its particle belongs to the cue).
NOT_CONTENT_DEPS = frozenset({"punct", "cc", "conj", "aux", "neg", "prt"})

#: Dependencies that carry the content clause of a cue verb.
CONTENT_DEPS = frozenset({"ccomp", "xcomp"})

#: Dependencies under which a cue verb sits inside the very statement it reports ("..., he said").
INSIDE_DEPS = frozenset({"parataxis", "advcl", "ccomp", "conj", "dep"})

#: Subject dependencies that name the source.
SUBJECT_DEPS = frozenset({"nsubj"})

#: Dependencies up which a subjectless cue verb takes the subject of the clause governing it.
CLIMB_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp"})

#: How many clauses up: one (climbing two found more wrong subjects than right ones on PolNeAR dev).
CLIMB = 1

#: Personal pronouns: as the subject of a cue that is rarely a report ("I think", "you want") no attribution.
PERSONAL = frozenset({"i", "you", "we", "they", "he", "she", "it"})

#: A cue verb the PolNeAR train split shows as a cue less often than this (with that complement) is
#: rarely a report in the mouth of a pronoun ("think" 9%, "want" 13%, "know" 11%).
RARE_CUE = 0.25

#: How far (characters) a quotation attributed by a neighbouring speech verb may reach.
QUOTE_REACH = 3000

#: Characters trimmed from the edges of a content span (quotes are kept: they are part of a quotation).
EDGE_PUNCT = " \t\n\xa0,;:—–―-"


@dataclass(frozen=True)
class Attribution:
    """One attribution found in a sentence: character spans (``None`` where absent) and certainty."""

    cue: tuple[int, int]
    content: tuple[int, int]
    source: tuple[int, int] | None
    cue_word: str
    certainty: str


def _span(tokens: list[Any]) -> tuple[int, int] | None:
    if not tokens:
        return None
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def _subtree(token: Any, exclude: set[int] | None = None) -> list[Any]:
    """The token's subtree as a list, minus the subtrees of the excluded token indices."""
    out = []
    stack = [token]
    while stack:
        tok = stack.pop()
        if exclude and tok.i in exclude:
            continue
        out.append(tok)
        stack.extend(tok.children)
    return sorted(out, key=lambda t: t.i)


def _contiguous(tokens: list[Any], anchor: Any) -> list[Any]:
    """The longest run of consecutive tokens (by index), preferring the run holding ``anchor``."""
    if not tokens:
        return []
    runs: list[list[Any]] = [[tokens[0]]]
    for tok in tokens[1:]:
        if tok.i == runs[-1][-1].i + 1:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    for run in runs:
        if any(t.i == anchor.i for t in run):
            return run
    return max(runs, key=len)


def _trim(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Strip separators from both edges, and a final full stop that is not inside a quotation."""
    if span is None:
        return None
    start, end = span
    while start < end and text[start] in EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCT:
        end -= 1
    if end > start and text[end - 1] == "." and not text[start:end - 1].rstrip().endswith(("Mr", "Mrs", "Dr", "Jr")):
        end -= 1
        while end > start and text[end - 1] in EDGE_PUNCT:
            end -= 1
    return (start, end) if end > start else None


def _cue_tokens(verb: Any) -> list[Any]:
    """The cue: the verb with its auxiliaries, negation and particle ("has learned", "did not deny")."""
    out = [verb]
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass", "neg", "prt") and abs(child.i - verb.i) <= 3:
            out.append(child)
    return sorted(out, key=lambda t: t.i)


def _source_of(verb: Any) -> Any:
    """The token heading the source of a cue verb: its subject, a passive's agent, or a conjoined verb's subject."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if len(subjects) > 1:
        # "“My reaction, that was outrageous,” Obama's strategist said": the parse hung the quotation's
        # own subject on the verb reporting it too; the speaker is the subject no quotation mark parts
        # from the verb, else the nearest
        return min(subjects, key=lambda c: (_quote_between(c, verb), abs(c.i - verb.i)))
    if subjects:
        return subjects[0]
    for child in verb.children:
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    # "Tester paused and added ...", "..., saying that ...", "began by saying ...", "was criticized for
    # saying ...": the subject of the governing verb, up the chain of clauses and prepositions
    tok = verb
    for _ in range(CLIMB):
        if tok.dep_ not in CLIMB_DEPS or tok.head.i == tok.i:
            break
        through_prep = tok.dep_ == "pcomp"
        tok = tok.head
        if tok.dep_ == "prep" and through_prep and tok.head.i != tok.i:
            tok = tok.head
        elif tok.pos_ == "ADJ" and tok.dep_ == "acomp" and verb.dep_ == "xcomp":
            # "He was able to tout his polling": the subject of the copula (not an empty "it is worth noting")
            tok = tok.head
            if any(c.dep_ in SUBJECT_DEPS and c.lower_ == "it" for c in tok.children):
                break
        elif tok.pos_ not in ("VERB", "AUX"):
            break
        for child in tok.children:
            if child.dep_ in SUBJECT_DEPS or (through_prep and child.dep_ == "nsubjpass"):
                return child
    if verb.tag_ in FINITE and verb.dep_ not in ("relcl", "acl") \
            and not any(c.dep_ in ("nsubjpass", "csubj", "expl", "nsubj") for c in verb.children):
        # "the minimum $20 million experts say it costs": a finite verb always has a subject; where
        # the parse hung it elsewhere, it is the noun phrase just before the verb
        return _subject_in_line(verb)
    return None


#: Finite verb tags (a finite clause has a subject).
FINITE = frozenset({"VBD", "VBZ", "VBP"})


#: Quotation marks as tokens (curly, straight, and the New York Times' doubled ones).
QUOTE_MARKS = frozenset({"“", "”", "\"", "''", "``"})


def _quote_between(a: Any, b: Any) -> bool:
    """Whether a quotation mark stands between two tokens of a sentence."""
    lo, hi = sorted((a.i, b.i))
    return any(t.text in QUOTE_MARKS for t in a.doc[lo + 1:hi])


def _source_span(token: Any) -> tuple[int, int] | None:
    """The source phrase headed by the token, within the token's line (a heading above is not part of it)."""
    if token is None:
        return None
    span = _span(_contiguous(_subtree(token), token))
    if span is None:
        return None
    text = doc_text(token.doc)
    start, end = span
    line_start = text.rfind("\n", start, token.idx) + 1
    line_end = text.find("\n", token.idx, end)
    return max(start, line_start), (line_end if line_end >= 0 else end)


def _words(tokens: list[Any]) -> list[str]:
    return [t.text for t in tokens]


def quotations(text: str) -> list[tuple[int, int]]:
    """Spans of quoted speech within a paragraph, quotation marks included (curly pairs, doubled and
    straight pairs, and a curly mark closed by a straight one: "“Immunity deals ... the FBI,\"")."""
    out = [(m.start(), m.end()) for m in _CURLY.finditer(text)]
    for pattern in (_DOUBLED, _STRAIGHT, _MIXED):
        out += [(m.start(), m.end()) for m in pattern.finditer(text)
                if not any(s < m.end() and m.start() < e for s, e in out)]
    return sorted(out)


_CURLY = re.compile(r"“[^“”\n]{1,3000}”")
#: A straight quotation opens after a space, a bracket or a dash (not after "FBI," where a curly
#: quotation's straight closing mark stands) and closes where no word follows.
_STRAIGHT = re.compile(r"(?<![^\s(\[—–-])\"[^\"\n“”]{1,3000}\"(?!\w)")
#: Texts that mix the marks of a quotation: a curly mark closed by a straight one, or the reverse.
_MIXED = re.compile(r"“[^“”\"\n]{1,3000}\"(?!\w)|(?<![^\s(\[—–-])\"[^“”\"\n]{1,3000}”")
_DOUBLED = re.compile(r"''[^\n]{1,3000}?''")  # the New York Times' quotation marks in PolNeAR's text
_HEADLINE = re.compile(r"^(?P<src>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}): (?P<content>\S[^\n]*)$", re.M)

#: A line whose words after a colon are all one quotation: the words before it say who ("A lesson from
#: Loretta Lynch: 'Be the voice that people hear.'").
_QUOTED_HEADLINE = re.compile(r"^(?P<src>[A-Z][^\n:“”\"]{1,80}?): (?P<content>[‘'“\"][^\n]*[’'”\"][.!?]?)$", re.M)

#: Words before a headline colon that name a source though no entity ("Poll: Trump leads").
HEADLINE_SOURCES = frozenset({"poll", "survey", "report", "study", "sources", "officials", "official", "police",
                              "analysis", "experts", "witnesses", "data", "court", "judge"})

#: First- and second-person sources: inside a quotation they are the quoted speaker's own words.
SPEAKER_PRONOUNS = frozenset({"i", "we", "you", "me", "us"})


def attributions(doc: Any) -> list[Attribution]:
    """All attributions of a parsed document, in text order, one per cue."""
    text = doc_text(doc)
    found: list[Attribution] = []
    used_cues: set[int] = set()
    quotes = quotations(text)
    names = _entity_words(doc)
    quoted = {m.end("src"): m for m in _QUOTED_HEADLINE.finditer(text)}
    for m in [*_HEADLINE.finditer(text), *quoted.values()]:
        colon = m.end("src")
        if m.re is _QUOTED_HEADLINE and any(a.cue[0] == colon for a in found):
            continue
        content = _trim(text, (m.start("content"), m.end("content")))
        named = any(e.start_char < m.end("src") and m.start("src") < e.end_char for e in doc.ents) \
            or m.group("src").split()[-1].lower() in names or m.re is _QUOTED_HEADLINE
        if content is not None and len(m.group("content").split()) >= 3 and m.group("src").upper() not in NOT_SPEAKERS \
                and (named or m.group("src").lower() in HEADLINE_SOURCES):
            found.append(Attribution(cue=(colon, colon + 1), content=content, source=(m.start("src"), colon),
                                     cue_word=":", certainty=certainty_of(None, m.group("content").split())))
    found.extend(_transcript(text))
    found.extend(_signed_quotes(text, found))
    for sent in doc.sents:
        for tok in sent:
            if tok.i in used_cues:
                continue
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                att = _according(doc, tok, text)
            elif tok.lower_ == "as" and tok.i + 2 < sent.end and doc[tok.i + 2].lower_ == "by" \
                    and cue_base(doc[tok.i + 1]) is not None:
                att = _as_by(doc, tok, text)
            elif tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
                att = _verb(doc, tok, text)
                if att is not None and _vetoed(tok, quotes):
                    att = None
            else:
                att = None
            if att is not None and not _speaker_words(text, att, quotes):
                used_cues.update(range(tok.i, tok.i + 3) if tok.lower_ == "as" else [tok.i])
                found.append(att)
    found.extend(_tagged_cues(doc, text, found, quotes))
    found.extend(a for a in _title_cased_headline(doc, names)
                 if not any(b.cue[0] < a.cue[1] and a.cue[0] < b.cue[1] for b in found)
                 and not any(span is not None and span[0] <= a.cue[0] < span[1]
                             for b in found for span in (b.content, b.source)))
    # "Trump said: “...”" read as a "Name: text" line as well: the verb is the cue, not the colon
    found = [a for a in found if a.cue_word != ":" or a.source is None
             or not any(b is not a and a.source[0] <= b.cue[0] < a.source[1] for b in found)]
    found = [_in_paragraph(text, a) for a in found]
    found.sort(key=lambda a: a.cue)
    return found


def _title_cased_headline(doc: Any, names: set[str]) -> list[Attribution]:
    """A Title Case headline ("Black Lawmakers Rip Donald Trump") read again in sentence case.

    A parser tags every capitalised word of such a line a name and misses its verbs; the words no
    name of the text uses are lower-cased (the text keeps its length, so offsets hold) and the line
    is parsed on its own.
    """
    text = doc_text(doc)
    end = text.find("\n")
    line = text[:end] if end > 0 else ""
    words = re.findall(r"[A-Za-z][\w’'-]*", line)
    if len(words) < 4 or sum(w[0].isupper() for w in words) < 0.7 * len(words):
        return []
    first = True

    def recase(m: re.Match[str]) -> str:
        nonlocal first
        w = m.group(0)
        keep = first or (w.lower() not in COMMON_WORDS and (w.lower() in names or w.isupper()))
        first = False
        return w if keep else w.lower()

    cased = re.sub(r"[A-Za-z][\w’'-]*", recase, line)
    from ..nlp.spacy_stage import load_model

    return attributions(load_model()(cased))


#: Words lower-cased in a Title Case headline even when a name of the text holds them ("The", "Of").
COMMON_WORDS = frozenset("a an the of on in at to for by with and or but as from after over about into is are "
                         "was were be".split())


def _entity_words(doc: Any) -> set[str]:
    """Lower-cased words of the people and organisations the text names (outside its first line)."""
    first_line = doc_text(doc).find("\n")
    return {w.lower() for e in doc.ents if e.label_ in ("PERSON", "ORG") and e.start_char > first_line
            for w in e.text.split()}


#: A speaker's label in a transcript: an upper-case name at the start of a paragraph, then a colon.
_TRANSCRIPT = re.compile(r"^[\"“']?(?P<src>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}): (?P<content>\S[^\n]*)$", re.M)

#: Upper-case labels that head a paragraph but name no speaker.
NOT_SPEAKERS = frozenset({"UPDATE", "UPDATED", "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "CORRECTION", "WATCH",
                          "RELATED", "READ MORE", "VIDEO", "PHOTOS", "PHOTO", "CLARIFICATION", "ADVERTISEMENT",
                          "SOURCE", "SOURCES", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION", "Q", "A"})


def _transcript(text: str) -> list[Attribution]:
    """Transcript turns ("PENCE: Well, look, ..."): a label used for two turns or more names a speaker."""
    turns = [m for m in _TRANSCRIPT.finditer(text) if m.group("src") not in NOT_SPEAKERS]
    labels = [m.group("src") for m in turns]
    out = []
    for m in turns:
        if labels.count(m.group("src")) < 2:
            continue
        content = _trim(text, (m.start("content"), m.end("content")))
        if content is None or len(m.group("content").split()) < 2:
            continue
        colon = m.end("src")
        out.append(Attribution(cue=(colon, colon + 1), content=content, source=(m.start("src"), colon),
                               cue_word=":", certainty=certainty_of(None, m.group("content").split())))
    return out


#: A quotation signed with a dash and a name after it ("“...” ― Sonya Herridge").
_SIGNED = re.compile(r"[”\"][ \t\xa0]*(?P<dash>[―—–]|--)[ \t\xa0]*"
                     r"(?P<src>[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|de|del|van|von|la)){0,5})[ \t\xa0.,]*(?=\n|$)")


def _signed_quotes(text: str, found: list[Attribution]) -> list[Attribution]:
    """The quotation on a line that ends with a dash and a name: the name said it."""
    out = []
    for m in _SIGNED.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        content = _trim(text, (line_start, m.start("dash")))
        if content is None or any(a.cue[0] < m.end("dash") and m.start("dash") < a.cue[1] for a in found):
            continue
        src = _trim(text, (m.start("src"), m.end("src")))
        words = text[content[0]:content[1]].split()
        out.append(Attribution(cue=(m.start("dash"), m.end("dash")), content=content, source=src,
                               cue_word=m.group("dash"), certainty=certainty_of(None, words)))
    return out


def _in_paragraph(text: str, att: Attribution) -> Attribution:
    """Keep a content that runs into the next paragraph (a parse across a line break) to the cue's paragraph."""
    start, end = att.content
    if "\n" not in text[start:end]:
        return att
    para_start = text.rfind("\n", 0, att.cue[0]) + 1
    para_end = text.find("\n", att.cue[1])
    para_end = len(text) if para_end < 0 else para_end
    if end <= para_start or start >= para_end:
        return att  # a quotation in the paragraph before its "he said"
    clipped = _trim(text, (max(start, para_start), min(end, para_end)))
    return att if clipped is None else replace(att, content=clipped)


#: Parts of speech the cue tagger scores.
TAGGED_POS = frozenset({"VERB", "NOUN", "ADJ"})

#: Prepositions whose object is what a noun or adjective cue is about ("criticism of", "clear to").
ABOUT_PREPS = frozenset({"of", "on", "about", "over", "for", "against", "to", "with", "that", "toward", "towards"})


def _tagged_cues(doc: Any, text: str, found: list[Attribution], quotes: list[tuple[int, int]]) -> list[Attribution]:
    """Attributions whose cue the tagger finds where the rules found none (see ``tagger``)."""
    from .tagger import load

    tagger = load()
    if tagger is None:
        return []
    taken = [a.cue for a in found]
    out: list[Attribution] = []
    for tok in doc:
        if tok.pos_ not in TAGGED_POS or any(s <= tok.idx < e for s, e in taken):
            continue
        in_quote = any(s < tok.idx < e for s, e in quotes)
        score = tagger.score(tok, in_quote)
        if score <= tagger.threshold:
            continue
        if tok.pos_ != "VERB" and _object_of_cue(tok, [a.cue for a in found + out]):
            continue
        att = _verb(doc, tok, text, forced=True) if tok.pos_ == "VERB" else _about(doc, tok, text)
        if att is None and score > tagger.threshold + FALLBACK_MARGIN and tok.lower_ != "according":
            att = _fallback(doc, tok, text)
        if att is not None and not _speaker_words(text, att, quotes) \
                and not any(a.cue[0] < att.cue[1] and att.cue[0] < a.cue[1] for a in found + out):
            out.append(att)
    return out


def _object_of_cue(word: Any, cues: list[tuple[int, int]]) -> bool:
    """A noun the cue verb of another attribution governs is part of that cue ("took offense",
    "wrote in an email"), not a second attribution."""
    if word.dep_ not in ("dobj", "pobj"):
        return False
    verb = word.head.head if word.dep_ == "pobj" and word.head.dep_ == "prep" else word.head
    return verb.pos_ == "VERB" and any(s <= verb.idx < e for s, e in cues)


#: A cue the tagger is this sure of (above its threshold) is kept even where no rule finds its content.
#: (PolNeAR dev, cue overlap F1: margin 0 0.788, 3 0.792, 6 0.793, 8 0.790, 11 0.787.)
FALLBACK_MARGIN = 6.0


def _fallback(doc: Any, word: Any, text: str) -> Attribution | None:
    """A sure cue no rule reads: what it governs after it, else the rest of its sentence; its subject says it."""
    after = [t for c in word.children if c.i > word.i and c.dep_ not in ("punct", "cc", "conj") for t in _subtree(c)]
    if after:
        tokens = sorted(after, key=lambda t: t.i)
        anchor = tokens[0]
    else:
        skip = {t.i for t in _subtree(word)}
        tokens = [t for t in word.sent if t.i not in skip and not t.is_punct]
        if not tokens:
            return None
        anchor = word.head if word.head.i not in skip else tokens[0]
    content = _trim(text, _span(_contiguous(tokens, anchor)))
    if content is None:
        return None
    subject = _source_of(word) if word.pos_ in ("VERB", "AUX") else \
        next((c for c in word.children if c.dep_ == "poss"), None)
    if subject is not None and "\n" in text[min(subject.idx, word.idx):max(subject.idx, word.idx)]:
        subject = None
    if _raising(word):
        subject = _experiencer(word)
    source = _source_span(subject)
    if source is not None and content[0] <= source[0] < content[1]:
        source = None
    cue = _span(_cue_tokens(word)) if word.pos_ in ("VERB", "AUX") else (word.idx, word.idx + len(word.text))
    assert cue is not None
    return Attribution(cue=cue, content=_with_quotes(text, content), source=source, cue_word=word.lower_,
                       certainty=certainty_of(cue_base(word), text[content[0]:content[1]].split()))


#: Verbs whose subject receives what their object says, not says it ("Trump has faced questions
#: about ...", "Obama has endured criticism for ..."): the noun cue is someone else's. ("draw" too is
#: such a verb, "drew criticism", but as often a speaker's, "drew a contrast": left out.)
RECEIVING = frozenset({"face", "receive", "attract", "earn", "weather", "endure"})


def _named_owner(word: Any) -> tuple[int, int] | None:
    """A name before a noun cue is whose it is ("the Clinton campaign plans to", "Trump charges that",
    where the parse took a verb for a noun; "European reluctance to")."""
    names = [c for c in word.children if c.i < word.i and (c.dep_ == "compound"
                                                           or (c.dep_ == "amod" and c.ent_type_ == "NORP"))]
    tokens = [t for c in names for t in _subtree(c)]
    if not any(t.pos_ == "PROPN" or t.text[0].isupper() for t in tokens):
        return None
    return _span(tokens + [t for t in word.children if t.dep_ == "det" and t.i < names[0].i])


def _about(doc: Any, word: Any, text: str) -> Attribution | None:
    """A noun or adjective cue: what it is about, and whose it is ("Trump's criticism of the deal")."""
    content_head = next((c for c in word.children if c.dep_ in ("acl", "ccomp", "xcomp")), None)
    if content_head is None:
        for prep in (c for c in word.children if c.dep_ == "prep" and c.lower_ in ABOUT_PREPS):
            content_head = next((o for o in prep.children if o.dep_ in ("pobj", "pcomp")), None)
            if content_head is not None:
                break
    if content_head is None:
        return None
    content = _trim(text, _span(_subtree(content_head)))
    if content is None:
        return None
    # whose it is, or a subject the parse gave a verb it took for a noun ("But Trump claims that ...")
    source_tok = next((c for c in word.children if c.dep_ == "poss"), None) \
        or next((c for c in word.children if c.dep_ == "nsubj" and c.lower_ != "it"), None) \
        or next((o for p in word.children if p.dep_ == "prep" and p.lower_ in ("from", "by")
                 for o in p.children if o.dep_ == "pobj"), None)  # "criticism from Democrats"
    if (source_tok is None or source_tok.tag_ == "PRP$") and word.dep_ in ("dobj", "attr", "acomp") \
            and word.head.pos_ in ("VERB", "AUX") and RECEIVING.isdisjoint(base_forms(word.head.text)):
        # the verb's subject; a possessive pronoun stands for it ("Trump continues his adulation of")
        source_tok = next((c for c in word.head.children if c.dep_ == "nsubj"), None) or source_tok
    if source_tok is None and word.dep_ == "pobj" and word.head.lower_ == "with" and word.head.head.pos_ == "VERB":
        # "She then peppered him with attacks on ...", "They went with hopes of ...": the subject's
        source_tok = next((c for c in word.head.head.children if c.dep_ == "nsubj"), None)
    source = _source_span(source_tok)
    if source is None:
        source = _named_owner(word)
    if source is not None and content[0] <= source[0] < content[1]:
        source = None
    return Attribution(cue=(word.idx, word.idx + len(word.text)), content=content, source=source,
                       cue_word=word.lower_, certainty=certainty_of(None, text[content[0]:content[1]].split()))


#: A lexicon cue the tagger scores this far below its threshold is dropped: the context says it is
#: no report ("I want", "the polls show little").
VETO_MARGIN = 4.0


def _vetoed(verb: Any, quotes: list[tuple[int, int]]) -> bool:
    from .tagger import load

    tagger = load()
    if tagger is None:
        return False
    in_quote = any(s < verb.idx < e for s, e in quotes)
    return tagger.score(verb, in_quote) < tagger.threshold - VETO_MARGIN


def _speaker_words(text: str, att: Attribution, quotes: list[tuple[int, int]]) -> bool:
    """A cue inside a quotation whose source is the speaker ("I think", "we believe") or absent."""
    if not any(s < att.cue[0] < e for s, e in quotes):
        return False
    if att.source is None:
        return True
    return text[att.source[0]:att.source[1]].strip().lower() in SPEAKER_PRONOUNS


def _prep_phrase(doc: Any, first: Any, prep: Any) -> tuple[list[Any], Any, Any]:
    """(tokens of the prepositional phrase, its object, the clause head it qualifies)."""
    objs = [c for c in prep.children if c.dep_ == "pobj"] or [c for c in prep.children if c.dep_ == "pcomp"]
    obj = objs[0] if objs else None
    phrase = sorted({first, prep, *(_subtree(obj) if obj is not None else [])}, key=lambda t: t.i)
    head = first.head if first.head.i != first.i else first
    while head.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl", "parataxis") and head.head.i != head.i:
        if head.i in {t.i for t in phrase}:
            break
        head = head.head
    if head.i in {t.i for t in phrase}:
        head = first.sent.root
    return phrase, obj, head


def _content_around(doc: Any, head: Any, phrase: list[Any], text: str) -> tuple[int, int] | None:
    """The clause of ``head`` without the attribution phrase, as one contiguous span."""
    skip = {t.i for t in phrase}
    tokens = [t for t in _subtree(head) if t.i not in skip]
    if head.i in skip or not tokens:
        sent = phrase[0].sent
        tokens = [t for t in sent if t.i not in skip]
    anchor = head if head.i not in skip else tokens[0]
    return _trim(text, _span(_contiguous(tokens, anchor)))


def _according(doc: Any, first: Any, text: str) -> Attribution | None:
    prep = doc[first.i + 1]
    # parses of "according to" vary; the object hangs on either word
    host = first if any(c.dep_ in ("pobj", "pcomp") for c in first.children) else prep
    phrase, obj, head = _prep_phrase(doc, first, host)
    if obj is None:
        return None
    content = _content_around(doc, head, phrase, text)
    source = _source_span(obj)
    if content is None and first.i == first.sent.start:
        # "According to X, the move reeks of fear." parsed as one noun phrase: the comma parts them
        comma = next((t for t in doc[prep.i + 1:first.sent.end] if t.text == ","), None)
        if comma is None or comma.i == prep.i + 1:
            return None
        source = _trim(text, (doc[prep.i + 1].idx, comma.idx))
        content = _trim(text, (comma.idx + 1, first.sent[-1].idx + len(first.sent[-1].text)))
    if content is None:
        return None
    words = _words(_subtree(obj)) + text[content[0]:content[1]].split()
    return Attribution(cue=(first.idx, prep.idx + len(prep.text)), content=content, source=source,
                       cue_word="according to", certainty=certainty_of(None, words))


def _as_by(doc: Any, first: Any, text: str) -> Attribution | None:
    verb, by = doc[first.i + 1], doc[first.i + 2]
    objs = [c for c in by.children if c.dep_ == "pobj"]
    obj = objs[0] if objs else (doc[by.i + 1] if by.i + 1 < first.sent.end else None)
    if obj is None:
        return None
    phrase = sorted({first, verb, by, *_subtree(obj)}, key=lambda t: t.i)
    head = verb.head if verb.head.i != verb.i else first.sent.root
    if head.i in {t.i for t in phrase}:
        head = first.sent.root
    content = _content_around(doc, head, phrase, text)
    if content is None:
        return None
    cue = cue_base(verb)
    words = text[content[0]:content[1]].split()
    return Attribution(cue=(verb.idx, verb.idx + len(verb.text)), content=content, source=_source_span(obj),
                       cue_word=cue or verb.lower_, certainty=certainty_of(cue, words))


def _verb(doc: Any, verb: Any, text: str, forced: bool = False) -> Attribution | None:
    """An attribution with a verb cue; ``forced``: the tagger says the verb is a cue whatever the lexicon."""
    cue = cue_base(verb)
    learned = False
    if cue is None:
        rate = learnt_rate(verb) if verb.pos_ == "VERB" else None
        if not forced and (rate is None or rate < LEARNT_RATE):
            return None
        cue, learned = base_forms(verb.text)[0], True
    comps = [c for c in verb.children if c.dep_ in CONTENT_DEPS
             or (c.dep_ == "advcl" and c.i > verb.i and any(m.dep_ == "mark" and m.lower_ in ("for", "that")
                                                              for m in c.children))]
    if not comps and any(c.dep_ == "oprd" for c in verb.children):
        # a judgement on an object: "Bin Laden judged [America a paper tiger]", "called [it a common ailment]"
        comps = [c for c in verb.children if c.dep_ in ("dobj", "oprd") and c.i > verb.i]
    if not comps and cue in SPEECH | INSIDE_CUES:
        # "[Language unclear on whether ...], experts say.": the statement before the comma, parsed loose
        comps = [c for c in verb.children if c.dep_ in ("dep", "parataxis") and c.i < verb.i
                 and c.pos_ in ("NOUN", "VERB", "AUX", "ADJ", "PROPN")
                 and any(t.text == "," for t in verb.doc[c.right_edge.i:verb.i])][:1]
    if not comps and cue in SPEECH:
        # "Adelson said earlier on Friday during a news conference that he may wait": the clause hangs lower
        comps = [t for t in verb.subtree if t.i > verb.i + 1 and t.dep_ in ("ccomp", "acl", "relcl")
                 and any(m.dep_ == "mark" and m.lower_ == "that" and m.i == t.left_edge.i for m in t.children)][:1]
    subject = _source_of(verb)
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
    if verb.tag_ == "VBN" and not own_subject and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return None  # "the 101 soldiers confirmed to have died": a qualifier of the noun, not a report
    if not own_subject and comps and verb.i > 0 and verb.doc[verb.i - 1].pos_ in ("NOUN", "PROPN") \
            and verb.tag_ in ("VBD", "VBN") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        # "soldiers confirmed to have died" tagged as a past tense; a present tense follows its subject
        # ("Obama and Clinton call them ...") and an -ing form says what the noun says ("a letter urging")
        return None
    rate = learnt_rate(verb)
    if not forced and subject is not None and subject.lower_ in PERSONAL and rate is not None and rate < RARE_CUE:
        return None  # "you want to believe", "I think": a speaker's aside, rarely a report
    if verb.tag_ in ("VBD", "VBN") and CUE_VERBS.get(cue) in ("confirmed", "believed", "estimated") \
            and not any(c.dep_ in ("aux", "auxpass") for c in verb.children) \
            and any(c.dep_ == "xcomp" and c.left_edge.lower_ == "to" for c in verb.children):
        return None  # "soldiers confirmed to have died": a reduced passive qualifying the noun, not a report
    if cue in QUOTE_ONLY:
        quote = _adjacent_quote(doc, verb, text) if subject is not None else None
        return _make(doc, verb, cue, subject, quote, text) if quote is not None else None
    if subject is None and not (comps and own_subject):
        return None  # no one says it, and no "X is believed to" / "it is said that" either
    content_tokens: list[Any] = []
    if comps:
        for comp in comps:
            content_tokens.extend(_subtree(comp))
        passive_subject = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if passive_subject and any(c.dep_ == "xcomp" for c in comps):
            # "600 soldiers are believed to have died": the subject is part of what is believed
            content_tokens.extend(_subtree(passive_subject[0]))
            subject = next((c for c in verb.children if c.dep_ == "agent"), None)
            subject = next((c for c in subject.children if c.dep_ == "pobj"), None) if subject is not None else None
        if cue in CLAUSE_ONLY and subject is None:
            return None
    elif verb.dep_ in INSIDE_DEPS and verb.head.i != verb.i and subject is not None and _reports_head(verb) \
            and not _speaks(verb.head) \
            and (cue in SPEECH | INSIDE_CUES or forced) \
            and not any((c.dep_ == "mark" and c.lower_ != "as") or c.dep_ == "dobj" for c in verb.children):
        # "Troops were sent, officials said." / "“...,” he said."
        head = verb.head
        skip = {t.i for t in _subtree(verb)}
        content_tokens = [t for t in _subtree(head) if t.i not in skip]
        span = _trim(text, _span(_contiguous(content_tokens, head)))
        if span is None:
            return None
        return _make(doc, verb, cue, subject, span, text)
    elif subject is not None and cue in SPEECH and (quote := _adjacent_quote(doc, verb, text)) is not None:
        # "“Okay,” I said." parsed with the quotation elsewhere; "He added: “...”"
        return _make(doc, verb, cue, subject, quote, text)
    elif subject is not None and cue in SPEECH and (rest := _speech_complement(verb)) is not None:
        # "half said so", "Cook did not say when", "he said that."
        content_tokens = _subtree(rest)
    elif subject is not None and (patient := next((c for c in verb.children if c.dep_ == "nsubjpass"), None)) \
            is not None and any(c.dep_ == "agent" for c in verb.children):
        # "The nominee has been endorsed by dozens of papers": the agent says it of the subject
        content_tokens = _subtree(patient)
    else:
        objs = [c for c in verb.children if c.dep_ in ("dobj", "attr") and c.pos_ in ("NOUN", "PROPN", "PRON")]
        if not objs and (learned or cue in OBJECT_CUES or (learnt_rate(verb) or 0.0) >= LEARNT_RATE):
            # "referring to the number of seats": the object of the preposition after the verb
            objs = [o for c in verb.children if c.dep_ == "prep" and c.i == verb.i + 1
                    for o in c.children if c.dep_ == "prep" and o.dep_ == "pobj"]
        takes_object = learned or cue in OBJECT_CUES or (learnt_rate(verb) or 0.0) >= LEARNT_RATE
        if forced and subject is not None and not objs:
            # a cue the tagger found with no object the rules know: what follows it in its clause (its
            # particle is part of the cue: "doubling down [on his attacks]", "went on [to explain]")
            rest = [c for c in verb.children if c.i > verb.i and c.dep_ not in NOT_CONTENT_DEPS]
            objs = rest[:1]
        if not takes_object or not objs or subject is None:
            return None
        content_tokens = _subtree(objs[0])
        if objs[0].pos_ == "PRON" and objs[0].lower_ not in ("it", "this", "that"):
            # "accusing her of being asleep": the person with what is said of them
            preps = [c for c in verb.children if c.dep_ == "prep" and c.i > objs[0].i]
            if not preps:
                return None
            content_tokens += _subtree(preps[0])
    if not content_tokens:
        return None
    anchor = comps[0] if comps else content_tokens[0]
    if any(c.dep_ == "nsubjpass" for c in verb.children) and any(c.dep_ == "xcomp" for c in comps):
        span = _trim(text, _span(content_tokens))  # "[600 soldiers are believed to have died]": one span
    else:
        span = _trim(text, _span(_contiguous(sorted(set(content_tokens), key=lambda t: t.i), anchor)))
    if span is None:
        return None
    return _make(doc, verb, cue, subject, span, text)


def _adjacent_quote(doc: Any, verb: Any, text: str) -> tuple[int, int] | None:
    """A quotation ending just before the cue's clause or starting just after the cue (a colon between)."""
    # a quotation may run over several sentences, so look beyond the cue's own sentence
    origin = max(0, verb.idx - QUOTE_REACH)
    left = text[origin:verb.idx]
    right = text[verb.idx + len(verb.text):min(len(text), verb.idx + QUOTE_REACH)]
    real = _quote_starts(text)
    m = re.search(r"(“[^“”]+”|\"[^\"\n]+\"|''[^\n]+?'')[\s,]*[^“”\"\n]{0,60}$", left)
    if m and not re.search(r"[.!?]\s*$", left[m.end(1):]) and origin + m.start(1) in real:
        start = origin + m.start(1)
        return _trim(text, (start, start + len(m.group(1))))
    m = re.match(r"[^“”\"\n]{0,40}?[:,]?\s*(“[^“”]+”|\"[^\"\n]+\"|''[^\n]+?'')", right)
    if m and verb.idx + len(verb.text) + m.start(1) in real:
        start = verb.idx + len(verb.text) + m.start(1)
        return _trim(text, (start, start + len(m.group(1))))
    return None


@functools.lru_cache(maxsize=4)
def _quote_starts(text: str) -> frozenset[int]:
    """Where the quotations of a text open (a closing mark followed by an opening one brackets no quotation)."""
    return frozenset(s for s, _ in quotations(text))


def _speech_complement(verb: Any) -> Any:
    """What a speech verb without a clause says: "so", "that", "when", "yes", an object after it."""
    for child in verb.children:
        if child.i > verb.i and (child.dep_ in ("dobj", "advcl", "npadvmod", "attr", "oprd", "intj")
                                 or (child.dep_ == "advmod" and child.lower_ in ("so", "otherwise", "when", "why"))):
            return child
    return None


#: Verbs whose subject is what is said, not who says it ("the plan seems risky to me"): the source is
#: the one it seems so to, or none. ("look", "sound" too: worse on PolNeAR train and dev; "appear", with
#: every form matched: a sixth of train source overlap F1 0.815 -> 0.817, dev flat, left out as ambiguous:
#: "appeared on TV", "appeared to suggest".)
RAISING = frozenset({"seem"})


def _raising(verb: Any) -> bool:
    """A seeming verb in any form ("seems", "seemed": ``base_forms`` lists the bare form after the word)."""
    return verb.pos_ in ("VERB", "AUX") and not RAISING.isdisjoint(base_forms(verb.text))


def _experiencer(verb: Any) -> Any:
    """The object of "to" after a seeming verb or its complement ("seems credible to me"), or None."""
    # a verbal complement's "to" is its own ("seemed to think the outreach to black voters")
    complements = [c for c in verb.children if c.dep_ in ("acomp", "xcomp", "attr", "oprd") and c.pos_ != "VERB"]
    for tok in (verb, *complements):
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "to":
                obj = next((o for o in prep.children if o.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    return None


def _speaks(verb: Any) -> bool:
    """A speech verb with its own subject: what hangs on it is what is said ("''... called for ...,'' said X")."""
    return cue_base(verb) in SPEECH and any(c.dep_ == "nsubj" for c in verb.children)


def _reports_head(verb: Any) -> bool:
    """A cue verb hanging on its statement: it comes after it, or sets it off with commas or quotes."""
    head = verb.head
    if verb.dep_ == "conj" and any(c.dep_ == "cc" and head.i < c.i < verb.i for c in head.children):
        return False  # "Cook said X, but Cook did not say when": a second clause, not an aside
    if verb.i > head.i:
        return True
    between = verb.doc[verb.i + 1 : head.i]
    return any(t.text in (",", "“", "\"", ":") for t in between)


def _with_quotes(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Widen a content span to the quotation marks around it ("“We will respond,”" not "We will respond")."""
    start, end = span
    if start > 1 and text[start - 2:start] == "''":
        m = re.match(r"[,.!?]{0,2}''", text[end:end + 4])
        if m:
            return start - 2, end + m.end()
    if start > 0 and text[start - 1] in "“\"":
        m = re.match(r"[,.!?]{0,2}[”\"]", text[end:end + 3])
        if m:
            return start - 1, end + m.end()
    return span


def _make(doc: Any, verb: Any, cue: str, subject: Any, content: tuple[int, int], text: str) -> Attribution:
    content = _with_quotes(text, content)
    cue_toks = _cue_tokens(verb)
    cue_span = _span(cue_toks)
    assert cue_span is not None
    negated = any(t.dep_ == "neg" for t in cue_toks)
    content_words = text[content[0]:content[1]].split()
    certainty = certainty_of(cue, content_words)
    if negated and CUE_VERBS.get(cue) == "denied":
        certainty = "stated"  # "did not deny"
    elif negated and cue in ("confirm", "verify"):
        certainty = "alleged"  # "did not confirm": unconfirmed
    if subject is not None and "\n" in text[min(subject.idx, verb.idx):max(subject.idx, verb.idx)]:
        subject = _subject_in_line(verb)  # a parse across a line break: the heading above is no speaker
    if _raising(verb):
        subject = _experiencer(verb)
        if subject is not None and content[0] <= subject.head.idx < content[1]:
            # "[far away] to European citizens": who it seems so to is no part of what seems so
            content = _trim(text, (content[0], subject.head.idx)) or content
    if not RECEIVING.isdisjoint(base_forms(verb.text)):
        subject = None  # "Obama has endured criticism": he is what it is about
    source = _source_span(subject)
    if source is not None and content[0] <= source[0] < content[1]:
        source = None
    return Attribution(cue=cue_span, content=content, source=source, cue_word=cue, certainty=certainty)


def _subject_in_line(verb: Any) -> Any:
    """The noun phrase just before a verb on the verb's own line ("Donald Trump is once again questioning")."""
    text = doc_text(verb.doc)
    line_start = text.rfind("\n", 0, verb.idx) + 1
    best = None
    for chunk in verb.doc.noun_chunks:
        if chunk.start_char < line_start or chunk.end > verb.i:
            continue
        gap = verb.doc[chunk.end:verb.i]
        if all(t.pos_ in ("AUX", "ADV", "PART") for t in gap):
            best = chunk.root
    return best
