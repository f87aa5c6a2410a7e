"""The people pages: everyone the archive names, browsed by role, post and year; one
person's record (names, titles, posts, a histogram of their cables by month and role, who is
named with them, their cables); and the search page's people facet, a fragment loaded after
the results so that counting people never slows a search."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

from cablearchive.people.grouping import ROLES
from cablearchive.store import Archive
from cablearchive.store.people import PersonSummary
from cablearchive.web.pages import _page_number, _shown
from cablearchive.web.people_chart import ROLE_TITLES, ROLE_VERBS, histogram_svg, month_columns
from cablearchive.web.pool import Lent, search_errors
from cablearchive.web.reading import person_url
from cablearchive.web.refining import Paging, Refiner
from cablearchive.web.render import templates, url_query

router = APIRouter(include_in_schema=False)
PEOPLE_PER_PAGE = 50
CABLES_PER_PAGE = 50
FACET_PEOPLE = 10
_YEAR = re.compile(r"\d{4}")


def checked_role(role: str | None) -> str | None:
    """The role of a request (None: any), or a 400 that lists the roles."""
    if role in (None, ""):
        return None
    if role not in ROLES:
        raise HTTPException(400, f"role must be one of {', '.join(ROLES)}, not {_shown(role)}.")
    return role


def checked_year(year: str | None) -> str | None:
    if year in (None, ""):
        return None
    if not (year.isascii() and _YEAR.fullmatch(year)):
        raise HTTPException(400, f"year must be four digits (2009), not {_shown(year)}.")
    return year


def not_grouped_note(a: Archive) -> str | None:
    """What the people pages say when the people are missing or behind the archive."""
    state = a.people_state()
    if state is None:
        return (
            "The names of this archive have not been grouped into people yet: run"
            " `cables analyse` on it, then reload this page."
        )
    if not state.current:
        return (
            f"The archive changed since its people were grouped ({state.computed_at}): run"
            " `cables analyse` to count the new cables in."
        )
    return None


@router.get("/people")
def people_page(
    a: Lent,
    request: Request,
    q: str = "",
    role: str | None = None,
    post: str | None = None,
    year: str | None = None,
    page: str | None = None,
) -> Response:
    number = _page_number(page)
    chosen = checked_role(role)
    when = checked_year(year)
    paging = Paging(number, PEOPLE_PER_PAGE, 0)
    total, people = a.people(
        q.strip() or None,
        role=chosen,
        post=post or None,
        year=when,
        limit=PEOPLE_PER_PAGE,
        offset=paging.offset,
    )
    paging = Paging(number, PEOPLE_PER_PAGE, total)
    if total and not paging.exists:
        raise HTTPException(
            404, f"There is no page {number}: {total:,} people make {paging.pages:,} page(s)."
        )
    groups = request.app.state.overview.get(a)["groups"]
    context = {
        "q": "",
        "name": q,
        "role": chosen or "",
        "post": post or "",
        "year": when or "",
        "total": total,
        "people": people,
        "paging": paging,
        "posts": sorted(str(g[0]) for g in groups["origin"]),
        "years": [str(g[0]) for g in groups["year"]],
        "roles": ROLES,
        "role_titles": ROLE_TITLES,
        "note": not_grouped_note(a),
    }
    return templates.TemplateResponse(request, "people.html", context)


@dataclass(frozen=True, slots=True)
class RoleLink:
    role: str
    title: str
    count: int
    url: str
    active: bool


def role_links(key: str, cables: int, roles: dict[str, int], active: str | None) -> list[RoleLink]:
    """The role filter of a person's cables: all of them (`cables`, distinct: one may sign
    and classify the same cable), then each role they had."""
    base = person_url(key)
    out = [RoleLink("", "All roles", cables, base + "#cables", active is None)]
    for role in ROLES:
        if roles.get(role):
            url = url_query(base, role=role) + "#cables"
            out.append(RoleLink(role, ROLE_TITLES[role], roles[role], url, role == active))
    return out


@router.get("/person/{key}")
def person_page(
    a: Lent, request: Request, key: str, role: str | None = None, page: str | None = None
) -> Response:
    number = _page_number(page)
    chosen = checked_role(role)
    record = a.person(key)
    if record is None:
        raise HTTPException(
            404,
            f"No person {_shown(key)} in this archive. People's addresses are their names in"
            " lower case joined by hyphens (margaret-scobey); find them on /people.",
        )
    paging = Paging(number, CABLES_PER_PAGE, 0)
    total, cables = a.person_cables(key, chosen, limit=CABLES_PER_PAGE, offset=paging.offset)
    paging = Paging(number, CABLES_PER_PAGE, total)
    if total and not paging.exists:
        raise HTTPException(
            404, f"There is no page {number}: {total:,} cables make {paging.pages:,} page(s)."
        )
    summary = record.summary
    columns = month_columns(record.months)
    label = (
        f"{summary.name}'s cables by month and role, {columns[0].month} to {columns[-1].month}"
        if columns
        else ""
    )
    context = {
        "q": "",
        "p": record,
        "s": summary,
        # Their roles in each cable in the order the page names roles everywhere.
        "cables": [(c, tuple(r for r in ROLES if r in roles)) for c, roles in cables],
        "total": total,
        "paging": paging,
        "role": chosen or "",
        "role_links": role_links(key, summary.cables, summary.roles, chosen),
        "columns": [c for c in columns if c.total],
        "span": (columns[0].month, columns[-1].month) if columns else None,
        "histogram": histogram_svg(columns, label),
        "roles": ROLES,
        "role_titles": ROLE_TITLES,
        "role_verbs": ROLE_VERBS,
        "search": url_query("/search", q=f'person:"{summary.name}"'),
        "note": not_grouped_note(a),
    }
    return templates.TemplateResponse(request, "person.html", context)


@dataclass(frozen=True, slots=True)
class FacetPerson:
    person: PersonSummary
    hits: int
    url: str  # the search refined to the person (or, when active, without them)
    active: bool


def facet_people(q: str, people: tuple[tuple[PersonSummary, int], ...]) -> list[FacetPerson]:
    """Each person of the facet with the search refined by `person:"Name"`, as the other
    facets refine (and un-refine) a query."""
    refiner = Refiner(q)
    out = []
    for person, hits in people:
        query, active = refiner.refine("person", person.name)
        out.append(FacetPerson(person, hits, url_query("/search", q=query), active))
    return out


@router.get("/search/people")
def search_people(a: Lent, request: Request, q: str = "") -> Response:
    """The people facet of a search: a fragment for htmx (a page of its own without it)."""
    context: dict[str, Any] = {
        "q": q,
        "facet": None,
        "people": [],
        "fragment": request.headers.get("HX-Request") == "true",
        "note": None,
    }
    if q.strip():
        with search_errors():
            facet = a.people_facet(q, FACET_PEOPLE)
        context.update(
            facet=facet,
            people=facet_people(q, facet.people),
            note=not_grouped_note(a) if not facet.people else None,
        )
    return templates.TemplateResponse(request, "search_people.html", context)
