"""`parse_cable` never raises on real cables damaged the ways texts reach people (cut anywhere,
lines joined, case changed, bytes dropped, lines lost, junk let in, wrapped in another tool's
JSON). The suite tries a few hundred inputs; `python benchmarks/fuzz.py` tries 100,000.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablearchive.parse import parse_cable
from tests.parse.fuzzing import (
    NARA_CORPUS,
    SEEDS,
    SITE_CORPUS,
    SITE_SAMPLE,
    assert_sound,
    damaged_cables,
    real_texts,
)
from tests.shared import shared_file


@pytest.fixture(scope="module")
def texts(shared_dir: Path) -> list[str]:
    for name in (SITE_CORPUS, SITE_SAMPLE, NARA_CORPUS, *SEEDS):
        shared_file(shared_dir, name)
    found = real_texts(shared_dir, every=25)
    assert len(found) > 450, f"read only {len(found)} real cables"
    return found


@settings(
    max_examples=600,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_damaged_real_cables_never_raise(texts: list[str], data: st.DataObject) -> None:
    assert_sound(parse_cable(data.draw(damaged_cables(texts))))


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_damaged_real_cables_with_metadata_never_raise(
    texts: list[str], data: st.DataObject
) -> None:
    cable = parse_cable(
        data.draw(damaged_cables(texts)),
        id=data.draw(st.sampled_from([None, "06ALMATY2549", "7575LIBREVILLE1895", "junk", " "])),
        created=data.draw(st.sampled_from([None, "2006-07-13T15:21:00Z", "2006-13-45 99:99"])),
        classification="SECRET",
    )
    assert_sound(cable)
    assert cable.classification == "SECRET"
