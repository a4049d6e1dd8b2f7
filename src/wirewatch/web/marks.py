"""Layout for the pages: article text cut into marked segments, the timeline and the actor graph.

Everything here returns plain data (strings, numbers); the templates escape every piece of
text they print, so a hostile article can never inject markup.
"""

from __future__ import annotations

import calendar
import itertools
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class Mark:
    """An annotation over ``[start, end)``: CSS class, tooltip, optional link."""

    start: int
    end: int
    kind: str
    label: str
    href: str | None = None


@dataclass
class Segment:
    text: str
    marks: list[Mark] = field(default_factory=list)
    anchor: str | None = None

    @property
    def classes(self) -> str:
        return " ".join(dict.fromkeys(f"m-{m.kind}" for m in self.marks))

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(m.label for m in self.marks if m.label))

    @property
    def href(self) -> str | None:
        return next((m.href for m in self.marks if m.href), None)


def segments(text: str, marks: list[Mark], anchor_kind: str | None = None) -> list[Segment]:
    """Cut ``text`` at every mark boundary; each piece lists the marks covering it.

    Overlapping and nested marks are fine. The first piece of the first mark of ``anchor_kind``
    gets ``anchor`` set (the page links to it with ``#evidence``).
    """
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[Segment] = []
    anchored = False
    for a, b in itertools.pairwise(cuts):
        covering = [m for m in marks if m.start <= a and b <= m.end]
        seg = Segment(text=text[a:b], marks=covering)
        if anchor_kind and not anchored and any(m.kind == anchor_kind for m in covering):
            seg.anchor = "evidence"
            anchored = True
        out.append(seg)
    return out


#: Characters of article text shown either side of an evidence sentence on an event page.
CONTEXT_CHARS = 280


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """(before, evidence, after): the evidence sentence with some text around it, cut at spaces."""
    a = max(0, start - width)
    if a > 0:
        space = text.find(" ", a)
        a = space + 1 if 0 <= space < start else a
    b = min(len(text), end + width)
    if b < len(text):
        space = text.rfind(" ", end, b)
        b = space if space > end else b
    before = ("…" if a > 0 else "") + text[a:start]
    after = text[end:b] + ("…" if b < len(text) else "")
    return before, text[start:end], after


# -- timeline ---------------------------------------------------------------------------------

TIMELINE_WIDTH = 1000
ROW_HEIGHT = 24
AXIS_HEIGHT = 30
LABEL_CHARS = 60


def _day(s: str) -> int:
    return date.fromisoformat(s).toordinal()


def period_days(since: str | None, until: str | None) -> tuple[int, int] | None:
    """The first and last day (ordinals) of a ``YYYY[-MM[-DD]]`` period, or ``None`` without ``since``."""
    if not since:
        return None
    try:
        first = date(int(since[:4]), int(since[5:7] or 1) if len(since) >= 7 else 1,
                     int(since[8:10]) if len(since) >= 10 else 1)
        end = until or since
        year = int(end[:4])
        month = int(end[5:7]) if len(end) >= 7 else 12
        day = int(end[8:10]) if len(end) >= 10 else calendar.monthrange(year, month)[1]
        last = date(year, month, day)
    except ValueError:
        return None
    return (first.toordinal(), last.toordinal()) if first <= last else None


def timeline_svg(events: list[dict[str, Any]], names: dict[str, str],
                 window: tuple[int, int] | None = None) -> dict[str, Any] | None:
    """Bars for the events that have a span, on one time axis; ``None`` when none is dated.

    The axis covers ``window`` (first and last day) when given, else the events' spans.
    """
    dated = [e for e in events if e.get("span")]
    if not dated:
        return None
    if window:
        lo, hi = window[0], window[1] + 1
    else:
        lo = min(_day(e["span"]["start"]) for e in dated)
        hi = max(_day(e["span"]["end"]) for e in dated) + 1
    if hi - lo < 30:  # at least a month across, so a single day is not the whole width
        lo, hi = lo - 15, hi + 15
    scale = TIMELINE_WIDTH / (hi - lo)
    bars = []
    for i, e in enumerate(dated):
        s, t = max(_day(e["span"]["start"]), lo), min(_day(e["span"]["end"]) + 1, hi)
        x = (s - lo) * scale
        w = max((t - s) * scale, 3.0)
        who = ", ".join(names.get(a, a) for a in e["actors"]) or "?"
        label = f"{e['when']}: {e['type']} {who}"
        if x + w + 4 <= TIMELINE_WIDTH * 0.6:  # room to the right of the bar
            text_x, anchor, place = x + w + 4, "start", "after"
        elif x >= TIMELINE_WIDTH * 0.4:  # room to its left
            text_x, anchor, place = x - 4, "end", "before"
        else:  # a long bar: the label goes inside it
            text_x, anchor, place = x + 4, "start", "inside"
        bars.append({"id": e["id"], "x": round(x, 1), "y": AXIS_HEIGHT + i * ROW_HEIGHT, "w": round(w, 1),
                     "h": ROW_HEIGHT - 6, "tone": e.get("tone", "neutral"), "precision": e["span"]["precision"],
                     "label": label[:LABEL_CHARS] + ("…" if len(label) > LABEL_CHARS else ""), "title": label,
                     "text_x": round(text_x, 1), "anchor": anchor, "place": place,
                     "assumed": e["span"]["year_assumed"]})
    ticks = _ticks(lo, hi, scale)
    return {"width": TIMELINE_WIDTH, "height": AXIS_HEIGHT + len(bars) * ROW_HEIGHT + 6, "bars": bars,
            "ticks": ticks}


def _ticks(lo: int, hi: int, scale: float) -> list[dict[str, Any]]:
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    out = []
    span_days = hi - lo
    if span_days <= 62:  # a month or two: a tick a week, each a link to that day
        for d in range(lo, hi, 7):
            day = date.fromordinal(d)
            out.append({"x": round((d - lo) * scale, 1), "label": f"{day.day} {day.strftime('%b')}",
                        "period": day.isoformat()})
    elif span_days > 3 * 366:
        for y in range(first.year, last.year + 1):
            d = date(y, 1, 1).toordinal()
            if lo <= d <= hi:
                out.append({"x": round((d - lo) * scale, 1), "label": str(y), "period": str(y)})
    else:
        y, m = first.year, first.month
        step = 1 if span_days <= 400 else 3
        while date(y, m, 1).toordinal() <= hi:
            d = date(y, m, 1).toordinal()
            if d >= lo:
                out.append({"x": round((d - lo) * scale, 1), "label": date(y, m, 1).strftime("%b %Y"),
                            "period": f"{y:04d}-{m:02d}"})
            m += step
            while m > 12:
                m -= 12
                y += 1
    return out


# -- actor graph ------------------------------------------------------------------------------

GRAPH_SIZE = 520
GRAPH_NEIGHBOURS = 24
#: Room (in view-box units) left and right of the circle for actor names.
GRAPH_LABEL_ROOM = 140


def actor_graph(center: str, edges: list[dict[str, Any]], names: dict[str, str]) -> dict[str, Any] | None:
    """A star layout: the actor in the middle, the actors it deals with around it.

    Edge width grows with the number of reports; its class says cooperation, conflict or mixed.
    """
    weights: dict[str, dict[str, Any]] = {}
    for e in edges:
        other = e["target"] if e["source"] == center else e["source"]
        w = weights.setdefault(other, {"weight": 0, "cooperation": 0, "conflict": 0, "out": 0, "in": 0})
        w["weight"] += e["weight"]
        w["cooperation"] += e["cooperation"]
        w["conflict"] += e["conflict"]
        w["out" if e["source"] == center else "in"] += e["weight"]
    if not weights:
        return None
    top = sorted(weights.items(), key=lambda kv: (-kv[1]["weight"], kv[0]))[:GRAPH_NEIGHBOURS]
    c = GRAPH_SIZE / 2
    radius = GRAPH_SIZE / 2 - 80
    most = max(w["weight"] for _, w in top)
    nodes = []
    for i, (other, w) in enumerate(top):
        angle = 2 * math.pi * i / len(top) - math.pi / 2
        x, y = c + radius * math.cos(angle), c + radius * math.sin(angle)
        tone = "cooperation" if w["cooperation"] > w["conflict"] else \
            "conflict" if w["conflict"] > w["cooperation"] else "mixed"
        nodes.append({"id": other, "name": names.get(other, other), "x": round(x, 1), "y": round(y, 1),
                      "width": round(1.5 + 6.5 * w["weight"] / most, 1), "tone": tone, "weight": w["weight"],
                      "cooperation": w["cooperation"], "conflict": w["conflict"], "out": w["out"], "in": w["in"],
                      "anchor": "start" if x >= c else "end", "label_x": round(x + (10 if x >= c else -10), 1)})
    # the view box leaves room either side for the names written beside the outer nodes
    return {"size": GRAPH_SIZE, "cx": c, "cy": c, "center": names.get(center, center), "nodes": nodes,
            "view": f"{-GRAPH_LABEL_ROOM} 0 {GRAPH_SIZE + 2 * GRAPH_LABEL_ROOM} {GRAPH_SIZE}"}
