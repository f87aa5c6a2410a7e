"""Derive `common_words.csv` (src/cablearchive/reference/data/) from the Cablegate site
corpus in ../shared: the words the corpus writes in lower case at least 20 times, and those
ending in -ly or -ed at least twice (adverbs and past tenses are almost never names:
`STOUTLY`, `DEPLORED`), upper case, with that count. In a telegram written all in capitals,
a word of this list after a title is no name (`FOREIGN MINISTER SAID`); names are almost never
written in lower case. Left out: the surnames of the corpus's classifiers, signers and person
TAGS (`RICE`, `WALL`, `YOUNG` are names as often as words).

    PYTHONPATH=src python scripts/derive_common_words.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

from cablearchive.people import read_name
from cablearchive.pipeline import Failure, cable_from_document
from cablearchive.sources import RawDocument, iter_documents

LOWER_WORD = re.compile(r"\b[a-z][a-z'-]{1,}\b")
LEAST = 20
LEAST_LY_ED = 2
OUT = Path(__file__).resolve().parents[1] / "src/cablearchive/reference/data/common_words.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    args = parser.parse_args()
    corpus = args.shared / "corpora" / "cablegate-site-2011-04.tar.xz"
    if not corpus.exists():
        sys.exit(f"no corpus at {corpus}")
    counts: Counter[str] = Counter()
    surnames: set[str] = set()
    for doc in iter_documents([corpus]):
        if not isinstance(doc, RawDocument):
            continue
        counts.update(w.strip("'-") for w in LOWER_WORD.findall(doc.text))
        cable = cable_from_document(doc)
        if isinstance(cable, Failure):
            continue
        names = [*cable.signers, *(t for t in cable.tags if "," in t)]
        if cable.classifier is not None and cable.classifier.name:
            names.append(cable.classifier.name)
        for name in names:
            read = read_name(name)
            if read is not None:
                surnames.update(read.surname.split())
    rows = sorted(
        (w.upper(), n)
        for w, n in counts.items()
        if (n >= LEAST or (n >= LEAST_LY_ED and w.endswith(("ly", "ed"))))
        and len(w) > 1
        and w.upper() not in surnames
    )
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["word", "count"])
        writer.writerows(rows)
    print(f"{len(rows)} words written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
