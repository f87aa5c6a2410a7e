"""The JSON API: the archive's records for programs, with the record contract of
`cables show --json` and the query language of `cables search`."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from cablearchive.graph.threads import DEFAULT_DEPTH, DEFAULT_LIMIT, MAX_DEPTH, MAX_LIMIT
from cablearchive.people.grouping import Role
from cablearchive.store import Archive, StoredCable
from cablearchive.store.archive import SearchResults
from cablearchive.store.index import Sort
from cablearchive.store.similar import SEMANTIC_DEPTH, SearchMode
from cablearchive.web.pool import Lent, search_errors
from cablearchive.web.refining import Paging, with_years

router = APIRouter(prefix="/api", tags=["cables"])
MAX_PER_PAGE = 100
MAX_PAGE = 10_000

PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page.")]
SearchSort = Annotated[
    Sort,
    Query(
        description="`relevance` (the default); `date`, oldest first, or `-date`, newest first;"
        " `cited`, most cited first (each hit's `score` is then how many cables of the archive"
        " cite it); `rank`, highest PageRank over citations first (`score`: its place, 1 the"
        " highest). Cables the graph has not ordered come after, by relevance."
    ),
]
SearchModeQuery = Annotated[
    SearchMode,
    Query(
        description="`text` (the default): the cables with the words; `semantic`: the"
        f" {SEMANTIC_DEPTH} cables nearest the meaning of the query's free words (its field"
        " filters, `tag:PTER`, still choose the cables); `hybrid`: the text and meaning"
        " rankings fused by reciprocal rank. Facets count every hit of a ranking by meaning."
    ),
]
SearchQuery = Annotated[
    str, Query(min_length=1, max_length=2000, description="A query of `cables search`.")
]


def _cable(a: Archive, cable_id: str) -> StoredCable:
    found = a.get(cable_id)
    if found is None:
        raise HTTPException(404, f"no cable {cable_id!r} in this archive")
    return found


def _paging(page: int, per_page: int, total: int) -> dict[str, int]:
    paging = Paging(page, per_page, total)
    return {"page": page, "per_page": per_page, "total": total, "pages": paging.pages}


@router.get("/cables/{cable_id}", summary="One cable's full record")
def get_cable(a: Lent, cable_id: str) -> dict[str, Any]:
    """The record of the version shown, with resolved references, backlinks and versions;
    an alias (a malformed id of the release, a NARA number) finds the cable too."""
    return _cable(a, cable_id).to_dict()


@router.get("/cables/{cable_id}/references", summary="What a cable cites")
def get_references(a: Lent, cable_id: str) -> dict[str, Any]:
    """The REF entries of a cable, each `resolved`, `missing` or `unparsed`."""
    cable = _cable(a, cable_id)
    return {
        "id": cable.id,
        "references": [
            {"label": r.label, "raw": r.raw, "kind": r.kind, "id": r.id, "status": r.status}
            for r in cable.references
        ],
    }


@router.get("/cables/{cable_id}/cited-by", summary="The cables that cite a cable")
def get_cited_by(
    a: Lent, cable_id: str, page: PageNumber = 1, per_page: PerPage = 50
) -> dict[str, Any]:
    cable = _cable(a, cable_id)
    paging = Paging(page, per_page, len(cable.cited_by))
    ids = list(cable.cited_by[paging.offset : paging.offset + per_page])
    found = a.summaries(ids)
    return {
        "id": cable.id,
        **_paging(page, per_page, len(cable.cited_by)),
        "cited_by": [found[i].to_dict() for i in ids if i in found],
    }


@router.get("/cables/{cable_id}/similar", summary="The cables most like a cable")
def get_similar(
    a: Lent, cable_id: str, limit: Annotated[int, Query(ge=1, le=100)] = 10
) -> dict[str, Any]:
    """The cables nearest this one by meaning (the archive's text model), best first, each
    with `score` (cosine) and `why`: its passage that matches this cable best (`passage`) and
    this cable's passage it matches (`matching`). None listed: `note` says why (no model
    yet, not embedded yet, or no text)."""
    found = a.similar(cable_id, limit)
    if found is None:
        raise HTTPException(404, f"no cable {cable_id!r} in this archive")
    return found.to_dict()


def _search(a: Archive, q: str, **kwargs: Any) -> SearchResults:
    with search_errors(api=True):
        results = a.search(q, **kwargs)
    if not kwargs.get("facets"):
        return results
    return replace(results, facets=with_years(results.facets))


@router.get("/search", summary="Search the archive")
def search(
    a: Lent,
    q: SearchQuery,
    page: PageNumber = 1,
    per_page: PerPage = 20,
    sort: SearchSort = "relevance",
    facets: bool = False,
    mode: SearchModeQuery = "text",
) -> dict[str, Any]:
    """Hits with highlighted snippets (HTML, words in `<b>`), and facets when asked."""
    if mode != "text" and sort != "relevance":
        raise HTTPException(400, "a search by meaning is ranked by meaning: sort needs mode text")
    offset = (page - 1) * per_page
    results = _search(a, q, limit=per_page, offset=offset, sort=sort, facets=facets, mode=mode)
    out = results.to_dict()
    if not facets:
        del out["facets"], out["histogram"], out["facets_sample"]
    out.update(_paging(page, per_page, results.total))
    return out


@router.get("/facets", summary="Facet counts of a search")
def facets(a: Lent, q: SearchQuery) -> dict[str, Any]:
    """Counts by tag, origin, classification, caption, year and month, and hits by month."""
    results = _search(a, q, limit=1, facets=True)
    out = results.to_dict()
    del out["hits"]
    return out


# --- threads and most wanted ---------------------------------------------------------------

Depth = Annotated[
    int,
    Query(
        description=f"Citations followed from the cable, either way (cut to 1..{MAX_DEPTH}"
        " with a note)."
    ),
]
Limit = Annotated[
    int,
    Query(description=f"Most cables in the thread (cut to 1..{MAX_LIMIT} with a note)."),
]


@router.get(
    "/cables/{cable_id}/thread", summary="A cable's thread: what it cites and what cites it"
)
def get_thread(
    a: Lent, cable_id: str, depth: Depth = DEFAULT_DEPTH, limit: Limit = DEFAULT_LIMIT
) -> dict[str, Any]:
    """The cables linked to a cable by citations, both ways, up to `depth` citations away and
    `limit` cables; nodes by date, ghosts (`present` false: cited, not in the archive) last;
    `notes` say which options were cut to their bounds, `truncated` that more lie beyond. A
    cable the archive cites but lacks has a thread too."""
    thread = a.thread(cable_id, depth, limit)
    if thread is None:
        raise HTTPException(404, f"the archive neither holds nor cites a cable {cable_id!r}")
    return thread.to_dict()


@router.get("/wanted", summary="The most wanted: cables cited by the archive but not in it")
def get_wanted(a: Lent, page: PageNumber = 1, per_page: PerPage = 50) -> dict[str, Any]:
    """Most cited first, each with its citing cables (the first 20 by date) and their
    origins. The whole list as CSV: `/wanted.csv`."""
    total, items = a.wanted(per_page, (page - 1) * per_page)
    return {**_paging(page, per_page, total), "items": [w.to_dict() for w in items]}


# --- people --------------------------------------------------------------------------------

RoleParam = Annotated[
    Role | None,
    Query(
        description="Only people (or cables) in this role: signer, classifier, tagged"
        " (a person TAG) or mentioned (named in the text)."
    ),
]
Limit100 = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Items returned.")]
Offset = Annotated[int, Query(ge=0, le=MAX_PAGE * MAX_PER_PAGE, description="Items skipped.")]


@router.get("/people", summary="People named in the archive", tags=["people"])
def get_people(
    a: Lent,
    q: Annotated[str | None, Query(max_length=200, description="Words of their names.")] = None,
    role: RoleParam = None,
    post: Annotated[
        str | None, Query(max_length=200, description='A cable origin: "Embassy Cairo".')
    ] = None,
    year: Annotated[
        str | None, Query(pattern=r"^\d{4}$", description="Year of their cables: 2009.")
    ] = None,
    limit: Limit100 = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """People whose names hold the words of `q` (the last word as a prefix), the most present
    first (by their cables in `role` when given); `post` and `year` keep those with cables
    from that post, of that year. `grouped`: when the names were grouped into people (null:
    never, and there are no people)."""
    total, people = a.people(
        q or None, role=role, post=post or None, year=year, limit=limit, offset=offset
    )
    state = a.people_state()
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "people": [p.to_dict() for p in people],
        "grouped": state.to_dict() if state else None,
    }


@router.get("/people/{key}", summary="One person's record and cables", tags=["people"])
def get_person(
    a: Lent, key: str, role: RoleParam = None, limit: Limit100 = 50, offset: Offset = 0
) -> dict[str, Any]:
    """The person's names, titles, posts, cables by month and role, the people named with
    them; and a page of their cables, newest first, each with the person's roles in it."""
    record = a.person(key)
    if record is None:
        raise HTTPException(404, f"no person {key!r} in this archive")
    total, cables = a.person_cables(key, role, limit=limit, offset=offset)
    return {
        **record.to_dict(),
        "cable_page": {
            "total": total,
            "limit": limit,
            "offset": offset,
            "role": role,
            "items": [{**c.to_dict(), "roles": list(roles)} for c, roles in cables],
        },
    }


@router.get("/search/people", summary="The people facet of a search", tags=["people"])
def get_search_people(
    a: Lent,
    q: SearchQuery,
    limit: Annotated[int, Query(ge=1, le=50, description="People returned.")] = 10,
) -> dict[str, Any]:
    """The people most present in the hits of `q`, with their hits; `counted` says in how many
    hits they were counted (the most relevant, when there are more than that: `total`)."""
    with search_errors(api=True):
        facet = a.people_facet(q, limit)
    return {"q": q, **facet.to_dict()}
