"""Archives written by the previous version open and are brought up to date: the SQLite schema
(v3 -> v4), records made by an older parser (parsed anew when their texts are ingested again)
and a search index of an older layout (rebuilt from SQLite by a writer, refused by a reader)."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from typing import Any

import pytest
import tantivy

from cablearchive.parse import Cable
from cablearchive.pipeline import cable_from_document
from cablearchive.sources import RawDocument, iter_documents
from cablearchive.store import SCHEMA_VERSION, Archive
from cablearchive.store.archive import DATABASE, RECORD_VERSION, Parsed, legacy_text_hash, prepare
from cablearchive.store.index import INDEX_DIR, INDEX_VERSION, VERSION_FILE, IndexOutdated
from cablearchive.store.schema import MIGRATIONS
from tests.shared import shared_file

SEED_000 = "seeds/000_b6366df431a4d317.txt"
SEED_001 = "seeds/001_f39073fb4f33a29e.txt"
# The keys the record contract gained after schema v3 (issue 8); `xmt` on an addressee is
# written only when it has posts, so a v3 record has none either way.
NEW_KEYS = ("subject_classification", "classifier", "signers")


def _v1_index(folder: Path, ids: list[str]) -> None:
    """A search index as cablearchive wrote it before INDEX_VERSION: the fields of that time,
    and no version file."""
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw")
    b.add_text_field("subject", stored=False)
    b.add_text_field("body")
    for name in ("tag", "origin", "classification", "caption"):
        b.add_text_field(name, tokenizer_name="raw", fast=True)
    for name in ("origin_words", "class_words", "caption_words", "from", "to", "signer"):
        b.add_text_field(name)
    b.add_text_field("ref", tokenizer_name="raw")
    b.add_text_field("month", tokenizer_name="raw", fast=True)
    b.add_date_field("created", indexed=True, fast=True)
    b.add_date_field("released", indexed=True, fast=True)
    folder.mkdir(parents=True)
    index = tantivy.Index(b.build(), str(folder))
    writer = index.writer(50_000_000, 1)
    for cable_id in ids:
        doc = tantivy.Document()
        doc.add_text("id", cable_id)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()


def v3_archive(folder: Path, paths: list[Path]) -> list[dict[str, Any]]:
    """An archive as schema v3 stored `paths`: the first three migrations, the rows the store
    wrote then, records without the keys added since, and an index of that time. Returns the
    records stored."""
    folder.mkdir(parents=True)
    conn = sqlite3.connect(folder / DATABASE, isolation_level=None)
    for step in MIGRATIONS[:3]:  # old migrations are never edited: this is v3's schema
        conn.executescript(step)
    conn.execute("PRAGMA user_version = 3")
    records = []
    for doc in iter_documents(paths):
        assert isinstance(doc, RawDocument)
        cable = cable_from_document(doc)
        assert isinstance(cable, Cable), cable
        p = prepare(cable, doc, None)
        assert isinstance(p, Parsed), p
        record = cable.to_dict()
        for key in NEW_KEYS:
            del record[key]
        records.append(record)
        version = conn.execute(
            "INSERT INTO versions (cable_id, text_hash, text, record, released, partial,"
            " ingested_at) VALUES (?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z')",
            (
                p.id,
                legacy_text_hash(doc.text),  # v3's fingerprint
                zlib.compress(doc.text.encode()),  # v3 kept texts and records as zlib
                zlib.compress(json.dumps(record).encode()),
                p.released,
                int(p.partial),
            ),
        ).lastrowid
        old_fields = p.rows.fields[:10]  # the columns of v3's cables table
        conn.execute(
            "INSERT INTO cables (id, version, subject, created, released, classification,"
            " origin, station, precedence, signer, partial, warning_count)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (p.id, version, *old_fields),
        )
        conn.execute(
            "INSERT INTO sightings VALUES (?, ?, ?, ?, ?, ?)",
            (version, *p.source),
        )
        conn.executemany(
            "INSERT INTO tags (cable_id, position, tag, created) VALUES (?, ?, ?, ?)",
            [(p.id, i, t, old_fields[1]) for i, t in enumerate(p.rows.tags)],
        )
        conn.executemany(
            "INSERT INTO addressees VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(p.id, *a) for a in p.rows.addressees],
        )
        conn.executemany(
            "INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?)",
            [(p.id, *r) for r in p.rows.refs],
        )
    conn.close()
    _v1_index(folder / INDEX_DIR, [r["id"] for r in records])
    return records


@pytest.fixture
def seeds(shared_dir: Path) -> list[Path]:
    return [shared_file(shared_dir, SEED_000), shared_file(shared_dir, SEED_001)]


def _sql(folder: Path, query: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(folder / DATABASE)
    try:
        return list(conn.execute(query))
    finally:
        conn.close()


def test_a_v3_archive_opens_migrated_and_searchable(tmp_path: Path, seeds: list[Path]) -> None:
    folder = tmp_path / "archive"
    stored = v3_archive(folder, seeds)
    with Archive.open(folder) as archive:
        assert _sql(folder, "PRAGMA user_version") == [(SCHEMA_VERSION,)] == [(9,)]
        # The reference graph was never computed: none is claimed, and one can be.
        assert archive.graph_state() is None
        assert archive.analyse().nodes >= 2
        assert archive.graph_state().current  # type: ignore[union-attr]
        cable = archive.get("06ALMATY2549")
        assert cable is not None
        # The record as stored, with today's keys: its one signer, nothing it never had.
        old = next(r for r in stored if r["id"] == "06ALMATY2549")
        assert {k: v for k, v in cable.record.items() if k not in NEW_KEYS} == old
        assert cable.record["signers"] == ["ORDWAY"] == cable.signers
        assert cable.record["classifier"] is None
        assert cable.record["subject_classification"] is None
        assert _sql(folder, "SELECT * FROM signers") == [("06ALMATY2549", 0, "ORDWAY")]
        assert _sql(folder, "SELECT count(*) FROM record_versions") == [(0,)]  # all older
        # The old index is found out, dropped and rebuilt before the first search.
        assert [h.id for h in archive.search("signer:ordway").hits] == ["06ALMATY2549"]
        assert archive.search("classifier:ordway").total == 0  # a field it did not have
        assert archive.index.count() == 2
        marker = json.loads((folder / INDEX_DIR / VERSION_FILE).read_text())
        assert marker == {"index_version": INDEX_VERSION}
        out = tmp_path / "old.csv"
        assert archive.export("signer:ordway", "csv", out) == 1
        assert "ORDWAY" in out.read_text().splitlines()[1]


def test_ingesting_the_same_texts_again_reparses_what_an_older_parser_made(
    tmp_path: Path, seeds: list[Path]
) -> None:
    folder = tmp_path / "archive"
    v3_archive(folder, seeds)
    with Archive.open(folder) as archive:
        summary = archive.ingest(seeds)
        assert (summary.new, summary.updated, summary.unchanged) == (0, 0, 0)
        assert summary.reparsed == 2
        cable = archive.get("06ALMATY2549")
        assert cable is not None
        (doc,) = list(iter_documents([seeds[0]]))
        assert isinstance(doc, RawDocument)
        fresh = cable_from_document(doc)
        assert isinstance(fresh, Cable)
        assert cable.record == fresh.to_dict()
        assert len(cable.versions) == 1 and len(cable.versions[0].sources) == 1
        assert _sql(folder, "SELECT version_id, record_version FROM record_versions") == [
            (1, RECORD_VERSION),
            (2, RECORD_VERSION),
        ]
        # The query rows were written once more, not added to.
        assert _sql(folder, "SELECT count(*) FROM tags WHERE cable_id = '06ALMATY2549'") == [
            (len(cable.record["tags"]),)
        ]
        # The index was rebuilt when the ingest found it old: a server finds it whole.
        assert archive.index.count() == 2
        again = archive.ingest(seeds)
        assert (again.reparsed, again.unchanged) == (0, 2)


def test_a_reparsed_version_that_is_not_shown_leaves_the_shown_one(
    tmp_path: Path, seeds: list[Path]
) -> None:
    first = tmp_path / "first.txt"
    first.write_text(seeds[1].read_text())
    second = tmp_path / "second.txt"
    second.write_text(seeds[1].read_text().replace("position.", "position on the MLAT."))
    folder = tmp_path / "archive"
    with Archive.open(folder) as archive:
        archive.ingest([first])
        archive.ingest([second])
    # As if an older parser had made both records.
    conn = sqlite3.connect(folder / DATABASE)
    conn.execute("DELETE FROM record_versions")
    conn.commit()
    conn.close()
    with Archive.open(folder) as archive:
        assert archive.ingest([first]).reparsed == 1
        cable = archive.get("06ALMATY1703")
        assert cable is not None
        assert [v.current for v in cable.versions] == [False, True]
        assert cable.record["paragraphs"][-1]["text"].endswith("position on the MLAT.")
        assert archive.ingest([second]).reparsed == 1
        assert [h.id for h in archive.search('"position on the MLAT"').hits] == ["06ALMATY1703"]


def test_a_reader_refuses_an_index_of_another_version(tmp_path: Path, seeds: list[Path]) -> None:
    folder = tmp_path / "archive"
    with Archive.open(folder) as archive:
        archive.ingest(seeds)
    marker = folder / INDEX_DIR / VERSION_FILE
    marker.write_text(json.dumps({"index_version": INDEX_VERSION - 1}))
    with (
        Archive.open(folder, reader=True) as reader,
        pytest.raises(IndexOutdated, match="built by an older cablearchive"),
    ):
        reader.search("guantanamo")
    marker.write_text(json.dumps({"index_version": INDEX_VERSION + 1}))
    with (
        Archive.open(folder, reader=True) as reader,
        pytest.raises(IndexOutdated, match="built by a newer cablearchive"),
    ):
        reader.search("guantanamo")
    with Archive.open(folder) as archive:
        assert archive.reindex() == 2
    with Archive.open(folder, reader=True) as reader:
        assert reader.search("guantanamo").total == 2


def test_names_read_by_older_rules_are_read_again_with_the_record(
    tmp_path: Path, seeds: list[Path]
) -> None:
    """The names beside a record are part of what RECORD_VERSION counts: a record of the
    version before gets this version's names when its text is ingested again."""
    folder = tmp_path / "archive"
    with Archive.open(folder) as archive:
        archive.ingest(seeds)
        fresh = {c: archive.get(c) for c in ("06ALMATY2549", "06ALMATY1703")}
    conn = sqlite3.connect(folder / DATABASE)
    names = conn.execute("SELECT cable_id, data FROM names ORDER BY cable_id").fetchall()
    assert names  # the seeds name people
    conn.execute("UPDATE record_versions SET record_version = ?", (RECORD_VERSION - 1,))
    conn.execute("DELETE FROM names")  # as if the older rules had read none
    conn.commit()
    conn.close()
    with Archive.open(folder) as archive:
        assert archive.ingest(seeds).reparsed == 2
        for cable_id, cable in fresh.items():
            again = archive.get(cable_id)
            assert cable is not None and again is not None
            assert again.people == cable.people
    conn = sqlite3.connect(folder / DATABASE)
    assert conn.execute("SELECT cable_id, data FROM names ORDER BY cable_id").fetchall() == names
    conn.close()
