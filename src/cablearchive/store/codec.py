"""How the archive keeps texts and records on disk: zstd, each text once.

A version's original text and its record (the JSON of `Cable.to_dict()`, each paragraph's
text given as the `[start, end]` of its place in the body, which holds them all, and the body as
slices of the text with the few characters that differ) are one zstd
frame cut in two: the `text` column holds the frame up to the end of the text (a flushed
block, so it decompresses alone), the `record` column the rest, after a format byte. The record
thus costs little beside its text (the body is mostly a copy of it), and both are compressed
in one pass.

The frame is compressed with a dictionary trained on the archive's own texts (cables share
most of their boilerplate: captions, headers, DECL lines), stored in the archive's
`dictionaries` table under the id zstd writes into the frame, so any reader can decompress.

Versions stored before schema v5 are zlib streams of the full JSON and of the text; they are
read as they are (a zlib stream starts with 0x78: neither zstd's magic number nor `_REST`).
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import zstandard

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_REST = b"\x01"  # a record that continues its text's frame
# Level 3 (zstd's default) with a dictionary: the text and record of a cable in about 70 us,
# into a quarter of their size; level 1 is 30% faster and 10% larger.
_LEVEL = 3
# zstd's advice: a dictionary of about 100 KB, trained on a few thousand samples.
DICTIONARY_SIZE = 112_640
TRAINING_SAMPLES = 2000
NAMES_DICTIONARY = 16_384  # the `names` rows' dictionary: they are short, and alike
MIN_TRAINING_SAMPLES = 200  # fewer texts than this train a dictionary worse than none


@dataclass(slots=True)
class Packer:
    """Compresses a version's text and record in the form above; one per worker process.

    Picklable (it travels to worker processes as the dictionary's bytes): the zstd objects are
    made on first use.
    """

    dictionary: bytes | None = None
    # The dictionary of the `names` rows (people's names as JSON, store/people.py): trained on
    # such rows, it makes them a third of their size, where the texts' makes them nine tenths.
    names_dictionary: bytes | None = None
    _zstd: zstandard.ZstdCompressor | None = field(default=None, init=False, repr=False)
    _names: zstandard.ZstdCompressor | None = field(default=None, init=False, repr=False)

    def __getstate__(self) -> tuple[bytes | None, bytes | None]:
        return self.dictionary, self.names_dictionary

    def __setstate__(self, state: tuple[bytes | None, bytes | None]) -> None:
        self.dictionary, self.names_dictionary = state
        self._zstd = self._names = None

    def pack_names(self, data: bytes) -> bytes:
        """A cable's `names` row, one zstd frame (with the names' dictionary where there is
        one; without, a row this short is kept as it is)."""
        if self.names_dictionary is None:
            return data
        if self._names is None:
            trained = zstandard.ZstdCompressionDict(self.names_dictionary)
            self._names = zstandard.ZstdCompressor(level=_LEVEL, dict_data=trained)
        return self._names.compress(data)

    def pack(
        self, text: bytes, record: dict[str, Any], source: str | None = None
    ) -> tuple[bytes, bytes]:
        """The `text` and `record` columns of a version of `text` whose record is `record`
        (`source`: the text as a string where the caller has it, which spares decoding it)."""
        if self._zstd is None:
            trained = zstandard.ZstdCompressionDict(self.dictionary) if self.dictionary else None
            self._zstd = zstandard.ZstdCompressor(level=_LEVEL, dict_data=trained)
        if source is None:
            source = text.decode("utf-8")
        data = orjson.dumps(stored_form(record, source))
        frame = self._zstd.compressobj(size=len(text) + len(data))
        head = frame.compress(text) + frame.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
        rest = frame.compress(data) + frame.flush(zstandard.COMPRESSOBJ_FLUSH_FINISH)
        return head, _REST + rest


def stored_form(record: dict[str, Any], text: str | None = None) -> dict[str, Any]:
    """The record with each paragraph's text as `[start, end]` in the body, where it is there
    (in order, as the parser cut them: all but a few in a thousand); others keep their text.
    Given the version's `text`, the body too is kept as pieces of it (`splice`)."""
    body = record.get("body") or ""
    kept = {**record, "paragraphs": _paragraph_places(record, body)}
    if text is not None and body:
        pieces = splice(body, text)
        if pieces is not None:
            kept["body"] = pieces
    return kept


# The body is the text less its `¶` and a few repaired lines, so a body kept as such pieces
# costs a few bytes where its copy cost 600 (zstd's matches break at every change): 150 MB
# over the whole Cablegate release. A body too unlike its text for that is kept as it is.
_PROBE = 12  # characters of the body looked for in the text where a match ends
_LOOK_AHEAD = 256  # how far past a match's end the next is looked for first


def splice(body: str, text: str) -> list[list[int] | str] | None:
    """`body` as a list of `[start, end]` slices of `text` and literal strings, in order, or None
    when the body is too unlike the text to be worth it (more than a twentieth literal)."""
    pieces: list[list[int] | str] = []
    budget = max(32, len(body) // 20)
    b = t = 0
    literal_from = -1
    while b < len(body):
        probe = body[b : b + _PROBE]
        at = text.find(probe, t, t + _LOOK_AHEAD + len(probe))
        if at < 0:
            at = text.find(probe)
        if at < 0:
            if literal_from < 0:
                literal_from = b
            b += 1
            budget -= 1
            if budget < 0:
                return None
            continue
        if literal_from >= 0:
            pieces.append(body[literal_from:b])
            literal_from = -1
        n = _common_prefix(body, b, text, at)
        pieces.append([at, at + n])
        b += n
        t = at + n
    if literal_from >= 0:
        pieces.append(body[literal_from:])
    return pieces


def _common_prefix(a: str, i: int, b: str, j: int) -> int:
    """How many characters `a[i:]` (the body) and `b[j:]` (the text) share from their start
    (slices compared in C, by halving)."""
    low, high = 0, min(len(a) - i, len(b) - j)
    # Nine pieces in ten end at the text's next `¶`, which the body leaves out: one compare
    # to that place, where the halving takes a dozen (a tenth of a worker's time to store a
    # cable went to this function).
    mark = b.find("¶", j, j + high) if high > 0 else -1
    if mark >= 0:
        n = mark - j
        if a[i : i + n] == b[j:mark]:
            if a[i + n] != "¶":
                return n
            low = n  # the body has it too: the common prefix goes on
        else:
            high = n - 1
    step = 1024
    while low + step <= high and a[i + low : i + low + step] == b[j + low : j + low + step]:
        low += step
    high = min(high, low + step)
    while low < high:
        mid = (low + high + 1) // 2
        if a[i + low : i + mid] == b[j + low : j + mid]:
            low = mid
        else:
            high = mid - 1
    return low


def unsplice(pieces: list[Any], text: str) -> str:
    return "".join(p if isinstance(p, str) else text[p[0] : p[1]] for p in pieces)


def _paragraph_places(record: dict[str, Any], body: str) -> list[dict[str, Any]]:
    paragraphs = []
    at = 0
    for p in record.get("paragraphs") or ():
        text = p["text"]
        start = _place(body, text, at) if text else -1
        if start < 0:
            paragraphs.append(p)
            continue
        at = start + len(text)
        paragraphs.append({**p, "text": [start, at]})
    return paragraphs


_HEAD = 24  # the characters of a paragraph looked for first (`_place`)


def _place(body: str, text: str, at: int) -> int:
    """`body.find(text, at)`, found by the paragraph's first words and then compared: a `find`
    of a whole paragraph first prepares all of it, which took most of this function's time."""
    start = body.find(text[:_HEAD], at)
    if start < 0 or body.startswith(text, start):
        return start  # the first place of its head is the first place of the paragraph
    return body.find(text, start + 1)


def full_form(record: dict[str, Any], text: str | None = None) -> dict[str, Any]:
    """A stored record with its body and paragraphs' texts back (records before v5 have them
    already; `text` is the version's, needed where the body is kept as pieces of it)."""
    if isinstance(record.get("body"), list):
        if text is None:
            raise ValueError("a body kept as pieces of its text needs the text to be read")
        record["body"] = unsplice(record["body"], text)
    paragraphs = record.get("paragraphs")
    if not paragraphs or all(isinstance(p["text"], str) for p in paragraphs):
        return record
    body = record.get("body") or ""
    record["paragraphs"] = [
        p if isinstance(p["text"], str) else {**p, "text": body[p["text"][0] : p["text"][1]]}
        for p in paragraphs
    ]
    return record


def train(texts: list[bytes], size: int = DICTIONARY_SIZE) -> bytes | None:
    """A zstd dictionary trained on `texts`, or None when they are too few to train one."""
    if len(texts) < MIN_TRAINING_SAMPLES:
        return None
    try:
        samples: list[bytes | bytearray | memoryview] = list(texts)
        # Fixed cover parameters: as good on cables as the search over them zstd does by
        # default (0.356 of the size either way), in a fifth of the time.
        return zstandard.train_dictionary(size, samples, k=1024, d=8).as_bytes()
    except zstandard.ZstdError:  # samples too small or too alike: no dictionary helps
        return None


def dictionary_id(dictionary: bytes) -> int:
    return int(zstandard.ZstdCompressionDict(dictionary).dict_id())


class Unpacker:
    """Reads what `Packer` wrote (and the zlib of older versions), with the archive's
    dictionaries loaded on first use. One per connection; not for two threads at once."""

    def __init__(self, load: Callable[[int], bytes | None]) -> None:
        self._load = load
        self._readers: dict[int, zstandard.ZstdDecompressor] = {}

    @classmethod
    def of(cls, conn: sqlite3.Connection) -> Unpacker:
        def load(dict_id: int) -> bytes | None:
            row = conn.execute("SELECT data FROM dictionaries WHERE id = ?", (dict_id,)).fetchone()
            return None if row is None else bytes(row[0])

        return cls(load)

    def _reader(self, blob: bytes) -> zstandard.ZstdDecompressor:
        """The decompressor of a frame's dictionary."""
        dict_id = zstandard.get_frame_parameters(blob).dict_id
        reader = self._readers.get(dict_id)
        if reader is None:
            data = self._load(dict_id) if dict_id else None
            if dict_id and data is None:
                raise ValueError(f"the archive lacks zstd dictionary {dict_id} of a stored text")
            trained = zstandard.ZstdCompressionDict(data) if data else None
            reader = zstandard.ZstdDecompressor(dict_data=trained)
            self._readers[dict_id] = reader
        return reader

    def _frame(self, blob: bytes) -> zstandard.ZstdDecompressionObj:
        return self._reader(blob).decompressobj()

    def text_bytes(self, blob: bytes) -> bytes:
        if not blob.startswith(ZSTD_MAGIC):
            return zlib.decompress(blob)
        return self._frame(blob).decompress(blob)

    def frame_bytes(self, blob: bytes) -> bytes:
        """A whole zstd frame that says its size (`Packer.pack_names`), in one call."""
        return self._reader(blob).decompress(blob)

    def text(self, blob: bytes) -> str:
        return self.text_bytes(blob).decode("utf-8")

    def record(self, blob: bytes, stored_text: bytes) -> dict[str, Any]:
        """The full record of a version, from its stored record and text."""
        if not blob.startswith(_REST):
            return dict(orjson.loads(zlib.decompress(blob)))
        frame = self._frame(stored_text)
        text = frame.decompress(stored_text)
        record = dict(orjson.loads(frame.decompress(blob[len(_REST) :])))
        return full_form(
            record, text.decode("utf-8") if isinstance(record.get("body"), list) else None
        )
