"""NARA Central Foreign Policy Files telegrams (1973-79) with hand-made entity annotations.

A file is a numbered entity list, a line of `@@@` (three or four), then the telegram with every
mention written `[[ TEXT || N ]]`, N being the entity's number; mentions nest
(`[[[[HIS || 1]] ADVISOR || 2]]`). The annotations were typed by hand and are not always well
formed: list lines are separated by tabs or one or more spaces, numbers repeat, brackets go
unclosed or stray, the `@@@` line is sometimes missing. The reader keeps the mention text,
drops the markup, and reports in warnings whatever it had to guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cablearchive.sources.document import Entity
from cablearchive.sources.extract import NARA_ENTITIES, Extract, trim_blank_lines

_SEPARATOR = re.compile(r"^[ \t]*@{3,}[ \t]*$", re.MULTILINE)
_MARKUP = re.compile(r"(\[\[|\]\]|\|\|)")
_LIST_ENTRY = re.compile(r"\s*(?P<number>\d+)\.?(?:\s+(?P<rest>.*?))?\s*")
# Entity types: `PER.IND`, `GPE.NATION`, `ORG.GOV`..., and the one without a subtype, `LOC`.
_NAME_AND_TYPE = re.compile(r"(?:(?P<name>.*?)\s+)?(?P<type>[A-Z]{2,5}\.[A-Z]+|LOC)")
_LABEL_DIGITS = re.compile(r"\s*\d*")
_NUMBER = re.compile(r"\d+")
_COMMENT = "//"


@dataclass(frozen=True, slots=True)
class Mention:
    """One `[[ TEXT || N ]]`: where TEXT is in the stripped text, and N if it had one."""

    start: int
    end: int
    number: int | None


@dataclass(frozen=True, slots=True)
class StrippedText:
    """Text with the mention markup removed, the mentions found, and what was malformed."""

    text: str
    mentions: tuple[Mention, ...]
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class _OpenMention:
    start: int
    label: list[str] | None = None  # None until its `||`; then the label's characters


@dataclass(slots=True)
class _Scan:
    """The state of one pass over marked-up text (local to `strip_entity_markup`)."""

    out: list[str] = field(default_factory=list)
    length: int = 0
    open: list[_OpenMention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    stray: dict[str, int] = field(default_factory=dict)
    unterminated: int = 0

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.length += len(text)

    def close(self) -> None:
        mention = self.open.pop()
        label = "".join(mention.label) if mention.label is not None else ""
        number = _NUMBER.search(label)
        if self.length > mention.start:
            self.mentions.append(
                Mention(mention.start, self.length, int(number.group()) if number else None)
            )


def looks_like_nara(text: str) -> bool:
    """Whether `text` carries the NARA entity markup: mentions plus a list or `@@@` line."""
    if "[[" not in text or "||" not in text:
        return False
    if _SEPARATOR.search(text):
        return True
    first = next((line for line in text.split("\n", 50) if line.strip()), "")
    entry = _LIST_ENTRY.fullmatch(first)
    return bool(entry and entry["rest"] and _NAME_AND_TYPE.fullmatch(entry["rest"]))


def read_nara(text: str) -> Extract:
    """The telegram without its markup, and the entity list with each entity's mention spans."""
    warnings: list[str] = []
    list_lines, body = _split_list_and_text(text, warnings)
    listed = _parse_entity_list(list_lines, warnings)
    stripped = strip_entity_markup(trim_blank_lines(body))
    warnings.extend(stripped.warnings)
    entities = _entities(listed, stripped.mentions, warnings)
    return Extract(NARA_ENTITIES, stripped.text, warnings=tuple(warnings), entities=entities)


def strip_entity_markup(marked: str) -> StrippedText:
    """`AN [[[[HIS || 1]] ADVISOR || 2]] SAID` as `AN HIS ADVISOR SAID` with both mentions.

    Spaces just inside the brackets are dropped so spans cover the mention text exactly.
    Markup that closes nothing is dropped; a label that runs into ordinary text closes its
    mention there; mentions still open at the end keep their text. Each is counted in a warning.
    """
    scan = _Scan()
    pieces = _MARKUP.split(marked)
    for index, piece in enumerate(pieces):
        if index % 2 == 1:
            _markup(scan, piece)
            continue
        if not piece:
            continue
        if scan.open and scan.open[-1].label is not None:
            piece = _label_text(scan, piece)
            if not piece:
                continue
        if index > 0 and pieces[index - 1] == "[[":
            piece = piece.lstrip()
        next_is_label = index + 1 < len(pieces) and pieces[index + 1] == "||"
        if next_is_label and scan.open and scan.open[-1].label is None:
            piece = piece.rstrip()
        scan.emit(piece)
    return StrippedText("".join(scan.out), tuple(scan.mentions), _markup_warnings(scan))


def _markup(scan: _Scan, token: str) -> None:
    if token == "[[":
        label = scan.open[-1].label if scan.open else None
        if label is not None:
            # `[[X || 12 [[Y || 11]]`: a new mention cannot start inside a label.
            spaces = "".join(label)
            scan.unterminated += 1
            scan.close()
            scan.emit(spaces[len(spaces.rstrip()) :])
        scan.open.append(_OpenMention(scan.length))
    elif token == "||" and scan.open and scan.open[-1].label is None:
        scan.open[-1].label = []
    elif token == "]]" and scan.open:
        scan.close()
    else:
        scan.stray[token] = scan.stray.get(token, 0) + 1


def _label_text(scan: _Scan, piece: str) -> str:
    """Take a label's digits from `piece`; return the ordinary text after them, if any."""
    label = scan.open[-1].label
    assert label is not None  # the caller checked that the open mention is in its label
    digits = _LABEL_DIGITS.match(piece)
    rest = piece[digits.end() :] if digits else piece
    if not rest.strip():
        label.append(piece)
        return ""
    # `[[GUR || 4 AND ...` or `[[NORWAY||4] AND`: the `]]` is missing or one bracket short;
    # the mention ends where its label does.
    label.append(piece[: len(piece) - len(rest)])
    if rest.lstrip().startswith("]"):
        rest = rest.lstrip()[1:]
    scan.unterminated += 1
    scan.close()
    return rest


def _markup_warnings(scan: _Scan) -> tuple[str, ...]:
    warnings = [
        f"entity markup: {count} stray {token!r} dropped" for token, count in scan.stray.items()
    ]
    if scan.unterminated:
        warnings.append(f"entity markup: {scan.unterminated} mention(s) not closed by ']]'")
    if scan.open:
        warnings.append(f"entity markup: {len(scan.open)} '[[' never closed")
    unnumbered = sum(1 for mention in scan.mentions if mention.number is None)
    if unnumbered:
        warnings.append(f"entity markup: {unnumbered} mention(s) without an entity number")
    return tuple(warnings)


def _split_list_and_text(text: str, warnings: list[str]) -> tuple[list[str], str]:
    separator = _SEPARATOR.search(text)
    if separator:
        return text[: separator.start()].split("\n"), text[separator.end() :]
    # No `@@@`: the list is the leading run of entity lines, blank lines and `//` comments.
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines) if not _in_entity_list(line)), len(lines))
    warnings.append(f"no '@@@' line after the entity list; the list taken to end at line {end}")
    return lines[:end], "\n".join(lines[end:])


def _in_entity_list(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith(_COMMENT) or bool(_LIST_ENTRY.fullmatch(line))


def _parse_entity_list(lines: list[str], warnings: list[str]) -> dict[int, tuple[str, str | None]]:
    listed: dict[int, tuple[str, str | None]] = {}
    repeated: dict[int, int] = {}
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith(_COMMENT):
            continue
        entry = _LIST_ENTRY.fullmatch(line)
        if entry is None:
            warnings.append(f"entity list line not understood: {stripped[:80]!r}")
            continue
        number, rest = int(entry["number"]), (entry["rest"] or "").strip()
        typed = _NAME_AND_TYPE.fullmatch(rest)
        name, kind = (typed["name"] or "", typed["type"]) if typed else (rest, None)
        if number in listed:
            repeated[number] = repeated.get(number, 1) + 1
            continue
        listed[number] = (name.strip(), kind)
    if repeated:
        counts = ", ".join(f"{number} ({times} times)" for number, times in repeated.items())
        warnings.append(f"entity list repeats number(s) {counts}; the first of each kept")
    return listed


def _entities(
    listed: dict[int, tuple[str, str | None]], mentions: tuple[Mention, ...], warnings: list[str]
) -> tuple[Entity, ...]:
    spans: dict[int, list[tuple[int, int]]] = {}
    for mention in mentions:
        if mention.number is not None:
            spans.setdefault(mention.number, []).append((mention.start, mention.end))
    unlisted = sorted(set(spans) - set(listed))
    if unlisted:
        numbers = ", ".join(map(str, unlisted))
        warnings.append(f"mentions refer to entity number(s) {numbers}, not in the list")
    entities = []
    for number in sorted(set(listed) | set(spans)):
        name, kind = listed.get(number, ("", None))
        entities.append(Entity(name, kind, tuple(spans.get(number, ())), number))
    return tuple(entities)
