"""``wirewatch serve``: the web UI and the REST API on this machine (picked up by wirewatch.cli)."""

from __future__ import annotations

import click

from ..errors import WirewatchError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default is reachable from this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--token", envvar="WIREWATCH_TOKEN", help="Token needed to add articles over the API "
              "(also $WIREWATCH_TOKEN); without it adding over the API is off.")
@click.option("--read-token", envvar="WIREWATCH_READ_TOKEN",
              help="Token needed to read the API too (also $WIREWATCH_READ_TOKEN); default: reading is open.")
@click.option("--cors-origin", "cors_origins", multiple=True,
              help="Origin allowed to call the API from a browser (repeatable; also $WIREWATCH_CORS_ORIGINS, "
                   "comma-separated); default: none.")
@click.option("--allow-private-fetch", is_flag=True,
              help="Let articles added by URL over the API come from private and loopback addresses.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token: str | None, read_token: str | None,
          cors_origins: tuple[str, ...], allow_private_fetch: bool) -> None:
    """Serve the web UI and the REST API (OpenAPI at /openapi.json, documentation at /docs)."""
    try:
        import uvicorn

        from . import Settings, create_app
    except ImportError as exc:
        raise WirewatchError(f"the web server needs the 'serve' extra: pip install 'wirewatch[serve]' ({exc})") \
            from exc
    origins = tuple(cors_origins) or Settings.from_env().cors_origins  # else $WIREWATCH_CORS_ORIGINS
    app = create_app(Settings(db=ctx.obj["db"], write_token=token or None, read_token=read_token or None,
                              cors_origins=origins, allow_private_fetch=allow_private_fetch))
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: other machines can reach this server", err=True)
    click.echo(f"wirewatch serving {ctx.obj['db']} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


COMMANDS = [serve]
