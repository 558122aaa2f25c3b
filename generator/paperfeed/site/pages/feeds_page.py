"""`/feeds/`: every feed (the site's, each topic's, each watch's), the OPML file, and how to
subscribe."""

from __future__ import annotations

from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.site import feeds
from paperfeed.site.pages.markup import RSS_ICON, Linker, SourcePage, esc
from paperfeed.site.settings import SiteConfig


def render(digest: Digest, site: SiteConfig) -> Iterator[SourcePage]:
    link = Linker(urls.FEEDS_PAGE, site)

    def item(name: str, target: str, note: str) -> str:
        address = urls.absolute(site.site_url, target)
        # paperfeed-page.js copies data-clipboard-text and says so; the label names the feed, as
        # a screen reader lists the page's buttons without their rows.
        return (
            '<li><span class="pf-feeds__feed">'
            f'<a class="pf-feeds__name" href="{link(target)}">{RSS_ICON}{esc(name)}</a> '
            f'<span class="pf-feeds__note">{esc(note)}</span></span> '
            f'<code class="pf-feeds__address">{breakable_url(address)}</code> '
            f'<button type="button" class="pf-copy" data-clipboard-text="{esc(address)}" '
            f'aria-label="Copy the address of the feed {esc(name)}">Copy</button></li>'
        )

    def listing(items: list[str]) -> str:
        return '<ul class="pf-feeds">\n' + "\n".join(items) + "\n</ul>"

    held = {feed.path: feed for feed in feeds.every_feed(digest, site)}
    days = "day" if site.feed_days == 1 else f"{site.feed_days} days"
    items = [item("Everything", urls.SITE_FEED, holds(held[urls.SITE_FEED]))]
    for topic in digest.topics:
        items.append(item(topic.title, topic.feed or "", holds(held[topic.feed or ""])))
    body = [
        "<h1>Feeds</h1>",
        '<p class="pf-lead">Follow the whole digest, only the topics you care about, or a saved search, '
        "in any feed reader. Each feed lists the newest additions first: every paper added on its "
        f"last {days} of additions, and at least its {site.topic_feed_items} newest "
        f"({site.feed_items} for everything), so a few days away lose nothing.</p>",
        "<h2>Subscribe to everything at once</h2>",
        f'<p>Download <a href="{link(urls.OPML)}" download>the OPML file</a> and import it in your reader '
        "(Feedly, Inoreader, NetNewsWire, Thunderbird, Miniflux and most others read OPML): it lists every "
        "feed below. Or copy a feed's address into your reader to follow just that one.</p>",
        "<h2>Everything and each topic</h2>",
        listing(items),
    ]
    if digest.watches:
        body += [
            "<h2>Watches</h2>",
            "<p>Saved searches: papers that mention a phrase or are by a given author, whatever their "
            f'topic. Each of <a href="{link(urls.WATCHES)}">the watches</a> has a page too; the site\'s '
            "curators set them in <code>content/watches.yml</code>.</p>",
            listing(
                [
                    item(w.title, w.feed or "", watch_holds(held[w.feed or ""], w.rule))
                    for w in digest.watches
                ]
            ),
        ]
    yield SourcePage(path=urls.FEEDS_PAGE, title="Feeds", body="\n\n".join(body), section=urls.FEEDS_PAGE)


def holds(feed: feeds.Feed) -> str:
    """What a feed holds: '13 papers', 'the 20 newest of 61 papers'."""
    papers = f"{feed.total} paper{'' if feed.total == 1 else 's'}"
    return f"the {len(feed.entries)} newest of {papers}" if len(feed.entries) < feed.total else papers


def watch_holds(feed: feeds.Feed, rule: str) -> str:
    """A watch's feed: what it holds, or, before any paper matches, that it holds none yet (its
    address is still worth subscribing to: papers arrive in it as they match)."""
    if feed.total == 0:
        return f"no papers yet: it will list papers {rule} as they arrive"
    return f"{holds(feed)} {rule}"


def breakable_url(url: str) -> str:
    """`url` escaped, with a line-break opportunity (<wbr>) after each slash of its path, so that
    a long address wraps between its parts rather than every few characters."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return esc(url)
    return esc(scheme + sep) + "/<wbr>".join(esc(part) for part in rest.split("/"))
