"""The reference tables the parser consults, gathered in one immutable value.

Passing a `Lookups` (instead of reading tables from inside each rule) keeps the parser pure:
tests can hand it small tables, and the default one is loaded once from `reference/`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from cablearchive import reference
from cablearchive.parse.people import NameTables


@dataclass(frozen=True)
class Lookups:
    stations: frozenset[str] = frozenset()
    # How many Cablegate ids each station has: tells a real station from a one-off misspelling.
    station_counts: Mapping[str, int] = field(default_factory=dict)
    nara_posts: Mapping[str, str] = field(default_factory=dict)
    # How cable text writes each station's place: `SANJOSE` -> `SAN JOSE`.
    station_written: Mapping[str, str] = field(default_factory=dict)
    # (station, year) -> highest serial seen that year: how far a post's numbering runs.
    station_serials: Mapping[tuple[str, int], int] = field(default_factory=dict)
    # A place as text writes it -> its station: `USEU BRUSSELS` -> `USEUBRUSSELS`.
    station_lookup: Callable[[str], str | None] = lambda _written: None
    malformed_ids: Mapping[str, str] = field(default_factory=dict)
    tag_typos: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    origin_for_address: Callable[[str], str | None] = lambda _address: None
    # FM addresses the corpus attests (`AMCONSUL SAO PAULO` -> `Consulate Sao Paulo`).
    origin_table: Mapping[str, str] = field(default_factory=dict)
    # Titles, offices, given names, person TAGS and TAGS codes: what the people rules read.
    names: NameTables = field(default_factory=NameTables)
    # Routing indicator -> the names the tables give its station (`RUEHAM` -> `AMEMBASSY
    # AMMAN`): tells whether a DE line and an FM line name the same post.
    route_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Answers of station_for_written: REF blocks ask for the same few places again and again.
    _station_memo: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    @staticmethod
    @functools.cache
    def default() -> Lookups:
        return Lookups(
            stations=frozenset(reference.stations()),
            station_counts={k: s.count for k, s in reference.stations().items()},
            nara_posts=reference.nara_posts(),
            station_written={k: s.written for k, s in reference.stations().items()},
            station_serials=reference.station_serials(),
            station_lookup=reference.station_for_written,
            malformed_ids=reference.malformed_ids(),
            tag_typos=reference.tag_typos(),
            # A few hundred addresses recur across every corpus: remember their answers.
            origin_for_address=functools.lru_cache(maxsize=8192)(reference.origin_for_address),
            origin_table=reference.origins(),
            names=_name_tables(),
            route_names={
                route: (ri.station, *ri.other_names)
                for route, ri in reference.routing_indicators().items()
            },
        )

    def station_for_written(self, written: str) -> str | None:
        """`USEU BRUSSELS` -> `USEUBRUSSELS`; None when no Cablegate station is written so."""
        memo = self._station_memo
        if written in memo:
            return memo[written]
        if len(memo) > 100_000:  # bounded: a hostile corpus cannot grow it without end
            memo.clear()
        memo[written] = answer = self.station_lookup(written)
        return answer

    def station_by_prefix(self, cut: str) -> str | None:
        """The station NARA means by a post cut short (`TELAV` -> `TELAVIV`): an exact match,
        a former name (`PEKING`), or the station starting so that has by far the most ids
        (misspelt one-off stations like `THEHAGU` start the same way)."""
        if cut in self.stations:
            return cut
        if (station := self.nara_posts.get(cut)) is not None:
            return station
        matches = sorted(
            (self.station_counts.get(s, 0), s) for s in self.stations if s.startswith(cut)
        )
        if not matches:
            return None
        if len(matches) > 1 and matches[-2][0] * 10 > matches[-1][0]:
            return None  # no clear winner: `SANT` could be Santiago or Santo Domingo
        return matches[-1][1]

    def real_station(self, code: str) -> str:
        """The station of the release an id's station means: `SECSTATE` -> `STATE`,
        `EFTOLONDON` -> `LONDON`, `RIODEJAN` -> `RIODEJANEIRO`; a station no table knows
        (`FOOBAR`) stays as written."""
        return self.station_for_written(code) or code


def _name_tables() -> NameTables:
    return NameTables(
        titles={k: t.kind for k, t in reference.titles().items()},
        offices={k: o.kind for k, o in reference.offices().items()},
        given_names=reference.given_names(),
        person_tags=frozenset(
            (p.surname, p.given.split()[0] if p.given else "")
            for p in reference.person_tags().values()
        ),
        tag_codes=frozenset(reference.tags()) | frozenset(reference.tag_typos()),
    )
