"""The people of a cable through the archive: who classified it, everyone who signed it, the
subject's mark, person TAGS and XMT posts, in SQLite rows, the search index, exports and
`cables show`; on real SQLite files and a real tantivy index."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from cablearchive.cli import main
from cablearchive.store import Archive
from cablearchive.store.archive import DATABASE
from tests.store.people import RICE, SECOND_SIGNER, people_cables


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Archive:
    folder = tmp_path_factory.mktemp("people") / "archive"
    archive = Archive.open(folder)
    pages = tmp_path_factory.mktemp("pages")
    summary = archive.add(people_cables(shared_dir, pages))
    assert (summary.new, summary.failed) == (3, 0)
    return archive


def ids(archive: Archive, query: str) -> list[str]:
    return sorted(h.id for h in archive.search(query, limit=50).hits)


def rows(archive: Archive, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(archive.folder / DATABASE)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def test_the_record_keeps_every_field(archive: Archive) -> None:
    cable = archive.get("06PARTO9")
    assert cable is not None
    r = cable.record
    assert r["classifier"] == {
        "name": "Arnold Chacon",
        "title": "Deputy Executive Secretary",
        "office": "S/ES, Department of State",
    }
    assert (r["signer"], r["signers"]) == ("RICE", ["RICE", SECOND_SIGNER])
    assert r["subject_classification"] == "U"
    assert RICE in r["tags"]
    info = archive.get("07SANJOSE1106").record["info"]  # type: ignore[union-attr]
    assert info[0]["xmt"] == ["USSOCOM WO WASHINGTON DC"]
    assert "xmt" not in info[1]  # only where an XMT line names posts


def test_the_query_rows_hold_the_people(archive: Archive) -> None:
    assert rows(archive, "SELECT cable_id, position, name FROM signers ORDER BY 1, 2") == [
        ("06PARTO9", 0, "RICE"),
        ("06PARTO9", 1, SECOND_SIGNER),
        ("07SANJOSE1106", 0, "LANGDALE"),  # the parser reads the signers of the other two
        ("07TUNIS1489", 0, "GODEC"),
    ]
    assert rows(
        archive,
        "SELECT id, subject_classification, classifier_name, classifier_title,"
        " classifier_office FROM cables ORDER BY id",
    ) == [
        (
            "06PARTO9",
            "U",
            "Arnold Chacon",
            "Deputy Executive Secretary",
            "S/ES, Department of State",
        ),
        ("07SANJOSE1106", None, "Laurie Weitzenkorn", "ADCM", None),
        ("07TUNIS1489", None, "Robert F. Godec", "Ambassador", None),
    ]
    assert rows(archive, "SELECT * FROM xmt") == [
        ("07SANJOSE1106", "info", 0, 0, "USSOCOM WO WASHINGTON DC")
    ]
    # A person tag is one tag, one row.
    assert rows(archive, f"SELECT position FROM tags WHERE tag = '{RICE}'") == [(1,)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Every signer, not only the first.
        ("signer:rice", ["06PARTO9"]),
        (f"signer:{SECOND_SIGNER.lower()}", ["06PARTO9"]),
        # The classifier's name, title and office.
        ('classifier:"Arnold Chacon"', ["06PARTO9"]),
        ('classifier:"arnold chacon"', ["06PARTO9"]),
        ("classifier:chacon", ["06PARTO9"]),
        ("classifier:ambassador", ["07TUNIS1489"]),
        ("classifier:adcm", ["07SANJOSE1106"]),
        ('classifier:"S/ES"', ["06PARTO9"]),
        ('classifier:"Robert F. Godec"', ["07TUNIS1489"]),
        ("classifier:godec -classifier:chacon", ["07TUNIS1489"]),
        ("classifier:ordway", []),
        # A person tag, whole or by its words; one-word tags as before.
        (f'tag:"{RICE}"', ["06PARTO9"]),
        ('tag:"rice, condoleezza"', ["06PARTO9"]),
        ('tag:"rice condoleezza"', ["06PARTO9"]),
        ("tag:rice", ["06PARTO9"]),
        ("tag:CONDOLEEZZA", ["06PARTO9"]),
        ("tag:condol*", ["06PARTO9"]),
        ("tag:RIC*", ["06PARTO9"]),
        ('tag:"condoleezza rice"', []),  # the words in the tag's order
        ("tag:PREL", ["07SANJOSE1106", "07TUNIS1489"]),
        ("tag:condoleezza tag:ovip", ["06PARTO9"]),
        ("tag:lebanon", []),  # a tag's meaning is not the tag
    ],
)
def test_queries_on_people(archive: Archive, query: str, expected: list[str]) -> None:
    assert ids(archive, query) == expected


def test_a_person_tag_is_one_facet_value(archive: Archive) -> None:
    facets = dict(archive.search("tag:rice", facets=True).facets["tag"])
    assert facets[RICE] == 1
    assert "RICE" not in facets and "CONDOLEEZZA" not in facets


def test_browsing_a_person_tag(archive: Archive) -> None:
    assert (RICE, 1) in archive.groups("tag")
    page = archive.cables_in("tag", RICE, limit=10, offset=0)
    assert [c.id for c in page.cables] == ["06PARTO9"]


def test_storing_the_same_cables_again_changes_nothing(
    archive: Archive, shared_dir: Path, tmp_path: Path
) -> None:
    again = archive.add(people_cables(shared_dir, tmp_path))
    assert (again.new, again.updated, again.reparsed, again.unchanged) == (0, 0, 0, 3)


def test_csv_and_parquet_rows_carry_the_people(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "people.csv"
    assert archive.export(None, "csv", out) == 3
    with out.open(newline="") as f:
        parto = next(r for r in csv.DictReader(f) if r["id"] == "06PARTO9")
    assert parto["signers"] == f"RICE; {SECOND_SIGNER}"
    assert parto["signer"] == "RICE"
    assert (parto["classifier_name"], parto["classifier_title"], parto["classifier_office"]) == (
        "Arnold Chacon",
        "Deputy Executive Secretary",
        "S/ES, Department of State",
    )
    assert parto["subject_classification"] == "U"
    assert parto["tags"].split("; ")[1] == RICE
    table = pq.read_table(archive_export(archive, tmp_path / "people.parquet"))
    assert table.column("signers").to_pylist()[0] == ["RICE", SECOND_SIGNER]
    assert table.column("classifier_title").to_pylist() == [
        "Deputy Executive Secretary",
        "ADCM",
        "Ambassador",
    ]
    assert table.column("classifier_office").to_pylist() == [
        "S/ES, Department of State",
        None,
        None,
    ]
    assert table.column("subject_classification").to_pylist() == ["U", None, None]


def archive_export(archive: Archive, path: Path) -> Path:
    assert archive.export(None, "parquet", path) == 3
    return path


def test_jsonl_export_is_the_record(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "people.jsonl"
    assert archive.export("signer:welch", "jsonl", out) == 1
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert record == archive.get("06PARTO9").record  # type: ignore[union-attr]
    assert record["classifier"]["name"] == "Arnold Chacon"


def test_cables_show_names_the_classifier_and_the_signers(archive: Archive) -> None:
    shown = CliRunner().invoke(main, ["show", "06PARTO9", "--archive", str(archive.folder)])
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert lines[0].startswith("06PARTO9  (U) Secretary Rice's February 23 Meeting")
    assert (
        "  classified by Arnold Chacon, Deputy Executive Secretary, S/ES, Department of State"
        " [name: Arnold Chacon; title: Deputy Executive Secretary;"
        " office: S/ES, Department of State]"
    ) in lines
    assert f"  signed RICE; {SECOND_SIGNER}" in lines
    assert f"  TAGS OVIP; {RICE}; KISL; PGOV; PHUM; LE; SY; IS" in lines
    tunis = CliRunner().invoke(main, ["show", "07TUNIS1489", "--archive", str(archive.folder)])
    assert "  REF A. IIR 6 897 0136 07 (NOTALS) (intelligence)" in tunis.output
    assert "  REF C. SECDEF 31828 (defense)" in tunis.output
    assert "  classified by Ambassador Robert F. Godec" in tunis.output
