"""Linking across articles: canonical events (one per real-world happening), stories, timelines.

- :func:`link_store` links the per-article events processed since the last run
  (called by ``Wirewatch.link()`` after ``process``);
- :func:`timeline`, :func:`stories`, :func:`story`, :func:`canonical_event` answer over them.

See :mod:`wirewatch.link.core` for the similarity, :mod:`wirewatch.link.linker`
for the incremental algorithm and :mod:`wirewatch.link.timex` for partial dates.
"""

from __future__ import annotations

from .linker import link_store
from .query import canonical_event, stories, story, timeline

__all__ = ["canonical_event", "link_store", "stories", "story", "timeline"]
