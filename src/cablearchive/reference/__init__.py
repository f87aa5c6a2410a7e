"""Reference tables every stage may read: CSV data in `data/` plus small typed loaders.

Each loader reads its table once (cached) and returns an immutable mapping. See README.md in
this folder for the columns and provenance of every table.
"""

from cablearchive.reference.origins import (
    normalize_address,
    origin_for_address,
    origin_from_rules,
    origins,
)
from cablearchive.reference.people import (
    OFFICE_KINDS,
    TITLE_KINDS,
    Office,
    OfficeKind,
    PersonTag,
    Title,
    TitleKind,
    given_names,
    offices,
    person_tags,
    titles,
)
from cablearchive.reference.routing import RoutingIndicator, routing_indicators, station_for_route
from cablearchive.reference.stations import (
    Station,
    malformed_ids,
    malformed_ids_without_canonical,
    nara_posts,
    station_aliases,
    station_for_key,
    station_for_written,
    station_serials,
    station_spellings,
    stations,
)
from cablearchive.reference.tags import TAG_KINDS, Tag, TagKind, tag_typos, tags

__all__ = [
    "OFFICE_KINDS",
    "TAG_KINDS",
    "TITLE_KINDS",
    "Office",
    "OfficeKind",
    "PersonTag",
    "RoutingIndicator",
    "Station",
    "Tag",
    "TagKind",
    "Title",
    "TitleKind",
    "given_names",
    "malformed_ids",
    "malformed_ids_without_canonical",
    "nara_posts",
    "normalize_address",
    "offices",
    "origin_for_address",
    "origin_from_rules",
    "origins",
    "person_tags",
    "routing_indicators",
    "station_aliases",
    "station_for_key",
    "station_for_route",
    "station_for_written",
    "station_serials",
    "station_spellings",
    "stations",
    "tag_typos",
    "tags",
    "titles",
]
