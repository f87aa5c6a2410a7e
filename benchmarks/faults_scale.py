"""`cables check`, `cables backup` and `cables repair` on the scale archive (issue 13).

Needs `scale/archive` (made by `benchmarks/archive_scale.py`) and the corpus it was ingested
from. Times, each a real `cables` process:
- `check` of the archive (SQLite's quick_check, every text and record, the index);
- `backup` of it into `scale/backup`, and `check` of the copy;
- `repair` of the copy with its search index removed (rebuilt from SQLite);
- `repair` of the copy with 4 KiB overwritten at a fifth, half and four fifths of its SQLite
  file (a fresh archive from what reads, the rest read again from the corpus), and the check
  after it.
The copy is deleted at the end. Results: `benchmarks/results/faults.md`.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT / "scale" / "archive"
COPY = ROOT / "scale" / "backup"
RESULTS = ROOT / "benchmarks" / "results" / "faults.md"


def cables(*args: str) -> tuple[float, int, str]:
    """Seconds, exit status and stdout of `cables ARGS`."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cablearchive", *args], capture_output=True, text=True
    )
    if done.returncode not in (0, 1):
        sys.exit(f"cables {' '.join(args)} failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started, done.returncode, done.stdout


def overwrite(path: Path, fractions: list[float], size: int = 4096) -> None:
    noise = random.Random(13)
    length = path.stat().st_size
    with open(path, "r+b") as f:
        for fraction in fractions:
            f.seek(int(length * fraction) // 4096 * 4096)
            f.write(bytes(noise.randrange(256) for _ in range(size)))


def main() -> None:
    if not (ARCHIVE / "archive.sqlite3").is_file():
        sys.exit(f"no scale archive at {ARCHIVE}: run benchmarks/archive_scale.py first")
    rows = []
    seconds, code, out = cables("check", "--json", "--archive", str(ARCHIVE))
    cables_count = next(f["detail"] for f in json.loads(out)["findings"] if f["part"] == "index")
    rows.append(
        ("`cables check` of the scale archive", seconds, "whole" if code == 0 else "NOT whole")
    )

    shutil.rmtree(COPY, ignore_errors=True)
    seconds, code, _ = cables("backup", str(COPY), "--archive", str(ARCHIVE))
    rows.append(("`cables backup` into a new folder", seconds, "done" if code == 0 else "failed"))
    seconds, code, _ = cables("check", "--archive", str(COPY))
    rows.append(("`cables check` of the copy", seconds, "whole" if code == 0 else "NOT whole"))

    shutil.rmtree(COPY / "index")
    seconds, code, _ = cables("repair", "--json", "-j", "2", "--archive", str(COPY))
    rows.append(
        (
            "`cables repair`, the search index removed",
            seconds,
            "whole" if code == 0 else "NOT whole",
        )
    )

    overwrite(COPY / "archive.sqlite3", [0.2, 0.5, 0.8])
    seconds, code, out = cables("repair", "--json", "-j", "2", "--archive", str(COPY))
    report = json.loads(out)
    outcome = (
        f"{report['salvaged']:,} saved, {report['reread']:,} read again from the corpus,"
        f" {len(report['lost']):,} lost; {'whole' if report['ok'] else 'NOT whole'} after"
    )
    rows.append(("`cables repair`, 3 x 4 KiB of the database overwritten", seconds, outcome))
    shutil.rmtree(COPY, ignore_errors=True)

    lines = [
        "# Check, backup and repair at scale",
        "",
        f"The scale archive of `benchmarks/archive_scale.py` ({cables_count}). Machine: 2 cores."
        " Command: `python benchmarks/faults_scale.py` (one run).",
        "",
        "| what | seconds | outcome |",
        "|---|---|---|",
        *(f"| {what} | {s:.1f} | {outcome} |" for what, s, outcome in rows),
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
