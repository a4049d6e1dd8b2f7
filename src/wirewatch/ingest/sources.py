"""Input sources. Each input yields ``IngestItem``s: an article, or a failure with its reason."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IngestError, UnsupportedInput
from ..model import Article

#: Largest single input file read (bytes); bigger files are refused, not truncated.
MAX_FILE_BYTES = 20 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}


@dataclass(kw_only=True)
class IngestOptions:
    """Metadata given or overridden by the user, and how to walk folders."""

    published: str | None = None
    outlet: str | None = None
    title: str | None = None
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    allow_private: bool = False


@dataclass(kw_only=True)
class IngestItem:
    """One article read from an input, or the reason it could not be."""

    source: str
    article: Article | None = None
    error: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


def iter_inputs(inputs: Sequence[str], options: IngestOptions | None = None) -> Iterator[IngestItem]:
    """Yield one item per article found in ``inputs`` (paths, folders or ``-`` for stdin)."""
    options = options or IngestOptions()
    for spec in inputs:
        try:
            if spec == "-":
                yield _item("<stdin>", sys.stdin.read(), options)
                continue
            path = Path(spec)
            if path.is_dir():
                for child in sorted(p for p in path.rglob("*") if p.is_file()):
                    yield from _from_file(child, options)
            elif path.is_file():
                yield from _from_file(path, options)
            else:
                yield IngestItem(source=spec, error=f"no such file or folder: {spec}")
        except IngestError as exc:
            yield IngestItem(source=spec, error=str(exc))


def _from_file(path: Path, options: IngestOptions) -> Iterator[IngestItem]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnsupportedInput(f"{path}: file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit")
        raw = path.read_bytes()
        if b"\x00" in raw[:4096]:
            raise UnsupportedInput(f"{path}: binary file, not an article")
        text = raw.decode("utf-8", errors="replace")
        if path.suffix.lower() == ".json":
            data = json.loads(text)
            records = data if isinstance(data, list) else [data]
            for i, rec in enumerate(records):
                yield _item(f"{path}#{i}", rec.get("text", ""), options, rec)
        elif path.suffix.lower() == ".jsonl":
            for i, line in enumerate(text.splitlines()):
                if line.strip():
                    rec = json.loads(line)
                    yield _item(f"{path}:{i + 1}", rec.get("text", ""), options, rec)
        else:
            yield _item(str(path), text, options)
    except (OSError, ValueError, AttributeError) as exc:
        yield IngestItem(source=str(path), error=f"{path}: {exc}")
    except IngestError as exc:
        yield IngestItem(source=str(path), error=str(exc))


def _item(source: str, text: str, options: IngestOptions, meta: dict[str, object] | None = None) -> IngestItem:
    if not text or not text.strip():
        return IngestItem(source=source, error=f"{source}: empty text")
    meta = meta or {}
    article = Article(
        text=text.strip(),
        title=options.title or _str(meta.get("title")) or _first_line(text),
        outlet=options.outlet or _str(meta.get("outlet")),
        published=options.published or _str(meta.get("published")),
        url=_str(meta.get("url")),
        source=source,
    )
    return IngestItem(source=source, article=article)


def _str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _first_line(text: str) -> str | None:
    line = text.strip().splitlines()[0].strip() if text.strip() else ""
    return line[:300] if line else None
