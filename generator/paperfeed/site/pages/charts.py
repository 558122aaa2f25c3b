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
    text for screen readers."""
    if not span:
        return ""
    names = [f"{MONTHS[month - 1]} {year}" for year, month in span]
    marks = [(i, str(year)) for i, (year, month) in enumerate(span) if month == 1 or i == 0]
    return _figure(label, names, counts, marks, "month")


def day_chart(label: str, days: list[dt.date], counts: list[int]) -> str:
    """A bar per day, over `days`, with the first of each month marked under it."""
    if not days:
        return ""
    names = [f"{day.day} {MONTHS[day.month - 1]} {day.year}" for day in days]
    firsts = [i for i, day in enumerate(days) if i == 0 or day.day == 1]
    marks = [(i, f"{days[i].day} {MONTHS[days[i].month - 1][:3]}") for i in firsts]
    return _figure(label, names, counts, marks, "day")


def _figure(label: str, names: list[str], counts: list[int], marks: list[tuple[int, str]], unit: str) -> str:
    """A bar per period (named `names`), labels under the bars `marks` point at, and a summary
    for screen readers. The bars stretch to the page's width; the labels are HTML under the
    drawing, placed by percentage, so no width or height distorts their letters."""
    top = max(counts) or 1
    step = _WIDTH / len(names)
    bars = []
    for i, (name, count) in enumerate(zip(names, counts, strict=True)):
        if count:
            height = round(_HEIGHT * count / top, 1)
            bars.append(
                f'<rect x="{round(i * step, 1)}" y="{round(_HEIGHT - height, 1)}" '
                f'width="{max(round(step * 0.8, 1), 0.6)}" height="{height}">'
                f"<title>{esc(name)}: {count}</title></rect>"
            )
    labels = [f'<span style="left:{round(100 * i / len(names), 2)}%">{esc(text)}</span>' for i, text in marks]
    total = sum(counts)
    busiest = max(range(len(names)), key=lambda i: (counts[i], i))
    summary = (
        f"{label}: {total} paper{'' if total == 1 else 's'} from {names[0]} to {names[-1]}; the busiest "
        f"{unit} was {names[busiest]} with {counts[busiest]}."
    )
    return (
        f'<figure class="pf-chart"><svg viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-label="{esc(summary)}" preserveAspectRatio="none">'
        + "".join(bars)
        + f'</svg><div class="pf-chart__years" aria-hidden="true">{"".join(labels)}</div>'
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
