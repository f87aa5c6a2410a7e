"""Parser and `cables parse` speed on the 6,712 real Cablegate site pages.

Run: `python benchmarks/speed.py`. Measures, best of three runs:
- `parse_cable` over every page's text, in one process on one core (texts read beforehand);
- `cables parse --jsonl` of the whole `.tar.xz`, end to end (decompress, extract, parse,
  write JSON), with its default worker processes.
Writes `benchmarks/results/speed.md`. The parser measured is the compiled one where the install
built it (setup.py); `CABLEARCHIVE_NO_EXTENSIONS=1 python benchmarks/speed.py` measures the
pure-Python one. The report says which ran.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time

from _corpus import RESULTS, SITE_CORPUS, site_documents
from cablearchive import parse_cable
from cablearchive.parse import COMPILED

PARSE_TARGET = 6000.0  # cables per second, one core
CLI_TARGET = 10.0  # seconds for the whole archive


def best_of(runs: int, fn: object) -> float:
    assert callable(fn)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    docs = site_documents()
    texts = [d.text for d in docs]
    parse_cable(texts[0])  # load the reference tables before timing

    # Each record is dropped once made, as a streaming reader does: holding all 6,712 would
    # time the garbage collector walking a growing heap rather than the parser.
    def parse_texts() -> None:
        for t in texts:
            parse_cable(t)

    def parse_with_hints() -> None:
        for d in docs:
            parse_cable(
                d.text,
                id=d.hints.id,
                created=d.hints.created,
                released=d.hints.released,
                classification=d.hints.classification,
                origin=d.hints.origin,
            )

    text_only = best_of(3, parse_texts)
    with_hints = best_of(3, parse_with_hints)
    cables_cmd = [sys.executable, "-m", "cablearchive", "parse", "--jsonl", "-q", str(SITE_CORPUS)]

    def run_cli() -> None:
        subprocess.run(cables_cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    cli = best_of(3, run_cli)
    n = len(texts)
    mb = sum(len(t) for t in texts) / 1e6
    rows = [
        "# Parse speed on the Cablegate site pages",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.machine()}. Command: `python benchmarks/speed.py` (best of 3). Parser: "
        + ("compiled (Cython, setup.py)." if COMPILED else "pure Python."),
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| `parse_cable`, text only, one core | {n / text_only:,.0f} cables/s "
        f"({text_only:.2f} s for {n} cables, {mb:.0f} MB) | {PARSE_TARGET:,.0f} cables/s |",
        f"| `parse_cable` with the page's metadata hints, one core | {n / with_hints:,.0f} "
        f"cables/s | |",
        f"| `cables parse --jsonl` of the whole .tar.xz | {cli:.1f} s | under {CLI_TARGET:.0f} s |",
        "",
    ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "speed.md").write_text("\n".join(rows), encoding="utf-8")
    print("\n".join(rows))
    return 0 if n / text_only >= PARSE_TARGET and cli < CLI_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
