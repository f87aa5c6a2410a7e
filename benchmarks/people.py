"""People found in cables, measured against the NARA telegrams' hand-made annotations (issue
11): `python benchmarks/people.py`.

For each telegram of the dev and test splits (never used to tune the rules), the people the
rules find (so far: titled names in the text, `people/mentions.py`, grouped by surname within
the telegram) are compared with the entities annotated `PER.IND...`: an annotated person
counts as found when a person found in that telegram has the surname of one of its mentions;
a person found is right when it is one of the annotated people. Writes
benchmarks/results/people.md. Targets: precision >= 0.85, recall >= 0.75 (the structured
fields, names in capitals and a statistical model are still to come).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from _corpus import RESULTS, SHARED
from cablearchive.people import mention_rules, read_name
from cablearchive.people.names import fold
from cablearchive.sources import RawDocument, iter_documents

NARA = SHARED / "corpora" / "nara-cfpf-1973-1979-entities.tar.xz"
SPLITS = ("dev", "test")
_POSSESSIVE = re.compile(r"['’]S$")


@dataclass
class Score:
    annotated: int = 0
    found: int = 0
    predicted: int = 0
    right: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.annotated if self.annotated else 0.0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0


def mention_words(doc: RawDocument, spans: tuple[tuple[int, int], ...]) -> set[str]:
    """The words of an entity's mentions, folded, possessives off (`CARTER'S` -> `CARTER`)."""
    return {
        _POSSESSIVE.sub("", fold(w).strip(",.'\"()"))
        for start, end in spans
        for w in doc.text[start:end].split()
    }


def score(splits: tuple[str, ...]) -> tuple[Score, int]:
    rules = mention_rules()
    total, telegrams = Score(), 0
    for doc in iter_documents([NARA]):
        member = doc.source.member or ""
        if not isinstance(doc, RawDocument) or not any(f"/{s}/" in member for s in splits):
            continue
        telegrams += 1
        annotated = [
            mention_words(doc, e.spans)
            for e in doc.entities
            if e.type and e.type.startswith("PER.IND")
        ]
        people: dict[str, set[str]] = defaultdict(set)
        for m in rules.find(doc.text):
            name = read_name(m.name)
            if name is not None:
                people[name.surname].add(m.name)
        total.annotated += len(annotated)
        total.predicted += len(people)
        total.found += sum(1 for words in annotated if any(s in words for s in people))
        total.right += sum(1 for s in people if any(s in words for words in annotated))
    return total, telegrams


def main() -> int:
    found, telegrams = score(SPLITS)
    rows = [
        "# People found, against the NARA annotations",
        "",
        f"Telegrams of the {' and '.join(SPLITS)} splits: {telegrams}. Command:"
        " `python benchmarks/people.py`.",
        "",
        "| what finds people | annotated | found | recall | predicted | right | precision |",
        "|---|---|---|---|---|---|---|",
        f"| titled names in the text (`people/mentions.py`) | {found.annotated} | {found.found}"
        f" | {found.recall:.3f} | {found.predicted} | {found.right} | {found.precision:.3f} |",
        "",
        "Targets (issue 11): precision at least 0.85 and recall at least 0.75 for `PER.IND`.",
    ]
    (RESULTS / "people.md").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
