"""Who wrote to whom: the network page (/network), its downloads (/network.graphml, .gexf,
.csv) and its JSON (/api/network), for the cables a query selects, in a year or all."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response

from cablearchive.graph.network import FORMATS, Network, NetworkEdge, export
from cablearchive.reference.origins import origins
from cablearchive.search.query import QueryError
from cablearchive.store import Archive
from cablearchive.store.index import IndexOutdated
from cablearchive.web.network_svg import PlacedNode, layout, render_svg
from cablearchive.web.pool import Lent
from cablearchive.web.refining import quote_value
from cablearchive.web.render import templates, url_query

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["network"])

# What the drawing shows: the posts with most cables, and the strongest links among them.
# More than MAX_* would not be readable (and the table below holds them anyway).
DEFAULT_POSTS, MAX_POSTS = 30, 100
DEFAULT_EDGES, MAX_EDGES = 80, 300
CONTENT_TYPES: dict[str, str] = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "csv": "text/csv; charset=utf-8",
}
_YEAR = re.compile(r"\d{4}")


def _year(raw: str | None) -> str | None:
    if raw is None or raw == "":
        return None
    if not _YEAR.fullmatch(raw):
        shown = raw if len(raw) <= 20 else raw[:20] + "…"
        raise HTTPException(400, f"year must be four digits (2006), not {shown!r}.")
    return raw


def _bounded(raw: str | None, default: int, most: int, what: str) -> tuple[int, str | None]:
    """`raw` as a count from 1 to `most` (`default` when absent), and a note when it was cut."""
    if raw is None or raw == "":
        return default, None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise HTTPException(400, f"{what} must be a whole number from 1 to {most}, not {raw!r}.")
    number = int(raw)
    if number < 1:
        return 1, f"{what} cut to 1 (asked for {number})"
    if number > most:
        return most, f"{what} cut to {most}, the most drawn (asked for {number:,})"
    return number, None


def _network(a: Archive, q: str, year: str | None, *, html: bool = True) -> Network:
    try:
        return a.network(q if q.strip() else None, year)
    except QueryError as e:
        raise HTTPException(
            400, f"This query cannot be read: {e}." if html else f"bad query: {e}"
        ) from None
    except IndexOutdated as e:
        raise HTTPException(503, f"Search is unavailable: {e}.") from None


# --- where a node leads ------------------------------------------------------------------------


@functools.cache
def _addresses_by_origin() -> dict[str, tuple[str, ...]]:
    """Origin name -> the addresses the origins table names it for (`Embassy Ankara` ->
    `AMEMBASSY ANKARA`): a post is written to by its address, not by its origin name."""
    found: dict[str, list[str]] = defaultdict(list)
    for address, origin in origins().items():
        found[origin].append(address)
    return {k: tuple(sorted(v)) for k, v in found.items()}


# Origin name prefix -> address prefix: the naming rules of reference/origins.py, reversed,
# for a post the table does not list.
_ADDRESS_PREFIXES = (
    ("Embassy ", "AMEMBASSY "),
    ("Consulate ", "AMCONSUL "),
    ("US Interests Section ", "USINT "),
    ("US Mission ", "USMISSION "),
    ("Mission ", "USMISSION "),
)


def addresses_of(node: str) -> tuple[str, ...]:
    """The addresses that name the addressee `node` in TO and INFO lines: an origin name's
    addresses, or the node itself (an address no rule names, kept as written)."""
    if node == "Secretary of State":
        return ("SECSTATE",)  # SECSTATE WASHDC, and plain SECSTATE
    found = set(_addresses_by_origin().get(node, ()))
    for origin_prefix, address_prefix in _ADDRESS_PREFIXES:
        if node.startswith(origin_prefix):
            found.add(address_prefix + node.removeprefix(origin_prefix).upper())
            break
    return tuple(sorted(found)) or (node,)


def node_query(q: str, year: str | None, name: str, side: str) -> str:
    """The search for the cables behind a node of the drawing: those of the page's query and
    year sent by the post (a sender) or addressed to it, TO or INFO (an addressee)."""
    if side == "source":
        clause = f"origin:{quote_value(name)}"
    else:
        alternatives = [f"to:{quote_value(a)}" for a in addresses_of(name)]
        clause = alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})"
    parts = [f"({q.strip()})"] if q.strip() else []
    parts.append(clause)
    if year:
        parts.append(f"year:{year}")
    return " ".join(parts)


# --- the page ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table: a pair of the drawing, with its cables year by year."""

    edge: NetworkEdge
    years: tuple[tuple[str, int], ...]

    @property
    def years_text(self) -> str:
        return " · ".join(f"{y} ({n:,})" for y, n in self.years)


def table_rows(shown: Network, whole: Network) -> list[Row]:
    """The shown pairs, strongest first, each with its years from the whole network."""
    years: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for e in whole.edges:
        years[(e.source, e.target)].append((e.year or "undated", e.cables))
    return [Row(e, tuple(years[(e.source, e.target)])) for e in shown.edges]


def _slug(q: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", q.lower()).strip("-")[:40].strip("-")


def file_name(q: str, year: str | None, fmt: str) -> str:
    """`network-istanbul-2009.graphml`: what the download is of, in its name."""
    parts = ["network", _slug(q), year or ""]
    return "-".join(p for p in parts if p) + "." + fmt


@router.get("/network")
def network_page(
    a: Lent,
    request: Request,
    q: str = "",
    year: str | None = None,
    posts: str | None = None,
    edges: str | None = None,
) -> Response:
    chosen = _year(year)
    n_posts, posts_note = _bounded(posts, DEFAULT_POSTS, MAX_POSTS, "posts")
    n_edges, edges_note = _bounded(edges, DEFAULT_EDGES, MAX_EDGES, "links")
    every_year = _network(a, q, None)
    whole = every_year if chosen is None else _network(a, q, chosen)
    shown = whole.top(n_posts, n_edges)
    drawn = layout(shown)
    pairs = len(whole.by_pair())
    label = f"Who wrote to whom: {len(shown.nodes)} posts and addressees, {len(shown.edges)} links"
    svg = render_svg(drawn, lambda p: _node_href(q, chosen, p), label) if shown.edges else None
    params = {"q": q.strip() or None, "year": chosen}
    context: dict[str, Any] = {
        "q": q,
        "year": chosen,
        "years": [
            (y, url_query("/network", q=q.strip(), year=y, posts=posts, edges=edges))
            for y in every_year.years()
        ],
        "all_years": url_query("/network", q=q.strip(), posts=posts, edges=edges),
        "network": whole,
        "shown": shown,
        "pairs": pairs,
        "svg": svg,
        "rows": table_rows(shown, whole),
        "notes": [n for n in (posts_note, edges_note) if n],
        "posts": n_posts,
        "edges": n_edges,
        "downloads": [(fmt, url_query(f"/network.{fmt}", **params)) for fmt in FORMATS],
        "json": url_query("/api/network", **params),
        "search": url_query("/search", q=q.strip()) if q.strip() else None,
    }
    return templates.TemplateResponse(request, "network.html", context)


def _node_href(q: str, year: str | None, p: PlacedNode) -> str:
    return url_query("/search", q=node_query(q, year, p.name, p.side))


@router.get("/network.{fmt}")
def network_download(a: Lent, fmt: str, q: str = "", year: str | None = None) -> Response:
    if fmt not in FORMATS:
        raise HTTPException(
            404, f"The network downloads as {', '.join(FORMATS)}; not as {fmt[:20]!r}."
        )
    chosen = _year(year)
    whole = _network(a, q, chosen)
    return Response(
        export(whole, fmt),  # a Format: checked against FORMATS above
        media_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{file_name(q, chosen, fmt)}"'},
    )


# --- JSON --------------------------------------------------------------------------------------


@api_router.get("/network", summary="Who wrote to whom")
def network_json(
    a: Lent,
    q: Annotated[
        str,
        Query(
            max_length=2000,
            description="A query of `cables search`: the cables counted (all when empty).",
        ),
    ] = "",
    year: Annotated[
        str | None,
        Query(pattern=r"^\d{4}$", description="Only the cables written that year (2009)."),
    ] = None,
) -> dict[str, Any]:
    """Posts (FM) and their addressees (TO, INFO) as nodes, `kind` post, addressee or
    collective, with the cables each sent and received; edges per source, target and year,
    counted in cables (TO and INFO apart). `cables`: the cables counted; `node_count`,
    `edge_count` and `pair_count` (edges summed over the years); `years`: those of the query's
    cables, whatever `year`. GraphML, GEXF and CSV: /network.graphml, .gexf, .csv."""
    whole = _network(a, q, year, html=False)
    years = whole.years() if year is None else _network(a, q, None, html=False).years()
    return {
        "query": q,
        "year": year,
        "years": list(years),
        **whole.to_dict(),
        "node_count": len(whole.nodes),
        "edge_count": len(whole.edges),
        "pair_count": len(whole.by_pair()),
    }
