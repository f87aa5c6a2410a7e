"""Fixtures every test folder uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared import SHARED


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the repository; the tests fail (not skip) when it is missing."""
    if not SHARED.is_dir():
        pytest.fail(
            f"the shared/ folder is missing: expected it at {SHARED} (next to the repository)"
        )
    return SHARED
