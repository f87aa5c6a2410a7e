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
    """HTML: about `width` characters around the first match, matches in <b>; escaped."""
    flat = " ".join(text.split())
    if not terms:
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
