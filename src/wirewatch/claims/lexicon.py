"""The cue lexicon: words that attribute a statement or a belief to a source, and how surely.

Cue verbs are matched by base form (the spaCy pipeline runs without its lemmatizer; see
``wirewatch.nlp.events_lexicon.base_forms``). Each verb carries the certainty its statement has
when nothing else in the sentence says otherwise: "confirmed" -> confirmed, "estimated" ->
estimated, "believes" -> believed, "alleged" -> alleged, "denied" -> denied, the rest -> stated.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ..nlp.events_lexicon import base_forms

#: Cue rates learnt from PolNeAR train (``lexicon_build``): word, complement kind, times a cue, times seen.
LEARNT = Path(__file__).with_name("cues.tsv")

#: A verb form not in the lexicon is a cue when train shows it as one at least this often (with that
#: kind of complement). Under half: the rules miss far more PolNeAR cues than they over-find (on 60 train
#: articles precision ran at 0.83-0.86 and recall at 0.58-0.62 for thresholds 0.5 to 0.3; 0.3 scored best).
LEARNT_RATE = 0.3

#: Speech and report verbs whose statement is simply stated.
_STATED = """
say tell state add report announce note explain write declare describe mention reply respond comment remark
insist argue stress emphasize emphasise repeat reiterate indicate suggest warn predict promise pledge vow urge
ask demand recall testify tweet post assert maintain contend acknowledge admit concede complain criticize
criticise praise question wonder answer conclude find show reveal disclose cite quote release publish observe
signal hint propose recommend threaten counter joke boast brag lament caution charge tout blast slam decry
learn hear agree disagree want plan intend decide seek hope wish call predict insist caution proclaim
order instruct advise inform notify brief assure convince persuade remind acknowledged confess point
promise guarantee demand request urge plead appeal vow swear threaten stress underline underscore
continue read quip exclaim yell shout chant begin
""".split()

#: Verbs whose statement is a belief or an assessment.
_BELIEVED = "believe think suspect assess fear expect feel consider doubt understand guess assume presume suppose " \
            "imagine worry reckon judge deem".split()

#: Verbs that confirm.
_CONFIRMED = "confirm verify prove establish corroborate certify".split()

#: Verbs of estimation.
_ESTIMATED = "estimate calculate project forecast gauge approximate".split()

#: Verbs that allege or accuse.
_ALLEGED = "allege claim accuse contend purport".split()

#: Verbs that deny.
_DENIED = "deny dismiss refute dispute reject rebut contradict".split()

CUE_VERBS: dict[str, str] = {}
for _words, _certainty in ((_STATED, "stated"), (_BELIEVED, "believed"), (_CONFIRMED, "confirmed"),
                           (_ESTIMATED, "estimated"), (_ALLEGED, "alleged"), (_DENIED, "denied")):
    for _w in _words:
        CUE_VERBS[_w] = _certainty

#: Cue verbs that attribute a plain noun-phrase object too ("announced the test", "denied the report");
#: the others need a clause ("said that ...", "wants to ...").
OBJECT_CUES = frozenset({"announce", "confirm", "deny", "report", "reveal", "disclose", "reject", "dispute",
                         "estimate", "predict", "claim", "allege", "acknowledge", "admit", "criticize",
                         "criticise", "praise", "propose", "blast", "slam", "decry", "cite", "release", "publish",
                         "tweet", "promise", "pledge", "demand", "urge", "refute", "verify", "dismiss", "question",
                         "warn", "threaten", "want", "seek", "fear", "expect", "tout", "request", "order"})

#: Verbs that are cues only with a clause complement and a subject that speaks (too common otherwise).
CLAUSE_ONLY = frozenset({"find", "show", "learn", "hear", "agree", "decide", "plan", "call", "point", "hope",
                         "wish", "want", "intend", "seek", "ask", "answer", "order"})

#: Verbs of speech proper: with a subject and a quotation next to them they attribute it ("“Okay,” I said").
SPEECH = frozenset({"say", "tell", "add", "write", "continue", "reply", "respond", "answer", "tweet", "post",
                    "explain", "ask", "declare", "insist", "argue", "note", "state", "remark", "joke", "quip",
                    "yell", "shout", "chant", "recall", "warn", "conclude", "exclaim", "read", "begin"})

#: Verbs that attribute only a quotation next to them ("Keidis continued: “...”"), never a clause.
QUOTE_ONLY = frozenset({"continue", "begin", "read"})

#: Other cues that can hang on the statement they report ("Troops were sent, officials believe").
INSIDE_CUES = frozenset({"report", "announce", "confirm", "believe", "think", "estimate", "claim", "allege",
                         "suggest", "predict", "deny", "acknowledge", "admit", "concede", "stress", "emphasize",
                         "emphasise", "reiterate", "repeat", "indicate", "maintain", "contend", "assert", "fear",
                         "expect", "suspect", "assess", "observe", "complain", "boast", "reckon", "guess"})

#: Words in the content (or governing it) that change its certainty: "believed to have died",
#: "confirmed dead", "an estimated 15,000", "allegedly".
CONTENT_CERTAINTY: dict[str, str] = {
    "believed": "believed", "thought": "believed", "feared": "believed", "suspected": "believed",
    "presumed": "believed", "assessed": "believed", "likely": "believed", "probably": "believed",
    "assessment": "believed", "assessments": "believed",
    "confirmed": "confirmed", "verified": "confirmed", "officially": "confirmed",
    "estimated": "estimated", "estimate": "estimated", "estimates": "estimated", "approximately": "estimated",
    "roughly": "estimated",
    "alleged": "alleged", "allegedly": "alleged", "reportedly": "alleged", "purportedly": "alleged",
    "claimed": "alleged", "unconfirmed": "alleged", "unverified": "alleged",
    "denied": "denied",
}

#: Certainty words ranked from the most to the least sure (used to combine the cue with the content).
CERTAINTY_RANK = {"confirmed": 0, "stated": 1, "estimated": 2, "believed": 3, "alleged": 4, "denied": 5}


def cue_base(token: Any) -> str | None:
    """The cue verb a token is a form of ("said" -> "say"), or None."""
    for form in base_forms(token.text):
        if form in CUE_VERBS:
            return form
    return None


def certainty_of(cue: str | None, words: list[str]) -> str:
    """The certainty of a statement from its cue verb and the words that qualify its content.

    A qualifying word in the content wins over a plain cue: "officials said 600 are believed dead"
    is a belief. A denial stays a denial whatever the content says.
    """
    base = CUE_VERBS.get(cue or "", "stated")
    if base == "denied":
        return base
    found = [CONTENT_CERTAINTY[w.lower()] for w in words if w.lower() in CONTENT_CERTAINTY]
    if not found:
        return base
    # the least sure qualifier of the content wins over "said"; "confirmed" only over "said"
    hedges = [c for c in found if c != "confirmed"]
    if hedges:
        return max(hedges, key=lambda c: CERTAINTY_RANK[c])
    return "confirmed" if base == "stated" else base


@functools.lru_cache(maxsize=1)
def learnt() -> dict[tuple[str, str], tuple[int, int]]:
    """The learnt cue rates: (word, kind) -> (times a cue, times seen); empty when the file is absent."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    if not LEARNT.exists():
        return out
    for line in LEARNT.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        word, kind, cues, total = line.split("\t")
        out[(word, kind)] = (int(cues), int(total))
    return out


def complement_kind(token: Any) -> str:
    """How a verb is complemented: ``clause`` (ccomp/xcomp), ``obj`` (object or preposition), ``none``."""
    deps = {c.dep_ for c in token.children}
    if deps & {"ccomp", "xcomp"}:
        return "clause"
    if deps & {"dobj", "prep", "dative"}:
        return "obj"
    return "none"


def learnt_rate(token: Any) -> float | None:
    """How often train shows this verb form, so complemented, as a cue (None when never seen as one)."""
    seen = learnt().get((base_forms(token.text)[0], complement_kind(token)))
    if seen is None:
        return None
    return seen[0] / max(seen[1], 1)
