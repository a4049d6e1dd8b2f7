"""Reading zip and tar archives (with limits) and WARC web archives, member by member.

Nothing is extracted to disk: members are read into memory one at a time, each within the size
limit of a single input, and the whole archive within a member-count and expanded-size budget.
"""

from __future__ import annotations

import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from ..errors import UnsupportedInput

#: Members read from one archive; more are refused (an archive of news is large, not endless).
MAX_MEMBERS = 100_000
#: Bytes all members of one archive may expand to (a guard against "zip bombs").
MAX_EXPANDED_BYTES = 2 * 1024 * 1024 * 1024

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(kw_only=True)
class Member:
    """One file inside an archive: its path there, and its bytes or why it was not read."""

    path: str
    data: bytes | None = None
    error: str | None = None


def is_archive(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def is_warc(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


@dataclass(kw_only=True)
class Limits:
    """How much of one archive is read."""

    member_bytes: int
    members: int = MAX_MEMBERS
    expanded_bytes: int = MAX_EXPANDED_BYTES


def iter_members(fileobj: IO[bytes], name: str, limits: Limits) -> Iterator[Member]:
    """The regular files of a zip or tar archive, in stored order (directories and links skipped)."""
    if name.lower().endswith(".zip"):
        yield from _zip_members(fileobj, name, limits)
    else:
        yield from _tar_members(fileobj, name, limits)


def _zip_members(fileobj: IO[bytes], name: str, limits: Limits) -> Iterator[Member]:
    try:
        zf = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnsupportedInput(f"{name}: not a readable zip archive ({exc})") from exc
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > limits.members:
            raise UnsupportedInput(f"{name}: {len(infos)} members, over the limit of {limits.members}")
        max_member_bytes = limits.member_bytes
        budget = limits.expanded_bytes
        for info in infos:
            path = info.filename
            if info.flag_bits & 0x1:
                yield Member(path=path, error="encrypted member, not read")
                continue
            if info.file_size > max_member_bytes:
                yield Member(path=path, error=f"{info.file_size} bytes, over the {max_member_bytes}-byte limit")
                continue
            try:
                with zf.open(info) as fh:
                    data = fh.read(max_member_bytes + 1)  # the declared size may lie
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
                yield Member(path=path, error=f"cannot be read ({exc})")
                continue
            if len(data) > max_member_bytes:
                yield Member(path=path, error=f"over the {max_member_bytes}-byte limit")
                continue
            budget -= len(data)
            if budget < 0:
                raise UnsupportedInput(f"{name}: expands to over {limits.expanded_bytes} bytes; the rest is not read")
            yield Member(path=path, data=data)


def _tar_members(fileobj: IO[bytes], name: str, limits: Limits) -> Iterator[Member]:
    try:
        tf = tarfile.open(fileobj=fileobj, mode="r|*")  # noqa: SIM115  (closed below) streaming: one pass, no random access needed
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise UnsupportedInput(f"{name}: not a readable tar archive ({exc})") from exc
    count = 0
    max_member_bytes = limits.member_bytes
    budget = limits.expanded_bytes
    try:
        with tf:
            for info in tf:
                if not info.isfile():
                    continue
                count += 1
                if count > limits.members:
                    raise UnsupportedInput(f"{name}: over {limits.members} members; the rest is not read")
                if info.size > max_member_bytes:
                    yield Member(path=info.name, error=f"{info.size} bytes, over the {max_member_bytes}-byte limit")
                    continue
                budget -= info.size
                if budget < 0:
                    raise UnsupportedInput(f"{name}: expands to over {limits.expanded_bytes} bytes; "
                                           "the rest is not read")
                fh = tf.extractfile(info)
                if fh is None:
                    continue
                yield Member(path=info.name, data=fh.read(max_member_bytes + 1))
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise UnsupportedInput(f"{name}: archive is damaged ({exc}); the rest is not read") from exc


@dataclass(kw_only=True)
class WarcPage:
    """One HTML response kept in a WARC file."""

    url: str | None
    fetched_at: str | None
    content_type: str | None
    data: bytes | None = None
    error: str | None = None


def iter_warc_pages(fileobj: IO[bytes], name: str, *, max_record_bytes: int) -> Iterator[WarcPage]:
    """HTML pages of successful responses (and HTML resource records) in a WARC file.

    Requests, metadata, redirects and non-HTML responses (images, scripts) are not articles and are passed over.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for record in ArchiveIterator(fileobj, arc2warc=True):
            if record.rec_type not in ("response", "resource"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            fetched_at = record.rec_headers.get_header("WARC-Date")
            if record.rec_type == "response":
                if record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode()
                if not status or not status.startswith("2"):
                    continue
                ctype = record.http_headers.get_header("Content-Type")
            else:
                ctype = record.rec_headers.get_header("Content-Type")
            if not ctype or ctype.split(";")[0].strip().lower() not in ("text/html", "application/xhtml+xml"):
                continue
            data = record.content_stream().read(max_record_bytes + 1)
            if len(data) > max_record_bytes:
                yield WarcPage(url=url, fetched_at=fetched_at, content_type=ctype,
                               error=f"record over the {max_record_bytes}-byte limit")
                continue
            yield WarcPage(url=url, fetched_at=fetched_at, content_type=ctype, data=data)
    except ArchiveLoadFailed as exc:
        raise UnsupportedInput(f"{name}: not a readable WARC file ({exc})") from exc
    except (OSError, EOFError, ValueError) as exc:
        raise UnsupportedInput(f"{name}: WARC file is damaged ({exc}); the rest is not read") from exc
