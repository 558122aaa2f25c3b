"""Collections: the lists of papers the site is made of (a topic, a watch, a day of additions, a
month of publication), each with its page and, for those a reader subscribes to, its feed.

Every list page, every feed and the OPML file come from these: a new kind of list is one more
builder here, not a new copy of the page and feed code (markup.collection_pages, site/feeds.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from paperfeed import urls
from paperfeed.analysis.taxonomy import Taxonomy
from paperfeed.analysis.watches import Watch, WatchText, matches
from paperfeed.model import DateSource, Entry

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class Kind(Enum):
    EVERYTHING = "everything"  # the whole digest: the site feed's
    TOPIC = "topic"
    WATCH = "watch"
    DAY = "day"  # the papers added on one day
    MONTH = "month"  # the papers published in one month
    UNDATED = "undated"  # the papers added in one month whose publication date is not known


@dataclass(frozen=True, slots=True)
class Collection:
    """One list of papers, in the order its page shows them."""

    kind: Kind
    key: str  # what tells it apart among its kind: a slug, "2026-11-24", "2026-11"
    title: str
    description: str  # one line: what it is
    entries: tuple[Entry, ...]
    page: str  # its (first) page's folder; urls.py builds the others
    feed: str | None = None  # its feed, for the kinds a reader subscribes to
    rule: str = ""  # what puts a paper in it, in words ("mentioning “world model”")

    @property
    def size(self) -> int:
        return len(self.entries)

    @property
    def summary(self) -> str:
        """What it is, in one line, where a description is needed (a page's, a feed's)."""
        return self.description or (f"Papers {self.rule}" if self.rule else self.title)


def everything(by_added: Sequence[Entry]) -> Collection:
    """The whole digest, newest addition first: the site feed's collection. Its title and
    description are the site's own (mkdocs.yml), which the feed gives it."""
    return Collection(Kind.EVERYTHING, "", "", "", tuple(by_added), "", urls.SITE_FEED)


def topics(taxonomy: Taxonomy, by_added: Sequence[Entry]) -> tuple[Collection, ...]:
    """A collection per topic, in the taxonomy's order, newest addition first: a paper added
    today leads its topics whenever it was published."""
    members: dict[str, list[Entry]] = defaultdict(list)
    for entry in by_added:
        for slug in entry.topics:
            members[slug].append(entry)
    return tuple(
        Collection(
            Kind.TOPIC,
            topic.slug,
            topic.name,
            topic.description,
            tuple(members.get(topic.slug, ())),
            urls.topic_page(topic.slug),
            urls.topic_feed(topic.slug),
        )
        for topic in taxonomy.topics
    )


def watches(watch_list: Iterable[Watch], by_added: Sequence[Entry]) -> tuple[Collection, ...]:
    """A collection per watch, in the file's order, newest addition first."""
    watch_list = tuple(watch_list)
    members: dict[str, list[Entry]] = {w.slug: [] for w in watch_list}
    if watch_list:
        for entry in by_added:
            text = WatchText(entry.paper)  # each paper read once, whatever the number of watches
            for watch in watch_list:
                if matches(watch, text):
                    members[watch.slug].append(entry)
    return tuple(
        Collection(
            Kind.WATCH,
            watch.slug,
            watch.name,
            watch.description,
            tuple(members[watch.slug]),
            urls.watch_page(watch.slug),
            urls.watch_feed(watch.slug),
            rule=watch.rule,
        )
        for watch in watch_list
    )


def days(by_added: Sequence[Entry]) -> tuple[Collection, ...]:
    """A collection per day papers were added, newest first, each in the digest's order."""
    groups: dict[dt.date, list[Entry]] = defaultdict(list)
    for entry in by_added:
        groups[entry.added].append(entry)
    return tuple(
        Collection(
            Kind.DAY,
            day.isoformat(),
            long_date(day),
            f"The {len(group)} paper{'s' if len(group) != 1 else ''} added on {long_date(day)}",
            tuple(group),
            urls.day_page(day.isoformat()),
        )
        for day, group in groups.items()
    )


def months(by_date: Sequence[Entry]) -> tuple[tuple[Collection, ...], tuple[Collection, ...]]:
    """The papers by month of publication, newest month first (each newest first), and the papers
    whose publication date is not known, by month of addition (a listing's day is not one)."""
    published: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    undated: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    for entry in by_date:
        if dated(entry):
            published[(entry.date.year, entry.date.month)].append(entry)
        else:
            undated[(entry.added.year, entry.added.month)].append(entry)

    def month(kind: Kind, key: tuple[int, int], group: list[Entry]) -> Collection:
        year, number = key
        name = f"{MONTHS[number - 1]} {year}"
        if kind is Kind.MONTH:
            title, about, page = name, f"Papers published in {name}", urls.month_page(year, number)
        else:
            title = about = f"Added in {name}, date not known"
            page = urls.undated_page(year, number)
        return Collection(kind, f"{year}-{number:02d}", title, about, tuple(group), page)

    return (
        tuple(month(Kind.MONTH, key, published[key]) for key in sorted(published, reverse=True)),
        tuple(month(Kind.UNDATED, key, undated[key]) for key in sorted(undated, reverse=True)),
    )


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def publication(entry: Entry) -> str:
    """The paper's publication date as precisely as it is known; a listing's day is not one."""
    if not dated(entry):
        return "date not known"
    if not day_known(entry):
        return f"{MONTHS[entry.date.month - 1]} {entry.date.year}"
    return long_date(entry.date)


# --- Orders ---------------------------------------------------------------------------------------


def newest_first(entry: Entry) -> tuple[bool, int, int, str]:
    """Newest publication first, then newest addition, then slug: a total, stable order. Papers
    whose publication date is not known come after every dated one: a listing's day is only
    when the paper was seen, and must not put it ahead of papers published since."""
    known = dated(entry)
    return (not known, -entry.date.toordinal() if known else 0, -entry.added.toordinal(), entry.slug)


def newest_added_first(entry: Entry) -> tuple[int, bool, int, tuple[bool, int, int, str]]:
    """The digest's reading order: newest day of addition first; within a day the most upvoted
    first where upvotes are known, then newest publication first."""
    upvotes = entry.paper.upvotes
    return (-entry.added.toordinal(), upvotes is None, -(upvotes or 0), newest_first(entry))


def dated(entry: Entry) -> bool:
    """Whether the paper's publication date is known, at least its month (a listing's day, a
    placeholder until a real date arrives, is not)."""
    return entry.paper.date_source != DateSource.LISTING


def day_known(entry: Entry) -> bool:
    """Whether the paper's publication day is known (an arXiv id alone gives only the month)."""
    return entry.paper.date_source == DateSource.PUBLISHED
