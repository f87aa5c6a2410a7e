"""A person's name as cables write it, read into its parts: `James F. Moriarty`, `MORIARTY`,
`RICE, CONDOLEEZZA` (a person TAG), `Amb. John Ordway`, `Robert O. Blake, Jr`, `J. ORDWAY`.

Pure: the caller passes the title words to drop (reference/titles.csv). The parts are upper
case with accents folded, so that spellings compare as people would compare them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

_SUFFIXES = frozenset({"JR", "SR", "II", "III", "IV"})
# Words that belong to the surname that follows them (`Ana de la Vega`, `Ludwig van Beethoven`).
_PARTICLES = frozenset(
    {"DE", "DEL", "DELA", "LA", "LE", "VAN", "VON", "DER", "DI", "DA", "BIN", "AL"}
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_INITIALS = re.compile(r"(?:[^\W\d_]\.){2,}", re.UNICODE)


@dataclass(frozen=True, slots=True)
class PersonName:
    written: str  # as the cable writes it
    surname: str  # `MORIARTY`, `THOMPSON-JONES`, `DE LA VEGA`
    given: tuple[str, ...]  # given names and initials in order: (`JAMES`, `F`)
    suffix: str = ""  # `JR`

    def display(self) -> str:
        """`James F. Moriarty`: given names capitalised, initials with a dot."""
        given = [g.capitalize() if len(g) > 1 else f"{g}." for g in self.given]
        surname = " ".join(_capitalised(w) for w in self.surname.split())
        suffix = f", {self.suffix.capitalize()}" if self.suffix else ""
        return " ".join([*given, surname]) + suffix


def fold(word: str) -> str:
    """Upper case, accents and dots removed, curly apostrophes straightened."""
    if word.isascii():  # most names: nothing to decompose
        return word.upper().replace(".", "")
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.upper().replace(".", "").replace("’", "'")


def read_name(written: str, titles: Collection[str] = ()) -> PersonName | None:
    """The parts of a written name, or None when nothing in it can be a name. `titles` are
    title words in the folded form (`AMB`, `AMBASSADOR`, `DCM`) left out before the name."""
    text = " ".join(written.split())
    if not text:
        return None
    surname_first = "," in text and not _has_suffix_after_comma(text)
    words = _words(text)
    suffix = ""
    if words and words[-1] in _SUFFIXES:
        suffix = words.pop()
    while words and words[0] in titles:
        words.pop(0)
    if not words:
        return None
    if surname_first:  # `RICE, CONDOLEEZZA`: the TAGS form
        head, _, rest = text.partition(",")
        surname_words = [w for w in _words(head) if w not in titles]
        given = tuple(_words(rest))
        if not surname_words:
            return None
        return PersonName(written, " ".join(surname_words), given, suffix)
    cut = len(words) - 1
    while cut > 0 and words[cut - 1] in _PARTICLES:
        cut -= 1
    return PersonName(written, " ".join(words[cut:]), tuple(words[:cut]), suffix)


def _words(text: str) -> list[str]:
    """The folded words of a name; run-together initials apart (`W.R.` is `W` and `R`)."""
    out: list[str] = []
    for word in _WORD.findall(text):
        if _INITIALS.fullmatch(word):
            out.extend(fold(letter) for letter in word.split(".") if letter)
        elif folded := fold(word).strip("'-"):
            out.append(folded)
    return out


def _has_suffix_after_comma(text: str) -> bool:
    """`Robert O. Blake, Jr`: the comma sets off a suffix, not a surname written first."""
    _, _, after = text.rpartition(",")
    return fold(after.strip()) in _SUFFIXES


def _capitalised(word: str) -> str:
    """`THOMPSON-JONES` -> `Thompson-Jones`, `O'BRIEN` -> `O'Brien`; particles lower case."""
    if word in _PARTICLES:
        return word.lower()
    return "-".join("'".join(p.capitalize() for p in part.split("'")) for part in word.split("-"))
