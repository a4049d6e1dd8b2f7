"""The exceptions of wirewatch: one base class, a few kinds, each with a one-line reason."""

from __future__ import annotations


class WirewatchError(Exception):
    """Base class of every error wirewatch raises on purpose."""


class PipelineError(WirewatchError):
    """The pipeline cannot be built as asked (unknown stage, unmet requirement)."""


class StageError(WirewatchError):
    """A stage failed on one article."""


class StoreError(WirewatchError):
    """The store cannot be opened, migrated, read or written."""


class NotFound(WirewatchError):
    """An article, event, story or actor with that id does not exist."""


class IngestError(WirewatchError):
    """An input could not be read, fetched or turned into an article."""


class FetchError(IngestError):
    """A URL could not be fetched (network, size, redirect, refused address)."""


class UnsupportedInput(IngestError):
    """An input is of a kind wirewatch refuses (binary, empty, too large, unknown format)."""


class EvalError(WirewatchError):
    """A benchmark suite cannot be run (no data, unknown suite, bad format)."""
