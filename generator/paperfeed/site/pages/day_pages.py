"""`/days/` (every day papers were added, by month) and `/days/<YYYY-MM-DD>/` (every paper added
that day: the most upvoted first where Hugging Face counts them, then the newest publication, each
with its abstract; the day before and after a click away). The morning read: what came in today."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.lists import MONTHS, Collection
from paperfeed.site.pages.markup import (
    SEP,
    Linker,
    SourcePage,
    collection_pages,
    count_text,
    esc,
    nobreak,
)
from paperfeed.site.settings import SiteConfig

INDEX = urls.DAYS
# The newest days whose pages carry their papers' abstracts: a week of mornings to catch up on.
# Older days' abstracts are fetched from the paper's page when opened: a digest of years would
# otherwise hold every abstract twice (1.4 KB a paper, as much as the rest of its entries).
RECENT_DAYS = 7
# Papers per day page: a day is read whole (its "For you" order is the whole day's), so a page
# holds far more than a topic's; only a bulk import spills over.
DAY_PAGE = 250


def render(digest: Digest, site: SiteConfig) -> Iterator[SourcePage]:
    yield index_page(digest, site)
    days = digest.days  # newest first
    for number, day in enumerate(days):
        newer = days[number - 1] if number else None
        older = days[number + 1] if number + 1 < len(days) else None
        yield from collection_pages(
            day,
            digest,
            site,
            lead=functools.partial(_lead, day, older, newer),
            target=functools.partial(urls.day_page, day.key),
            section=INDEX,
            abstracts=DAY_PAGE if number < RECENT_DAYS or site.offline else 0,
            for_you=True,
            order=order_name(day),
            size=DAY_PAGE,
        )


def order_name(day: Collection) -> str:
    return "Most upvoted" if any(e.paper.upvotes is not None for e in day.entries) else "Newest"


def ordering(upvoted: bool) -> str:
    """How a day's papers are ordered, in words."""
    if upvoted:
        return "most upvoted first (as Hugging Face counts them), then newest publication first"
    return "newest publication first"


def _lead(
    day: Collection, older: Collection | None, newer: Collection | None, link: Linker, number: int, pages: int
) -> str:
    upvoted = any(e.paper.upvotes is not None for e in day.entries)
    return (
        f'<p class="pf-lead">{esc(count_text(day.size, number, pages))} added on '
        f"{esc(nobreak(day.title))}, {ordering(upvoted)}.</p>\n" + steps(older, newer, link)
    )


def steps(older: Collection | None, newer: Collection | None, link: Linker) -> str:
    """The day before and after, and all days."""
    parts = []
    if older:
        parts.append(f'<a href="{link(older.page)}" rel="prev">‹\u00a0{esc(nobreak(older.title))}</a>')
    parts.append(f'<a href="{link(INDEX)}">All days</a>')
    if newer:
        parts.append(f'<a href="{link(newer.page)}" rel="next">{esc(nobreak(newer.title))}\u00a0›</a>')
    return f'<nav class="pf-months-nav" aria-label="Days">{SEP.join(parts)}</nav>'


def index_page(digest: Digest, site: SiteConfig) -> SourcePage:
    link = Linker(INDEX, site)
    months: dict[str, list[Collection]] = defaultdict(list)
    for day in digest.days:  # newest first
        year, month, _ = day.key.split("-")
        months[f"{MONTHS[int(month) - 1]} {year}"].append(day)
    blocks = [
        "<h1>Days</h1>",
        f'<p class="pf-lead">{digest.size} papers added on {len(digest.days)} days, newest first.</p>',
    ]
    for name, days in months.items():
        total = sum(d.size for d in days)
        blocks.append(f'<h2 class="pf-day">{esc(name)} <span class="pf-count">{total}</span></h2>')
        items = [
            f'<li><a href="{link(day.page)}">{esc(nobreak(day.title))}</a> '
            f'<span class="pf-count">{day.size}</span></li>'
            for day in days
        ]
        blocks.append('<ul class="pf-months">\n' + "\n".join(items) + "\n</ul>")
    return SourcePage(path=INDEX, title="Days", body="\n\n".join(blocks), section=INDEX)
