"""Small date helpers shared by ingest, the CLI and the times stage."""

from __future__ import annotations

import re
from datetime import date

from ..errors import WirewatchError

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")


def parse_iso_date(text: str) -> str:
    """Validate a user-given date and return it as ``YYYY-MM-DD`` (a timestamp keeps its date part)."""
    m = _ISO.match(text.strip())
    if not m:
        raise WirewatchError(f"invalid date {text!r}: expected YYYY-MM-DD")
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError as exc:
        raise WirewatchError(f"invalid date {text!r}: {exc}") from exc
