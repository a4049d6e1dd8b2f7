"""``wirewatch disputes``: figures claimed under one key, compared (picked up by wirewatch.cli)."""

from __future__ import annotations

import json
from typing import Any

import click

from .disputes import describe
from .disputes import disputes as find_disputes


def _open(ctx: click.Context) -> Any:
    from ..app import open as open_ww

    return open_ww(ctx.obj["db"])


@click.command()
@click.option("--key", help="Only this claim key (e.g. 'PRK troops sent to RUS').")
@click.option("--all", "include_agreed", is_flag=True, help="Also keys whose figures all agree.")
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per key (JSON Lines).")
@click.pass_context
def disputes(ctx: click.Context, key: str | None, include_agreed: bool, limit: int, as_json: bool) -> None:
    """Figures reported under the same claim key, compared: verdict and reasons."""
    with _open(ctx) as ww:
        groups = find_disputes(ww.store, key=key, include_agreed=include_agreed, limit=limit)
    if as_json:
        for group in groups:
            click.echo(json.dumps(group, ensure_ascii=False))
        return
    if not groups:
        click.echo("no figures to compare (claims with the same key in two places)")
    for group in groups:
        click.echo(f"{group['key']}: {group['verdict']} ({group['n_claims']} figures; {', '.join(group['outlets'])})")
        for claim in group["claims"]:
            click.echo(f"  [{claim['id']}] {describe(claim)}")
            click.echo(f"      \"{' '.join(claim['content'].split())[:200]}\"")
        for pair in group["comparisons"]:
            click.echo(f"  {pair['a']} / {pair['b']}: {pair['verdict']}")
            for reason in pair["reasons"]:
                click.echo(f"      - {reason}")


COMMANDS = (disputes,)
