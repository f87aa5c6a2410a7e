"""Real Cablegate cables with the fields of the parser's second pass: who classified the cable,
everyone who signed it, the subject's portion mark, person TAGS, XMT posts and references to
defense and intelligence messages.

The parser reads all of them from the three texts; two values the texts lack are written in, so
that the store, the search and the viewer meet every shape: a second signer of 06PARTO9 and a
defense message in the REF list of 07TUNIS1489 (each says so where it is set).
"""

from __future__ import annotations

import tarfile
from dataclasses import replace
from pathlib import Path

from cablearchive.parse import Cable, Classifier, Reference
from cablearchive.pipeline import cable_from_document
from cablearchive.sources import RawDocument, iter_documents
from tests.shared import SITE_CORPUS, shared_file

PAGES = ("06PARTO9", "07SANJOSE1106", "07TUNIS1489")
RICE = "RICE, CONDOLEEZZA"
# A second signer of 06PARTO9: written (the page is signed by RICE alone), for the shape of
# a cable signed by two, which the corpus has too few of to pick one by grep.
SECOND_SIGNER = "WELCH"


def people_cables(shared_dir: Path, folder: Path) -> list[tuple[Cable, str]]:
    """The three cables with their texts (as the reader gives them to the parser), the
    people's fields set. `folder` receives the pages read from the corpus."""
    corpus = shared_file(shared_dir, SITE_CORPUS)
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(corpus, "r|*") as tar:
        for member in tar:
            name = member.name.rsplit("/", 1)[-1]
            if name.removesuffix(".html") in PAGES:
                data = tar.extractfile(member)
                assert data is not None
                (folder / name).write_bytes(data.read())
    parsed: dict[str, tuple[Cable, str]] = {}
    for doc in iter_documents([folder]):
        assert isinstance(doc, RawDocument), doc
        cable = cable_from_document(doc)
        assert isinstance(cable, Cable) and cable.id, cable
        parsed[cable.id] = (cable, doc.text)
    assert sorted(parsed) == sorted(PAGES)
    return [_with_people(parsed[cable_id][0], parsed[cable_id][1]) for cable_id in PAGES]


def _with_people(cable: Cable, text: str) -> tuple[Cable, str]:
    if cable.id == "06PARTO9":
        # TAGS: OVIP RICE CONDOLEEZZA KISL PGOV PHUM LE / SY, IS
        # SUBJECT: (U) Secretary Rice's February 23 Meeting with / Lebanese Parliament ...
        # ¶1.  (U)  Classified by:  Arnold Chacon, Deputy Executive / Secretary, S/ES, ...
        # ... and RICE at the end of the body.
        assert "TAGS: OVIP RICE CONDOLEEZZA KISL" in text and text.rstrip().endswith("RICE")
        assert cable.tags[:2] == ["OVIP", RICE] and cable.subject_classification == "U"
        assert cable.classifier is not None and cable.classifier.name == "Arnold Chacon"
        assert cable.signers == ["RICE"]
        cable = replace(cable, signers=["RICE", SECOND_SIGNER])  # written: see SECOND_SIGNER
    elif cable.id == "07SANJOSE1106":
        # INFO RUEHZA/WHA CENTRAL AMERICAN COLLECTIVE PRIORITY / ... / XMT USSOCOM WO
        # WASHINGTON DC; Classified By: ADCM Laurie Weitzenkorn per 1.4 (d).
        assert "XMT USSOCOM WO WASHINGTON DC" in text
        assert cable.info[0].xmt == ["USSOCOM WO WASHINGTON DC"]
        assert cable.classifier == Classifier("Laurie Weitzenkorn", "ADCM", None)
    else:
        # REF: A. IIR 6 897 0136 07 (NOTALS) / ¶B. 06 TUNIS 2570; a defense message of
        # 07ABUDHABI1479 (`C) SECDEF 31828`) is written into the same list.
        assert "REF: A. IIR 6 897 0136 07 (NOTALS)" in text
        assert [r.kind for r in cable.references] == ["intelligence", "cable"]
        cable = replace(
            cable, references=[*cable.references, Reference("C", "SECDEF 31828", "defense")]
        )
    return cable, text
