"""``drugkg serve``: the graph over HTTP, as a SPARQL 1.1 Protocol endpoint with a query page.

Routes:

``/sparql`` (also ``/query``)
    SPARQL 1.1 Protocol queries: GET with ``query=``, POST form-encoded or
    ``application/sparql-query``; ``default-graph-uri`` and ``named-graph-uri`` choose
    the dataset. Results are negotiated from ``Accept`` (or a ``format`` parameter):
    SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT and
    DESCRIBE. A malformed query is HTTP 400 with a one-line message. SPARQL Update
    (POST ``update=`` or ``application/sparql-update``, also at ``/update``) is refused
    with 403 unless the server was started with ``allow_update`` and a token, which the
    request must carry as ``Authorization: Bearer <token>``.
``/queries``, ``/queries/{name}?param=value``
    The named queries of ``kg/queries/*.rq``; parameters are bound as RDF literals, and
    neither they nor their internal keys (``drug_key``) come back as result columns.
``/``
    The query page: YASGUI (vendored in ``server_static/vendor/``, so it needs no
    network) set up by ``server_static/app.js`` with drugkg's prefixes, examples, named
    query forms, completion of the ontology's terms and the store's entities
    (``/config.json``, ``/terms``) and labels beside IRIs (``/labels``); entities link
    to ``/graph?focus=<iri>``, the interactive page of their neighbourhood (``kg/viz.py``).
``/health``
    Workers, restarts and limits, as JSON.

``SERVICE`` and ``LOAD`` are refused (they are found in the parse tree, wherever they
are) and the workers cannot open network connections (``kg/_outbound.py``), unless the
server was started with ``allow_service``.

Every query runs in a worker process under a time limit and stops reading results at
a row limit (``kg/_pool.py``, ``kg/endpoint.py``), so one heavy query cannot hold up
the others. The store is opened read-only: a running server keeps ``drugkg build`` off
the same store ("store in use") until it stops.
"""

from __future__ import annotations

import contextlib
import functools
import hmac
import ipaddress
import json
import socket
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from drugkg.kg import endpoint
from drugkg.kg._completion import vocabulary
from drugkg.kg._lock import StoreLock
from drugkg.kg._pool import PoolError, WorkerPool
from drugkg.kg.endpoint import QueryJob, Reply
from drugkg.kg.errors import QueryError, StoreError
from drugkg.kg.queries import NamedQuery, load_queries
from drugkg.kg.remote import is_endpoint
from drugkg.kg.results import QUERY_PREFIXES
from drugkg.kg.store import GraphStore
from drugkg.kg.vocab import DKGR
from drugkg.model import EntityType

__all__ = ["ServerOptions", "create_app", "serve"]

_STATIC = "server_static"
_FORM = "application/x-www-form-urlencoded"
_QUERY_TYPE = "application/sparql-query"
_UPDATE_TYPE = "application/sparql-update"
_LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
#: The one ``<style>`` element the vendored YASGUI adds (its table's column resizer), by its
#: SHA-256; no other inline style is allowed (``tests/kg/test_vendored.py`` recomputes it).
RESIZER_STYLE = "sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk="
_PAGE_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    f"style-src 'self' '{RESIZER_STYLE}'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])  # fmt: skip
_MIN_TOKEN = 16


@dataclass(frozen=True, slots=True)
class ServerOptions:
    """How to serve: the store, the address, the limits and whether updates are allowed.

    >>> ServerOptions("drugkg-store").url
    'http://127.0.0.1:7878/'
    >>> ServerOptions("drugkg-store", allow_update=True)
    Traceback (most recent call last):
    ...
    ValueError: --allow-update needs a token of 16 characters or more ($DRUGKG_SERVE_TOKEN)
    """

    store: str
    host: str = "127.0.0.1"
    port: int = 7878
    workers: int = 2
    time_limit: float = 30.0
    max_rows: int = 10_000
    allow_update: bool = False
    token: str | None = None
    cors: bool = False
    max_body: int = 1 << 20
    allow_service: bool = False
    memory_limit: int = 2048  # MiB of address space a query worker may use

    def __post_init__(self) -> None:
        if self.allow_update and len(self.token or "") < _MIN_TOKEN:
            raise ValueError(
                f"--allow-update needs a token of {_MIN_TOKEN} characters or more "
                "($DRUGKG_SERVE_TOKEN)"
            )
        if self.time_limit <= 0 or self.max_rows < 1 or self.workers < 1:
            raise ValueError("the time limit, the row limit and the workers must be positive")
        if self.memory_limit < 256:
            raise ValueError(f"--memory-limit must be 256 MiB or more, not {self.memory_limit}")

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def _static_dir() -> Traversable:
    return files("drugkg.kg") / _STATIC


def _examples() -> list[dict[str, str]]:
    """The page's example queries: ``server_static/examples/*.rq``, titled by ``# title:``."""
    out = []
    folder = _static_dir() / "examples"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        first, _, body = text.partition("\n")
        if not first.startswith("# title:"):
            raise ValueError(f"{entry}: the first line must be '# title: ...'")
        out.append({"title": first.removeprefix("# title:").strip(), "query": body.strip()})
    return out


def _named_json(query: NamedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "description": query.description,
        "params": [asdict(p) for p in query.params],
        "query": query.text,
        "url": f"/queries/{query.name}",
    }


def _response(reply: Reply, **extra: str) -> Response:
    headers = {**reply.headers, **extra}
    return Response(reply.body, reply.status, headers=headers, media_type=reply.media_type)


def _error(status: int, message: str, **headers: str) -> Response:
    return _response(Reply.error(status, message), **headers)


def _media(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _body(request: Request, limit: int) -> bytes | None:
    """The request body, or None past ``limit`` bytes."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(options: ServerOptions, pool: WorkerPool) -> FastAPI:
    """The web application, running its jobs on ``pool``."""
    app = FastAPI(
        title="drugkg SPARQL endpoint",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    if options.loopback:  # no DNS rebinding: answer only to the names of this machine
        names = [options.host, f"[{options.host}]"] if options.host != "localhost" else []
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=[*_LOOPBACK_HOSTS, *names])
    if options.cors:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            expose_headers=["X-Drugkg-Truncated", "X-Drugkg-Row-Limit"],
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        """404, 405 and the like as the one line of text every other error is."""
        what = {404: "no such page", 405: f"{request.method} is not allowed on"}.get(
            error.status_code, str(error.detail)
        )
        return _error(error.status_code, f"{what}: {request.url.path}", **(error.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}"
            for e in error.errors()
        )
        return _error(400, f"bad request: {problems}")

    named = load_queries()
    examples = _examples()
    app.mount("/static", StaticFiles(directory=str(_static_dir())), name="static")

    async def run(function: Callable[..., Reply], *args: Any) -> Response:
        try:
            reply = await anyio.to_thread.run_sync(functools.partial(pool.run, function, *args))
        except PoolError as error:
            return _error(error.status, str(error))
        except RuntimeError as error:
            return _error(500, f"internal error: {error}")
        return _response(reply, Vary="Accept")

    async def query(
        text: str,
        request: Request,
        formats: list[str],
        *,
        bindings: Mapping[str, Any] | None = None,
        default_graphs: tuple[str, ...] = (),
        named_graphs: tuple[str, ...] = (),
        hidden: tuple[str, ...] = (),
    ) -> Response:
        results, graph = endpoint.negotiate(
            request.headers.get("accept"), endpoint.format_names(formats)
        )
        job = QueryJob(
            text,
            bindings=tuple((bindings or {}).items()),
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            results_format=results,
            graph_format=graph,
            max_rows=options.max_rows,
            allow_outbound=options.allow_service,
            hidden=hidden,
        )
        return await run(endpoint.run_query, job)

    async def update(text: str, request: Request) -> Response:
        if not options.allow_update:
            return _error(
                403,
                "this endpoint is read-only: SPARQL Update is refused "
                "(start 'drugkg serve --allow-update' with a token to allow it)",
            )
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        token = (options.token or "").encode()
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token):
            return _error(
                401, "SPARQL Update needs 'Authorization: Bearer <token>'",
                **{"WWW-Authenticate": 'Bearer realm="drugkg"'},
            )  # fmt: skip
        return await run(endpoint.run_update, text, options.allow_service)

    async def protocol(request: Request) -> Response:
        """One SPARQL 1.1 Protocol request (query or update operation)."""
        params = list(request.query_params.multi_items())
        if request.method == "POST":
            body = await _body(request, options.max_body)
            if body is None:
                return _error(413, f"the request is larger than {options.max_body} bytes")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return _error(400, "the request body is not UTF-8")
            media = _media(request)
            if media == _FORM:
                params += parse_qsl(text, keep_blank_values=True)
            elif media == _QUERY_TYPE:
                params.append(("query", text))
            elif media == _UPDATE_TYPE:
                params.append(("update", text))
            else:
                return _error(
                    415, f"send {_FORM}, {_QUERY_TYPE} or {_UPDATE_TYPE}, not {media or 'nothing'}"
                )
        elif any(k == "update" for k, _ in params):
            return _error(400, "a SPARQL update must be sent with POST")
        queries = [v for k, v in params if k == "query"]
        updates = [v for k, v in params if k == "update"]
        if len(queries) + len(updates) != 1:
            return _error(400, "give exactly one 'query' (or, with POST, one 'update')")
        if updates:
            return await update(updates[0], request)
        return await query(
            queries[0],
            request,
            [v for k, v in params if k == "format"],
            default_graphs=tuple(v for k, v in params if k == "default-graph-uri"),
            named_graphs=tuple(v for k, v in params if k == "named-graph-uri"),
        )

    for path in ("/sparql", "/query", "/update"):
        app.add_api_route(path, protocol, methods=["GET", "POST"], include_in_schema=False)

    @app.get("/queries")
    async def list_queries() -> JSONResponse:
        return JSONResponse([_named_json(q) for q in named.values()])

    @app.get("/queries/{name}")
    async def run_named(name: str, request: Request) -> Response:
        if name not in named:
            return _error(404, f"no named query {name!r}; valid: {', '.join(named)}")
        values = {k: v for k, v in request.query_params.items() if k != "format"}
        try:
            bindings = named[name].bindings(values)
        except QueryError as error:
            return _error(400, str(error))
        keys = tuple(f"{p.name}_key" for p in named[name].params)
        return await query(
            named[name].text,
            request,
            request.query_params.getlist("format"),
            bindings=bindings,
            hidden=(*bindings, *keys),
        )

    @app.post("/labels")
    async def labels(request: Request) -> Response:
        """The labels of the IRIs of a JSON list (the page shows them beside IRIs)."""
        body = await _body(request, options.max_body)
        if body is None:
            return _error(413, f"the request is larger than {options.max_body} bytes")
        try:
            iris = json.loads(body)
        except ValueError:
            iris = None
        if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
            return _error(400, "send a JSON list of IRIs")
        if len(iris) > endpoint.LABELS_LIMIT:
            return _error(400, f"ask for at most {endpoint.LABELS_LIMIT} labels at a time")
        return await run(endpoint.labels, tuple(iris))

    @app.get("/terms")
    async def terms(start: str = "") -> Response:
        """The store's entities whose IRI begins with ``start`` (the editor completes them)."""
        return await run(endpoint.entity_terms, start)

    @app.get("/graph")
    async def graph(focus: str = "", depth: int = 1, page: int = 1) -> Response:
        if not focus:
            return _error(400, "give the entity to show: /graph?focus=<iri or label>")
        if not 0 <= depth <= 3:
            return _error(400, f"depth must be 0 to 3, not {depth}")
        if not 1 <= page <= 100_000:
            return _error(400, f"page must be 1 or more, not {page}")
        return await run(endpoint.graph_page, focus, depth, page)

    @app.get("/")
    async def page() -> Response:
        html = (_static_dir() / "index.html").read_bytes()
        return Response(
            html,
            media_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": _PAGE_POLICY, "X-Content-Type-Options": "nosniff"},
        )

    @app.get("/config.json")
    async def config() -> JSONResponse:
        return JSONResponse(
            {
                "prefixes": dict(QUERY_PREFIXES),
                "entities": [f"{DKGR}{t.slug}/" for t in EntityType],
                "resource": str(DKGR),
                "max_rows": options.max_rows,
                "time_limit": options.time_limit,
                "read_only": not options.allow_update,
                "examples": examples,
                "terms": vocabulary(),
            }
        )

    @app.get("/health")
    async def health() -> JSONResponse:
        return JSONResponse(
            {
                "status": "ok",
                "store": options.store,
                "workers": pool.size,
                "idle": pool.idle,
                "restarts": pool.restarts,
                "time_limit": options.time_limit,
                "max_rows": options.max_rows,
                "memory_limit": options.memory_limit,
                "read_only": not options.allow_update,
            }
        )

    return app


@contextlib.contextmanager
def _held(options: ServerOptions) -> Iterator[GraphStore | None]:
    """A hold on an embedded store while serving, so no build writes under us: read-only, or
    with ``allow_update`` the store's lock itself, held here for the one worker that writes
    (so a build cannot take it while that worker is replaced after a time-limit kill)."""
    if is_endpoint(options.store):
        yield None
        return
    path = Path(options.store)
    if options.allow_update:
        path.mkdir(parents=True, exist_ok=True)
        lock = StoreLock(path, shared=False)
        try:
            yield None
        finally:
            lock.release()
        return
    if not (path / "oxigraph").exists():
        raise StoreError(f"no store at {path} (run 'drugkg build' first, or pass --store)")
    with GraphStore.open(path, read_only=True) as store:
        yield store


def _listen(options: ServerOptions) -> socket.socket:
    """A socket bound to the address to serve on: taken, it is one error, before anything."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            options.host, options.port, type=socket.SOCK_STREAM
        )[0]
        sock = socket.socket(family, kind, proto)
    except OSError as error:
        raise OSError(f"cannot listen on {options.url}: {error.strerror or error}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.set_inheritable(True)
    except OSError as error:
        sock.close()
        raise OSError(f"cannot listen on {options.url}: {error.strerror or error}") from None
    return sock


def serve(options: ServerOptions, *, log: Callable[[str], None] = print) -> None:
    """Serve until interrupted (Ctrl+C or SIGTERM); blocks."""
    import uvicorn

    with (
        contextlib.closing(_listen(options)) as listening,
        _held(options),
        WorkerPool(
            options.store,
            workers=1 if options.allow_update else options.workers,
            time_limit=options.time_limit,
            writable=options.allow_update,
            held=options.allow_update and not is_endpoint(options.store),
            offline=not options.allow_service,
            memory_limit=options.memory_limit << 20,
        ).start() as pool,
    ):
        app = create_app(options, pool)
        mode = "read-write (SPARQL Update with the token)" if options.allow_update else "read-only"
        log(
            f"drugkg: serving {options.store} at {options.url} ({mode}; {pool.size} worker(s), "
            f"time limit {options.time_limit:g} s, {options.memory_limit} MiB, "
            f"{options.max_rows} rows); Ctrl+C to stop"
        )
        log(f"drugkg: SPARQL endpoint {options.url}sparql")
        config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5)
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C stops serving, as uvicorn.run
            uvicorn.Server(config).run(sockets=[listening])
