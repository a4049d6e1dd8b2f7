"""Bytes to text: refuse binary content, honour a declared charset, detect the rest."""

from __future__ import annotations

import codecs
import re

from ..errors import UnsupportedInput

#: Signatures of common binary formats, named in the refusal so the user knows what was given.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"RIFF", "audio/video"),
    (b"OggS", "audio"),
    (b"ID3", "MP3 audio"),
    (b"\xd0\xcf\x11\xe0", "Office document"),
    (b"SQLite format 3", "SQLite database"),
)

#: Share of control characters (other than tab, newline, carriage return, form feed) above which
#: decoded text is taken for binary data; real text, even badly encoded, has almost none.
MAX_CONTROL_SHARE = 0.01

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def binary_kind(raw: bytes) -> str | None:
    """A name for the binary format of ``raw`` ('binary data' when unknown), or None for text."""
    for boms, _ in _BOMS:
        if raw.startswith(boms):
            return None
    for magic, name in _MAGIC:
        if raw.startswith(magic):
            return name
    if b"\x00" in raw[:8192]:
        return "binary data"
    return None


def declared_charset(raw: bytes, content_type: str | None = None) -> str | None:
    """The charset named by a Content-Type header, an HTML meta tag or an XML declaration."""
    if content_type:
        m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
        if m:
            return m[1]
    head = raw[:4096]
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return found[1].decode("ascii", "replace") if found else None


def decode_bytes(raw: bytes, *, name: str, content_type: str | None = None) -> str:
    """Decode ``raw`` to text, or raise UnsupportedInput saying why it is not text.

    Order: byte-order mark; strict UTF-8; the declared charset if the bytes decode with it;
    then charset-normalizer's best guess.
    """
    kind = binary_kind(raw)
    if kind:
        raise UnsupportedInput(f"{name}: {kind}, not an article")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _checked(raw.decode(codec, errors="replace"), name)
    # Bytes that are valid UTF-8 are UTF-8 whatever the page declares: servers often send UTF-8
    # pages as "ISO-8859-1", while other text is almost never valid UTF-8 by chance.
    try:
        return _checked(raw.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    declared = declared_charset(raw, content_type)
    if declared:
        try:
            return _checked(raw.decode(_codec(declared)), name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect instead
    from charset_normalizer import from_bytes

    results = from_bytes(raw)
    best = results.best()
    if best is None:
        raise UnsupportedInput(f"{name}: cannot detect the text encoding (binary data?)")
    # Single-byte code pages often tie (the same letters decode the same); among equally good
    # guesses take Windows-1252, by far the most common of them in news text.
    for match in results:
        if (match.chaos <= best.chaos and match.coherence >= best.coherence - 0.01
                and "cp1252" in match.could_be_from_charset):
            return _checked(raw.decode("cp1252", errors="replace"), name)
    return _checked(str(best), name)


def _codec(charset: str) -> str:
    name = codecs.lookup(charset.strip().lower()).name
    # Pages that say latin-1 almost always mean Windows-1252 (as browsers assume).
    return "cp1252" if name == "iso8859-1" else name


def _checked(text: str, name: str) -> str:
    if text and len(_CONTROL.findall(text[:20000])) > MAX_CONTROL_SHARE * min(len(text), 20000):
        raise UnsupportedInput(f"{name}: binary data (control characters), not an article")
    return text
