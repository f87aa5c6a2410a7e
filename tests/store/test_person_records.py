"""People as records on a real archive: the 528 pages of the shared Cablegate corpus sent from
Almaty, Astana and Cairo in 2006-2010, where John Ordway and Margaret Scobey sign, classify
and are named, and Hosni Mubarak is named by title. Every figure is checked against SQL over
the archive's own name rows, or against the text the name was read from."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from cablearchive.cli import main
from cablearchive.store import Archive
from cablearchive.store.archive import DATABASE
from cablearchive.store.codec import Unpacker
from cablearchive.store.people import names_of_row
from tests.shared import people_archive_folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    return people_archive_folder(tmp_path_factory, shared_dir)


@pytest.fixture(scope="module")
def archive(folder: Path) -> Archive:
    return Archive.open(folder, create=False, reader=True)


def _sql(folder: Path, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(folder / DATABASE)
    try:
        return list(conn.execute(query, params))
    finally:
        conn.close()


def _signed(folder: Path, surname: str, origin: str) -> set[str]:
    return {
        r[0]
        for r in _sql(
            folder,
            "SELECT s.cable_id FROM signers s JOIN cables c ON c.id = s.cable_id"
            " WHERE upper(s.name) = ? AND c.origin = ?",
            (surname, origin),
        )
    }


def _named(folder: Path) -> list[tuple[str, str, str, str, str, int]]:
    """Every name of the archive: (cable, origin, created, role, written, person id; 0 none),
    read from each cable's `names` row and its people's row."""
    conn = sqlite3.connect(folder / DATABASE)
    try:
        unpacker = Unpacker.of(conn)
        rows = conn.execute(
            "SELECT n.cable_id, c.origin, c.created, n.data, cp.persons FROM names n JOIN"
            " cables c ON c.id = n.cable_id JOIN cable_people cp ON cp.cable_id = n.cable_id"
        )
        return [
            (cable_id, origin, created, name[0], name[1], person)
            for cable_id, origin, created, data, persons in rows
            for name, person in zip(names_of_row(data, unpacker), json.loads(persons), strict=True)
        ]
    finally:
        conn.close()


def test_the_ingest_groups_the_people(archive: Archive, folder: Path) -> None:
    state = archive.people_state()
    assert state is not None and state.current
    named = _named(folder)
    assert state.names == len(named) > 2000
    # Every name the rules could read has its person; the people's counts are their names'.
    assert sum(1 for n in named if not n[5]) < len(named) / 100
    assert _sql(folder, "SELECT count(*) FROM people")[0][0] == state.people
    cables: dict[int, set[str]] = {}
    for cable_id, *_, person in named:
        cables.setdefault(person, set()).add(cable_id)
    counts = dict(_sql(folder, "SELECT id, cables FROM people"))
    assert counts == {p: len(c) for p, c in cables.items() if p}


def test_a_signers_surname_joins_the_one_person_at_the_post_then(
    archive: Archive, folder: Path
) -> None:
    """`SCOBEY` signs Cairo's cables; `Margaret Scobey` classifies some of them: one person."""
    signed = _signed(folder, "SCOBEY", "Embassy Cairo")
    assert len(signed) > 50
    _total, found = archive.people("scobey")
    scobey = next(p for p in found if p.key == "margaret-scobey")
    assert scobey.signer == len(signed)
    assert not [p for p in found if p.key.startswith("scobey")]  # no lone `Scobey (Cairo)`
    record = archive.person("margaret-scobey")
    assert record is not None
    assert "Embassy Cairo" in [p for p, *_ in record.posts]
    assert "Ambassador" in [t for t, *_ in record.titles]
    spellings = dict(record.spellings)
    assert spellings["Margaret Scobey"] >= 1 and spellings["SCOBEY"] >= 1
    # The months histogram counts each cable once per role.
    by_role: dict[str, int] = {}
    for _month, role, n in record.months:
        by_role[role] = by_role.get(role, 0) + n
    assert by_role == record.summary.roles


def test_ordway_signs_and_classifies_in_astana(archive: Archive, folder: Path) -> None:
    record = archive.person("john-ordway")
    assert record is not None
    signed = _signed(folder, "ORDWAY", "Embassy Astana")
    assert record.summary.signer == len(signed) > 0
    assert record.summary.classifier > 0
    assert {"ORDWAY", "John Ordway"} <= {s for s, _ in record.spellings}


def test_a_titled_mention_is_the_person_with_that_title(archive: Archive) -> None:
    """`President Mubarak` in Cairo's cables is Hosni Mubarak (titled so, and named in full),
    not his son Gamal, also named there."""
    _total, found = archive.people("mubarak")
    keys = [p.key for p in found]
    assert "hosni-mubarak" in keys
    hosni = archive.person("hosni-mubarak")
    assert hosni is not None and "President" in [t for t, *_ in hosni.titles]
    assert not [k for k in keys if k.startswith("president-mubarak-embassy-cairo")]
    # His wife, named by a first name after a title of her own (`First Lady Suzanne
    # Mubarak`), takes none of the President's mentions.
    suzanne = archive.person("suzanne-mubarak")
    assert suzanne is not None and [t for t, *_ in suzanne.titles] == ["First Lady"]
    assert "Mubarak" not in {s for s, _ in suzanne.spellings}


def test_a_records_people_point_at_their_words(archive: Archive) -> None:
    """Each mention of a cable's `people` names the paragraph and the characters it was read
    from: the paragraph's text there is the spelling."""
    total, cables = archive.person_cables("hosni-mubarak", limit=20)
    assert total >= 20
    for summary, roles in cables:
        assert roles == ("mentioned",)
        stored = archive.get(summary.id)
        assert stored is not None
        record = stored.to_dict()
        entry = next(p for p in record["people"] if p["key"] == "hosni-mubarak")
        assert entry["role"] == "mentioned" and entry["name"] == "Hosni Mubarak"
        assert entry["mentions"]
        for m in entry["mentions"]:
            paragraph = record["paragraphs"][m["paragraph_position"]]
            assert paragraph["text"][m["start"] : m["end"]] == m["written"]
            assert m["written"] in entry["spellings"] and m["source"] == "parser"
            assert paragraph["number"] == m["paragraph"]
        signer = [p for p in record["people"] if p["role"] == "signer"]
        assert [s for p in signer for s in p["spellings"]] == stored.signers


SCOBEYS = "p.surname = 'SCOBEY'"  # Margaret, and `Magaret Scobey` (sic, 10CAIRO183)
MARGARET = "p.key = 'margaret-scobey'"


@pytest.mark.parametrize(
    ("query", "people", "role"),
    [
        ('person:"Margaret Scobey"', MARGARET, None),
        ("person:scobey", SCOBEYS, None),
        ("person:scob*", SCOBEYS, None),
        ('signer:"margaret scobey"', MARGARET, "signer"),
        ('classifier:"margaret scobey"', MARGARET, "classifier"),
    ],
)
def test_person_searches_are_the_person_records(
    archive: Archive, folder: Path, query: str, people: str, role: str | None
) -> None:
    chosen = {r[0] for r in _sql(folder, f"SELECT p.id FROM people p WHERE {people}")}
    expected = {n[0] for n in _named(folder) if n[5] in chosen and (role is None or n[3] == role)}
    assert expected
    assert set(archive.matching_ids(query)) == expected


def test_signer_still_finds_the_spelling_written(archive: Archive, folder: Path) -> None:
    """`signer:scobey` is the index's own field and the person records: the same cables."""
    assert set(archive.matching_ids("signer:scobey")) == _signed(folder, "SCOBEY", "Embassy Cairo")


def test_person_and_other_fields(archive: Archive) -> None:
    both = set(archive.matching_ids('person:"hosni mubarak" AND year:2009'))
    mubarak = set(archive.matching_ids('person:"hosni mubarak"'))
    in_2009 = set(archive.matching_ids("year:2009"))
    assert both == mubarak & in_2009 and both
    assert archive.matching_ids("person:nobodyatall") == []


def test_people_listed_by_role_post_and_year(archive: Archive, folder: Path) -> None:
    total, found = archive.people(role="classifier", post="Embassy Cairo", year="2009")
    expected = len(
        {
            n[5]
            for n in _named(folder)
            if n[3] == "classifier" and n[1] == "Embassy Cairo" and n[2].startswith("2009-")
        }
    )
    assert total == expected > 0
    assert [p.classifier for p in found] == sorted((p.classifier for p in found), reverse=True)


def test_the_people_named_together(archive: Archive) -> None:
    record = archive.person("margaret-scobey")
    assert record is not None
    together = {p.key: n for p, n in record.together}
    assert together.get("hosni-mubarak", 0) > 0
    shared = set(archive.matching_ids('person:"margaret scobey"')) & set(
        archive.matching_ids('person:"hosni mubarak"')
    )
    assert together["hosni-mubarak"] == len(shared)


def test_the_people_of_search_hits(archive: Archive) -> None:
    ids = archive.matching_ids("tag:EG")
    top = archive.top_people(ids, limit=5)
    assert top and top[0][1] >= top[-1][1]
    first, n = top[0]
    assert n == len(set(ids) & set(archive.matching_ids(f"person:{first.key.split('-')[-1]}")))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_people_export(archive: Archive, folder: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"people.{fmt}"
    done = archive.export_people("tag:KZ", fmt, out)  # type: ignore[arg-type]
    assert done.links_path == tmp_path / f"people-cables.{fmt}"
    if fmt == "csv":
        with out.open(encoding="utf-8") as f:
            people = list(csv.DictReader(f))
        with done.links_path.open(encoding="utf-8") as f:
            links = list(csv.DictReader(f))
    else:
        people = pq.read_table(out).to_pylist()
        links = pq.read_table(done.links_path).to_pylist()
    assert len(people) == done.people and len(links) == done.links > 0
    kz = set(archive.matching_ids("tag:KZ"))
    assert {r["cable_id"] for r in links} <= kz
    assert {r["person"] for r in links} == {r["key"] for r in people}
    ordway = next(r for r in people if r["key"] == "john-ordway")
    spellings = ordway["spellings"]
    assert "ORDWAY" in (spellings if fmt == "parquet" else spellings.split("; "))


def test_the_cli_lists_and_shows_people(folder: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["people", "ordway", "--archive", str(folder), "--json"])
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.output)
    assert [p["key"] for p in data["people"]] == ["john-ordway"]
    shown = runner.invoke(main, ["person", "John Ordway", "--archive", str(folder)])
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("John Ordway  [john-ordway]")
    assert "Embassy Astana" in shown.output and "ORDWAY" in shown.output
    missing = runner.invoke(main, ["person", "Nobody Atall", "--archive", str(folder)])
    assert missing.exit_code == 1 and "no person" in missing.output
    record = runner.invoke(main, ["show", "08ASTANA760", "--archive", str(folder), "--json"])
    people = json.loads(record.output)["people"]
    assert {"key": "john-ordway", "role": "signer"}.items() <= people[0].items()


def test_the_people_facet_of_a_search(archive: Archive) -> None:
    facet = archive.people_facet("tag:EG", limit=5)
    ids = archive.matching_ids("tag:EG")
    assert facet.total == len(ids) == facet.counted  # fewer than PEOPLE_FACET_HITS
    assert [(p.key, n) for p, n in facet.people] == [
        (p.key, n) for p, n in archive.top_people(ids, 5)
    ]
    assert facet.to_dict()["people"][0]["hits"] == facet.people[0][1]
