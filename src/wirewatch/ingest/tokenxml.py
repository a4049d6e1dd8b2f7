"""Tokenised news in the XML of annotation tools (ECB+, MEANTIME and other CAT exports).

Annotated corpora ship articles as one ``<token>`` element per word, each with the number of its
sentence, under a ``<Document>`` root, followed by the annotation (``<Markables>``,
``<Relations>``), which is not read here::

    <Document doc_name="..." url="...">
      <token t_id="1" sentence="0" number="0">Rebels</token>
      <token t_id="2" sentence="0" number="1">shelled</token> ...

The text is rebuilt as prose: one line per sentence (so a headline keeps a line of its own and is
read as the title, as in a text file), the tokens of a sentence joined by spaces except before
closing punctuation and clitics and after opening brackets. The tokens' own spelling is kept,
so every word of the corpus is found in the text; only numbers and clock times that the tokeniser
split are put back together. The root's ``url`` attribute, or else a first sentence that is a web
address (as in ECB+), becomes the article's address. That sentence stays in the text as its
tokens give it ("http : / / www . bbc . co . uk / ..."): the words of the address are read as
words, which measured better on ECB+ than one joined address (see BENCHMARKS.md).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass

from ..errors import UnsupportedInput

#: A ``Document`` root with ``token`` elements that carry a ``sentence`` attribute, near the start.
_TOKEN_XML = re.compile(rb"<Document[\s>].{0,2000}?<token\s[^>]*\bsentence=", re.S)

#: Separators a tokeniser split off inside a number or a clock time ("6 . 1", "10 : 04").
_IN_NUMBER = re.compile(r"(?<=\d) ([.:]) (?=\d)")
#: A thousands comma split off ("20 , 000"): after one to three digits, before exactly three.
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})*) , (?=\d{3}(?!\d))")
#: A sentence that is a web address, split into tokens ("http : / / www . bbc . co . uk / ...").
_ADDRESS = re.compile(r"^(?:https? : / /|www \.) ", re.I)
_URL = re.compile(r"^https?://[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$", re.I)
_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b|'\s)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_QUOTES = re.compile(r'" (.*?) "')


@dataclass(frozen=True)
class TokenDocument:
    """What a token XML file holds that the ingest reads: the rebuilt text and the address."""

    text: str
    url: str | None


def looks_like_token_xml(raw: bytes) -> bool:
    """Whether the bytes start like a CAT-style token XML document."""
    return _TOKEN_XML.search(raw[:8192]) is not None


def detokenise(sentence: str) -> str:
    """Space-separated tokens joined back with the spacing of prose, numbers and clock times whole
    ("6.1", "20,000", "10:04")."""
    text = _IN_NUMBER.sub(r"\1", sentence)
    text = _THOUSANDS.sub(r"\1,", text)  # "1 , 400 , 000" in one pass: each comma is matched in turn
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    text = _NO_SPACE_AFTER.sub(r"\1", text)
    return _QUOTES.sub(r'"\1"', text)


def sentences_text(sentences: list[str]) -> str:
    """Sentences (each its tokens joined by single spaces) as text: one detokenised line each."""
    return "\n".join(detokenise(s) for s in sentences if s.strip()) + "\n"


def read_token_xml(raw: bytes, *, name: str) -> TokenDocument:
    """The text of a token XML document; :class:`UnsupportedInput` when it is malformed or has no words."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise UnsupportedInput(f"{name}: malformed token XML ({exc})") from None
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for tok in root.iter("token"):
        word = (tok.text or "").strip()
        if not word:
            continue
        try:
            sentence = int(tok.get("sentence", "0"))
        except ValueError:
            raise UnsupportedInput(f"{name}: token {tok.get('t_id', '?')} has a sentence number that is "
                                   f"not a number ({tok.get('sentence')!r})") from None
        by_sentence[sentence].append(" ".join(word.split()))
    if not by_sentence:
        raise UnsupportedInput(f"{name}: token XML without any words")
    sentences = [" ".join(by_sentence[s]) for s in sorted(by_sentence)]
    url = (root.get("url") or "").strip() or None
    if url is None and _ADDRESS.match(sentences[0]):  # the annotators' pages often open with their address
        joined = sentences[0].replace(" ", "")
        url = joined if _URL.match(joined) else None
    return TokenDocument(text=sentences_text(sentences), url=url)
