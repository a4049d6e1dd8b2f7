"""Page layout helpers: marked article segments, evidence context, partial-date spans, timeline bars."""

from __future__ import annotations

import pytest

from wirewatch.web.data import _span_of, tone
from wirewatch.web.marks import Mark, context, period_days, segments, timeline_svg


def test_views_layout_segments_cover_text_with_nested_marks() -> None:
    text = "North Korea tested two missiles on March 21."
    marks = [Mark(0, 44, "evidence", "evidence"), Mark(0, 11, "entity", "PRK", "/actors/PRK"),
             Mark(19, 22, "quantity", "2"), Mark(35, 43, "time", "XXXX-03-21"), Mark(40, 99, "bad", "out of range")]
    segs = segments(text, marks, anchor_kind="evidence")
    assert "".join(s.text for s in segs) == text
    assert segs[0].text == "North Korea" and segs[0].classes == "m-evidence m-entity" and segs[0].anchor == "evidence"
    assert segs[0].href == "/actors/PRK"
    assert [s.anchor for s in segs].count("evidence") == 1
    assert all("m-evidence" in s.classes for s in segs if s.text.strip())
    assert not any("m-bad" in s.classes for s in segs)
    assert next(s for s in segs if s.text == "March 21").classes == "m-evidence m-time"


def test_views_layout_context_cuts_at_spaces() -> None:
    text = "word " * 200 + "THE EVIDENCE." + " tail" * 200
    start = text.index("THE")
    before, evidence, after = context(text, start, start + len("THE EVIDENCE."), width=40)
    assert evidence == "THE EVIDENCE."
    assert before.startswith("…word") and after.endswith("tail…")
    assert len(before) <= 42 and len(after) <= 42


@pytest.mark.parametrize(("time", "sort_key", "span"), [
    ("2024", "2024-00-00", ("2024-01-01", "2024-12-31", "year", False)),
    ("2025-03", "2025-03-00", ("2025-03-01", "2025-03-31", "month", False)),
    ("2024-02-29", "2024-02-29", ("2024-02-29", "2024-02-29", "day", False)),
    ("2025-Q1", "2025-01-00", ("2025-01-01", "2025-03-31", "months", False)),
    ("XXXX-03-21", "2025-03-21", ("2025-03-21", "2025-03-21", "day", True)),
    ("XXXX-03-21", None, None),
    ("XXXX-WXX-6", "2025-00-00", None),
    (None, "2025-04-00", None),
    ("PAST_REF", None, None),
])
def test_views_layout_partial_dates_span_what_they_cover(time: str | None, sort_key: str | None,
                                                         span: tuple[str, str, str, bool] | None) -> None:
    got = _span_of({"time": time, "sort_key": sort_key})
    if span is None:
        assert got is None
    else:
        assert got is not None
        assert (got["start"], got["end"], got["precision"], got["year_assumed"]) == span


def test_views_layout_timeline_bars_are_proportional() -> None:
    events = [
        {"id": "ev-year", "when": "2024", "type": "AGREE", "actors": ["PRK"], "tone": "cooperation",
         "span": {"start": "2024-01-01", "end": "2024-12-31", "precision": "year", "year_assumed": False}},
        {"id": "ev-day", "when": "1 July 2024", "type": "ASSAULT", "actors": ["RUS"], "tone": "conflict",
         "span": {"start": "2024-07-01", "end": "2024-07-01", "precision": "day", "year_assumed": False}},
        {"id": "ev-undated", "when": "date unknown", "type": "AID", "actors": [], "span": None},
    ]
    svg = timeline_svg(events, {"PRK": "North Korea", "RUS": "Russia"})
    assert svg is not None
    bars = {b["id"]: b for b in svg["bars"]}
    assert set(bars) == {"ev-year", "ev-day"}  # the undated event is listed, not drawn
    assert bars["ev-year"]["x"] == 0 and bars["ev-year"]["w"] == pytest.approx(svg["width"], abs=1)
    assert bars["ev-day"]["x"] == pytest.approx(svg["width"] * 182 / 366, abs=2)
    assert bars["ev-year"]["place"] == "inside" and "North Korea" in bars["ev-year"]["label"]
    assert [t["label"] for t in svg["ticks"]][:2] == ["Jan 2024", "Feb 2024"]
    assert timeline_svg([events[2]], {}) is None


def test_views_layout_tone_of_types() -> None:
    assert tone("agree") == "cooperation" and tone("ASSAULT") == "conflict" and tone("OTHER") == "neutral"


def test_views_layout_period_sets_the_axis() -> None:
    from datetime import date

    assert period_days("2024-03", "2024-03") == (date(2024, 3, 1).toordinal(), date(2024, 3, 31).toordinal())
    assert period_days("2024", None) == (date(2024, 1, 1).toordinal(), date(2024, 12, 31).toordinal())
    assert period_days("2024-02-10", "2024-02-12") == (date(2024, 2, 10).toordinal(), date(2024, 2, 12).toordinal())
    assert period_days(None, "2024") is None and period_days("2024-05", "2024-01") is None
    year = {"id": "ev-y", "when": "2024", "type": "AGREE", "actors": [], "tone": "cooperation",
            "span": {"start": "2024-01-01", "end": "2024-12-31", "precision": "year", "year_assumed": False}}
    day = {"id": "ev-d", "when": "15 March 2024", "type": "AID", "actors": [], "tone": "cooperation",
           "span": {"start": "2024-03-15", "end": "2024-03-15", "precision": "day", "year_assumed": False}}
    svg = timeline_svg([year, day], {}, period_days("2024-03", "2024-03"))
    assert svg is not None
    bars = {b["id"]: b for b in svg["bars"]}
    assert bars["ev-y"]["x"] == 0 and bars["ev-y"]["w"] == pytest.approx(svg["width"], abs=1)  # clipped to March
    assert bars["ev-d"]["x"] == pytest.approx(svg["width"] * 14 / 31, abs=1)
    assert bars["ev-d"]["w"] == pytest.approx(svg["width"] / 31, abs=1)
