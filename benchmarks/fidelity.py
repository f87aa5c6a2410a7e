"""Fidelity of the parser on the 6,712 real Cablegate site pages, metadata table hidden.

Run: `python benchmarks/fidelity.py`. Only the `<pre>` text (header + body) is given to
`parse_cable`; `id`, `created`, `classification` and `origin` are compared with the page's
metadata table for the cables that carry a transmission header. Ids are compared after
canonicalising the table's (the release has malformed ids like `08EFTOLONDON2883`); `created`
to the hour, because the 2010 site's Created column repeats the hour as the minutes.
Writes `benchmarks/results/fidelity.md` with the figures and every miss.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from _corpus import RESULTS, has_header, site_documents
from cablearchive import canonical_id, parse_cable
from cablearchive.parse import Cable
from cablearchive.sources import RawDocument

TARGETS = {"id": 99.5, "created": 99.5, "classification": 98.0, "origin": 98.0}


def _created_hour(value: str | None) -> str:
    return (value or "")[:13]


CHECKS: dict[str, Callable[[Cable, RawDocument], tuple[str | None, str | None]]] = {
    "id": lambda c, d: (c.id, canonical_id(d.hints.id or "") or d.hints.id),
    "created": lambda c, d: (_created_hour(c.created), _created_hour(d.hints.created)),
    "classification": lambda c, d: (c.classification, d.hints.classification),
    "origin": lambda c, d: (c.origin, d.hints.origin),
}


def main() -> int:
    docs = [d for d in site_documents() if has_header(d)]
    started = time.perf_counter()
    cables = [parse_cable(d.text) for d in docs]  # the text alone: no metadata hints
    elapsed = time.perf_counter() - started
    misses: dict[str, list[tuple[str, str | None, str | None]]] = {k: [] for k in CHECKS}
    for cable, doc in zip(cables, docs, strict=True):
        for name, check in CHECKS.items():
            got, want = check(cable, doc)
            if got != want:
                misses[name].append((doc.source.member or "", got, want))
    n = len(docs)
    lines = [
        "# Parser fidelity on the Cablegate site pages",
        "",
        f"{n} of the 6,712 pages carry a transmission header; each was parsed from its `<pre>`",
        "text alone and compared with the page's metadata table. Command:",
        "`python benchmarks/fidelity.py`.",
        "",
        "| field | agreement | target | misses |",
        "|---|---|---|---|",
    ]
    ok = True
    for name, target in TARGETS.items():
        rate = 100.0 * (n - len(misses[name])) / n
        ok &= rate >= target
        lines.append(f"| {name} | {rate:.2f}% | {target}% | {len(misses[name])} |")
    lines += ["", f"Parsing took {elapsed:.1f} s ({n / elapsed:,.0f} cables/s).", ""]
    for name, rows in misses.items():
        lines += [f"## Misses: {name}", "", "| page | parsed | table |", "|---|---|---|"]
        lines += [f"| {page} | {got} | {want} |" for page, got, want in rows]
        lines.append("")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "fidelity.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:12]))
    print(f"misses written to {RESULTS / 'fidelity.md'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
