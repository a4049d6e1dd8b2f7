"""CLI commands of the linker: ``wirewatch timeline`` and ``wirewatch stories`` (picked up by wirewatch.cli)."""

from __future__ import annotations

import json
from typing import Any

import click

from . import query


def _open(ctx: click.Context) -> Any:
    from ..app import open as open_ww

    return open_ww(ctx.obj["db"])


def _event_lines(ev: dict[str, Any]) -> list[str]:
    who = ", ".join(ev["actors"]) or "?"
    to = f" -> {', '.join(ev['recipients'])}" if ev["recipients"] else ""
    where = f" in {ev['place']}" if ev["place"] else ""
    head = (f"{ev['when']:<28} {ev['type']:<9} {who}{to}{where}  "
            f"[{ev['corroboration']} outlet(s), {ev['n_reports']} report(s)]  {ev['id']}")
    lines = [head]
    if "time" in ev["conflicts"]:
        lines.append(f"{'':<29}times reported differently: {ev['conflicts']['time']}")
    for r in ev.get("reports", []):
        outlet = r["outlet"] or "outlet unknown"
        lines.append(f"{'':<29}- {outlet}, {r['published'] or 'undated'} ({r['modality']}): "
                     f"{r['evidence'][:140]}")
    return lines


@click.command()
@click.option("--story", help="Story id (see 'wirewatch stories').")
@click.option("--actor", help="Actor id (e.g. PRK, person:kim-jong-un).")
@click.option("--pair", nargs=2, metavar="A B", help="Two actor ids: events naming both.")
@click.option("--type", "type_", help="PLOVER event type (e.g. MOBILIZE).")
@click.option("--place", help="Place name (substring).")
@click.option("--since", help="Earliest date (YYYY[-MM[-DD]]).")
@click.option("--until", help="Latest date (YYYY[-MM[-DD]]).")
@click.option("--limit", default=query.DEFAULT_LIMIT, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per canonical event (JSON Lines).")
@click.pass_context
def timeline(ctx: click.Context, story: str | None, actor: str | None, pair: tuple[str, str] | None,
             type_: str | None, place: str | None, since: str | None, until: str | None, limit: int,
             as_json: bool) -> None:
    """Canonical events in time order with their corroboration and reports."""
    with _open(ctx) as ww:
        events = query.timeline(ww.store, story=story, actor=actor, pair=(pair[0], pair[1]) if pair else None,
                                type=type_, place=place, since=since, until=until, limit=limit)
    if as_json:
        for ev in events:
            click.echo(json.dumps(ev, ensure_ascii=False))
        return
    if not events:
        click.echo("no events")
    for ev in events:
        click.echo("\n".join(_event_lines(ev)))


@click.command()
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story (JSON Lines).")
@click.pass_context
def stories(ctx: click.Context, limit: int, as_json: bool) -> None:
    """Stories (threads of related events) with their actors, span and outlets."""
    with _open(ctx) as ww:
        rows = query.stories(ww.store, limit=limit)
    if as_json:
        for s in rows:
            click.echo(json.dumps(s, ensure_ascii=False))
        return
    if not rows:
        click.echo("no stories")
    for s in rows:
        span = s["start"] if s["start"] == s["end"] else f"{s['start'] or '?'} – {s['end'] or '?'}"
        click.echo(f"{s['id']}  {s['title']}  ({span}; {s['n_events']} events, {s['n_articles']} articles; "
                   f"{', '.join(s['outlets']) or 'outlets unknown'})")


COMMANDS = [timeline, stories]
