"""Derive `person_tags.csv` and `given_names.csv` (src/cablearchive/reference/data/) from the
Cablegate site corpus in ../shared.

    PYTHONPATH=src python scripts/derive_people_tables.py [--shared ../shared]

Person TAGS: on every TAGS line of the corpus (and the line after it when the TAGS line ends
with a comma), a person written in parentheses (`OVIP (CLINTON, HILLARY)`) or the words after
`OVIP`, `CODEL` or `STAFFDEL` that are no TAGS code (`OVIP RICE CONDOLEEZZA PREL`: `RICE`,
`CONDOLEEZZA`; `OVIP MQADHAFI PREL`: `MQADHAFI`). A TAGS code is a tag of `tags.csv` or a
misspelling of `tag_typos.csv`; a name word has a vowel and three letters or more.

Given names: the first word of every classifier's name of two words or more that the parser
reads from the corpus's `Classified By` lines (`Acting Deputy Chief of Mission Marc Wall` ->
`MARC`), when it is not an initial, plus the given names of the person tags; upper case; kept
when seen on two pages or more (one page's may be a misreading: `ONALD`, `ARMS`) and not the
surname of a person tag (`CLINTON`).

`count` is the number of corpus pages that have the tag or the name. The script reads the
corpus once and writes both files sorted; run it again after changing the rules.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

from cablearchive import reference
from cablearchive.parse import parse_cable
from cablearchive.sources import RawDocument, iter_documents

CORPUS = "corpora/cablegate-site-2011-04.tar.xz"
DATA = Path(__file__).resolve().parents[1] / "src" / "cablearchive" / "reference" / "data"
_TAGS_LINE = re.compile(r"^[ \t¶]*TAGS?\b[ \t]*[:;.]?[ \t]*(.*)$", re.I | re.M)
_IN_PARENS = re.compile(r"\(\s*([A-Z][A-Z'-]+)\s*,\s*([A-Z][A-Z'.]*(?:\s+[A-Z][A-Z'.]*){0,3})\s*\)")
_NAME_WORD = re.compile(r"[A-Z][A-Z'-]*[AEIOUY][A-Z'-]*")
_MARKERS = {"OVIP", "CODEL", "STAFFDEL"}


def tags_lines(text: str) -> list[str]:
    """The TAGS lines of a text, each with the next line when it ends with a comma."""
    out = []
    for m in _TAGS_LINE.finditer(text):
        line = m.group(1)
        if line.rstrip().endswith(","):
            nxt = text[m.end() + 1 :].split("\n", 1)[0]
            line = f"{line} {nxt}"
        out.append(line.upper())
    return out


def persons_in(line: str, codes: frozenset[str]) -> set[tuple[str, str]]:
    """(surname, given) of the person tags a TAGS line holds; given is empty for one word."""
    found = {(s, " ".join(g.split())) for s, g in _IN_PARENS.findall(line)}
    words = [w.strip(".:()[]#,;") for w in _IN_PARENS.sub(" ", line).split()]
    for i, word in enumerate(words[:-1]):
        if word not in _MARKERS:
            continue
        names = []
        for nxt in words[i + 1 : i + 3]:
            if nxt in codes or nxt in _MARKERS or not _NAME_WORD.fullmatch(nxt) or len(nxt) < 3:
                break
            names.append(nxt)
        if len(names) > 1 or (names and len(names[0]) >= 5):
            # One word alone is a person (`MQADHAFI`, `WWARD`) when longer than a code (`KSEP`).
            found.add((names[0], " ".join(names[1:])))
    return found


def given_name(name: str) -> str | None:
    """`Marc Wall` -> `MARC`; `J. Robert Manzanares` -> None (an initial first)."""
    words = name.split()
    if len(words) < 2:
        return None
    first = words[0]
    if not first.isalpha() or len(first) < 2 or not first[0].isupper():
        return None
    return first.upper()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    args = parser.parse_args()
    corpus = args.shared / CORPUS
    if not corpus.is_file():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 1
    codes = frozenset(reference.tags()) | frozenset(reference.tag_typos())
    tag_pages: Counter[tuple[str, str]] = Counter()
    name_pages: Counter[str] = Counter()
    pages = 0
    for doc in iter_documents(corpus):
        if not isinstance(doc, RawDocument):
            continue
        pages += 1
        persons: set[tuple[str, str]] = set()
        for line in tags_lines(doc.text):
            persons |= persons_in(line, codes)
        tag_pages.update(persons)
        cable = parse_cable(doc.text)
        names = (
            {g for g in [given_name(cable.classifier.name or "")] if g}
            if cable.classifier
            else set()
        )
        names |= {given.split()[0] for _, given in persons if given}
        name_pages.update(n for n in names if n not in codes)
    with (DATA / "person_tags.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["tag", "surname", "given", "count"])
        rows = sorted((f"{s}, {g}" if g else s, s, g, n) for (s, g), n in tag_pages.items())
        w.writerows(rows)
    # A name read on one page only may be a misreading (`ARMS`, `ONALD`); a surname of a person
    # tag is no given name (`CLINTON`).
    surnames = {s for s, _ in tag_pages}
    given = {n: c for n, c in name_pages.items() if c >= 2 and n not in surnames}
    with (DATA / "given_names.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "count"])
        w.writerows(sorted(given.items()))
    print(f"{pages} pages: {len(tag_pages)} person tags, {len(given)} given names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
