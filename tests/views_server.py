"""Shared by the views tests: a store built from the seed articles, and a real `wirewatch serve` process."""

from __future__ import annotations

import functools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
TOKEN = "test-token-5f2c"

#: An article written to attack the UI: markup in its title and text must show as text, never run.
HOSTILE_TITLE = '<img src=x onerror="window.__pwned = 5"> Ruritania harbour notice'
HOSTILE_URL = "javascript:window.__pwned = 4"
HOSTILE_TEXT = """<script>window.__pwned = 1; document.title = "pwned";</script> Ruritania harbour notice
The harbour office in Strelsau published a notice <img src=x onerror="window.__pwned = 2"> about ferry times.
Ferries will run twice a day <b onmouseover="window.__pwned = 3">from Monday</b>, the office said.
"""


@functools.cache
def seed_store() -> Path:
    """A store made the way a user makes one: add the seed articles and a hostile one, then process."""
    import wirewatch

    folder = Path(tempfile.mkdtemp(prefix="wirewatch-views-"))
    hostile = folder / "hostile.json"
    hostile.write_text(json.dumps({"title": HOSTILE_TITLE, "url": HOSTILE_URL, "text": HOSTILE_TEXT}),
                       encoding="utf-8")
    db = folder / "seed.db"
    with wirewatch.open(db) as ww:
        report = ww.add([str(EXAMPLES), str(hostile)])
        assert report.new == 3, report.summary()
        ww.process()
    return db


def copy_store(dest: Path) -> Path:
    src = seed_store()
    out = dest / "copy.db"
    with wirewatch_store(src) as store:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(src, out)
    return out


@contextmanager
def wirewatch_store(path: Path) -> Iterator[Any]:
    from wirewatch.store import open_store

    store = open_store(path)
    try:
        yield store
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    db: Path

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        return request(self.base + path, headers=headers)

    def json(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        status, _, body = self.get(path, headers)
        return status, json.loads(body)

    def post(self, path: str, payload: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        status, _, body = request(self.base + path, data=json.dumps(payload).encode(),
                                  headers={"Content-Type": "application/json", **(headers or {})}, method="POST")
        return status, json.loads(body)


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
            method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


@contextmanager
def serve(db: Path, *extra: str) -> Iterator[Server]:
    """Run ``wirewatch --db DB serve --port P`` in a child process until the block ends."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("WIREWATCH_TOKEN", None)
    env.pop("WIREWATCH_READ_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "wirewatch", "--db", str(db), "serve", "--port", str(port), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode() if proc.stdout else ""
                raise RuntimeError(f"wirewatch serve exited with {proc.returncode}: {out}")
            try:
                with urllib.request.urlopen(base + "/api/stories", timeout=2):
                    break
            except urllib.error.HTTPError:
                break  # it answered (e.g. 401 with a read token): it is up
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield Server(base=base, process=proc, db=db)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
