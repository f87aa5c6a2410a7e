"""The viewer's application: HTML pages for people, a JSON API for programs, one archive.

`create_app(folder)` builds it; `cables serve` runs it with uvicorn, in one process or, with
`--workers N`, in N processes that uvicorn starts and that each build their own app with
`app_from_environment`. Pages are rendered on the server and work without JavaScript; htmx
(vendored in static/) makes search and version diffs update in place when it is there.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cablearchive import __version__
from cablearchive.store.faults import database_fault
from cablearchive.web import api, network_page, pages, people_pages, threads
from cablearchive.web.pool import ArchivePool, OverviewCache
from cablearchive.web.render import STATIC, templates

_API_DESCRIPTION = """
The archive's cables as JSON: the same records as `cables show --json`.

Every list is paginated with `page` (from 1) and `per_page`; errors are JSON objects with an
`error` message. Search takes the query language of `cables search` (`tag:PTER`,
`"phrase"`, `created:2006-05..2006-07`, `AND`/`OR`/`NOT`...).
"""


# How `cables serve --workers N` tells the processes uvicorn starts which archive to serve:
# uvicorn builds each worker's app by importing a name, with no arguments.
ARCHIVE_VARIABLE = "CABLEARCHIVE_SERVE_ARCHIVE"


def create_app(folder: str | Path, *, pool_size: int = 4, parent: int | None = None) -> FastAPI:
    """The viewer for the archive in `folder`; raises FileNotFoundError when there is none.

    `parent`: the process id of the supervisor that started this worker; the worker stops
    when that process is gone (killed with SIGKILL, it could not stop its workers itself).
    """
    pool = ArchivePool(Path(folder), size=pool_size)
    overview = OverviewCache()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        warming = threading.Thread(target=pages.warm, args=(pool, overview), daemon=True)
        warming.start()
        stopped = threading.Event()
        if parent is not None:
            threading.Thread(
                target=_stop_when_orphaned, args=(parent, stopped), daemon=True
            ).start()
        yield
        stopped.set()
        warming.join()
        pool.close()

    app = FastAPI(
        title="cablearchive",
        version=__version__,
        description=_API_DESCRIPTION,
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.pool = pool
    app.state.overview = overview
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(network_page.api_router)
    app.include_router(pages.router)
    app.include_router(people_pages.router)
    app.include_router(network_page.router)
    app.include_router(threads.router)
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(sqlite3.DatabaseError, _database_error)  # type: ignore[arg-type]
    app.add_middleware(ServerTiming)
    return app


def app_from_environment() -> FastAPI:
    """The app of one worker process of `cables serve --workers N` (uvicorn's factory)."""
    folder = os.environ.get(ARCHIVE_VARIABLE)
    if not folder:
        raise RuntimeError(f"{ARCHIVE_VARIABLE} names no archive folder")
    return create_app(folder, parent=os.getppid())


def _stop_when_orphaned(parent: int, stopped: threading.Event) -> None:
    """Ask this worker to stop (as SIGTERM does: open requests end first) once its parent is
    gone, so that no worker goes on serving with no supervisor."""
    while not stopped.wait(1.0):
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGTERM)
            return


class ServerTiming:
    """Say how long the server took (browsers show it in their network panel; the web
    benchmark reads it). A plain ASGI middleware: Starlette's `BaseHTTPMiddleware` streams
    every answer through a queue between two tasks, which cost more than many pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed = (time.perf_counter() - start) * 1000
                headers = MutableHeaders(scope=message)
                headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
                # Raw cable texts are served as text/plain: a browser must not guess they
                # are HTML.
                headers["X-Content-Type-Options"] = "nosniff"
            await send(message)

        await self.app(scope, receive, timed)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    # htmx asked for a part of a page (search results as one types): answer with a part.
    fragment = request.headers.get("HX-Request") == "true"
    return templates.TemplateResponse(
        request,
        "_error.html" if fragment else "error.html",
        {"status": status, "message": message, "q": request.query_params.get("q", "")},
        status_code=status,
    )


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    message = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and message == "Not Found":
        message = f"There is no page at {request.url.path}."
    return _error(request, exc.status_code, message)


async def _database_error(request: Request, exc: sqlite3.DatabaseError) -> Response:
    """A damaged or full archive: 503, said as the command line says it (the next request
    tries again: the fault may be gone)."""
    return _error(request, 503, database_fault(exc))


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
        problems.append(f"{where}: {err.get('msg', 'invalid')}")
    return _error(request, 400, "Bad request: " + "; ".join(problems))
