"""The briefing's "Disputed figures" section (see :mod:`wirewatch.report`)."""

from __future__ import annotations

import sqlite3

from ..store import Store
from .disputes import describe, disputes

#: Keys shown in the briefing; ``wirewatch disputes`` lists them all.
SECTION_LIMIT = 10


def _clip(text: str, width: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def disputes_section(store: Store) -> list[str]:
    """Each key with two or more figures: the verdict, every figure with its source, and the reasons."""
    try:
        groups = disputes(store, limit=SECTION_LIMIT)
    except sqlite3.OperationalError:
        return []
    lines = []
    for group in groups:
        lines.append(f"{group['key']}: {group['verdict']} ({group['n_claims']} figures, "
                     f"{len(group['outlets'])} outlet(s))")
        for claim in group["claims"]:
            lines.append(f"    {describe(claim)}: \"{_clip(claim['content'])}\"")
        for pair in group["comparisons"][:3]:
            lines.append(f"    {pair['verdict']}: {'; '.join(pair['reasons'])}")
    return lines
