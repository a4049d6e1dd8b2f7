"""Write docs/cli.md from the commands' own --help (run after adding or changing a command)."""

from __future__ import annotations

from pathlib import Path

import click

from wirewatch.cli import main

OUT = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def render() -> str:
    parts = ["# The `wirewatch` command\n",
             "Generated from each command's `--help` by `scripts/gen_cli_docs.py`; a test checks that every "
             "command is here.\n",
             "Global options (before the command): `--db PATH` (or `$WIREWATCH_DB`; default `wirewatch.db`), "
             "`--quiet`, `--debug`, `--version`. Every error is one line on stderr and a non-zero exit status.\n"]
    for name in sorted(main.commands):
        command = main.commands[name]
        ctx = click.Context(command, info_name=f"wirewatch {name}")
        parts.append(f"## `wirewatch {name}`\n\n```\n{command.get_help(ctx)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")
