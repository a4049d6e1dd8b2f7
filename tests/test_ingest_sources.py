"""Each source kind, through the Python API and the CLI: folders, archives, WARC, stdin, URLs, feeds."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import wirewatch
from wirewatch.app import Wirewatch
from wirewatch.ingest import IngestOptions

from .conftest import SEED_1, SEED_2
from .ingest_server import DATA, Site, serve, standard_site

LOCAL = IngestOptions(allow_private=True)


@pytest.fixture()
def site() -> Iterator[Site]:
    with serve() as s:
        yield standard_site(s)


@pytest.fixture()
def ww(tmp_path: Path) -> Iterator[Wirewatch]:
    with wirewatch.open(tmp_path / "w.db") as w:
        yield w


def cli(*args: str, db: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "wirewatch", "--db", str(db), *args], input=stdin,
                          capture_output=True, env=env, timeout=300)


def tree(root: Path) -> Path:
    (root / "2025" / "drafts").mkdir(parents=True)
    shutil.copy(SEED_1, root / "2025" / "seed1.txt")
    shutil.copy(SEED_2, root / "seed2.txt")
    shutil.copy(DATA / "article.html", root / "2025" / "page.html")
    shutil.copy(DATA / "frontmatter.md", root / "2025" / "drafts" / "draft.md")
    (root / ".hidden.txt").write_text("A hidden note that is not an article at all, whatever it says.")
    return root


def test_ingest_folder_recursive_with_globs(tmp_path: Path, ww: Wirewatch) -> None:
    root = tree(tmp_path / "in")
    assert ww.add([str(root)]).new == 4  # hidden file skipped
    only_txt = ww.add([str(root)], IngestOptions(include=["*.txt"], exclude=["seed2.txt"]))
    assert (only_txt.new, only_txt.duplicates) == (0, 1)
    with wirewatch.open(tmp_path / "other.db") as other:
        report = other.add([str(root)], IngestOptions(exclude=["2025/drafts/*", "*.html"]))
        assert report.new == 2
        titles = {a.title for a in other.store.articles()}
        assert "Rail link talks stall" not in titles


def test_ingest_zip_and_tar_gz(tmp_path: Path, ww: Wirewatch) -> None:
    root = tree(tmp_path / "in")
    zpath = tmp_path / "news.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for p in sorted(root.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(root).as_posix())
        zf.writestr("notes/story.txt", "Bridge closed\nThe old bridge was closed on Friday for urgent repairs.")
        zf.writestr("notes/story.txt.meta.json", '{"outlet": "Zip Times", "published": "2025-02-03"}')
    tpath = tmp_path / "news.tar.gz"
    with tarfile.open(tpath, "w:gz") as tf:
        tf.add(root / "seed2.txt", arcname="a/seed2.txt")
        data = b"Ferry delayed\nThe morning ferry was delayed by fog for three hours on Sunday."
        info = tarfile.TarInfo("b/ferry.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    report = ww.add([str(zpath)], IngestOptions(exclude=["*.html"]))
    assert (report.new, report.failures) == (4, 0), report.errors
    story = next(a for a in ww.store.articles() if a.title == "Bridge closed")
    assert story.outlet == "Zip Times" and story.published == "2025-02-03"
    assert story.source == f"{zpath}!notes/story.txt"
    report = ww.add([str(tpath)])
    assert (report.new, report.duplicates) == (1, 1)  # seed2 came in the zip already


def test_ingest_warc_html_responses(tmp_path: Path, ww: Wirewatch) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        def response(url: str, body: bytes, ctype: str, status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                            warc_headers_dict={"WARC-Date": "2025-03-23T01:02:03Z"})
            writer.write_record(rec)

        writer.write_record(writer.create_warc_record("https://harbourdaily.example/req", "request",
                                                      payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        response("https://harbourdaily.example/drills", (DATA / "article.html").read_bytes(), "text/html")
        response("https://harbourdaily.example/fish", (DATA / "undated.html").read_bytes(), "text/html")
        response("https://harbourdaily.example/logo.png", b"\x89PNG....", "image/png")
        response("https://harbourdaily.example/gone", b"<html>gone</html>", "text/html", "404 Not Found")
    report = ww.add([str(path)])
    assert (report.new, report.failures) == (2, 0), report.errors
    drills = next(a for a in ww.store.articles() if a.url == "https://harbourdaily.example/drills")
    assert drills.fetched_at == "2025-03-23T01:02:03+00:00"
    assert drills.published == "2025-03-22"  # the page's date, not the crawl date
    fish = next(a for a in ww.store.articles() if a.url == "https://harbourdaily.example/fish")
    assert fish.published is None and fish.fetched_at is not None
    assert ww.add([str(path)]).new == 0


def test_ingest_stdin_text_and_html(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    r = cli("add", "-", db=db, stdin=SEED_2.read_bytes())
    assert r.returncode == 0, r.stderr
    assert b"1 new" in r.stdout
    r = cli("add", "-", db=db, stdin=(DATA / "article.html").read_bytes())
    assert b"1 new" in r.stdout
    with wirewatch.open(db) as w:
        assert {a.outlet for a in w.store.articles()} == {"The Straits Times", "Harbour Daily"}


def test_ingest_web_page_url(site: Site, ww: Wirewatch) -> None:
    before = datetime.now(UTC).isoformat(timespec="seconds")
    report = ww.add([site.url("/article.html")], LOCAL)
    assert report.new == 1, report.errors
    article = ww.store.article(report.ids[0])
    assert article.url == site.url("/article.html")
    assert article.canonical_url == "https://harbourdaily.example/world/2025/drills-resume"
    assert article.published == "2025-03-22"  # the page's date; the fetch time is kept apart
    assert article.fetched_at is not None and article.fetched_at >= before
    # the same URL again is not even fetched
    again = ww.add([site.url("/article.html")], LOCAL)
    assert (again.new, again.duplicates) == (0, 1)
    assert site.hits["/article.html"] == 1


def test_ingest_redirect_followed(site: Site, ww: Wirewatch) -> None:
    report = ww.add([site.url("/moved")], LOCAL)
    assert report.new == 1
    article = ww.store.article(report.ids[0])
    assert article.meta["final_url"] == site.url("/article.html")


def test_ingest_url_list_file(site: Site, ww: Wirewatch, tmp_path: Path) -> None:
    urls = tmp_path / "reading.urls"
    urls.write_text(f"# to read\n{site.url('/article.html')}\n{site.url('/undated.html')}\n{site.url('/nope')}\n")
    report = ww.add([str(urls)], LOCAL)
    assert (report.new, report.failures) == (2, 1)
    assert "HTTP 404" in report.errors[0]
    plain = tmp_path / "list.txt"  # a .txt holding only URLs is a URL list too
    plain.write_text(f"{site.url('/broken.html')}\n")
    assert ww.add([str(plain)], LOCAL).new == 1


def test_ingest_rss_feed_url(site: Site, ww: Wirewatch) -> None:
    report = ww.add([site.url("/feed.rss")], LOCAL)
    # full-text entry, two summary-only entries whose pages are fetched, and one empty entry
    assert (report.new, report.failures) == (3, 1), report.errors
    assert "no text and no link" in report.errors[0]
    by_title = {a.title: a for a in ww.store.articles()}
    ferry = by_title["Council votes to expand the ferry service"]
    assert ferry.outlet == "Harbour Daily" and ferry.author == "Lena Ortiz"
    assert ferry.published == "2025-04-15T09:00:00+00:00" and "night crossing" in ferry.text
    drills = by_title["Drills resume near the border"]
    assert "2,000 troops" in drills.text  # the linked page, not the summary
    assert drills.published == "2025-03-22T00:30:00+00:00"  # the entry's own date
    fish = by_title["Ministers meet on fisheries quotas"]
    assert fish.published is None
    assert site.hits["/ferry.html"] == 0  # a full-text entry needs no fetch
    again = ww.add([site.url("/feed.rss")], LOCAL)
    assert (again.new, again.duplicates, again.failures) == (0, 3, 1)
    assert site.hits["/article.html"] == 1 and site.hits["/undated.html"] == 1


def test_ingest_atom_feed_file(site: Site, ww: Wirewatch, tmp_path: Path) -> None:
    path = tmp_path / "coast.atom"
    path.write_bytes((DATA / "feed.atom").read_bytes().replace(b"{base}", site.base.encode()))
    report = ww.add([str(path)], LOCAL)
    assert (report.new, report.failures) == (2, 0), report.errors
    by_title = {a.title: a for a in ww.store.articles()}
    wind = by_title["Wind farm gets go-ahead"]
    assert wind.author == "Sam Okafor" and wind.outlet == "Coast Wire"
    assert wind.published == "2025-04-30T07:00:00+00:00"
    assert "Dock workers" in by_title["Port strike ends"].text


def test_ingest_cli_counts_feed_page_archive_duplicate(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    zpath = tmp_path / "a.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.write(SEED_1, "seed1.txt")
        zf.write(SEED_2, "seed2.txt")
    r = cli("add", "--allow-private", site.url("/feed.rss"), site.url("/cp1252.html"), str(zpath), str(SEED_1),
            db=db)
    assert r.returncode == 0, r.stderr
    assert b"added: 6 new, 1 duplicate, 0 near-duplicate, 1 failed" in r.stdout, r.stdout
    assert b"no text and no link" in r.stderr
    r = cli("failures", db=db)
    assert b"no text and no link" in r.stdout
