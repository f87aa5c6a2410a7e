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

    The text is read with its whitespace runs as single spaces; only as much of it as the
    snippet needs is rewritten so (a search page makes 20 snippets, of texts up to 100 KB).
    """
    if not terms:
        return html.escape(_flat_start(text, width)[:width])
    alternatives = sorted(
        (
            r"\s+".join(re.escape(w) for w in phrase.split()) + (r"\w*" if prefix else r"\b")
            for phrase, prefix in terms
        ),
        key=len,
        reverse=True,
    )
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
    # The first match in the text is the first in its rewritten form (`\s+` matches one
    # space as it matches a run); a rewritten start that holds it, and `width` characters
    # (and the 20 a window start may move) past it, gives the same snippet as the whole.
    in_text = pattern.search(text)
    until = 0 if in_text is None else in_text.start()
    flat = _flat_start(text, until + width + 22, covering=0 if in_text is None else in_text.end())
    first = pattern.search(flat)
    start = 0 if first is None else max(0, first.start() - width // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
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


_SPACE = re.compile(r"\s")


def _flat_start(text: str, length: int, covering: int = 0) -> str:
    """The start of `" ".join(text.split())`: whole words, at least `length` characters of it
    (all of it when it is shorter), from at least the text's first `covering` characters."""
    cut = max(length, covering)
    while True:
        # Cut at a space, so that no word is cut short.
        space = _SPACE.search(text, cut)
        end = len(text) if space is None else space.start()
        flat = " ".join(text[:end].split())
        if len(flat) >= length or end >= len(text):
            return flat
        cut = 2 * end
