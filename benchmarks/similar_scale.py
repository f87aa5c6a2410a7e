"""Similar cables at Cablegate scale (issue 12): `python benchmarks/similar_scale.py`.

On the scale archive (`scale/archive`, built by `benchmarks/archive_scale.py` from the corpus of
`make-scale-corpus`): `cables embed --retrain -j 2` timed whole (the model trained on a sample,
then every cable embedded, with its peak memory), the space the vectors and the model take
beside the raw text, then, in one warm process, `Archive.similar` for 200 random cables (with
and without the passages that say why), and the 24 searches of the scale benchmark in the
`semantic` and `hybrid` modes with facets; each timed on a second pass, median and p95. Last,
the exact search at 2.5 million cables, simulated with random int8 vectors of the same shape:
memory and latency. Writes benchmarks/results/similar-scale.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from _corpus import RESULTS
from archive_scale import ARCHIVE, CORPUS, QUERIES, _tree_rss
from cablearchive.store import Archive
from cablearchive.store.similar import MODEL_PATH
from cablearchive.vectors.index import VectorIndex

SAMPLE = 200
SIMULATED = 2_500_000


def embed(archive: Path, jobs: int) -> tuple[float, int, dict[str, object]]:
    """`cables embed --retrain` of the whole archive: seconds, peak memory, summary."""
    command = [sys.executable, "-m", "cablearchive", "embed", "--retrain", "--json",
               "--archive", str(archive), "-j", str(jobs)]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    watcher.join()
    if process.returncode != 0:
        raise SystemExit(f"cables embed failed ({process.returncode})")
    return seconds, peak, json.loads(out)


def vector_bytes(archive: Path) -> tuple[int, int]:
    """Bytes of the vectors as stored (their rows' payload) and of the model file."""
    conn = sqlite3.connect(f"file:{archive / 'archive.sqlite3'}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT count(*), sum(length(cable_id) + coalesce(length(data), 0) + 24) FROM vectors"
        ).fetchone()
    finally:
        conn.close()
    return int(row[1] or 0), (archive / MODEL_PATH).stat().st_size


def timed(run: object, items: list[object]) -> list[float]:
    """Milliseconds of `run(item)` for each item, on a second pass (the first warms)."""
    assert callable(run)
    for item in items:
        run(item)
    out = []
    for item in items:
        started = time.perf_counter()
        run(item)
        out.append((time.perf_counter() - started) * 1000)
    return out


def spread(ms: list[float]) -> str:
    ordered = sorted(ms)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"{statistics.median(ordered):.1f} / {p95:.1f} / {ordered[-1]:.1f}"


def simulated(n: int, dim: int) -> tuple[float, str]:
    """Random int8 vectors of `n` cables: the memory they take, and the latency of `nearest`
    over 50 random queries (second pass)."""
    rng = np.random.default_rng(0)
    data = rng.integers(-127, 128, size=(n, dim), dtype=np.int8)
    scales = rng.random(n, dtype=np.float32) / 127
    index = VectorIndex(tuple(f"c{i}" for i in range(n)), data, scales)
    queries = [q / np.linalg.norm(q) for q in rng.standard_normal((50, dim)).astype(np.float32)]
    ms = timed(lambda q: index.nearest(q, 10), list(queries))
    return data.nbytes / 2**20, spread(ms)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="keep the vectors: time reads only")
    args = parser.parse_args()
    if not (ARCHIVE / "archive.sqlite3").exists():
        raise SystemExit(f"no scale archive at {ARCHIVE}: run benchmarks/archive_scale.py first")
    lines = ["# Similar cables at Cablegate scale", ""]
    if not args.reuse:
        seconds, peak, summary = embed(ARCHIVE, args.jobs)
        print(f"embed: {seconds:.0f} s, peak {peak / 2**30:.2f} GiB, {summary}", flush=True)
        lines += [
            f"`cables embed --retrain -j {args.jobs}` of the scale archive: **{seconds:.0f} s**"
            f" (the model trained on {summary['trained_on']:,} cables in"
            f" {summary['trained_seconds']:.0f} s, then {summary['stored']:,} cables embedded;"
            f" {summary['no_text']} with no text), peak memory {peak / 2**30:.2f} GiB,"
            f" {os.cpu_count()} CPUs.",
            "",
        ]
    stored, model = vector_bytes(ARCHIVE)
    raw = CORPUS.stat().st_size
    lines += [
        f"Vectors as stored {stored / 2**20:.0f} MiB and the model {model / 2**20:.0f} MiB,"
        f" beside {raw / 2**30:.2f} GiB of raw text: **{(stored + model) / raw:.3f}x** the text"
        " (target at most 0.3x).",
        "",
    ]
    with Archive.open(ARCHIVE, create=False, reader=True) as archive:
        started = time.perf_counter()
        name = archive.similarity.model_name()
        model_obj = archive.similarity.model()
        assert model_obj is not None and name is not None
        index = archive.similarity.index(model_obj)
        loaded = time.perf_counter() - started
        ids = list(index.ids)
        random.Random(0).shuffle(ids)
        chosen = ids[:SAMPLE]
        bare = timed(lambda i: archive.similar(i, 10, reasons=False), chosen)
        reasoned = timed(lambda i: archive.similar(i, 10), chosen)
        semantic = timed(lambda q: archive.search(q, mode="semantic", facets=True), QUERIES)
        hybrid = timed(lambda q: archive.search(q, mode="hybrid", facets=True), QUERIES)
        text = timed(lambda q: archive.search(q, facets=True), QUERIES)
    lines += [
        f"Model `{name}`; {len(index.ids):,} vectors of {index.dim} dimensions, loaded from"
        f" SQLite in {loaded:.1f} s (once a process).",
        "",
        "| warm, second pass | median / p95 / max ms | target p95 |",
        "|---|---|---|",
        f"| `similar` of {SAMPLE} random cables, 10 each, no passages | {spread(bare)} | |",
        f"| `similar` with the passages that match (what the page and API show) |"
        f" {spread(reasoned)} | 50 |",
        f"| search `--mode semantic` with facets, {len(QUERIES)} queries | {spread(semantic)}"
        " | 50 |",
        f"| search `--mode hybrid` with facets | {spread(hybrid)} | 60 |",
        f"| search by words with facets (the same queries) | {spread(text)} | |",
        "",
    ]
    memory, latency = simulated(SIMULATED, index.dim)
    lines += [
        f"Simulated: {SIMULATED:,} random int8 vectors of {index.dim} dimensions take"
        f" {memory:.0f} MiB; the exact nearest 10 of a query: {latency} ms (median / p95 / max,"
        " one core).",
    ]
    (RESULTS / "similar-scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
