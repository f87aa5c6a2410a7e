"""Where the tests find the read-only material in `../shared`, and a clear failure without it."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_file(shared_dir: Path, relative: str) -> Path:
    """A file of shared/, or a test failure that says which one is missing."""
    path = shared_dir / relative
    if not path.is_file():
        pytest.fail(f"shared file missing: expected {path}")
    return path
