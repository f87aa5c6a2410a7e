"""Derive `first_names.csv` (src/cablearchive/reference/data/) from the first-name lists of the
`faker` package (MIT licence; 80-odd locales), so that a name in running text written without a
title (`ROBERT HELANDER`, `Fernando Naranjo`) can be told from other capitalised words.

    pip install faker==40.54.0
    PYTHONPATH=src python scripts/derive_first_names.py [--shared ../shared]

faker is needed only here, never at run time. A locale's first names (male, female and
neutral lists) are folded to unaccented upper case (`José` -> `JOSE`); kept are names of
three letters or more, of letters alone, that are no word the corpus writes in lower case
(`common_words.csv`: `WILL`, `MAY`, `GRACE` stand in running text too often) and no title
(`titles.csv`, `mention_titles.csv`: `DEAN`). The lists hold words that are rarely names in
cables (`FRENCH`, `MUSLIM`, `STONE`, `RIO`): a name the Cablegate site corpus writes in lower
case five times or more (`stone`), or, capitalised, before a word in lower case more often
than before a capitalised one (`French officials`, `Rio de Janeiro`; a first name is
followed by its surname), is left out too. `locales` counts the locales that list the name.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import pkgutil
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from cablearchive.reference.people import common_words, mention_titles, titles
from cablearchive.sources import RawDocument, iter_documents

DATA = Path(__file__).resolve().parents[1] / "src" / "cablearchive" / "reference" / "data"
_LISTS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")


def folded(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()


_CAPITALISED = re.compile(r"\b([A-Z][a-z]+)[ \t]+([A-Za-z])")
_LOWER = re.compile(r"\b[a-z]{3,}\b")
LOWER_LEAST = 5  # fewer may be an e-mail address's (`robert.smith@`)


def corpus_counts(corpus: Path) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Words written in lower case; capitalised words before a lower-case word, and before a
    capitalised one (upper case)."""
    lower: Counter[str] = Counter()
    before_lower: Counter[str] = Counter()
    before_capital: Counter[str] = Counter()
    for doc in iter_documents([corpus]):
        if not isinstance(doc, RawDocument):
            continue
        lower.update(w.upper() for w in _LOWER.findall(doc.text))
        for word, after in _CAPITALISED.findall(doc.text):
            (before_lower if after.islower() else before_capital)[word.upper()] += 1
    return lower, before_lower, before_capital


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    corpus = parser.parse_args().shared / "corpora" / "cablegate-site-2011-04.tar.xz"
    if not corpus.exists():
        sys.exit(f"no corpus at {corpus}")
    try:
        import faker.providers.person as people
    except ImportError:
        print("faker is not installed: pip install faker==40.54.0", file=sys.stderr)
        return 1
    locales: Counter[str] = Counter()
    for module in pkgutil.iter_modules(people.__path__):
        provider = getattr(
            importlib.import_module(f"{people.__name__}.{module.name}"), "Provider", None
        )
        names: set[str] = set()
        for attribute in _LISTS:
            listed = getattr(provider, attribute, None)
            if isinstance(listed, (list, tuple, dict)):
                names.update(folded(n) for n in listed)
        locales.update(names)
    excluded = common_words() | set(titles()) | set(mention_titles())
    lower, before_lower, before_capital = corpus_counts(corpus)
    kept = sorted(
        n
        for n in locales
        if len(n) > 2
        and n.isalpha()
        and n not in excluded
        and lower[n] < LOWER_LEAST
        and before_lower[n] <= before_capital[n]
    )
    with open(DATA / "first_names.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["name", "locales"])
        writer.writerows([n, locales[n]] for n in kept)
    print(f"{len(kept)} first names written to {DATA / 'first_names.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
