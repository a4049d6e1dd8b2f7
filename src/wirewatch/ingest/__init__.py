"""Ingest: turn inputs (files, folders, ...) into articles, or into recorded failures."""

from __future__ import annotations

from .sources import IngestItem, IngestOptions, iter_inputs, text_item

__all__ = ["IngestItem", "IngestOptions", "iter_inputs", "text_item"]
