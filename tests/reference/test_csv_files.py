"""The CSV files themselves: header row, UTF-8, sorted, no blanks or stray spaces, unique keys."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

# file -> (header, number of leading columns that form the sort key / unique key)
TABLES = {
    "routing_indicators.csv": (["route", "station", "source"], 3),
    "origins.csv": (["address", "origin"], 1),
    "stations.csv": (["station", "written", "first_year", "last_year", "count"], 1),
    "station_aliases.csv": (["written", "station"], 1),
    "station_spellings.csv": (["spelling", "station", "rule"], 1),
    "malformed_ids.csv": (["id", "canonical"], 1),
    "tags.csv": (["tag", "kind", "meaning"], 1),
    "tag_typos.csv": (["typo", "tag"], 1),
    "nara_posts.csv": (["cut", "station"], 1),
    "station_serials.csv": (["station", "year", "max_serial"], 2),
    "titles.csv": (["written", "kind", "meaning"], 1),
    "offices.csv": (["code", "kind", "meaning"], 1),
    "person_tags.csv": (["tag", "surname", "given", "count"], 1),
    "given_names.csv": (["name", "count"], 1),
    "first_names.csv": (["name", "locales"], 1),
    "mention_titles.csv": (["written", "meaning"], 1),
    "common_words.csv": (["word", "count"], 1),
}


def _rows(name: str) -> list[list[str]]:
    data = resources.files("cablearchive.reference").joinpath("data", name).read_bytes()
    text = data.decode("utf-8")  # raises if not UTF-8
    assert not text.startswith("\ufeff"), f"{name} has a byte-order mark"
    assert "\r" not in text, f"{name} has CR line endings"
    return list(csv.reader(text.splitlines()))


@pytest.mark.parametrize("name", sorted(TABLES))
def test_csv_is_clean_and_sorted(name: str) -> None:
    header, key_width = TABLES[name]
    rows = _rows(name)
    assert rows[0] == header
    body = rows[1:]
    assert body, f"{name} is empty"
    for row in body:
        assert len(row) == len(header), f"{name}: bad row {row}"
        assert all(cell == cell.strip() for cell in row), f"{name}: stray spaces in {row}"
        assert row[0], f"{name}: empty key in {row}"
        assert not row[0].startswith("#"), f"{name}: comment line {row}"
    keys = [tuple(r[:key_width]) for r in body]
    assert keys == sorted(keys), f"{name} is not sorted"
    assert len(set(keys)) == len(keys), f"{name} has duplicate keys"


def test_every_data_file_is_checked() -> None:
    data = resources.files("cablearchive.reference").joinpath("data")
    names = {p.name for p in data.iterdir() if p.name.endswith(".csv")}
    assert names == set(TABLES)
