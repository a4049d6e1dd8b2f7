"""wirewatch: turn a stream of news articles into a sourced, cross-checked record of events.

The Python API mirrors the CLI::

    import wirewatch
    ww = wirewatch.open("wirewatch.db")
    ww.add(["examples/"])
    ww.process()
    print(ww.brief())

    analysis = wirewatch.read(text, published="2025-08-23")
"""

from __future__ import annotations

__version__ = "0.1.0"

from .app import Wirewatch, open, read
from .model import Actor, Analysis, Article, Claim, Event, Mention, Quantity, Span, Story, TimeValue

__all__ = [
    "Actor", "Analysis", "Article", "Claim", "Event", "Mention", "Quantity", "Span", "Story", "TimeValue",
    "Wirewatch", "__version__", "open", "read",
]
