"""Cleaning cable text before parsing: line endings, web artefacts, page lines."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

# Cython's pure-Python mode, for the compiled build (setup.py): `@cython.cfunc` makes a helper
# that only this module calls, and calls for most cables, a C function once compiled (a call
# without Python's call protocol); the typed locals are C integers, strings or characters.
# Interpreted, `cython` gives do-nothing decorators and the Python types (see _cython_shadow).
if TYPE_CHECKING:
    from cablearchive.parse import _cython_shadow as cython
else:
    try:
        import cython
    except ImportError:  # Cython is a build requirement only
        from cablearchive.parse import _cython_shadow as cython

# TAGS written as markdown links by some exports: `[PTER](#)`.
_MD_LINK = re.compile(r"\[([^\]\n]{1,40})\]\([^)\n]*\)")

# Continuation page lines the telegram system inserted at every page break:
# `ALMATY 00002549  002 OF 002` (1990s-2010) and `PAGE 02 VATICA 01261 061419Z` (older).
PAGE_LINE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Z .'-]{1,30}[ \t]+\d{5,8}[ \t]+\d{2,3}(?:\.\d)?[ \t]+OF[ \t]+\d{2,3}"
    r"|PAGE[ \t]+\d{1,3}[ \t]+[A-Z][A-Z ]{0,20}[ \t]*\d{3,6}(?:[ \t]+\d{2}[ \t]+OF[ \t]+\d{2})?"
    r"[ \t]+\d{6}Z)(?:[ \t]*$|[ \t]{2,}(?=\S))",  # some pages ran the next line onto it
    re.M,
)
# The classification the page footer repeats just before a page line or at the very end.
_CLASS_ALONE = re.compile(
    r"^[ \t]*(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|TOP SECRET|LIMITED OFFICIAL USE"
    r"|SENSITIVE BUT UNCLASSIFIED|SECRET//NOFORN|CONFIDENTIAL//NOFORN|UNCLASSIFIED//FOUO)"
    r"[ \t]*$"
)


def normalize(text: str) -> str:
    # The web pages' paragraph anchors (`¶1.`) are markup, not text; without them most cables
    # are pure ASCII, which every later string operation handles several times faster.
    if "¶" in text:
        text = _without_pilcrows_fast(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Two-character searches cost ten times a one-character one: the rare character first.
    if "\\" in text and "\\\n" in text:  # some exports end every line with a backslash
        text = text.replace("\\\n", "\n")
    if "]" in text and "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if not text.isascii() and "\xa0" in text:  # (the flag tells an ASCII text without a scan)
        text = text.replace("\xa0", " ")
    return text


@cython.cfunc
def _without_pilcrows_fast(text: str) -> str:
    """`text.replace("¶", "")`, on bytes where the text is Latin-1 (most pages): `bytes.replace`
    deletes a character at about twice the speed of `str.replace`, which counts it char by char
    first, and the page's anchors are on every cable's path."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:  # curly quotes and the like: splitting beats `replace` too
        return "".join(text.split("¶"))
    return raw.replace(b"\xb6", b"").decode("latin-1")


def without_pilcrows(text: str) -> str:
    """The site's anchors removed; one inside a line marks a paragraph whose line break was
    lost (the site puts them at line starts only), so a break takes its place."""
    parts = text.split("¶")
    out = [parts[0]]
    for before, part in pairwise(parts):
        end = len(before)
        while end > 0 and before[end - 1] in " \t":
            end -= 1
        if end > 0 and before[end - 1] != "\n":
            out[-1] = before[:end]  # out[-1] is `before`: the spaces before the break go
            out.append("\n")
        out.append(part)
    return "".join(out)


# Page lines are found from literal anchors (` OF 0`, `PAGE`) rather than by trying a pattern
# at every line start: the body is long and page lines are few. Modern page lines count pages
# with three digits (`002 OF 002`), so ` OF 0` is the anchor, searched by a pattern that opens
# with `OF 0`: its scan stops only at a capital `O` (a pattern opening with the space stops at
# every space, and `str.find` of ` OF 0` skips little for a needle with a space in it); the
# space before it is tested apart.
# (`PAGE` is searched by the pattern itself: its scan for the rare `P` beats `str.find`, whose
# skips stop at every `E` of a text in capitals.)
_OF_ANCHOR = re.compile(r"OF 0\d\d[ \t]*$", re.M)
_PAGE_ANCHOR = re.compile(r"PAGE[ \t]+\d")


@cython.cfunc
def _page_anchors(body: str) -> list[re.Match[str]]:
    """The places that may be page lines, in order."""
    # (Matches of `OF 0...` cannot overlap, and an anchor's `start` goes only to a search for
    # the newline before it, which the space after that newline does not change.) The pattern
    # is tried where `str.find` finds its first four characters after a space: its own scan
    # for them took three percent of the parser's instructions (benchmarks/instructions.py).
    anchors: list[re.Match[str]] = []
    at = body.find("OF 0", 1)
    while at >= 0:
        if body[at - 1] == " " and (m := _OF_ANCHOR.match(body, at)) is not None:
            anchors.append(m)
        at = body.find("OF 0", at + 1)
    # (Matches of `PAGE...` cannot overlap: the pattern finds each one the literal would.)
    # Most bodies hold no `PAGE`: a reverse search tells first, faster than the pattern's scan
    # (its skips test the word's `P`, rarer than the `E` a forward search tests).
    if body.rfind("PAGE") >= 0:
        anchors.extend(_PAGE_ANCHOR.finditer(body))
    if len(anchors) > 1:
        anchors.sort(key=lambda m: m.start())
    return anchors


def remove_page_lines(body: str) -> tuple[str, int]:
    """Drop page lines and the classification footer that precedes each; return the count."""
    cuts: list[tuple[int, int]] = []
    anchors = _page_anchors(body)
    for anchor in anchors:
        start = body.rfind("\n", 0, anchor.start()) + 1
        end = body.find("\n", anchor.end())
        end = len(body) if end < 0 else end + 1
        if cuts and start < cuts[-1][1]:
            continue
        m = PAGE_LINE.match(body, start, end - 1 if body[end - 1 : end] == "\n" else end)
        if m is None:
            continue
        if m.end() < end - 1:
            end = m.end()  # keep the text that ran onto the page line
        # The footer is the last non-blank line before the page line.
        prev_end = start
        while prev_end > 0 and body[prev_end - 1] in " \t\n":
            prev_end -= 1
        prev_start = body.rfind("\n", 0, prev_end) + 1
        if prev_end > prev_start and _CLASS_ALONE.match(body[prev_start:prev_end]):
            start = prev_start
        cuts.append((start, end))
    if not cuts:
        return body, 0
    parts = []
    pos = 0
    for start, end in cuts:
        parts.append(body[pos:start])
        pos = end
    parts.append(body[pos:])
    return "".join(parts), len(cuts)


# A classification on a line of its own: the footer a page repeats before its page line.
CLASSIFICATION_LINES = frozenset(
    {
        "UNCLASSIFIED",
        "UNCLAS",
        "CONFIDENTIAL",
        "SECRET",
        "TOP SECRET",
        "LIMITED OFFICIAL USE",
        "SECRET//NOFORN",
        "CONFIDENTIAL//NOFORN",
    }
)
_END_MARKS = CLASSIFICATION_LINES | {"NNNN", "BT", "#", "SENSITIVE BUT UNCLASSIFIED"}


def strip_trailing_footer(body: str) -> str:
    """Drop blank lines, `NNNN`/`BT`/`#2549` end marks, the site's `=====CABLE ENDS=====`
    trailer and the closing classification at the end."""
    end = len(body.rstrip())
    while end > 0:
        start = body.rfind("\n", 0, end) + 1
        line = body[start:end].strip()
        if (
            line not in _END_MARKS
            and line.strip("= ") != "CABLE ENDS"
            # The message's number after its last BT, as a teletype copy ends: `#2549`.
            and not (line[:1] == "#" and line[1:].isdigit() and len(line) <= 7)
        ):
            break
        end = len(body[:start].rstrip())
    return body[:end]


def word_heads(words: frozenset[str]) -> bytes:
    """The table `word_places_compiled` reads: a bit for each hash (`word_hash`) of a word of
    `words` (lower case), so that a word of the text is looked up only where its hash is one
    of theirs: a few of a cable's thousand words. 2**16 bits, or more for many words (a
    bit in 32 set at most: 20,000 first names would set a quarter of 2**16)."""
    bits = _HASH_BITS
    while bits < len(words) * 32 and bits < _MAX_HASH_BITS:
        bits <<= 1
    table = bytearray(bits // 8)
    for word in words:
        h = word_hash(word) & (bits - 1)
        table[h >> 3] |= 1 << (h & 7)
    return bytes(table)


_HASH_BITS = 1 << 16
_MAX_HASH_BITS = 1 << 24
_FNV_PRIME = 16777619
_FNV_OFFSET = 2166136261


def word_hash(word: str) -> int:
    """FNV-1a over the characters of `word` (in lower case), 32 bits."""
    h = _FNV_OFFSET
    for c in word.lower():
        h = ((h ^ ord(c)) * _FNV_PRIME) & 0xFFFFFFFF
    return h


# The characters of words, as `[\w/]` reads them: ASCII letters, digits, `_` and `/` (and,
# beyond ASCII, what `str.isalnum` says); every other character separates words.
_WORD_ASCII = bytes(
    1 if chr(c).isalnum() or chr(c) in "_/" else 0 for c in range(128)
)  # fmt: skip
_SPACED = bytes(c if c < 128 and _WORD_ASCII[c] else 32 for c in range(256))
_SPACED_MAP = {c: 32 for c in range(128) if not _WORD_ASCII[c]}
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_WORDS = re.compile(r"[\w/]+")


def word_places_interpreted(
    text: str, words: frozenset[str], heads: bytes
) -> list[tuple[int, str]]:
    r"""Where each of `words` (lower case) stands as a whole word of `text` in any case, in
    order: (the offset of its first character, the word). Words are runs of `[\w/]`; `heads`
    is `word_heads(words)`.

    `word_places` is this function where the module is interpreted: `str.find` for each word
    of `words` the text holds is faster there than a loop of characters. Compiled, it is
    `word_places_compiled`, one pass over the characters. The same places either way
    (tests/parse/test_text.py)."""
    lower = text.lower()
    if len(lower) != len(text):  # lower case changed the offsets (`İ`): word by word
        return [(m.start(), w) for m in _WORDS.finditer(text) if (w := m.group().lower()) in words]
    if lower.isascii():
        spaced = lower.encode("ascii").translate(_SPACED).decode("ascii")
    else:
        spaced = _NOT_ASCII.sub(
            lambda m: m.group() if m.group().isalnum() else " ",
            lower.translate(_SPACED_MAP),
        )
    spaced = f" {spaced} "  # offsets in `spaced` are one more than in `text`
    found: list[tuple[int, str]] = []
    for word in words.intersection(spaced.split()):
        needle = f" {word} "
        at = spaced.find(needle)
        while at >= 0:
            found.append((at, word))
            at = spaced.find(needle, at + len(needle) - 1)
    found.sort()
    return found


def word_places_compiled(text: str, words: frozenset[str], heads: bytes) -> list[tuple[int, str]]:
    """`word_places_interpreted`, in one pass over the characters: a word is looked up only
    where its hash is a word's of `words` (`heads`), a few of a cable's thousand words.
    Compiled, a C loop; interpreted, ten times slower than the other."""
    found: list[tuple[int, str]] = []
    table: cython.p_char = heads  # read as C chars, compiled
    i: cython.Py_ssize_t = -1
    start: cython.Py_ssize_t = -1  # where the word being read began; -1: between words
    h: cython.Py_ssize_t = 0  # its hash so far (`word_hash`; the constants written out, as
    # a module's names are looked up in a dictionary at each use)
    plain: cython.bint = True  # ASCII alone: its hash says whether to look it up
    mask: cython.Py_ssize_t = 0xFFFFFFFF  # typed: as a literal, a Python integer each time
    offset: cython.Py_ssize_t = 2166136261
    bits: cython.Py_ssize_t = len(heads) * 8 - 1  # the table's size is a power of two
    c: cython.Py_UCS4
    # One loop over the characters (compiled, a C loop reading the string's own buffer); the
    # word is checked at the character after it, so the text gets a space at its end.
    for c in text + " ":
        i += 1
        if ("a" <= c <= "z") or ("A" <= c <= "Z") or ("0" <= c <= "9") or c in "_/":
            if start < 0:
                start, h, plain = i, offset, True
            h = ((h ^ (ord(c) + 32 if "A" <= c <= "Z" else ord(c))) * 16777619) & mask
            continue
        if ord(c) >= 128 and c.isalnum():
            if start < 0:
                start, h = i, offset
            plain = False
            continue
        if start >= 0:
            if not plain or table[(h & bits) >> 3] & (1 << (h & 7)):
                word = text[start:i].lower()
                if word in words:
                    found.append((start, word))
            start = -1
    return found


word_places = word_places_compiled if cython.compiled else word_places_interpreted
