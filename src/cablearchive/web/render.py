"""The template environment: where templates and static files are, and the filters pages use."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi.templating import Jinja2Templates

from cablearchive.reference.tags import tags
from cablearchive.web.reading import classification_level, portion_level

HERE = Path(__file__).parent
STATIC = HERE / "static"
HTMX = "htmx-2.0.11.min.js"
# How a reference that is not a cable is named beside it (other kinds by their own name:
# `email`, `memcon`...). A defense or intelligence message never has a cable id: it is not
# "missing" from the archive, it is of another system.
REFERENCE_KINDS = {"defense": "defense message", "intelligence": "intelligence report"}


def url_query(path: str, **params: object) -> str:
    """`path?a=1&b=2` without empty parameters, nor `page=1` (so shared URLs stay short)."""
    kept = {k: v for k, v in params.items() if v not in (None, "") and not (k == "page" and v == 1)}
    return f"{path}?{urlencode(kept)}" if kept else path


def cable_url(cable_id: str) -> str:
    return "/cable/" + quote(cable_id, safe="")


def tag_meaning(tag: str) -> str:
    found = tags().get(tag)
    if found:
        return found.meaning
    # Person tags name someone, surname first: `RICE, CONDOLEEZZA`, `BIDEN, JOSEPH R.`.
    return "a person" if ", " in tag else "not in the TAGS dictionary"


def short_date(value: str | None) -> str:
    """`2006-07-13T15:21:00Z` -> `2006-07-13 15:21`."""
    if not value:
        return "—"
    return value.replace("T", " ").removesuffix("Z")[:16].removesuffix(" 00:00")


def _environment() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    env = templates.env
    # Templates change with the package, not while it runs: no file checked at each render.
    env.auto_reload = False
    env.globals.update(
        portion_level=portion_level,
        classification_level=classification_level,
        tag_meaning=tag_meaning,
        url_query=url_query,
        cable_url=cable_url,
        htmx=HTMX,
        REFERENCE_KINDS=REFERENCE_KINDS,
    )
    env.filters["short_date"] = short_date
    env.filters["urlpart"] = lambda s: quote(str(s), safe="")
    env.filters["thousands"] = lambda n: f"{int(n):,}"
    return templates


templates = _environment()
