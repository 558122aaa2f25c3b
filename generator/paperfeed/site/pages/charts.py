"""Trend charts drawn at build time as inline SVG: no script, works offline, follows the theme's
colours in light and dark mode, and carries a text alternative for screen readers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from paperfeed.analysis.lists import MONTHS
from paperfeed.site.pages.markup import esc

_WIDTH, _HEIGHT = 600, 100


def months_between(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_counts(dates: Iterable[dt.date], span: list[tuple[int, int]]) -> list[int]:
    counts = Counter((d.year, d.month) for d in dates)
    return [counts.get(m, 0) for m in span]


def bar_chart(label: str, span: list[tuple[int, int]], counts: list[int]) -> str:
    """A bar per month, over `span`, with the years marked under it; the numbers are also given as
    text for screen readers.

    The bars stretch to the page's width; the year labels are HTML under the drawing, placed by
    percentage, so no width or height distorts their letters."""
    if not span:
        return ""
    top = max(counts) or 1
    step = _WIDTH / len(span)
    bars, years = [], []
    for i, ((year, month), count) in enumerate(zip(span, counts, strict=True)):
        if count:
            height = round(_HEIGHT * count / top, 1)
            bars.append(
                f'<rect x="{round(i * step, 1)}" y="{round(_HEIGHT - height, 1)}" '
                f'width="{max(round(step * 0.8, 1), 0.6)}" height="{height}">'
                f"<title>{MONTHS[month - 1]} {year}: {count}</title></rect>"
            )
        if month == 1 or i == 0:
            years.append(f'<span style="left:{round(100 * i / len(span), 2)}%">{year}</span>')
    total = sum(counts)
    busiest = max(range(len(span)), key=lambda i: (counts[i], i))
    summary = (
        f"{label}: {total} paper{'' if total == 1 else 's'} from {MONTHS[span[0][1] - 1]} {span[0][0]} to "
        f"{MONTHS[span[-1][1] - 1]} {span[-1][0]}; the busiest month was "
        f"{MONTHS[span[busiest][1] - 1]} {span[busiest][0]} with {counts[busiest]}."
    )
    return (
        f'<figure class="pf-chart"><svg viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-label="{esc(summary)}" preserveAspectRatio="none">'
        + "".join(bars)
        + f'</svg><div class="pf-chart__years" aria-hidden="true">{"".join(years)}</div>'
        f"<figcaption>{esc(summary)}</figcaption></figure>"
    )


def sparkline(span: list[tuple[int, int]], counts: list[int], label: str) -> str:
    """A small line of a topic's papers per month, for the topics index. Every line of the index
    is drawn over the same months, so they line up and compare."""
    if len(span) < 2:
        return ""
    top = max(counts) or 1
    points = " ".join(
        f"{round(100 * i / (len(span) - 1), 1)},{round(20 - 18 * c / top, 1)}" for i, c in enumerate(counts)
    )
    return (
        f'<svg class="pf-spark" viewBox="0 0 100 20" role="img" aria-label="{esc(label)}" '
        f'preserveAspectRatio="none"><polyline points="{points}"/></svg>'
    )
