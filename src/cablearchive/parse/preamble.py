"""The lines between the banner and the first paragraph: captions, office lines, E.O., TAGS,
SUBJECT, REF and the `Classified By` line.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from cablearchive.parse.classification import caption_words
from cablearchive.parse.dates import parse_numeric_date
from cablearchive.parse.paragraphs import PARAGRAPH_START, PORTION_MARK, portion_mark
from cablearchive.parse.people import NameTables
from cablearchive.parse.references import ref_ended

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
_REF_CONTINUES = re.compile(r"^[ \t]*¶?[ \t]*\(?[A-Za-z][.)][ \t]")
_SUBJECT_MAX_LINES = 8
# Lines that open the text when no blank line ends the SUBJECT: `INDEX:`, `(1) Poll on ...`.
_HEADING = re.compile(r"^\s*(?:\(\d{1,2}\)\s|[A-Z][A-Za-z ]{0,30}:\s*$)")
_TAG_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9-]{0,10}")
# Memos keep short texts only, so that they are bounded in characters as well as in entries.
_MEMO_MAX_CHARS = 256
# A `Classified By:` run onto another line: `REF: BRASILIA 1317 Classified By: Political ...`,
# `VISIT TO CAIROClassified By: DEPUTY CHIEF ...` (not `reclassified by the Fiscalia`). Matched
# where the word `classified` was found.
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}\s*[.)]\s*")
_CLASSIFIED_AT = re.compile(r"(?i:classified[ \t]+by)\b[ \t]*(?::|[ \t]+[A-Z])")
# Where a subject ends inside its line: a rule, a REF list (`BRAZIL - NEXT STEPS REFS: (A)`,
# glued: `VISIT TO EGYPTREF: CAIRO 493`), a handling note (`SENSITIVE BUT UNCLASSIFIED - PLEASE
# PROTECT ACCORDINGLY`). Looked for only in lines that have one of `_SUBJECT_STOP_WORDS`.
_SUBJECT_STOP = re.compile(
    r"-{4,}|={4,}|_{4,}"
    r"|REF(?:S|TELS?|\(S\))?[ \t]*:"
    r"|\b(?:ENTIRE[ \t]+TEXT[ \t]+)?SENS\w*[ \t]+BUT[ \t]+UNCLAS",
    re.I,
)
_SUBJECT_STOP_HINT = re.compile(r"---|===|___|REF|Ref|ref|SENS|Sens|sens")
_RULE_LINE = re.compile(r"^[ \t]*(?:-{3,}|={3,}|_{3,})")
# A handling note that opens the line after a subject ends it, as it ends the fields after a
# blank line: `SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT ACCORDINGLY`, `THIS MESSAGE IS ...`.
_HANDLING_NOTE = re.compile(
    r"^[ \t]*(?:THIS[ \t]+(?:CABLE|MESSAGE)[ \t]+IS[ \t]+)?SENS\w*,?[ \t]+BUT[ \t]+UNCLAS", re.I
)
# Words a subject line cannot end on: the line broke mid-phrase (the site's pages sometimes put
# a blank line there).
_DANGLING_WORDS = frozenset(
    {"A", "AN", "AND", "AS", "AT", "BY", "FOR", "FROM", "IN", "INTO", "OF", "ON", "OR", "OVER"}
    | {"THE", "TO", "WITH"}
)
_SUBJECT_WRAP_MAX_CHARS = 60
# A heading run onto the subject's last line, underlined on the next: `... Mendoza Summary`.
_HEADING_WORDS = re.compile(
    r"[ \t]+(?:SUMMARY(?:[ \t]+AND[ \t]+COMMENT)?|INTRODUCTION|BACKGROUND)[ \t]*[:.]?[ \t]*$", re.I
)
_EXPORT_QUOTES = re.compile(r'[\s,"]*,,"[\s,"]*$')
# A subject's portion mark written after it: `... TO IRANIAN DEALER (S)`.
_TRAILING_MARK = re.compile(
    r"[ \t]*(\((?:U|C|S|TS|SBU|LOU|C/NF|S/NF|C//NF|S//NF|U//FOUO|SBU/NF)\))[ \t]*$", re.I
)
# Short words that sentences have and subjects seldom do: tells a line of body text from the
# subject's wrapped second line.
_SENTENCE_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "and",
        "or",
        "but",
        "that",
        "this",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "said",
        "told",
        "met",
        "we",
        "he",
        "she",
        "they",
        "it",
        "its",
        "his",
        "her",
        "their",
        "our",
        "not",
    ]
)

_REASON_HEAD = re.compile(r"\b1\s?\.\s?([4-6])(?![0-9])\.?")
# One reason letter after the section number, with whatever separates it from the one before:
# `(b)`, `, (d)`, ` and d`, `/d`, `,d)`.
_REASON_LETTER = re.compile(
    r"[\s,;&/.()]*(?:(?:and|or)\b[\s,;&/.()]*)?\(?\s*([a-h])\s*\)?(?![a-z0-9])", re.I
)
# `Classified By:` written twice, misspelt, or with a portion mark: `(U) CLASSIFIED BY`, `by`.
_CLASSIFIED_BY_AGAIN = re.compile(
    r"^(?:\s*(?:\(\w{1,4}\)\s*)?CLASSIF\w*\s+BY\b\s*:?|\s*BY\b\s*:?)+\s*", re.I
)
# Where the classifier's part ends: the reasons (a line break may split the word: `Reas ons`,
# `REASON S`), the E.O., the section number, `based upon`, `under`, `per 1.4`.
_CLASSIFIER_END = re.compile(
    r"(?:[\s,;:.-]*\b(?:for|based\s+(?:up)?on)\b)?[\s,;:.-]*"
    r"(?:\br\s?e\s?a\s?s\s?o\s?n(?:\s?s)?\b|\bE\.?\s?O\.?\s*1\d"
    r"|\b1\s?\.\s?[4-6](?![0-9])"
    r"|\bunder\b|\bper\b\s+(?:\d|sec|reason|E\.?\s?O\b))",
    re.I,
)
# What a cut line leaves after the name: `FO R`, `f or`, `for reas`, `per`, `Based`, `. Rea`.
_CLASSIFIER_TAIL = re.compile(
    r"(?:[\s,;:.-]+(?:f\s?or?|fo\s?r|for\s+r\w*|per|based(?:\s+(?:up)?on)?)"
    r"|[.,;]\s*r(?:e(?:a(?:s\w*)?)?)?)\s*$",
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
    subject_mark: str | None = None  # `SUBJECT: (C) ...` -> `C`
    # Characters of other fields that ran onto the SUBJECT line (`X REF: Y Classified By: ...`):
    # many mean the page lost its line breaks.
    subject_run_on: int = 0
    ref_block: str | None = None
    classified_by_text: str | None = None
    end: int = 0  # index of the first body line after the preamble
    rest_head: str = ""  # body text that ran onto the preamble's last line


@cython.cfunc
def _run_together(line: str) -> list[str] | None:
    """`DECL: 07/13/2016 TAGS: PREL` -> its fields, or None when the line holds one field."""
    parts: list[str] | None = None
    if (
        (":" in line or "E.O" in line or "e.o" in line)
        and (
            "TAGS" in line
            or "SUBJ" in line
            or "Tags" in line
            or "Subj" in line
            or "E.O" in line
            or "tags" in line
            or "subj" in line
            or "e.o" in line
        )
        and _key_word_inside(line)
        and _INLINE.search(line)
    ):
        parts = _INLINE.split(line)
    first = parts[0] if parts else line
    if first[:1] in ("S", "N", "E", "L", " ") and (m := _LEADING_CAPTIONS.match(first)):
        parts = [m.group(1).strip(), first[m.end() :], *(parts[1:] if parts else [])]
    if ("lassified" in line or "LASSIFIED" in line) and (
        line.lstrip(" \t¶(U)")[:10].lower() != "classified"
    ):
        # Not the field's own line: a `Classified By` may have run onto it.
        split = [q for part in (parts or [line]) for q in _split_classified(part)]
        if len(split) > len(parts or [line]):
            parts = split
    return parts


@cython.cfunc
def _key_word_inside(line: str) -> bool:
    """Whether a field's key word (any case) stands after the line's first two characters,
    as it must where `_INLINE` matches (a space, and a character before it): plain searches
    of the upper-cased line spare most lines the pattern, whose every start is a try."""
    u = line.upper()
    return u.find("TAGS", 2) >= 0 or u.find("SUBJ", 2) >= 0 or u.find("E.", 2) >= 0


def _split_classified(part: str) -> list[str]:
    """`REF: BRASILIA 1317 Classified By: ...` -> the REF part and the `Classified By` part."""
    at = part.lower().find("classified", 1)
    if at < 0 or (part[at - 1].isalpha() and part[at - 1].islower()):
        return [part]  # `reclassified by`
    if _CLASSIFIED_AT.match(part, at) is None:
        return [part]
    head = part[:at].rstrip(" \t")
    bare = _PARAGRAPH_NUMBER.sub("", head.strip(" \t¶"))
    if len(portion_mark(bare)[1].strip(" .()")) < 2:
        return [part]  # `(U) Classified by`, `1. (U) CLASSIFIED BY`: the field's own line
    return [head, part[at:]]


def parse_preamble(lines: list[str], names: NameTables | None = None) -> Preamble:
    """Read fields from `lines` (the body after the banner) until the first paragraph.

    `names` gives the TAGS codes and person tags that tell a line of more TAGS from the text
    after them; without it, only short capital codes continue a TAGS line.
    """
    p = Preamble()
    fieldname: str | None = None
    buf: list[str] = []
    seen_subject = False
    subject_ended = False  # a REF list, rule or handling note ended it inside its line
    office: list[str] = []
    tag_words = names.tag_words if names is not None else frozenset()

    def close() -> None:
        nonlocal fieldname, buf
        if fieldname is None:
            return  # nothing open (and nothing read: lines go to `buf` only for a field)
        text = "\n".join(buf).strip()
        if fieldname == "tags":
            p.tags_text = ((p.tags_text + " ") if p.tags_text else "") + text
        elif fieldname == "subject":
            subject, mark = subject_parts(text)
            if subject or mark:
                p.subject, p.subject_mark = subject, mark
        elif fieldname == "ref":
            p.ref_block = ((p.ref_block + "\n") if p.ref_block else "") + text
        elif fieldname == "classified":
            p.classified_by_text = " ".join(text.split())
        elif fieldname == "eo":
            p.decl = " ".join(text.split())
        fieldname, buf = None, []

    # (Compiled: C integers for the line indices, and lines whose str methods are called
    # directly.)
    line: str
    stripped: str
    k: cython.Py_ssize_t
    i: cython.Py_ssize_t = 0
    n: cython.Py_ssize_t = len(lines)
    pending: list[str] = []  # the later fields of a run-together line, read before line i+1
    while i < n:
        if pending:
            line = pending.pop(0)
        else:
            line = lines[i]
            # (Shorter lines hold one field or none: most lines of a preamble.)
            if len(line) >= 8 and (parts := _run_together(line)) is not None:
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
            if fieldname == "subject" and not pending:
                k = i + 1
                while k < n and not lines[k].strip():
                    k += 1
                if k < n and _subject_goes_on(buf, lines[k]):
                    i = k  # `... GOA POLICY IN THE` / / `REGION`: the line broke mid-phrase
                    continue
            if fieldname == "classified" and not pending:
                k = i + 1
                while k < n and not lines[k].strip():
                    k += 1
                if k < n and _reasons_follow(buf, lines[k]):
                    i = k  # `Classified By: AMBASSADOR EARL ANTHONY WAYNE,` / / `FOR REASONS 1.4`
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
            text, rest = _subject_and_rest(line[m.end() :], _next_line(lines, i, pending))
            subject_ended = rest is not None
            if rest is not None:
                p.subject_run_on += len(rest)
                if rest.strip():
                    pending.insert(0, rest)
            fieldname, buf = "subject", [text]
        elif c == "R" and fieldname != "ref" and (m := _REF.match(line)):
            close()
            fieldname, buf = "ref", [line[m.end() :]]
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
        elif fieldname is None and len(line) <= 200 and (caps := caption_words(line)) is not None:
            p.captions.extend(caps)
        elif fieldname == "subject":
            nxt = pending[0] if pending else lines[i + 1] if i + 1 < n else ""
            text, rest = _subject_and_rest(line, nxt)
            if (
                subject_ended
                or len(buf) >= _SUBJECT_MAX_LINES
                or _HEADING.match(line)
                or _RULE_LINE.match(line)
                or _HANDLING_NOTE.match(line)
                or (rest is None and _RULE_LINE.match(nxt) and len(text.split()) <= 4)
                or (_body_sentence(buf, text.strip()) and not _starts_field(nxt))
            ):
                # A subject wraps over a few lines; a heading (perhaps underlined), rule, list
                # or sentence starts the text. What ended it inside its line (`REF: ...`) is
                # read as its own field.
                close()
                if not subject_ended:
                    break
                pending.insert(0, line)
                continue
            if (
                len(stripped) <= 60
                and stripped == stripped.upper()
                and len(line) <= 200
                and (caps := caption_words(line)) is not None
            ):
                close()  # `SUBJECT: X` then `SIPDIS`: the subject ended with its line
                p.captions.extend(caps)
            else:
                buf.append(text)
                if rest is not None:
                    subject_ended = True
                    p.subject_run_on += len(rest)
                    if rest.strip():
                        pending.insert(0, rest)
        elif (
            fieldname == "tags"
            and not _more_tags(stripped, tag_words)
            # A word or two between TAGS and the next field still belong to the TAGS:
            # `TAGS: ... KU COUNTRY` / `CLEARANCE` / `SUBJECT: ...`.
            and not (len(stripped.split()) <= 3 and _starts_field(_next_line(lines, i, pending)))
        ):
            close()  # the TAGS line ends; read this line again with no field open
            pending.insert(0, line)
            continue
        elif fieldname == "ref":
            if ref_ended(stripped):
                break
            buf.append(line)
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


def _reasons_follow(buf: list[str], line: str) -> bool:
    """Whether `line`, after a blank line, ends a `Classified By` phrase that has no reasons
    yet: a double-spaced page (`... Embassy Tripoli,` / / `Department of State. REASON: 1.4`)."""
    if len(line) > 120 or _REASON_HEAD.search(" ".join(buf)) or PARAGRAPH_START.match(line):
        return False
    return _REASON_HEAD.search(line) is not None or line.strip().upper().startswith("REASON")


@cython.cfunc
def _next_line(lines: list[str], i: int, pending: list[str]) -> str:
    """The line after the one being read: the rest of a run-together line, or line i+1."""
    if pending:
        return pending[0]
    return lines[i + 1] if i + 1 < len(lines) else ""


def _starts_field(line: str) -> bool:
    """Whether `line` opens a field: SUBJECT, REF, `Classified By`, TAGS, E.O."""
    c = line.lstrip(" \t¶(U)")[:1].upper()
    if c == "S":
        return _SUBJECT.match(line) is not None
    if c == "R":
        return _REF.match(line) is not None
    if c == "C":
        return _CLASSIFIED_BY.match(line) is not None
    if c == "T":
        return _TAGS.match(line) is not None
    return c == "E" and _EO.match(line) is not None


@cython.cfunc
def _subject_and_rest(text: str, next_line: str) -> tuple[str, str | None]:
    """A subject line's own text, and what ran onto it (None when nothing did): a REF list or
    `Classified By` to read as their fields, a rule or heading that starts the text, or the
    captions of a handling note (`SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT ACCORDINGLY`)."""
    m = None
    if len(text) > 3 and _SUBJECT_STOP_HINT.search(text):
        m = _SUBJECT_STOP.search(text)
        if m is not None and not text[: m.start()].strip():
            m = None  # `SUBJECT: REF ...`: nothing came before it
    if m is not None:
        head, rest = text[: m.start()].rstrip(" \t"), text[m.start() :].strip()
        if rest[:1] in ("-", "=", "_"):
            if h := _HEADING_WORDS.search(head):  # `... in Mendoza  Summary --------`
                head, rest = head[: h.start()], f"{head[h.start() :].strip()} {rest}"
        elif "BUT" in rest[:30].upper():
            # A handling note: its captions, the rest of its words are not the cable's text.
            rest = "SENSITIVE NOFORN" if "NOFORN" in rest.upper() else "SENSITIVE"
        return head, rest
    if next_line and _RULE_LINE.match(next_line) and (h := _HEADING_WORDS.search(text)):
        return text[: h.start()], text[h.start() :].strip()  # `... in Mendoza Summary`
    return text, None


@cython.cfunc
def _subject_goes_on(buf: list[str], line: str) -> bool:
    """Whether `line`, after a blank line, still belongs to a subject whose last line `buf[-1]`
    broke off mid-phrase (`... POLICY IN THE`, `... THE US-`): a short line in the same
    capitals that opens no field."""
    last = buf[-1].rstrip() if buf else ""
    words = last.split()
    if not words or not (words[-1].upper() in _DANGLING_WORDS or last.endswith("-")):
        return False
    text = line.strip()
    return (
        0 < len(text) <= _SUBJECT_WRAP_MAX_CHARS
        and (text == text.upper()) == (last == last.upper())
        and not _starts_field(line)
        and PARAGRAPH_START.match(line) is None
        and (len(line) > 200 or caption_words(line) is None)
    )


def _body_sentence(buf: list[str], line: str) -> bool:
    """Whether `line`, after a subject's first lines `buf` with no blank line between, is a
    sentence of the text rather than the subject wrapped: `The Ambassador met ...`."""
    if line == line.upper():
        return False  # a line in capitals: the subject's own, as it wraps
    words = line.split()
    if len(words) < 4:
        return False
    so_far = portion_mark(" ".join(" ".join(buf).split()))[1]
    if so_far.lower() == so_far.upper():
        return False  # `SUBJECT:` alone (or a mark alone): the subject is on this line
    if so_far == so_far.upper():
        # A subject in capitals wraps onto lines in capitals.
        return sum(1 for w in words if w[:1].islower()) >= 2
    last = so_far.rsplit(None, 1)[-1]
    if so_far.endswith(("?", "!")) or (
        # a sentence's end, not an abbreviation's (`U.S.`, `Amb.`)
        so_far.endswith(".") and "." not in last[:-1] and len(last) > 4
    ):
        return words[0][:1].isupper()
    common = sum(1 for w in words if w.lower() in _SENTENCE_WORDS)
    return line.endswith(".") and len(words) >= 10 and common >= 3


def subject_parts(text: str) -> tuple[str | None, str | None]:
    """(subject, portion mark): `(C) SECRETARY RICE'S MEETING` -> (`SECRETARY RICE'S MEETING`,
    `C`); `... TO IRANIAN DEALER (S)` -> (`... TO IRANIAN DEALER`, `S`); HTML entities decoded."""
    text = " ".join(text.split())
    if "&" in text:
        text = " ".join(html.unescape(text).split())
    if ',,"' in text:  # an export's escaped quotes left at the end: `000174 ,,"" ,,""`
        text = _EXPORT_QUOTES.sub("", text)
    mark: str | None = None
    if text.startswith("("):
        mark, rest = portion_mark(text)
        if mark is not None:
            text = rest.strip()
    if mark is None and text.endswith(")") and (m := _TRAILING_MARK.search(text)):
        mark = portion_mark(m.group(1))[0]
        if mark is not None:
            text = text[: m.start()].rstrip()
    return text or None, mark


def _more_tags(line: str, known: Collection[str]) -> bool:
    """Whether a line after a TAGS line continues it: `SY, IS`, `RS,JA, KS, ASEAN` (not the
    subject or a sentence that follows without a blank line)."""
    tokens = [t for t in (t.strip(".:()[]#") for t in _TAG_SEPARATORS.split(line.upper())) if t]
    if not tokens or len(tokens) > 40:
        return False
    if known:
        return sum(1 for t in tokens if t in known) * 2 >= len(tokens)
    return line == line.upper() and all(len(t) <= 5 and t.isalnum() for t in tokens)


# Captions that ran onto the end of an office line: `... FOR ILAB MMITTELHAUSER SENSITIVE SIPDIS`.
_TRAILING_CAPTIONS = re.compile(r"(?:\s+(?:SENSITIVE|SIPDIS|NOFORN|EXDIS|NODIS|LIMDIS))+\s*$")
_TRAILING_CAPTION_WORDS = ("SENSITIVE", "SIPDIS", "NOFORN", "EXDIS", "NODIS", "LIMDIS")


@cython.cfunc
def _add_office(p: Preamble, office: list[str]) -> None:
    text = " ".join(" ".join(office).split())
    # (The pattern is tried only where the line ends with a caption: it tries every space.)
    m = _TRAILING_CAPTIONS.search(text) if text.endswith(_TRAILING_CAPTION_WORDS) else None
    if m and m.start() > 0:
        p.captions.extend(m.group(0).split())
        text = text[: m.start()]
    if text:
        p.office_lines.append(text)


_DECLASSIFY_ON = re.compile(r"\b(?:DECL|GDS)\b\s*:?\s*(?:ON\s*)?(\d[\d/.-]+\d)", re.I)


def declassification_date(decl: str) -> date | None:
    """`DECL: 07/13/2016` -> 2016-07-13; `N/A`, `OADR`, `1.6X1` -> None."""
    if len(decl) <= _MEMO_MAX_CHARS:
        return _declassify_on_remembered(decl)
    return _declassify_on(decl)


def _declassify_on(decl: str) -> date | None:
    m = _DECLASSIFY_ON.search(decl)
    if not m:
        return None
    return parse_numeric_date(m.group(1))


# Two in three cables repeat a declassification line seen before.
_declassify_on_remembered = functools.lru_cache(maxsize=4096)(_declassify_on)


_TAG_SEPARATORS = re.compile(r"[\s,;/]+")
_TAG_ITEMS = re.compile(r"\s*[,;]\s*")
# A person tag in parentheses: `OVIP (BIDEN, JOSEPH R.)`, `ovip (steinberg, james b.)`.
_PERSON_IN_PARENS = re.compile(
    r"\(\s*([A-Z][A-Z'-]+)\s*,\s*([A-Z][A-Z'.]*(?:\s+[A-Z][A-Z'.]*){0,3})\s*\)"
)
# Tags that announce a person: a visit (`OVIP`), a congressional or staff delegation.
_PERSON_MARKERS = frozenset({"OVIP", "CODEL", "STAFFDEL"})
_NAME_TOKEN = re.compile(r"[A-Z][A-Z'-]*[AEIOUY][A-Z'-]*")


def tags_from(
    text: str,
    typos: Mapping[str, tuple[str, ...]] | None = None,
    names: NameTables | None = None,
) -> list[str]:
    """Tag codes in order, each once: `PTER, KAWC PINR` -> [PTER, KAWC, PINR].

    A person stays one tag: `OVIP RICE CONDOLEEZZA` -> [OVIP, `RICE, CONDOLEEZZA`], `OVIP (BIDEN,
    JOSEPH R.)` -> [OVIP, `BIDEN, JOSEPH R.`]; so does an item of a comma-separated line that is
    not a list of codes (`PHUM, KDEM, HUMAN RIGHTS` -> [.., `HUMAN RIGHTS`]).
    """
    out: list[str] = []
    fixes = typos or {}
    upper = text.upper()
    chunks: list[str | tuple[str, str]] = []
    pos = 0
    if "(" in upper:
        for m in _PERSON_IN_PARENS.finditer(upper):
            chunks.append(upper[pos : m.start()])
            chunks.append((m.group(1), " ".join(m.group(2).split())))
            pos = m.end()
        chunks.append(upper[pos:])
        commas = any("," in c or ";" in c for c in chunks if isinstance(c, str))
    else:  # most lines: one chunk
        chunks.append(upper)
        commas = "," in upper or ";" in upper
    for chunk in chunks:
        if isinstance(chunk, tuple):
            _add_tag(out, f"{chunk[0]}, {chunk[1]}")
            continue
        for item in _TAG_ITEMS.split(chunk) if commas else (chunk,):
            words = [w.strip(".:()[]#") for w in _TAG_SEPARATORS.split(item)]
            words = [w for w in words if w]
            # In a comma-separated line an item is one tag, even of two words (`HUMAN RIGHTS`).
            for tag in _tag_words_read(words, fixes, names, join_free=commas):
                if tag not in out:  # each tag once
                    out.append(tag)
    return out


def _add_tag(out: list[str], tag: str) -> None:
    if tag not in out:
        out.append(tag)


@cython.cfunc
def _free_word(word: str, fixes: Mapping[str, tuple[str, ...]], names: NameTables | None) -> bool:
    """A word of free text on a TAGS line (`HUMAN`, `FREEDOM`), not a code: unknown to the
    tables and longer than codes are (`KSCA`, an unlisted code, is not free)."""
    if word in fixes or (names is not None and word in names.tag_codes):
        return False
    return len(word) > 4 and word.isalpha()


@cython.cfunc
def _tag_words_read(
    words: list[str],
    fixes: Mapping[str, tuple[str, ...]],
    names: NameTables | None,
    *,
    join_free: bool = False,
) -> list[str]:
    """The tags of a run of words: codes (typos fixed), persons written in two words, and with
    `join_free` the free words of one comma-separated item as one tag."""
    out: list[str] = []
    i = 0
    n = len(words)
    codes = names.tag_codes if names is not None else frozenset()
    while i < n:
        person = 0
        if names is not None and i + 1 < n and words[i] not in codes:
            person = _person_at(words, i, names)
        if person:
            tag = f"{words[i]}, {' '.join(words[i + 1 : i + person])}"
            out.append(tag)
            i += person
            continue
        if join_free and _free_word(words[i], fixes, names):
            j = i + 1
            while j < n and _free_word(words[j], fixes, names):
                j += 1
            if j - i > 1:
                out.append(" ".join(words[i:j]))
                i = j
                continue
        token = words[i]
        i += 1
        fixed = fixes.get(token)  # before the shape test: some typos run tags together
        if fixed is None:
            if not _TAG_TOKEN.fullmatch(token):
                continue
            fixed = (token,)
        out.extend(fixed)
    return out


def _person_at(words: list[str], i: int, names: NameTables) -> int:
    """How many words from `i` make a person tag (`RICE CONDOLEEZZA`, `STEINBERG JAMES B`); 0
    when none. The release's person tags are known; others are read after `OVIP`, `CODEL`, or
    when the second word is a given name; a TAGS code is never part of a name."""
    surname, given = words[i], words[i + 1]
    codes = names.tag_codes
    if (surname, given) not in names.person_tags:
        if surname in codes or given in codes or surname in _PERSON_MARKERS:
            return 0
        if not _NAME_TOKEN.fullmatch(surname) or not _NAME_TOKEN.fullmatch(given):
            return 0
        after_marker = i > 0 and words[i - 1] in _PERSON_MARKERS
        is_given = given in names.given_names
        if not (is_given or (after_marker and len(surname) >= 3 and len(given) >= 5)):
            return 0
    # A middle initial after the given name: `STEINBERG JAMES B`.
    if i + 2 < len(words) and len(words[i + 2]) == 1 and words[i + 2].isalpha():
        return 3
    return 2


def reasons_from(text: str) -> list[str]:
    """`reasons 1.4(C) and (D)` -> ["1.4(c)", "1.4(d)"]; `1.4 (b,d)`, `1.4 (b/d)`, `1.4, b/d`
    and `1.4.(b) and (d)` likewise; `1.4` with no letters -> ["1.4"]."""
    return list(_reasons_remembered(text) if len(text) <= _MEMO_MAX_CHARS else _reasons(text))


def _reasons(text: str) -> tuple[str, ...]:
    out: list[str] = []
    # Each reason starts at a `1`: the pattern is tried from the first one on.
    if (first := text.find("1")) < 0:
        return ()
    for m in _REASON_HEAD.finditer(text, first):
        letters: list[str] = []
        pos = m.end()
        while (lm := _REASON_LETTER.match(text, pos)) is not None:
            letters.append(lm.group(1).lower())
            pos = lm.end()
        for reason in [f"1.{m.group(1)}({x})" for x in letters] or [f"1.{m.group(1)}"]:
            if reason not in out:
                out.append(reason)
    return tuple(out)


# A post's cables repeat the same few `Classified By` phrases (a third of them were read
# before): their readings are remembered.
_reasons_remembered = functools.lru_cache(maxsize=8192)(_reasons)


def classifier_from(text: str) -> str | None:
    """`Amb. John Ordway, reasons 1.4(C) and (D).` -> `Amb. John Ordway`."""
    return _classifier_remembered(text) if len(text) <= _MEMO_MAX_CHARS else _classifier(text)


def _classifier(text: str) -> str | None:
    text = _CLASSIFIED_BY_AGAIN.sub("", text)  # `Classified by:` written twice
    m = _CLASSIFIER_END.search(text)
    name = text[: m.start()] if m else text
    name = name.strip(" ,;:.-\t")
    for _ in range(3):  # `..., f or` left by a cut line, perhaps after `Based`
        if (tail := _CLASSIFIER_TAIL.search(name)) is None:
            break
        name = name[: tail.start()].rstrip(" ,;:.-\t")
    # Keep the trailing period of an abbreviation (`Amb.` alone is rare); drop a final one.
    return name or None


_classifier_remembered = functools.lru_cache(maxsize=8192)(_classifier)  # (see `_reasons`)
