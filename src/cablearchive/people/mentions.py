"""Titled names in running text: `Foreign Minister Tokayev`, `FM TOKAYEV`, `MININTERIOR
CASTRO`, `Ambassador Ordway`, `DCM Wall`, `President Nazarbayev`.

A mention is a title of `reference/mention_titles.csv` followed by one to three name words:
capitalised words or initials, on the same line or the next. In text written all in capitals
every word is capitalised, so a word in capitals that the corpus writes in lower case (`SAID`,
`THAT`, `reference/common_words.csv`) ends the name, and a title followed by none is no
mention (`THE MINISTER SAID`). Pure: the tables are passed in.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from cablearchive.parse.text import word_heads, word_places
from cablearchive.people.names import fold
from cablearchive.reference.people import common_words, mention_titles, titles

_NAME_WORD = r"(?:[A-Z]\.|[A-Z][A-Za-z'’]+(?:-[A-Za-z'’]+)*)"
_FIRST_WORD = re.compile(r"[\w/]+")
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
MAX_NAME_WORDS = 3
# The words of the addresses of a header (`FM AMEMBASSY MADRID`): `FM` there is no title.
_ADDRESS_WORDS = frozenset(
    {"AMEMBASSY", "AMCONSUL", "USMISSION", "SECSTATE", "WASHDC", "USINT", "USDEL", "USEU",
     "USNATO", "USUN", "RUEHC", "CIA", "DIA", "NSC", "SECDEF", "JCS", "COLLECTIVE"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Mention:
    name: str  # as written: `Tokayev`, `TOKAYEV`, `John Ordway`
    title: str  # as written: `Foreign Minister`, `FM`
    meaning: str  # what the title means: `Foreign Minister`
    start: int  # where the name is in the text
    end: int


class MentionRules:
    """The titles and common words, compiled once into one pattern."""

    def __init__(
        self, titles: Mapping[str, str], common: Collection[str], stops: Collection[str] = ()
    ) -> None:
        """`stops`: more words no name holds (other titles, `ADVISOR`; address words,
        `AMEMBASSY`), in the folded form."""
        self.titles = titles
        self.common = frozenset(common)
        self.stops = frozenset(stops) | _ADDRESS_WORDS
        self.pattern = _mention_pattern(titles)
        # A pattern per first word of the titles (`foreign`: `Foreign Minister`, `Foreign
        # Secretary`), tried only where the text has that word: scanning a text with one
        # pattern of every title costs five times more than the whole parse of a cable.
        by_first: dict[str, list[str]] = defaultdict(list)
        for t in titles:
            by_first[_FIRST_WORD.findall(t.lower())[0]].append(t)
        self._by_first = {w: _mention_pattern(ts) for w, ts in by_first.items()}
        self._firsts = frozenset(by_first)
        self._heads = word_heads(self._firsts)
        self._name_word = re.compile(_NAME_WORD)

    def find(self, text: str) -> list[Mention]:
        """Every titled name of `text`, in order."""
        found: list[Mention] = []
        at = 0
        for m in self._matches(text):
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

    def _matches(self, text: str) -> list[re.Match[str]]:
        """The matches of `pattern` that may start at each place of `text` where a title's
        first word stands as a word, in order (overlapping ones too: `find` skips those)."""
        starts = word_places(text, self._firsts, self._heads)
        found = (self._by_first[word].match(text, at) for at, word in starts)
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


@functools.cache
def mention_rules() -> MentionRules:
    """The rules with the project's tables: the mention titles, the corpus's common words, and
    the titles of `titles.csv` (`ADVISOR`, `COUNSELOR`, `ACTING`) as words no name holds."""
    others = {k for k, t in titles().items() if t.kind in ("title", "qualifier", "field")}
    return MentionRules(mention_titles(), common_words(), others)


def _mention_pattern(titles: Collection[str]) -> re.Pattern[str]:
    """A title of `titles` (the longest first, in any case) and the capitalised words after it."""
    alternation = "|".join(_title_pattern(t) for t in sorted(titles, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w/])(?P<title>(?i:{alternation}))(?![\w/])"
        rf"(?P<name>(?:{_GAP}{_NAME_WORD}){{1,{MAX_NAME_WORDS}}})(?![\w'’]|-\w)"
    )


def _title_pattern(written: str) -> str:
    """`FOREIGN MINISTER` -> `foreign\\s+minister`; `AMB` -> `amb\\.?` (any case)."""
    words = [re.escape(w) for w in written.split()]
    return r"\s+".join(words) + r"\.?"


def _title_key(title: str) -> str:
    return " ".join(title.upper().replace(".", "").split())
