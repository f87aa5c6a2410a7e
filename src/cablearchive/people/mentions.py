"""Names of people in running text: titled names (`Foreign Minister Tokayev`, `FM TOKAYEV`,
`MININTERIOR CASTRO`, `Ambassador Ordway`, `DCM Wall`, `President Nazarbayev`) and names that
open with a first name (`ROBERT HELANDER`, `Fernando Naranjo`, `MALCOLM K. WAGLAND`).

A titled mention is a title (`reference/mention_titles.csv`, and the titles of `titles.csv`:
`COUNSELOR`, `DIRECTOR`) followed by one to three name words: capitalised words or initials,
on the same line or the next. In text written all in capitals every word is capitalised, so a
word in capitals that the corpus writes in lower case (`SAID`, `THAT`,
`reference/common_words.csv`) ends the name, and a title followed by none is no mention (`THE
MINISTER SAID`); so do months and days (`PRESIDENT CARTER DECEMBER 3`).

A named mention is a first name of `reference/first_names.csv` followed by initials and one
surname word (or more given names and the surname: `Fernando Henrique Cardoso`), where no
title comes before: the surname is no common word or its inflection (written in capitals),
title, month or place (`SIERRA LEONE`, `SANTO DOMINGO`), and the two words are not one word
broken at a line's end (`CON SIDERABLE`). Pure: the tables are passed in.

The ingest reads titled mentions only (`titled_rules`); named mentions are read by `cables
enrich people` (`mention_rules`, people/enrichment.py), where their cost falls outside the
ingest.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from cablearchive.parse.text import word_heads, word_places
from cablearchive.people.names import fold
from cablearchive.reference.people import (
    common_words,
    first_names,
    given_names,
    mention_titles,
    titles,
)
from cablearchive.reference.stations import stations
from cablearchive.reference.tags import tags

_NAME_WORD = r"(?:[A-Z]\.|[A-Z][A-Za-z'’]+(?:-[A-Za-z'’]+)*)"
_FIRST_WORD = re.compile(r"[\w/]+")
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
MAX_NAME_WORDS = 3
# The words of the addresses of a header (`FM AMEMBASSY MADRID`): `FM` there is no title.
_ADDRESS_WORDS = frozenset(
    {"AMEMBASSY", "AMCONSUL", "USMISSION", "SECSTATE", "WASHDC", "USINT", "USDEL", "USEU",
     "USNATO", "USUN", "RUEHC", "CIA", "DIA", "NSC", "SECDEF", "JCS", "COLLECTIVE",
     # and the telegram's own words around a quoted message (`BRUCE UNQUOTE`)
     "QUOTE", "QTE", "UNQUOTE", "UNQTE", "ENDQUOTE", "END"}
)  # fmt: skip
# Months and days, as cables write them (`DEC`, `SEPT`): a date after a name is no name word.
CALENDAR_WORDS = frozenset(
    w.upper() for w in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name, "Sept") if w
)
# A first name, initials and a surname: `ROBERT HELANDER`, `Malcolm K. Wagland`.
_NAMED = re.compile(
    rf"(?P<given>[A-Z][A-Za-z]+)(?:{_GAP}[A-Z]\.){{0,2}}{_GAP}(?P<surname>{_NAME_WORD})"
    r"(?![\w'’]|-\s*\w)"  # nor a word broken at a line's end: `AVAILA- BLE`
)


@dataclass(frozen=True, slots=True)
class Mention:
    name: str  # as written: `Tokayev`, `TOKAYEV`, `John Ordway`
    title: str  # as written: `Foreign Minister`, `FM`; empty for a named mention
    meaning: str  # what the title means: `Foreign Minister`; empty for no title (`AMCIT`)
    start: int  # where the name is in the text
    end: int


class MentionRules:
    """The titles and common words, compiled once into one pattern."""

    def __init__(
        self,
        titles: Mapping[str, str],
        common: Collection[str],
        stops: Collection[str] = (),
        first_names: Collection[str] = (),
        places: Collection[str] = (),
        short_names: Collection[str] = (),
    ) -> None:
        """`stops`: more words no name holds (other titles, `ADVISOR`; address words,
        `AMEMBASSY`), in the folded form. `first_names` (upper case) open named mentions,
        whose surname is none of `places` (words of place names, upper case); in capitals,
        a first name of three letters only where it is one of `short_names` as well (most
        three-letter words in capitals are abbreviations: `GOI`, `HCR`, `ODA`)."""
        self.titles = titles
        self.common = frozenset(common)
        self.stops = frozenset(stops) | _ADDRESS_WORDS | CALENDAR_WORDS
        self.places = frozenset(places)
        self.short_names = frozenset(short_names)
        self.firsts = frozenset(first_names)
        self._firsts_named = frozenset(n.lower() for n in first_names)
        self.pattern = _mention_pattern(titles)
        # A pattern per first word of the titles (`foreign`: `Foreign Minister`, `Foreign
        # Secretary`), tried only where the text has that word: scanning a text with one
        # pattern of every title costs five times more than the whole parse of a cable.
        by_first: dict[str, list[str]] = defaultdict(list)
        for t in titles:
            by_first[_FIRST_WORD.findall(t.lower())[0]].append(t)
        self._by_first = {w: _mention_pattern(ts) for w, ts in by_first.items()}
        self._firsts = frozenset(by_first)
        self._openers = self._firsts | self._firsts_named
        self._heads = word_heads(self._openers)
        self._name_word = re.compile(_NAME_WORD)

    def find(self, text: str) -> list[Mention]:
        """Every titled and named mention of `text`, in order; where both read a name
        (`Mr. John Smith`), the titled one."""
        # One scan for the first words of titles and the first names together.
        places = word_places(text, self._openers, self._heads)
        titled = self.find_titled(text, [p for p in places if p[1] in self._firsts])
        if not self._firsts_named:
            return titled
        named = self.find_named(text, titled, [p for p in places if p[1] in self._firsts_named])
        return sorted(titled + named, key=lambda m: m.start) if named else titled

    def find_named(
        self, text: str, titled: list[Mention], places: list[tuple[int, str]]
    ) -> list[Mention]:
        """The named mentions of `text` outside the names of `titled` (in order), from the
        places of its first names (`word_places`)."""
        found: list[Mention] = []
        taken = iter(titled)
        nxt = next(taken, None)
        at = 0
        for start, _ in places:
            if start < at or not text[start].isupper():
                continue
            while nxt is not None and nxt.end <= start:
                nxt = next(taken, None)
            m = _NAMED.match(text, start)
            if m is None or (nxt is not None and nxt.start < m.end()):
                continue
            if not self._is_name(text, m):
                continue
            end, last = m.end(), m.group("surname")
            words = 2
            # Given names of several words (`Fernando Henrique Cardoso`, `JUAN RAMON DE LA
            # FUENTE` stops at `DE`): a first name read as the surname goes on to the next word.
            while words < MAX_NAME_WORDS and fold(last) in self.firsts:
                more = _NEXT_WORD.match(text, end)
                if more is None or not self._is_surname(more.group(1)):
                    break
                if nxt is not None and nxt.start < more.end():
                    break
                end, last = more.end(), more.group(1)
                words += 1
            if text.endswith(("'s", "’s", "'S", "’S"), start, end):
                end -= 2
            found.append(Mention(text[start:end], "", "", start, end))
            at = end
        return found

    def _is_name(self, text: str, m: re.Match[str]) -> bool:
        """Whether a first name and the word after it read as a person's name (the cheap
        tests first: most first names of a text are followed by no surname)."""
        given, surname = m.group("given"), m.group("surname")
        if len(surname) < 2 or not (given.isupper() or given[1:].islower()):
            return False
        if not self._is_surname(surname):
            return False
        head = given.upper()  # a first name of the table is plain ASCII letters
        if head in self.stops or (
            given.isupper() and len(given) < 4 and head not in self.short_names
        ):
            return False
        start = m.start()
        if text[start - 1 : start] == "-":
            return False
        before = fold(_word_before(text, start))
        if before in _PLACE_HEADS:
            return False  # `San Pedro Sula`
        # A word broken at a line's end reads as two (`CON SIDERABLE`, `AFFEC TED`).
        return head + fold(surname) not in self.common and before + head not in self.common

    def _is_surname(self, written: str) -> bool:
        """Whether a word after a first name may be a surname: no title, stop word or place,
        nor, written in capitals, a common word or one's inflection (`FORMATIONS`)."""
        key = fold(written)
        if key.endswith(("'S", "’S")):
            key = key[:-2]
        if len(key) < 2 or key in self.titles or key in self.stops or key in self.places:
            return False
        return not (written.isupper() and (key in self.common or inflects(key, self.common)))

    def find_titled(self, text: str, places: list[tuple[int, str]] | None = None) -> list[Mention]:
        """Every titled name of `text`, in order; `places`: where the first words of titles
        stand (`word_places`), when known."""
        found: list[Mention] = []
        at = 0
        for m in self._matches(text, places):
            if m.start() < at:
                continue
            kept = self._name_words(text, m)
            if not kept:  # a title and no name: the words after it may hold a title
                at = m.end("title")
                continue
            start, end = kept[0].start(), kept[-1].end()
            if text.endswith(("'s", "’s", "'S", "’S"), start, end):
                end -= 2  # a possessive: `Secretary Rice's letter`
            title = m.group("title")
            meaning = self.titles.get(_title_key(title), title)
            found.append(Mention(text[start:end], " ".join(title.split()), meaning, start, end))
            at = end  # what followed the name may start the next mention (`AND MRS. JONES`)
        return found

    def _matches(
        self, text: str, places: list[tuple[int, str]] | None = None
    ) -> list[re.Match[str]]:
        """The matches of `pattern` that may start at each place of `text` where a title's
        first word stands as a word, in order (overlapping ones too: `find` skips those)."""
        if places is None:
            places = [
                p for p in word_places(text, self._openers, self._heads) if p[1] in self._firsts
            ]
        found = (self._by_first[word].match(text, at) for at, word in places)
        return [m for m in found if m is not None]

    def _name_words(self, text: str, m: re.Match[str]) -> list[re.Match[str]]:
        """The words of the name after a title, up to the first that cannot be a name's;
        none when they are initials only."""
        kept = []
        for w in self._name_word.finditer(text, m.start("name"), m.end("name")):
            key = fold(w.group())
            # A common word ends the name only written in capitals: in mixed case a
            # capitalised word after a title is a name (`Secretary General Ban`).
            if key in self.titles or key in self.stops:
                break
            if key in self.common and w.group().isupper():
                break
            kept.append(w)
            if key.endswith(("'S", "’S")):
                break  # a possessive ends the name: `Mubarak's February visit`
        if all(len(w.group().rstrip(".")) == 1 for w in kept):
            return []
        return kept


_SUFFIXES = (("IES", "Y"), ("IED", "Y"), ("ES", ""), ("S", ""), ("ED", ""), ("D", ""),
             ("ING", ""), ("ING", "E"), ("LY", ""))  # fmt: skip


def inflects(word: str, common: frozenset[str]) -> bool:
    """Whether `word` inflects a word of `common` (`FORMATIONS` -> `FORMATION`, `DEPLORED`
    -> `DEPLORE`), of a stem of four letters or more: no surname after a first name in
    capitals, and no name alone from the model (people/enrichment.py)."""
    for suffix, then in _SUFFIXES:
        stem = len(word) - len(suffix)
        if word.endswith(suffix) and stem + len(then) >= 4 and word[:stem] + then in common:
            return True
    return False


_NEXT_WORD = re.compile(rf"{_GAP}({_NAME_WORD})(?![\w'’]|-\s*\w)")
# Words that open a place's name before a first name (`San Pedro Sula`, `SAO JOAO`).
_PLACE_HEADS = frozenset({"SAN", "SANTA", "SANTO", "SAO", "ST", "SAINT", "PORT", "PUERTO", "FORT"})


def _word_before(text: str, at: int) -> str:
    """The word before `at` over spaces and one line break (`AFFEC` before the `TED` of
    `AFFEC\nTED`): empty where there is none."""
    end = at
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if end > 0 and text[end - 1] == "\n":
        end -= 1
        while end > 0 and text[end - 1] in " \t":
            end -= 1
    start = end
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    return text[start:end]


@functools.cache
def mention_rules() -> MentionRules:
    """The rules with the project's tables: the mention titles and the titles of `titles.csv`
    (`COUNSELOR`, `DIRECTOR`; qualifiers and fields, `ACTING`, `POLITICAL`, as words no name
    holds), the corpus's common words, the first names, and the words of the stations' and
    countries' names as words no named mention's surname is."""
    words, others = _title_tables()
    return MentionRules(words, common_words(), others, first_names(), place_words(), given_names())


@functools.cache
def titled_rules() -> MentionRules:
    """The rules of `mention_rules` for titled names only: what the ingest reads. Named
    mentions (a first name and a surname) give a third more names and cost the ingest about
    15% more time, so they are read by `cables enrich people` (people/enrichment.py)."""
    words, others = _title_tables()
    return MentionRules(words, common_words(), others)


def _title_tables() -> tuple[dict[str, str], set[str]]:
    """The titles that open a mention (written -> meaning), and the words no name holds."""
    table = titles()
    words = {k: t.meaning for k, t in table.items() if t.kind == "title" and "/" not in k}
    words.update(mention_titles())
    others = {k for k, t in table.items() if t.kind in ("qualifier", "field")} - set(words)
    return words, others


@functools.cache
def no_name_words() -> frozenset[str]:
    """Words (upper case) that are no one's name alone: places, months and days, the titles
    and the words no name holds of `mention_rules`."""
    rules = mention_rules()
    return place_words() | frozenset(rules.titles) | rules.stops  # stops hold the months


@functools.cache
def place_words() -> frozenset[str]:
    """The words (upper case) of the stations' names as cables write them (`SANTO DOMINGO`)
    and of the countries of the TAGS (`Sierra Leone`)."""
    names = [s.written for s in stations().values()]
    names += [t.meaning for t in tags().values() if t.kind == "country"]
    return frozenset(w for name in names for w in re.findall(r"[A-Z]+", fold(name)))


def _mention_pattern(titles: Collection[str]) -> re.Pattern[str]:
    """A title of `titles` (the longest first, in any case) and the capitalised words after it."""
    alternation = "|".join(_title_pattern(t) for t in sorted(titles, key=len, reverse=True))
    # The name ends at a word's end, not inside a word broken at a line's end (`AVAILA- BLE`).
    return re.compile(
        rf"(?<![\w/])(?P<title>(?i:{alternation}))(?![\w/])"
        rf"(?P<name>(?:{_GAP}{_NAME_WORD}){{1,{MAX_NAME_WORDS}}})(?![\w'’]|-\s*\w)"
    )


def _title_pattern(written: str) -> str:
    """`FOREIGN MINISTER` -> `foreign\\s+minister`; `AMB` -> `amb\\.?` (any case)."""
    words = [re.escape(w) for w in written.split()]
    return r"\s+".join(words) + r"\.?"


def _title_key(title: str) -> str:
    return " ".join(title.upper().replace(".", "").split())
