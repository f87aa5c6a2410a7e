"""Highlighted snippets: the passage of a text around the first words a query looks for."""

from __future__ import annotations

import html
import re

from cablearchive.search.query import And, DateRange, Node, Not, Or, Phrase, Term

# Fields whose words are in the cable's text (the others are metadata: tags, ids, dates...).
_TEXT_FIELDS = (None, "subject")


def highlight_terms(node: Node) -> list[tuple[str, bool]]:
    """(word or phrase, is_prefix) pairs the query asks the text for (NOT parts excluded)."""
    if isinstance(node, Term):
        return [(node.text, node.prefix)] if node.field in _TEXT_FIELDS else []
    if isinstance(node, Phrase):
        return [(node.text, False)] if node.field in _TEXT_FIELDS else []
    if isinstance(node, DateRange | Not):
        return []
    assert isinstance(node, And | Or)
    return [t for n in node.nodes for t in highlight_terms(n)]


def snippet(text: str, terms: list[tuple[str, bool]], width: int = 240) -> str:
    """HTML: about `width` characters around the first match, matches in <b>; escaped.

    The text is read with its whitespace runs as single spaces (`" ".join(text.split())`);
    only the stretch of it the snippet shows is rewritten so (a search page makes 20
    snippets, of texts up to 100 KB).
    """
    if not terms:
        flat, _ = _flat_stretch(text, 0, 0, width)
        return html.escape(flat[:width])
    alternatives = sorted(
        (
            r"\s+".join(re.escape(w) for w in phrase.split()) + (r"\w*" if prefix else r"\b")
            for phrase, prefix in terms
        ),
        key=len,
        reverse=True,
    )
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
    flat, before = _stretch_around(text, pattern, width // 3, width + 22)
    first = pattern.search(flat)
    start = 0 if first is None else max(0, first.start() - width // 3)
    if start or before:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    window = flat[start : start + width]
    out: list[str] = ["…" if start or before else ""]
    pos = 0
    for m in pattern.finditer(window):
        out.append(html.escape(window[pos : m.start()]))
        out.append(f"<b>{html.escape(m.group(0))}</b>")
        pos = m.end()
    out.append(html.escape(window[pos:]))
    if start + width < len(flat):
        out.append("…")
    return "".join(out)


_SPACE = re.compile(r"\s")
_WORD = re.compile(r"\S")


def _stretch_around(text: str, pattern: re.Pattern[str], back: int, ahead: int) -> tuple[str, bool]:
    """The rewritten stretch around the pattern's first match: from at least `back`
    characters before it (or the text's start) to at least `ahead` after its start (or the
    text's end); and whether words come before the stretch.

    The first match in the text is the first in the stretch: the pattern matches a single
    space where it matches a run of whitespace, and the stretch starts and ends between
    words, where a word boundary is one either way.
    """
    found = pattern.search(text)
    if found is None:
        return _flat_stretch(text, 0, 0, ahead)[0], False
    span = back + 64
    while True:
        begin = max(0, found.start() - span)
        if begin:  # start between words: at the first space from there
            space = _SPACE.search(text, begin, found.start())
            if space is None:  # one word longer than the span: look further back
                span *= 2
                continue
            begin = space.start()
        flat, _ = _flat_stretch(text, begin, found.end(), ahead)
        first = pattern.search(flat)
        assert first is not None
        before = begin > 0 and _WORD.search(text, 0, begin) is not None
        if not before or first.start() >= back:
            if len(flat) < first.start() + ahead:  # whitespace runs: rewrite further
                flat, _ = _flat_stretch(text, begin, found.end(), first.start() + ahead)
            return flat, before
        span *= 2


def _flat_stretch(text: str, begin: int, covering: int, length: int) -> tuple[str, int]:
    """`text[begin:end]` with its whitespace runs as single spaces, at least `length`
    characters of it (all the rest of the text when shorter), `end` at least `covering`;
    and `end`. `text[begin]` must start a word or be a space."""
    cut = max(begin + length, covering)
    while True:
        space = _SPACE.search(text, cut)  # end between words, so that none is cut short
        end = len(text) if space is None else space.start()
        flat = " ".join(text[begin:end].split())
        if len(flat) >= length or end >= len(text):
            return flat, end
        cut = begin + 2 * (end - begin)
