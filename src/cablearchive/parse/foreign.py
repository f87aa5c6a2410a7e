"""Records that other cable tools export as JSON: their field names, MongoDB Extended JSON
values and date formats, read into the text and the metadata `parse_cable` takes.

Pure: a decoded JSON value in, a `ForeignRecord` (or why it is none) out. The sources (JSON
files, JSON lines, mongoexport dumps) and `parse_cable` (one record pasted as text) both read
records here, so a record gives the same cable whichever way it comes in.

Field names are matched whatever their case and separators (`referenceId`, `reference_id`,
`Reference ID`); values may be strings, numbers, lists, or Extended JSON wrappers
(`{"$date": ...}`, `{"$oid": ...}`, `{"$numberLong": ...}`). What a record holds but cannot be
read becomes a warning naming the field and the value; a record without text is refused.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from cablearchive.parse.dates import DTG, MONTHS, dtg_from_match, full_year, iso
from cablearchive.parse.ids import canonical_id, id_from_nara_number
from cablearchive.parse.lookups import Lookups
from cablearchive.parse.model import Hints


@dataclass(frozen=True, slots=True)
class ForeignRecord:
    """What a record says: the cable's text, the metadata beside it as hints (dates in ISO 8601
    UTC, the id canonical where it could be made so), and what could not be read."""

    text: str
    hints: Hints
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NotARecord:
    """A JSON value that holds no cable, and why, in words."""

    reason: str


# Field names, written as `_key` reduces them: lower case, letters and digits only, a leading
# underscore kept (`_id` is MongoDB's own key, `id` may be the cable's). First match wins.
ID_FIELDS = ("refid", "referenceid", "cableid", "cableref", "cablereference", "cablenumber",
             "canonicalid", "identifier", "messageid", "id", "_id")  # fmt: skip
CREATED_FIELDS = ("created", "createdat", "createdon", "datecreated", "creationdate", "date",
                  "datetime", "datetimegroup", "dtg", "cabledate", "sent", "sentat", "senton",
                  "datesent", "timestamp")  # fmt: skip
RELEASED_FIELDS = ("released", "releasedat", "releasedon", "releasedate", "datereleased",
                   "published", "publishedat", "publicationdate")  # fmt: skip
TEXT_FIELDS = ("text", "cabletext", "fulltext", "rawtext", "plaintext", "contenttext")
BODY_FIELDS = ("body", "content", "cablebody", "bodytext", "message")
HEADER_FIELDS = ("header", "cableheader", "head", "transmissionheader")
SUBJECT_FIELDS = ("subject", "subj", "title")
CLASSIFICATION_FIELDS = ("classification", "classificationlevel", "securityclassification",
                         "class", "security")  # fmt: skip
ORIGIN_FIELDS = ("origin", "originator", "post", "from", "sender")
TAG_FIELDS = ("tags", "tag", "taglist", "keywords")
REFERENCE_FIELDS = ("references", "refs", "reftels", "referencedcables", "cites")
# Objects some exports nest the fields in (Elasticsearch's `_source`, a `metadata` block).
_NESTED = ("_source", "metadata", "meta", "fields")
# Keys that make an object a cable record rather than a wrapper around a list of them.
_RECORD_KEYS = frozenset(TEXT_FIELDS + BODY_FIELDS + HEADER_FIELDS)
# Ids that are database keys, not cables: ObjectIds, UUIDs, plain numbers.
_DATABASE_KEY = re.compile(
    r"[0-9a-f]{24}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+", re.I
)
# WikiLeaks' PlusD writes `06ALMATY2549_a`; links end `/06ALMATY2549.html`.
_ID_IN_LINK = re.compile(r"(?:^|/)([0-9]{2,4}[A-Za-z][A-Za-z .'-]*\d+)(?:_[a-z])?(?:\.html?)?/?$")
_NARA_NUMBER = re.compile(r"\d{4}[A-Z]{3,12}\d{3,7}(?:_[a-z])?")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SHOWN = 60  # characters of a bad value quoted in a warning
_JSON_START = re.compile(r"\s*[\[{]")


def read_record(value: object, lookups: Lookups | None = None) -> ForeignRecord | NotARecord:
    """A record's text and metadata, with a warning for each field that could not be read."""
    if not isinstance(value, Mapping):
        return NotARecord(f"a JSON {json_type(value)}, not an object")
    lk = lookups or Lookups.default()
    fields = _fields(value)
    notes: list[str] = []
    text = _text(fields, notes)
    if text is None:
        names = ", ".join(repr(key) for key in list(value)[:12]) or "none"
        return NotARecord(
            f"JSON object has no cable text: no 'text', 'body' or 'content' string "
            f"(its fields: {names})"
        )
    hints = Hints(
        id=_cable_id(fields, notes, lk),
        created=_date(fields, CREATED_FIELDS, notes),
        released=_date(fields, RELEASED_FIELDS, notes),
        classification=_classification(_string(fields, CLASSIFICATION_FIELDS, notes)),
        origin=_string(fields, ORIGIN_FIELDS, notes),
        subject=_string(fields, SUBJECT_FIELDS, notes),
        tags=_tags(fields, notes),
        references=_references(fields, notes),
    )
    return ForeignRecord(text=text, hints=hints, warnings=tuple(notes))


def records_in(value: object) -> tuple[list[object], str | None]:
    """The records a JSON value holds, and the key of the wrapper they were found under: a list
    is its items; an object is one record, unless it has no text and wraps a list of objects
    (`{"cables": [...]}`, `{"hits": {"hits": [...]}}`)."""
    if isinstance(value, list):
        return value, None
    if isinstance(value, Mapping):
        found = _wrapped(value, 0)
        if found is not None:
            return found[1], found[0]
    return [value], None


def record_in_text(
    text: str, lookups: Lookups | None = None
) -> tuple[ForeignRecord | NotARecord, list[str]] | None:
    """A record pasted as text (`{"_id": ..., "content": ...}`): the record and notes on what
    else the JSON held; None when the text is not JSON. Cheap for telegrams: they do not open
    with `{` or `[`."""
    if _JSON_START.match(text) is None:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None  # a telegram that happens to open with a bracket
    records, _key = records_in(value)
    if not records:
        return NotARecord("the JSON holds no records (an empty list)"), []
    notes = []
    if len(records) > 1:
        notes.append(f"the JSON holds {len(records)} records; only the first was read")
    return read_record(records[0], lookups), notes


def json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, Mapping):
        return "object"
    return "null" if value is None else type(value).__name__


# --- fields ---------------------------------------------------------------------------------


def _key(name: str) -> str:
    """`reference_id`, `referenceId`, `Reference ID` -> `referenceid`; `_id` stays `_id`."""
    reduced = "".join(c for c in name.lower() if c.isalnum())
    return "_" + reduced if name.startswith("_") else reduced


Fields = dict[str, tuple[str, object]]  # reduced name -> (name as written, value)


def _fields(record: Mapping[object, object]) -> Fields:
    """The record's fields by reduced name, with those of a nested `_source` or `metadata`
    object after its own (the outer ones win)."""
    out: Fields = {}
    nested: list[Mapping[object, object]] = []
    for name, value in record.items():
        if not isinstance(name, str):
            continue
        key = _key(name)
        if key in _NESTED and isinstance(value, Mapping):
            nested.append(value)
        out.setdefault(key, (name, value))
    for inner in nested:
        for name, value in inner.items():
            if isinstance(name, str):
                out.setdefault(_key(name), (name, value))
    return out


def _wrapped(value: Mapping[object, object], depth: int) -> tuple[str, list[object]] | None:
    if depth > 2 or any(isinstance(k, str) and _key(k) in _RECORD_KEYS for k in value):
        return None
    for name, inner in value.items():
        if isinstance(inner, list) and any(isinstance(item, Mapping) for item in inner[:10]):
            return str(name), inner
    for name, inner in value.items():
        if isinstance(inner, Mapping) and (found := _wrapped(inner, depth + 1)) is not None:
            return f"{name}.{found[0]}", found[1]
    return None


def _string(fields: Fields, names: Sequence[str], notes: list[str]) -> str | None:
    """The first of `names` holding a non-blank string; other values are noted and skipped."""
    for key in names:
        if key not in fields:
            continue
        name, value = fields[key]
        value = _plain(value)
        if value is None:
            continue
        if isinstance(value, str):
            if value.strip():
                return _without_surrogates(value, name, notes).strip()
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            notes.append(f"{name!r} is a JSON number ({value!r}), not a string; ignored")
        else:
            notes.append(f"{name!r} is a JSON {json_type(value)}, not a string; ignored")
    return None


def _text(fields: Fields, notes: list[str]) -> str | None:
    """The full text, or the header and body joined; a list of lines or paragraphs is joined."""
    full = _text_value(fields, TEXT_FIELDS, notes)
    body = _text_value(fields, BODY_FIELDS, notes) if full is None else None
    header = _text_value(fields, HEADER_FIELDS, notes)
    text = full if full is not None else body
    if text is None:
        return header  # a header alone is still a telegram's beginning
    if header and header.strip()[:40] not in text[: len(header) + 200]:
        return header.strip("\n") + "\n\n" + text.strip("\n")
    return text


def _text_value(fields: Fields, names: Sequence[str], notes: list[str]) -> str | None:
    for key in names:
        if key not in fields:
            continue
        name, value = fields[key]
        value = _plain(value)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = "\n".join(value)  # str-only lists: lines or paragraphs
        if isinstance(value, str):
            if value.strip():
                return _without_surrogates(value, name, notes)
        elif value is not None:
            notes.append(f"{name!r} is a JSON {json_type(value)}, not text; ignored")
    return None


def _cable_id(fields: Fields, notes: list[str], lk: Lookups) -> str | None:
    """The cable id, canonical (`06 ALMATY 002549`, `06almaty2549_a`, a PlusD link, a NARA
    number -> `06ALMATY2549`); a database key (`_id` ObjectId, a UUID, a number) is not one."""
    for key in ID_FIELDS:
        if key not in fields:
            continue
        name, raw = fields[key]
        value = _plain(raw)
        if value is None or isinstance(value, _ObjectId):
            continue
        if not isinstance(value, str):
            notes.append(f"{name!r} {_shown(value)} is not a cable id; ignored")
            continue
        written = _without_surrogates(value, name, notes).strip()
        if not written:
            continue
        found = _id_from(written, lk)
        if found is not None:
            return found
        if key == "_id":
            continue  # MongoDB's key, whatever a tool put in it
        if _DATABASE_KEY.fullmatch(written):
            notes.append(
                f"{name!r} {written[:_SHOWN]!r} is a database key, not a cable id; ignored"
            )
            continue
        return written  # kept as written: parse_cable says what it makes of it
    return None


def _id_from(written: str, lk: Lookups) -> str | None:
    if (m := _ID_IN_LINK.search(written)) is not None:
        written = m.group(1)
    upper = written.upper()
    if _NARA_NUMBER.fullmatch(upper) is not None:
        number = upper.split("_")[0]
        return id_from_nara_number(number, lk) or number
    return canonical_id(written, lookups=lk)


_LEVELS = {
    "U": "UNCLASSIFIED",
    "UNCLAS": "UNCLASSIFIED",
    "C": "CONFIDENTIAL",
    "S": "SECRET",
    "TS": "TOP SECRET",
    "LOU": "LIMITED OFFICIAL USE",
    "SBU": "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
}


def _classification(value: str | None) -> str | None:
    """Classifications in the capitals the release uses: `confidential` -> `CONFIDENTIAL`,
    `C` -> `CONFIDENTIAL`."""
    if value is None:
        return None
    upper = " ".join(value.upper().split())
    return _LEVELS.get(upper, upper)


def _tags(fields: Fields, notes: list[str]) -> tuple[str, ...]:
    """Tags from a list or a comma-separated string, each as written."""
    for key in TAG_FIELDS:
        if key not in fields:
            continue
        name, value = fields[key]
        value = _plain(value)
        if isinstance(value, str):
            items = value.split(",") if "," in value else value.split()
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            items = value
        elif value is None:
            continue
        else:
            notes.append(f"{name!r} is neither a list of strings nor a string; ignored")
            continue
        return tuple(t for item in items if (t := " ".join(item.split())))
    return ()


def _references(fields: Fields, notes: list[str]) -> tuple[str, ...]:
    """Cited ids from a list (of strings, or of objects with an id) or a comma-separated string."""
    for key in REFERENCE_FIELDS:
        if key not in fields:
            continue
        name, value = fields[key]
        value = _plain(value)
        if value is None:
            continue
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list):
            items = [_reference_item(item) for item in value]
            if all(item is not None for item in items):
                return tuple(i.strip() for i in items if i is not None and i.strip())
        notes.append(f"{name!r} is neither a list of strings nor a string; ignored")
    return ()


def _reference_item(item: object) -> str | None:
    item = _plain(item)
    if isinstance(item, str):
        return item
    if isinstance(item, Mapping):
        for key in ID_FIELDS:
            for name, value in item.items():
                if isinstance(name, str) and _key(name) == key and isinstance(value, str):
                    return value
    return None


def _without_surrogates(value: str, name: str, notes: list[str]) -> str:
    # JSON can spell lone surrogates (`\ud800`), which no store or terminal can encode.
    if _SURROGATE.search(value) is None:
        return value
    notes.append(f"{name!r} has unpaired UTF-16 surrogates; replaced by U+FFFD")
    return _SURROGATE.sub("\ufffd", value)


def _shown(value: object) -> str:
    """A bad value as a warning quotes it: short, in JSON."""
    try:
        shown = json.dumps(value, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):
        shown = json_type(value)
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 3] + "..."


# --- MongoDB Extended JSON ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ObjectId:
    hex: str


@dataclass(frozen=True, slots=True)
class _DateValue:
    inner: object


def _plain(value: object) -> object:
    """Extended JSON wrappers unwrapped: `{"$oid": ...}` -> an ObjectId, `{"$date": ...}` ->
    a date value, `{"$numberLong": "12"}` -> 12; anything else as it is."""
    if not isinstance(value, Mapping) or len(value) != 1:
        return value
    ((name, inner),) = value.items()
    if name == "$oid":
        return _ObjectId(str(inner))
    if name == "$date":
        return _DateValue(inner)
    if name in ("$numberLong", "$numberInt", "$numberDouble", "$numberDecimal"):
        try:
            number = float(str(inner))
        except ValueError:
            return value
        return int(number) if number.is_integer() and name != "$numberDouble" else number
    return value


# --- dates ----------------------------------------------------------------------------------

# Epoch times: seconds up to about the year 2128, milliseconds beyond.
_EPOCH_SECONDS_MAX = 5_000_000_000
_EPOCH_MIN = 10_000_000  # under four months from 1970: a year or a count, not a time
_EPOCH = datetime(1970, 1, 1)
# Cables run from the 1960s to 2010; a date outside this is a misread, not a cable's.
_FIRST_YEAR, _LAST_YEAR = 1900, 2100
_TIME = (
    r"(?:[ T,]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"[ \t]*(?P<ampm>[AP]\.?M\.?)?)?[ \t]*(?P<zone>Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
)
_ISO_DATE = re.compile(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})" + _TIME, re.I)
_COMPACT_DATE = re.compile(
    r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T?(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?"
    r"(?P<ampm>)(?P<zone>Z)?",
    re.I,
)
_NUMERIC_DATE = re.compile(
    r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})" + _TIME, re.I
)
_DAY_MONTH = re.compile(
    r"(?:[A-Za-z]{3,9},?[ \t]+)?(?P<d>\d{1,2})[ \t-]+(?P<mon>[A-Za-z]{3,9})\.?,?[ \t-]+"
    r"(?P<y>\d{4}|\d{2})" + _TIME,
    re.I,
)
_MONTH_DAY = re.compile(
    r"(?:[A-Za-z]{3,9},?[ \t]+)?(?P<mon>[A-Za-z]{3,9})\.?[ \t]+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?"
    r"[ \t]+(?P<y>\d{4})" + _TIME,
    re.I,
)
_EPOCH_TEXT = re.compile(r"-?\d{9,13}(?:\.\d+)?")


def read_date(value: object, name: str) -> tuple[str | None, str | None]:
    """A date in any of the forms exports write (ISO 8601, `8/7/1987 12:11`, `20 Jan 2004`,
    `January 20, 2004`, a date-time group, epoch seconds or milliseconds, `{"$date": ...}`)
    as ISO 8601 UTC, and a warning when it could not be read or was read against the
    US month/day order."""
    value = _plain(value)
    if isinstance(value, _DateValue):
        value = _plain(value.inner)
    if value is None:
        return None, None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None, f"{name!r} is a JSON {json_type(value)}, not a date; ignored"
    if isinstance(value, int | float):
        stamp = _from_number(value)
        if stamp is None:
            return None, f"{name!r} {value!r} is not a date (not a plausible epoch time); ignored"
        return iso(stamp), None
    written = value.strip()
    if not written:
        return None, None
    stamp, note = _from_text(written)
    if stamp is None:
        return None, f"{name!r} {written[:_SHOWN]!r} is not a date this reader knows; ignored"
    return iso(stamp), (f"{name!r} {written[:_SHOWN]!r} {note}" if note else None)


def _date(fields: Fields, names: Sequence[str], notes: list[str]) -> str | None:
    for key in names:
        if key not in fields:
            continue
        name, value = fields[key]
        stamp, note = read_date(value, name)
        if note:
            notes.append(note)
        if stamp is not None:
            return stamp
    return None


def _from_number(value: float) -> datetime | None:
    """An epoch time, or a date written as a number (`20040120`); small numbers (a year, a
    count) are no time."""
    if not math.isfinite(value):
        return None  # `NaN` and `Infinity`, which Python's JSON reader accepts
    if isinstance(value, int) and 19_000_101 <= value <= 21_001_231:
        m = _COMPACT_DATE.fullmatch(str(value))
        if m is not None and (stamp := _stamp(m, int(m["y"]), int(m["m"]), int(m["d"]))):
            return stamp
    if abs(value) < _EPOCH_MIN:
        return None
    return _from_epoch(value)


def _from_epoch(value: float) -> datetime | None:
    seconds = value if abs(value) < _EPOCH_SECONDS_MAX else value / 1000
    try:
        stamp = _EPOCH + timedelta(seconds=seconds)
    except (OverflowError, ValueError):
        return None
    return stamp.replace(microsecond=0) if _FIRST_YEAR <= stamp.year <= _LAST_YEAR else None


def _from_text(written: str) -> tuple[datetime | None, str | None]:
    """(the date, a note on how an ambiguous one was read)."""
    if _EPOCH_TEXT.fullmatch(written):
        return _from_epoch(float(written)), None
    for pattern in (_ISO_DATE, _COMPACT_DATE):
        if (m := pattern.fullmatch(written)) is not None:
            return _stamp(m, int(m["y"]), int(m["m"]), int(m["d"])), None
    if (m := _NUMERIC_DATE.fullmatch(written)) is not None:
        return _numeric(m)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        if (m := pattern.fullmatch(written)) is not None:
            month = MONTHS.get(m["mon"][:3].upper())
            if month is None:
                return None, None
            return _stamp(m, full_year(int(m["y"])), month, int(m["d"])), None
    if (m := DTG.fullmatch(written.upper())) is not None:
        return dtg_from_match(m), None
    return None, None


def _numeric(m: re.Match[str]) -> tuple[datetime | None, str | None]:
    """`8/7/1987` in State's order, month first; `13/7/1987` can only be day first, and
    says so. Dotted dates (`20.01.2004`) are day first, as they are written where dots are."""
    a, b, year = int(m["a"]), int(m["b"]), full_year(int(m["y"]))
    month, day = (b, a) if m["sep"] == "." else (a, b)
    note = None
    if month > 12 >= day:
        month, day = day, month
        order = "month first" if m["sep"] == "." else "day first"
        note = f"read {order} ({_written_date(year, month, day)}): it cannot be read the usual way"
    return _stamp(m, year, month, day), note


def _written_date(year: int, month: int, day: int) -> str:
    names = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip
    return f"{day} {names[month - 1]} {year}"


def _stamp(m: re.Match[str], year: int, month: int, day: int) -> datetime | None:
    groups = m.groupdict()
    hour = int(groups.get("H") or 0)
    minute = int(groups.get("M") or 0)
    second = int(groups.get("S") or 0)
    ampm = (groups.get("ampm") or "").upper().replace(".", "")
    if ampm == "PM" and hour < 12:
        hour += 12
    elif ampm == "AM" and hour == 12:
        hour = 0
    try:
        stamp = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    zone = (groups.get("zone") or "").upper()
    if zone[:1] in ("+", "-"):
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        stamp = stamp - offset if zone[0] == "+" else stamp + offset
    return stamp if _FIRST_YEAR <= stamp.year <= _LAST_YEAR else None
