"""The HTML pages: home, cable, versions, search and browse."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast, get_args
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import PlainTextResponse, RedirectResponse
from markupsafe import Markup, escape

from cablearchive.reference.routing import routing_indicators
from cablearchive.store import DIMENSIONS, Archive, Dimension, StoredCable
from cablearchive.store.graph import Wanted
from cablearchive.store.index import Sort
from cablearchive.store.similar import SEARCH_MODES
from cablearchive.web.header import Excepted, header_lines
from cablearchive.web.pool import ArchivePool, Lent, OverviewCache, search_errors
from cablearchive.web.reading import (
    Block,
    Link,
    Mark,
    Span,
    body_blocks,
    link_text,
    mention_marks,
    people_by_role,
    person_keys,
    person_url,
    placed_marks,
    reflow_marked,
)
from cablearchive.web.refining import (
    Bar,
    Facets,
    Paging,
    Refiner,
    facet_clause,
    histogram_bars,
    narrow,
    quote_value,
    with_years,
)
from cablearchive.web.render import cable_url, tag_meaning, templates, url_query
from cablearchive.web.versions import diff_hunks

router = APIRouter(include_in_schema=False)
PER_PAGE = 20
BROWSE_PER_PAGE = 50
MAX_PAGE = 10_000  # beyond it no one is reading: a crawler or a typo
SORTS: tuple[str, ...] = get_args(Sort)
# How the sort control names each order; `cited` and `rank` put a hit's citation count or
# rank place in its score, which each hit then shows (_results.html).
SORT_LABELS: dict[str, str] = {
    "relevance": "by relevance",
    "date": "oldest first",
    "-date": "newest first",
    "cited": "most cited",
    "rank": "highest rank",
}
CITED_BY_SHOWN = 100
SIMILAR_SHOWN = 10
MODE_LABELS: dict[str, str] = {
    "text": "words",
    "semantic": "meaning",
    "hybrid": "words and meaning",
}

DIMENSION_TITLES: dict[str, str] = {
    "origin": "Origin",
    "tag": "TAGS",
    "classification": "Classification",
    "year": "Year of creation",
    "month": "Month of creation",
    "released": "Release date",
}


def _shown(value: str, limit: int = 60) -> str:
    """A value from the request, quoted for a message, and cut short: messages echo what was
    asked, not 30 KB of it."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _whole_number(raw: str, low: int, high: int) -> int | None:
    """`raw` as a number from `low` to `high`, or None: ASCII digits only (`²` is a digit to
    str.isdigit but not to int), and few enough of them for int() to read."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        return None
    number = int(raw)
    return number if low <= number <= high else None


def _page_number(raw: str | None) -> int:
    if raw is None or raw == "":
        return 1
    number = _whole_number(raw, 1, MAX_PAGE)
    if number is None:
        raise HTTPException(
            400, f"page must be a whole number from 1 to {MAX_PAGE:,}, not {_shown(raw)}."
        )
    return number


def _is_fragment(request: Request, target: str) -> bool:
    """Whether htmx asked for just the element `target` of the page."""
    return (
        request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == target
    )


# --- home ----------------------------------------------------------------------------------


@router.get("/")
def home(a: Lent, request: Request) -> Response:
    overview = request.app.state.overview.get(a)
    context = {
        "q": "",
        "stats": overview["stats"],
        "most_cited": overview["most_cited"],
        "years": overview["groups"]["year"],
        "released": overview["groups"]["released"][-8:],
    }
    return templates.TemplateResponse(request, "home.html", context)


# --- cable ---------------------------------------------------------------------------------


def _found(a: Archive, name: str) -> StoredCable:
    cable = a.get(name)
    if cable is None:
        raise HTTPException(
            404,
            f"No cable {_shown(name)} in this archive. Cable ids look like 06ALMATY2549 "
            "(year, station, serial); search for words of its subject instead.",
        )
    return cable


@router.get("/cable/{name}")
def cable_page(a: Lent, request: Request, name: str) -> Response:
    found = a.get(name)
    if found is None and (ghost := a.ghost(name)) is not None:
        if ghost.id != name:
            return RedirectResponse(cable_url(ghost.id), status_code=301)
        return _ghost_page(a, request, ghost)
    cable = found or _found(a, name)  # _found: the 404 of an id neither held nor cited
    if cable.id != name:  # an alias or a non-canonical spelling: one address per cable
        return RedirectResponse(cable_url(cable.id), status_code=301)
    record = cable.record
    cited = list(cable.cited_by)
    linked = [r.id for r in cable.references if r.id and r.status == "resolved"]
    summaries = a.summaries(linked + cited[:CITED_BY_SHOWN])
    cited_shown = sorted(
        (summaries[c] for c in cited[:CITED_BY_SHOWN] if c in summaries),
        key=lambda s: (s.created or "", s.id),
    )
    refs = {
        r.raw: Link(cable_url(r.id), summaries[r.id].subject or r.id, "ref-resolved")
        if r.status == "resolved" and r.id in summaries
        else Link(None, f"{r.id}: not in this archive", "ref-missing")
        for r in cable.references
        if r.kind == "cable" and r.id and r.status in ("resolved", "missing")
    }
    tag_links: dict[str, Link] = {}
    for t in record.get("tags") or []:
        link = Link(f"/browse/tag/{quote(t, safe='')}", tag_meaning(t), "tag")
        # A person tag is written `RICE CONDOLEEZZA` on many TAGS lines: linked as written.
        for written in dict.fromkeys((t, t.replace(", ", " "))):
            tag_links.setdefault(written, link)
    excepted = [
        Excepted(a.get("route"), a["name"], tuple(a["xmt"]))
        for a in [*record.get("to", []), *record.get("info", [])]
        if a.get("xmt")
    ]
    context = {
        "q": "",
        "cable": cable,
        "r": record,
        "linked": lambda text: link_text(text.strip(), refs, tag_links),
        "blocks": body_blocks(record.get("body") or "", record.get("paragraphs") or []),
        "header": header_lines(
            record.get("header") or "", routing_indicators(), record.get("from"), excepted
        ),
        "people": _people(record, cable.signers, cable.people),
        "named": people_by_role(cable.people),
        "marked": _marked_paragraphs(record, cable.people),
        "summaries": summaries,
        "cited_shown": cited_shown,
        "cited_total": len(cited),
        "graph": _graph_figures(a, cable.id),
    }
    return templates.TemplateResponse(request, "cable.html", context)


@router.get("/cable/{name}/similar")
def similar_cables(a: Lent, request: Request, name: str) -> Response:
    """The cables most like one, with the passages that match: a fragment of the cable page
    for htmx (a page of its own without it)."""
    found = a.similar(name, SIMILAR_SHOWN)
    if found is None:
        raise HTTPException(404, f"No cable {_shown(name)} in this archive.")
    if found.cable_id != name:
        return RedirectResponse(cable_url(found.cable_id) + "/similar", status_code=301)
    context = {
        "q": "",
        "cable_id": found.cable_id,
        "found": found,
        "fragment": request.headers.get("HX-Request") == "true",
    }
    return templates.TemplateResponse(request, "similar.html", context)


# --- threads, wanted, ghost pages: the cable page's share (the rest in threads.py) --------


def thread_url(cable_id: str, depth: int | None = None, limit: int | None = None) -> str:
    return url_query(f"/cable/{quote(cable_id, safe='')}/thread", depth=depth, limit=limit)


def _ghost_page(a: Archive, request: Request, ghost: Wanted) -> Response:
    """A cable the archive cites but lacks: 404 (it is not here), with what is known of it."""
    year = ghost.id[:2]
    context = {
        "q": "",
        "ghost": ghost,
        "thread": thread_url(ghost.id),
        # NARA's Access to Archival Databases holds the State Department's cables of 1973-79.
        "nara": year.isdigit() and 73 <= int(year) <= 79,
        "state": a.graph_state(),
    }
    return templates.TemplateResponse(request, "ghost.html", context, status_code=404)


def _graph_figures(a: Archive, cable_id: str) -> dict[str, Any] | None:
    """The cable page's line on the reference graph: how cited, its rank, its thread's size;
    None when the graph does not know the cable (added since it was computed)."""
    m = a.measures(cable_id)
    if m is None:
        return None
    state = a.graph_state()
    return {
        "cited": m.cited,
        "rank": m.rank_order,
        "of": state.nodes if state else None,
        "size": a.thread_size(m.component),
        "current": state.current if state else False,
        "thread": thread_url(cable_id) if m.cited + m.cites > 0 else None,
    }


# --- end of threads, wanted, ghost pages ----------------------------------------------------


def _search_for(field: str, value: str) -> str:
    return url_query("/search", q=f"{field}:{quote_value(value)}")


def _people(
    record: dict[str, Any], signers: list[str], named: tuple[dict[str, Any], ...]
) -> dict[str, Any]:
    """Who classified and who signed the cable, each with their person's page (None when the
    people were not grouped) and the search for what else they did; and the person page of
    each person TAG."""
    keys = person_keys(named)

    def page(role: str, written: str) -> str | None:
        key = keys.get((role, written.upper()))
        return person_url(key) if key else None

    classifier = record.get("classifier") or {}
    name = classifier.get("name")
    return {
        "classifier": {
            "name": name,
            "title": classifier.get("title"),
            "office": classifier.get("office"),
            "search": _search_for("classifier", name) if name else None,
            "page": page("classifier", name) if name else None,
        },
        "signers": [(s, _search_for("signer", s), page("signer", s)) for s in signers],
        "tags": {t: url for t in record.get("tags") or [] if (url := page("tagged", t))},
    }


def _marked_paragraphs(
    record: dict[str, Any], named: tuple[dict[str, Any], ...]
) -> Callable[[Block], list[list[list[Span]]]]:
    """How the page shows a paragraph: reflowed, with the names of people read in it linked
    to their person (the mentions' offsets are into the record's paragraph texts)."""
    marks = mention_marks(named)
    paragraphs = record.get("paragraphs") or []

    def marked(block: Block) -> list[list[list[Span]]]:
        found: list[Mark] = marks.get(block.position, []) if block.position is not None else []
        if found and block.position is not None and block.position < len(paragraphs):
            text = str(paragraphs[block.position].get("text") or "")
            found = placed_marks(block.text, text, found)
        return reflow_marked(block.text, found if found else ())

    return marked


@router.get("/cable/{name}/raw")
def cable_raw(a: Lent, name: str, version: str | None = None) -> Response:
    cable = _found(a, name)
    if version is None:
        return PlainTextResponse(cable.text)
    found = a.version_text(cable.id, _version_number(version, cable))
    assert found is not None
    return PlainTextResponse(found[1])


def _version_number(raw: str, cable: StoredCable) -> int:
    count = len(cable.versions)
    number = _whole_number(raw, 1, count)
    if number is None:
        raise HTTPException(
            404,
            f"Cable {cable.id} has {count} version(s), numbered 1 to {count}; no {_shown(raw)}.",
        )
    return number


@router.get("/cable/{name}/versions/{number}")
def version_page(a: Lent, request: Request, name: str, number: str) -> Response:
    cable = _found(a, name)
    n = _version_number(number, cable)
    found = a.version_text(cable.id, n)
    assert found is not None
    info, text = found
    context = {
        "q": "",
        "cable": cable,
        "info": info,
        "hunks": diff_hunks(text, cable.text),
        "fragment": _is_fragment(request, f"diff{n}"),
    }
    return templates.TemplateResponse(request, "version.html", context)


# --- search --------------------------------------------------------------------------------


@router.get("/search")
def search_page(
    a: Lent,
    request: Request,
    q: str = "",
    sort: str = "relevance",
    page: str | None = None,
    mode: str = "text",
) -> Response:
    number = _page_number(page)
    if sort not in SORTS:
        raise HTTPException(400, f"sort must be one of {', '.join(SORTS)}, not {sort!r}.")
    if mode not in SEARCH_MODES:
        raise HTTPException(
            400, f"mode must be one of {', '.join(SEARCH_MODES)}, not {_shown(mode)}."
        )
    if mode != "text":
        sort = "relevance"  # a ranking by meaning has no other order
    context: dict[str, Any] = {
        "q": q,
        "sort": sort,
        "mode": mode,
        # In the page's links: the default mode is left out, so shared URLs stay short.
        "mode_param": None if mode == "text" else mode,
        "modes": MODE_LABELS,
        "results": None,
        "sorts": SORTS,
        "sort_labels": SORT_LABELS,
        "index_note": request.app.state.pool.index_note,
    }
    if q.strip():
        paging = Paging(number, PER_PAGE, 0)
        with search_errors():
            results = a.search(
                q,
                limit=PER_PAGE,
                offset=paging.offset,
                sort=cast(Sort, sort),
                facets=True,
                mode=mode,
            )
        paging = Paging(number, PER_PAGE, results.total)
        if not paging.exists and results.total:
            raise HTTPException(
                404,
                f"There is no page {number}: {results.total:,} results make "
                f"{paging.pages:,} page(s).",
            )
        context.update(
            results=results,
            paging=paging,
            facets=_facet_links(q, sort, with_years(results.facets), context["mode_param"]),
            bars=(
                bars := _bar_links(
                    q, sort, histogram_bars(results.histogram), context["mode_param"]
                )
            ),
            histogram=_histogram_svg(bars),
        )
    name = "_results.html" if _is_fragment(request, "results") else "search.html"
    return templates.TemplateResponse(request, name, context)


def _bar_links(
    q: str, sort: str, bars: list[Bar], mode: str | None = None
) -> list[tuple[Bar, str]]:
    """Each histogram bar with the link that narrows the search to its month. The link is
    written once, with a stand-in month that URL encoding leaves as it is, not once per bar (a
    search spans 300 months); an empty bar has no link."""
    stand_in = "0000-00"
    narrowed = narrow(q, "month", stand_in)
    unchanged = url_query("/search", q=q, sort=sort, mode=mode)
    pattern = (
        url_query("/search", q=narrowed, sort=sort, mode=mode) if stand_in in narrowed else None
    )
    words = set(q.split())
    links = []
    for bar in bars:
        if not bar.count:
            links.append((bar, ""))
        elif pattern is None or facet_clause("month", bar.month) in words:
            links.append((bar, unchanged))
        else:
            links.append((bar, pattern.replace(stand_in, bar.month)))
    return links


def _histogram_svg(bars: list[tuple[Bar, str]]) -> Markup:
    """The histogram's bars, as SVG. Written here, not in the template: a search spans up to
    300 months, and the template's escaping of five values a bar cost more than the search.
    Only the links need escaping (months are `YYYY-MM`, the rest numbers)."""
    if not bars:
        return Markup("")
    width = f"{max(100 / len(bars) * 0.85, 0.05):.3f}"
    escaped: dict[str, str] = {}
    out = []
    for bar, url in bars:
        if not bar.count:
            continue
        href = escaped.get(url)
        if href is None:
            href = escaped[url] = str(escape(url))
        out.append(
            f'<a href="{href}"><rect x="{bar.x:.3f}" y="{20 - 20 * bar.height:.3f}"'
            f' width="{width}" height="{20 * bar.height:.3f}"><title>{bar.month}:'
            f" {bar.count}</title></rect></a>"
        )
    return Markup("".join(out))


FACET_ORDER = ("classification", "caption", "year", "month", "origin", "tag")
FACET_TITLES = {
    "classification": "Classification",
    "caption": "Captions",
    "year": "Year",
    "month": "Month",
    "origin": "Origin",
    "tag": "TAGS",
}


@dataclass(frozen=True, slots=True)
class FacetLink:
    value: str
    count: int
    active: bool
    url: str


@dataclass(frozen=True, slots=True)
class FacetGroup:
    """One facet of the search page. Objects, not dicts: the template reads `f.name`, which
    on a dict costs Jinja a raised AttributeError first (hundreds a page)."""

    name: str
    title: str
    items: tuple[FacetLink, ...]


def _facet_links(q: str, sort: str, facets: Facets, mode: str | None = None) -> list[FacetGroup]:
    """Each facet's values with the link that adds (or, when active, removes) it."""
    out = []
    refiner = Refiner(q)
    for name in FACET_ORDER:
        values = facets.get(name, ())
        if name == "month":
            values = tuple(sorted(values, key=lambda v: -v[1])[:12])
        items = []
        for value, count in values:
            query, active = refiner.refine(name, value)
            url = url_query("/search", q=query, sort=sort, mode=mode)
            items.append(FacetLink(value, count, active, url))
        if items:
            out.append(FacetGroup(name, FACET_TITLES[name], tuple(items)))
    return out


# --- browse --------------------------------------------------------------------------------


# "No cable ... 'X'": how a browse page that lists nothing says so.
NONE_IN: dict[str, str] = {
    "origin": "comes from",
    "tag": "is tagged",
    "classification": "is classified",
    "year": "was created in",
    "month": "was created in",
    "released": "was released on",
}


def _dimension(name: str) -> Dimension:
    if name not in DIMENSIONS:
        raise HTTPException(
            404, f"Cannot browse by {_shown(name)}; browse by {', '.join(DIMENSIONS)}."
        )
    return name


def warm(pool: ArchivePool, overview: OverviewCache) -> None:
    """Load (or, when the last ingest did not store it, count) the archive's overview, so
    that no visitor waits for it; run on a thread when the server starts. A damaged
    archive is left to the pages, which say so (503): nothing to warm."""
    with pool.borrow() as a, contextlib.suppress(sqlite3.DatabaseError):
        overview.get(a)


@router.get("/browse")
def browse_index(request: Request) -> Response:
    context = {"q": "", "dimensions": DIMENSION_TITLES}
    return templates.TemplateResponse(request, "browse_index.html", context)


@router.get("/browse/{name}")
def browse_groups(a: Lent, request: Request, name: str) -> Response:
    dimension = _dimension(name)
    groups = [tuple(g) for g in request.app.state.overview.get(a)["groups"][dimension]]
    context = {
        "q": "",
        "dimension": dimension,
        "title": DIMENSION_TITLES[dimension],
        "groups": groups,
        "most": max((n for _, n in groups), default=1),
    }
    return templates.TemplateResponse(request, "browse_groups.html", context)


# Browse values may hold slashes (SECRET//NOFORN), hence the path converter.
@router.get("/browse/{name}/{value:path}")
def browse_cables(
    a: Lent, request: Request, name: str, value: str, page: str | None = None
) -> Response:
    dimension = _dimension(name)
    number = _page_number(page)
    paging = Paging(number, BROWSE_PER_PAGE, 0)
    # The overview has counted every group: counting PREL's 186,074 cables again costs a
    # cold server a third of a second.
    known = dict(request.app.state.overview.get(a)["groups"][dimension]).get(value)
    found = a.cables_in(dimension, value, limit=BROWSE_PER_PAGE, offset=paging.offset, total=known)
    paging = Paging(number, BROWSE_PER_PAGE, found.total)
    if found.total == 0:
        raise HTTPException(404, f"No cable {NONE_IN[dimension]} {_shown(value)}.")
    if not paging.exists:
        raise HTTPException(
            404, f"There is no page {number}: {found.total:,} cables make {paging.pages:,} page(s)."
        )
    search = f"released:{value}" if dimension == "released" else facet_clause(dimension, value)
    context = {
        "q": "",
        "dimension": dimension,
        "title": DIMENSION_TITLES[dimension],
        "value": value,
        "page": found,
        "paging": paging,
        "search": search,
    }
    return templates.TemplateResponse(request, "browse_cables.html", context)
