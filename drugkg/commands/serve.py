"""``drugkg serve``: a SPARQL 1.1 endpoint, named queries and a query page over HTTP."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from drugkg.commands._common import StoreOpt, err, errors, fail, store_location

__all__ = ["serve"]

TOKEN_ENV = "DRUGKG_SERVE_TOKEN"


@errors
def serve(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=0, max=65535)] = 7878,
    time_limit: Annotated[
        float, typer.Option(help="Seconds a query may run before it is stopped.", min=0.1)
    ] = 30.0,
    max_rows: Annotated[
        int, typer.Option(help="Rows (or triples) a query may return; more are cut.", min=1)
    ] = 10_000,
    memory_limit: Annotated[
        int,
        typer.Option(
            help="MiB of memory each query worker may use; past it a query stops.", min=256
        ),
    ] = 2048,
    workers: Annotated[
        int, typer.Option(help="Queries that may run at once (one process each).", min=1)
    ] = 2,
    allow_update: Annotated[
        bool,
        typer.Option(
            "--allow-update",
            help="Accept SPARQL Update from clients that send the token (one worker).",
        ),
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            help=f"Bearer token that updates must carry [default: ${TOKEN_ENV}].",
            show_default=False,
        ),
    ] = None,
    cors: Annotated[
        bool, typer.Option("--cors", help="Let pages of other origins query the endpoint.")
    ] = False,
    allow_service: Annotated[
        bool,
        typer.Option(
            "--allow-service",
            help="Let queries and updates fetch from other servers (SERVICE, LOAD).",
        ),
    ] = False,
) -> None:
    """Serve the store over HTTP: SPARQL 1.1 Protocol at /sparql, a query page at /.

    The store is opened read-only, so 'drugkg build' on the same store waits until the
    server stops ('store in use').
    """
    from drugkg.kg.server import ServerOptions
    from drugkg.kg.server import serve as run_server

    location = store_location(store)
    token = token or os.environ.get(TOKEN_ENV) or None
    if token and not allow_update:
        fail("--token is only for --allow-update", 2)
    try:
        options = ServerOptions(
            location,
            host=host,
            port=port,
            workers=workers,
            time_limit=time_limit,
            max_rows=max_rows,
            allow_update=allow_update,
            token=token,
            cors=cors,
            allow_service=allow_service,
            memory_limit=memory_limit,
        )
    except ValueError as error:
        fail(str(error), 2)
    if not options.loopback:
        err.print(
            f"warning: listening on {host}, so other machines can query the store",
            markup=False,
            highlight=False,
        )
    if allow_update:
        err.print(
            "warning: SPARQL Update writes the store as it is, without drugkg's fact "
            "bookkeeping; prefer 'drugkg build'",
            markup=False,
            highlight=False,
        )
    run_server(options, log=lambda line: err.print(line, markup=False, highlight=False))
