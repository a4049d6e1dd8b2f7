"""Linking in the store: multi-outlet corroboration, syndicated copies, incremental ids, timelines, CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from wirewatch.link import link_store, stories, timeline
from wirewatch.model import Analysis, Article, Event, Mention, Span
from wirewatch.store import Store


def add_article(store: Store, sentences: list[tuple[str, dict[str, Any] | None]], *, outlet: str | None,
                published: str | None, duplicate_of: str | None = None, title: str | None = None,
                people: tuple[str, ...] = ()) -> str:
    """Store an article whose sentences carry (optionally) one hand-made event each."""
    text, spans = "", []
    for sentence, _ in sentences:
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence + "\n"
    article = Article(text=text, outlet=outlet, published=published, title=title)
    store.add_article(article, duplicate_of=duplicate_of, duplicate_kind="near" if duplicate_of else None)
    analysis = Analysis(article=article)
    for (sentence, ev), (start, end) in zip(sentences, spans, strict=True):
        if ev is None:
            continue
        trig = ev.pop("trigger")
        t0 = text.index(trig, start)
        analysis.events.append(Event(stage="test", trigger=Span(start=t0, end=t0 + len(trig), text=trig),
                                     evidence=Span(start=start, end=end, text=sentence), **ev))
    for name in people:  # PERSON entities, as spaCy would give them
        at = text.index(name)
        analysis.entities.append(Mention(start=at, end=at + len(name), text=name, label="PERSON", stage="test"))
    store.save_analysis(analysis, ["test"])
    return article.id


QUAKE = ("A magnitude 6.1 earthquake struck near the city of Van in eastern Turkey on Sunday, killing at "
         "least 12 people.")
QUAKE_2 = ("A strong 6.1-magnitude earthquake hit near Van, eastern Turkey, on Sunday and killed at least "
           "12 people, officials said.")
QUAKE_3 = "At least 12 people were killed when a 6.1 magnitude earthquake struck near Van in Turkey on Sunday."
OTHER_QUAKE = ("A magnitude 5.2 earthquake struck near the city of Van in eastern Turkey on Wednesday, "
               "damaging houses.")


def quake(trigger: str, time: str | None) -> dict[str, Any]:
    return {"type": "ASSAULT", "trigger": trigger, "actors": [], "recipients": ["TUR"], "place": "Van",
            "time": time, "time_basis": "text" if time else None}


def test_link_three_outlets_make_one_event_and_a_syndicated_copy_counts_once(store: Store) -> None:
    a = add_article(store, [(QUAKE, quake("struck", "2025-10-12"))], outlet="Wire A", published="2025-10-12")
    add_article(store, [(QUAKE_2, quake("hit", "2025-10-12"))], outlet="Paper B", published="2025-10-12")
    add_article(store, [(QUAKE_3, quake("struck", "2025-10-12"))], outlet="Site C", published="2025-10-13")
    # a syndicated copy: same wire sentence under another outlet, stored as near duplicate of A
    add_article(store, [(QUAKE, quake("struck", "2025-10-12")), ("Reprinted with permission.", None)],
                outlet="Aggregator D", published="2025-10-13", duplicate_of=a)
    counts = link_store(store)
    assert counts["canonical events"] == 1
    [ev] = timeline(store)
    assert ev["n_reports"] == 4
    assert ev["corroboration"] == 3
    assert ev["first_reported"] == "2025-10-12" and ev["last_reported"] == "2025-10-13"
    assert {r["outlet"] for r in ev["reports"]} == {"Wire A", "Paper B", "Site C", "Aggregator D"}
    assert ev["when"] == "12 October 2025"


def test_link_two_earthquakes_in_one_region_stay_apart(store: Store) -> None:
    add_article(store, [(QUAKE, quake("struck", "2025-10-12"))], outlet="Wire A", published="2025-10-12")
    add_article(store, [(OTHER_QUAKE, quake("struck", "2025-10-15"))], outlet="Wire A", published="2025-10-15")
    link_store(store)
    events = timeline(store)
    assert [e["time"] for e in events] == ["2025-10-12", "2025-10-15"]


RESERVE = {
    "bush": ("The New Orleans Saints placed running back Reggie Bush on injured reserve because of a "
             "sprained knee, ending his season.", "Reggie Bush"),
    "bush again": ("Saints running back Reggie Bush has been put on injured reserve with a knee injury and "
                   "will miss the last two games.", "Reggie Bush"),
    "thomas": ("The New Orleans Saints put running back Pierre Thomas on injured reserve with an ankle "
               "injury before the playoffs.", "Pierre Thomas"),
}


def reserve(store: Store, which: str, outlet: str) -> str:
    sentence, name = RESERVE[which]
    trigger = "placed" if "placed" in sentence else "put"
    event = {"type": "COERCE", "trigger": trigger, "actors": ["USA"], "recipients": [], "time": None,
             "time_basis": None}
    return add_article(store, [(sentence, event)], outlet=outlet, published="2025-12-20", people=(name,))


def test_link_same_kind_of_happening_with_other_people_stays_apart(store: Store) -> None:
    # the leads read alike; the player differs: two happenings, and a second report of one joins it
    first = reserve(store, "bush", "Wire A")
    other = reserve(store, "thomas", "Paper B")
    again = reserve(store, "bush again", "Site C")
    link_store(store)
    main = {r[0]: r[1] for r in store.db.execute(
        "SELECT l.article_id, r.canonical_id FROM article_leads l JOIN event_reports r ON r.event_id = l.main_event")}
    assert main[first] == main[again] != main[other]


def test_link_conflicting_partial_times_stay_visible(store: Store) -> None:
    add_article(store, [(QUAKE, quake("struck", "2025-10"))], outlet="Wire A", published="2025-10-13")
    add_article(store, [(QUAKE_2, quake("hit", "2025-10-12"))], outlet="Paper B", published="2025-10-13")
    link_store(store)
    [ev] = timeline(store)
    assert ev["time"] == "2025-10-12"
    assert ev["conflicts"]["time"] == {"2025-10": 1, "2025-10-12": 1}


def test_link_incremental_adding_an_article_keeps_existing_ids(store: Store) -> None:
    add_article(store, [(QUAKE, quake("struck", "2025-10-12"))], outlet="Wire A", published="2025-10-12")
    add_article(store, [(OTHER_QUAKE, quake("struck", "2025-10-15"))], outlet="Wire A", published="2025-10-15")
    link_store(store)
    before = {e["id"]: e["time"] for e in timeline(store)}
    stories_before = {s["id"] for s in stories(store)}
    add_article(store, [(QUAKE_3, quake("struck", "2025-10-12"))], outlet="Site C", published="2025-10-13")
    counts = link_store(store)
    assert counts["linked articles"] == 1  # only the new article is linked
    after = {e["id"]: e for e in timeline(store)}
    assert set(after) == set(before)
    assert [after[i]["n_reports"] for i in sorted(after, key=lambda i: before[i])] == [2, 1]
    assert stories_before <= {s["id"] for s in stories(store)}
    assert link_store(store)["linked articles"] == 0  # nothing new: nothing done


def test_link_reprocessed_article_is_relinked_not_duplicated(store: Store) -> None:
    add_article(store, [(QUAKE, quake("struck", "2025-10-12"))], outlet="Wire A", published="2025-10-12")
    link_store(store)
    store.db.execute("UPDATE analyses SET processed_at = '9999-01-01T00:00:00+00:00'")
    assert link_store(store)["linked articles"] == 1
    [ev] = timeline(store)
    assert ev["n_reports"] == 1


def test_link_timeline_orders_partial_dates_and_filters(store: Store) -> None:
    add_article(store, [
        ("North Korea test-fired a new anti-aircraft missile on March 21.",
         {"type": "MOBILIZE", "mode": "weapons", "trigger": "test-fired", "actors": ["PRK"], "time": "XXXX-03-21",
          "time_basis": "text"}),
        ("Russia and North Korea signed a military agreement in 2024.",
         {"type": "AGREE", "trigger": "signed", "actors": ["RUS"], "recipients": ["PRK"], "time": "2024",
          "time_basis": "text"}),
        ("In November, Russia supplied air-defence missiles to North Korea.",
         {"type": "AID", "trigger": "supplied", "actors": ["RUS"], "recipients": ["PRK"], "time": "2024-11",
          "time_basis": "text"}),
    ], outlet="Straits Times", published="2025-03-22")
    link_store(store)
    events = timeline(store)
    assert [e["when"] for e in events] == ["2024", "November 2024", "21 March, year unknown"]
    assert [e["type"] for e in timeline(store, actor="RUS")] == ["AGREE", "AID"]
    assert [e["type"] for e in timeline(store, pair=("RUS", "PRK"), type="aid")] == ["AID"]
    assert [e["type"] for e in timeline(store, since="2024-11", until="2024-12")] == ["AID"]
    assert all(e["corroboration"] == 1 and len(e["reports"]) == 1 for e in events)


def test_link_cli_timeline_and_stories(tmp_path: Path) -> None:
    from wirewatch.cli import main
    from wirewatch.store import open_store

    db = tmp_path / "cli.db"
    with open_store(db) as store:
        add_article(store, [(QUAKE, quake("struck", "2025-10-12"))], outlet="Wire A", published="2025-10-12")
        add_article(store, [(QUAKE_2, quake("hit", "2025-10-12"))], outlet="Paper B", published="2025-10-12")
        link_store(store)
    runner = CliRunner()
    out = runner.invoke(main, ["--db", str(db), "timeline", "--json"])
    assert out.exit_code == 0, out.output
    [row] = [json.loads(line) for line in out.output.splitlines()]
    assert row["corroboration"] == 2 and row["story"]
    text = runner.invoke(main, ["--db", str(db), "timeline", "--place", "van"])
    assert "12 October 2025" in text.output and "2 outlet(s)" in text.output
    st = runner.invoke(main, ["--db", str(db), "stories", "--json"])
    [story] = [json.loads(line) for line in st.output.splitlines()]
    assert story["id"] == row["story"] and story["n_articles"] == 2
    assert story["title"].startswith("Turkey")


def test_link_show_and_briefing_sections(store: Store) -> None:
    from wirewatch.report import brief
    from wirewatch.views import show

    add_article(store, [(QUAKE, quake("struck", "2025-10-12"))], outlet="Wire A", published="2025-10-12")
    add_article(store, [(QUAKE_2, quake("hit", "2025-10-12"))], outlet="Paper B", published="2025-10-12")
    link_store(store)
    [ev] = timeline(store)
    shown = show(store, ev["id"])
    assert shown["kind"] == "canonical_event" and shown["canonical_event"]["corroboration"] == 2
    story = show(store, ev["story"])
    assert story["kind"] == "story" and story["story"]["events"] == [ev["id"]]
    text = brief(store)
    assert "Stories" in text and "2 outlet(s)" in text and "12 October 2025" in text


LOHAN = ("Lindsay Lohan has checked into the Betty Ford Center in California to begin a 90-day court-ordered "
         "stay in rehab, her lawyer said.")
LOHAN_2 = ("Actress Lindsay Lohan checked into the Betty Ford Center in California on Thursday for a court-ordered "
           "90-day rehab stay, according to her lawyer.")


def rehab(time: str | None) -> dict[str, Any]:
    return {"type": "COERCE", "trigger": "checked", "actors": [], "recipients": [], "time": time,
            "time_basis": "text" if time else None}


def test_link_an_undated_report_joins_the_dated_happening_it_reads_like(store: Store) -> None:
    # a page saved without its date stamp reports the same happening as the dated ones
    dated = add_article(store, [(LOHAN, rehab(None))], outlet="Wire A", published="2013-05-03")
    undated = add_article(store, [(LOHAN_2, rehab(None))], outlet="Blog B", published=None)
    link_store(store)
    main = {r[0]: r[1] for r in store.db.execute(
        "SELECT l.article_id, r.canonical_id FROM article_leads l JOIN event_reports r ON r.event_id = l.main_event")}
    assert main[dated] == main[undated]


def test_link_a_background_year_does_not_part_two_dated_reports(store: Store) -> None:
    # one report's headline event carries the year of an earlier stay (far from publication): not the
    # date of this happening, so it does not contradict the other report's date
    first = add_article(store, [(LOHAN, rehab("2007"))], outlet="Wire A", published="2013-05-03")
    second = add_article(store, [(LOHAN_2, rehab("2013-05-02"))], outlet="Paper B", published="2013-05-03")
    link_store(store)
    main = {r[0]: r[1] for r in store.db.execute(
        "SELECT l.article_id, r.canonical_id FROM article_leads l JOIN event_reports r ON r.event_id = l.main_event")}
    assert main[first] == main[second]


def _main_events(store: Store) -> dict[str, str]:
    return {r[0]: r[1] for r in store.db.execute(
        "SELECT l.article_id, r.canonical_id FROM article_leads l JOIN event_reports r ON r.event_id = l.main_event")}


def test_link_happenings_that_read_alike_as_wholes_merge(store: Store, monkeypatch: Any) -> None:
    # with the lead match switched off, the second report founds its own happening; the merge check
    # (the sums of the happenings' leads) then makes the two one canonical event
    from wirewatch.link import linker
    monkeypatch.setattr(linker, "LEAD_THRESHOLD", 1.5)
    first = add_article(store, [(QUAKE, quake("struck", "2025-10-12"))], outlet="Wire A", published="2025-10-12")
    second = add_article(store, [(QUAKE_2, quake("hit", "2025-10-12"))], outlet="Paper B", published="2025-10-12")
    counts = link_store(store)
    assert counts["merged canonical events"] == 1
    assert counts["canonical events"] == 1
    main = _main_events(store)
    assert main[first] == main[second]
    [ev] = timeline(store)
    assert ev["n_reports"] == 2 and ev["corroboration"] == 2
    # the canonical event that was merged away left no keys and no report behind
    assert store.db.execute("SELECT COUNT(DISTINCT canonical_id) FROM canonical_keys").fetchone()[0] == 1
    assert store.db.execute("SELECT SUM(n_events) FROM stories").fetchone()[0] == 1


def test_link_merge_needs_its_threshold_and_agreeing_dates(store: Store, monkeypatch: Any) -> None:
    from wirewatch.link import linker
    monkeypatch.setattr(linker, "LEAD_THRESHOLD", 1.5)
    monkeypatch.setattr(linker, "MERGE_THRESHOLD", 1.5)
    add_article(store, [(QUAKE, quake("struck", "2025-10-12"))], outlet="Wire A", published="2025-10-12")
    add_article(store, [(QUAKE_2, quake("hit", "2025-10-12"))], outlet="Paper B", published="2025-10-12")
    assert link_store(store)["canonical events"] == 2


def test_link_happenings_with_disagreeing_dates_never_merge(store: Store, monkeypatch: Any) -> None:
    from wirewatch.link import linker
    monkeypatch.setattr(linker, "LEAD_THRESHOLD", 1.5)
    monkeypatch.setattr(linker, "MERGE_THRESHOLD", 0.05)
    add_article(store, [(QUAKE, quake("struck", "2025-10-12"))], outlet="Wire A", published="2025-10-12")
    add_article(store, [(QUAKE_2, quake("hit", "2025-10-19"))], outlet="Paper B", published="2025-10-19")
    counts = link_store(store)
    assert counts["merged canonical events"] == 0 and counts["canonical events"] == 2


def test_link_an_actor_in_both_roles_keeps_the_role_most_reports_give(store: Store) -> None:
    sentence = "Russian forces shelled North Korean positions near the border on Sunday, officials said."

    def shell(actors: list[str], recipients: list[str]) -> dict[str, Any]:
        return {"type": "ASSAULT", "trigger": "shelled", "actors": actors, "recipients": recipients,
                "time": "2025-10-12", "time_basis": "text"}

    for outlet, roles in (("Wire A", (["RUS"], ["PRK"])), ("Paper B", (["RUS"], ["PRK"])),
                          ("Site C", (["PRK"], ["RUS"]))):  # one report has the roles the other way round
        add_article(store, [(sentence, shell(*roles)), (f"Reported by {outlet}.", None)], outlet=outlet,
                    published="2025-10-12")
    link_store(store)
    [ev] = timeline(store)
    assert ev["n_reports"] == 3
    assert ev["actors"] == ["RUS"] and ev["recipients"] == ["PRK"]


def test_link_warns_when_the_store_was_encoded_by_another_encoder(store: Store, caplog: pytest.LogCaptureFixture,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from wirewatch.embed import LexicalEncoder, get_encoder
    from wirewatch.link import linker

    monkeypatch.setattr(linker, "_WARNED_ENCODERS", set())

    add_article(store, [(QUAKE, quake("struck", "2025-10-12"))], outlet="Wire A", published="2025-10-12")
    link_store(store, LexicalEncoder())
    add_article(store, [(QUAKE_2, quake("hit", "2025-10-12"))], outlet="Paper B", published="2025-10-12")
    with caplog.at_level("WARNING", logger="wirewatch.link.linker"):
        link_store(store, LexicalEncoder())
    assert "not comparable" not in caplog.text  # the same encoder: nothing to say
    add_article(store, [(QUAKE_3, quake("struck", "2025-10-12"))], outlet="Site C", published="2025-10-13")
    encoder = get_encoder()
    if encoder.name == "lexical":
        pytest.skip("needs a second encoder (the MiniLM packages)")
    with caplog.at_level("WARNING", logger="wirewatch.link.linker"):
        link_store(store, encoder)
    assert "encoded by lexical" in caplog.text and encoder.name in caplog.text
    caplog.clear()  # said once per process, not at every batch of linking
    add_article(store, [(OTHER_QUAKE, quake("struck", "2025-10-15"))], outlet="Site D", published="2025-10-15")
    with caplog.at_level("WARNING", logger="wirewatch.link.linker"):
        link_store(store, encoder)
    assert "not comparable" not in caplog.text


def _two_happenings(store: Store, monkeypatch: Any) -> tuple[str, str, dict[str, str]]:
    """Two quake articles linked as two happenings (no lead match, no merge); their ids and main events."""
    from wirewatch.link import linker
    monkeypatch.setattr(linker, "LEAD_THRESHOLD", 1.5)
    monkeypatch.setattr(linker, "MERGE_THRESHOLD", 1.5)
    first = add_article(store, [(QUAKE, quake("struck", "2025-10-12"))], outlet="Wire A", published="2025-10-12")
    second = add_article(store, [(OTHER_QUAKE, quake("struck", "2025-10-15"))], outlet="Paper B",
                         published="2025-10-15")
    link_store(store)
    return first, second, _main_events(store)


def test_link_lead_cache_follows_merges_and_rewritten_rows(store: Store, monkeypatch: Any) -> None:
    # The linker keeps parsed leads between the articles of one run; what a merge changes (the
    # happening a lead reports) and a rowid written again must be read afresh, never from memory.
    from wirewatch.embed import get_encoder
    from wirewatch.link import linker
    first, second, main = _two_happenings(store, monkeypatch)
    assert main[first] != main[second]
    db, dim = store.db, get_encoder().dim
    cache = linker.LeadCache(db)

    def happenings(cached: bool) -> list[str]:
        leads = linker._recent_leads(db, "probe", "2025-10-20", dim, cache if cached else None)
        return leads.happenings

    assert happenings(True) == happenings(False) == [main[first], main[second]]
    kept = linker._merge_happenings(db, main[first], main[second], True, linker._ActorCodes(db), get_encoder())
    assert happenings(True) == happenings(False) == [kept, kept]
    # a row written again under the same rowid is read again once forgotten
    rowid = db.execute("SELECT rowid FROM article_leads WHERE article_id = ?", (second,)).fetchone()[0]
    db.execute("UPDATE article_leads SET embedding = ? WHERE rowid = ?", (bytes(4 * dim), rowid))
    assert len(happenings(True)) == 2  # still the parsed copy
    cache.forget(rowid)
    assert happenings(True) == happenings(False) == [kept]  # a zero vector is no lead


def test_link_lead_cache_starts_again_when_full(store: Store, monkeypatch: Any) -> None:
    from wirewatch.embed import get_encoder
    from wirewatch.link import linker
    monkeypatch.setattr(linker, "MAX_LEAD_CANDIDATES", 1)  # room for two leads
    for text, day in ((QUAKE, "12"), (QUAKE_2, "13"), (OTHER_QUAKE, "15")):
        add_article(store, [(text, quake("hit" if text is QUAKE_2 else "struck", f"2025-10-{day}"))],
                    outlet=f"Outlet {day}", published=f"2025-10-{day}")
    link_store(store)
    db, dim = store.db, get_encoder().dim
    rowids = [r[0] for r in db.execute("SELECT rowid FROM article_leads ORDER BY rowid")]
    cache = linker.LeadCache(db, size=0)
    assert cache.size == 2
    cache.fill(db, rowids[:2], dim)
    cache.fill(db, rowids[2:], dim)  # no room: starts again with the third lead only
    assert sorted(cache.slot) == rowids[2:]
    cache.label(rowids)
    fresh = linker.LeadCache(db)
    fresh.fill(db, rowids, dim)
    fresh.label(rowids)
    mine, theirs = cache.leads(rowids[2:], "probe"), fresh.leads(rowids[2:], "probe")
    assert mine.happenings == theirs.happenings and len(mine) == 1
    assert np.array_equal(mine.vecs, theirs.vecs) and np.array_equal(mine.ids, theirs.ids)
    assert np.allclose(np.linalg.norm(mine.vecs, axis=1), 1.0)


def test_link_lead_cache_keeps_norms_as_computed_afresh(store: Store, monkeypatch: Any) -> None:
    # The cache keeps each lead's vector norm and squared word weights so that scoring an article
    # does not compute them again; they must be exactly those computed from the leads alone.
    from wirewatch.embed import get_encoder
    from wirewatch.link import linker
    first, second, _main = _two_happenings(store, monkeypatch)
    add_article(store, [(QUAKE_2, quake("hit", "2025-10-13"))], outlet="Outlet C", published="2025-10-13")
    link_store(store)
    db, dim = store.db, get_encoder().dim
    leads = linker._recent_leads(db, first, "2025-10-20", dim, linker.LeadCache(db))
    assert first not in leads.members and second in leads.members  # the article's own lead is left out
    vals = leads.vals.astype(np.float64)
    assert np.array_equal(leads.norms, np.linalg.norm(leads.vecs, axis=1))
    assert np.array_equal(leads.words2, np.bincount(leads.term_row, weights=vals * vals, minlength=len(leads)))
    # every lead (the article's own too) is read, in saved order, when no article is left out
    rowids = [r[0] for r in db.execute("SELECT rowid FROM article_leads ORDER BY rowid")]
    assert sorted(linker._latest_rowids(db, "", ())) == rowids
    everyone = linker._recent_leads(db, "probe", None, dim)
    ids = [r[0] for r in db.execute("SELECT article_id FROM article_leads ORDER BY rowid")]
    assert everyone.members == ids


def test_link_lead_cache_reads_odd_vectors(store: Store, monkeypatch: Any) -> None:
    # Leads are read as one matrix when every vector has the encoder's width; a shorter vector
    # (another encoder's) is no lead, and a longer one (a store of before migration 8) is read by
    # its first part, as when each lead was read on its own.
    from wirewatch.embed import get_encoder
    from wirewatch.link import linker
    first, second, _main = _two_happenings(store, monkeypatch)
    db, dim = store.db, get_encoder().dim
    rowid = {a: db.execute("SELECT rowid FROM article_leads WHERE article_id = ?", (a,)).fetchone()[0]
             for a in (first, second)}
    rowids = sorted(rowid.values())
    whole = linker.LeadCache(db)
    whole.fill(db, rowids, dim)
    vector = whole.vecs[whole.slot[rowid[second]]].copy()
    db.execute("UPDATE article_leads SET embedding = ? WHERE rowid = ?",
               (np.concatenate([3 * vector, np.ones(8, dtype=np.float32)]).astype("<f4").tobytes(), rowid[second]))
    db.execute("UPDATE article_leads SET embedding = ? WHERE rowid = ?",
               (bytes(4 * (dim - 1)), rowid[first]))
    odd = linker.LeadCache(db)
    odd.fill(db, rowids, dim)
    odd.label(rowids)
    assert odd.slot[rowid[first]] == -1
    assert np.allclose(odd.vecs[odd.slot[rowid[second]]], vector, atol=1e-6)
    assert odd.leads(rowids, "probe").members == [second]


def test_link_canonical_cache_follows_merges(store: Store, monkeypatch: Any) -> None:
    # The candidate search keeps canonical events' vectors and features between the articles of
    # one run; a canonical event written again (reports joined, merged, deleted) is read afresh.
    from wirewatch.embed import get_encoder
    from wirewatch.link import linker
    first, second, main = _two_happenings(store, monkeypatch)
    db = store.db
    cache = linker.CanonicalCache(db)
    ids = [main[first], main[second]]
    cache.read_vectors(ids)
    cache.read_clusters(ids)
    before = {i: cache.clusters[i][1].n for i in ids}
    kept = linker._merge_happenings(db, main[first], main[second], True, linker._ActorCodes(db), get_encoder())
    gone = main[second] if kept == main[first] else main[first]
    assert gone not in cache.vectors and gone not in cache.clusters  # deleted: never offered again
    assert kept not in cache.clusters  # rewritten: read again when asked
    cache.read_vectors(ids)
    cache.read_clusters(ids)
    assert sorted(cache.clusters) == [kept] and sorted(cache.vectors) == [kept]
    assert cache.clusters[kept][1].n == before[main[first]] + before[main[second]]


OBITUARY = [
    ("Swimming film star Mara Linden dies at 88", "Mara Linden, the champion swimmer who became a Hollywood film "
     "star in the 1950s, has died at her home in Los Angeles. She was 88."),
    ("Mara Linden, Hollywood's swimming star, dead at 88", "Mara Linden, the swimmer turned actress whose water "
     "ballets filled cinemas in the 1950s, died in Los Angeles, aged 88."),
    ("Champion swimmer and film actress Mara Linden dies aged 88", "Mara Linden, who swam her way to film stardom "
     "in the 1950s, has died in Los Angeles at 88, her family announced."),
]


def test_link_articles_without_events_keep_joining_the_happening_their_leads_share(store: Store) -> None:
    """An event-less article joining another by its lead gives their happening an id, but no
    canonical event; the third such article must still find it (it was skipped, and stood alone)."""
    from wirewatch.link.export import article_rows

    for title, sentence in OBITUARY:
        add_article(store, [(title, None), (sentence, None)], outlet=None, published=None, title=title)
        link_store(store)
    rows = list(article_rows(store))
    assert [r["events"] for r in rows] == [[], [], []]
    assert {r["main_event_basis"] for r in rows} == {"lead"}
    assert len({r["main_event"] for r in rows}) == 1 and rows[0]["main_event"]


def test_export_names_the_own_happening_of_an_event_less_article_that_joined_nothing(store: Store) -> None:
    """An event-less article whose lead matched nothing still reports a happening of its own: the
    export gives it the id a later article joining it makes shared, never null (a scorer reading
    ``main_event`` would otherwise lump every such article into one null cluster)."""
    from wirewatch.link.export import article_rows

    title, sentence = OBITUARY[0]
    add_article(store, [(title, None), (sentence, None)], outlet=None, published=None, title=title)
    add_article(store, [("Storm floods coastal towns", None),
                        ("Heavy rain flooded three coastal towns overnight.", None)],
                outlet=None, published=None, title="Storm floods coastal towns")
    link_store(store)
    alone = list(article_rows(store))
    assert [r["main_event_basis"] for r in alone] == ["lead", "lead"]
    assert alone[0]["main_event"] and alone[1]["main_event"]
    assert alone[0]["main_event"] != alone[1]["main_event"]
    for title, sentence in OBITUARY[1:]:
        add_article(store, [(title, None), (sentence, None)], outlet=None, published=None, title=title)
    link_store(store)
    rows = list(article_rows(store))
    assert rows[0]["main_event"] == alone[0]["main_event"]  # the id did not change when others joined
    assert {r["main_event"] for r in rows[2:]} == {alone[0]["main_event"]}
    assert rows[1]["main_event"] == alone[1]["main_event"]
