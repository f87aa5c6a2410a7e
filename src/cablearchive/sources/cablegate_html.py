"""Pages of the Cablegate web site (2010-2011): the metadata table and the <pre> text.

A page is ~68 KB, almost all of it the sidebar before the cable. The reader finds the table in
the raw bytes and decodes and parses only the slice from there to the end, which keeps a page
well under a millisecond.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cablearchive.sources.dates import date_hint
from cablearchive.sources.document import MetadataHints
from cablearchive.sources.extract import (
    CABLEGATE_HTML,
    HTML,
    Extract,
    Unreadable,
    join_header_body,
    none_if_blank,
)
from cablearchive.sources.text import decode_text

_TABLE_AS_WRITTEN = b"<table class='cable'>"
_TABLE = re.compile(rb"""<table\s+class\s*=\s*['"]cable['"]\s*>""", re.IGNORECASE)
_HTML_START = (b"<?xml", b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<pre")
# The site did not escape `<` in cable text (`<<Israel>>`, `<_protect>`, `< /a>`); a browser
# shows those as text, but a parser would take `<Israel>` for a tag and drop the word. Any `<`
# that does not open one of the tags the site writes is therefore escaped before parsing
# (on the site's pages only: other HTML is taken as it is written).
_SITE_TAGS = (
    "a|b|i|u|p|br|em|tr|td|th|pre|code|span|div|table|thead|tbody|strong|script|html|head|body"
)
_STRAY_LT = re.compile(rf"<(?!/?(?:{_SITE_TAGS})[\s/>])", re.IGNORECASE)
# Some 60 pages show the site's database row in the body <pre>: the fields (date, id,
# origin...) tab-separated near the start, and every line end written as backslash-newline.
_ROW_FIELDS_WITHIN = 300
_ROW_LINE_ENDS = 3
_COLUMNS = ("Reference ID", "Created", "Released", "Classification", "Origin")


def looks_like_html(data: bytes, name: str) -> bool:
    """Whether `data` is an HTML page (by its first tag, or by an .html name and a `<`)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_HTML_START):
        return True
    return name.lower().endswith((".html", ".htm")) and head.startswith(b"<")


def read_html_page(data: bytes) -> Extract | Unreadable:
    """The cable on a Cablegate page: header + body text and the table's metadata as hints.

    An HTML page without the Cablegate table but with `<pre>` text gives that text (with a
    warning); a page with neither is refused.
    """
    table = _find_table(data)
    if table is None:
        decoded = decode_text(data)
        tree = LexborHTMLParser(decoded.text)
    else:
        decoded = decode_text(data[table:], table)
        tree = LexborHTMLParser(_STRAY_LT.sub("&lt;", decoded.text))
    blocks = [node.text() for node in tree.css("pre") if not _inside_pre(node)]
    warnings = list(decoded.warnings)
    if table is None:
        if not any(block.strip() for block in blocks):
            return Unreadable(HTML, "HTML page has no cable table or <pre> text")
        warnings.append("HTML page has no Cablegate metadata table; text taken from <pre>")
        text = "\n\n".join(block for block in blocks if block.strip())
        return Extract(HTML, join_header_body("", text), warnings=tuple(warnings))
    if not any(block.strip() for block in blocks):
        return Unreadable(
            CABLEGATE_HTML, "Cablegate page has its metadata table but no <pre> text (cut short?)"
        )
    cells = [node.text(strip=True) for node in tree.css("table td")][: len(_COLUMNS)]
    hints = _hints_from_cells(cells, warnings)
    text = _cable_text(blocks, warnings)
    return Extract(CABLEGATE_HTML, text, hints, tuple(warnings))


def _inside_pre(node: LexborNode) -> bool:
    # A <pre> inside another is already part of the outer one's text.
    parent = node.parent
    while parent is not None:
        if parent.tag == "pre":
            return True
        parent = parent.parent
    return False


def _find_table(data: bytes) -> int | None:
    # bytes.find is several times faster than the regex, and finds every page of the site.
    start = data.find(_TABLE_AS_WRITTEN)
    if start >= 0:
        return start
    found = _TABLE.search(data)
    return found.start() if found else None


def _hints_from_cells(cells: list[str], warnings: list[str]) -> MetadataHints:
    if len(cells) < len(_COLUMNS):
        missing = ", ".join(_COLUMNS[len(cells) :])
        warnings.append(f"Cablegate metadata table has no cell for {missing}")
    cells = cells + [""] * (len(_COLUMNS) - len(cells))
    ref_id, created, released, classification, origin = cells
    return MetadataHints(
        id=none_if_blank(ref_id),
        created=date_hint(created, "created", warnings),
        released=date_hint(released, "released", warnings),
        # The cell's title attribute disagrees with its text on the site; the text is right.
        classification=none_if_blank(classification),
        origin=none_if_blank(origin),
    )


def _cable_text(blocks: list[str], warnings: list[str]) -> str:
    """The first <pre> is the transmission header, the rest the body (normally just one).

    On the 694 partial extracts the first <pre> holds the site's note that the full text is
    not available (sometimes followed by a header); it stays in the text, where the parser
    looks for it.
    """
    if len(blocks) == 1:
        return join_header_body("", blocks[0])
    if len(blocks) > 2:
        warnings.append(f"page has {len(blocks)} <pre> blocks; the first taken as the header")
    body = "\n\n".join(blocks[1:])
    if "\t" in body[:_ROW_FIELDS_WITHIN] and body.count("\\\n") >= _ROW_LINE_ENDS:
        warnings.append(
            "the body is a raw database row (tab-separated fields, line ends escaped with '\\'); "
            "kept as the site published it"
        )
    return join_header_body(blocks[0], body)
