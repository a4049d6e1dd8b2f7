"""A throwaway PostgreSQL server for the tests: its own cluster in a temporary folder, on a free port.

Uses Debian's ``postgresql`` binaries (``/usr/lib/postgresql/<version>/bin``; ``make test`` installs the
package when it is missing). As root the server runs as the ``postgres`` user (PostgreSQL refuses to
run as root). ``WIREWATCH_TEST_PG`` set to a ``postgresql://`` URL uses that server instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


class Unavailable(RuntimeError):
    """PostgreSQL cannot be run here (the reason is the message)."""


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise Unavailable("PostgreSQL is not installed (Debian: apt-get install postgresql)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A PostgreSQL cluster started for one test session; ``url(dbname)`` makes a fresh database."""

    def __init__(self, *, durable: bool = False) -> None:
        """``durable=False`` (the tests) turns fsync off; benchmarks keep PostgreSQL's defaults."""
        self.durable = durable
        self.external = os.environ.get("WIREWATCH_TEST_PG")
        self.folder: Path | None = None
        self.port = 0
        self.user = "postgres"
        self._as: list[str] = []
        if not self.external:
            self._start()

    def _run(self, args: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self._as + args, capture_output=True, text=True, timeout=timeout, check=False,
                              cwd=self.folder)  # a folder the server's user can enter

    def _start(self) -> None:
        bindir = _bin_dir()
        self.folder = Path(tempfile.mkdtemp(prefix="wirewatch-pg-"))
        if os.geteuid() == 0:
            try:
                import pwd

                entry = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise Unavailable("running as root and there is no 'postgres' user to run the server") from exc
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
            runuser = shutil.which("runuser")
            self._as = [runuser, "-u", "postgres", "--"] if runuser else ["su", "postgres", "-s", "/bin/sh", "-c"]
            if not runuser:
                raise Unavailable("runuser not found (needed to start PostgreSQL as the postgres user)")
        else:
            import getpass

            self.user = getpass.getuser()
        data = self.folder / "data"
        init = self._run([str(bindir / "initdb"), "-D", str(data), "-U", self.user, "--auth=trust",
                          "--encoding=UTF8", "--locale=C", "-N"])
        if init.returncode != 0:
            raise Unavailable(f"initdb failed: {(init.stderr or init.stdout).strip().splitlines()[-1:]}")
        self.port = _free_port()
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=50"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        start = self._run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "log"), "-w",
                           "-t", "60", "-o", options, "start"])
        if start.returncode != 0:
            log = (self.folder / "log").read_text(errors="replace") if (self.folder / "log").exists() else ""
            raise Unavailable(f"PostgreSQL did not start: {(start.stderr or log).strip()[-300:]}")
        self._bindir = bindir
        self._data = data

    def base_url(self, dbname: str) -> str:
        if self.external:
            from urllib.parse import urlsplit, urlunsplit

            parts = urlsplit(self.external)
            return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", parts.query, parts.fragment))
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def admin(self, sql: str) -> None:
        import psycopg

        url = self.external or self.base_url("postgres")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def new_database(self, prefix: str = "ww") -> str:
        """Create an empty database; return its URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        self.admin(f'CREATE DATABASE "{name}"')
        return self.base_url(name)

    def stop(self) -> None:
        if self.folder is None:
            return
        self._run([str(self._bindir / "pg_ctl"), "-D", str(self._data), "-m", "immediate", "-w", "stop"])
        for _ in range(20):
            if not (self._data / "postmaster.pid").exists():
                break
            time.sleep(0.1)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None
