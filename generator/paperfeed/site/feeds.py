"""Feeds: RSS 2.0 for the whole site, each topic and each watch, and an OPML file listing them all.

Everything in a feed comes from the content: an item's date is when its paper was added (the time
its import ran, else noon UTC of the day: never midnight, the day before for readers in America)
and the channel's lastBuildDate is the newest item's, so rebuilding the same content changes no byte and
a later import never alters an item already published (unless the 1 MB budget shortens it).

A feed is a window of days, not of items: every paper added on the feed's newest `feed_days`
days of additions, and at least its newest `feed_items` (`topic_feed_items` for topics and
watches), so a reader who polls less often than every day still misses nothing on a busy day.
A feed stays under FEED_BYTES: past it, long author lists are shortened, then abstracts, the
oldest items' first, rather than items dropped (see `_fit`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from enum import IntEnum

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.lists import Collection, dated, publication
from paperfeed.model import Entry
from paperfeed.site.settings import SiteConfig
from paperfeed.text import shorten

# Characters XML 1.0 does not allow, whatever the escaping, and the C1 controls it only tolerates
# (feed readers take them for Windows-1252 punctuation).
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Feed readers refuse feeds much past 1 MB, and a refused feed delivers nothing: every feed stays
# below this many bytes.
FEED_BYTES = 1_000_000
# A shortened abstract: enough to judge whether to open the paper's page, which has it all.
SHORT_ABSTRACT = 300  # characters
# A shortened author list names the first few: "A, B and 1,998 others".
FEW_AUTHORS = 2


class Cut(IntEnum):
    """How much of an item a feed holds, each step cutting more: everything; a long author list
    shortened; that and the abstract's start only; that and no abstract."""

    FULL = 0
    AUTHORS = 1
    SHORT = 2
    BARE = 3


def xml_text(value: object) -> str:
    """Text safe in XML character data and attribute values."""
    return html.escape(_NOT_XML.sub("", str(value)), quote=True)


def rfc822(moment: dt.datetime) -> str:
    """A moment in UTC, as RSS wants it: 'Tue, 24 Nov 2026 06:17:00 +0000'."""
    return format_datetime(moment.astimezone(dt.UTC))


@dataclass(frozen=True, slots=True)
class Feed:
    """One RSS feed: where it is, what it says of itself, and the papers it holds."""

    path: str  # under docs/
    page: str  # the page it is the feed of
    title: str
    description: str
    entries: Sequence[Entry]  # its window, newest addition first
    total: int  # papers it could hold: the window is the newest of them


def every_feed(digest: Digest, site: SiteConfig) -> Iterator[Feed]:
    """The site feed, then a feed per topic and per watch, in the order the site lists them."""
    about = site.description or f"The newest papers added to {site.site_name}"
    yield _feed(digest.everything, site.site_name, about, site.feed_days, site.feed_items)
    for collection in (*digest.topics, *digest.watches):
        title = f"{site.site_name}: {collection.title}"
        yield _feed(collection, title, collection.summary, site.feed_days, site.topic_feed_items)


def _feed(collection: Collection, title: str, about: str, days: int, least: int) -> Feed:
    assert collection.feed is not None, "only collections with a feed"
    entries = collection.entries  # newest addition first (analysis/lists.py)
    return Feed(collection.feed, collection.page, title, about, window(entries, days, least), len(entries))


def render_all(
    digest: Digest, site: SiteConfig, note: Callable[[str], None] | None = None
) -> Iterator[tuple[str, str]]:
    """(path under docs/, XML) for the site feed, every topic and watch feed and the OPML file.

    `note` hears of a feed whose window would not fit in FEED_BYTES even without abstracts.
    """
    for feed in every_feed(digest, site):
        xml = rss(
            feed.entries,
            digest,
            site,
            title=feed.title,
            description=feed.description,
            page=feed.page,
            feed=feed.path,
            note=note,
        )
        yield feed.path, xml
    yield urls.OPML, opml(digest, site)


def window(entries: Sequence[Entry], days: int, least: int) -> Sequence[Entry]:
    """A feed's papers, of `entries` (newest addition first): every one added on the `days` newest
    days that `entries` has additions on, and at least the `least` newest."""
    seen = 0
    last: dt.date | None = None
    for number, entry in enumerate(entries):
        if entry.added != last:
            seen, last = seen + 1, entry.added
            if seen > days:
                return entries[: max(number, least)]
    return entries


def rss(
    entries: Iterable[Entry],
    digest: Digest,
    site: SiteConfig,
    *,
    title: str,
    description: str,
    page: str,
    feed: str,
    note: Callable[[str], None] | None = None,
) -> str:
    entries = list(entries)
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<channel>",
        f"<title>{xml_text(title)}</title>",
        f"<link>{xml_text(urls.absolute(site.site_url, page))}</link>",
        f"<description>{xml_text(description)}</description>",
        f"<language>{xml_text(site.language)}</language>",
        f'<atom:link href="{xml_text(urls.absolute(site.site_url, feed))}" rel="self" '
        'type="application/rss+xml"/>',
        "<generator>paperfeed</generator>",
    ]
    if entries:
        head.append(f"<lastBuildDate>{rfc822(max(e.added_at for e in entries))}</lastBuildDate>")
    tail = ["</channel>", "</rss>", ""]
    room = FEED_BYTES - 1 - _size("\n".join([*head, *tail]))
    items, fit = _fit(entries, lambda e, cut: item(e, digest, site, cut), room)
    if fit.cut and note:
        note(f"{feed}: its {len(entries):,} papers pass {FEED_BYTES:,} bytes in full: {fit.describe()}")
    return "\n".join([*head, *items, *tail])


@dataclass(frozen=True, slots=True)
class Fit:
    """What a feed cut to stay under FEED_BYTES: how many items it cut at each step, and how many
    of its oldest it left out."""

    authors: int = 0  # author lists shortened
    short: int = 0  # abstracts shortened
    bare: int = 0  # abstracts left out
    left_out: int = 0  # items

    @property
    def cut(self) -> bool:
        return any((self.authors, self.short, self.bare, self.left_out))

    def describe(self) -> str:
        parts = [
            f"shortened {_count(self.authors, 'author list')}" * bool(self.authors),
            f"shortened {_count(self.short, 'abstract')}" * bool(self.short),
            f"left out {_count(self.bare, 'abstract')}" * bool(self.bare),
            f"left out its {_count(self.left_out, 'oldest paper')}" * bool(self.left_out),
        ]
        return ", ".join(part for part in parts if part)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'s' if number != 1 else ''}"


def _fit(entries: Sequence[Entry], render: Callable[[Entry, Cut], str], room: int) -> tuple[list[str], Fit]:
    """The items of `entries` in at most `room` bytes, and what was cut to fit.

    Whole items when they fit. Otherwise long author lists are shortened one item at a time,
    from the oldest up, until they fit; then abstracts are shortened, in the same order, then
    left out. Title, link, topics, the first authors and the paper's links always stay. Only a
    window that does not fit even so (well over a thousand papers) loses its oldest items.
    """
    full: list[str] = []
    used = 0
    for entry in entries:  # whole items, until they pass the budget: the usual case is all of them
        full.append(render(entry, Cut.FULL))
        used += _size(full[-1]) + 1
        if used > room:
            break
    else:
        return full, Fit()
    used = kept = 0
    for entry in entries:  # the most that fit cut to the last step: beyond them nothing can
        used += _size(render(entry, Cut.BARE)) + 1
        if used > room:
            break
        kept += 1
    items = full[:kept] + [render(e, Cut.FULL) for e in entries[len(full) : kept]]
    used = sum(_size(text) + 1 for text in items)
    counts = dict.fromkeys(Cut, 0)
    for cut in (Cut.AUTHORS, Cut.SHORT, Cut.BARE):
        for number in reversed(range(kept)):
            if used <= room:
                break
            shorter = render(entries[number], cut)
            if shorter != items[number]:
                used -= _size(items[number]) - _size(shorter)
                items[number] = shorter
                counts[cut] += 1
    fit = Fit(counts[Cut.AUTHORS], counts[Cut.SHORT], counts[Cut.BARE], len(entries) - kept)
    return items, fit


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def item(entry: Entry, digest: Digest, site: SiteConfig, cut: Cut = Cut.FULL) -> str:
    paper = entry.paper
    link = urls.absolute(site.site_url, urls.paper_page(entry.slug))
    lines = [
        "<item>",
        f"<title>{xml_text(paper.title)}</title>",
        f"<link>{xml_text(link)}</link>",
        f'<guid isPermaLink="true">{xml_text(link)}</guid>',
        f"<pubDate>{rfc822(entry.added_at)}</pubDate>",
        f"<description>{xml_text(_description(entry, cut))}</description>",
    ]
    for slug in entry.topics:
        topic = digest.taxonomy.get(slug)
        if topic:
            lines.append(f"<category>{xml_text(topic.name)}</category>")
    if paper.authors:
        lines.append(f"<dc:creator>{xml_text(creators(paper.authors, cut))}</dc:creator>")
    lines.append("</item>")
    return "\n".join(lines)


def creators(authors: Sequence[str], cut: Cut = Cut.FULL) -> str:
    """An item's authors: all of them, or past Cut.FULL the first few and how many others."""
    if cut == Cut.FULL or len(authors) <= FEW_AUTHORS + 1:
        return ", ".join(authors)
    return f"{', '.join(authors[:FEW_AUTHORS])} and {len(authors) - FEW_AUTHORS:,} others"


def _description(entry: Entry, cut: Cut) -> str:
    """The item's HTML: the abstract (as much as `cut` keeps) and the paper's links (escaped once
    here, once as XML)."""
    paper = entry.paper
    links = urls.paper_links(paper, full=False)
    published = f"Published {publication(entry)}" if dated(entry) else "Publication date not known"
    parts = []
    abstract = shorten(paper.abstract, SHORT_ABSTRACT) if cut == Cut.SHORT else paper.abstract
    if abstract and cut != Cut.BARE:
        parts.append(f"<p>{html.escape(abstract)}</p>")
    anchors = [f'<a href="{html.escape(u)}">{html.escape(n)}</a>' for n, u in links]
    parts.append(f"<p>{' · '.join([html.escape(published), *anchors])}</p>")
    return "".join(parts)


def opml(digest: Digest, site: SiteConfig) -> str:
    """Every feed, for readers to subscribe to at once: the site's, then a group per kind."""

    def outline(text: str, feed: str, page: str) -> str:
        return (
            f'<outline type="rss" text="{xml_text(text)}" title="{xml_text(text)}" '
            f'xmlUrl="{xml_text(urls.absolute(site.site_url, feed))}" '
            f'htmlUrl="{xml_text(urls.absolute(site.site_url, page))}"/>'
        )

    def group(kind: str, outlines: list[str]) -> list[str]:
        if not outlines:
            return []
        return [f'<outline text="{xml_text(site.site_name)} {kind}">', *outlines, "</outline>"]

    topics = [outline(f"{site.site_name}: {c.title}", c.feed or "", c.page) for c in digest.topics]
    watches = [outline(f"{site.site_name}: {c.title}", c.feed or "", c.page) for c in digest.watches]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"<head><title>{xml_text(site.site_name)} feeds</title></head>",
        "<body>",
        outline(site.site_name, urls.SITE_FEED, ""),
        *group("topics", topics),
        *group("watches", watches),
        "</body>",
        "</opml>",
        "",
    ]
    return "\n".join(lines)
