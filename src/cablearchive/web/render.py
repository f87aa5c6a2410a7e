"""The template environment: where templates and static files are, and the filters pages use."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi.templating import Jinja2Templates

from cablearchive.reference.tags import tags
from cablearchive.web.reading import classification_level, person_url, portion_level

HERE = Path(__file__).parent
STATIC = HERE / "static"
HTMX = "htmx-2.0.11.min.js"
# How a reference that is not a cable is named beside it (other kinds by their own name:
# `email`, `memcon`...). A defense or intelligence message never has a cable id: it is not
# "missing" from the archive, it is of another system.
# How a cable's page heads each role of its people.
PEOPLE_TITLES = {
    "signer": "Signed",
    "classifier": "Classified",
    "tagged": "In its TAGS",
    "mentioned": "Named in the text",
}
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


# What `getattr` finds on a plain dict: its methods (Jinja's `d.items` is the method).
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's environment, reading `record.subject` on a dict (records, summaries) as its key
    at once: Jinja tries the attribute first and raises an AttributeError on every such
    read (about 55 a cable page). The same values: a name that is no attribute of a dict."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is not dict:
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        elif attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _environment() -> Jinja2Templates:
    env = _Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(),
        # Templates change with the package, not while it runs: no file checked at each render.
        auto_reload=False,
    )
    templates = Jinja2Templates(env=env)
    env.globals.update(
        portion_level=portion_level,
        classification_level=classification_level,
        tag_meaning=tag_meaning,
        url_query=url_query,
        cable_url=cable_url,
        person_url=person_url,
        htmx=HTMX,
        REFERENCE_KINDS=REFERENCE_KINDS,
        PEOPLE_TITLES=PEOPLE_TITLES,
    )
    env.filters["short_date"] = short_date
    env.filters["urlpart"] = lambda s: quote(str(s), safe="")
    env.filters["thousands"] = lambda n: f"{int(n):,}"
    return templates


templates = _environment()
