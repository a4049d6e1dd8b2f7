"""Canonical events as PLOVER JSON records, one per line (the PLOVER manual's "Data Fields").

Each record uses the manual's field names where it has one (``id``, ``date``, ``enddate``,
``actor``, ``recipient``, ``event``, ``mode``, ``context``, ``event_loc``, ``event_text``,
``quad_code``, ``link``, ``cite_info``, ``coder``, ``coded_date``) and adds wirewatch's own
fields beside them (``date_timex``, ``date_precision``, ``modality``, ``corroboration``, ...).
``date`` is only filled when the year is reported: a partial date such as ``XXXX-03-21`` stays
in ``date_timex`` with ``date`` null, never completed by a guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import __version__
from ..store import Store

#: The manual's quad categories (its numeric table): 1 verbal cooperation, 2 material cooperation,
#: 3 verbal conflict, 4 material conflict.
QUAD_CODES = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}

FIELDS = ("id", "date", "enddate", "date_timex", "date_display", "date_precision", "actor", "recipient", "event",
          "mode", "context", "quad_code", "event_loc", "event_text", "link", "modality", "corroboration",
          "n_reports", "outlets", "first_reported", "cite_info", "coder", "coded_date")


def _entity(actor_id: str, actors: dict[str, dict[str, Any]]) -> dict[str, Any]:
    a = actors.get(actor_id)
    if a is None:
        return {"code": None, "id": actor_id, "actorText": actor_id}
    code = a["country"] if a["kind"] != "igo" else "IGO"
    return {"code": code, "id": a["id"], "actorText": a["name"], "kind": a["kind"], "sector": a["sector"],
            "role": a["role"]}


def records(store: Store) -> Iterator[dict[str, Any]]:
    """One PLOVER record per canonical event, in time order (undated last)."""
    from ..link import query
    from ..web.data import _span_of

    actors = {r["id"]: dict(r) for r in store.db.execute("SELECT * FROM actors")}
    ids = [r[0] for r in store.db.execute(
        "SELECT id FROM canonical_events ORDER BY sort_key IS NULL, sort_key, first_reported, first_seen, id")]
    for cid in ids:
        ev = query.canonical_event(store, cid)
        span = _span_of(ev)
        dated = span is not None and not span["year_assumed"]
        reports = ev["reports"]
        yield {
            "id": ev["id"],
            "date": span["start"] if dated and span else None,
            "enddate": span["end"] if dated and span else None,
            "date_timex": ev["time"],
            "date_display": ev["when"],
            "date_precision": span["precision"] if dated and span else None,
            "actor": [_entity(a, actors) for a in ev["actors"]],
            "recipient": [_entity(a, actors) for a in ev["recipients"]],
            "event": [ev["type"]],
            "mode": [ev["mode"]] if ev["mode"] else [],
            "context": [],
            "quad_code": QUAD_CODES.get(ev["type"]),
            "event_loc": {"name": ev["place"]} if ev["place"] else None,
            "event_text": [r["evidence"] for r in reports],
            "link": ev["story"],
            "modality": sorted({r["modality"] for r in reports}),
            "corroboration": ev["corroboration"],
            "n_reports": ev["n_reports"],
            "outlets": ev["outlets"],
            "first_reported": ev["first_reported"],
            "cite_info": [{"article": r["article"], "event": r["event"], "outlet": r["outlet"],
                           "published": r["published"], "title": r["title"], "modality": r["modality"],
                           "source": r["source"], "evidence_start": r["evidence_span"]["start"],
                           "evidence_end": r["evidence_span"]["end"]} for r in reports],
            "coder": f"wirewatch {__version__}",
            "coded_date": ev["first_seen"][:10],
        }
