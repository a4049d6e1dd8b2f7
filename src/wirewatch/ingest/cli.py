"""CLI commands of the ingest package (picked up by ``wirewatch.cli``): ``wirewatch watch``."""

from __future__ import annotations

import signal
import sys
from types import FrameType

import click


def _stop_on_term(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option("--every", default="10m", show_default=True, help="Time between polls: 30s, 10m, 2h, 1d.")
@click.option("--once", is_flag=True, help="Poll each feed once, then stop.")
@click.option("--rounds", type=click.IntRange(min=1), help="Stop after this many rounds.")
@click.option("--process/--no-process", "then_process", default=True, show_default=True,
              help="Process (and link) new articles after each round.")
@click.option("--workers", default=1, show_default=True, help="Worker processes for processing.")
@click.option("--allow-private", is_flag=True,
              help="Allow fetching from private, loopback and link-local addresses (intranets, tests).")
@click.option("--timeout", type=float, help="Seconds to wait for a server (default 15).")
@click.pass_context
def watch(ctx: click.Context, feeds: tuple[str, ...], every: str, once: bool, rounds: int | None,
          then_process: bool, workers: int, allow_private: bool, timeout: float | None) -> None:
    """Poll RSS/Atom feeds, add and process new articles; Ctrl-C stops cleanly.

    Unchanged feeds are not downloaded again (ETag / Last-Modified are kept per feed). A feed that
    is down or malformed is reported and retried later, waiting longer after each failure.
    """
    from ..app import open as open_ww
    from .sources import IngestOptions
    from .watch import WatchTotals, parse_duration
    from .watch import watch as run_watch

    interval = parse_duration(every)
    options = IngestOptions(allow_private=allow_private, timeout=timeout)
    totals = WatchTotals()
    # Ctrl-C and SIGTERM both stop cleanly, even when started where SIGINT is ignored (a background
    # job of a non-interactive shell inherits SIG_IGN, and Python then never raises KeyboardInterrupt)
    previous = signal.signal(signal.SIGTERM, _stop_on_term)
    previous_int = signal.signal(signal.SIGINT, _stop_on_term)

    def echo(line: str) -> None:
        click.echo(line)
        sys.stdout.flush()

    try:
        with open_ww(ctx.obj["db"]) as ww:
            try:
                run_watch(ww, list(feeds), every=interval, options=options, rounds=1 if once else rounds,
                          process=then_process, workers=workers, echo=echo, totals=totals)
            except KeyboardInterrupt:
                echo(f"stopped: {totals.summary()}; everything fetched so far is stored")
                return
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    echo(f"done: {totals.summary()}")


COMMANDS = [watch]
