"""Instructions `parse_cable` runs per cable on the real site pages, counted by valgrind.

Run: `python benchmarks/instructions.py [--count N]` (valgrind must be installed: Debian's
`valgrind` package). Timings on these shared machines vary by up to three times from one
session to another and by a third between runs of the same code (the same parser ran 6,121
cables/s in one session and 2,069 in a later one), so a change of a few percent cannot be seen
in seconds. An instruction count is the same at every run: this benchmark counts them under
callgrind for the first N pages of the 6,712 (1,000 by default), once with that many parses and
once with none (the imports, the reference tables and one warm-up parse in both), and divides
the difference by N. It counts the compiled parser and the pure-Python one
(`CABLEARCHIVE_NO_EXTENSIONS=1`), and lists the compiled parser's functions by the instructions
they and their callees ran. Writes `benchmarks/results/instructions.md`. Instructions are not
time (a cache miss costs more than an add), but a change that runs fewer of them in the same
code runs faster nearly always.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _corpus import RESULTS, site_documents

# What the counted process runs: the imports and one parse (so that the reference tables are
# loaded), then `count` parses of the pages in the file given.
_CHILD = """
import pickle, sys
from pathlib import Path
from cablearchive import parse_cable
texts = pickle.loads(Path(sys.argv[1]).read_bytes())
parse_cable(texts[0])
for text in texts[: int(sys.argv[2])]:
    parse_cable(text)
"""
_SUMMARY = re.compile(r"^(?:summary|totals):\s*(\d+)", re.MULTILINE)
# A compiled function's symbol: `__pyx_pf_12cablearchive_5parse_10paragraphs_6paragraphs_and_breaks`
# (the module's name after its length, then the function's after an index), or `__pyx_f_...`
# for a function called from its own module alone.
_PYX = re.compile(r"__pyx_(?:pw|pf|f)_12cablearchive_5parse_(\d+)(\w+)")


def counted(pages: Path, count: int, out: Path, pure: bool) -> int:
    """Instructions of one run of the child under callgrind (its output file at `out`)."""
    env = dict(os.environ)
    env.pop("CABLEARCHIVE_NO_EXTENSIONS", None)
    if pure:
        env["CABLEARCHIVE_NO_EXTENSIONS"] = "1"
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
               sys.executable, "-c", _CHILD, str(pages), str(count)]  # fmt: skip
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    found = _SUMMARY.search(out.read_text(encoding="utf-8", errors="replace"))
    if found is None:
        sys.exit(f"no instruction total in {out}: callgrind's output format changed?")
    return int(found.group(1))


def top_functions(out: Path, count: int, n: int = 20) -> list[tuple[str, float]]:
    """The compiled parser's functions that ran the most instructions with their callees, per
    cable (the reference tables' loading, once a process, is left out: it is not per cable)."""
    annotated = subprocess.run(
        ["callgrind_annotate", "--inclusive=yes", str(out)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seen: dict[str, float] = {}
    for line in annotated.splitlines():
        total, _, rest = line.strip().partition(" ")
        symbol = _PYX.search(rest)
        if symbol is None or not total.replace(",", "").isdigit():
            continue
        size, tail = int(symbol.group(1)), symbol.group(2)
        module, function = tail[:size], tail[size + 1 :].lstrip("0123456789")
        # A function's wrapper and its body are two entries: the larger stands for both.
        key = f"{module}.{function}"
        seen[key] = max(seen.get(key, 0.0), int(total.replace(",", "")) / count)
    ranked = sorted(seen.items(), key=lambda kv: -kv[1])
    once = ("lookups.", "cable.parse_cable")  # the tables' loading; the whole
    return [(k, v) for k, v in ranked if not k.startswith(once)][:n]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="pages parsed (of 6,712)")
    options = parser.parse_args()
    if shutil.which("valgrind") is None or shutil.which("callgrind_annotate") is None:
        sys.exit("valgrind is not installed (Debian: apt install valgrind)")
    texts = [d.text for d in site_documents()][: options.count]
    n = len(texts)
    with tempfile.TemporaryDirectory(prefix="cablearchive-instructions-") as tmp:
        folder = Path(tmp)
        pages = folder / "pages.pickle"
        pages.write_bytes(pickle.dumps(texts))
        per_cable: dict[str, float] = {}
        top: list[tuple[str, float]] = []
        for label, pure in (("compiled", False), ("pure Python", True)):
            base = counted(pages, 0, folder / f"{pure}-0.out", pure)
            full_out = folder / f"{pure}-{n}.out"
            full = counted(pages, n, full_out, pure)
            per_cable[label] = (full - base) / n
            if not pure:
                top = top_functions(full_out, n)
    rows = [
        "# Instructions per cable of `parse_cable`",
        "",
        f"The first {n:,} of the 6,712 site pages, counted by valgrind's callgrind "
        f"(`python benchmarks/instructions.py --count {n}`): the same figure at every run.",
        "",
        "| parser | instructions per cable |",
        "|---|---|",
        *(f"| {label} | {value:,.0f} |" for label, value in per_cable.items()),
        "",
        "The compiled parser's functions, with their callees, per cable (a function is counted "
        "once however deep it recurs):",
        "",
        "| function | instructions per cable |",
        "|---|---|",
        *(f"| `{name}` | {value:,.0f} |" for name, value in top),
        "",
    ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "instructions.md").write_text("\n".join(rows), encoding="utf-8")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
