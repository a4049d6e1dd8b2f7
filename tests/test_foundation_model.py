"""The data model: stable ids, JSON round trips."""

from __future__ import annotations

from wirewatch.model import Analysis, Article, Claim, Event, Mention, Quantity, Span, TimeValue, article_id


def test_model_article_id_stable_and_whitespace_insensitive() -> None:
    a = Article(text="North Korea  test-fired\na missile.")
    b = Article(text="North Korea test-fired a missile.")
    assert a.id == b.id == article_id("North Korea test-fired a missile.")
    assert a.id != Article(text="North Korea test-fired two missiles.").id


def test_model_published_date_only_from_known_value() -> None:
    assert Article(text="x", published="2025-08-23T09:00:00+00:00").published_date == "2025-08-23"
    assert Article(text="x").published_date is None


def test_model_partial_time_value() -> None:
    t = TimeValue(start=0, end=11, text="On March 21", type="DATE", value="XXXX-03-21", stage="t")
    assert t.partial
    assert not TimeValue(start=0, end=4, text="2024", type="DATE", value="2024", stage="t").partial


def test_model_analysis_json_round_trip() -> None:
    text = "Pyongyang has dispatched an estimated 15,000 troops, officials said on March 21."
    art = Article(text=text, published=None)
    an = Analysis(article=art)
    an.sentences = [Span(start=0, end=len(text), text=text)]
    an.entities = [Mention(start=0, end=9, text="Pyongyang", label="GPE", stage="s", actor="PRK")]
    q = Quantity(start=25, end=51, text=text[25:51], value=15000.0, stage="q", approx="estimated", counted="troops")
    an.quantities = [q]
    an.times = [TimeValue(start=68, end=79, text=text[68:79], type="DATE", value="XXXX-03-21", stage="t")]
    an.events = [Event(type="AID", trigger=Span(start=14, end=24, text="dispatched"),
                       evidence=Span(start=0, end=len(text), text=text), stage="e", actors=["PRK"])]
    an.claims = [Claim(source_text="officials", cue=Span(start=53, end=67, text=text[53:67]),
                       content=Span(start=0, end=51, text=text[:51]), stage="c", quantity=q,
                       certainty="estimated", key="k")]
    data = an.to_json()
    back = Analysis.from_json(data, art).to_json()
    assert back == data
    for m in data["entities"] + data["times"] + data["quantities"]:
        assert text[m["start"] : m["end"]] == m["text"]
