"""The CLI as a user runs it: real subprocesses, real database files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from wirewatch.cli import main

from .conftest import EXAMPLES, ROOT, SEED_1, SEED_2


def run(*args: str, db: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "wirewatch", *( ["--db", str(db)] if db else []), *args]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(cmd, capture_output=True, text=True, input=stdin, env=env, timeout=600)


def test_cli_every_command_documented() -> None:
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    ctx = click.Context(main)
    for name, command in main.commands.items():
        assert command.get_short_help_str(), f"command {name} has no help"
        assert re.search(rf"^## `wirewatch {name}`", docs, re.M), f"command {name} is not documented in docs/cli.md"
        assert command.get_help(ctx)


def test_cli_unknown_command_one_line_nonzero() -> None:
    r = run("frobnicate")
    assert r.returncode != 0
    assert r.stderr.strip().count("\n") == 0 and "frobnicate" in r.stderr
    assert "Traceback" not in r.stderr


def test_cli_missing_file_one_line_nonzero(tmp_path: Path) -> None:
    r = run("read", str(tmp_path / "missing.txt"))
    assert r.returncode != 0
    assert r.stderr.strip().count("\n") == 0 and "missing.txt" in r.stderr


def test_cli_bad_date_one_line_nonzero() -> None:
    r = run("read", str(SEED_1), "--published", "23/08/2025")
    assert r.returncode != 0 and "invalid date" in r.stderr and "Traceback" not in r.stderr


def test_cli_read_json_contract_offsets() -> None:
    r = run("read", str(SEED_1), str(SEED_2), "--json")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 2  # one object per path, in order
    # seed 1 has a sidecar file giving its publication date; seed 2 has no date anywhere
    for line, published in zip(lines, ("2025-08-23", None), strict=True):
        obj = json.loads(line)
        for key in ("text", "published", "entities", "actors", "times", "quantities", "events", "claims"):
            assert key in obj
        text = obj["text"]
        assert obj["published"] == published  # never today's date when none is known
        for kind in ("entities", "times", "quantities"):
            for item in obj[kind]:
                assert text[item["start"] : item["end"]] == item["text"]
        for ev in obj["events"]:
            assert text[ev["trigger"]["start"] : ev["trigger"]["end"]] == ev["trigger"]["text"]
    first = json.loads(lines[0])
    assert {"Kim Jong Un", "Shigeru Ishiba"} <= {e["text"] for e in first["entities"]}


def test_cli_add_process_brief_end_to_end(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    r = run("add", str(EXAMPLES), db=db)
    assert r.returncode == 0, r.stderr
    assert "2 new" in r.stdout
    r = run("add", str(EXAMPLES), db=db)
    assert "0 new, 2 duplicate" in r.stdout
    r = run("process", db=db)
    assert r.returncode == 0, r.stderr and "2 processed" in r.stdout
    r = run("brief", db=db)
    assert r.returncode == 0
    for name in ("Kim Jong Un", "Shigeru Ishiba", "Sergei Shoigu"):
        assert name in r.stdout


def test_cli_stdin_read() -> None:
    r = run("read", "-", "--json", stdin="Sergei Shoigu arrived in Pyongyang on Friday.")
    assert r.returncode == 0, r.stderr
    assert "Sergei Shoigu" in {e["text"] for e in json.loads(r.stdout)["entities"]}


@pytest.mark.parametrize("command", sorted(main.commands))
def test_cli_help_for_every_command(command: str) -> None:
    r = run(command, "--help")
    assert r.returncode == 0 and "Usage:" in r.stdout
