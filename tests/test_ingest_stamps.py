"""Publication dates printed at the top of a saved page, or in its address (never guessed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirewatch.ingest.stamps import address_date, date_of_line, is_date_line, stamped_date


@pytest.mark.parametrize(("line", "expected"), [
    ("May 3, 2013 | 8:20 am", "2013-05-03"),
    ("First Published: June 13, 2013 4: 59 PM EDT", "2013-06-13"),
    ("Posted on January 5, 2011 at 3:39 PM", "2011-01-05"),
    ("18 September 2013 Last updated at 13:59 GMT", "2013-09-18"),
    ("THURSDAY, DECEMBER 3, 2009, 9:36 AM", "2009-12-03"),
    ("Fri Aug 2 , 2013 6 : 50pm EDT", "2013-08-02"),
    ("UPDATED 05/03/2013 at 11:00 AM EDT", "2013-05-03"),   # month first: a North American zone
    ("8: 13 AM PDT 8 / 2 / 2013", "2013-08-02"),
    ("Updated 09 / 14 / 2013 01: 03 PM", "2013-09-14"),     # 14 cannot be a month
    ("2 A. M. FEB. 4, 2009", "2009-02-04"),
    ("Published: 2012. 08. 08 09: 01 AM", "2012-08-08"),
    ("22 Jul 2013", "2013-07-22"),
    ("Posted: Nov 27, 2005 8:20 AM ET Last Updated: Nov 27, 2005 8:10 PM ET", "2005-11-27"),  # two stamps
    ("PUBLISHED FRIDAY, MARCH 8, 2013 AT 12:46 PM / UPDATED AT 12:48 PM", "2013-03-08"),
])
def test_stamps_read_date_lines(line: str, expected: str) -> None:
    assert date_of_line(line) == expected


@pytest.mark.parametrize("line", [
    "05 / 02 / 2013",                                          # day and month could be swapped: unread
    "Ellen DeGeneres to host Oscars in 2014",                  # a headline with a year
    "The court ruled on March 3, 2012 that the law stood.",    # a sentence with a date
    "Seacom operations fully restored: 4 November 2011",
    "APR 28",                                                  # no year
    "Novemer 27, 2005",
    "Obama met Putin on Nov 27, 2005 and Nov 28, 2005",       # two dates in a sentence
    "March 3, 2021 / Reuters wrote",
])
def test_stamps_leave_other_lines_unread(line: str) -> None:
    assert date_of_line(line) is None


def test_stamps_ambiguous_numeric_date_is_a_date_line_but_read_only_with_the_address() -> None:
    assert is_date_line("9 / 10 / 2010 @ 1: 19PM") and date_of_line("9 / 10 / 2010 @ 1: 19PM") is None
    assert date_of_line("9 / 10 / 2010 @ 1: 19PM", address_date="2010-09-10") == "2010-09-10"


@pytest.mark.parametrize(("line", "expected"), [
    ("http://www.foxnews.com/story/2007/04/11/detroit-office-shooter-charged/", "2007-04-11"),
    ("http: / / www. presstelegram. com / technology / 20070403 / death - for - orozco", "2007-04-03"),
    ("http://www.utsandiego.com/news/2009/Feb/04/1s4chargers222254-williams/", "2009-02-04"),
    ("http://www.ens-newswire.com/ens/apr2009/2009-04-28-091.asp", "2009-04-28"),
    ("http://www.mlbtraderumors.com/2008/12/red-sox-make-offer.html", None),   # no day: not a date
    ("http://blog.example.com/2005_05_01_archive.html", None),                  # an archive page
    ("http://www.example.com/2013/38/story", None),
    ("The 2013/08/02 meeting", None),                                           # not an address
])
def test_stamps_read_dates_in_addresses(line: str, expected: str | None) -> None:
    assert address_date(line) == expected


def test_stamps_take_the_date_line_before_the_address_and_skip_body_dates() -> None:
    text = ("http://www.example.com/news/2013/05/02/lohan-rehab\nLindsay Lohan checks into rehab\n"
            "May 3, 2013 | 8:20 am\nLindsay Lohan has checked into a rehab facility.\n")
    assert stamped_date(text) == ("2013-05-03", "May 3, 2013 | 8:20 am")
    assert stamped_date(text.replace("May 3, 2013 | 8:20 am\n", ""))[0] == "2013-05-02"
    body_only = "Lindsay Lohan checks into rehab\nShe was sentenced on\nMarch 3, 2013\nin Los Angeles.\n" * 1
    assert stamped_date("Headline\nFirst paragraph of the story.\nSecond paragraph.\nThird one.\n"
                        "March 3, 2013\n") is None  # below the top lines
    assert stamped_date(body_only) == ("2013-03-03", "March 3, 2013")


def test_stamps_give_a_text_file_its_publication_date_and_title(tmp_path: Path) -> None:
    from wirewatch.ingest.sources import iter_inputs

    page = tmp_path / "saved.txt"
    page.write_text("http://www.example.com/story\nFirst Published: June 13, 2013 4:59 PM EDT\n"
                    "Lindsay Lohan leaves Betty Ford\nLindsay Lohan has left the Betty Ford Center.\n",
                    encoding="utf-8")
    [item] = [i for i in iter_inputs([str(page)]) if i.article is not None]
    assert item.article.published == "2013-06-13"
    assert item.article.meta["published_from"] == "First Published: June 13, 2013 4:59 PM EDT"
    assert item.article.title == "Lindsay Lohan leaves Betty Ford"  # not the date line
    side = tmp_path / "saved.txt.meta.json"
    side.write_text('{"published": "2013-06-14"}', encoding="utf-8")
    [item] = [i for i in iter_inputs([str(page)]) if i.article is not None]
    assert item.article.published == "2013-06-14" and "published_from" not in item.article.meta


def test_stamps_leave_an_undated_text_undated(tmp_path: Path) -> None:
    from wirewatch.ingest.sources import iter_inputs

    page = tmp_path / "plain.txt"
    page.write_text("Ad sales boost Time Warner profit\nQuarterly profits at US media giant TimeWarner "
                    "jumped 76% to $1.13bn for the three months to December.\n", encoding="utf-8")
    [item] = [i for i in iter_inputs([str(page)]) if i.article is not None]
    assert item.article.published is None
