"""`parse_cable`: one cable's text (plus any publisher metadata) to a `Cable` record."""

from __future__ import annotations

import re
from datetime import datetime

from cablearchive.parse import classification as cls
from cablearchive.parse import paragraphs as par
from cablearchive.parse.dates import full_year, iso
from cablearchive.parse.header import parse_header
from cablearchive.parse.ids import CANONICAL as CANONICAL_ID
from cablearchive.parse.ids import canonical_id, id_from_nara_number
from cablearchive.parse.lookups import Lookups
from cablearchive.parse.model import Cable, Paragraph, Source
from cablearchive.parse.preamble import (
    classifier_from,
    parse_preamble,
    reasons_from,
    tags_from,
)
from cablearchive.parse.references import parse_references
from cablearchive.parse.text import (
    normalize,
    remove_page_lines,
    restore_line_breaks,
    strip_trailing_footer,
)

PARTIAL_EXTRACT = "This record is a partial extract of the original cable"
# The banner is looked for in the first lines only: a huge header is itself a problem.
_BANNER_SCAN_LINES = 400
_HEAD_SCAN_CHARS = 64_000
# Fields sit in the first lines after the banner; longer preambles are office-line lists.
_PREAMBLE_MAX_LINES = 150
_FIELD_LINE = re.compile(r"^[ \t¶]*(?:TAGS?|SUBJ(?:ECT)?|E\.?\s?O\.?\s*\d{4,5})\b", re.I)
# Signs that a SUBJECT swallowed the lines after it: a field or a page line inside it.
_FIELD_IN_SUBJECT = re.compile(
    r"\b(?:CLASSIFIED BY|REFS?)\s*:|\s\d{5,8}\s+\d{3}(?:\.\d)? OF ", re.I
)
_CLASSIFIED_BY_IN_TEXT = re.compile(r"\bCLASSIFIED\s+BY\s*:?\s*(.{0,300})", re.I | re.S)
_ISO_DATETIME = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?Z?$")


def parse_cable(
    text: str,
    id: str | None = None,
    created: str | None = None,
    *,
    released: str | None = None,
    classification: str | None = None,
    origin: str | None = None,
    subject: str | None = None,
    document_number: str | None = None,
    source: Source | None = None,
    lookups: Lookups | None = None,
) -> Cable:
    """Parse one cable. Keyword hints are the publisher's metadata, used as the issue states:
    `id`, `origin`, `classification` and `released` come from them when given; `created` from
    the date-time group whenever the text has one. Disagreements become warnings.
    `document_number` is a NARA document number (`1975TELAV05348`): the id derives from it
    when neither the metadata nor the text gives one.
    """
    lk = lookups or Lookups.default()
    cable = Cable(source=source or Source())
    text = normalize(text)
    if PARTIAL_EXTRACT in text[:300]:
        cable.partial = True
        text = text.replace(PARTIAL_EXTRACT, "", 1)
        text = re.sub(
            r"^\W*of the original cable\. The full text of the original cable is not "
            r"available\.",
            "",
            text.lstrip(" ."),
            count=1,
        )

    # Header and banner.
    found = _find_banner(text)
    if found is not None:
        header_end, body_start, banner = found
        header_text = text[:header_end]
        header_lines = header_text.split("\n")
        body = text[body_start:]
        if banner.rest:  # fields that ran onto the banner's line: `STATE 056861 SIPDIS E.O. ...`
            body = banner.rest + "\n" + body
    else:
        banner = _NO_BANNER
        header_lines = _header_only(text)
        header_text = "\n".join(header_lines)
        body = text[len(header_text) + 1 :] if header_lines else text
    banner_at = 0 if found is not None else None
    h = parse_header(header_lines)
    if h.dtg is None and found is not None:
        # Inbox printouts put a banner above the transmission header: read the header there.
        after = parse_header(body[:_HEAD_SCAN_CHARS].split("\n", 120)[:120])
        if after.dtg is not None and after.from_ is not None:
            h = after
    cable.warnings.extend(h.warnings)
    cable.header = header_text.strip() or None
    cable.transmission_id = h.transmission_id
    cable.precedence = h.precedence
    cable.dtg = h.dtg_text
    cable.from_, cable.from_route = h.from_, h.from_route
    cable.to, cable.info = h.to, h.info
    body, _pages = remove_page_lines(body)
    body = strip_trailing_footer(body)

    level = None
    own: tuple[str, int] | None = None
    if banner_at is not None:
        cable.banner = banner.line
        level = banner.level
        cable.sections = banner.sections or 1
        cable.station = lk.station_for_written(banner.place) or re.sub(r"\W", "", banner.place)
        cable.serial = str(int(banner.serial))
        own = (cable.station, int(banner.serial))
    elif h.serial is not None:
        cable.serial = str(int(h.serial))

    # Preamble fields.
    pre_lines = body.split("\n", _PREAMBLE_MAX_LINES)
    pre = parse_preamble(pre_lines[:_PREAMBLE_MAX_LINES])
    if pre.subject and (len(pre.subject) > 250 or _FIELD_IN_SUBJECT.search(pre.subject)):
        # The page lost its line breaks after the SUBJECT: restore them and read again.
        body, _pages = remove_page_lines(restore_line_breaks(body))
        cable.warnings.append(
            "the text had lost its line breaks after the SUBJECT line; they were restored "
            "before page lines, REF, Classified By and numbered paragraphs"
        )
        pre_lines = body.split("\n", _PREAMBLE_MAX_LINES)
        pre = parse_preamble(pre_lines[:_PREAMBLE_MAX_LINES])
    # The body after the preamble, sliced (not re-joined) from where its first line starts.
    rest = body[sum(len(ln) + 1 for ln in pre_lines[: pre.end]) :]
    if pre.rest_head:
        rest = pre.rest_head + "\n" + rest
    flags = banner.flags if banner_at is not None else ()
    cable.captions = [
        c for c in _unique(list(flags) + pre.captions) if c not in {"SBU", "FOUO", "EFTO"}
    ]
    cable.office_lines = pre.office_lines
    cable.eo = pre.eo
    cable.declassification = pre.decl
    cable.declassify_on = pre.declassify_on.isoformat() if pre.declassify_on else None
    cable.tags = tags_from(pre.tags_text, lk.tag_typos) if pre.tags_text else []
    cable.subject = pre.subject or (" ".join(subject.split()) if subject else None)
    if pre.subject is None and subject:
        cable.provenance["subject"] = "metadata"
    elif pre.subject is not None:
        cable.provenance["subject"] = "text"

    # Dates: created from the DTG whenever the text has one.
    dt = h.dtg
    hinted = _parse_iso(created) if created else None
    if dt is not None:
        cable.created = iso(dt)
        cable.provenance["created"] = "text"
        if hinted is not None and hinted.replace(minute=0) != dt.replace(minute=0):
            cable.warnings.append(
                f"created {cable.created} from the date-time group differs from the "
                f"metadata's {created}"
            )
    elif created:
        cable.created = iso(hinted) if hinted else created
        cable.provenance["created"] = "metadata"
    year = dt.year if dt else hinted.year if hinted else None

    # Id: the publisher's when given; else station + serial + year from the text.
    text_id = None
    if cable.station and cable.serial and year is not None:
        text_id = f"{year % 100:02d}{cable.station}{cable.serial}"
    elif banner_at is None and h.from_ and h.serial and year is not None:
        # No banner: the station of the FM address and the serial of the DE line.
        station = _station_of_address(h.from_, lk)
        if station:
            cable.station, cable.serial = station, str(int(h.serial))
            text_id = f"{year % 100:02d}{station}{cable.serial}"
            own = (station, int(h.serial))
    if id:
        canon = canonical_id(id, lookups=lk) or id.strip().upper()
        cable.id = canon
        cable.provenance["id"] = "metadata"
        if canon != id.strip():
            cable.aliases.append(id.strip())
        if text_id and text_id != canon:
            cable.warnings.append(f"id {text_id} from the text differs from the metadata's {id}")
    elif text_id:
        cable.id = text_id
        cable.provenance["id"] = "text"
    elif document_number and (nara_id := id_from_nara_number(document_number, lk)):
        cable.id = nara_id
        cable.provenance["id"] = "derived"
        cable.aliases.append(document_number)
        cable.station = nara_id[2:].rstrip("0123456789")
    elif cable.station and cable.serial:
        cable.warnings.append(
            f"no cable id: the banner gives {banner.place} {banner.serial}, but the text has no "
            "date-time group to tell its year, and no id was given"
        )
    else:
        cable.warnings.append(
            "no cable id: the text has no banner with station and serial and no id was given"
        )

    if year is None and cable.id and (c := CANONICAL_ID.match(cable.id)) is not None:
        year = full_year(int(c.group(1)))  # undated texts: the year of their id

    # References.
    if pre.ref_block:
        cited_on = dt.date() if dt else hinted.date() if hinted else None
        refs, warns = parse_references(pre.ref_block, year, own, lk, cited_on)
        cable.references = refs
        cable.warnings.extend(warns)

    # Body: paragraphs, classified-by, summary, comment, signer.
    signer, sig_at = par.signer_of(rest)
    cable.signer = signer
    rest = rest[:sig_at]
    cable.paragraphs = par.split_paragraphs(rest)
    cb = pre.classified_by_text
    if cb is None and cable.paragraphs:
        m = _CLASSIFIED_BY_IN_TEXT.search(cable.paragraphs[0].text[:600])
        if m:
            cb = " ".join(m.group(1).split())
    if cb:
        cable.classified_by = classifier_from(cb)
        cable.reasons = reasons_from(cb)
    low = par.lowered(rest)
    cable.summary = par.summary_of(rest, low)
    cable.comment = par.comment_of(rest, low)
    cable.quotations = par.quotations_of(rest, low)
    cable.body = body.strip()
    # Classification and origin.
    if level is None and cable.paragraphs:
        # Body-only texts (NARA's) state it in their first paragraph: `1. CONFIDENTIAL ENTIRE
        # TEXT.`, or carry it as that paragraph's mark: `(C - ENTIRE TEXT)`.
        level = _entire_text_level(cable.paragraphs[0])
    if level is None:
        level = h.security_level  # the header's security line, when there is no banner
    text_class = cls.site_label(
        level, cable.captions, banner.flags if banner_at is not None else ()
    )
    cable.classification = _prefer(cable, "classification", classification, text_class)
    text_origin = lk.origin_for_address(h.from_) if h.from_ else None
    if text_origin is None and banner_at is not None and not h.from_:
        text_origin = _origin_from_station(banner.place, lk)
    elif text_origin is None and cable.station and not h.from_:
        text_origin = _origin_from_station(lk.station_written.get(cable.station, cable.station), lk)
    cable.origin = _prefer(cable, "origin", origin, text_origin)
    if released:
        rel = _parse_iso(released)
        cable.released = iso(rel) if rel else released
        cable.provenance["released"] = "metadata"

    if banner_at is None and not cable.partial and cable.header is None:
        cable.warnings.append("no classification banner found")
    return cable


_BANNER_AT_LINE = re.compile(
    r"\n[ \t]*" + cls.BANNER.pattern[len("^[ \\t]*") :], re.IGNORECASE | re.MULTILINE
)


_ENTIRE_TEXT = re.compile(
    r"^\W*(UNCLASSIFIED|LIMITED OFFICIAL USE|CONFIDENTIAL|SECRET|TOP SECRET)\W{0,4}ENTIRE TEXT",
    re.IGNORECASE,
)
_MARK_LEVELS = {
    "U": "UNCLASSIFIED",
    "C": "CONFIDENTIAL",
    "S": "SECRET",
    "TS": "TOP SECRET",
    "LOU": "LIMITED OFFICIAL USE",
    "SBU": "UNCLASSIFIED",
}


def _entire_text_level(first: Paragraph) -> str | None:
    if (m := _ENTIRE_TEXT.match(first.text)) is not None:
        return " ".join(m.group(1).upper().split())
    mark = (first.classification or "").split("//")[0]
    return _MARK_LEVELS.get(mark) if "ENTIRE" in first.text[:40].upper() else None


def _find_banner(text: str) -> tuple[int, int, cls.Banner] | None:
    """(end of header, start of body, banner): the banner at a line start, or else run into a
    line by a web page's markup (`Cable dated:2006-02-07T22:12:00C O N F I D E N T I A L ...`).
    """
    head = "\n" + text[:_HEAD_SCAN_CHARS]
    for m in _BANNER_AT_LINE.finditer(head):
        eol = head.find("\n", m.start() + 1)
        eol = len(head) if eol < 0 else eol
        b = cls.parse_banner(head[m.start() + 1 : eol])
        # A banner broken over two lines, perhaps with a blank line between:
        # `C O N F I D E N T I A L SECTION 01 OF 02` then `TRIPOLI 000133`.
        if (
            b is None
            and len(head[m.start() : eol].strip()) < 60
            and (following := _next_text_line(head, eol)) is not None
        ):
            start, end = following
            b = cls.parse_banner(head[m.start() + 1 : eol] + " " + head[start:end])
            eol = end
        if b is not None:
            return m.start(), min(eol, len(text)), b
    for m in cls.BANNER_INLINE.finditer(head):
        eol = head.find("\n", m.start())
        eol = len(head) if eol < 0 else eol
        b = cls.parse_banner(head[m.start() : eol], inline=True)
        if b is not None:
            return m.start() - 1, m.start() - 1 + len(b.line), b
    return None


def _next_text_line(text: str, eol: int) -> tuple[int, int] | None:
    """(start, end) of the first non-blank line after the newline at `eol`, within 3 lines."""
    pos = eol
    for _ in range(3):
        if pos >= len(text):
            return None
        start = pos + 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            return start, end
        pos = end
    return None


_NO_BANNER = cls.Banner(
    level="", flags=(), section=None, sections=None, place="", serial="", line=""
)


def _header_only(text: str) -> list[str]:
    """Without a banner, header lines are those up to the first field or blank after FM/TO."""
    lines = text[:_HEAD_SCAN_CHARS].split("\n", _BANNER_SCAN_LINES)[:_BANNER_SCAN_LINES]
    for i, line in enumerate(lines):
        if _FIELD_LINE.match(line):
            # Keep header lines only if the block looks like a transmission header.
            head = lines[:i]
            return head if any(ln.startswith(("FM ", "TO ")) for ln in head) else []
    return []


def _prefer(cable: Cable, name: str, hint: str | None, from_text: str | None) -> str | None:
    if hint:
        cable.provenance[name] = "metadata"
        if from_text and from_text.upper() != hint.upper():
            cable.warnings.append(
                f"{name} {from_text!r} from the text differs from the metadata's {hint!r}"
            )
        return hint
    if from_text:
        cable.provenance[name] = "derived" if name == "classification" else "text"
    return from_text


_ADDRESS_PREFIX = re.compile(r"^(?:AMEMBASSY|AMCONSUL|USMISSION|AMCONGEN|USOFFICE|USLO|USINT)\s+")


def _station_of_address(address: str, lk: Lookups) -> str | None:
    """`AMEMBASSY LA PAZ` -> `LAPAZ`, `SECSTATE WASHDC` -> `STATE`."""
    return lk.station_for_written(address) or lk.station_for_written(
        _ADDRESS_PREFIX.sub("", address.upper())
    )


def _origin_from_station(place: str, lk: Lookups) -> str | None:
    """Without an FM line: the post the corpus attests at that place, else an embassy."""
    if place in ("STATE", "SECSTATE"):
        return lk.origin_for_address("SECSTATE WASHDC")
    for prefix in ("AMEMBASSY", "AMCONSUL", "USMISSION", "USINT", "USOFFICE"):
        if (o := lk.origin_table.get(f"{prefix} {place}")) is not None:
            return o
    return lk.origin_for_address(f"AMEMBASSY {place}")


def _parse_iso(value: str) -> datetime | None:
    m = _ISO_DATETIME.match(value.strip())
    if not m:
        return None
    y, mo, d, hh, mi, ss = m.groups()
    try:
        return datetime(int(y), int(mo), int(d), int(hh), int(mi), int(ss or 0))
    except ValueError:
        return None


def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for it in items:
        if it not in out:
            out.append(it)
    return out
