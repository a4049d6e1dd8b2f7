"""The ``wirewatch`` command: a thin skin over the Python API (``wirewatch.app``).

Every error is one clear line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import WirewatchError

EXIT_ERROR = 1
EXIT_USAGE = 2


class CleanGroup(click.Group):
    """A click group that turns every error into one line and an exit status."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(*args, **kwargs)
        except click.exceptions.Abort:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # output piped into `head`: stop quietly
            sys.stderr.close()
            sys.exit(0)
        except click.ClickException as exc:
            hint = " (see --help)" if isinstance(exc, click.UsageError) else ""
            click.echo(f"error: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WirewatchError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except Exception as exc:
            click.echo(f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
            if ctx.find_root().params.get("debug"):
                raise
            ctx.exit(EXIT_ERROR)


def _progress(enabled: bool) -> Any:
    def wrap(items: Iterable[Any], total: int | None, desc: str) -> Iterable[Any]:
        if not enabled:
            return items
        from tqdm import tqdm

        bar: Iterable[Any] = tqdm(items, total=total, desc=desc, unit="article", file=sys.stderr, leave=False)
        return bar

    return wrap


def _open(ctx: click.Context) -> Any:
    from .app import open as open_ww

    return open_ww(ctx.obj["db"])


@click.group(cls=CleanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="WIREWATCH_DB", default="wirewatch.db", show_default=True,
              help="Database file (or sqlite:/// URL), or a PostgreSQL database as "
                   "postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME; also $WIREWATCH_DB.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.version_option(__version__, prog_name="wirewatch")
@click.pass_context
def main(ctx: click.Context, db: str, quiet: bool, debug: bool) -> None:
    """wirewatch: news articles in, a sourced, cross-checked record of events out."""
    logging.basicConfig(level=logging.DEBUG if debug else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = {"db": db, "progress": not quiet and sys.stderr.isatty(), "debug": debug}


def _ingest_options(published: str | None, outlet: str | None, title: str | None, **extra: Any) -> Any:
    from .ingest import IngestOptions

    if published is not None:
        from .nlp.dates import parse_iso_date

        published = parse_iso_date(published)
    return IngestOptions(published=published, outlet=outlet, title=title, **extra)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--published", help="Publication date for these articles (YYYY-MM-DD); overrides what is found.")
@click.option("--outlet", help="Outlet name for these articles; overrides what is found.")
@click.option("--title", help="Title (for a single article).")
@click.option("--author", help="Author for these articles.")
@click.option("--language", help="Language code (e.g. en, de); overrides detection.")
@click.option("--include", multiple=True, help="Glob of files to take from folders and archives (repeatable).")
@click.option("--exclude", multiple=True, help="Glob of files to skip in folders and archives (repeatable).")
@click.option("--allow-private", is_flag=True,
              help="Allow fetching from private, loopback and link-local addresses (intranets, tests).")
@click.option("--timeout", type=float, help="Seconds to wait for a server when fetching URLs (default 15).")
@click.option("--process/--no-process", "then_process", default=False, help="Process the new articles at once.")
@click.option("--workers", default=1, show_default=True, help="Worker processes for --process.")
@click.pass_context
def add(ctx: click.Context, inputs: tuple[str, ...], published: str | None, outlet: str | None,
        title: str | None, author: str | None, language: str | None, include: tuple[str, ...],
        exclude: tuple[str, ...], allow_private: bool, timeout: float | None, then_process: bool,
        workers: int) -> None:
    """Add articles from files, folders, archives (zip, tar.gz, WARC), URLs, feeds, URL lists or - (stdin).

    Files: .txt/.md (optional front matter), .html, .json/.jsonl (fields: text, title, outlet, author,
    published, url, language), .rss/.atom/.xml feeds, .xml token files of annotated corpora (ECB+,
    MEANTIME), .urls (one URL a line). A sidecar NAME.meta.json beside a file gives its metadata.
    Prints how many articles were new, duplicates, near duplicates and failures; every failure is
    kept ('wirewatch failures').
    """
    options = _ingest_options(published, outlet, title, author=author, language=language, include=include,
                              exclude=exclude, allow_private=allow_private, timeout=timeout)
    with _open(ctx) as ww:
        report = ww.add(list(inputs), options, progress=_progress(ctx.obj["progress"]))
        for err in report.errors[:20]:
            click.echo(f"failed: {err}", err=True)
        if len(report.errors) > 20:
            click.echo(f"... and {len(report.errors) - 20} more failures (see 'wirewatch failures')", err=True)
        click.echo(f"added: {report.summary()}")
        if then_process:
            click.echo(f"processed: {ww.process(workers=workers, progress=_progress(ctx.obj['progress'])).summary()}")


@main.command()
@click.option("--workers", "-w", default=1, show_default=True, help="Worker processes on this machine.")
@click.option("--link/--no-link", default=True, help="Link events and stories after processing.")
@click.option("--stages", help="Comma-separated stages to run (default: the full pipeline).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: processes on this machine; dask: a Dask cluster (pip install 'wirewatch[dask]').")
@click.option("--scheduler", help="Dask scheduler address (tcp://HOST:PORT); without it a local cluster starts.")
@click.option("--output", nargs=2, metavar="parquet DIR",
              help="With --engine dask: write results to partitioned Parquet files in DIR instead of the store.")
@click.pass_context
def process(ctx: click.Context, workers: int, link: bool, stages: str | None, engine: str,
            scheduler: str | None, output: tuple[str, str] | None) -> None:
    """Run the pipeline on every article not yet processed, then link across articles."""
    if workers < 1:
        raise click.BadParameter("must be at least 1", param_hint="--workers")
    if output and (engine != "dask" or output[0] != "parquet"):
        raise click.BadParameter("use '--engine dask --output parquet DIR'", param_hint="--output")
    if scheduler and engine != "dask":
        raise click.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    from .app import open as open_ww

    names = [s.strip() for s in stages.split(",") if s.strip()] if stages else None
    with open_ww(ctx.obj["db"], stages=names) as ww:
        if engine == "dask":
            from .scale.dask_engine import process_dask

            report = process_dask(ww, scheduler=scheduler, n_workers=workers,
                                  output=Path(output[1]) if output else None,
                                  progress=_progress(ctx.obj["progress"]), link=link)
        else:
            report = ww.process(workers=workers, progress=_progress(ctx.obj["progress"]), link=link)
        click.echo(f"processed: {report.summary()}")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--published", help="Publication date (YYYY-MM-DD); without it relative dates stay partial.")
@click.option("--outlet", help="Outlet name.")
@click.option("--title", help="Title.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article (JSON Lines).")
@click.pass_context
def read(ctx: click.Context, inputs: tuple[str, ...], published: str | None, outlet: str | None,
         title: str | None, as_json: bool) -> None:
    """Analyse articles without storing them and print everything found."""
    from .app import read as read_article
    from .ingest import iter_inputs

    options = _ingest_options(published, outlet, title)
    failed = 0
    for item in iter_inputs(list(inputs), options):
        if item.article is None:
            click.echo(f"error: {item.error}", err=True)
            failed += 1
            continue
        analysis = read_article(item.article)
        if as_json:
            click.echo(json.dumps(analysis.to_json(), ensure_ascii=False))
        else:
            from .render import render_analysis

            click.echo(render_analysis(analysis))
    if failed:
        ctx.exit(EXIT_ERROR)


@main.command()
@click.option("--actor", help="Actor id (e.g. PRK, or a person id).")
@click.option("--type", "type_", help="PLOVER event type (e.g. CONSULT).")
@click.option("--since", help="Earliest date (YYYY[-MM[-DD]]).")
@click.option("--until", help="Latest date (YYYY[-MM[-DD]]).")
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def events(ctx: click.Context, actor: str | None, type_: str | None, since: str | None, until: str | None,
           limit: int, as_json: bool) -> None:
    """List per-article events, filtered."""
    with _open(ctx) as ww:
        rows = ww.events(actor=actor, type=type_, since=since, until=until, limit=limit)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    if not rows:
        click.echo("no events")
    for ev in rows:
        when = ev["time"] or "date unknown"
        click.echo(f"{ev['id']}  {when:<12} {ev['type']:<10} {','.join(ev['actors']) or '?'} -> "
                   f"{','.join(ev['recipients']) or '-'}  [{ev['modality']}]  {' '.join(ev['evidence'].split())[:120]}")


@main.command()
@click.argument("item_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def show(ctx: click.Context, item_id: str, as_json: bool) -> None:
    """Show one article, event or story by id (a unique prefix of an article id works)."""
    with _open(ctx) as ww:
        data = ww.show(item_id)
    click.echo(json.dumps(data, ensure_ascii=False, indent=None if as_json else 2))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "md", "html"]), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@click.option("--since", metavar="DATE", help="Mark events first reported on or after DATE (YYYY[-MM[-DD]]) new.")
@click.option("--story", metavar="ID", help="Only this story's events, disputes and sources.")
@click.option("--actor", metavar="ID", help="Only events naming this actor (e.g. person:sergei-shoigu, PRK).")
@click.pass_context
def brief(ctx: click.Context, fmt: str, output: Path | None, since: str | None, story: str | None,
          actor: str | None) -> None:
    """Print a readable briefing: what happened, what is new, disputed figures, the sources."""
    with _open(ctx) as ww:
        text = ww.brief(fmt="markdown" if fmt == "md" else fmt, since=since, story=story, actor=actor)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@main.command()
@click.option("--format", "fmt", default="jsonl", show_default=True,
              type=click.Choice(["jsonl", "csv", "parquet", "plover", "graphml"]),
              help="jsonl, csv or parquet (any --what; parquet needs -o); plover (PLOVER JSON records of "
                   "canonical events); graphml (the actor interaction graph). Fields: docs/export-formats.md.")
@click.option("--what", "--table", "table", default="events", show_default=True,
              help="articles (with story and main event), events (canonical, with reports), reports "
                   "(per-article events), stories, actors, claims, or store (every table, for import).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout).")
@click.pass_context
def export(ctx: click.Context, fmt: str, table: str, output: Path | None) -> None:
    """Export articles, canonical events or per-article event reports (contract: docs/export.md).

    ``--what store --format jsonl`` dumps every table losslessly for ``wirewatch import``."""
    from .export import export as do_export
    from .export.dump import dump

    if table == "store" and fmt != "jsonl":
        raise click.UsageError("--what store is written as --format jsonl only")
    with _open(ctx) as ww:
        n = dump(ww.store, output or sys.stdout) if table == "store" else do_export(ww.store, fmt, table,
                                                                                   output or sys.stdout)
    if output:
        click.echo(f"wrote {n} rows to {output}")


@main.command("import")
@click.argument("dump_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--merge", is_flag=True, help="Add to a store that holds rows (rows already there are skipped).")
@click.pass_context
def import_(ctx: click.Context, dump_file: Path, merge: bool) -> None:
    """Restore a store dump (export --what store --format jsonl) into an empty store."""
    from .export.dump import restore

    with _open(ctx) as ww:
        added = restore(ww.store, dump_file, merge=merge)
    click.echo(f"imported {sum(added.values())} rows into {len(added)} tables")


@main.command()
@click.option("--limit", default=50, show_default=True)
@click.pass_context
def failures(ctx: click.Context, limit: int) -> None:
    """List recorded failures (inputs refused, stages that failed on an article)."""
    with _open(ctx) as ww:
        rows = ww.store.failures(limit)
    if not rows:
        click.echo("no failures")
    for r in rows:
        click.echo(f"{r['at']}  {r['stage']:<10} {r['article_id'] or r['input']}: {r['reason']}")


@main.command()
@click.pass_context
def status(ctx: click.Context) -> None:
    """Counts of what the store holds."""
    with _open(ctx) as ww:
        for key, value in ww.store.counts().items():
            click.echo(f"{key}: {value}")


@main.command(name="eval")
@click.argument("suite")
@click.option("--data", required=True, type=click.Path(path_type=Path),
              help="Folder with the suite's files (for 'all': the folder holding one folder per suite).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--peers/--no-peers", default=True, help="Also run the peer systems side by side.")
@click.option("--baseline", type=click.Path(path_type=Path), help="Floors file for 'all' (default: the packaged one).")
@click.option("--raise-floors", is_flag=True, help="'all': raise floors to the measured figures.")
@click.option("--lower-floors", is_flag=True, help="'all': also lower floors (needs --reason).")
@click.option("--reason", help="Why floors are lowered (kept in the baseline file).")
def eval_(suite: str, data: Path, as_json: bool, peers: bool, baseline: Path | None, raise_floors: bool,
          lower_floors: bool, reason: str | None) -> None:
    """Score a stage on a public benchmark, or run the quality gate with SUITE 'all'."""
    from .eval import run_suite
    from .render import render_metrics

    if suite == "all":
        from .eval.gate import BASELINE, run_gate, update_floors

        if not data.is_dir():
            raise click.BadParameter(f"{data} is not a folder", param_hint="--data")
        checks, results = run_gate(data, baseline or BASELINE,
                                   progress=lambda s: click.echo(f"scoring {s} ...", err=True))
        if as_json:
            click.echo(json.dumps({"results": results, "checks": [c.__dict__ | {"ok": c.ok} for c in checks]}))
        else:
            for c in checks:
                value = "missing" if c.value is None else f"{c.value:.3f}"
                mark = "ok  " if c.ok else "FAIL"
                click.echo(f"{mark} {c.suite:<11} {c.metric:<40} {value:>8}  {c.bound} {c.floor:.3f}")
            for name, res in results.items():
                if "error" in res or "skipped" in res:
                    click.echo(f"note {name}: {res.get('error') or res.get('skipped')}")
        if raise_floors or lower_floors:
            for line in update_floors(checks, baseline or BASELINE, lower=lower_floors, reason=reason,
                                      results=results):
                click.echo(f"floor {line}")
            return
        failed = [c for c in checks if not c.ok]
        errors = [n for n, r in results.items() if "error" in r]
        if failed or errors:
            click.echo(f"quality gate failed: {len(failed)} figure(s) past their floor or ceiling, "
                       f"{len(errors)} suite error(s)", err=True)
            sys.exit(EXIT_ERROR)
        click.echo(f"quality gate passed: {len(checks)} figures within their floors and ceilings")
        return
    result = run_suite(suite, data, peers=peers)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(render_metrics(suite, result))

#: Command modules of later stages (each defines click commands in ``COMMANDS``), added when present.
COMMAND_MODULES = ("wirewatch.ingest.cli", "wirewatch.link.cli", "wirewatch.claims.cli", "wirewatch.web.cli",
                   "wirewatch.scale.cli")


def _add_optional_commands() -> None:
    import importlib

    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for command in getattr(module, "COMMANDS", ()):
            main.add_command(command)


_add_optional_commands()
