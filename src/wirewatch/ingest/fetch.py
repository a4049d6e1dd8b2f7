"""Fetching URLs safely: http(s) only, time-outs, a size limit, a redirect limit, and no private addresses.

Each hop of a redirect chain is checked again. The host name is resolved once and the connection is
made to the address that was checked (the name still goes in ``Host`` and in TLS SNI and certificate
checks), so a name cannot be re-pointed at a private address between the check and the connection.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import FetchError
from .textmeta import utc_timestamp

#: Seconds to wait for a connection, and between two reads of the response.
TIMEOUT_S = 15.0
#: Seconds a whole response may take; a server dripping bytes slowly is cut off.
TOTAL_TIMEOUT_S = 60.0
#: Largest response body read (bytes, after content decoding); a news page is rarely over 2 MB.
MAX_BYTES = 10 * 1024 * 1024
#: Redirects followed before giving up (browsers allow about 20; news sites need 1-3).
MAX_REDIRECTS = 5
USER_AGENT = f"wirewatch/{__version__} (news ingest; +https://github.com/wirewatch)"

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json")
TEXT_TYPES = ("text/plain", "text/markdown")


@dataclass(kw_only=True)
class FetchPolicy:
    """Limits of one fetch; the defaults are safe for the open web."""

    timeout: float = TIMEOUT_S
    total_timeout: float = TOTAL_TIMEOUT_S
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    allow_private: bool = False
    user_agent: str = USER_AGENT


@dataclass(kw_only=True)
class Response:
    """A fetched URL: its final address, status, headers (lower-case names) and body."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    fetched_at: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs are fetched, not {scheme or 'a bare path'}")


def fetch(url: str, policy: FetchPolicy | None = None, *, etag: str | None = None,
          last_modified: str | None = None, accept: str = "*/*") -> Response:
    """GET ``url`` under ``policy``; a 304 answer to a conditional request is returned, not raised."""
    import urllib3

    policy = policy or FetchPolicy()
    deadline = time.monotonic() + policy.total_timeout
    current = url
    headers = {"User-Agent": policy.user_agent, "Accept": accept, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _hop in range(policy.max_redirects + 1):
        check_scheme(current)
        parts = urlsplit(current)
        host = parts.hostname
        if not host:
            raise FetchError(f"{current}: no host name in the URL")
        https = parts.scheme.lower() == "https"
        port = parts.port or (443 if https else 80)
        address = _checked_address(current, host, port, policy.allow_private)
        timeout = urllib3.Timeout(connect=policy.timeout, read=policy.timeout)
        pool: urllib3.HTTPConnectionPool
        if https:
            pool = urllib3.HTTPSConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1,
                                               server_hostname=host, assert_hostname=host,
                                               cert_reqs="CERT_REQUIRED")
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host_header = host if parts.port is None else f"{host}:{parts.port}"
        try:
            with pool:
                resp = pool.urlopen("GET", path, headers={**headers, "Host": host_header}, redirect=False,
                                    preload_content=False, assert_same_host=False, retries=False)
                try:
                    status = resp.status
                    resp_headers = {k.lower(): v for k, v in resp.headers.items()}
                    if status in (301, 302, 303, 307, 308) and "location" in resp_headers:
                        current = urljoin(current, resp_headers["location"])
                        continue
                    if status == 304:
                        return Response(url=url, final_url=current, status=status, headers=resp_headers,
                                        fetched_at=utc_timestamp())
                    if status >= 400 or status < 200:
                        raise FetchError(f"{url}: HTTP {status}{' ' + resp.reason if resp.reason else ''}")
                    body = _read_limited(resp, url, policy, deadline, resp_headers)
                finally:
                    resp.release_conn()
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"{url}: {_describe(exc)}") from exc
        except OSError as exc:
            raise FetchError(f"{url}: {exc}") from exc
        return Response(url=url, final_url=current, status=status, headers=resp_headers, body=body,
                        fetched_at=utc_timestamp())
    raise FetchError(f"{url}: more than {policy.max_redirects} redirects")


def _read_limited(resp: object, url: str, policy: FetchPolicy, deadline: float,
                  headers: dict[str, str]) -> bytes:
    length = headers.get("content-length", "")
    if length.isdigit() and int(length) > policy.max_bytes and "content-encoding" not in headers:
        raise FetchError(f"{url}: response of {int(length)} bytes is over the {policy.max_bytes}-byte limit")
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.stream(64 * 1024):  # type: ignore[attr-defined]
        size += len(chunk)
        if size > policy.max_bytes:
            raise FetchError(f"{url}: response is over the {policy.max_bytes}-byte limit")
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: response took over {policy.total_timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _checked_address(url: str, host: str, port: int, allow_private: bool) -> str:
    """The address to connect to: the first one of ``host`` that may be fetched."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve host {host!r} ({exc})") from exc
    refused: list[str] = []
    for info in infos:
        address = str(info[4][0])
        ip = ipaddress.ip_address(address.split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if allow_private or (ip.is_global and not ip.is_multicast):
            return address
        refused.append(address)
    raise FetchError(f"{url}: refused to fetch {host} ({', '.join(refused)}): a private, loopback or link-local "
                     "address (allow it with --allow-private)")


def _describe(exc: Exception) -> str:
    import urllib3

    if isinstance(exc, urllib3.exceptions.NewConnectionError):  # (a subclass of ConnectTimeoutError)
        return "connection refused or unreachable"
    if isinstance(exc, urllib3.exceptions.ReadTimeoutError | urllib3.exceptions.ConnectTimeoutError):
        return "timed out"
    if isinstance(exc, urllib3.exceptions.SSLError):
        return f"TLS error ({exc})"
    if isinstance(exc, urllib3.exceptions.ProtocolError):
        return f"connection broken ({exc})"
    return str(exc)
