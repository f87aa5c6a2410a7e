"""The lines between the banner and the first paragraph: captions, office lines, E.O., TAGS,
SUBJECT, REF and the `Classified By` line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from cablearchive.parse.classification import caption_line
from cablearchive.parse.dates import parse_numeric_date
from cablearchive.parse.paragraphs import PARAGRAPH_START, PORTION_MARK
from cablearchive.parse.references import classified_by_run_on, ref_ended

# Keywords that open a field, at the start of a line (after web artefacts like `¶`).
_EO = re.compile(r"^[ \t¶]*E\s?\.?\s?[O0]\s?\.?\s*(\d{4,5})\s*(?:[:;,.]\s*|\s+|$)", re.I)
_TAGS = re.compile(r"^[ \t¶]*TAGS?\b\s*[:;.]?\s*", re.I)
_SUBJECT = re.compile(r"^[ \t¶]*SUBJ(?:ECT)?\b\s*[:;.]?\s*", re.I)
# `REF:`, `Ref.:`, `REFS:`, `REFTEL:`, `Ref(s):`, `REFERENCE:`.
_REF = re.compile(
    r"^[ \t¶]*(?:REF(?:ERENCE)?S?|REFTELS?|REFS?\s*TEL|REF\s+TELS?|REFAIR)\b(?:\(S\))?"
    r"\s*[:;.]{0,2}\s*",
    re.I,
)
_CLASSIFIED_BY = re.compile(r"^[ \t¶(U)]*CLASSIFIED\s+BY\b\s*[:;.]?\s*", re.I)
# Fields that run on within one line: `DECL: 07/13/2016 TAGS: PREL`.
_INLINE = re.compile(r"(?<=\S)\s+(?=(?:TAGS|SUBJECT|SUBJ)\s*:|E\.\s?O\.\s?\d{4,5}\b)", re.I)
# Captions that open a line holding something else: `SIPDIS SENSITIVE SIPDIS USDOC FOR ...`.
_LEADING_CAPTIONS = re.compile(
    r"^\s*((?:(?:SIPDIS|SENSITIVE|NOFORN|EXDIS|NODIS|LIMDIS)\s+)+)(?=\S)(?!BUT\s+UNCLASSIFIED)"
)
# A REF entry that continues the block after a blank line: `¶B. ...`, `(C) ...`, `B) ...`.
_REF_CONTINUES = re.compile(r"^[ \t]*¶?[ \t]*\(?[A-Z][.)][ \t]")
_SUBJECT_MAX_LINES = 4
# Lines that open the text when no blank line ends the SUBJECT: `INDEX:`, `(1) Poll on ...`.
_HEADING = re.compile(r"^\s*(?:\(\d{1,2}\)\s|[A-Z][A-Za-z ]{0,30}:\s*$)")
_TAG_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9-]{0,10}")

_REASON_HEAD = re.compile(r"\b1\s?\.\s?([4-6])\b\.?")
# One reason letter after the section number, with whatever separates it from the one before:
# `(b)`, `, (d)`, ` and d`, `/d`, `,d)`.
_REASON_LETTER = re.compile(
    r"[\s,;&/.()]*(?:(?:and|or)\b[\s,;&/.()]*)?\(?\s*([a-h])\s*\)?(?![a-z0-9])", re.I
)
_CLASSIFIED_BY_AGAIN = re.compile(r"^(?:\s*CLASSIFIED\s+BY\b\s*:?)+\s*", re.I)
_CLASSIFIER_END = re.compile(
    r"(?:[\s,;:.-]*\bfor\b)?[\s,;:.-]*(?:\breasons?\b|\bre\s+asons?\b|\bE\.?\s?O\.?\s*1\d"
    r"|\b1\s?\.\s?[4-6]\b"
    r"|\bunder\b|\bper\b\s+\d)",
    re.I,
)


@dataclass(slots=True)
class Preamble:
    captions: list[str] = field(default_factory=list)
    office_lines: list[str] = field(default_factory=list)
    eo: str | None = None
    decl: str | None = None
    declassify_on: date | None = None
    tags_text: str | None = None
    subject: str | None = None
    ref_block: str | None = None
    classified_by_text: str | None = None
    end: int = 0  # index of the first body line after the preamble
    rest_head: str = ""  # body text that ran onto the preamble's last line


def _run_together(line: str) -> list[str] | None:
    """`DECL: 07/13/2016 TAGS: PREL` -> its fields, or None when the line holds one field."""
    parts: list[str] | None = None
    if (
        (":" in line or "E.O" in line)
        and ("TAGS" in line or "SUBJ" in line or "Tags" in line or "Subj" in line or "E.O" in line)
        and _INLINE.search(line)
    ):
        parts = _INLINE.split(line)
    first = parts[0] if parts else line
    if first[:1] in ("S", "N", "E", "L", " ") and (m := _LEADING_CAPTIONS.match(first)):
        parts = [m.group(1).strip(), first[m.end() :], *(parts[1:] if parts else [])]
    return parts


def parse_preamble(lines: list[str]) -> Preamble:
    """Read fields from `lines` (the body after the banner) until the first paragraph."""
    p = Preamble()
    fieldname: str | None = None
    buf: list[str] = []
    seen_subject = False
    office: list[str] = []

    def close() -> None:
        nonlocal fieldname, buf
        text = "\n".join(buf).strip()
        if fieldname == "tags":
            p.tags_text = ((p.tags_text + " ") if p.tags_text else "") + text
        elif fieldname == "subject":
            p.subject = " ".join(text.split()) or p.subject
        elif fieldname == "ref":
            p.ref_block = ((p.ref_block + "\n") if p.ref_block else "") + text
        elif fieldname == "classified":
            p.classified_by_text = " ".join(text.split())
        elif fieldname == "eo":
            p.decl = " ".join(text.split())
        fieldname, buf = None, []

    i = 0
    n = len(lines)
    pending: list[str] = []  # the later fields of a run-together line, read before line i+1
    while i < n:
        if pending:
            line = pending.pop(0)
        else:
            line = lines[i]
            if (parts := _run_together(line)) is not None:
                line, pending = parts[0], parts[1:]
        stripped = line.strip()
        if not stripped:
            if fieldname == "ref":
                k = i + 1
                while k < n and not lines[k].strip():
                    k += 1
                if k < n and _REF_CONTINUES.match(lines[k]):
                    i = k
                    continue
            if fieldname is not None:
                close()
            if office:
                _add_office(p, office)
                office = []
            i += 0 if pending else 1
            continue
        # Dispatch on the first letter: most lines are tested against no pattern at all.
        c = stripped.lstrip("(U) ")[:1].upper()
        if c == "E" and (m := _EO.match(line)):
            close()
            p.eo = m.group(1)
            fieldname, buf = "eo", [line[m.end() :]]
        elif c == "T" and (m := _TAGS.match(line)):
            close()
            fieldname, buf = "tags", [line[m.end() :]]
        elif c == "S" and (m := _SUBJECT.match(line)):
            close()
            seen_subject = True
            fieldname, buf = "subject", [line[m.end() :]]
        elif c == "R" and fieldname != "ref" and (m := _REF.match(line)):
            close()
            head, tail = classified_by_run_on(line[m.end() :])
            fieldname, buf = "ref", [head]
            if tail:
                pending.insert(0, tail)
        elif c == "C" and (m := _CLASSIFIED_BY.match(line)):
            close()
            fieldname, buf = "classified", [line[m.end() :]]
        elif (
            c.isdigit()
            and (m := PARAGRAPH_START.match(line))
            # In a REF block `1. STATE 1234` is an entry; `1. (C) ...` starts the text.
            and (fieldname != "ref" or PORTION_MARK.match(line[m.end() :]))
        ):
            break
        elif fieldname is None and (caps := caption_line(line)) is not None:
            p.captions.extend(caps)
        elif fieldname == "subject" and (len(buf) >= _SUBJECT_MAX_LINES or _HEADING.match(line)):
            close()  # a subject wraps over a few lines; a heading or list starts the text
            break
        elif fieldname == "ref":
            head, tail = classified_by_run_on(line)
            if ref_ended(head.strip()):
                break
            buf.append(head)
            if tail:
                pending.insert(0, tail)
        elif fieldname is not None:
            buf.append(line)
        elif seen_subject or (p.tags_text is not None and p.eo is not None and i > 0):
            break  # unnumbered body text after the fields
        else:
            office.append(stripped)
        i += 0 if pending else 1
    close()
    if pending or (i < n and line is not lines[i]):
        # Stopped inside a run-together line: what followed the break belongs to the body.
        p.rest_head = "\n".join([line, *pending])
        i += 1
    if office:
        _add_office(p, office)
    p.end = i
    if p.decl is not None:
        p.declassify_on = declassification_date(p.decl)
    return p


# Captions that ran onto the end of an office line: `... FOR ILAB MMITTELHAUSER SENSITIVE SIPDIS`.
_TRAILING_CAPTIONS = re.compile(r"(?:\s+(?:SENSITIVE|SIPDIS|NOFORN|EXDIS|NODIS|LIMDIS))+\s*$")


def _add_office(p: Preamble, office: list[str]) -> None:
    text = " ".join(" ".join(office).split())
    m = _TRAILING_CAPTIONS.search(text)
    if m and m.start() > 0:
        p.captions.extend(m.group(0).split())
        text = text[: m.start()]
    if text:
        p.office_lines.append(text)


def declassification_date(decl: str) -> date | None:
    """`DECL: 07/13/2016` -> 2016-07-13; `N/A`, `OADR`, `1.6X1` -> None."""
    m = re.search(r"\b(?:DECL|GDS)\b\s*:?\s*(?:ON\s*)?(\d[\d/.-]+\d)", decl, re.I)
    if not m:
        return None
    return parse_numeric_date(m.group(1))


_TAG_SEPARATORS = re.compile(r"[\s,;/]+")


def tags_from(text: str, typos: Mapping[str, tuple[str, ...]] | None = None) -> list[str]:
    """Tag codes in order, each once: `PTER, KAWC PINR` -> [PTER, KAWC, PINR]."""
    out: list[str] = []
    fixes = typos or {}
    for token in _TAG_SEPARATORS.split(text.upper()):
        token = token.strip(".:()[]#")
        fixed = fixes.get(token)  # before the shape test: some typos run tags together
        if fixed is None:
            if not token or not _TAG_TOKEN.fullmatch(token):
                continue
            fixed = (token,)
        for tag in fixed:
            if tag not in out:
                out.append(tag)
    return out


def reasons_from(text: str) -> list[str]:
    """`reasons 1.4(C) and (D)` -> ["1.4(c)", "1.4(d)"]; `1.4 (b,d)`, `1.4 (b/d)`, `1.4, b/d`
    and `1.4.(b) and (d)` likewise; `1.4` with no letters -> ["1.4"]."""
    out: list[str] = []
    for m in _REASON_HEAD.finditer(text):
        letters: list[str] = []
        pos = m.end()
        while (lm := _REASON_LETTER.match(text, pos)) is not None:
            letters.append(lm.group(1).lower())
            pos = lm.end()
        for reason in [f"1.{m.group(1)}({x})" for x in letters] or [f"1.{m.group(1)}"]:
            if reason not in out:
                out.append(reason)
    return out


def classifier_from(text: str) -> str | None:
    """`Amb. John Ordway, reasons 1.4(C) and (D).` -> `Amb. John Ordway`."""
    text = _CLASSIFIED_BY_AGAIN.sub("", text)  # `Classified by:` written twice
    m = _CLASSIFIER_END.search(text)
    name = text[: m.start()] if m else text
    name = name.strip(" ,;:.-\t")
    if name.endswith((" for", " FOR")):
        name = name[:-4].rstrip(" ,;:")
    # Keep the trailing period of an abbreviation (`Amb.` alone is rare); drop a final one.
    return name or None
