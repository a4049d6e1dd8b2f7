"""Main text and metadata: HTML pages, plain-text datelines and credits, front matter, sidecars, flags, language."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import wirewatch
from wirewatch.ingest import IngestOptions, iter_inputs
from wirewatch.ingest.textmeta import find_dateline, normalise_date, outlet_from_domain, text_metadata
from wirewatch.model import Article

from .conftest import SEED_1, SEED_2
from .ingest_server import DATA


def one(path: Path | str, **options: object) -> Article:
    items = list(iter_inputs([str(path)], IngestOptions(**options)))  # type: ignore[arg-type]
    assert len(items) == 1, items
    assert items[0].article is not None, items[0].error
    return items[0].article


def test_ingest_seed_original_source_is_the_outlet() -> None:
    article = one(SEED_2)
    assert article.outlet == "The Straits Times"
    assert article.meta["outlet_credit"] == "Original Source: www.straitstimes.com"
    assert article.title == "North Korea Tests New Weapons Amid Strengthening Ties with Russia"
    assert article.published is None  # nothing in the text dates it
    assert article.language == "en"
    assert article.text.endswith("Original Source: www.straitstimes.com")  # the text is kept verbatim


def test_ingest_seed_dateline_without_outlet() -> None:
    article = one(SEED_1)
    assert article.dateline == "PYONGYANG, NORTH KOREA"
    assert article.outlet is None
    assert article.published == "2025-08-23"  # from its sidecar file, not from the text
    assert article.fetched_at is None  # a local file was not fetched


def test_ingest_html_metadata(tmp_path: Path) -> None:
    article = one(DATA / "article.html")
    assert article.title == "Drills resume near the border"
    assert article.outlet == "Harbour Daily"
    assert article.author == "Mina Park"
    assert article.published == "2025-03-22"
    assert article.canonical_url == "https://harbourdaily.example/world/2025/drills-resume"
    assert article.language == "en"
    assert article.dateline == "SEOUL" and article.meta["wire"] == "Reuters"
    assert article.meta["dateline_date"] == "March 22"
    # boilerplate is gone, the story is there
    assert "2,000 troops" in article.text
    assert "Most read" not in article.text and "Privacy" not in article.text


def test_ingest_html_without_date_has_null_date() -> None:
    article = one(DATA / "undated.html")
    assert article.published is None
    assert article.title == "Ministers meet on fisheries quotas"
    assert "spawning grounds" in article.text


def test_ingest_front_matter_is_metadata_not_text() -> None:
    article = one(DATA / "frontmatter.md")
    assert article.title == "Rail link talks stall"
    assert article.published == "2025-06-02"
    assert article.outlet == "Valley Courier" and article.author == "Tom Reyes"
    assert article.meta["section"] == "transport"
    assert "---" not in article.text and "published:" not in article.text
    assert not article.text.startswith("#")


def test_ingest_sidecar_then_flags_override(tmp_path: Path) -> None:
    for name in ("sidecar.txt", "sidecar.txt.meta.json"):
        shutil.copy(DATA / name, tmp_path / name)
    article = one(tmp_path)  # the folder: the sidecar itself is not an article
    assert article.outlet == "River Gazette" and article.published == "2025-01-16"
    assert article.url == "https://rivergazette.example/floods" and article.meta["desk"] == "local"
    assert article.title == "Flood defences approved"
    flagged = one(tmp_path / "sidecar.txt", outlet="Flag Times", published="2025-02-01", title="Given title")
    assert (flagged.outlet, flagged.published, flagged.title) == ("Flag Times", "2025-02-01", "Given title")


def test_ingest_plain_sidecar_name_without_txt(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Mayor resigns\nThe mayor resigned on Monday after a long dispute.\n")
    (tmp_path / "story.meta.json").write_text('{"outlet": "Town Crier", "lang": "en-GB"}')
    article = one(tmp_path / "story.txt")
    assert article.outlet == "Town Crier" and article.language == "en"


def test_ingest_jsonl_fields_and_bad_lines() -> None:
    items = list(iter_inputs([str(DATA / "articles.jsonl")]))
    good = [i.article for i in items if i.article]
    bad = [i.error for i in items if i.error]
    assert [a.title for a in good] == ["Bridge reopens after repairs", "Library extends opening hours"]
    assert good[0].outlet == "City Post" and good[0].url == "https://citypost.example/bridge"
    assert good[1].published == "2025-04-07" and good[1].outlet == "City Post"  # 'date' and 'source' aliases
    assert len(bad) == 2
    assert any("not valid JSON" in e for e in bad) and any("no text" in e for e in bad)


def test_ingest_non_english_stored_and_marked_not_processed(tmp_path: Path) -> None:
    with wirewatch.open(tmp_path / "w.db", stages=["spacy"]) as ww:
        report = ww.add([str(DATA / "german.txt")])
        assert report.new == 1
        article = ww.store.article(report.ids[0])
        assert article.language == "de"
        ww.process(link=False)
        assert ww.store.article_status(article.id)["status"] == "skipped"


@pytest.mark.parametrize(("line", "expected"), [
    ("SEOUL, Nov 5 (Reuters) - South Korea said on Tuesday", {"dateline": "SEOUL", "dateline_date": "Nov 5",
                                                              "wire": "Reuters"}),
    ("PYONGYANG, NORTH KOREA – North Korean leader Kim Jong Un", {"dateline": "PYONGYANG, NORTH KOREA"}),
    ("WASHINGTON (AP) — The Senate voted", {"dateline": "WASHINGTON", "wire": "Associated Press"}),
    ("Seoul, Nov. 5 (Yonhap) -- North Korea fired", {"dateline": "Seoul", "dateline_date": "Nov. 5",
                                                     "wire": "Yonhap"}),
    ("A brother and sister - in the US", None),
    ("The UN - which met on Monday", None),
    ("Seoul - a city of ten million", None),  # mixed case without an agency credit is not a dateline
])
def test_ingest_dateline_forms(line: str, expected: dict[str, str] | None) -> None:
    assert find_dateline([line]) == expected


@pytest.mark.parametrize(("tail", "wire"), [
    ("Reporting by Hyonhee Shin; Editing by Ed Davies", "Reuters"),
    ("© 2025 The Associated Press. All rights reserved.", "Associated Press"),
    ("— AFP", "AFP"),
    ("(KCNA)", "KCNA"),
    ("(The end)", None),
    ("Yonhap contributed to this report.", "Yonhap"),
])
def test_ingest_trailing_wire_credit(tail: str, wire: str | None) -> None:
    found = text_metadata(f"A headline\nA first paragraph about something.\n{tail}")
    assert found.get("wire") == wire


def test_ingest_wire_credit_is_outlet_only_when_nothing_better(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text("Talks end\nSEOUL, Nov 5 (Reuters) - Talks between the two Koreas ended on Tuesday.\n")
    assert one(path).outlet == "Reuters"
    assert one(path, outlet="Herald").outlet == "Herald"


def test_ingest_outlet_names_and_dates() -> None:
    assert outlet_from_domain("www.straitstimes.com") == "The Straits Times"
    assert outlet_from_domain("https://news.unknown-site.example/a") == "news.unknown-site.example"
    assert normalise_date("Sat, 23 Aug 2025 10:00:00 GMT") == "2025-08-23T10:00:00+00:00"
    assert normalise_date("August 23, 2025") == "2025-08-23"
    assert normalise_date("yesterday") is None


@pytest.mark.parametrize(("text", "code"), [
    ("Der Bundeskanzler hat am Montag in Berlin erklärt, dass die Regierung neue Maßnahmen plant.", "de"),
    ("Le président a déclaré à Paris que l'économie était forte et que le gouvernement agirait.", "fr"),
    ("북한은 21일 새로운 대공 미사일 시험 발사를 진행했다고 조선중앙통신이 보도했다. 김정은 위원장이 참관했다.", "ko"),
    ("The minister said on Monday that the government would review the plan before the end of the year.", "en"),
    ("Short headline", None),
])
def test_ingest_language_detection(text: str, code: str | None) -> None:
    from wirewatch.ingest.language import detect_language

    assert detect_language(text) == code


def test_ingest_json_list_wrapped_and_html_records(tmp_path: Path) -> None:
    html = (DATA / "undated.html").read_text(encoding="utf-8")
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"articles": [
        {"title": "Quay repairs", "text": "Repairs to the north quay began on Monday.", "outlet": "Quay News"},
        {"html": html, "url": "https://fish.example/quotas", "published": "2025-05-06"},
        "not an object",
    ]}), encoding="utf-8")
    items = list(iter_inputs([str(path)]))
    assert items[0].article is not None and items[0].article.outlet == "Quay News"
    page = items[1].article
    assert page is not None and page.title == "Ministers meet on fisheries quotas"
    assert page.published == "2025-05-06" and page.url == "https://fish.example/quotas"
    assert items[2].article is None and "must be an object" in (items[2].error or "")


def test_ingest_text_item_from_a_string(seed2_text: str) -> None:
    from wirewatch.ingest import text_item

    item = text_item(seed2_text, source="api", options=IngestOptions(published="2025-03-21"))
    assert item.article is not None and item.article.outlet == "The Straits Times"
    assert item.article.published == "2025-03-21" and item.article.language == "en"
    assert text_item("   ", source="api").error == "api: empty text"


@pytest.mark.parametrize("top", ["https://news.example.org/2025/08/23/missile-test.html",
                                 "http: / / www. example. org / news / missile - test. html"])
def test_ingest_text_title_skips_an_address_line(tmp_path: Path, top: str) -> None:
    page = tmp_path / "saved.txt"
    page.write_text(f"{top}\nNorth Korea fires missiles off its east coast\n\nSeoul said on Saturday that ...\n",
                    encoding="utf-8")
    article = one(page)
    assert article.title == "North Korea fires missiles off its east coast"
    assert article.text.startswith(top)  # the text is kept verbatim
