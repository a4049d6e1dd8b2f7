"""CLI commands of the scale package (picked up by ``wirewatch.cli``)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="import-results")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--link/--no-link", default=True, help="Link events and stories after loading.")
@click.pass_context
def import_results_cmd(ctx: click.Context, folder: Path, link: bool) -> None:
    """Load Parquet results of 'process --engine dask --output parquet DIR' into the store and link them."""
    from ..app import open as open_ww
    from .dask_engine import import_results

    with open_ww(ctx.obj["db"]) as ww:
        click.echo(f"imported: {import_results(ww, folder, link=link).summary()}")


COMMANDS = [import_results_cmd]
