"""The HTML pages of the reference graph: a cable's thread as a timeline, the most wanted
cables (cited by the archive, not in it) and their CSV. The ghost page (`/cable/{id}` of a
cable cited but missing) and the cable page's figures are pages.cable_page's."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import RedirectResponse, StreamingResponse

from cablearchive.graph.render import WANTED_COLUMNS, thread_tree, wanted_rows
from cablearchive.graph.threads import (
    DEFAULT_DEPTH,
    DEFAULT_LIMIT,
    MAX_DEPTH,
    MAX_LIMIT,
    Thread,
    ThreadNode,
)
from cablearchive.web.pages import _page_number, _shown, thread_url
from cablearchive.web.pool import ArchivePool, Lent
from cablearchive.web.refining import Paging
from cablearchive.web.render import templates, url_query
from cablearchive.web.timeline import layout

router = APIRouter(include_in_schema=False)
WANTED_PER_PAGE = 50
CSV_BATCH = 500  # most wanted rows read per borrowing of an archive
_INTEGER = re.compile(r"-?[0-9]{1,12}")


def whole_number(raw: str | None, name: str, default: int) -> int:
    """An option of the thread page: a whole number (out of bounds is the walk's to cut and
    say), or a 400 saying what was wrong."""
    if raw is None or raw == "":
        return default
    if not _INTEGER.fullmatch(raw):
        raise HTTPException(400, f"{name} must be a whole number, not {_shown(raw)}.")
    return int(raw)


def unknown_thread(name: str) -> str:
    return (
        f"The archive neither holds nor cites a cable {_shown(name)}, so it has no thread."
        " Cable ids look like 09STATE47316 (year, station, serial)."
    )


@dataclass(frozen=True, slots=True)
class Row:
    """A line of the thread's table."""

    node: ThreadNode
    relation: str  # "cites", "cited by" or "" (the cable asked for)
    other: str | None  # the cable it is linked to on its way from the cable asked for


def rows_of(thread: Thread) -> list[Row]:
    """The thread's cables by date, each with how it was reached from the cable asked for."""
    reached = {b.node.id: (b.relation, b.parent) for b in thread_tree(thread)}
    return [Row(n, *reached.get(n.id, ("", None))) for n in thread.nodes]


@router.get("/cable/{name}/thread")
def thread_page(
    a: Lent, request: Request, name: str, depth: str | None = None, limit: str | None = None
) -> Response:
    asked_depth = whole_number(depth, "depth", DEFAULT_DEPTH)
    asked_limit = whole_number(limit, "limit", DEFAULT_LIMIT)
    thread = a.thread(name, asked_depth, asked_limit)
    if thread is None:
        raise HTTPException(404, unknown_thread(name))
    if thread.root != name:  # one address per thread, as per cable
        return RedirectResponse(thread_url(thread.root, asked_depth, asked_limit), 301)
    measures = a.measures(thread.root)
    context = {
        "q": "",
        "thread": thread,
        "timeline": layout(thread),
        "rows": rows_of(thread),
        "ghosts": sum(not n.present for n in thread.nodes),
        "whole": a.thread_size(measures.component) if measures else None,
        "state": a.graph_state(),
        "deeper": thread_url(thread.root, thread.depth + 1, thread.limit)
        if thread.depth < MAX_DEPTH
        else None,
        "larger": thread_url(thread.root, thread.depth, min(MAX_LIMIT, thread.limit * 2))
        if thread.limit < MAX_LIMIT
        else None,
        "json_url": url_query(
            f"/api/cables/{quote(thread.root, safe='')}/thread",
            depth=thread.depth,
            limit=thread.limit,
        ),
    }
    return templates.TemplateResponse(request, "thread.html", context)


@router.get("/wanted")
def wanted_page(a: Lent, request: Request, page: str | None = None) -> Response:
    number = _page_number(page)
    paging = Paging(number, WANTED_PER_PAGE, 0)
    total, items = a.wanted(WANTED_PER_PAGE, paging.offset)
    paging = Paging(number, WANTED_PER_PAGE, total)
    if not paging.exists:
        raise HTTPException(
            404,
            f"There is no page {number}: {total:,} cables wanted make {paging.pages:,} page(s).",
        )
    context = {
        "q": "",
        "total": total,
        "items": list(enumerate(items, start=paging.offset + 1)),
        "paging": paging,
        "state": a.graph_state(),
    }
    return templates.TemplateResponse(request, "wanted.html", context)


def csv_rows(pool: ArchivePool, batch: int = CSV_BATCH) -> Iterator[str]:
    """The most wanted list as CSV text, a batch of rows at a time: an archive is borrowed
    for each batch, not held while a slow client reads the whole list."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(WANTED_COLUMNS)
    offset = 0
    while True:
        with pool.borrow() as a:
            _, items = a.wanted(batch, offset, citing=None)
        writer.writerows(wanted_rows(items, offset + 1))
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        if len(items) < batch:
            return
        offset += batch


@router.get("/wanted.csv")
def wanted_csv(request: Request) -> Response:
    return StreamingResponse(
        csv_rows(request.app.state.pool),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="most-wanted.csv"'},
    )
