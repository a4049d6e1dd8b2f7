"""Bad input and unsafe fetches: each is refused with a clear reason, recorded, and the batch goes on."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import wirewatch
from wirewatch.app import Wirewatch
from wirewatch.errors import FetchError
from wirewatch.ingest import IngestOptions, iter_inputs
from wirewatch.ingest.fetch import FetchPolicy, fetch

from .conftest import SEED_1
from .ingest_server import DATA, Site, huge, serve, slow, standard_site

LOCAL = IngestOptions(allow_private=True)


@pytest.fixture()
def site() -> Iterator[Site]:
    with serve() as s:
        yield standard_site(s)


@pytest.fixture()
def ww(tmp_path: Path) -> Iterator[Wirewatch]:
    with wirewatch.open(tmp_path / "w.db") as w:
        yield w


def errors(inputs: list[str], options: IngestOptions | None = None) -> list[str]:
    return [i.error or "" for i in iter_inputs(inputs, options) if i.article is None]


# -- fetching ----------------------------------------------------------------------------------


def test_ingest_private_addresses_refused_by_default(site: Site) -> None:
    for url in (site.url("/article.html"), site.url("/article.html").replace("127.0.0.1", "localhost")):
        (err,) = errors([url])
        assert "refused" in err and "private, loopback or link-local" in err and "--allow-private" in err
    assert site.hits["/article.html"] == 0  # nothing was fetched
    assert errors([site.url("/article.html")], LOCAL) == []


@pytest.mark.parametrize("host", ["10.1.2.3", "192.168.0.1", "169.254.169.254", "[::1]", "0.0.0.0"])
def test_ingest_private_ranges_refused_without_connecting(host: str) -> None:
    with pytest.raises(FetchError, match="refused"):
        fetch(f"http://{host}/latest/meta-data/")


def test_ingest_only_http_and_https(site: Site) -> None:
    errs = errors(["ftp://example.com/a.txt", "file:///etc/passwd"])
    assert all("only http and https" in e for e in errs) and len(errs) == 2
    site.redirect("/to-file", "file:///etc/passwd")
    (err,) = errors([site.url("/to-file")], LOCAL)
    assert "only http and https" in err


def test_ingest_redirect_limit(site: Site) -> None:
    (err,) = errors([site.url("/loop")], LOCAL)
    assert "more than 5 redirects" in err
    assert site.hits["/loop"] == 6


def test_ingest_slow_response_times_out(site: Site) -> None:
    site.routes["/slow"] = slow(5.0)
    (err,) = errors([site.url("/slow")], IngestOptions(allow_private=True, timeout=0.5))
    assert "timed out" in err


@pytest.mark.parametrize("declared", [True, False])
def test_ingest_oversized_response_refused(site: Site, declared: bool) -> None:
    site.routes["/huge"] = huge(3 * 1024 * 1024, declare_length=declared)
    with pytest.raises(FetchError, match="over the 1048576-byte limit"):
        fetch(site.url("/huge"), FetchPolicy(allow_private=True, max_bytes=1024 * 1024))


def test_ingest_connection_refused_said_so() -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (err,) = errors([f"http://127.0.0.1:{port}/feed.rss"], LOCAL)
    assert "connection refused or unreachable" in err


def test_ingest_wrong_content_type_and_http_errors(site: Site) -> None:
    errs = errors([site.url("/image.png"), site.url("/error"), site.url("/missing")], LOCAL)
    assert "content type image/png" in errs[0]
    assert "HTTP 500" in errs[1] and "HTTP 404" in errs[2]


def test_ingest_sends_user_agent(site: Site) -> None:
    agents: list[str] = []

    def route(h: object) -> None:
        agents.append(h.headers.get("User-Agent"))  # type: ignore[attr-defined]
        h.reply(200, (DATA / "undated.html").read_bytes(), "text/html")  # type: ignore[attr-defined]

    site.routes["/ua"] = route
    assert errors([site.url("/ua")], LOCAL) == []
    assert agents and agents[0].startswith("wirewatch/")


# -- files ---------------------------------------------------------------------------------------


def test_ingest_binary_files_refused(tmp_path: Path) -> None:
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (tmp_path / "blob.txt").write_bytes(b"abc\x00\x01\x02" * 500)
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(500))
    errs = sorted(errors([str(tmp_path)]))
    assert len(errs) == 3
    assert "binary data, not an article" in errs[0]
    assert "PNG image, not an article" in errs[1]
    assert "unsupported file type '.pdf'" in errs[2]


def test_ingest_encodings_detected(tmp_path: Path) -> None:
    text = ("Le président a déclaré à Paris que l'économie était forte. Ça va très bien, merci à tous. "
            "Les élèves ont commencé l'année scolaire à l'école communale après les fêtes de l'été.")
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    lying = (DATA / "cp1252.html").read_bytes().replace(b"windows-1252", b"utf-8")
    (tmp_path / "lying.html").write_bytes(lying)
    items = list(iter_inputs([str(tmp_path)]))
    assert all(i.article for i in items), [i.error for i in items]
    by_name = {Path(i.source).name: i.article for i in items if i.article}
    assert by_name["latin.txt"].text == text and by_name["utf16.txt"].text == text
    assert by_name["latin.txt"].language == "fr"
    assert "Café owners in the old town" in by_name["lying.html"].text
    cp = next(iter_inputs([str(DATA / "cp1252.html")])).article
    assert cp is not None and "mayor’s office" in cp.text


def test_ingest_utf8_page_declared_latin1(site: Site) -> None:
    page = (DATA / "cp1252.html").read_bytes().decode("cp1252").replace("windows-1252", "iso-8859-1")
    site.body("/mislabelled", page.encode("utf-8"), "text/html; charset=iso-8859-1")
    (item,) = list(iter_inputs([site.url("/mislabelled")], LOCAL))
    assert item.article is not None and "Café owners" in item.article.text and "Ã" not in item.article.text


def test_ingest_empty_and_textless_inputs(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("   \n\n\t\n")
    (tmp_path / "numbers.txt").write_text("12 34 -- 56\n")
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (tmp_path / "only-front.md").write_text("---\ntitle: Nothing follows\n---\n")
    errs = sorted(errors([str(tmp_path)]))
    assert len(errs) == 5
    assert sum("empty text" in e for e in errs) == 3
    assert any("no words in the text" in e for e in errs)
    assert any("no article text found" in e for e in errs)


def test_ingest_huge_file_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 5000)
    (err,) = errors([str(big)], IngestOptions(max_bytes=10_000))
    assert "over the 10000-byte limit" in err


def test_ingest_malformed_feed_and_unknown_xml(site: Site, tmp_path: Path) -> None:
    (err,) = errors([site.url("/malformed.rss")], LOCAL)
    assert "malformed feed" in err
    (tmp_path / "data.xml").write_text("<?xml version='1.0'?><catalogue><book>x</book></catalogue>")
    (err,) = errors([str(tmp_path / "data.xml")])
    assert "neither an RSS or Atom feed nor token XML" in err


def test_ingest_broken_html_still_read() -> None:
    article = next(iter_inputs([str(DATA / "broken.html")])).article
    assert article is not None
    assert "nine-day strike" in article.text and "six percent" in article.text and "backlog" in article.text


def test_ingest_archive_limits(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.txt", b"0" * (5 * 1024 * 1024))  # a few KB compressed
        zf.write(SEED_1, "seed1.txt")
    items = list(iter_inputs([str(bomb)], IngestOptions(max_bytes=1024 * 1024)))
    assert [bool(i.article) for i in items] == [False, True]
    assert "over the 1048576-byte limit" in (items[0].error or "")
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(5):
            zf.writestr(f"{i}.txt", f"Story {i}\nSomething happened in town number {i} today.")
    (err,) = errors([str(many)], IngestOptions(max_archive_members=3))
    assert "5 members, over the limit of 3" in err
    expanded = [i for i in iter_inputs([str(many)], IngestOptions(max_archive_bytes=120))]
    assert 0 < sum(1 for i in expanded if i.article) < 5
    assert "expands to over 120 bytes" in (expanded[-1].error or "")
    nested = tmp_path / "nested.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as inner:
        inner.writestr("x.txt", "Inner\nAn inner story that is never read.")
    with zipfile.ZipFile(nested, "w") as zf:
        zf.writestr("inner.zip", buf.getvalue())
    (err,) = errors([str(nested)])
    assert "archive inside an archive" in err
    (tmp_path / "fake.zip").write_bytes(b"this is no zip")
    (err,) = errors([str(tmp_path / "fake.zip")])
    assert "not a readable zip archive" in err


def test_ingest_batch_goes_on_and_rerun_changes_nothing(tmp_path: Path, ww: Wirewatch) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED_1.read_bytes())
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.txt").write_bytes(b"\x00\x01binary")
    (folder / "d.html").write_bytes((DATA / "undated.html").read_bytes())
    first = ww.add([str(folder), str(tmp_path / "missing.txt")])
    assert (first.new, first.duplicates, first.near_duplicates, first.failures) == (2, 0, 0, 3)
    n_failures = len(ww.store.failures(1000))
    n_articles = ww.store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    second = ww.add([str(folder), str(tmp_path / "missing.txt")])
    assert (second.new, second.duplicates, second.failures) == (0, 2, 3)
    assert len(ww.store.failures(1000)) == n_failures
    assert ww.store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == n_articles


@pytest.fixture()
def tls_site(tmp_path: Path) -> Iterator[tuple[Site, Path]]:
    """The canned site over HTTPS with a self-signed certificate for 'localhost' (needs openssl)."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
                   check=True, capture_output=True)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    with serve(tls=ctx) as s:
        yield standard_site(s), cert


def test_ingest_https_certificate_checked_on_the_pinned_address(tls_site: tuple[Site, Path],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    site, cert = tls_site
    url = site.url("/article.html").replace("http://127.0.0.1", "https://localhost")
    with pytest.raises(FetchError, match="TLS error"):
        fetch(url, FetchPolicy(allow_private=True))  # self-signed: refused
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # now trusted: the name is checked against the certificate
    assert fetch(url, FetchPolicy(allow_private=True)).status == 200
    with pytest.raises(FetchError, match="TLS error"):
        fetch(url.replace("localhost", "127.0.0.1"), FetchPolicy(allow_private=True))  # not the certificate's name
