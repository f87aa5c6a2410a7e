"""`parse_cable` on 100,000 damaged real cables: it must never raise.

Run: `python benchmarks/fuzz.py [--examples N] [--jobs J]`. The inputs are those of the fuzz
test (`tests/parse/fuzzing.py`): every real cable of the shared corpora (site pages, the 2011-08
sample, the NARA telegrams, the seeds), cut anywhere, with lines joined, case changed, bytes
dropped, lines lost or repeated, junk let in or wrapped in another tool's JSON, one to four
damages at a time, drawn by hypothesis. Unlike the test, a failure does not stop the run: every
input that raised (or gave an unsound record) is counted and the first ones written to
`benchmarks/results/fuzz-failures/` (git-ignored), with the five slowest inputs, which are timed
again alone. Writes `benchmarks/results/fuzz.md`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import sys
import time
import traceback
from dataclasses import dataclass, field

from _corpus import RESULTS, ROOT, SHARED, require_shared

sys.path.insert(0, str(ROOT))  # the strategy is the fuzz test's own

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from tests.parse.fuzzing import assert_sound, damaged_cables, real_texts

from cablearchive.parse import parse_cable

FAILURES = RESULTS / "fuzz-failures"
KEEP_FAILURES = 20
SLOWEST = 5


@dataclass
class Share:
    """What one process drew and found."""

    count: int = 0
    chars: int = 0
    failed: int = 0
    texts: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (input, traceback)
    slowest: list[tuple[float, str]] = field(default_factory=list)  # (seconds, input)


def run_share(job: int, examples: int) -> Share:
    """Draw `examples` inputs with the job's own seed; parse each; count what went wrong."""
    texts = real_texts(SHARED)
    share = Share(texts=len(texts))

    @seed(job)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=["generate"],  # nothing to shrink: failures are caught and kept as drawn
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        text = data.draw(damaged_cables(texts))
        share.count += 1
        share.chars += len(text)
        started = time.perf_counter()
        try:
            assert_sound(parse_cable(text))
        except Exception:
            share.failed += 1
            if len(share.failures) < KEEP_FAILURES:
                share.failures.append((text, traceback.format_exc()))
        took = time.perf_counter() - started
        if len(share.slowest) < SLOWEST or took > share.slowest[-1][0]:
            share.slowest.append((took, text))
            share.slowest.sort(reverse=True)
            del share.slowest[SLOWEST:]

    one()
    return share


def _best_of_three(text: str) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        parse_cable(text)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    require_shared()
    share = -(-args.examples // args.jobs)
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        results = pool.starmap(run_share, [(job, share) for job in range(args.jobs)])
    wall = time.perf_counter() - started
    count = sum(r.count for r in results)
    failed = sum(r.failed for r in results)
    chars = sum(r.chars for r in results)
    if FAILURES.exists():
        for old in FAILURES.iterdir():
            old.unlink()
    slowest = sorted((s for r in results for s in r.slowest), reverse=True)[:SLOWEST]
    # A slow input in the run may have met a garbage collection or the other process: time the
    # slowest again, alone, best of three, and keep them to look at.
    retimed = [(took, _best_of_three(text), text) for took, text in slowest]
    FAILURES.mkdir(parents=True, exist_ok=True)
    for i, (_took, _again, text) in enumerate(retimed):
        (FAILURES / f"slowest-{i}.txt").write_text(text, encoding="utf-8", errors="replace")
    kept = [f for r in results for f in r.failures]
    for i, (text, trace) in enumerate(kept[:KEEP_FAILURES]):
        FAILURES.mkdir(parents=True, exist_ok=True)
        (FAILURES / f"{i:02d}.txt").write_text(text, encoding="utf-8", errors="replace")
        (FAILURES / f"{i:02d}.traceback").write_text(trace, encoding="utf-8")
    rows = [
        "# Fuzzing `parse_cable` with damaged real cables",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}. Command: "
        f"`python benchmarks/fuzz.py --examples {args.examples} --jobs {args.jobs}`.",
        "",
        f"Real cables damaged: {results[0].texts:,} (seeds, site pages, 2011-08 sample, NARA).",
        "",
        "| measure | result |",
        "|---|---|",
        f"| inputs parsed | {count:,} ({chars / 1e6:,.0f} million characters) |",
        f"| inputs that raised or gave an unsound record | {failed:,} |",
        f"| wall time, {args.jobs} processes | {wall:,.0f} s |",
        "| slowest inputs in the run (timed again alone, best of 3) | "
        + ", ".join(
            f"{took * 1000:,.0f} ms ({again * 1000:,.1f} ms; {len(text):,} chars)"
            for took, again, text in retimed
        )
        + " |",
        "",
    ]
    if kept:
        rows += [f"The first {len(kept)} failures are in `{FAILURES.relative_to(ROOT)}/`.", ""]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "fuzz.md").write_text("\n".join(rows), encoding="utf-8")
    print("\n".join(rows))
    return 0 if failed == 0 and count >= args.examples else 1


if __name__ == "__main__":
    sys.exit(main())
