"""Records of real cables for the presentation tests: the seeds and the examples."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cablearchive.parse import Cable
from cablearchive.pipeline import cable_from_document
from cablearchive.sources import RawDocument, iter_documents

SEEDS = {
    "06ALMATY2549": "seeds/000_b6366df431a4d317.txt",
    "06ALMATY1703": "seeds/001_f39073fb4f33a29e.txt",
}
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CORPUS = "corpora/cablegate-site-2011-04.tar.xz"


def records_of(path: Path, wanted: str | None = None) -> dict[str, dict[str, Any]]:
    """The records of the documents at `path` (stopping at `wanted` when given), by id."""
    out: dict[str, dict[str, Any]] = {}
    for doc in iter_documents([path]):
        if wanted is None:
            assert isinstance(doc, RawDocument), doc
        elif not isinstance(doc, RawDocument):
            continue
        cable = cable_from_document(doc)
        if not isinstance(cable, Cable) or cable.id is None:
            assert wanted is not None, cable
            continue
        out[cable.id] = cable.to_dict()
        if cable.id == wanted:
            break
    return out


def squash(text: str) -> str:
    """The text without any whitespace: what must survive any re-spacing."""
    return "".join(text.split())
