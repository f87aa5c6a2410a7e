"""Highlighted snippets: the passage of a text around the first words a query looks for."""

from __future__ import annotations

import html
import re

from cablearchive.search.query import And, DateRange, Measure, Node, Not, Or, Phrase, Term

# Fields whose words are in the cable's text (the others are metadata: tags, ids, dates...).
_TEXT_FIELDS = (None, "subject")


def highlight_terms(node: Node) -> list[tuple[str, bool]]:
    """(word or phrase, is_prefix) pairs the query asks the text for (NOT parts excluded)."""
    if isinstance(node, Term):
        return [(node.text, node.prefix)] if node.field in _TEXT_FIELDS else []
    if isinstance(node, Phrase):
        return [(node.text, False)] if node.field in _TEXT_FIELDS else []
    if isinstance(node, DateRange | Measure | Not):
        return []
    assert isinstance(node, And | Or)
    return [t for n in node.nodes for t in highlight_terms(n)]


def snippet(text: str, terms: list[tuple[str, bool]], width: int = 240) -> str:
    """HTML: about `width` characters around the first match, matches in <b>; escaped.

    The text is read with its spacing collapsed (`" ".join(text.split())`); only as much of it
    as the window needs is collapsed, since the first match of a common word is near the start
    of a text that may be 100 times longer than the window (collapsing a prefix of the text
    gives a prefix of the whole collapsed text, so the result is the same).
    """
    if not terms:
        return html.escape(_collapsed(text, width)[:width])
    alternatives = sorted(
        (
            r"\s+".join(re.escape(w) for w in phrase.split()) + (r"\w*" if prefix else r"\b")
            for phrase, prefix in terms
        ),
        key=len,
        reverse=True,
    )
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
    # The pattern reads the text as well before its spacing is collapsed (`\s+` between the
    # words): found there first, only the text up to a window past it is collapsed.
    in_text = pattern.search(text)
    if in_text is None:
        return _window(_collapsed(text, width + 1), 0, width, pattern)
    # The longest a match can be in the collapsed text, but for a prefix's word ending.
    longest = max(len(" ".join(phrase.split())) for phrase, _ in terms)
    upto = in_text.end() + 2 * width
    while True:
        flat = " ".join(text[:upto].split())
        first = pattern.search(flat)
        start = 0 if first is None else _window_start(flat, first.start(), width)
        # The prefix decides as the whole text would when it holds every match that could
        # start at or before the first one found (a word cut short can end a match or change
        # `\b` only at the cut) and the window beyond the space it may move to, with one more
        # character: whether "…" ends the window.
        if upto >= len(text) or (
            first is not None
            and len(flat) > first.start() + longest + 1
            and len(flat) > start + max(width, _SNAP)
        ):
            break
        upto *= 2
    return _window(flat, start, width, pattern)


_SNAP = 20  # how far a window's start moves on to the next word


def _window_start(flat: str, at: int, width: int) -> int:
    """Where the window of a match at `at` starts: a third of it before, at a word's start."""
    start = max(0, at - width // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + _SNAP else start
    return start


def _collapsed(text: str, at_least: int) -> str:
    """A prefix of `text` with its spacing collapsed, `at_least` long (or all of it)."""
    upto = 2 * at_least
    while True:
        flat = " ".join(text[:upto].split())
        if len(flat) >= at_least or upto >= len(text):
            return flat
        upto *= 4


def _window(flat: str, start: int, width: int, pattern: re.Pattern[str]) -> str:
    """`flat[start:start + width]`, escaped, matches of `pattern` in <b>, with "…" where text
    was left out; `flat` is the collapsed text or a prefix of it longer than the window."""
    window = flat[start : start + width]
    out: list[str] = ["…" if start else ""]
    pos = 0
    for m in pattern.finditer(window):
        out.append(html.escape(window[pos : m.start()]))
        out.append(f"<b>{html.escape(m.group(0))}</b>")
        pos = m.end()
    out.append(html.escape(window[pos:]))
    if start + width < len(flat):
        out.append("…")
    return "".join(out)
