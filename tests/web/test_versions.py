"""Differences between two texts of a cable (web/versions.py)."""

from __future__ import annotations

from cablearchive.web.versions import diff_hunks

# --- diff_hunks ----------------------------------------------------------------------------


def test_diff_hunks_of_two_versions(seed_text: dict[str, str]) -> None:
    old = seed_text["06ALMATY1703"]
    new = old.replace("position.", "position on the MLAT.")
    (hunk,) = diff_hunks(old, new)
    changed = [(d.op, d.text) for d in hunk if d.op != " "]
    assert changed == [
        ("-", "¶5. (U) Post requests Department guidance on responding to the Kazakhstani "
         "position."),
        ("+", "¶5. (U) Post requests Department guidance on responding to the Kazakhstani "
         "position on the MLAT."),
    ]  # fmt: skip
    context = [d.text for d in hunk if d.op == " "]
    assert 0 < len(context) <= 3  # three lines before, none after the last line
    assert context[-2].startswith("¶4. (SBU) Comment:")


def test_diff_hunks_ignore_spacing(seed_text: dict[str, str]) -> None:
    old = seed_text["06ALMATY2549"]
    respaced = "\n".join("  ".join(line.split(" ")) + "   " for line in old.splitlines())
    assert respaced != old
    assert diff_hunks(old, respaced) == []
    assert diff_hunks(old, old) == []
    # A real change among re-spaced lines is the only change.
    edited = respaced.replace("double-track", "single-track")
    (hunk,) = diff_hunks(old, edited)
    assert [d.op for d in hunk if d.op != " "] == ["-", "+"]
    assert "single-track" in next(d.text for d in hunk if d.op == "+")


def test_diff_hunks_keep_distant_changes_apart(seed_text: dict[str, str]) -> None:
    old = seed_text["06ALMATY2549"]
    new = old.replace("VZCZCXRO8043", "VZCZCXRO8044").replace("ORDWAY", "ORDWAY2")
    hunks = diff_hunks(old, new, context=1)
    assert len(hunks) == 2
    assert [d.text.strip() for d in hunks[0] if d.op == "+"] == ["VZCZCXRO8044"]
    assert [d.text.strip() for d in hunks[1] if d.op == "+"] == ["ORDWAY2"]
    assert all(len([d for d in h if d.op == " "]) <= 2 for h in hunks)
