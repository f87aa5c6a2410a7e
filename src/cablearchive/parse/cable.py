"""`parse_cable`: one cable's text (plus any publisher metadata) to a `Cable` record.

The steps follow the telegram from top to bottom: the transmission header, the banner, the
preamble's fields, then the body's paragraphs. The publisher's metadata is weighed against what
the text says only at the end, field by field (`_prefer`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from cablearchive.parse import classification as cls
from cablearchive.parse import paragraphs as par
from cablearchive.parse.dates import full_year, iso
from cablearchive.parse.header import TransmissionHeader, parse_header
from cablearchive.parse.ids import CANONICAL as CANONICAL_ID
from cablearchive.parse.ids import canonical_id, id_from_nara_number, nara_number_parts
from cablearchive.parse.layout import HEAD_SCAN_CHARS, split_layout, without_partial_note
from cablearchive.parse.lookups import Lookups
from cablearchive.parse.model import Cable, Paragraph, Source
from cablearchive.parse.preamble import (
    Preamble,
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

# Fields sit in the first lines after the banner; longer preambles are office-line lists.
_PREAMBLE_MAX_LINES = 150
# Signs that a SUBJECT swallowed the lines after it: a field or a page line inside it.
_FIELD_IN_SUBJECT = re.compile(
    r"\b(?:CLASSIFIED BY|REFS?)\s*:|\s\d{5,8}\s+\d{3}(?:\.\d)? OF ", re.I
)
_CLASSIFIED_BY_IN_TEXT = re.compile(r"\bCLASSIFIED\s+BY\s*:?\s*(.{0,300})", re.I | re.S)
_ISO_DATETIME = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?Z?$")
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
_ADDRESS_PREFIX = re.compile(r"^(?:AMEMBASSY|AMCONSUL|USMISSION|AMCONGEN|USOFFICE|USLO|USINT)\s+")


@dataclass(frozen=True, slots=True)
class Hints:
    """What a source's metadata says of a cable (the Cablegate table, the CSV columns...)."""

    id: str | None = None
    created: str | None = None
    released: str | None = None
    classification: str | None = None
    origin: str | None = None
    subject: str | None = None
    document_number: str | None = None  # a NARA document number: `1975TELAV05348`


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
    hints = Hints(id, created, released, classification, origin, subject, document_number)
    cable = Cable(source=source or Source())
    text, cable.partial = without_partial_note(normalize(text))

    layout = split_layout(text)
    banner = layout.banner
    h = _read_header(cable, layout.header_lines, layout.body if banner else None)
    body = strip_trailing_footer(remove_page_lines(layout.body)[0])
    own = _read_banner(cable, banner, h, lk)
    pre, body, rest = _read_preamble(cable, body, banner, hints.subject, lk)
    created_at, hinted = _read_created(cable, h, hints.created)
    year = created_at.year if created_at else hinted.year if hinted else None
    own = _read_id(cable, banner, h, year, hints, lk) or own
    if year is None and cable.id and (c := CANONICAL_ID.match(cable.id)) is not None:
        year = full_year(int(c.group(1)))  # undated texts: the year of their id
    if pre.ref_block:
        cited_on = created_at.date() if created_at else hinted.date() if hinted else None
        _read_references(cable, pre.ref_block, year, own, cited_on, lk)
    _read_body(cable, rest, pre, body)
    cable.body = body.strip()
    _read_classification(cable, banner, h, hints.classification)
    _read_origin(cable, banner, h, hints.origin, lk)
    if hints.released:
        rel = _parse_iso(hints.released)
        cable.released = iso(rel) if rel else hints.released
        cable.provenance["released"] = "metadata"
    if cable.classification is None:
        cable.warnings.append(
            "no classification: the text has no banner, security line or 'ENTIRE TEXT' "
            "statement, and no classification was given"
        )
    return cable


def _read_header(cable: Cable, lines: list[str], body: str | None) -> TransmissionHeader:
    """The transmission header; `body` is searched too when the banner came first."""
    h = parse_header(lines)
    if h.dtg is None and body is not None:
        # Inbox printouts put a banner above the transmission header: read the header there.
        after = parse_header(body[:HEAD_SCAN_CHARS].split("\n", 120)[:120])
        if after.dtg is not None and after.from_ is not None:
            h = after
    cable.warnings.extend(h.warnings)
    cable.header = "\n".join(lines).strip() or None
    cable.transmission_id = h.transmission_id
    cable.precedence = h.precedence
    cable.dtg = h.dtg_text
    cable.from_, cable.from_route = h.from_, h.from_route
    cable.to, cable.info = h.to, h.info
    return h


def _read_banner(
    cable: Cable, banner: cls.Banner | None, h: TransmissionHeader, lk: Lookups
) -> tuple[str, int] | None:
    """Banner fields; returns the cable's own (station, serial) for reading its REF lines."""
    if banner is None:
        if h.serial is not None:
            cable.serial = str(int(h.serial))
        return None
    cable.banner = banner.line
    cable.sections = banner.sections or 1
    cable.station = lk.station_for_written(banner.place) or re.sub(r"\W", "", banner.place)
    cable.serial = str(int(banner.serial))
    return (cable.station, int(banner.serial))


def _read_preamble(
    cable: Cable, body: str, banner: cls.Banner | None, subject: str | None, lk: Lookups
) -> tuple[Preamble, str, str]:
    """The fields between banner and first paragraph; returns them, the (perhaps repaired)
    body, and the rest of the body after them."""
    lines = body.split("\n", _PREAMBLE_MAX_LINES)
    pre = parse_preamble(lines[:_PREAMBLE_MAX_LINES])
    if pre.subject and (len(pre.subject) > 250 or _FIELD_IN_SUBJECT.search(pre.subject)):
        # The page lost its line breaks after the SUBJECT: restore them and read again.
        body, _pages = remove_page_lines(restore_line_breaks(body))
        cable.warnings.append(
            "the text had lost its line breaks after the SUBJECT line; they were restored "
            "before page lines, REF, Classified By and numbered paragraphs"
        )
        lines = body.split("\n", _PREAMBLE_MAX_LINES)
        pre = parse_preamble(lines[:_PREAMBLE_MAX_LINES])
    # The body after the preamble, sliced (not re-joined) from where its first line starts.
    rest = body[sum(len(ln) + 1 for ln in lines[: pre.end]) :]
    if pre.rest_head:
        rest = pre.rest_head + "\n" + rest
    flags = banner.flags if banner else ()
    cable.captions = [
        c for c in _unique(list(flags) + pre.captions) if c not in {"SBU", "FOUO", "EFTO"}
    ]
    cable.office_lines = pre.office_lines
    cable.eo = pre.eo
    cable.declassification = pre.decl
    cable.declassify_on = pre.declassify_on.isoformat() if pre.declassify_on else None
    cable.tags = tags_from(pre.tags_text, lk.tag_typos) if pre.tags_text else []
    cable.subject = pre.subject or (" ".join(subject.split()) if subject else None)
    if pre.subject is not None:
        cable.provenance["subject"] = "text"
    elif subject:
        cable.provenance["subject"] = "metadata"
    return pre, body, rest


def _read_created(
    cable: Cable, h: TransmissionHeader, created: str | None
) -> tuple[datetime | None, datetime | None]:
    """`created` from the date-time group whenever the text has one, else the metadata's;
    returns (the DTG's datetime, the metadata's)."""
    hinted = _parse_iso(created) if created else None
    if h.dtg is not None:
        cable.created = iso(h.dtg)
        cable.provenance["created"] = "text"
        if hinted is not None and hinted.replace(minute=0) != h.dtg.replace(minute=0):
            cable.warnings.append(
                f"created {cable.created} from the date-time group differs from the "
                f"metadata's {created}"
            )
    elif created:
        cable.created = iso(hinted) if hinted else created
        cable.provenance["created"] = "metadata"
    return h.dtg, hinted


def _read_id(
    cable: Cable,
    banner: cls.Banner | None,
    h: TransmissionHeader,
    year: int | None,
    hints: Hints,
    lk: Lookups,
) -> tuple[str, int] | None:
    """The id: the publisher's when given; else station + serial + year from the text; else
    from a NARA document number. Returns (station, serial) when only the header gave them."""
    own = None
    text_id = None
    if cable.station and cable.serial and year is not None:
        text_id = f"{year % 100:02d}{cable.station}{cable.serial}"
    elif banner is None and h.from_ and h.serial and year is not None:
        # No banner: the station of the FM address and the serial of the DE line.
        station = _station_of_address(h.from_, lk)
        if station:
            cable.station, cable.serial = station, str(int(h.serial))
            text_id = f"{year % 100:02d}{station}{cable.serial}"
            own = (station, int(h.serial))
    if hints.id:
        given = hints.id.strip()
        canon = canonical_id(given, lookups=lk) or given.upper()
        cable.id = canon
        cable.provenance["id"] = "metadata"
        if canon != given:
            cable.aliases.append(given)
        if text_id and text_id != canon:
            cable.warnings.append(
                f"id {text_id} from the text differs from the metadata's {hints.id}"
            )
    elif text_id:
        cable.id = text_id
        cable.provenance["id"] = "text"
    elif hints.document_number and (nara_id := id_from_nara_number(hints.document_number, lk)):
        cable.id = nara_id
        cable.provenance["id"] = "derived"
        cable.aliases.append(hints.document_number)
        cable.station = nara_id[2:].rstrip("0123456789")
    elif hints.document_number and (parts := nara_number_parts(hints.document_number)):
        # A post with no Cablegate station (the OECD mission, a closed consulate): the id keeps
        # NARA's abbreviation, so the telegram still has one.
        yy, cut, serial = parts
        cable.id = f"{yy}{cut}{serial}"
        cable.provenance["id"] = "derived"
        cable.aliases.append(hints.document_number)
        cable.warnings.append(
            f"NARA's post {cut!r} matches no Cablegate station: the id {cable.id} keeps "
            "NARA's abbreviation"
        )
    elif banner is not None:
        cable.warnings.append(
            f"no cable id: the banner gives {banner.place} {banner.serial}, but the text has no "
            "date-time group to tell its year, and no id was given"
        )
    else:
        cable.warnings.append(
            "no cable id: the text has no banner with station and serial and no id was given"
        )
    return own


def _read_references(
    cable: Cable,
    block: str,
    year: int | None,
    own: tuple[str, int] | None,
    cited_on: date | None,
    lk: Lookups,
) -> None:
    refs, warnings = parse_references(block, year, own, lk, cited_on)
    cable.references = refs
    cable.warnings.extend(warnings)


def _read_body(cable: Cable, rest: str, pre: Preamble, body: str) -> None:
    """Signer, paragraphs, classifier and reasons, summary, comment and quotations."""
    if pre.office_lines and cable.header is None and cable.banner is None and _no_fields(pre):
        # A fragment with no header, banner or field: its first lines are text, not the
        # office lines of a preamble (`SUMMARY: The minister said ... END SUMMARY.` alone).
        rest = body
        cable.office_lines = []
    signer, sig_at = par.signer_of(rest)
    cable.signer = signer
    rest = rest[:sig_at]
    cable.paragraphs, breaks = par.paragraphs_and_breaks(rest)
    cb = pre.classified_by_text
    if cb is None and cable.paragraphs:
        m = _CLASSIFIED_BY_IN_TEXT.search(cable.paragraphs[0].text[:600])
        if m:
            cb = " ".join(m.group(1).split())
    if cb:
        cable.classified_by = classifier_from(cb)
        cable.reasons = reasons_from(cb)
    low = par.lowered(rest)
    cable.summary = par.summary_of(rest, low, breaks)
    cable.comment = par.comment_of(rest, low, breaks)
    cable.quotations = par.quotations_of(rest, low)


def _no_fields(pre: Preamble) -> bool:
    return not (
        pre.eo
        or pre.decl
        or pre.tags_text
        or pre.subject
        or pre.ref_block
        or pre.classified_by_text
        or pre.captions
    )


def _read_classification(
    cable: Cable, banner: cls.Banner | None, h: TransmissionHeader, hint: str | None
) -> None:
    """The site's label from the banner's level and the captions; without a banner, from the
    first paragraph (`1. CONFIDENTIAL ENTIRE TEXT.`) or the header's security line."""
    level = banner.level if banner else None
    if level is None and cable.paragraphs:
        level = _entire_text_level(cable.paragraphs[0])
    if level is None:
        level = h.security_level
    from_text = cls.site_label(level, cable.captions, banner.flags if banner else ())
    cable.classification = _prefer(cable, "classification", hint, from_text)


def _read_origin(
    cable: Cable, banner: cls.Banner | None, h: TransmissionHeader, hint: str | None, lk: Lookups
) -> None:
    """The origin from the FM line; without one, from the banner's place or the station."""
    from_text = lk.origin_for_address(h.from_) if h.from_ else None
    if from_text is None and not h.from_:
        if banner is not None:
            from_text = _origin_from_station(banner.place, lk)
        elif cable.station:
            from_text = _origin_from_station(
                lk.station_written.get(cable.station, cable.station), lk
            )
    cable.origin = _prefer(cable, "origin", hint, from_text)


def _entire_text_level(first: Paragraph) -> str | None:
    if (m := _ENTIRE_TEXT.match(first.text)) is not None:
        return " ".join(m.group(1).upper().split())
    mark = (first.classification or "").split("//")[0]
    return _MARK_LEVELS.get(mark) if "ENTIRE" in first.text[:40].upper() else None


def _prefer(cable: Cable, name: str, hint: str | None, from_text: str | None) -> str | None:
    """The metadata's value when there is one (with a warning if the text differs)."""
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
