"""A local HTTP server for the ingest tests: canned pages and feeds, redirects, slow and huge answers.

The only stand-in is at the network edge: the fetcher under test talks real HTTP to this server.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "ingest"

Route = Callable[["Handler"], None]


@dataclass
class Site:
    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    conditional: list[tuple[str, str | None, str | None]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def file(self, path: str, name: str, ctype: str, *, etag: str | None = None,
             last_modified: str | None = None) -> None:
        """Serve ``tests/data/ingest/name`` at ``path`` ({base} replaced by the server's address)."""

        def route(h: Handler) -> None:
            body = (DATA / name).read_bytes().replace(b"{base}", self.base.encode())
            inm, ims = h.headers.get("If-None-Match"), h.headers.get("If-Modified-Since")
            self.conditional.append((path, inm, ims))
            if (etag and inm == etag) or (last_modified and ims == last_modified and not etag):
                h.send_response(304)
                h.end_headers()
                return
            extra = {}
            if etag:
                extra["ETag"] = etag
            if last_modified:
                extra["Last-Modified"] = last_modified
            h.reply(200, body, ctype, extra)

        self.routes[path] = route

    def body(self, path: str, body: bytes, ctype: str, status: int = 200) -> None:
        self.routes[path] = lambda h: h.reply(status, body, ctype)

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        self.routes[path] = lambda h: h.reply(status, b"", "text/plain", {"Location": to})


class Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.site.hits[path] += 1
        route = self.site.routes.get(path)
        if route is None:
            self.reply(404, b"not found", "text/plain")
            return
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def reply(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def slow(delay: float) -> Route:
    """Headers at once, then the body only after ``delay`` seconds."""

    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "40")
        h.end_headers()
        h.wfile.flush()
        time.sleep(delay)
        h.wfile.write(b"<html><body><p>late</p></body></html>   ")

    return route


def huge(size: int, declare_length: bool) -> Route:
    """A body of ``size`` bytes, with or without a Content-Length header saying so."""

    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        if declare_length:
            h.send_header("Content-Length", str(size))
        h.end_headers()
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        sent = 0
        try:
            while sent < size:
                h.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        h.close_connection = True

    return route


@contextmanager
def serve(tls: ssl.SSLContext | None = None) -> Iterator[Site]:
    site = Site()
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def standard_site(site: Site) -> Site:
    """The canned pages and feeds most tests use."""
    site.file("/article.html", "article.html", "text/html; charset=utf-8")
    site.file("/undated.html", "undated.html", "text/html")
    site.file("/broken.html", "broken.html", "text/html")
    site.file("/cp1252.html", "cp1252.html", "text/html")
    site.file("/feed.rss", "feed.rss", "application/rss+xml")
    site.file("/feed.atom", "feed.atom", "application/atom+xml")
    site.file("/malformed.rss", "malformed.rss", "application/rss+xml")
    site.redirect("/moved", "/article.html")
    site.redirect("/loop", "/loop")
    site.body("/image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")
    site.body("/error", b"oops", "text/html", status=500)
    return site
