"""Exports of what a query selects, in the three formats, read back with their own readers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from cablearchive.cli import main
from cablearchive.search import QueryError
from cablearchive.store import Archive

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NATO = ["09ADANA33", "09ANKARA718", "09ATHENS790", "09ISTANBUL176", "09SOFIA293",
        "09STATE47316", "09STATE58804", "09USNATO241"]  # fmt: skip


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    archive = Archive.open(tmp_path_factory.mktemp("export") / "archive")
    archive.ingest([EXAMPLES])
    return archive


def test_jsonl_export_holds_the_full_records(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "nato.jsonl"
    assert archive.export("tag:NATO", "jsonl", out) == 8
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == NATO
    assert records[1] == archive.get("09ANKARA718").record  # type: ignore[union-attr]


def test_csv_export_has_one_flat_row_per_cable(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    assert archive.export(None, "csv", out) == 9
    # Ordered by id: 09... before 75...
    with out.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows][:2] == ["09ADANA33", "09ANKARA718"]
    ankara = rows[1]
    assert ankara["tags"] == "PREL; NATO; MARR; AEMR; TU"
    assert ankara["references"].startswith("09STATE47316; 09ANKARA598")
    assert ankara["classification"] == "CONFIDENTIAL"


def test_parquet_export_keeps_lists_as_lists(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "nato.parquet"
    assert archive.export("tag:NATO year:2009", "parquet", out) == 8
    table = pq.read_table(out)
    assert table.column("id").to_pylist() == NATO
    assert table.column("tags").to_pylist()[1] == ["PREL", "NATO", "MARR", "AEMR", "TU"]
    assert table.schema.field("paragraph_count").type == "int32"


def test_a_bad_export_query_says_why(archive: Archive, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="a quote is not closed"):
        archive.export('"nato', "jsonl", tmp_path / "x.jsonl")


def test_cli_export(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = str(tmp_path / "archive")
    assert (
        runner.invoke(main, ["ingest", "-j", "1", "--archive", folder, str(EXAMPLES)]).exit_code
        == 0
    )
    out = tmp_path / "x.csv"
    result = runner.invoke(
        main, ["export", "--archive", folder, "--format", "csv", "-o", str(out), "origin:ankara"]
    )
    assert result.exit_code == 0, result.output
    # The embassy's 2009 cable and its 1975 NARA telegram.
    assert "exported 2 cables" in result.output
    assert out.read_text().splitlines()[1].startswith("09ANKARA718,")
