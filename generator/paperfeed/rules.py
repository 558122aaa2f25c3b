"""What a paper may hold: one set of rules that every door applies.

Every listing format builds its papers through formats.listing.make_paper, and the store's own
files are read the same way, so import, fetch, `paperfeed check` and the build all refuse the
same papers, in the same words. Rules that need the whole store (a slug used twice) are in
`duplicate_slugs`, which import and the build both call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from paperfeed import slugs
from paperfeed.errors import describe, must_be
from paperfeed.model import Paper, arxiv_month

# Field limits: far above any real paper, low enough that one hostile record cannot take the
# build's memory or time with it.
MAX_TITLE = 1_000  # characters
MAX_AUTHOR = 300  # characters of one author's name
MAX_AUTHORS = 2_000  # authors of one paper (large collaborations list a few thousand at most)
MAX_ABSTRACT = 20_000  # characters
MAX_SLUG = 100  # characters: generated slugs are at most 80 plus a suffix

EARLIEST = dt.date(1991, 1, 1)  # arXiv opened in 1991: no digest date is older
NEW_STYLE_IDS = dt.date(2007, 4, 1)  # the month of 0704.0001, the first YYMM.NNNN id
SLACK = dt.timedelta(days=1)  # a date may run a day ahead of this machine's, across time zones
# A paper's date may trail its arrival by a day or two across time zones, never by more.
CLOCK_SKEW = dt.timedelta(days=2)


def paper_problem(paper: Paper, today: dt.date | None = None) -> str | None:
    """What is wrong with one paper, in one line; None when nothing is."""
    today = today or dt.date.today()  # once: this runs for every paper of every build
    if len(paper.title) > MAX_TITLE:
        return f"the title is {len(paper.title):,} characters long (at most {MAX_TITLE:,})"
    if len(paper.abstract) > MAX_ABSTRACT:
        return f"the abstract is {len(paper.abstract):,} characters long (at most {MAX_ABSTRACT:,})"
    if len(paper.authors) > MAX_AUTHORS:
        return f"{len(paper.authors):,} authors (at most {MAX_AUTHORS:,})"
    for name in paper.authors:
        if len(name) > MAX_AUTHOR:
            return f"an author's name is {len(name):,} characters long (at most {MAX_AUTHOR})"
    if paper.slug is not None and not slugs.is_slug(paper.slug):
        return must_be("'slug'", slugs.RULE, describe(paper.slug))
    if paper.slug is not None and len(paper.slug) > MAX_SLUG:
        return f"'slug' is {len(paper.slug)} characters long (at most {MAX_SLUG})"
    if paper.arxiv and "/" not in paper.arxiv:  # a new-style id: YYMM.NNNNN, from April 2007 on
        month = arxiv_month(paper.arxiv)
        if month is None or month < NEW_STYLE_IDS or day_problem(month, today):
            return f"{paper.arxiv} is not an arXiv id (its YYMM names no month arXiv issued ids in)"
    for key, day in (("date", paper.date), ("added", paper.added)):
        if day is not None and (problem := day_problem(day, today)):
            return f"{key!r} {problem}"
    if paper.date and paper.added and paper.date - CLOCK_SKEW > paper.added:
        return f"dated {paper.date}, after it was added ({paper.added})"
    return None


def day_problem(day: dt.date, today: dt.date | None = None) -> str | None:
    """What is wrong with a day a paper is dated or added on: "2099-01-01 is in the future"."""
    if day < EARLIEST:
        return f"{day} is before {EARLIEST.year}"
    if day > (today or dt.date.today()) + SLACK:
        return f"{day} is in the future"
    return None


def duplicate_slugs(papers: Iterable[Paper]) -> list[tuple[str, list[Paper]]]:
    """Slugs that more than one paper has, with those papers: each slug is one page's URL."""
    by_slug: dict[str, list[Paper]] = {}
    for paper in papers:
        if paper.slug:
            by_slug.setdefault(paper.slug, []).append(paper)
    return sorted((slug, group) for slug, group in by_slug.items() if len(group) > 1)
