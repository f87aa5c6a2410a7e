"""The people's tables: every name's person, each person's record and cables (SQL only).

The names are written by the ingest with each cable (`names`, people/extract.py); grouping
them into people needs the whole archive, so the people are computed anew at the end of each
ingest that changed the archive and after each enrichment, like the reference graph: read on
a connection of its own (`compute_apart`), written in one transaction (`store`), stamped with
the archive's generation so that readers can tell when they are behind.

The names are grouped by what the rules read of them (spelling, role, title, post, year), not
one by one: 2 million names of the scale corpus are some hundred thousand such keys, and the
names' persons are then written by SQLite from a table of the keys.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from cablearchive.people.grouping import Observation, Person, Role, group_people
from cablearchive.people.names import PersonName, fold, read_name
from cablearchive.reference.people import titles
from cablearchive.store import browse

ROLES: tuple[Role, ...] = ("signer", "classifier", "tagged", "mentioned")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Names of the same spelling, role, title, post and year: one observation for the rules.
_KEYS_SQL = """
SELECT n.written, n.role, coalesce(n.title, ''), coalesce(c.origin, ''),
       coalesce(substr(c.created, 1, 4), ''), count(*), min(n.cable_id)
FROM names n JOIN cables c ON c.id = n.cable_id
GROUP BY 1, 2, 3, 4, 5
"""


@dataclass(frozen=True, slots=True)
class PeopleState:
    generation: int  # the archive's generation when the people were grouped
    enriched: int  # the model's names then
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


@dataclass(slots=True)
class Grouped:
    """The people of an archive, computed and not yet stored."""

    generation: int
    enriched: int
    people: list[Person]
    # (written, role, title, post, year) -> the person's number in `people` (from 1)
    keys: list[tuple[str, str, str, str, str, int]] = field(default_factory=list)
    names: int = 0
    seconds: float = 0.0


def compute_apart(database: Path) -> Grouped:
    """`compute` on a read-only connection of its own (the end of an ingest runs it on another
    thread, beside the reference graph and the read indexes)."""
    conn = sqlite3.connect(database.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        conn.execute("BEGIN")  # one snapshot for every read below
        return compute(conn)
    finally:
        conn.close()


def compute(conn: sqlite3.Connection) -> Grouped:
    """Read every name of the archive and group them into people (nothing written)."""
    started = time.perf_counter()
    generation = browse.generation(conn)
    enriched = _enriched(conn)
    title_words = frozenset(titles())
    read: dict[str, PersonName | None] = {}  # names repeat: each spelling read once
    observations: list[Observation] = []
    keys: list[tuple[str, str, str, str, str]] = []
    names = 0
    for written, role, title, post, year, count, first in conn.execute(_KEYS_SQL):
        names += count
        if written not in read:
            read[written] = read_name(written, title_words)
        name = read[written]
        if name is None:
            continue
        observations.append(
            Observation(
                name,
                cast(Role, role),
                first,
                post or None,
                int(year) if year.isdigit() else None,
                title or None,
                count,
            )
        )
        keys.append((written, role, title, post, year))
    index = {id(o): n for n, o in enumerate(observations)}
    people = group_people(observations)
    number_of_key: list[int] = [0] * len(observations)
    for number, person in enumerate(people, 1):
        for o in person.observations:
            number_of_key[index[id(o)]] = number
    grouped = [(*k, number_of_key[n]) for n, k in enumerate(keys)]
    return Grouped(generation, enriched, people, grouped, names, time.perf_counter() - started)


def store(conn: sqlite3.Connection, grouped: Grouped) -> PeopleState:
    """Replace the stored people by `grouped`, in one transaction."""
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table in ("people", "person_names", "person_cables", "person_words"):
            conn.execute(f"DELETE FROM {table}")
        conn.executemany(
            "INSERT INTO people (id, key, name, surname, cables, signer, classifier, tagged,"
            " mentioned, detail) VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, ?)",
            (
                (n, p.key, p.name, p.surname, json.dumps(_detail(p), ensure_ascii=False))
                for n, p in enumerate(grouped.people, 1)
            ),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO person_words (word, person) VALUES (?, ?)",
            ((w, n) for n, p in enumerate(grouped.people, 1) for w in _words_of(p)),
        )
        conn.execute(
            "CREATE TEMP TABLE name_keys (written TEXT, role TEXT, title TEXT, post TEXT,"
            " year TEXT, person INTEGER, PRIMARY KEY (written, role, title, post, year))"
            " WITHOUT ROWID"
        )
        try:
            conn.executemany(
                "INSERT INTO temp.name_keys VALUES (?, ?, ?, ?, ?, ?)", sorted(grouped.keys)
            )
            conn.execute(
                "INSERT INTO person_names (cable_id, position, person)"
                " SELECT n.cable_id, n.position, k.person FROM names n"
                " JOIN cables c ON c.id = n.cable_id"
                " JOIN temp.name_keys k ON k.written = n.written AND k.role = n.role"
                " AND k.title = coalesce(n.title, '') AND k.post = coalesce(c.origin, '')"
                " AND k.year = coalesce(substr(c.created, 1, 4), '')"
            )
        finally:
            conn.execute("DROP TABLE temp.name_keys")
        conn.execute(
            "INSERT OR IGNORE INTO person_cables (person, role, cable_id, created)"
            " SELECT pn.person, n.role, n.cable_id, c.created FROM person_names pn"
            " JOIN names n ON n.cable_id = pn.cable_id AND n.position = pn.position"
            " JOIN cables c ON c.id = n.cable_id ORDER BY 1, 2, 3"
        )
        conn.execute(
            "UPDATE people SET cables = t.cables, signer = t.signer, classifier = t.classifier,"
            " tagged = t.tagged, mentioned = t.mentioned, first = t.first, last = t.last"
            " FROM (SELECT person, count(DISTINCT cable_id) AS cables,"
            " sum(role = 'signer') AS signer, sum(role = 'classifier') AS classifier,"
            " sum(role = 'tagged') AS tagged, sum(role = 'mentioned') AS mentioned,"
            " min(created) AS first, max(created) AS last"
            " FROM person_cables GROUP BY person) AS t WHERE t.person = people.id"
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
                len(grouped.people),
                grouped.names,
            ),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    state = people_state(conn)
    assert state is not None
    return state


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


def _words_of(person: Person) -> set[str]:
    """The folded words `person:` may name this person by: its name and every spelling."""
    written = [person.name, *(o.name.written for o in person.observations)]
    return {w for text in written for w in words(text)}


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
    listed = json.dumps(list(people))
    if role is None:
        sql = (
            "SELECT DISTINCT cable_id FROM person_cables"
            " WHERE person IN (SELECT value FROM json_each(?))"
        )
        return [str(r[0]) for r in conn.execute(sql, (listed,))]
    sql = (
        "SELECT DISTINCT cable_id FROM person_cables"
        " WHERE person IN (SELECT value FROM json_each(?)) AND role = ?"
    )
    return [str(r[0]) for r in conn.execute(sql, (listed, role))]


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
        inner, inner_params = _cables_where(post, year)
        role_clause = ""
        if role is not None:
            role_clause = " AND n.role = ?"
            inner_params.append(role)
        where.append(
            "p.id IN (SELECT pn.person FROM person_names pn JOIN names n"
            " ON n.cable_id = pn.cable_id AND n.position = pn.position"
            f" WHERE pn.cable_id IN (SELECT id FROM cables c WHERE {inner}){role_clause})"
        )
        params.extend(inner_params)
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


def person_record(conn: sqlite3.Connection, key: str, together: int = 15) -> PersonRecord | None:
    row = conn.execute(f"SELECT {_SUMMARY}, p.id, p.detail FROM people p WHERE p.key = ?", (key,))
    found = row.fetchone()
    if found is None:
        return None
    number, detail = int(found[9]), json.loads(found[10])
    months = conn.execute(
        "SELECT substr(created, 1, 7), role, count(*) FROM person_cables"
        " WHERE person = ? AND created IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
        (number,),
    ).fetchall()
    shared = conn.execute(
        "SELECT pn2.person, count(DISTINCT pn2.cable_id) AS n FROM person_names pn"
        " JOIN person_names pn2 ON pn2.cable_id = pn.cable_id AND pn2.person != pn.person"
        " WHERE pn.person = ? GROUP BY pn2.person ORDER BY n DESC, pn2.person LIMIT ?",
        (number, together),
    ).fetchall()
    others = _summaries_by_number(conn, [int(r[0]) for r in shared])
    return PersonRecord(
        _summary(found),
        tuple(detail["given"]),
        tuple((s, n) for s, n in detail["spellings"]),
        tuple((t, a, b) for t, a, b in detail["titles"]),
        tuple((p, a, b, n) for p, a, b, n in detail["posts"]),
        tuple((m, r, n) for m, r, n in months),
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
    """A person's cables newest first, each with the person's roles in it, and their number."""
    params: list[Any] = [key]
    role_clause = ""
    if role is not None:
        role_clause = " AND pc.role = ?"
        params.append(_role_column(role))
    base = f"FROM person_cables pc JOIN people p ON p.id = pc.person WHERE p.key = ?{role_clause}"
    total = int(conn.execute(f"SELECT count(DISTINCT pc.cable_id) {base}", params).fetchone()[0])
    rows = conn.execute(
        f"SELECT pc.cable_id, group_concat(pc.role) {base}"
        " GROUP BY pc.cable_id ORDER BY max(pc.created) DESC, pc.cable_id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return total, [(str(r[0]), tuple(str(r[1]).split(","))) for r in rows]


def people_of_cable(conn: sqlite3.Connection, cable_id: str) -> list[dict[str, Any]]:
    """The `people` of a cable's record: one entry per person and role, in the order the
    cable first names them, with the spellings it uses and where its mentions stand."""
    rows = conn.execute(
        "SELECT n.position, n.role, n.written, n.title, n.paragraph, n.start, n.end, n.source,"
        " p.key, p.name, g.number FROM names n"
        " LEFT JOIN person_names pn ON pn.cable_id = n.cable_id AND pn.position = n.position"
        " LEFT JOIN people p ON p.id = pn.person"
        " LEFT JOIN paragraphs g ON g.cable_id = n.cable_id AND g.position = n.paragraph"
        " WHERE n.cable_id = ? ORDER BY n.position",
        (cable_id,),
    ).fetchall()
    entries: dict[tuple[str, str], dict[str, Any]] = {}
    for _pos, role, written, title, par, start, end, source, key, name, number in rows:
        ident = (key or f"?{written}", role)
        entry = entries.get(ident)
        if entry is None:
            entry = entries[ident] = {
                "key": key,
                "name": name or written,
                "role": role,
                "spellings": [],
                "paragraph": number if par is not None else None,
                "titles": [],
                "mentions": [],
                "sources": [],
            }
        if written not in entry["spellings"]:
            entry["spellings"].append(written)
        if title and title not in entry["titles"]:
            entry["titles"].append(title)
        origin = "parser" if not source else f"model {source}"
        if origin not in entry["sources"]:
            entry["sources"].append(origin)
        if par is not None:
            entry["mentions"].append(
                {
                    "paragraph": number,
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
        "SELECT person, count(DISTINCT cable_id) AS n FROM person_names"
        " WHERE cable_id IN (SELECT value FROM json_each(?))"
        " GROUP BY person ORDER BY n DESC, person LIMIT ?",
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
    role, with the cable's spellings of the name and the paragraphs that mention it."""
    where = "" if cable_ids is None else " WHERE n.cable_id IN (SELECT value FROM json_each(?))"
    params = () if cable_ids is None else (json.dumps(cable_ids),)
    sql = (
        "SELECT p.key, n.cable_id, n.role, c.created,"
        " json_group_array(DISTINCT n.written), json_group_array(DISTINCT g.number)"
        " FROM names n JOIN person_names pn ON pn.cable_id = n.cable_id"
        " AND pn.position = n.position JOIN people p ON p.id = pn.person"
        " JOIN cables c ON c.id = n.cable_id"
        " LEFT JOIN paragraphs g ON g.cable_id = n.cable_id AND g.position = n.paragraph"
        f"{where} GROUP BY p.key, n.cable_id, n.role ORDER BY p.key, c.created, n.cable_id"
    )
    for key, cable_id, role, created, spellings, paragraphs in conn.execute(sql, params):
        yield {
            "person": key,
            "cable_id": cable_id,
            "role": role,
            "created": created,
            "spellings": json.loads(spellings),
            "paragraphs": [p for p in json.loads(paragraphs) if p is not None],
        }


def people_of_cables(conn: sqlite3.Connection, cable_ids: list[str]) -> list[int]:
    """The people named in `cable_ids`."""
    rows = conn.execute(
        "SELECT DISTINCT person FROM person_names"
        " WHERE cable_id IN (SELECT value FROM json_each(?))",
        (json.dumps(cable_ids),),
    )
    return sorted(int(r[0]) for r in rows)
