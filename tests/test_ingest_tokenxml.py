"""Token XML (ECB+, MEANTIME and other annotation-tool exports) read by ``wirewatch add``."""

from __future__ import annotations

from pathlib import Path

import pytest

import wirewatch
from wirewatch.errors import UnsupportedInput
from wirewatch.ingest import iter_inputs
from wirewatch.ingest.tokenxml import detokenise, looks_like_token_xml, read_token_xml

#: A made-up document in the layout of the annotation tools: a headline, a date line, a body
#: sentence with quotes and clitics, tokens out of document order within the file, and annotation.
DOC = """<?xml version="1.0" ?>
<Document doc_id="1" doc_name="harbour" url="http://example.org/news/harbour-strike">
<token t_id="1" sentence="0" number="0">Dockers</token>
<token t_id="2" sentence="0" number="1">strike</token>
<token t_id="3" sentence="0" number="2">in</token>
<token t_id="4" sentence="0" number="3">Rotterdam</token>
<token t_id="5" sentence="1" number="4">March</token>
<token t_id="6" sentence="1" number="5">3</token>
<token t_id="7" sentence="1" number="6">,</token>
<token t_id="8" sentence="1" number="7">2021</token>
<token t_id="9" sentence="2" number="8">The</token>
<token t_id="10" sentence="2" number="9">union</token>
<token t_id="11" sentence="2" number="10">'s</token>
<token t_id="12" sentence="2" number="11">leader</token>
<token t_id="13" sentence="2" number="12">said</token>
<token t_id="14" sentence="2" number="13">,</token>
<token t_id="15" sentence="2" number="14">"</token>
<token t_id="16" sentence="2" number="15">we</token>
<token t_id="17" sentence="2" number="16">wo</token>
<token t_id="18" sentence="2" number="17">n't</token>
<token t_id="19" sentence="2" number="18">back</token>
<token t_id="20" sentence="2" number="19">down</token>
<token t_id="21" sentence="2" number="20">.</token>
<token t_id="22" sentence="2" number="21">"</token>
<token t_id="23" sentence="3" number="22">Ships</token>
<token t_id="24" sentence="3" number="23">waited</token>
<token t_id="25" sentence="3" number="24">(</token>
<token t_id="26" sentence="3" number="25">about</token>
<token t_id="27" sentence="3" number="26">40</token>
<token t_id="28" sentence="3" number="27">)</token>
<token t_id="29" sentence="3" number="28">offshore</token>
<token t_id="30" sentence="3" number="29">.</token>
<Markables><ACTION_OCCURRENCE m_id="1"><token_anchor t_id="2"/></ACTION_OCCURRENCE></Markables>
<Relations></Relations>
</Document>
"""


def test_tokenxml_text_rebuilt_as_prose_one_line_per_sentence() -> None:
    doc = read_token_xml(DOC.encode(), name="harbour.xml")
    assert doc.text.splitlines() == [
        "Dockers strike in Rotterdam",
        "March 3, 2021",
        'The union\'s leader said, "we won\'t back down."',
        "Ships waited (about 40) offshore.",
    ]
    assert doc.url == "http://example.org/news/harbour-strike"
    assert detokenise("( AP ) -- costs $ 5 million") == "(AP) -- costs $5 million"


def test_tokenxml_is_told_from_other_xml() -> None:
    assert looks_like_token_xml(DOC.encode())
    assert not looks_like_token_xml(b"<?xml version='1.0'?><rss><channel><item>x</item></channel></rss>")
    assert not looks_like_token_xml(b"<Document><para>no tokens here</para></Document>")


@pytest.mark.parametrize("raw, message", [
    (b"<Document><token t_id='1' sentence='0'>Ships</token><token", "malformed token XML"),
    (b"<Document><token t_id='1' sentence='0'> </token></Document>", "without any words"),
    (b"<Document><token t_id='7' sentence='first'>Ships</token></Document>", "token 7 has a sentence number"),
])
def test_tokenxml_bad_files_give_clear_errors(raw: bytes, message: str) -> None:
    with pytest.raises(UnsupportedInput, match=message):
        read_token_xml(raw, name="bad.xml")


def test_add_reads_token_xml_beside_bad_ones(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "harbour.xml").write_text(DOC, encoding="utf-8")
    (folder / "broken.xml").write_bytes(b"<Document><token t_id='1' sentence='0'>Ships</token><tok")
    items = list(iter_inputs([str(folder)]))
    by_name = {Path(i.source).name: i for i in items}
    assert by_name["broken.xml"].article is None and "malformed token XML" in (by_name["broken.xml"].error or "")
    article = by_name["harbour.xml"].article
    assert article is not None
    assert article.title == "Dockers strike in Rotterdam"
    assert article.url == "http://example.org/news/harbour-strike"
    assert article.published == "2021-03-03"
    with wirewatch.open(tmp_path / "x.db") as ww:
        report = ww.add([str(folder)])
        assert (report.new, report.failures) == (1, 1)
        again = ww.add([str(folder / "harbour.xml")])
        assert (again.new, again.duplicates) == (0, 1)  # the same document is not stored twice


def test_add_reads_an_ecbplus_file_as_the_ecbplus_eval_does(bench: Path) -> None:
    from wirewatch.eval.ecbplus import read_document
    from wirewatch.eval.ecbplus_pipeline import document_text

    path = bench / "ecbplus" / "7" / "7_1ecbplus.xml"
    (item,) = list(iter_inputs([str(path)]))
    assert item.article is not None, item.error
    assert item.article.text.strip() == document_text(read_document(path, "7")).strip()
    assert item.article.title is not None and "Klitschko" in item.article.title
    # the page's address, split into tokens on its first line, gives the article its URL and outlet
    assert item.article.url is not None and item.article.url.startswith("http://espn.go.com/boxing/story/")
    assert item.article.outlet == "espn.go.com"
    assert item.article.published == "2012-07-07"


def _tokens(*sentences: str) -> bytes:
    """A token XML document of these sentences (tokens separated by spaces)."""
    parts, t = [], 0
    for n, sentence in enumerate(sentences):
        for word in sentence.split(" "):
            t += 1
            parts.append(f'<token t_id="{t}" sentence="{n}" number="{t - 1}">{word}</token>')
    return ('<?xml version="1.0" ?><Document doc_name="quake">' + "".join(parts) + "</Document>").encode()


def test_tokenxml_puts_split_numbers_and_times_back_together_and_reads_the_address(tmp_path: Path) -> None:
    doc = read_token_xml(_tokens(
        "http : / / news . example . co . uk / 2 / hi / middle _ east / 4475546 . stm",
        "Last Updated : Monday , 28 November 2005 , 02 : 24 GMT",
        "A 6 . 1 magnitude quake left 20 , 000 people and $ 1 , 400 , 000 in damage .",
        "In 2005 , 100 people died .",
    ), name="quake.xml")
    assert doc.text.splitlines() == [
        "http: / / news. example. co. uk / 2 / hi / middle _ east / 4475546. stm",
        "Last Updated: Monday, 28 November 2005, 02:24 GMT",
        "A 6.1 magnitude quake left 20,000 people and $1,400,000 in damage.",
        "In 2005, 100 people died.",  # a year and a count stay apart
    ]
    assert doc.url == "http://news.example.co.uk/2/hi/middle_east/4475546.stm"
    path = tmp_path / "quake.xml"
    path.write_bytes(_tokens("http : / / news . example . co . uk / 2005 / quake", "Quake kills ten in Iran"))
    (item,) = list(iter_inputs([str(path)]))
    assert item.article is not None
    assert (item.article.url, item.article.outlet) == ("http://news.example.co.uk/2005/quake", "news.example.co.uk")
    assert item.article.title == "Quake kills ten in Iran"
    # a first line that only starts like an address, or no address at all: no url, no outlet
    assert read_token_xml(_tokens("http : / / broken", "Quake kills ten"), name="q.xml").url is None
    assert read_token_xml(_tokens("Quake kills ten in Iran"), name="q.xml").url is None


def test_tokenxml_entity_expansion_and_external_entities_are_refused() -> None:
    entities = '<!ENTITY e0 "word">' + "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><Document><token t_id="1" sentence="0">&e9;</token>' \
           "</Document>"
    with pytest.raises(UnsupportedInput, match="malformed token XML"):
        read_token_xml(bomb.encode(), name="bomb.xml")  # a billion words, refused at once
    external = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
                '<Document><token t_id="1" sentence="0">&x;</token></Document>')
    with pytest.raises(UnsupportedInput, match="malformed token XML"):
        read_token_xml(external.encode(), name="external.xml")
