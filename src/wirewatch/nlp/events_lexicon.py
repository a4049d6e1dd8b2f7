"""The PLOVER trigger lexicon: words and phrases that signal an event type and mode.

The lexicon is a data file (``wirewatch/data/plover/triggers.tsv``) that users can extend with
``WIREWATCH_PLOVER_EXTRA=/path/a.tsv`` (same columns; later rows win for the same trigger, pos
and cues). The spaCy pipeline runs without its lemmatizer, so tokens are matched through a small
set of base-form candidates (``base_forms``) rather than lemmas.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "plover" / "triggers.tsv"

#: The 16 PLOVER event types of the current manual.
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

#: Irregular verb forms -> base form (only those of verbs that can be triggers or cues).
IRREGULAR = {
    "sent": "send", "met": "meet", "held": "hold", "fought": "fight", "struck": "strike", "stricken": "strike",
    "gave": "give", "given": "give", "shot": "shoot", "withdrew": "withdraw", "withdrawn": "withdraw",
    "sought": "seek", "brought": "bring", "took": "take", "taken": "take", "made": "make", "beaten": "beat",
    "hit": "hit", "led": "lead", "sold": "sell", "broke": "break", "broken": "break", "kept": "keep",
    "overran": "overrun", "flew": "fly", "flown": "fly", "cut": "cut", "lent": "lend", "froze": "freeze",
    "frozen": "freeze", "forgave": "forgive", "forgiven": "forgive", "bore": "bear", "began": "begin",
    "begun": "begin", "rode": "ride", "ran": "run", "won": "win", "lost": "lose", "undertook": "undertake",
    "undertaken": "undertake", "shut": "shut", "set": "set", "put": "put", "went": "go", "gone": "go",
    "did": "do", "done": "do", "said": "say", "told": "tell", "spoke": "speak", "spoken": "speak",
    "saw": "see", "seen": "see", "became": "become", "stood": "stand", "wrote": "write", "written": "write",
    "drew": "draw", "drawn": "draw", "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall",
    "threw": "throw", "thrown": "throw", "found": "find", "left": "leave", "came": "come", "arms": "arm",
    "were": "be", "was": "be", "is": "be", "are": "be", "been": "be", "has": "have", "had": "have",
    "stole": "steal", "stolen": "steal", "forbade": "forbid", "forbidden": "forbid", "bade": "bid",
    "overthrew": "overthrow", "overthrown": "overthrow", "fled": "flee", "slew": "slay", "slain": "slay",
}


def base_forms(word: str) -> list[str]:
    """Candidate base forms of an inflected English word (most likely first), lower-cased."""
    w = word.lower().replace("’", "'")
    out = [w]
    if w in IRREGULAR:
        out.insert(0, IRREGULAR[w])
    if w.endswith("ies") and len(w) > 4:
        out.append(w[:-3] + "y")
    if w.endswith("ied") and len(w) > 4:
        out.append(w[:-3] + "y")
    for suffix in ("es", "s", "ed", "d", "ing"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)]
            out.append(stem)
            if suffix in ("ed", "ing"):
                out.append(stem + "e")
                if len(stem) > 2 and stem[-1] == stem[-2]:
                    out.append(stem[:-1])  # "committed" -> "commit"
    return out


@dataclass(frozen=True)
class Trigger:
    """One lexicon row: a trigger phrase, its part of speech, type, mode and object cues."""

    phrase: str
    pos: str
    type: str
    mode: str | None
    cues: frozenset[str]


#: The type of a row that says a phrase is *not* a trigger though its head word is: a phrasal verb
#: of another sense ("sign up" is to enrol, not to sign an agreement).
NOT_A_TRIGGER = "-"


class Lexicon:
    """Trigger rows indexed by (phrase, pos)."""

    def __init__(self, rows: list[Trigger]) -> None:
        self.rows: dict[tuple[str, str], list[Trigger]] = {}
        for row in rows:
            bucket = self.rows.setdefault((row.phrase, row.pos), [])
            bucket[:] = [r for r in bucket if r.cues != row.cues]
            bucket.append(row)
        self.phrases = {p for p, _ in self.rows}
        self.cue_words = frozenset(c for rows_ in self.rows.values() for r in rows_ for c in r.cues)
        #: Every single word the lexicon knows (phrases' words and cues), used to pick a base form.
        self.known = frozenset(w for p in self.phrases for w in p.replace("-", " ").split()) | self.cue_words

    def blocked(self, phrase: str, pos: str) -> bool:
        """Whether the lexicon says ``phrase`` is not a trigger (a row of type ``-``)."""
        return any(r.type == NOT_A_TRIGGER for r in self.rows.get((phrase, pos), []))

    def candidates(self, phrase: str, pos: str) -> list[Trigger]:
        """Rows for a phrase, entries with cues first (they are more specific)."""
        rows = self.rows.get((phrase, pos), [])
        return sorted(rows, key=lambda r: not r.cues)

    def match(self, phrase: str, pos: str, context: set[str]) -> Trigger | None:
        """The row for ``phrase`` whose cues (if any) occur among the context words."""
        for row in self.candidates(phrase, pos):
            if row.type == NOT_A_TRIGGER:
                return None
            if not row.cues or row.cues & context:
                return row
        return None


def parse_rows(text: str, origin: str) -> list[Trigger]:
    """Rows of a triggers file; raises ValueError naming the line for a bad type."""
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [*line.split("\t"), "", "", "", ""]
        phrase, pos, type_, mode, cues = (c.strip() for c in cells[:5])
        if (type_ not in PLOVER_TYPES and type_ != NOT_A_TRIGGER) or pos not in ("V", "N", "A"):
            raise ValueError(f"{origin}:{number}: bad trigger row {line!r} "
                             "(type must be a PLOVER type or -, pos V/N/A)")
        rows.append(Trigger(phrase=phrase.lower(), pos=pos, type=type_, mode=mode or None,
                            cues=frozenset(c.strip().lower() for c in cues.split("|") if c.strip())))
    return rows


@functools.lru_cache(maxsize=1)
def load() -> Lexicon:
    """The package lexicon plus ``$WIREWATCH_PLOVER_EXTRA`` files, loaded once per process."""
    rows = parse_rows(DATA.read_text(encoding="utf-8"), str(DATA))
    for extra in filter(None, os.environ.get("WIREWATCH_PLOVER_EXTRA", "").split(os.pathsep)):
        rows += parse_rows(Path(extra).read_text(encoding="utf-8"), extra)
    return Lexicon(rows)


def token_pos(token: Any) -> str | None:
    """The lexicon part of speech a spaCy token can match: V, N or A (None for others)."""
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        return "V"
    if token.pos_ in ("NOUN", "PROPN"):
        return "N"
    if token.pos_ == "ADJ":
        return "A"
    return None
