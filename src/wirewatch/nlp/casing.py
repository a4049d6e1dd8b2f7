"""Casing repair before NER: a same-length copy of the text in which badly cased names regain capitals.

spaCy's small English model leans on capital letters: "south Korean President lee jae Myung" comes
out as two persons, "lee" and "Myung", or none. :func:`repair` returns a copy of the text in which
only the case of letters changes (never the length, so every character offset stays valid for the
original text), and only towards upper case. A letter is raised when one of these holds:

1. **Gazetteer names** of several words, matched whatever their case ("north korea", "lee jae
   Myung"), take the capitals of the name as written in the data files ("Lee Jae Myung").
2. **Gazetteer names of one word** ("pyongyang", "shoigu", "nato") are raised, except words that are
   also common English words ("turkey", "china", "trump", "chad"): those are raised only inside a
   name, i.e. next to a capitalised word ("President trump").
3. **The article's own names**: runs of capitalised words written elsewhere in the article
   ("General Motors", "Jim Press") become a gazetteer of the article, matched like rule 1
   ("General motors", "jim press"). A single word is raised only if the article writes it
   capitalised on its own in mid-sentence ("Chrysler said") more often than in lower case: a word
   capitalised only inside longer names ("Developer Program") is no evidence for "program".
   Title-cased lines (headlines) are not evidence.
4. **Broken acronyms**: a word whose first letter is lower-case and every other letter upper-case
   ("uS", "u.S.", "nATO") regains its first capital.
5. **Sentence starts**: the first word of a sentence, when entirely lower-case, is capitalised.

Function words ("of", "the", "and", ...) are never raised: names such as "Bank of England" keep them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .gazetteer import Gazetteer, first_chunk, load, norm

#: A word: letters, possibly joined by dots, apostrophes or hyphens ("U.S.", "Chrysler's", "Jae-myung").
WORD = re.compile(r"[^\W\d_]+(?:[.'’\-][^\W\d_]+)*\.?")

#: Words never raised: function words and the like, which stay lower-case inside names.
FUNCTION_WORDS = frozenset(
    "a an the of and or for to in on at by with from as de da del der van von la le al el bin ibn".split()
    + "is are was were be been has have had will would said says it its this that these those".split()
    + "he she they we you i his her their our not no but if than then there here who which".split()
)

#: One-word gazetteer names that are also common English words: raised only next to a capitalised
#: word, because "turkey", "china", "chad" or "trump" in lower case are usually just words.
AMBIGUOUS_WORDS = frozenset(
    "turkey china chad jordan georgia guinea niger trump may will mark bush rice king lee kim park long "
    "young brown white black green rose hope grant price chase banks bill gates cook wells ford sun moon "
    "reading nice split bath cork victoria washington paris lima sofia mali peru cuba malta oman iran iraq "
    "us un eu who au ai sco icc imf wto opec brics state press".split()
)

#: Share of a line's longer words that must be capitalised for it to count as a title-cased headline.
TITLE_LINE_SHARE = 0.6
#: Longer words (more letters than this) are the ones counted for TITLE_LINE_SHARE.
TITLE_WORD_MIN = 3
#: Abbreviations after which a following word is not a sentence start ("Mr. Smith", "U.S. automaker").
ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}$|(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Prof|Rev|Sen|Rep|Gov|vs|No|"
                          r"Inc|Corp|Co|Ltd|Jr|Sr|Bros|Mt|Ft)\.?$", re.I)


@dataclass
class _Word:
    start: int
    end: int
    text: str
    key: str
    initial: bool
    in_title_line: bool


_SENTENCE_GAP = re.compile(r"[.!?]['\"’”)]*\s+['\"‘“(]*$")
_CLAUSE_END = re.compile(r"[.!?:]\s+$")


def _words(text: str) -> list[_Word]:
    words: list[_Word] = []
    title_lines = _title_lines(text)
    previous_end = 0
    previous_text = ""
    for m in WORD.finditer(text):
        end = m.end()
        if m.group(0).endswith(".") and "." not in m.group(0)[:-1] and len(m.group(0)) > 2:
            end -= 1  # a full stop, not an abbreviation's dot ("ishiba." but "U.S.", "Mr.")
        gap = text[previous_end : m.start()]
        before = previous_text + gap
        initial = (not words or "\n" in gap or (("." in before or "!" in before or "?" in before)
                                                  and _SENTENCE_GAP.search(before) is not None
                                                  and not ABBREVIATION.search(previous_text)))
        word = text[m.start() : end]
        words.append(_Word(m.start(), end, word, norm(word), bool(initial),
                           bool(title_lines) and _line_index(text, m.start(), title_lines)))
        previous_end, previous_text = end, word
    return words


def _title_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines written in title case (most longer words capitalised): no evidence of names there."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        inner = [m.group(0) for m in WORD.finditer(line)
                 if m.start() > 0 and not _CLAUSE_END.search(line, 0, m.start())]  # not sentence-initial
        long_words = [w for w in inner if len(w) > TITLE_WORD_MIN]
        if len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= TITLE_LINE_SHARE * len(long_words):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _line_index(text: str, offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)


def _raise(chars: list[str], start: int, surface: str) -> None:
    """Copy the capitals of ``surface`` onto ``chars`` from ``start`` (only lower -> upper, same letters)."""
    for i, c in enumerate(surface):
        j = start + i
        if j < len(chars) and c.isupper() and chars[j].islower() and chars[j].upper() == c:
            chars[j] = c


def _capitalise(chars: list[str], w: _Word) -> None:
    upper = w.text[0].upper()
    if len(upper) == 1:
        chars[w.start] = upper


def _joined(text: str, words: list[_Word], i: int, j: int) -> bool:
    """Words i and j (= i + 1) are separated by one space or a hyphen only."""
    return text[words[i].end : words[j].start] in (" ", "-")


def _article_names(words: list[_Word], text: str) -> tuple[dict[str, str], int]:
    """Rule 3: runs of two or more capitalised words (not in title-cased lines), by lookup form."""
    names: dict[str, str] = {}
    longest = 1
    run: list[int] = []

    def close() -> None:
        nonlocal longest
        while run and (words[run[0]].key in FUNCTION_WORDS or words[run[0]].initial):
            run.pop(0)  # "The", or any sentence-initial capital ("Later General Motors")
        if len(run) >= 2:
            surface = text[words[run[0]].start : words[run[-1]].end]
            names.setdefault(norm(surface), surface)
            longest = max(longest, len(run))
        run.clear()

    for i, w in enumerate(words):
        capital = w.text[0].isupper() and not w.in_title_line
        if capital and (not run or _joined(text, words, run[-1], i)):
            run.append(i)
        elif run and w.key in ("of", "and", "&") and _joined(text, words, run[-1], i):
            run.append(i)  # "Bank of England": kept if a capital follows
        else:
            close()
            if capital:
                run.append(i)
    close()
    return names, longest


def _gazetteer_names(words: list[_Word], text: str, g: Gazetteer, chars: list[str],
                     local: dict[str, str], local_max: int) -> set[int]:
    """Rules 1, 2 and the multi-word part of 3; returns the indexes of words inside a matched name."""
    inside: set[int] = set()
    reach = _reach(g)
    local_reach = _reach_of(local)
    i = 0
    while i < len(words):
        matched = 0
        # A name of n words starts with a word that begins some name of at least n chunks: the
        # other lengths cannot match and are not tried (most words begin no name at all).
        first = first_chunk(words[i].text.replace("’", "'").replace("‘", "'").casefold())
        most = max(reach.get(first, 1), local_reach.get(first, 1))
        for n in range(min(max(g.max_words, local_max), len(words) - i, most), 0, -1):
            last = words[i + n - 1]
            if n > 1 and any(text[words[k].end : words[k + 1].start] not in (" ", "-") for k in range(i, i + n - 1)):
                continue
            key = norm(text[words[i].start : last.end])
            surface = g.surfaces.get(key) if n <= g.max_words else None
            if surface is None and n >= 2:
                surface = local.get(key)
            if surface is None or not text[words[i].start : last.end].casefold().startswith(surface.casefold()):
                continue  # (a possessive may follow the name: "japan's")
            if n == 1 and not _single_word_ok(words, i, key):
                continue
            _raise(chars, words[i].start, surface)
            inside.update(range(i, i + n))
            matched = n
            break
        i += max(matched, 1)
    return inside


#: Per gazetteer (by identity): first chunk of a name's lookup form -> most chunks of such a name.
_REACH: dict[int, tuple[Gazetteer, dict[str, int]]] = {}


def _reach_of(keys: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key in keys:
        first = first_chunk(key)
        out[first] = max(out.get(first, 1), len(key.replace("-", " ").split()))
    return out


def _reach(g: Gazetteer) -> dict[str, int]:
    cached = _REACH.get(id(g))
    if cached is None or cached[0] is not g:
        cached = (g, _reach_of(g.surfaces))
        _REACH[id(g)] = cached
    return cached[1]


def _single_word_ok(words: list[_Word], i: int, key: str) -> bool:
    if key in FUNCTION_WORDS:
        return False
    if key not in AMBIGUOUS_WORDS and len(key) > 2:
        return True
    return _touches_capital(words, i)


def _touches_capital(words: list[_Word], i: int, text: str = "") -> bool:
    """A capitalised word (not a sentence-initial function word) right next to word i."""
    for j in (i - 1, i + 1):
        if not 0 <= j < len(words) or not words[j].text[0].isupper():
            continue
        if j < i and words[j].initial and words[j].key in FUNCTION_WORDS:
            continue
        if text and not _joined(text, words, min(i, j), max(i, j)):
            continue
        return True
    return False


def _evidence(words: list[_Word], text: str) -> tuple[Counter[str], Counter[str]]:
    """Mid-sentence counts per word: capitalised on its own (no capitalised neighbour), and lower-case."""
    alone: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for i, w in enumerate(words):
        if w.initial or w.in_title_line:
            continue
        if w.text[0].isupper() and not _touches_capital(words, i, text):
            alone[w.key] += 1
        elif w.text.islower():
            lower[w.key] += 1
    return alone, lower


def repair(text: str, gazetteer: Gazetteer | None = None) -> str:
    """The text with badly cased names recapitalised (same length; see the module docstring)."""
    g = gazetteer or load()
    words = _words(text)
    if not words:
        return text
    chars = list(text)
    local, local_max = _article_names(words, text)
    _gazetteer_names(words, text, g, chars, local, local_max)
    alone, lower = _evidence(words, text)
    for i, w in enumerate(words):
        first = w.text[0]
        if not first.islower() or chars[w.start].isupper():
            continue
        rest = [c for c in w.text[1:] if c.isalpha()]
        if rest and all(c.isupper() for c in rest):
            if "." in w.text or w.text[0].upper() + w.text[1:] in text:
                _capitalise(chars, w)  # rule 4: "u.S.", or "nYSE" where the article has "NYSE"
            continue
        if w.key in FUNCTION_WORDS:
            continue
        if alone.get(w.key, 0) >= max(lower.get(w.key, 0), 1):
            _capitalise(chars, w)  # rule 3: the article writes this word capitalised on its own
        elif w.initial and w.text.islower() and i > 0 and not words[i - 1].text[0].isupper():
            _capitalise(chars, w)  # rule 5: sentence start (not after "Inc." or "U.S.")
    out = "".join(chars)
    return out if len(out) == len(text) else text
