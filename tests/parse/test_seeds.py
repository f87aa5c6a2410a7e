"""The two seed cables must come out exactly as shared/golden/seeds.json says.

The golden file's `about`: a field absent from `expected` is not checked; null means the cable has
no such value; text comparisons ignore runs of whitespace. Two keys are not record fields:
`paragraph_classifications` (the portion marks of the paragraphs, in order) and
`summary_starts` / `summary_ends` (a prefix and a suffix of `summary`).

The seeds are read the way the CLI reads them: the source reader, then the pipeline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cablearchive.parse import Cable
from cablearchive.pipeline import cable_from_document
from cablearchive.sources import RawDocument, iter_documents
from tests.shared import shared_file

GOLDEN = "golden/seeds.json"
DERIVED_KEYS = {"paragraph_classifications", "summary_starts", "summary_ends"}


def squeeze(value: Any) -> Any:
    """Runs of whitespace to one space, in every string of a JSON value."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [squeeze(v) for v in value]
    if isinstance(value, dict):
        return {k: squeeze(v) for k, v in value.items()}
    return value


def golden_cables(shared_dir: Path) -> list[dict[str, Any]]:
    golden = json.loads(shared_file(shared_dir, GOLDEN).read_text(encoding="utf-8"))
    assert "about" in golden
    return list(golden["cables"])


def parse_seed(shared_dir: Path, relative: str) -> Cable:
    items = list(iter_documents([shared_file(shared_dir, relative)]))
    assert len(items) == 1, items
    doc = items[0]
    assert isinstance(doc, RawDocument), doc
    cable = cable_from_document(doc)
    assert isinstance(cable, Cable), cable
    return cable


@pytest.fixture(scope="module")
def seeds(shared_dir: Path) -> dict[str, tuple[dict[str, Any], Cable]]:
    return {
        entry["source"]: (entry["expected"], parse_seed(shared_dir, entry["source"]))
        for entry in golden_cables(shared_dir)
    }


SEED_SOURCES = ["seeds/000_b6366df431a4d317.txt", "seeds/001_f39073fb4f33a29e.txt"]


def test_golden_file_lists_both_seeds(shared_dir: Path) -> None:
    assert [c["source"] for c in golden_cables(shared_dir)] == SEED_SOURCES


@pytest.mark.parametrize("source", SEED_SOURCES)
def test_seed_record_fields_match_golden(
    seeds: dict[str, tuple[dict[str, Any], Cable]], source: str
) -> None:
    expected, cable = seeds[source]
    record = cable.to_dict()
    checked = [k for k in expected if k not in DERIVED_KEYS]
    assert checked, "the golden record checks no record field"
    missing = [k for k in checked if k not in record]
    assert not missing, f"record has no field {missing}"
    mismatches = {
        key: {"expected": expected[key], "actual": record[key]}
        for key in checked
        if squeeze(record[key]) != squeeze(expected[key])
    }
    assert not mismatches, json.dumps(mismatches, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("source", SEED_SOURCES)
def test_seed_paragraph_classifications(
    seeds: dict[str, tuple[dict[str, Any], Cable]], source: str
) -> None:
    expected, cable = seeds[source]
    marks = [p["classification"] for p in cable.to_dict()["paragraphs"]]
    assert marks == expected["paragraph_classifications"]


@pytest.mark.parametrize("source", SEED_SOURCES)
def test_seed_summary_starts_and_ends(
    seeds: dict[str, tuple[dict[str, Any], Cable]], source: str
) -> None:
    expected, cable = seeds[source]
    summary = cable.to_dict()["summary"]
    assert summary is not None
    assert squeeze(summary).startswith(squeeze(expected["summary_starts"]))
    assert squeeze(summary).endswith(squeeze(expected["summary_ends"]))


@pytest.mark.parametrize("source", SEED_SOURCES)
def test_seed_json_form_round_trips(
    seeds: dict[str, tuple[dict[str, Any], Cable]], source: str
) -> None:
    # The JSON form is what `cables parse --jsonl` prints and the store keeps.
    record = seeds[source][1].to_dict()
    assert json.loads(json.dumps(record)) == record


def test_seed_000_comes_from_the_viewer_export_with_its_metadata(
    seeds: dict[str, tuple[dict[str, Any], Cable]],
) -> None:
    # The viewer's Identifier/Created/Released/Classification/Origin row gives the hints.
    _expected, cable = seeds[SEED_SOURCES[0]]
    assert cable.source.format == "viewer-text"
    assert cable.provenance["id"] == "metadata"
    assert cable.provenance["released"] == "metadata"
    assert cable.provenance["created"] == "text"  # the date-time group wins when there is one


def test_seed_001_is_read_from_the_text_alone(
    seeds: dict[str, tuple[dict[str, Any], Cable]],
) -> None:
    _expected, cable = seeds[SEED_SOURCES[1]]
    assert cable.provenance["id"] == "text"
    assert cable.provenance["classification"] == "derived"
    assert cable.warnings == []


# The golden file, extended (never loosened) by the fields the parser's second pass added: the
# classifier as a person, every signer, the subject's mark. The seeds' own texts give them:
# `Classified By: Amb. John Ordway, reasons 1.4(C) and (D).` and `ORDWAY` at the end of
# 06ALMATY2549; 06ALMATY1703 has neither, and neither subject carries a portion mark.
EXTENDED = {
    SEED_SOURCES[0]: {
        "classifier": {"name": "John Ordway", "title": "Amb.", "office": None},
        "signers": ["ORDWAY"],
        "subject_classification": None,
    },
    SEED_SOURCES[1]: {"classifier": None, "signers": [], "subject_classification": None},
}


@pytest.mark.parametrize("source", SEED_SOURCES)
def test_seed_people_and_subject_mark(
    seeds: dict[str, tuple[dict[str, Any], Cable]], source: str
) -> None:
    record = seeds[source][1].to_dict()
    assert {key: record[key] for key in EXTENDED[source]} == EXTENDED[source]
    # No addressee of the seeds is a collective with posts left out: the four keys of the
    # golden file, nothing more.
    assert all(set(a) == {"route", "name", "precedence", "mcn"} for a in record["to"])
    assert all(set(a) == {"route", "name", "precedence", "mcn"} for a in record["info"])
