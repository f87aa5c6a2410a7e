"""`parse_cable`: one cable's text (plus any publisher metadata) to a `Cable` record.

The steps follow the telegram from top to bottom: the transmission header, the banner, the
preamble's fields, then the body's paragraphs. The publisher's metadata is weighed against what
the text says only at the end, field by field (`_prefer`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from cablearchive.parse import classification as cls
from cablearchive.parse import paragraphs as par
from cablearchive.parse.dates import full_year, iso
from cablearchive.parse.foreign import NotARecord, record_in_text
from cablearchive.parse.header import RUN_ON_HEADER, TransmissionHeader, parse_header
from cablearchive.parse.ids import CANONICAL as CANONICAL_ID
from cablearchive.parse.ids import canonical_id, id_from_nara_number, nara_number_parts
from cablearchive.parse.layout import HEAD_SCAN_CHARS, split_layout, without_partial_note
from cablearchive.parse.lookups import Lookups
from cablearchive.parse.lost_layout import repair_layout, restore_head_line_breaks
from cablearchive.parse.model import Cable, Hints, Paragraph, Source
from cablearchive.parse.people import classifier_of, signers_of
from cablearchive.parse.preamble import (
    Preamble,
    classifier_from,
    parse_preamble,
    reasons_from,
    tags_from,
)
from cablearchive.parse.references import parse_references
from cablearchive.parse.text import remove_page_lines, strip_trailing_footer

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

# Where an inbox printout's header may sit in a body under its banner: its first lines.
_BODY_HEADER_CHARS = 8_000
# Fields sit in the first lines after the banner; longer preambles are office-line lists.
_PREAMBLE_MAX_LINES = 150
# Most preambles end within this many characters of the body: their lines are split first.
_PREAMBLE_HEAD_CHARS = 2500
# Signs that a SUBJECT or REF swallowed the lines after it: a page line inside it.
_PAGE_LINE_IN_FIELD = re.compile(r"\s\d{5,8}\s+\d{3}(?:\.\d)? OF ")
# More than this ran onto the SUBJECT line (`X REF: ... Classified By: ... 1. (C) ...`), or a
# field is longer than any such field is: the page lost its line breaks after it.
_RUN_ON_SUBJECT = 250
_SUBJECT_MAX_CHARS = 250
_REF_MAX_CHARS = 2000
# How far into the text a `Classified By` line is looked for.
_CLASSIFIED_BY_SCAN = 8000
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
# The source of a text given alone (immutable: one value serves every such cable).
_NO_SOURCE = Source()
_ADDRESS_PREFIXES = frozenset(
    ("AMEMBASSY", "AMCONSUL", "USMISSION", "AMCONGEN", "USOFFICE", "USLO", "USINT")
)


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
    tags: Sequence[str] | None = None,
    hints: Hints | None = None,
    source: Source | None = None,
    lookups: Lookups | None = None,
) -> Cable:
    """Parse one cable. Keyword hints are the publisher's metadata, used as the issue states:
    `id`, `origin`, `classification` and `released` come from them when given; `created` from
    the date-time group whenever the text has one. Disagreements become warnings.
    `document_number` is a NARA document number (`1975TELAV05348`): the id derives from it
    when neither the metadata nor the text gives one. `tags` are used when the text has no
    TAGS line. `hints` gives the same metadata as one value (a source's `Hints`); a keyword
    given beside it wins over its field.

    A text that is one record of another tool's JSON export (`{"_id": ..., "content": ...}`)
    is read as that record: its text, and its fields as hints where none was given.
    """
    lk = lookups or Lookups.default()
    given = Hints(
        id=id,
        created=created,
        released=released,
        classification=classification,
        origin=origin,
        subject=subject,
        tags=tuple(tags or ()),
        document_number=document_number,
    )
    hints = given if hints is None else given.or_else(hints)
    cable = Cable(source=source or _NO_SOURCE)
    text, hints = _read_json_record(cable, text, hints, lk)
    text, repairs = repair_layout(text)
    cable.warnings.extend(repairs)
    text, cable.partial = without_partial_note(text)

    layout = split_layout(text)
    banner = layout.banner
    h = _read_header(cable, layout.header_lines, layout.body if banner else None)
    body = strip_trailing_footer(remove_page_lines(layout.body)[0])
    own = _read_banner(cable, banner, h, lk)
    pre, body, rest = _read_preamble(cable, body, banner, hints.subject, lk)
    if not cable.tags and hints.tags:
        cable.tags = tags_from(", ".join(hints.tags), lk.tag_typos)
        cable.provenance["tags"] = "metadata"
    created_at, hinted = _read_created(cable, h, hints.created)
    year = created_at.year if created_at else hinted.year if hinted else None
    own = _read_id(cable, banner, h, year, hints, lk) or own
    if year is None and cable.id and (c := CANONICAL_ID.match(cable.id)) is not None:
        year = full_year(int(c.group(1)))  # undated texts: the year of their id
    if pre.ref_block:
        cited_on = created_at.date() if created_at else hinted.date() if hinted else None
        _read_references(cable, pre.ref_block, year, own, cited_on, lk)
    _read_body(cable, rest, body, pre, lk)
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


@cython.cfunc
def _read_json_record(cable: Cable, text: str, hints: Hints, lk: Lookups) -> tuple[str, Hints]:
    """A text that is a JSON record: its cable text, and its fields where no hint was given."""
    found = record_in_text(text, lk)
    if found is None:
        return text, hints
    record, notes = found
    cable.warnings.extend(notes)
    if isinstance(record, NotARecord):
        cable.warnings.append(f"the text is JSON but holds no cable: {record.reason}")
        return text, hints
    cable.warnings.extend(record.warnings)
    return record.text, hints.or_else(record.hints)


@cython.cfunc
def _read_header(cable: Cable, lines: list[str], body: str | None) -> TransmissionHeader:
    """The transmission header; `body` is searched too when the banner came first."""
    h = parse_header(lines)
    if h.dtg is None and body is not None and _may_hold_header(body):
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


def _may_hold_header(body: str) -> bool:
    """Whether the body's first lines may hold a header: an FM line, or a header run onto one
    line (`... O 031203Z JUL 01 FM AMEMBASSY VATICAN TO ...`). Most bodies hold none, and are
    not read line by line for one: one bounded search for `FM` tells."""
    stop = min(len(body), _BODY_HEADER_CHARS)
    i = body.find("FM", 0, stop)
    while i >= 0:
        if body[i + 2 : i + 3] in (" ", ":") and (i == 0 or body[i - 1] in " \t\n"):
            start = body.rfind("\n", 0, i) + 1
            before = body[start:i]
            if not before.strip():
                return True  # an FM line
            # Run on, the FM line follows its date-time group: `O 031203Z JUL 01 FM ...`.
            end = body.find("\n", i, stop)
            if "Z " in before and RUN_ON_HEADER.search(body[start : stop if end < 0 else end]):
                return True
        i = body.find("FM", i + 2, stop)
    return False


@cython.cfunc
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


@cython.cfunc
def _read_preamble(
    cable: Cable, body: str, banner: cls.Banner | None, subject: str | None, lk: Lookups
) -> tuple[Preamble, str, str]:
    """The fields between banner and first paragraph; returns them, the (perhaps repaired)
    body, and the rest of the body after them."""
    pre, lines = _preamble_of(body, lk)
    if (
        _swallowed(pre.subject, _SUBJECT_MAX_CHARS)
        or _swallowed(pre.ref_block, _REF_MAX_CHARS)
        or (pre.subject_run_on > _RUN_ON_SUBJECT)
    ):
        # The page lost its line breaks after the SUBJECT or REF: restore them and read again.
        place = banner.place if banner else None
        body, _pages = remove_page_lines(restore_head_line_breaks(body, place))
        cable.warnings.append(
            "the text had lost its line breaks after the SUBJECT or REF line; they were "
            "restored before page lines, REF, Classified By and numbered paragraphs"
        )
        lines = body.split("\n", _PREAMBLE_MAX_LINES)
        pre = parse_preamble(lines[:_PREAMBLE_MAX_LINES], lk.names)
    # The body after the preamble, sliced (not re-joined) from where its first line starts.
    rest = body[sum(map(len, lines[: pre.end])) + pre.end :]
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
    cable.tags = tags_from(pre.tags_text, lk.tag_typos, lk.names) if pre.tags_text else []
    cable.subject = pre.subject or (" ".join(subject.split()) if subject else None)
    cable.subject_classification = pre.subject_mark
    if pre.subject is not None:
        cable.provenance["subject"] = "text"
    elif subject:
        cable.provenance["subject"] = "metadata"
    return pre, body, rest


@cython.cfunc
def _preamble_of(body: str, lk: Lookups) -> tuple[Preamble, list[str]]:
    """The preamble read from the body's first lines (at most `_PREAMBLE_MAX_LINES`), and those
    lines. Most preambles end within the body's first `_PREAMBLE_HEAD_CHARS` characters, so the
    lines of those are split first; all of them only when the reading went on to the last line
    but one (reading stops at the first line of text, looking one line ahead at most, or runs
    over blank lines only to the end of the lines it was given: up to there, it is the same)."""
    if len(body) > _PREAMBLE_HEAD_CHARS:
        lines = body[:_PREAMBLE_HEAD_CHARS].split("\n")
        lines.pop()  # perhaps cut short
        pre = parse_preamble(lines[:_PREAMBLE_MAX_LINES], lk.names)
        if len(lines) >= _PREAMBLE_MAX_LINES or pre.end <= len(lines) - 2:
            return pre, lines
    lines = body.split("\n", _PREAMBLE_MAX_LINES)
    return parse_preamble(lines[:_PREAMBLE_MAX_LINES], lk.names), lines


@cython.cfunc
def _swallowed(field: str | None, longest: int) -> bool:
    """Whether a field ran on into the lines after it."""
    return field is not None and (
        len(field) > longest or (" OF " in field and _PAGE_LINE_IN_FIELD.search(field) is not None)
    )


@cython.cfunc
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


@cython.cfunc
def _read_id(
    cable: Cable,
    banner: cls.Banner | None,
    h: TransmissionHeader,
    year: int | None,
    hints: Hints,
    lk: Lookups,
) -> tuple[str, int] | None:
    """The id: the publisher's when given; else station + serial + year from the text (the
    banner's, or the header's DE and FM lines' where they agree and the banner names another
    cable); else from a NARA document number. Returns the cable's own (station, serial) for
    reading its REF lines when the header gave them."""
    own = None
    text_id = None
    if banner is not None and h.from_ and year is not None:
        own = _header_over_banner(cable, banner, h, year, lk)
    if cable.station and cable.serial and year is not None:
        text_id = f"{year % 100:02d}{cable.station}{cable.serial}"
    elif banner is None and h.from_ and h.serial and year is not None:
        # No banner: the station of the FM address and the serial of the DE line.
        station = _station_of_address(h.from_, lk)
        if station and _serial_complete(station, h.serial, year, lk):
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


@cython.cfunc
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


@cython.cfunc
def _read_body(cable: Cable, rest: str, body: str, pre: Preamble, lk: Lookups) -> None:
    """Signers, paragraphs, classifier and reasons, summary, comment and quotations."""
    if pre.office_lines and cable.header is None and cable.banner is None and _no_fields(pre):
        # A fragment with no header, banner or field: its first lines are text, not the
        # office lines of a preamble (`SUMMARY: The minister said ... END SUMMARY.` alone).
        rest = body
        cable.office_lines = []
    signers, sig_at = signers_of(rest)
    if not signers and not rest.strip():
        # The preamble read the whole text (a body without fields, read as office lines): the
        # signature still ends it.
        signers, _ = signers_of(body)
        if (
            signers
            and cable.office_lines
            and cable.office_lines[-1]
            in (
                " ".join(signers),
                " / ".join(signers),
            )
        ):
            cable.office_lines.pop()
    cable.signers = signers
    cable.signer = signers[0] if signers else None
    rest = rest[:sig_at]
    cable.paragraphs, breaks = par.paragraphs_and_breaks(rest)
    cb = pre.classified_by_text
    if cb is None:
        cb = _classified_by_line(rest)
    if cb:
        cable.classified_by = classifier_from(cb)
        cable.reasons = reasons_from(cb)
        # A page cut the phrase inside a word: `Classified By: Political Couns...`.
        cut_short = (
            not cable.reasons
            and cb.rstrip().rstrip(".…")[-1:].isalpha()
            and (cb.rstrip().endswith(("...", "…")))
        )
        cable.classifier = classifier_of(cable.classified_by or "", lk.names, cut_short=cut_short)
    low = par.lowered(rest)
    cable.summary = par.summary_of(rest, low, breaks)
    cable.comment = par.comment_of(rest, low, breaks)
    cable.quotations = par.quotations_of(rest, low)


def _classified_by_line(text: str) -> str | None:
    """The `Classified By` phrase found in the text's first part: on a line that opens with it
    after a paragraph number or portion mark at most (`2. (U) Classified by Acting DAS James
    Knight, Reasons 1.4`), or anywhere when a colon follows (`REF: SECSTATE 87254 Classified By:
    CDA Doug Silliman`): the field of a page that repeats its cable after a cut preview."""
    limit = min(len(text), _CLASSIFIED_BY_SCAN)
    for word in ("lassified", "LASSIFIED"):  # plain searches: no lower-cased copy of the text
        at = text.find(word, 1, limit)
        while at > 0:
            after = at + len(word)
            gap = text[after : after + 8]
            by = len(gap) - len(gap.lstrip(" \t\n"))  # `CLASSIFIED` / `BY: Gene A. Cretz`
            if text[at - 1] in "cC" and by and gap[by : by + 2].lower() == "by":
                start = after + by + 2
                line_start = text.rfind("\n", 0, at) + 1
                opens = not text[line_start : at - 1].strip(" \t¶0123456789.()USBCNF/")
                colon = text[start : start + 3].lstrip(" \t")[:1] == ":"
                if (opens or colon) and not text[at - 2 : at - 1].isalpha():
                    return _phrase_from(text, start)
            at = text.find(word, after, limit)
    return None


def _phrase_from(text: str, start: int) -> str | None:
    """The phrase from `start` to a blank line or a numbered paragraph, 300 characters at most;
    over a blank line when the reasons are still to come (a double-spaced page)."""
    lines: list[str] = []
    for line in text[start : start + 300].split("\n"):
        if lines and par.PARAGRAPH_START.match(line):
            break
        if lines and not line.strip():
            if reasons_from(" ".join(lines)):
                break
            continue
        lines.append(line)
    return " ".join(" ".join(lines).lstrip(" :").split()) or None


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


@cython.cfunc
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


@cython.cfunc
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
    """`AMEMBASSY LA PAZ` -> `LAPAZ`, `SECSTATE WASHDC` -> `STATE`, `USEU BRUSSELS` ->
    `USEUBRUSSELS`. The place after a post's prefix comes first: the release also has a few
    ids made of the whole address (`AMEMBASSYHANOI`), which are not the post's station."""
    head, _, place = address.partition(" ")
    if place and head.upper() in _ADDRESS_PREFIXES:
        return lk.station_for_written(place) or lk.station_for_written(address)
    return lk.station_for_written(address)


@cython.cfunc
def _header_over_banner(
    cable: Cable, banner: cls.Banner, h: TransmissionHeader, year: int, lk: Lookups
) -> tuple[str, int] | None:
    """When the banner and the transmission header name different cables, the header's DE and
    FM lines give the id if they agree with each other: a page may carry another cable's body
    (06AMMAN3564 carries PARIS 004247), and a banner's serial may be cut short (`BUENOS AIRES
    00167SIPDIS` for 1673). Returns the cable's own (station, serial) for its REF lines: the
    banner's when the text under it is another post's cable. A conflict is always a warning.
    """
    fm = h.from_ or ""
    de = h.serial
    # The DE line carries the serial's last four digits (`#0006` for STATE 120006).
    serial_agrees = de is None or banner.serial[-len(de) :].rjust(len(de), "0") == de
    if serial_agrees and (
        fm.endswith(banner.place) or fm.replace(" ", "").endswith(banner.place.replace(" ", ""))
    ):
        return None  # the common case: `FM AMEMBASSY ALMATY`, banner `ALMATY 002549`
    banner_serial = int(banner.serial)
    station = _header_station(h, lk)
    same_post = _same_post(banner, h, station, lk)
    if serial_agrees and same_post:
        return None  # `USEU BRUSSELS` writes its banner `BRUSSELS`: the same cable
    if station is None or h.serial is None:
        if not same_post and _station_of_address(fm, lk) is not None:
            cable.warnings.append(
                f"the banner reads {banner.place} {banner.serial}, but the FM line says the "
                f"cable is from {fm}: the text under the banner may be another cable's"
            )
        return None
    header_id = f"{year % 100:02d}{station}{int(h.serial)}"
    if not _serial_complete(station, h.serial, year, lk):
        cable.warnings.append(
            f"the banner reads {banner.place} {banner.serial}, but the transmission header "
            f"(DE {h.station_route} #{h.serial}, FM {fm}) names another cable, of which the DE "
            "line gives only the serial's last digits: the id follows the banner"
        )
        return None
    cut = banner.serial.lstrip("0")
    if same_post and cut and h.serial.lstrip("0").startswith(cut):
        cable.warnings.append(
            f"the banner's serial {banner.serial} is cut short: the DE line gives {h.serial}, "
            f"so the id is {header_id}"
        )
    else:
        cable.warnings.append(
            f"the banner reads {banner.place} {banner.serial}, but the transmission header's "
            f"DE line (#{h.serial}) and FM line ({fm}) agree on {header_id}: the id follows "
            "the header, and the text under the banner may be another cable's"
        )
    own = (cable.station, banner_serial) if cable.station and not same_post else None
    cable.station, cable.serial = station, str(int(h.serial))
    return own or (station, int(h.serial))


def _header_station(h: TransmissionHeader, lk: Lookups) -> str | None:
    """The FM line's station when the DE line's routing indicator names the same post
    (`DE RUEHAM #3564` and `FM AMEMBASSY AMMAN`): then the header says whose cable it is."""
    if not h.from_ or not h.station_route:
        return None
    station = _station_of_address(h.from_, lk)
    if station is None:
        return None
    names = lk.route_names.get(h.station_route, ())
    return station if any(_station_of_address(n, lk) == station for n in names) else None


def _same_post(banner: cls.Banner, h: TransmissionHeader, station: str | None, lk: Lookups) -> bool:
    """Whether the banner's place is the header's post: the same station, a station of the
    DE line's routing indicator, or the end of the FM address (`USEU BRUSSELS`, `BRUSSELS`)."""
    place = banner.place.replace(" ", "")
    written = lk.station_for_written(banner.place)
    if written is not None and written == (station or _station_of_address(h.from_ or "", lk)):
        return True
    if written is not None and h.station_route is not None:
        names = lk.route_names.get(h.station_route, ())
        if any(_station_of_address(n, lk) == written for n in names):
            return True
    fm = h.from_
    return fm is not None and fm.replace(" ", "").endswith(place)


def _serial_complete(station: str, de_serial: str, year: int, lk: Lookups) -> bool:
    """Whether the DE line's serial is the whole serial: it carries only the last digits, so
    not for a post that numbers its cables past them in a year (the Department's 130,000)."""
    most = lk.station_serials.get((station, year))
    return most is None or most < 10 ** len(de_serial)


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


@cython.cfunc
def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for it in items:
        if it not in out:
            out.append(it)
    return out
