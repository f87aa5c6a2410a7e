"""The people's tables: every name's person, each person's record and cables.

The names are written by the ingest with each cable (`names`: one row a cable, its names as
JSON, people/extract.py); grouping them into people needs the whole archive, so the people
are computed anew at the end of each ingest that changed the archive and after each
enrichment, like the reference graph: read on a connection of its own (`compute_apart`),
written in one transaction (`store`), stamped with the archive's generation so that readers
can tell when they are behind.

The names are grouped by what the rules read of them (spelling, role, title, post, year), not
one by one: the 1.9 million names of the scale corpus are some 300,000 such keys. What the
grouping gives is kept as compactly: each cable's people in one row (`cable_people`), each
person's cables in each role in one row (`person_cables`).
"""

from __future__ import annotations

import gc
import json
import re
import sqlite3
import time
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import orjson
import zstandard

from cablearchive.people.enrichment import FIRST_NAMES
from cablearchive.people.grouping import ROLES, Observation, Person, Role, group_people
from cablearchive.people.names import PersonName, fold, read_name
from cablearchive.reference.people import titles
from cablearchive.store import browse
from cablearchive.store.codec import ZSTD_MAGIC, Unpacker
from cablearchive.store.connections import read_apart, writing

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A name as the readers below see it: [role, written, title, paragraph, start, end, source].
Name = list[Any]
ROLE, WRITTEN, TITLE, PARAGRAPH, START, END, SOURCE = range(7)
# As stored, a role is its first letter and the values at the end that are empty are left
# out (`["s","ORDWAY"]`, `["m","Nazarbayev","President",5,1426,1436]`): a quarter less.
_ROLE_OF = {r[0]: r for r in ROLES}
_EMPTY: tuple[Any, ...] = ("", None, None, None, None, None, "")


def names_data(rows: Iterable[Sequence[Any]], source: str = "") -> bytes | None:
    """The `names` row of a cable's names (people/extract.py's rows, `source` theirs), None
    for none; compressed by the ingest's workers (store/codec.py, Packer.pack_names)."""
    data = []
    for row in rows:
        item = [row[0][0], *row[1:], source]
        while len(item) > 2 and item[-1] in ("", None):
            item.pop()
        data.append(item)
    return orjson.dumps(data) if data else None


def _stored_names(data: bytes | str, unpacker: Unpacker) -> list[list[Any]]:
    """A `names` row's names as stored (role letters, empty values left out)."""
    raw = unpacker.frame_bytes(data) if isinstance(data, bytes) and data[:4] == ZSTD_MAGIC else data
    return cast(list[list[Any]], orjson.loads(raw))


def names_of_row(data: bytes | str, unpacker: Unpacker) -> list[Name]:
    """The names of a `names` row, each with its seven values."""
    names = []
    for item in _stored_names(data, unpacker):
        name = [*item, *_EMPTY[len(item) :]]
        name[ROLE] = _ROLE_OF.get(name[ROLE], name[ROLE])
        names.append(name)
    return names


@dataclass(frozen=True, slots=True)
class PeopleState:
    generation: int  # the archive's generation when the people were grouped
    enriched: int  # cables a model had read then
    computed_at: str
    seconds: float
    people: int
    names: int
    current: bool  # nothing changed since

    def to_dict(self) -> dict[str, object]:
        return {
            "generation": self.generation,
            "enriched": self.enriched,
            "computed_at": self.computed_at,
            "seconds": self.seconds,
            "people": self.people,
            "names": self.names,
            "current": self.current,
        }


# (written, role, title, post, year): what the rules read of a name beside its spelling.
Key = tuple[str, str, str, str, str]


@dataclass(slots=True)
class Grouped:
    """The people of an archive, computed and not yet stored."""

    generation: int
    enriched: int
    people: list[Person]
    # Each cable with names: (id, created, the person number of each name (0: nobody), the
    # first letter of each name's role); arrays and strings, as there are two million names.
    cables: list[tuple[str, str, array[int], str]] = field(default_factory=list)
    names: int = 0
    seconds: float = 0.0
    rows: Rows | None = None  # the tables' rows, made by `compute`


def compute_apart(database: Path) -> Grouped:
    """`compute` on a read-only connection of its own (the end of an ingest runs it on another
    thread, beside the reference graph and the read indexes)."""
    return read_apart(database, compute)


def rows_apart(database: Path | str) -> Grouped:
    """`compute_apart` for another process (a bulk load's end, `Archive.ingest`): the people
    without their objects, their tables' rows being all that `store` needs and all that need
    cross back between the processes."""
    grouped = compute_apart(Path(database))
    grouped.people = []
    return grouped


def compute(conn: sqlite3.Connection) -> Grouped:
    """Read every name of the archive and group them into people (nothing written)."""
    with _no_cycle_collection():
        return _compute(conn)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off for a while: the grouping makes millions of objects (its
    keys, observations and arrays) and none in a cycle, and the collector, run every 700 made,
    walked all of those alive again and again: nearly a third of the grouping's time at
    Cablegate's scale (23-26 s against 15-20 s in one process, three runs each). Objects are
    still freed as they are let go. Process-wide, for as long as the grouping runs (seconds)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _compute(conn: sqlite3.Connection) -> Grouped:
    started = time.perf_counter()
    generation = browse.generation(conn)
    enriched = _enriched(conn)
    key_numbers: dict[Key, int] = {}
    counts: list[int] = []
    firsts: list[str] = []
    cables: list[tuple[str, str, array[int], str]] = []
    names = 0
    # In the order of ids, so that a key's first cable is the first seen (the rows as stored:
    # a loop of 1.9 million names, kept to dictionary lookups).
    rows = conn.execute(
        "SELECT n.cable_id, c.origin, c.created, n.data FROM names n"
        " JOIN cables c ON c.id = n.cable_id ORDER BY n.cable_id"
    )
    unpacker = Unpacker.of(conn)
    for cable_id, origin, created, data in rows:
        post, year = origin or "", (created or "")[:4]
        numbers = array("i")
        letters = []
        for item in _stored_names(data, unpacker):
            role = _ROLE_OF.get(item[0], item[0])
            key = (item[1], role, item[2] or "" if len(item) > 2 else "", post, year)
            number = key_numbers.get(key)
            if number is None:
                number = key_numbers[key] = len(counts)
                counts.append(0)
                firsts.append(cable_id)
            counts[number] += 1
            numbers.append(number)
            letters.append(role[0])
        names += len(numbers)
        cables.append((cable_id, created or "", numbers, "".join(letters)))
    title_words = frozenset(titles())
    read: dict[str, PersonName | None] = {}  # names repeat: each spelling read once
    observations: dict[int, Observation] = {}
    for (written, role, title, post, year), number in key_numbers.items():
        if written not in read:
            read[written] = read_name(written, title_words)
        person_name = read[written]
        if person_name is not None:
            observations[number] = Observation(
                person_name,
                cast(Role, role),
                firsts[number],
                post or None,
                int(year) if year.isdigit() else None,
                title or None,
                counts[number],
            )
    people = group_people(observations.values())
    person_of_key = [0] * len(counts)
    number_of = {id(o): n for n, o in observations.items()}
    for person_number, person in enumerate(people, 1):
        for o in person.observations:
            person_of_key[number_of[id(o)]] = person_number
    to_person = person_of_key.__getitem__
    for _cable_id, _created, numbers, _roles in cables:
        numbers[:] = array("i", map(to_person, numbers))  # in C: 2 million names
    grouped = Grouped(generation, enriched, people, cables, names)
    grouped.rows = _rows(grouped)
    grouped.cables = []  # what the rows hold now: the memory back before the writer needs it
    grouped.seconds = time.perf_counter() - started
    return grouped


def _rows(grouped: Grouped) -> Rows:
    """The rows of the people's tables (made where the grouping runs, on its own thread at an
    ingest's end, so that the writer only writes them)."""
    # Each person's cables by role, newest first (as places in the cables newest first:
    # integers, where pairs of strings for 1.3 million links took a tenth of a gigabyte).
    cables = grouped.cables
    read: dict[str, list[str]] = {}  # the words of each spelling (`_words_of`)
    packer = zstandard.ZstdCompressor(level=3)  # this thread's, for the long lists of ids
    newest = sorted(range(len(cables)), key=lambda i: (cables[i][1], cables[i][0]), reverse=True)
    place = array("i", [0]) * len(newest)
    for rank, i in enumerate(newest):
        place[i] = rank
    by_role: dict[tuple[int, str], array[int]] = {}
    for i, (_cable_id, _created, persons, letters) in enumerate(grouped.cables):
        for pair in set(zip(persons, letters, strict=True)):
            if pair[0]:
                by_role.setdefault(pair, array("i")).append(place[i])
    ids = [grouped.cables[i][0] for i in newest]
    created = [grouped.cables[i][1] for i in newest]
    per_person: dict[int, list[tuple[str, array[int]]]] = defaultdict(list)
    for (person, letter), ranks in by_role.items():
        per_person[person].append((_ROLE_OF[letter], array("i", sorted(ranks))))
    counts: dict[int, tuple[Any, ...]] = {}
    for person, roles in per_person.items():
        everyone = set().union(*(r for _, r in roles))
        dated = [created[r] for r in everyone if created[r]]
        by_name = dict((role, len(r)) for role, r in roles)
        counts[person] = (
            len(everyone),
            *(by_name.get(r, 0) for r in ROLES),
            min(dated) if dated else None,
            max(dated) if dated else None,
        )
    return Rows(
        people=[
            (
                n,
                p.key,
                p.name,
                p.surname,
                *counts.get(n, (0, 0, 0, 0, 0, None, None)),
                _compact(_detail(p)),
            )
            for n, p in enumerate(grouped.people, 1)
        ],
        words=sorted({(w, n) for n, p in enumerate(grouped.people, 1) for w in _words_of(p, read)}),
        cables=sorted((c, _compact(list(persons))) for c, _d, persons, _r in grouped.cables),
        person_cables=sorted(
            (person, role, _packed_ids([ids[r] for r in ranks], packer))
            for person, roles in per_person.items()
            for role, ranks in roles
        ),
    )


@dataclass(frozen=True, slots=True)
class Rows:
    people: list[tuple[Any, ...]]
    words: list[tuple[str, int]]
    cables: list[tuple[str, str]]
    person_cables: list[tuple[int, str, str | bytes]]


def store(conn: sqlite3.Connection, grouped: Grouped) -> PeopleState:
    """Replace the stored people by `grouped`, in one transaction."""
    started = time.perf_counter()
    rows = grouped.rows or _rows(grouped)
    with writing(conn):
        for table in ("people", "cable_people", "person_cables", "person_words"):
            conn.execute(f"DELETE FROM {table}")
        conn.executemany(
            "INSERT INTO people (id, key, name, surname, cables, signer, classifier, tagged,"
            " mentioned, first, last, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows.people,
        )
        conn.executemany("INSERT INTO person_words (word, person) VALUES (?, ?)", rows.words)
        conn.executemany("INSERT INTO cable_people (cable_id, persons) VALUES (?, ?)", rows.cables)
        conn.executemany(
            "INSERT INTO person_cables (person, role, cables) VALUES (?, ?, ?)",
            rows.person_cables,
        )
        seconds = grouped.seconds + time.perf_counter() - started
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        conn.execute(
            "INSERT OR REPLACE INTO people_state (id, generation, enriched, computed_at, seconds,"
            " people, names) VALUES (1, ?, ?, ?, ?, ?, ?)",
            (
                grouped.generation,
                grouped.enriched,
                now,
                round(seconds, 3),
                len(rows.people),
                grouped.names,
            ),
        )
    state = people_state(conn)
    assert state is not None
    return state


def _compact(values: list[Any] | dict[str, Any]) -> str:
    return orjson.dumps(values).decode("utf-8")  # no spaces: a tenth of these tables


# Lists of ids longer than this are kept as zstd frames: ids share their years and posts, and
# a list compresses to a third (person_cables is then a tenth of the people's share of an
# archive's size, not a quarter).
_PACKED_FROM = 256


def _packed_ids(ids: list[str], packer: zstandard.ZstdCompressor) -> str | bytes:
    """`ids` as stored; `packer`: the caller's compressor, one a thread (zstd's objects are
    not for two threads at once)."""
    data = _compact(ids)
    if len(data) <= _PACKED_FROM:
        return data
    return packer.compress(data.encode("utf-8"))


def _ids(stored: str | bytes) -> list[str]:
    if isinstance(stored, bytes):
        return cast(list[str], orjson.loads(zstandard.ZstdDecompressor().decompress(stored)))
    return cast(list[str], orjson.loads(stored))


def people_state(conn: sqlite3.Connection) -> PeopleState | None:
    row = conn.execute(
        "SELECT generation, enriched, computed_at, seconds, people, names FROM people_state"
    ).fetchone()
    if row is None:
        return None
    generation, enriched, computed_at, seconds, count, names = row
    current = generation == browse.generation(conn) and enriched == _enriched(conn)
    return PeopleState(generation, enriched, computed_at, seconds, count, names, current)


def _enriched(conn: sqlite3.Connection) -> int:
    """How many cables a model has read: a new enrichment changes it, and the people with it."""
    return int(conn.execute("SELECT count(*) FROM enrichments").fetchone()[0])


def _detail(person: Person) -> dict[str, Any]:
    """What a person's page lists beside the counts: spellings, titles and posts with years."""
    spellings: Counter[str] = Counter()
    titles_seen: dict[str, list[int]] = defaultdict(list)
    posts: dict[str, list[int]] = defaultdict(list)
    post_names: Counter[str] = Counter()
    for o in person.observations:
        spellings[o.name.written] += o.count
        if o.title and o.year is not None:
            titles_seen[o.title].append(o.year)
        elif o.title:
            titles_seen.setdefault(o.title, [])
        if o.post:
            post_names[o.post] += o.count
            if o.year is not None:
                posts[o.post].append(o.year)
    return {
        "given": list(person.given),
        "spellings": [[s, n] for s, n in sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))],
        "titles": [
            [t, min(ys) if ys else None, max(ys) if ys else None]
            for t, ys in sorted(titles_seen.items())
        ],
        "posts": [
            [p, min(posts[p]) if posts[p] else None, max(posts[p]) if posts[p] else None, n]
            for p, n in sorted(post_names.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }


def _words_of(person: Person, read: dict[str, list[str]]) -> set[str]:
    """The folded words `person:` may name this person by: its name and every spelling
    (`read`: the words of spellings read before, kept by the caller; a spelling is seen in
    many posts and years, 442,000 observations of 15,000 spellings at Cablegate's scale)."""
    found: set[str] = set()
    for text in (person.name, *(o.name.written for o in person.observations)):
        known = read.get(text)
        if known is None:
            known = read[text] = words(text)
        found.update(known)
    return found


def words(text: str) -> list[str]:
    """The folded words of a name or a query: `John M. Ordway` -> JOHN, M, ORDWAY."""
    return [fold(w) for w in _WORD.findall(text)]


def person_numbers(conn: sqlite3.Connection, text: str, *, prefix: bool = False) -> list[int]:
    """The people every word of `text` names (the last as a prefix with `prefix`)."""
    found: set[int] | None = None
    ws = words(text)
    for i, word in enumerate(ws):
        if prefix and i == len(ws) - 1:
            rows = conn.execute(
                "SELECT DISTINCT person FROM person_words WHERE word >= ? AND word < ?",
                (word, word + "\uffff"),
            )
        else:
            rows = conn.execute("SELECT person FROM person_words WHERE word = ?", (word,))
        these = {int(r[0]) for r in rows}
        found = these if found is None else found & these
        if not found:
            return []
    return sorted(found or ())


def cables_of(conn: sqlite3.Connection, people: Iterable[int], role: str | None) -> list[str]:
    """The cables of `people` (in `role`, or any)."""
    sql = "SELECT cables FROM person_cables WHERE person IN (SELECT value FROM json_each(?))"
    params: list[Any] = [json.dumps(list(people))]
    if role is not None:
        sql += " AND role = ?"
        params.append(role)
    found: set[str] = set()
    for (cables,) in conn.execute(sql, params):
        found.update(_ids(cables))
    return sorted(found)


# --- reading ----------------------------------------------------------------------------------

_SUMMARY = "p.key, p.name, p.cables, p.signer, p.classifier, p.tagged, p.mentioned, p.first, p.last"


@dataclass(frozen=True, slots=True)
class PersonSummary:
    key: str
    name: str
    cables: int  # distinct cables, any role
    signer: int  # cables in each role
    classifier: int
    tagged: int
    mentioned: int
    first: str | None
    last: str | None

    @property
    def roles(self) -> dict[str, int]:
        counts = (self.signer, self.classifier, self.tagged, self.mentioned)
        return {role: n for role, n in zip(ROLES, counts, strict=True) if n}

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "cables": self.cables,
            "roles": self.roles,
            "first": self.first,
            "last": self.last,
        }


@dataclass(frozen=True, slots=True)
class PersonRecord:
    summary: PersonSummary
    given: tuple[str, ...]
    spellings: tuple[tuple[str, int], ...]  # most frequent first
    titles: tuple[tuple[str, int | None, int | None], ...]  # title, first and last year
    posts: tuple[tuple[str, int | None, int | None, int], ...]  # post, years, names there
    months: tuple[tuple[str, str, int], ...]  # (YYYY-MM, role, cables)
    together: tuple[tuple[PersonSummary, int], ...]  # named in the same cables, most first

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.summary.to_dict(),
            "given": list(self.given),
            "spellings": [[s, n] for s, n in self.spellings],
            "titles": [{"title": t, "first": a, "last": b} for t, a, b in self.titles],
            "posts": [{"post": p, "first": a, "last": b, "names": n} for p, a, b, n in self.posts],
            "months": [{"month": m, "role": r, "cables": n} for m, r, n in self.months],
            "together": [{**p.to_dict(), "shared": n} for p, n in self.together],
        }


def _summary(row: tuple[Any, ...]) -> PersonSummary:
    return PersonSummary(*row[:9])


def list_people(
    conn: sqlite3.Connection,
    text: str | None = None,
    *,
    role: str | None = None,
    post: str | None = None,
    year: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[PersonSummary]]:
    """People (whose names hold the words of `text`; with cables in `role`, from `post`, in
    `year`), the most present first, and how many there are in all."""
    where: list[str] = []
    params: list[Any] = []
    if text:
        numbers = person_numbers(conn, text, prefix=True)
        where.append("p.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(numbers))
    if role is not None:
        where.append(f"p.{_role_column(role)} > 0")
    if post or year:
        where.append("p.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(_people_at(conn, post, year, role)))
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    total = int(conn.execute(f"SELECT count(*) FROM people p{clause}", params).fetchone()[0])
    order = f"p.{_role_column(role)} DESC, " if role else ""
    rows = conn.execute(
        f"SELECT {_SUMMARY} FROM people p{clause} ORDER BY {order}p.cables DESC, p.key"
        " LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return total, [_summary(r) for r in rows]


def _role_column(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"no such role {role!r}: one of {', '.join(ROLES)}")
    return role


def _cables_where(post: str | None, year: str | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if post:
        clauses.append("c.origin = ?")
        params.append(post)
    if year:
        clauses.append("c.created >= ? AND c.created < ?")
        params.extend([f"{year}-", f"{int(year) + 1}-"])
    return " AND ".join(clauses), params


def _people_at(
    conn: sqlite3.Connection, post: str | None, year: str | None, role: str | None
) -> list[int]:
    """The people of the cables from `post` in `year` (in `role` there)."""
    inner, params = _cables_where(post, year)
    rows = conn.execute(
        "SELECT n.data, cp.persons FROM cables c JOIN names n ON n.cable_id = c.id"
        f" JOIN cable_people cp ON cp.cable_id = c.id WHERE {inner}",
        params,
    )
    found: set[int] = set()
    unpacker = Unpacker.of(conn)
    for data, persons in rows:
        for name, person in zip(names_of_row(data, unpacker), json.loads(persons), strict=False):
            if person and (role is None or name[ROLE] == role):
                found.add(person)
    return sorted(found)


def person_record(conn: sqlite3.Connection, key: str, together: int = 15) -> PersonRecord | None:
    row = conn.execute(f"SELECT {_SUMMARY}, p.id, p.detail FROM people p WHERE p.key = ?", (key,))
    found = row.fetchone()
    if found is None:
        return None
    number, detail = int(found[9]), json.loads(found[10])
    months: list[tuple[str, str, int]] = []
    mine: set[str] = set()
    for role, cables in conn.execute(
        "SELECT role, cables FROM person_cables WHERE person = ? ORDER BY role", (number,)
    ):
        ids = _ids(cables)
        mine.update(ids)
        months += [
            (str(m), str(role), int(n))
            for m, n in conn.execute(
                "SELECT substr(c.created, 1, 7), count(*) FROM cables c"
                " WHERE c.id IN (SELECT value FROM json_each(?)) AND c.created IS NOT NULL"
                " GROUP BY 1",
                (json.dumps(ids),),
            )
        ]
    months.sort()
    shared = conn.execute(
        "SELECT j.value, count(DISTINCT cp.cable_id) AS n FROM cable_people cp,"
        " json_each(cp.persons) j WHERE cp.cable_id IN (SELECT value FROM json_each(?))"
        " AND j.value NOT IN (0, ?) GROUP BY j.value ORDER BY n DESC, j.value LIMIT ?",
        (json.dumps(sorted(mine)), number, together),
    ).fetchall()
    others = _summaries_by_number(conn, [int(r[0]) for r in shared])
    return PersonRecord(
        _summary(found),
        tuple(detail["given"]),
        tuple((s, n) for s, n in detail["spellings"]),
        tuple((t, a, b) for t, a, b in detail["titles"]),
        tuple((p, a, b, n) for p, a, b, n in detail["posts"]),
        tuple(months),
        tuple((others[int(p)], int(n)) for p, n in shared if int(p) in others),
    )


def _summaries_by_number(conn: sqlite3.Connection, numbers: list[int]) -> dict[int, PersonSummary]:
    rows = conn.execute(
        f"SELECT {_SUMMARY}, p.id FROM people p WHERE p.id IN (SELECT value FROM json_each(?))",
        (json.dumps(numbers),),
    )
    return {int(r[9]): _summary(r) for r in rows}


def person_cable_ids(
    conn: sqlite3.Connection, key: str, role: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[int, list[tuple[str, tuple[str, ...]]]]:
    """A person's cables newest first, each with the person's roles in it, and their number
    (with `role`, the cables in that role)."""
    rows = conn.execute(
        "SELECT pc.role, pc.cables FROM person_cables pc JOIN people p ON p.id = pc.person"
        " WHERE p.key = ? ORDER BY pc.role",
        (key,),
    ).fetchall()
    roles_of: dict[str, list[str]] = defaultdict(list)
    for each, cables in sorted(rows, key=lambda r: ROLES.index(r[0])):
        for cable_id in _ids(cables):
            roles_of[cable_id].append(each)
    if role is not None:
        _role_column(role)
        roles_of = {c: r for c, r in roles_of.items() if role in r}
    created = dict(
        conn.execute(
            "SELECT id, coalesce(created, '') FROM cables WHERE id IN"
            " (SELECT value FROM json_each(?))",
            (json.dumps(list(roles_of)),),
        ).fetchall()
    )
    ordered = sorted(roles_of, key=lambda c: (created.get(c, ""), c), reverse=True)
    page = ordered[offset : offset + limit]
    return len(ordered), [(c, tuple(roles_of[c])) for c in page]


def people_of_cable(conn: sqlite3.Connection, cable_id: str) -> list[dict[str, Any]]:
    """The `people` of a cable's record: one entry per person and role, in the order the
    cable first names them, with the spellings it uses and where its mentions stand."""
    row = conn.execute("SELECT data FROM names WHERE cable_id = ?", (cable_id,)).fetchone()
    if row is None:
        return []
    names = names_of_row(row[0], Unpacker.of(conn))
    grouped = conn.execute(
        "SELECT persons FROM cable_people WHERE cable_id = ?", (cable_id,)
    ).fetchone()
    persons = json.loads(grouped[0]) if grouped is not None else []
    persons += [0] * (len(names) - len(persons))  # names a model added since the grouping
    known = {
        int(r[0]): (str(r[1]), str(r[2]))
        for r in conn.execute(
            "SELECT id, key, name FROM people WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(persons))),),
        )
    }
    numbers = dict(
        conn.execute("SELECT position, number FROM paragraphs WHERE cable_id = ?", (cable_id,))
    )
    entries: dict[tuple[str, str], dict[str, Any]] = {}
    for name, person in zip(names, persons, strict=False):
        role, written, title, par, start, end, source = name
        key, shown = known.get(person, (None, written))
        entry = entries.get((key or f"?{written}", role))
        if entry is None:
            entry = entries[(key or f"?{written}", role)] = {
                "key": key,
                "name": shown,
                "role": role,
                "spellings": [],
                "paragraph": numbers.get(par) if par is not None else None,
                "titles": [],
                "mentions": [],
                "sources": [],
            }
        if written not in entry["spellings"]:
            entry["spellings"].append(written)
        if title and title not in entry["titles"]:
            entry["titles"].append(title)
        origin = _origin(source)
        if origin not in entry["sources"]:
            entry["sources"].append(origin)
        if par is not None:
            entry["mentions"].append(
                {
                    "paragraph": numbers.get(par),
                    "paragraph_position": par,
                    "start": start,
                    "end": end,
                    "written": written,
                    "source": origin,
                }
            )
    return list(entries.values())


def top_people(
    conn: sqlite3.Connection, cable_ids: list[str], limit: int = 10
) -> list[tuple[PersonSummary, int]]:
    """The people named in most of `cable_ids`, with how many of them name each."""
    rows = conn.execute(
        "SELECT j.value, count(DISTINCT cp.cable_id) AS n FROM cable_people cp,"
        " json_each(cp.persons) j WHERE cp.cable_id IN (SELECT value FROM json_each(?))"
        " AND j.value != 0 GROUP BY j.value ORDER BY n DESC, j.value LIMIT ?",
        (json.dumps(cable_ids), limit),
    ).fetchall()
    found = _summaries_by_number(conn, [int(r[0]) for r in rows])
    return [(found[int(p)], int(n)) for p, n in rows if int(p) in found]


def people_rows(conn: sqlite3.Connection, numbers: list[int] | None) -> Iterator[dict[str, Any]]:
    """The person table (of `numbers`; all with None), flat, by key."""
    where = "" if numbers is None else " WHERE p.id IN (SELECT value FROM json_each(?))"
    params = () if numbers is None else (json.dumps(numbers),)
    sql = f"SELECT {_SUMMARY}, p.surname, p.detail FROM people p{where} ORDER BY p.key"
    for row in conn.execute(sql, params):
        s, detail = _summary(row), json.loads(row[10])
        yield {
            "key": s.key,
            "name": s.name,
            "surname": row[9],
            "given": detail["given"],
            "cables": s.cables,
            "signer": s.signer,
            "classifier": s.classifier,
            "tagged": s.tagged,
            "mentioned": s.mentioned,
            "first": s.first,
            "last": s.last,
            "spellings": [sp for sp, _ in detail["spellings"]],
            "titles": [t for t, _, _ in detail["titles"]],
            "posts": [p for p, _, _, _ in detail["posts"]],
        }


def person_cable_rows(
    conn: sqlite3.Connection, cable_ids: list[str] | None
) -> Iterator[dict[str, Any]]:
    """The person-cable table (of `cable_ids`; all with None): one row per person, cable and
    role, with the cable's spellings of the name and the paragraphs that mention it; by cable
    (streamed: the whole archive's table is a million rows)."""
    where = "" if cable_ids is None else " WHERE n.cable_id IN (SELECT value FROM json_each(?))"
    params = () if cable_ids is None else (json.dumps(cable_ids),)
    keys = dict(conn.execute("SELECT id, key FROM people"))
    sql = (
        "SELECT n.cable_id, c.created, n.data, cp.persons FROM names n"
        " JOIN cables c ON c.id = n.cable_id JOIN cable_people cp ON cp.cable_id = n.cable_id"
    )
    cursor = conn.cursor()
    unpacker = Unpacker.of(conn)
    for cable_id, created, data, persons in cursor.execute(sql + where + " ORDER BY 1", params):
        numbers = dict(
            conn.execute("SELECT position, number FROM paragraphs WHERE cable_id = ?", (cable_id,))
        )
        found: dict[tuple[int, str], dict[str, Any]] = {}
        for name, person in zip(names_of_row(data, unpacker), json.loads(persons), strict=False):
            if not person:
                continue
            row = found.setdefault(
                (person, name[ROLE]),
                {
                    "person": keys[person],
                    "cable_id": cable_id,
                    "role": name[ROLE],
                    "created": created,
                    "spellings": [],
                    "paragraphs": [],
                },
            )
            if name[WRITTEN] not in row["spellings"]:
                row["spellings"].append(name[WRITTEN])
            number = numbers.get(name[PARAGRAPH])
            if number is not None and number not in row["paragraphs"]:
                row["paragraphs"].append(number)
        yield from sorted(found.values(), key=lambda r: (r["person"], r["role"]))


def people_of_cables(conn: sqlite3.Connection, cable_ids: list[str]) -> list[int]:
    """The people named in `cable_ids`."""
    rows = conn.execute(
        "SELECT DISTINCT j.value FROM cable_people cp, json_each(cp.persons) j"
        " WHERE cp.cable_id IN (SELECT value FROM json_each(?)) AND j.value != 0",
        (json.dumps(cable_ids),),
    )
    return sorted(int(r[0]) for r in rows)


def _origin(source: str) -> str:
    """Where a name came from, in words: the parser (at ingest), the first-name rule or a
    model (`cables enrich people`)."""
    if not source:
        return "parser"
    return source if source == FIRST_NAMES else f"model {source}"
