"""Cablegate site pages: the real 2011 archives, and damaged or foreign HTML."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from cablearchive.parse.model import Source
from cablearchive.sources import Blob, MetadataHints, documents_from_blob
from cablearchive.sources.cablegate_html import read_html_page
from cablearchive.sources.extract import Extract, Unreadable
from cablearchive.sources.limits import Limits
from tests.shared import shared_file

from .conftest import (
    SITE_SAMPLE,
    SiteRead,
    documents,
    only_document,
    only_problem,
    problems,
    read_all,
)

PARTIAL_NOTE = "This record is a partial extract of the original cable."


def test_every_page_of_the_site_archive_is_a_document(site_read: SiteRead) -> None:
    assert problems(site_read.items) == []
    docs = documents(site_read.items)
    assert len(docs) == 6712
    assert {d.source.format for d in docs} == {"cablegate-html"}
    # Pages are named for their reference id: the table and the name agree on every page.
    for doc in docs:
        assert doc.source.member is not None
        assert doc.source.member.endswith(f"/{doc.hints.id}.html")
        assert doc.hints.created and re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:00Z", doc.hints.created
        )
        assert "&#x000A;" not in doc.text and "<a " not in doc.text
    # 61 pages show the site's raw database row as their body: kept, with a warning.
    assert sum(bool(d.warnings) for d in docs) == 61
    # 694 pages are partial extracts: the site's note stays in the text for the parser.
    assert sum(d.text.startswith(PARTIAL_NOTE) for d in docs) == 694
    assert {d.hints.classification for d in docs} == {
        "UNCLASSIFIED",
        "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        "CONFIDENTIAL",
        "CONFIDENTIAL//NOFORN",
        "SECRET",
        "SECRET//NOFORN",
    }


def test_known_page_hints_and_text(site_read: SiteRead) -> None:
    ankara = site_read.by_member()["cable/2009/01/09ANKARA71.html"]
    # The classification cell's title says 'confidential'; the cell's text is right.
    assert ankara.hints == MetadataHints(
        id="09ANKARA71",
        created="2009-01-15T11:11:00Z",
        released="2011-03-14T06:06:00Z",
        classification="SECRET",
        origin="Embassy Ankara",
    )
    assert ankara.text.startswith(
        "P 151147Z JAN 09\nFM AMEMBASSY ANKARA\nTO SECSTATE WASHDC PRIORITY 8474\n"
        "INFO AMEMBASSY BERN PRIORITY \nAMEMBASSY THE HAGUE PRIORITY\n\n"
    )
    assert "TAGS: ETTC MNUC EFIN KNNP PARM PINS PREL SZ\n" in ankara.text
    assert "\n¶1. (S) MFA Nonproliferation" in ankara.text
    assert ankara.text[ankara.text.index("\n\n") :].startswith(
        "\n\n2009-01-15 11:47:00\t09ANKARA71\tEmbassy Ankara\tSECRET\t09STATE2519\tP 151147Z"
    )
    assert ankara.warnings == (
        "the body is a raw database row (tab-separated fields, line ends escaped with '\\'); "
        "kept as the site published it",
    )
    assert ankara.source.sha256 is not None and len(ankara.source.sha256) == 64

    buenos = site_read.by_member()["cable/1966/12/66BUENOSAIRES2481.html"]
    assert buenos.hints.classification == "UNCLASSIFIED"  # title attribute: 'unclassified//fouo'
    assert buenos.hints.created == "1966-12-28T18:06:00Z"
    assert buenos.text.startswith("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n")
    assert "STATE GRNC\n\nUNCLASSIFIED BUENOS AIRES 2481 \n" in buenos.text
    assert buenos.text.endswith("GP-3 \nSACCIO")


def test_partial_extracts_keep_the_note_and_any_header(site_read: SiteRead) -> None:
    hague = site_read.by_member()["cable/2000/06/00THEHAGUE1695.html"]
    assert hague.text.startswith(
        "This record is a partial extract of the original cable. The full text of the "
        "original cable is not available.\n\nUNCLAS SECTION 01 OF 02 THE HAGUE 001695 \n"
    )
    paris = site_read.by_member()["cable/2006/06/06PARIS4411.html"]
    assert "not available.\n\n261640Z Jun 06\n\nC O N F I D E N T I A L SECTION 01" in paris.text


def test_unescaped_angle_brackets_in_cable_text_are_kept(site_read: SiteRead) -> None:
    # The site wrote `<<Israel>>` unescaped; a browser shows it, so must we.
    state = site_read.by_member()["cable/2008/04/08STATE43817.html"]
    assert "On September 6, 2007, <<Israel>> destroyed a\n" in state.text


def test_the_2011_08_sample_including_the_malformed_id(shared_dir: Path) -> None:
    items = read_all(shared_file(shared_dir, SITE_SAMPLE))
    docs = documents(items)
    assert len(docs) == 10 and not problems(items)
    libreville = next(d for d in docs if d.hints.id == "7575LIBREVILLE1895")
    assert libreville.hints == MetadataHints(
        id="7575LIBREVILLE1895",
        created="1975-11-18T12:05:00Z",
        released="2011-08-30T01:44:00Z",
        classification="CONFIDENTIAL",
        origin="Embassy Libreville",
    )
    assert libreville.text.startswith("O R 181205Z NOV 75 ZFF4\nFM AMEMBASSY LIBREVILLE\n")
    assert "TAGS: PFOR UNGA GB KS KN\n" in libreville.text
    assert libreville.source.member == "test-set/1975/11/7575LIBREVILLE1895.html"


def _page(table: str, *pres: str) -> bytes:
    blocks = "".join(f"<code><pre>{pre}</pre></code>\n" for pre in pres)
    return (
        "<?xml version='1.0' encoding='utf-8' ?>\n<html><body><div>sidebar</div>\n"
        f"{table}{blocks}</body></html>"
    ).encode()


_TABLE = (
    "<table class='cable'>\n<tr><th>Reference ID</th><th>Created</th><th>Released</th>"
    "<th>Classification</th><th>Origin</th></tr>\n<tr>"
    "<td>\n<a href='/cable/2009/01/09X1.html'>09X1</a>\n</td>"
    "<td>\n<a href='/date/2009-01_0.html'>2009-01-20 05:05</a>\n</td>"
    "<td>\n<a href='/reldate/2011-03-14_0.html'>2011-03-14 06:06</a>\n</td>"
    "<td>\n<a href='/classification/3_0.html' title='confidential'>SECRET//NOFORN</a>\n</td>"
    "<td>\n<a href='/origin/144_0.html'>Embassy Paris &amp; Monaco</a>\n</td></tr>\n</table>\n"
)


def test_a_page_rule_by_rule() -> None:
    body = (
        "S E C R E T PARIS 000001 &#x000A;&#x000A;TAGS: <a href='/tag/PTER_0.html'>PTER</a> "
        "<a href='/tag/FR_0.html'>FR</a>&#x000A;&#x000A;<a id='par1' href='#par1'>¶</a>1. "
        "(S) R&D; &lt;b&gt; & <strong>bold</strong>&#x000A;"
    )
    result = read_html_page(_page(_TABLE, "P 200505Z JAN 09&#x000A;FM AMEMBASSY PARIS", body))
    assert isinstance(result, Extract)
    assert result.format == "cablegate-html"
    assert result.text == (
        "P 200505Z JAN 09\nFM AMEMBASSY PARIS\n\nS E C R E T PARIS 000001 \n\n"
        "TAGS: PTER FR\n\n¶1. (S) R&D; <b> & bold"
    )
    assert result.hints == MetadataHints(
        id="09X1",
        created="2009-01-20T05:05:00Z",
        released="2011-03-14T06:06:00Z",
        classification="SECRET//NOFORN",
        origin="Embassy Paris & Monaco",
    )
    assert result.warnings == ()


def test_a_page_with_only_the_body_pre() -> None:
    result = read_html_page(_page(_TABLE, "UNCLAS PARIS 000001&#x000A;1. TEXT."))
    assert isinstance(result, Extract)
    assert result.text == "UNCLAS PARIS 000001\n1. TEXT."


def test_a_page_cut_short_after_its_table_is_refused(site_pages: dict[str, bytes]) -> None:
    page = site_pages["cable/2009/01/09ANKARA71.html"]
    cut = page[: page.index(b"<code><pre>")]
    result = read_html_page(cut)
    assert result == Unreadable(
        "cablegate-html", "Cablegate page has its metadata table but no <pre> text (cut short?)"
    )


def test_a_page_cut_inside_its_body_keeps_what_is_there(site_pages: dict[str, bytes]) -> None:
    page = site_pages["cable/1966/12/66BUENOSAIRES2481.html"]
    cut = page[: page.index(b"NAVATT STATES ARGENTINE")]
    result = read_html_page(cut)
    assert isinstance(result, Extract)
    assert result.hints.id == "66BUENOSAIRES2481"
    assert result.text.endswith("FALKLAND ISLANDS. \n \n¶2.")


def test_a_table_missing_cells_gives_a_warning() -> None:
    table = "<table class='cable'><tr><td><a href='/x'>09X1</a></td><td>2009-01-20 05:05</td>"
    result = read_html_page(_page(table, "HEADER", "BODY"))
    assert isinstance(result, Extract)
    assert result.hints == MetadataHints(id="09X1", created="2009-01-20T05:05:00Z")
    assert result.warnings == (
        "Cablegate metadata table has no cell for Released, Classification, Origin",
    )


def test_a_date_that_is_not_a_date_is_kept_with_a_warning() -> None:
    table = _TABLE.replace("2009-01-20 05:05", "2009-02-30 05:05")
    result = read_html_page(_page(table, "HEADER", "BODY"))
    assert isinstance(result, Extract)
    assert result.hints.created == "2009-02-30 05:05"
    assert result.warnings == ("created date '2009-02-30 05:05' not understood; kept as written",)


def test_html_without_a_cable_table_falls_back_to_pre_text() -> None:
    page = b"<html><body><h1>Mirror</h1><pre>UNCLAS ALMATY 001703\n1. TEXT.</pre></body></html>"
    result = read_html_page(page)
    assert isinstance(result, Extract)
    assert result.format == "html"
    assert result.text == "UNCLAS ALMATY 001703\n1. TEXT."
    assert result.warnings == ("HTML page has no Cablegate metadata table; text taken from <pre>",)


def test_html_without_a_cable_is_a_problem_naming_the_file() -> None:
    blob = Blob(b"<!DOCTYPE html><html><body><p>404 Not Found</p></body></html>", _source())
    problem = only_problem(list(documents_from_blob(blob)))
    assert problem.message == "HTML page has no cable table or <pre> text"
    assert problem.source.path == "mirror.tar" and problem.source.member == "cable/404.html"
    assert problem.source.format == "html"


def test_broken_html_does_not_break_the_reader() -> None:
    page = _page(_TABLE, "<<<<<<>>>>&#x000A;<b>", "BODY <td></tr></table><pre><pre>&#x000A;END")
    result = read_html_page(page + b"\x00\xff<<<<")
    assert isinstance(result, Extract)
    assert result.hints.id == "09X1"
    assert result.text.startswith("<<<<<<>>>>\n\nBODY ")
    assert "END" in result.text
    assert result.warnings == (
        f"not valid UTF-8 (byte 0xFF at offset {len(page) + 1}); decoded as Windows-1252",
        "removed 1 NUL character",
    )


def test_an_unclosed_attribute_swallows_the_rest_as_in_a_browser() -> None:
    result = read_html_page(_page(_TABLE, "HEADER&#x000A;<a href='", "BODY"))
    assert isinstance(result, Extract)
    assert result.hints.id == "09X1"
    assert result.text == "HEADER"


def test_a_page_that_is_not_utf8_is_decoded_with_a_warning() -> None:
    page = _page(_TABLE, "HEADER", "CAF\xc9 1.").replace(b"CAF\xc3\x89", b"CAF\xc9")
    doc = only_document(list(documents_from_blob(Blob(page, _source()))))
    assert doc.text == "HEADER\n\nCAFÉ 1."
    at = page.index(b"\xc9")
    assert doc.warnings == (f"not valid UTF-8 (byte 0xC9 at offset {at}); decoded as Windows-1252",)
    assert doc.source.sha256 == hashlib.sha256(page).hexdigest()


def test_a_huge_page_is_refused_at_the_size_limit(tmp_path: Path) -> None:
    page = _page(_TABLE, "HEADER", "BODY " * 300_000)
    path = tmp_path / "huge.html"
    path.write_bytes(page)
    problem = only_problem(read_all(path, Limits(max_document_bytes=1_000_000)))
    assert problem.message == "over the size limit of 1000000 bytes; not read"


def _source() -> Source:
    return Source(path="mirror.tar", member="cable/404.html")


def test_other_html_keeps_its_own_markup_rules() -> None:
    page = b"<html><body><pre><font color=red>UNCLAS</font> PARIS &lt;1&gt;</pre></body></html>"
    result = read_html_page(page)
    assert isinstance(result, Extract) and result.text == "UNCLAS PARIS <1>"
