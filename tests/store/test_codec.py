"""How texts and records are kept: zstd frames with the archive's own dictionary, each text once,
and the zlib of archives written before (store/codec.py), on real cables and real SQLite files."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import orjson
import pytest
import zstandard
from hypothesis import given
from hypothesis import strategies as st

from cablearchive import parse_cable
from cablearchive.sources import RawDocument, iter_documents
from cablearchive.store import Archive
from cablearchive.store.archive import DATABASE, legacy_text_hash, text_hash
from cablearchive.store.codec import (
    Packer,
    Unpacker,
    _common_prefix,
    _place,
    full_form,
    splice,
    stored_form,
    train,
    unsplice,
)
from tests.shared import shared_file

SEED_000 = "seeds/000_b6366df431a4d317.txt"
SITE = "corpora/cablegate-site-2011-04.tar.xz"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _example_texts() -> list[str]:
    return [d.text for d in iter_documents([EXAMPLES]) if isinstance(d, RawDocument)]


def test_a_text_and_its_record_come_back_whole(shared_dir: Path) -> None:
    text = shared_file(shared_dir, SEED_000).read_text(encoding="utf-8")
    record = parse_cable(text).to_dict()
    data = text.encode("utf-8")
    stored_text, stored_record = Packer().pack(data, record)
    unpack = Unpacker(lambda _id: None)
    assert unpack.text(stored_text) == text
    assert unpack.record(stored_record, stored_text) == record
    # The record costs little beside its text: its body and paragraphs repeat the text.
    assert len(stored_record) < len(orjson.dumps(record)) / 4


def test_paragraphs_are_kept_as_places_in_the_body(shared_dir: Path) -> None:
    record = parse_cable(shared_file(shared_dir, SEED_000).read_text(encoding="utf-8")).to_dict()
    kept = stored_form(record)
    assert kept["body"] == record["body"]
    assert all(isinstance(p["text"], list) for p in kept["paragraphs"])
    assert full_form(orjson.loads(orjson.dumps(kept))) == record


def test_a_paragraph_not_found_in_the_body_keeps_its_text() -> None:
    # Written: the parser's rare paragraph that is not a slice of the body in order (such as
    # 06THEHAGUE1184's first, which the site's metadata line runs into).
    record = {
        "body": "1. (C) First.\n2. (C) Second.",
        "paragraphs": [
            {"number": 2, "classification": "C", "text": "2. (C) Second."},
            {"number": 1, "classification": "C", "text": "1. (C) First, as the site wrote it"},
        ],
    }
    kept = stored_form(record)
    assert kept["paragraphs"][0]["text"] == [14, 28]
    assert kept["paragraphs"][1]["text"] == "1. (C) First, as the site wrote it"
    assert full_form(kept) == record


def test_a_dictionary_trained_on_cables_compresses_them_better() -> None:
    texts = [t.encode("utf-8") for t in _example_texts()]
    assert train(texts) is None  # nine cables are too few to train on
    many = texts * 40  # enough samples; the point here is only that a dictionary is used
    dictionary = train(many)
    assert dictionary is not None
    dict_id = zstandard.ZstdCompressionDict(dictionary).dict_id()
    stored, _ = Packer(dictionary).pack(texts[0], {"body": "", "paragraphs": []})
    assert zstandard.get_frame_parameters(stored).dict_id == dict_id
    plain, _ = Packer().pack(texts[0], {"body": "", "paragraphs": []})
    assert len(stored) < len(plain)
    unpack = Unpacker({dict_id: dictionary}.get)
    assert unpack.text_bytes(stored) == texts[0]
    with pytest.raises(ValueError, match="lacks zstd dictionary"):
        Unpacker(lambda _id: None).text_bytes(stored)


def test_texts_and_records_of_older_archives_are_zlib_and_still_read() -> None:
    text = _example_texts()[0]
    record = parse_cable(text).to_dict()
    unpack = Unpacker(lambda _id: None)
    old_text = zlib.compress(text.encode("utf-8"))
    assert unpack.text(old_text) == text
    assert unpack.record(zlib.compress(orjson.dumps(record)), old_text) == record


def test_an_archive_stores_its_dictionary_and_any_reader_decompresses(
    tmp_path: Path, shared_dir: Path
) -> None:
    folder = tmp_path / "archive"
    with Archive.open(folder) as archive:
        archive.ingest([shared_file(shared_dir, SITE)], jobs=2)
    conn = sqlite3.connect(folder / DATABASE)
    kinds = {k: (i, n) for i, k, n in conn.execute("SELECT id, kind, trained_on FROM dictionaries")}
    dict_id, trained_on = kinds["text"]
    assert set(kinds) == {"text", "names"} and trained_on == 2000
    # The names' dictionary: trained on the names rows of those texts (those that have any).
    names_id, rows = kinds["names"]
    assert 1500 < rows <= 2000
    names = {
        zstandard.get_frame_parameters(bytes(d)).dict_id
        for (d,) in conn.execute("SELECT data FROM names")
    }
    assert names == {names_id}
    frames = {
        zstandard.get_frame_parameters(bytes(t)).dict_id
        for (t,) in conn.execute("SELECT text FROM versions")
    }
    assert frames == {dict_id}
    conn.close()
    with Archive.open(folder, create=False, reader=True) as reader:
        cable = reader.get("02ANKARA8305")
        assert cable is not None
        assert "TURKEY" in cable.text
        paragraphs = cable.record["paragraphs"]
        # The paragraphs' texts are back from their places in the body, as long as the
        # paragraphs table (written from the parse itself) says.
        conn = sqlite3.connect(folder / DATABASE)
        lengths = [
            n
            for (n,) in conn.execute(
                "SELECT length FROM paragraphs WHERE cable_id = ? ORDER BY position",
                ("02ANKARA8305",),
            )
        ]
        conn.close()
        assert len(paragraphs) >= 3
        assert [len(p["text"]) for p in paragraphs] == lengths
        assert all(p["text"] in cable.record["body"] for p in paragraphs)


@given(
    words=st.lists(st.text(alphabet="ABCDE()./-¶’", min_size=1, max_size=6), min_size=1),
    spaces=st.lists(st.sampled_from([" ", "  ", "\n", "\r\n", "\t", " \n "]), min_size=1),
)
def test_a_text_with_other_spacing_is_the_same_version(words: list[str], spaces: list[str]) -> None:
    one = " ".join(words)
    other = "".join(w + spaces[i % len(spaces)] for i, w in enumerate(words))
    assert text_hash(one.encode("utf-8")) == text_hash(other.encode("utf-8"))
    assert legacy_text_hash(one) == legacy_text_hash(other)


def test_other_words_are_another_version() -> None:
    a = "1. (C) THE MINISTER AGREED."
    b = "1. (C) THE MINISTER DISAGREED."
    assert text_hash(a.encode()) != text_hash(b.encode())
    assert text_hash(a.encode()).startswith("xxh3:") and len(text_hash(a.encode())) == 37


def test_the_body_is_kept_as_pieces_of_its_text(shared_dir: Path) -> None:
    # The seed's body is its text less the header and each paragraph's `¶`.
    text = shared_file(shared_dir, SEED_000).read_text(encoding="utf-8")
    record = parse_cable(text).to_dict()
    kept = stored_form(record, text)
    pieces = kept["body"]
    assert isinstance(pieces, list) and all(isinstance(p, list) for p in pieces)
    assert unsplice(pieces, text) == record["body"]
    assert full_form(orjson.loads(orjson.dumps(kept)), text) == record
    with pytest.raises(ValueError, match="needs the text"):
        full_form(orjson.loads(orjson.dumps(kept)))


def test_a_body_unlike_its_text_is_kept_as_it_is() -> None:
    record = {"body": "an entirely different text, " * 20, "paragraphs": []}
    assert stored_form(record, "UNCLAS SECTION 01 OF 02 STATE 001234\n")["body"] == record["body"]


@given(
    st.text(alphabet="ab¶ \n1.", max_size=300),
    st.lists(st.tuples(st.integers(0, 300), st.integers(0, 5)), max_size=8),
    st.text(alphabet="xyz", max_size=5),
)
def test_any_body_spliced_from_a_text_comes_back(
    text: str, cuts: list[tuple[int, int]], extra: str
) -> None:
    # A body made from the text as the parser makes it: parts removed, a few characters added.
    body = text
    for at, n in cuts:
        body = body[:at] + body[at + n :]
    body = extra + body
    pieces = splice(body, text)
    if pieces is not None:
        assert unsplice(pieces, text) == body


@given(
    st.text(alphabet="ab¶\n", max_size=80),
    st.text(alphabet="ab¶\n", max_size=80),
    st.integers(0, 80),
    st.integers(0, 80),
)
def test_the_common_prefix_is_that_of_the_two_texts(a: str, b: str, i: int, j: int) -> None:
    # The shortcut to the text's next `¶` must give what comparing character by character does.
    i, j = min(i, len(a)), min(j, len(b))
    assert _common_prefix(a, i, b, j) == _compared(a, i, b, j)
    assert _common_prefix(a + a, i, a + a, i) == len(a + a) - i
    # The body as the parser makes it from its text: the text less some of its `¶`.
    body = a.replace("¶", "", 1)
    i = min(i, len(body))
    assert _common_prefix(body, i, a, j) == _compared(body, i, a, j)


def _compared(a: str, i: int, b: str, j: int) -> int:
    n = 0
    while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
        n += 1
    return n


@given(
    st.text(alphabet="ab \n", max_size=120),
    st.text(alphabet="ab \n", min_size=1, max_size=40),
    st.integers(0, 120),
)
def test_a_paragraph_is_placed_where_find_places_it(body: str, text: str, at: int) -> None:
    # Found by its head (`_HEAD` characters) and compared: the same place as a whole `find`.
    assert _place(body, text, at) == body.find(text, at)
    assert _place(body + text, text, at) == (body + text).find(text, at)
