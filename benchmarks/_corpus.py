"""Shared by the benchmarks: where ../shared is, and the site pages' texts and metadata."""

from __future__ import annotations

import sys
from pathlib import Path

from cablearchive.sources import RawDocument, iter_documents

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SITE_CORPUS = SHARED / "corpora" / "cablegate-site-2011-04.tar.xz"
RESULTS = Path(__file__).resolve().parent / "results"


def require_shared() -> None:
    if not SITE_CORPUS.exists():
        sys.exit(f"benchmark corpus not found: {SITE_CORPUS} (the project's ../shared folder)")


def site_documents() -> list[RawDocument]:
    """Every page of the 2011-04 site corpus, as the Cablegate reader yields it."""
    require_shared()
    docs = [d for d in iter_documents([SITE_CORPUS]) if isinstance(d, RawDocument)]
    if len(docs) != 6712:
        sys.exit(f"expected 6,712 pages in {SITE_CORPUS}, read {len(docs)}")
    return docs


def has_header(doc: RawDocument) -> bool:
    """The cable carries a transmission header: an `FM` line before its TAGS/SUBJECT lines.

    (The site's partial extracts have none; a body line such as `FM Gul: ...` does not count.)
    """
    text = doc.text[:60000]
    end = min((i for i in (text.find("\nTAGS"), text.find("\nSUBJ")) if i >= 0), default=-1)
    head = text[:end] if end >= 0 else text
    return head.startswith("FM ") or "\nFM " in head
