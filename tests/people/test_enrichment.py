"""`cables enrich people` on a real archive (the 218 NARA telegrams): the model's names stored
beside the parser's, never changing them, each marked with the model; a run cut short goes on
where it stopped; the same names on a Dask cluster of two workers as here; the people grouped
with them."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cablearchive.cli import main
from cablearchive.people.enrichment import NameCheck
from cablearchive.people.mentions import mention_rules
from cablearchive.people.model import ModelError, ModelInfo
from cablearchive.store import Archive
from cablearchive.store.archive import DATABASE
from cablearchive.store.codec import Unpacker
from cablearchive.store.enrichments import PEOPLE, count_pending
from cablearchive.store.people import names_of_row
from tests.people.conftest import NARA
from tests.shared import shared_file


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("nara") / "archive"
    with Archive.open(folder) as archive:
        summary = archive.ingest([shared_file(shared_dir, NARA)])
        assert summary.new > 200 and summary.failed == 0
    return folder


def _copy(folder: Path, to: Path) -> Path:
    shutil.copytree(folder, to)
    return to


def _rows(folder: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(folder / DATABASE)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def _names(folder: Path, model: bool) -> list[tuple[Any, ...]]:
    """The parser's names (`model` False) or a model's, each with its cable, in order."""
    conn = sqlite3.connect(folder / DATABASE)
    try:
        unpacker = Unpacker.of(conn)
        rows = conn.execute("SELECT cable_id, data FROM names ORDER BY 1").fetchall()
        return [
            (cable_id, *name)
            for cable_id, data in rows
            for name in names_of_row(data, unpacker)
            if bool(name[6]) == model
        ]
    finally:
        conn.close()


def test_a_run_cut_short_goes_on_and_changes_no_parsed_field(
    ingested: Path, trained: ModelInfo, tmp_path: Path
) -> None:
    folder = _copy(ingested, tmp_path / "archive")
    parsed = _names(folder, False)
    records = _rows(folder, "SELECT id, record FROM versions ORDER BY id")
    with Archive.open(folder) as archive:
        first = archive.enrich_people(trained.path, limit=40)
        assert (first.read, first.stored, first.failed) == (40, 40, 0)
        model = f"{trained.name} {trained.version}"
        assert first.model == f"{model} + first-name rule 2"
        assert count_pending(archive._conn, PEOPLE, first.model) == first.pending - 40
        rest = archive.enrich_people(trained.path, jobs=2)
        assert rest.stored == first.pending - 40 and rest.failed == 0
        again = archive.enrich_people(trained.path)
        assert (again.pending, again.stored, again.people) == (0, 0, None)
        state = archive.people_state()
        assert state is not None and state.current and state.enriched == first.pending
    # The parser's names and every stored record are as they were.
    assert _names(folder, False) == parsed
    assert _rows(folder, "SELECT id, record FROM versions ORDER BY id") == records
    found = _names(folder, True)
    assert len(found) > 100 and {r[7] for r in found} == {model, "first-name rule"}
    assert {r[1] for r in found} == {"mentioned"}
    # Each name is where it says it is, and none repeats a parser's name at the same place.
    with Archive.open(folder, create=False, reader=True) as archive:
        for cable_id in sorted({r[0] for r in found})[:25]:
            cable = archive.get(cable_id)
            assert cable is not None
            paragraphs = cable.record["paragraphs"]
            mentions = [m for p in cable.people for m in p["mentions"]]
            by_model = [m for m in mentions if m["source"] == f"model {model}"]
            by_rule = [m for m in mentions if m["source"] == "first-name rule"]
            assert by_model or by_rule
            for m in by_model + by_rule:
                text = paragraphs[m["paragraph_position"]]["text"]
                assert text[m["start"] : m["end"]] == m["written"]
            places = [(m["paragraph_position"], m["start"]) for m in mentions]
            assert len(places) == len(set(places))


def test_another_model_version_reads_every_cable_again(
    ingested: Path, trained: ModelInfo, tmp_path: Path
) -> None:
    folder = _copy(ingested, tmp_path / "archive")
    with Archive.open(folder) as archive:
        done = archive.enrich_people(trained.path, limit=10)
        archive._conn.execute("UPDATE enrichments SET model = 'an older model 0'")
        assert count_pending(archive._conn, PEOPLE, done.model) == done.pending
        again = archive.enrich_people(trained.path, limit=10)
        assert again.stored == 10
    # The older model's names are gone from the cables read again.
    assert "an older model 0" not in {r[7] for r in _names(folder, True)}


def test_a_dask_cluster_finds_the_same_names(
    ingested: Path, trained: ModelInfo, tmp_path: Path
) -> None:
    from distributed import LocalCluster

    here = _copy(ingested, tmp_path / "here")
    there = _copy(ingested, tmp_path / "there")
    with Archive.open(here) as archive:
        local = archive.enrich_people(trained.path, limit=60)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Archive.open(there) as archive,
    ):
        remote = archive.enrich_people(
            trained.path, limit=60, scheduler=cluster.scheduler_address, batch_size=8
        )
    assert (remote.stored, remote.names, remote.failed) == (local.stored, local.names, 0)
    assert _names(there, True) == _names(here, True)
    assert _rows(there, "SELECT key, name, cables FROM people ORDER BY key") == _rows(
        here, "SELECT key, name, cables FROM people ORDER BY key"
    )


def test_a_folder_without_a_model_is_refused(ingested: Path, tmp_path: Path) -> None:
    with Archive.open(ingested, create=False) as archive, pytest.raises(ModelError):
        archive.enrich_people(tmp_path / "nothing")
    result = CliRunner().invoke(main, ["enrich", "people", "--archive", str(ingested)])
    assert result.exit_code == 1
    assert "train one with `cables train-people-model" in result.output


def test_the_command(ingested: Path, trained: ModelInfo, tmp_path: Path) -> None:
    folder = _copy(ingested, tmp_path / "archive")
    args = ["enrich", "people", "--archive", str(folder), "--model", str(trained.path)]
    result = CliRunner().invoke(main, [*args, "--limit", "5", "--json", "-j", "1"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["stored"] == 5 and summary["people"]["enriched"] == 5


def test_names_opened_by_a_first_name_are_read_by_the_enrichment_not_the_ingest(
    ingested: Path, trained: ModelInfo, tmp_path: Path
) -> None:
    """The ingest reads titled names only; `--rules-only` adds the named mentions (`ROBERT
    HELANDER`), each where the rules read it in the paragraph, with no model; a run with the
    model then reads every cable again and keeps the rule's names beside the model's."""
    folder = _copy(ingested, tmp_path / "archive")
    rules = mention_rules()
    parsed = _names(folder, False)
    assert parsed
    result = CliRunner().invoke(
        main, ["enrich", "people", "--archive", str(folder), "--rules-only", "--json", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["model"] == "first-name rule 2" and summary["failed"] == 0
    by_rule = _names(folder, True)
    assert len(by_rule) > 100 and {r[7] for r in by_rule} == {"first-name rule"}
    with Archive.open(folder, create=False, reader=True) as archive:
        expected = []
        for cable_id in sorted({r[0] for r in parsed} | {r[0] for r in by_rule}):
            cable = archive.get(cable_id)
            assert cable is not None
            for number, p in enumerate(cable.record["paragraphs"]):
                expected += [
                    (cable_id, m.name, number, m.start, m.end)
                    for m in rules.find(p["text"])
                    if not m.title
                ]
    assert sorted((r[0], r[2], r[4], r[5], r[6]) for r in by_rule) == sorted(expected)
    # None of them was read at the ingest: the parser's mentions are all titled.
    places = {(r[0], r[4], r[5]) for r in parsed if r[4] is not None}
    assert not places & {(r[0], r[4], r[5]) for r in by_rule}
    with Archive.open(folder) as archive:
        both = archive.enrich_people(trained.path)
        assert both.stored == summary["pending"]
    after = _names(folder, True)
    assert [r for r in after if r[7] == "first-name rule"] == by_rule
    assert any(r[7] == f"{trained.name} {trained.version}" for r in after)
    assert _names(folder, False) == parsed


def test_a_cables_own_names_vouch_for_a_model_name_of_ordinary_words(
    ingested: Path, tmp_path: Path
) -> None:
    # Every NARA telegram signed by Kissinger: its item carries the signer's surname, which
    # keeps a bare `KISSINGER` from the model as it would keep `LODGE` signing and named.
    folder = _copy(ingested, tmp_path / "archive")
    check = NameCheck.load()
    with Archive.open(folder) as archive:
        versions = [(c, v) for v, c in _rows(folder, "SELECT id, cable_id FROM versions")]
        items = [archive._paragraphs_of(c, v) for c, v in versions]
    signed = [item for item in items if "KISSINGER" in item.named]
    assert len(signed) > 10
    assert all(item.paragraphs for item in signed)
    assert check.keeps("BEGIN", (*signed[0].named, "BEGIN"))
    assert not check.keeps("BEGIN", signed[0].named)
