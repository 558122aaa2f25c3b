"""Feeds: RSS 2.0 for the whole site, each topic and each watch, and an OPML file listing them all.

Everything in a feed comes from the content: an item's date is its paper's `added` day and the
channel's lastBuildDate is the newest item's, so rebuilding the same content changes no byte and
a later import never alters an item already published.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Iterator
from email.utils import format_datetime

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.model import Entry
from paperfeed.site.settings import SiteConfig

# Characters XML 1.0 does not allow, whatever the escaping, and the C1 controls it only tolerates
# (feed readers take them for Windows-1252 punctuation).
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    """Text safe in XML character data and attribute values."""
    return html.escape(_NOT_XML.sub("", str(value)), quote=True)


def rfc822(day: dt.date) -> str:
    """Midnight UTC of a day, as RSS wants it: 'Tue, 24 Nov 2026 00:00:00 +0000'."""
    return format_datetime(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))


def render_all(digest: Digest, site: SiteConfig) -> Iterator[tuple[str, str]]:
    """(path under docs/, XML) for the site feed, every topic and watch feed and the OPML file."""
    yield urls.SITE_FEED, rss(
        digest.by_added[: site.feed_items],
        digest,
        site,
        title=site.site_name,
        description=site.description or f"The newest papers added to {site.site_name}",
        page="",
        feed=urls.SITE_FEED,
    )
    for topic in digest.taxonomy.topics:
        entries = [e for e in digest.by_added if topic.slug in e.topics][: site.topic_feed_items]
        yield urls.topic_feed(topic.slug), rss(
            entries,
            digest,
            site,
            title=f"{site.site_name}: {topic.name}",
            description=topic.description,
            page=urls.topic_page(topic.slug),
            feed=urls.topic_feed(topic.slug),
        )
    for watch, matched in digest.watches:
        slugs = {e.slug for e in matched}
        entries = [e for e in digest.by_added if e.slug in slugs][: site.topic_feed_items]
        yield urls.watch_feed(watch.slug), rss(
            entries,
            digest,
            site,
            title=f"{site.site_name}: {watch.name}",
            description=watch.description or f"Papers {watch.rule}",
            page=urls.watch_page(watch.slug),
            feed=urls.watch_feed(watch.slug),
        )
    yield urls.OPML, opml(digest, site)


def rss(
    entries: Iterable[Entry],
    digest: Digest,
    site: SiteConfig,
    *,
    title: str,
    description: str,
    page: str,
    feed: str,
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
        head.append(f"<lastBuildDate>{rfc822(max(e.added for e in entries))}</lastBuildDate>")
    items = [item(e, digest, site) for e in entries]
    return "\n".join([*head, *items, "</channel>", "</rss>", ""])


def item(entry: Entry, digest: Digest, site: SiteConfig) -> str:
    paper = entry.paper
    link = urls.absolute(site.site_url, urls.paper_page(entry.slug))
    lines = [
        "<item>",
        f"<title>{xml_text(paper.title)}</title>",
        f"<link>{xml_text(link)}</link>",
        f'<guid isPermaLink="true">{xml_text(link)}</guid>',
        f"<pubDate>{rfc822(entry.added)}</pubDate>",
        f"<description>{xml_text(_description(entry))}</description>",
    ]
    for slug in entry.topics:
        topic = digest.taxonomy.get(slug)
        if topic:
            lines.append(f"<category>{xml_text(topic.name)}</category>")
    if paper.authors:
        lines.append(f"<dc:creator>{xml_text(', '.join(paper.authors))}</dc:creator>")
    lines.append("</item>")
    return "\n".join(lines)


def _description(entry: Entry) -> str:
    """The item's HTML: the abstract and the paper's links (escaped once here, once as XML)."""
    paper = entry.paper
    links = []
    if paper.arxiv:
        links += [("arXiv", urls.arxiv_abs(paper.arxiv)), ("PDF", urls.arxiv_pdf(paper.arxiv))]
    elif paper.links.url:
        links.append(("Paper", paper.links.url))
    if paper.links.code:
        links.append(("Code", paper.links.code))
    parts = []
    if paper.abstract:
        parts.append(f"<p>{html.escape(paper.abstract)}</p>")
    if links:
        anchors = " · ".join(f'<a href="{html.escape(u)}">{html.escape(n)}</a>' for n, u in links)
        parts.append(f"<p>{anchors}</p>")
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

    topics = [
        outline(f"{site.site_name}: {t.name}", urls.topic_feed(t.slug), urls.topic_page(t.slug))
        for t in digest.taxonomy.topics
    ]
    watches = [
        outline(f"{site.site_name}: {w.name}", urls.watch_feed(w.slug), urls.watch_page(w.slug))
        for w, _ in digest.watches
    ]
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
