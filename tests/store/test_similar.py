"""Similar cables and search by meaning over a real archive: the nine examples and the 500
real Cablegate pages of the State Department, Moscow, Beijing and Ankara, in a real SQLite
file and tantivy index, embedded by the archive's own text model (`cables embed`)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cablearchive.cli import main
from cablearchive.store import Archive
from cablearchive.store.archive import DATABASE
from cablearchive.store.similar import (
    MODEL_PATH,
    NO_MODEL,
    NO_TEXT,
    NOT_EMBEDDED,
    BrokenModel,
    NoTextModel,
)
from tests.shared import site_pages_folder

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PAGES = re.compile(r"/\d\d(STATE|MOSCOW|BEIJING|ANKARA)\d+\.html$")
# The examples about the disaster response hub in Istanbul: each other's nearest.
HUB = {
    "09STATE47316", "09ANKARA718", "09ATHENS790", "09SOFIA293", "09USNATO241", "09ADANA33",
    "09ISTANBUL176", "09STATE58804",
}  # fmt: skip


@pytest.fixture(scope="module")
def unembedded(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    pages = site_pages_folder(tmp_path_factory, shared_dir, PAGES)
    folder = tmp_path_factory.mktemp("similar") / "archive"
    with Archive.open(folder) as archive:
        summary = archive.ingest([EXAMPLES, pages], jobs=2)
        assert summary.failed == 0 and summary.new > 200
    return folder


@pytest.fixture(scope="module")
def embedded(unembedded: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = _copy(unembedded, tmp_path_factory.mktemp("embedded") / "archive")
    with Archive.open(folder) as archive:
        archive.embed(dim=64)
    return folder


def _copy(folder: Path, to: Path) -> Path:
    shutil.copytree(folder, to)
    return to


def _vectors(folder: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(folder / DATABASE)
    try:
        return list(conn.execute("SELECT * FROM vectors ORDER BY cable_id"))
    finally:
        conn.close()


def test_without_a_model_the_archive_says_what_to_do(unembedded: Path) -> None:
    with Archive.open(unembedded, create=False, reader=True) as archive:
        found = archive.similar("09STATE47316")
        assert found is not None and found.cables == () and found.note == NO_MODEL
        with pytest.raises(NoTextModel, match="run `cables embed`"):
            archive.search("disaster relief", mode="semantic")
        # A search by words needs no model.
        assert archive.search("disaster", mode="text").total > 0
        assert archive.similar("NOSUCH1") is None
    result = CliRunner().invoke(
        main, ["search", "relief", "--mode", "hybrid", "--archive", str(unembedded)]
    )
    assert result.exit_code == 1 and "run `cables embed` first" in result.output


def test_embed_trains_once_then_embeds_only_what_is_missing(
    unembedded: Path, tmp_path: Path
) -> None:
    folder = _copy(unembedded, tmp_path / "archive")
    with Archive.open(folder) as archive:
        total = archive.count()
        first = archive.embed(dim=64, limit=40)
        assert first.trained_seconds is not None and first.trained_on == total
        assert (first.pending, first.read, first.stored, first.failed) == (total, 40, 40, 0)
        rest = archive.embed(jobs=2, batch_size=16)
        assert rest.trained_seconds is None and rest.model == first.model
        assert (rest.pending, rest.stored) == (total - 40, total - 40)
        assert archive.embed().pending == 0
        assert archive.similarity.pending() == 0
    # In pieces and on two processes, the same vectors as in one run here.
    whole = _copy(unembedded, tmp_path / "whole")
    (whole / MODEL_PATH).parent.mkdir(parents=True)
    shutil.copy(folder / MODEL_PATH, whole / MODEL_PATH)
    with Archive.open(whole) as archive:
        assert archive.embed().trained_seconds is None  # the model copied in is used
    assert _vectors(whole) == _vectors(folder)
    rows = _vectors(folder)
    assert len(rows) == total and {r[2] for r in rows} == {first.model}
    # 08MOSCOW2426's page shows its header and no text: it alone has no vector.
    assert [r[0] for r in rows if r[4] is None] == ["08MOSCOW2426"]
    assert all(len(r[4]) == 64 for r in rows if r[4] is not None)


def test_the_hub_cables_are_each_others_nearest(embedded: Path) -> None:
    with Archive.open(embedded, create=False, reader=True) as archive:
        found = archive.similar("09STATE47316", 5)
        assert found is not None and found.note is None
        ids = [c.id for c in found.cables]
        assert len(ids) == 5 and "09STATE47316" not in ids
        assert set(ids) <= HUB, ids
        assert [c.score for c in found.cables] == sorted(
            (c.score for c in found.cables), reverse=True
        )
        # Why: a passage of each, quoted from its subject or one of its paragraphs.
        for c in found.cables:
            assert c.why is not None and c.why.score > 0
            record = archive.get(c.id)
            assert record is not None
            texts = [record.record["subject"], *(p["text"] for p in record.record["paragraphs"])]
            words = c.why.theirs.text.split()
            assert any(" ".join(words[:6]) in " ".join(t.split()) for t in texts)
        # An alias finds the cable; the 1975 telegram about Turkey is not among the hub's.
        assert "75ANKARA8123" not in ids


def test_search_by_meaning_keeps_to_the_filters(embedded: Path) -> None:
    with Archive.open(embedded, create=False, reader=True) as archive:
        plain = archive.search("nuclear nonproliferation uranium", mode="semantic", limit=100)
        assert plain.total > 10 and plain.mode == "semantic"
        assert [h.score for h in plain.hits] == sorted((h.score for h in plain.hits), reverse=True)
        filtered = archive.search(
            "nuclear nonproliferation uranium tag:KNNP", mode="semantic", limit=100
        )
        assert 0 < filtered.total < plain.total
        for hit in filtered.hits:
            cable = archive.get(hit.id)
            assert cable is not None and "KNNP" in cable.record["tags"]
        # The nearest tagged cables come in the order of the unfiltered ranking.
        tagged = {h.id for h in filtered.hits}
        assert [h.id for h in plain.hits if h.id in tagged] == [h.id for h in filtered.hits][
            : len([h for h in plain.hits if h.id in tagged])
        ]
        excluded = archive.search("nuclear uranium -tag:KNNP", mode="semantic", limit=100)
        assert excluded.total > 0 and not tagged & {h.id for h in excluded.hits}
        # Words the model does not know (stop words, numbers) are like nothing: no hits.
        assert archive.search("the of and", mode="semantic").total == 0
        by_words = archive.search("2006").total
        assert archive.search("2006", mode="hybrid").total == min(by_words, 100)


def test_hybrid_fuses_words_and_meaning_and_counts_facets_on_its_hits(embedded: Path) -> None:
    with Archive.open(embedded, create=False, reader=True) as archive:
        words = archive.search("uranium", limit=100)
        meaning = archive.search("uranium", mode="semantic", limit=100)
        hybrid = archive.search("uranium", mode="hybrid", limit=300, facets=True)
        fused = {h.id for h in hybrid.hits}
        assert fused == {h.id for h in words.hits} | {h.id for h in meaning.hits}
        assert hybrid.total == len(fused)
        # A cable first in both rankings is first fused.
        both = [h.id for h in words.hits[:3] if h.id in {m.id for m in meaning.hits[:3]}]
        if both:
            assert hybrid.hits[0].id in both
        assert sum(n for _, n in hybrid.facets["classification"]) == hybrid.total
        assert sum(n for _, n in hybrid.histogram) <= hybrid.total
        page = archive.search("uranium", mode="hybrid", limit=10, offset=10)
        assert [h.id for h in page.hits] == [h.id for h in hybrid.hits[10:20]]


def test_an_ingest_embeds_what_it_changes(embedded: Path, tmp_path: Path) -> None:
    folder = _copy(embedded, tmp_path / "archive")
    text = (EXAMPLES / "text" / "09ISTANBUL176.txt").read_text(encoding="utf-8")
    later = tmp_path / "09ISTANBUL176-later.txt"
    assert "Istanbul" in text
    later.write_text(text.replace("Istanbul", "Istanbul, on the Bosphorus,", 1), encoding="utf-8")
    before = {r[0]: r for r in _vectors(folder)}
    with Archive.open(folder) as archive:
        summary = archive.ingest([later])
        assert summary.updated == 1 and summary.embedded == 1
        assert archive.similarity.pending() == 0
    after = {r[0]: r for r in _vectors(folder)}
    assert after["09ISTANBUL176"][1] != before["09ISTANBUL176"][1]  # the new version's
    assert {k: v for k, v in after.items() if k != "09ISTANBUL176"} == {
        k: v for k, v in before.items() if k != "09ISTANBUL176"
    }


def test_a_new_model_makes_every_vector_stale(embedded: Path, tmp_path: Path) -> None:
    folder = _copy(embedded, tmp_path / "archive")
    with Archive.open(folder) as archive:
        old = archive.similarity.model_name()
        redone = archive.embed(retrain=True, dim=32)
        assert redone.model != old and redone.pending == archive.count() == redone.stored
    assert {r[2] for r in _vectors(folder)} == {redone.model}
    assert all(len(r[4]) == 32 for r in _vectors(folder) if r[4] is not None)


def test_a_cable_without_text_has_no_vector_and_says_so(embedded: Path, tmp_path: Path) -> None:
    """08MOSCOW2426 as the site published it: a header, and no subject nor paragraph."""
    folder = _copy(embedded, tmp_path / "archive")
    with Archive.open(folder) as archive:
        cable = archive.get("08MOSCOW2426")
        assert cable is not None and not cable.record["paragraphs"]
        found = archive.similar("08MOSCOW2426")
        assert found is not None and found.cables == () and found.note == NO_TEXT
        archive._conn.execute("DELETE FROM vectors WHERE cable_id = '08MOSCOW2426'")
        assert archive.similar("08MOSCOW2426").note == NOT_EMBEDDED  # type: ignore[union-attr]
        again = archive.embed()
        assert (again.pending, again.stored, again.no_text) == (1, 1, 1)
        assert archive.similar("08MOSCOW2426").note == NO_TEXT  # type: ignore[union-attr]


def test_the_commands(embedded: Path, tmp_path: Path) -> None:
    folder = _copy(embedded, tmp_path / "archive")
    runner = CliRunner()
    result = runner.invoke(main, ["embed", "--archive", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["pending"] == 0
    result = runner.invoke(
        main, ["similar", "09ANKARA718", "--archive", str(folder), "--json", "--limit", "3"]
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert listed["id"] == "09ANKARA718" and len(listed["similar"]) == 3
    assert {c["id"] for c in listed["similar"]} <= HUB
    assert all(c["why"]["passage"]["text"] for c in listed["similar"])
    result = runner.invoke(main, ["similar", "09ANKARA718", "--archive", str(folder)])
    assert result.exit_code == 0 and "cables most like 09ANKARA718" in result.output
    result = runner.invoke(
        main, ["search", "earthquake", "--mode", "hybrid", "--json", "--archive", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["mode"] == "hybrid"
    result = runner.invoke(
        main, ["search", "x", "--mode", "semantic", "--sort", "date", "--archive", str(folder)]
    )
    assert result.exit_code == 2 and "--sort needs --mode text" in result.output
    result = runner.invoke(main, ["similar", "NOSUCH1", "--archive", str(folder)])
    assert result.exit_code == 1 and "no cable NOSUCH1" in result.output


def test_a_dask_cluster_makes_the_same_vectors(embedded: Path, tmp_path: Path) -> None:
    from distributed import LocalCluster

    here = _copy(embedded, tmp_path / "here")
    there = _copy(embedded, tmp_path / "there")
    for folder in (here, there):
        conn = sqlite3.connect(folder / DATABASE)
        conn.execute("DELETE FROM vectors WHERE cable_id > '08'")
        conn.commit()
        conn.close()
    with Archive.open(here) as archive:
        local = archive.embed()
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Archive.open(there) as archive,
    ):
        remote = archive.embed(scheduler=cluster.scheduler_address, batch_size=8)
    assert remote.stored == local.stored > 0 and remote.failed == 0
    assert _vectors(there) == _vectors(here)


def test_an_archive_outgrowing_its_model_is_told_to_retrain(embedded: Path, tmp_path: Path) -> None:
    folder = _copy(embedded, tmp_path / "archive")
    with Archive.open(folder) as archive:
        assert archive.similarity.retrain_note() is None  # learnt from every cable
        model, trained_on = archive.similarity.train(dim=16, sample=100)
        assert trained_on == model.trained_on == 100
        note = archive.similarity.retrain_note()
        assert note is not None and "learnt from 100 cables" in note and "--retrain" in note
    result = CliRunner().invoke(main, ["embed", "--archive", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    assert "--retrain" in json.loads(result.output)["note"]


def test_a_broken_model_file_is_said_and_retrained(embedded: Path, tmp_path: Path) -> None:
    folder = _copy(embedded, tmp_path / "archive")
    (folder / MODEL_PATH).write_bytes(b"PK\x03\x04 cut short")
    with Archive.open(folder, create=False, reader=True) as archive:
        found = archive.similar("09ANKARA718")
        assert found is not None and found.cables == ()
        assert found.note is not None and "cannot be read" in found.note
        assert "--retrain" in found.note
        with pytest.raises(BrokenModel, match="cables embed --retrain"):
            archive.search("earthquake", mode="hybrid")
    runner = CliRunner()
    result = runner.invoke(
        main, ["search", "quake", "--mode", "semantic", "--archive", str(folder)]
    )
    assert result.exit_code == 1 and "cannot be read" in result.output
    result = runner.invoke(main, ["embed", "--archive", str(folder)])
    assert result.exit_code == 1 and "--retrain" in result.output
    result = runner.invoke(main, ["embed", "--retrain", "--dim", "32", "--archive", str(folder)])
    assert result.exit_code == 0, result.output
    with Archive.open(folder, create=False, reader=True) as archive:
        assert len(archive.similar("09ANKARA718").cables) == 10  # type: ignore[union-attr]
