"""A person's cables by month and role, drawn: the person page's histogram (pure: no I/O).

One column a month from the person's first month to their last, empty months included (a
gap in the record is a gap on the page); each column stacks the cables of each role. A cable
where the person both signed and classified counts in both stacks: the chart says what they
did each month, not how many distinct cables (the page's figures say that).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from cablearchive.people.grouping import ROLES

# How the pages say each role: "signed 3", "named in the text 2".
ROLE_VERBS = {
    "signer": "signed",
    "classifier": "classified",
    "tagged": "tagged",
    "mentioned": "named in the text",
}
ROLE_TITLES = {
    "signer": "Signer",
    "classifier": "Classifier",
    "tagged": "Tagged",
    "mentioned": "Named in the text",
}
COLUMN = 10.0  # SVG units a month
GAP = 1.5  # between columns
HEIGHT = 100.0


@dataclass(frozen=True, slots=True)
class MonthColumn:
    month: str  # YYYY-MM
    counts: tuple[int, ...]  # cables by role, in ROLES' order

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def label(self) -> str:
        """What the column says to a screen reader and in its tooltip."""
        parts = [f"{ROLE_VERBS[r]} {n}" for r, n in zip(ROLES, self.counts, strict=True) if n]
        return f"{self.month}: " + (", ".join(parts) if parts else "no cables")


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + 1}-01" if number == 12 else f"{year}-{number + 1:02d}"


def month_columns(months: Iterable[tuple[str, str, int]]) -> list[MonthColumn]:
    """A person's (YYYY-MM, role, cables) rows as one column a month, first to last month."""
    by_month: dict[str, dict[str, int]] = {}
    for month, role, n in months:
        if role in ROLES and len(month) == 7:
            by_month.setdefault(month, {})[role] = by_month.get(month, {}).get(role, 0) + n
    if not by_month:
        return []
    first, last = min(by_month), max(by_month)
    out = []
    month = first
    while month <= last:
        counts = by_month.get(month, {})
        out.append(MonthColumn(month, tuple(counts.get(r, 0) for r in ROLES)))
        month = _next_month(month)
    return out


def histogram_svg(columns: list[MonthColumn], label: str) -> Markup:
    """The columns as an SVG image: a group per month with its title (the tooltip, and what a
    screen reader reads), a rectangle per role stacked from the bottom."""
    if not columns:
        return Markup("")
    most = max(c.total for c in columns) or 1
    width = len(columns) * COLUMN
    out = [
        f'<svg class="person-months" viewBox="0 0 {width:.0f} {HEIGHT:.0f}"'
        f' preserveAspectRatio="none" role="img" aria-label="{escape(label)}"'
        ' xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, column in enumerate(columns):
        if not column.total:
            continue
        x = i * COLUMN + GAP / 2
        title = escape(column.label)
        out.append(f'<g class="month" role="img" aria-label="{title}"><title>{title}</title>')
        y = HEIGHT
        for role, n in zip(ROLES, column.counts, strict=True):
            if not n:
                continue
            h = HEIGHT * n / most
            y -= h
            out.append(
                f'<rect class="role-{role}" x="{x:.2f}" y="{y:.2f}"'
                f' width="{COLUMN - GAP:.2f}" height="{h:.2f}"></rect>'
            )
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))
