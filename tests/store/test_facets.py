"""Facet counts on a real archive (1,500 Cablegate pages in three ingests, so several index
segments, and a cable stored in two versions, so a deleted document in the index): exact, equal
to the hits counted by hand from the stored records; and searches remembered between ingests
are forgotten when the index changes, in the process that ingests and in a reader beside it."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablearchive.store import Archive
from cablearchive.store import index as index_module
from cablearchive.store.index import (
    FACET_SIZE,
    FACETS,
    HEAVY_PHRASE,
    LEAST_SAMPLED,
    SearchIndex,
    Sort,
    parts_of,
)
from tests.shared import SITE_CORPUS, iter_site_pages, shared_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEED = "seeds/001_f39073fb4f33a29e.txt"  # 06ALMATY1703
EDIT = ("position.", "position on the MLAT.")
PAGES = 1500
Values = dict[str, tuple[str, ...]]


def _site_pages(corpus: Path, into: Path, count: int, parts: int) -> list[Path]:
    """The first `count` pages of the corpus, written into `parts` folders in turn."""
    folders = [into / f"part{i}" for i in range(parts)]
    for folder in folders:
        folder.mkdir(parents=True)
    pages = itertools.islice(iter_site_pages(corpus), count)
    for n, (name, page) in enumerate(pages):
        (folders[n % parts] / Path(name).name).write_text(page, encoding="utf-8")
    return folders


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    inputs = tmp_path_factory.mktemp("pages")
    parts = _site_pages(shared_file(shared_dir, SITE_CORPUS), inputs, PAGES, 3)
    seed = shared_file(shared_dir, SEED).read_text(encoding="utf-8")
    later = inputs / "06ALMATY1703-later.txt"
    later.write_text(seed.replace(*EDIT), encoding="utf-8")
    path = tmp_path_factory.mktemp("facets") / "archive"
    # Runs of 64 documents make the turns of an archive this small even (see _RUN).
    with pytest.MonkeyPatch.context() as patch, Archive.open(path) as archive:
        patch.setattr(index_module, "_RUN", 64)
        for part in [*parts, EXAMPLES, shared_file(shared_dir, SEED)]:
            assert archive.ingest([part]).failed == 0
        assert archive.ingest([later]).updated == 1  # the first text's document is deleted
    return path


@pytest.fixture(scope="module")
def archive(folder: Path) -> Archive:
    return Archive.open(folder, create=False, reader=True)


@pytest.fixture(scope="module")
def values(archive: Archive) -> dict[str, Values]:
    """Each cable's facet values, read from its stored record (not from the index)."""
    return {record["id"]: _facet_values(record) for record in archive.records()}


def _facet_values(record: dict[str, object]) -> Values:
    def one(key: str) -> tuple[str, ...]:
        value = record.get(key)
        return (value,) if isinstance(value, str) and value else ()

    def each(key: str) -> tuple[str, ...]:
        value = record.get(key) or []
        assert isinstance(value, list)
        return tuple(dict.fromkeys(value))

    created = record.get("created")
    month = (created[:7],) if isinstance(created, str) and len(created) >= 7 else ()
    return {
        "tag": each("tags"),
        "origin": one("origin"),
        "classification": one("classification"),
        "caption": each("captions"),
        "month": month,
    }


def _by_hand(hits: list[str], values: dict[str, Values]) -> dict[str, tuple[tuple[str, int], ...]]:
    """The facets of `hits` counted one cable at a time: the FACET_SIZE most frequent values
    of each facet (ties by value), every month in order."""
    out: dict[str, tuple[tuple[str, int], ...]] = {}
    for name in FACETS:
        counts = Counter(v for cable_id in hits for v in values[cable_id][name])
        if name == "month":
            out[name] = tuple(sorted(counts.items()))
        else:
            out[name] = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE])
    return out


def _all_hits(archive: Archive, query: str, total: int) -> list[str]:
    hits = [h.id for h in archive.search(query, limit=max(total, 1)).hits]
    assert len(hits) == len(set(hits)) == total
    return hits


@pytest.mark.parametrize(
    "query",
    [
        "the",  # nearly every cable, the replaced version's document among them
        '"end summary"',  # a phrase: counted in one pass over the matches
        "minist*",
        "embassy NOT visa",
        "tag:PREL",
        '"human rights" OR iran',
        "-tag:PREL security",
        "class:secret",
        "kazakhstan",
        "mlat",  # only in the later text of 06ALMATY1703
        "zzzyzzx",  # nothing
    ],
)
def test_facet_counts_equal_the_hits_counted_by_hand(
    archive: Archive, values: dict[str, Values], query: str
) -> None:
    results = archive.search(query, limit=1, facets=True)
    expected = _by_hand(_all_hits(archive, query, results.total), values)
    assert results.facets == expected
    assert results.histogram == expected["month"]
    # Asked again (remembered now), the same counts.
    assert archive.search(query, limit=1, facets=True).facets == expected


def test_the_archive_under_test_is_large_enough_to_cut(archive: Archive) -> None:
    """The counts above are checked where a facet has more values than it shows."""
    results = archive.search("the", limit=1, facets=True)
    assert results.total > 1400
    assert len(results.facets["tag"]) == FACET_SIZE
    assert len(results.facets["origin"]) == FACET_SIZE
    assert len(results.histogram) > 10


def test_a_search_remembered_is_forgotten_when_an_ingest_changes_the_index(
    tmp_path: Path, shared_dir: Path
) -> None:
    folder = tmp_path / "archive"
    inputs = tmp_path / "inputs"
    seed = shared_file(shared_dir, SEED).read_text(encoding="utf-8")
    (inputs / "first").mkdir(parents=True)
    (inputs / "first" / "seed.txt").write_text(seed, encoding="utf-8")
    (inputs / "later").mkdir()
    (inputs / "later" / "seed.txt").write_text(seed.replace(*EDIT), encoding="utf-8")
    with Archive.open(folder) as writer:
        writer.ingest([EXAMPLES])
        reader = Archive.open(folder, create=False, reader=True)
        before = {a: a.search("kazakhstan", facets=True) for a in (writer, reader)}
        mlat = {a: a.search("mlat", facets=True) for a in (writer, reader)}
        for a in (writer, reader):  # asked twice: the second answer is the remembered one
            assert a.search("kazakhstan", facets=True) == before[a]
            assert mlat[a].total == 0

        writer.ingest([inputs / "first"])  # one more Kazakhstan cable
        for a in (writer, reader):
            after = a.search("kazakhstan", facets=True)
            assert after.total == before[a].total + 1
            assert dict(after.facets["tag"])["KZ"] == dict(before[a].facets["tag"]).get("KZ", 0) + 1
            assert after.histogram != before[a].histogram

        writer.ingest([inputs / "later"])  # the same cable, a text with MLAT in it
        for a in (writer, reader):
            found = a.search("mlat", facets=True)
            assert [h.id for h in found.hits] == ["06ALMATY1703"]
            assert dict(found.facets["tag"])["KZ"] == 1
            # The replaced text's document is not counted twice.
            assert a.search("kazakhstan", facets=True).total == before[a].total + 1
        reader.close()


HEAVY = [
    '"end summary"',
    '"the government"',
    '"human rights" OR iran',
    '"of the" -tag:PREL',
    'NOT "end summary"',
    'subject:"human rights" OR "the embassy"',
]


@pytest.fixture
def in_parts(archive: Archive) -> Iterator[Archive]:
    """The archive, with every phrase counted heavy: searched turn by turn, facets on a sixteenth
    (as a phrase in most of Cablegate is), however few the cables sampled."""
    archive.index.heavy_phrase, archive.index.least_sampled = 1, 1
    archive.index.forget_cached()
    yield archive
    archive.index.heavy_phrase, archive.index.least_sampled = HEAVY_PHRASE, LEAST_SAMPLED
    archive.index.forget_cached()


@pytest.mark.parametrize("query", HEAVY)
@pytest.mark.parametrize("sort", ["relevance", "date", "-date"])
def test_a_heavy_phrase_searched_turn_by_turn_finds_the_same_hits_in_the_same_order(
    archive: Archive, query: str, sort: Sort
) -> None:
    pages = [(0, 20), (15, 10), (0, 400)]
    whole = [archive.search(query, limit=n, offset=at, sort=sort) for at, n in pages]
    archive.index.heavy_phrase = 1
    archive.index.forget_cached()
    try:
        in_turns = [archive.search(query, limit=n, offset=at, sort=sort) for at, n in pages]
    finally:
        archive.index.heavy_phrase = HEAVY_PHRASE
        archive.index.forget_cached()
    assert whole[0].total > 20
    for one, two in zip(whole, in_turns, strict=True):
        assert two.total == one.total
        assert [(h.id, h.score) for h in two.hits] == [(h.id, h.score) for h in one.hits]


@pytest.mark.parametrize("query", ['"end summary"', '"human rights" OR iran', 'NOT "of the"'])
def test_a_heavy_phrase_counts_its_facets_on_a_sixteenth_of_the_matches(
    in_parts: Archive, values: dict[str, Values], query: str
) -> None:
    results = in_parts.search(query, limit=1, facets=True)
    assert results.facets_sample == 1 / 16
    hits = _all_hits(in_parts, query, results.total)  # all of them: the total is exact
    sampled = [cable_id for cable_id in hits if "s0" in parts_of(cable_id)]
    assert 0 < len(sampled) < len(hits)
    by_hand = _by_hand(sampled, values)
    # Each count is the sample's, times sixteen; the top values are the sample's top values.
    assert results.facets == {
        name: tuple((value, n * 16) for value, n in counts) for name, counts in by_hand.items()
    }
    assert results.histogram == results.facets["month"]


def test_a_heavy_phrase_with_too_few_cables_sampled_is_counted_exactly(
    archive: Archive, values: dict[str, Values]
) -> None:
    archive.index.heavy_phrase = 1  # the sixteenth of this archive holds under 200 matches
    archive.index.forget_cached()
    try:
        results = archive.search('"end summary"', limit=1, facets=True)
    finally:
        archive.index.heavy_phrase = HEAVY_PHRASE
        archive.index.forget_cached()
    assert results.facets_sample == 1.0
    assert results.facets == _by_hand(_all_hits(archive, '"end summary"', results.total), values)


def _in_turn(index: SearchIndex, turn: str) -> int:
    query = index_module._part_query(index.schema, turn, "turn")
    return int(index._searcher().search(query, 1, count=True).count or 0)  # type: ignore[attr-defined]


def test_the_parts_of_the_index_are_even(archive: Archive) -> None:
    ids = [h.id for h in archive.search("NOT zzzyzzx", limit=5000).hits]
    assert len(ids) > 1400
    sixteenths = Counter(parts_of(i)[0] for i in ids)
    assert set(sixteenths) == {f"s{k}" for k in range(16)}
    assert all(0.04 < n / len(ids) < 0.085 for n in sixteenths.values())
    # The turns, filled by runs over five ingests, each going on where the last stopped.
    turns = [_in_turn(archive.index, f"t{t}") for t in range(8)]
    assert sum(turns) == len(ids) == archive.count()
    assert all(0.09 < n / len(ids) < 0.16 for n in turns)


def test_the_turns_are_runs_of_documents_taken_in_turn(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    index.add(f'{{"id":"C{n}","body":"the government"}}' for n in range(2500))
    index.commit()
    # Documents 0-1023 in the first turn, 1024-2047 in the second, 2048-2499 in the third.
    assert [_in_turn(index, f"t{t}") for t in range(4)] == [1024, 1024, 452, 0]
    index.add(f'{{"id":"D{n}"}}' for n in range(700))  # a writer of its own: the run goes on
    index.commit()
    assert [_in_turn(index, f"t{t}") for t in range(4)] == [1024, 1024, 1024, 128]
    index.close()
