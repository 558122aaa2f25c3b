"""`/feeds/`: every feed (the site's, each topic's, each watch's), the OPML file, and how to
subscribe."""

from __future__ import annotations

from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.site.pages.markup import RSS_ICON, Linker, Page, esc
from paperfeed.site.settings import SiteConfig


def render(digest: Digest, site: SiteConfig) -> Iterator[Page]:
    link = Linker(urls.FEEDS_PAGE, site)

    def feed(name: str, target: str, note: str) -> str:
        address = urls.absolute(site.site_url, target)
        # Material's script copies data-clipboard-text and says so; the label names the feed, as
        # a screen reader lists the page's buttons without their rows.
        return (
            '<li><span class="pf-feeds__feed">'
            f'<a class="pf-feeds__name" href="{link(target)}">{RSS_ICON}{esc(name)}</a> '
            f'<span class="pf-feeds__note">{esc(note)}</span></span> '
            f'<code class="pf-feeds__address">{breakable_url(address)}</code> '
            f'<button type="button" class="pf-copy" data-clipboard-text="{esc(address)}" '
            f'aria-label="Copy the address of the feed {esc(name)}">Copy</button></li>'
        )

    def feeds(items: list[str]) -> str:
        return '<ul class="pf-feeds">\n' + "\n".join(items) + "\n</ul>"

    items = [feed("Everything", urls.SITE_FEED, f"the {site.feed_items} newest additions")]
    for topic in digest.taxonomy.topics:
        count = len(digest.by_topic.get(topic.slug, ()))
        items.append(feed(topic.name, urls.topic_feed(topic.slug), holds(count, site)))
    body = [
        "<h1>Feeds</h1>",
        '<p class="pf-lead">Follow the whole digest, only the topics you care about, or a saved search, '
        "in any feed reader. Each feed lists the newest additions first; an item never changes once "
        "published.</p>",
        "<h2>Subscribe to everything at once</h2>",
        f'<p>Download <a href="{link(urls.OPML)}" download>the OPML file</a> and import it in your reader '
        "(Feedly, Inoreader, NetNewsWire, Thunderbird, Miniflux and most others read OPML): it lists every "
        "feed below. Or copy a feed's address into your reader to follow just that one.</p>",
        "<h2>Everything and each topic</h2>",
        feeds(items),
    ]
    if digest.watches:
        body += [
            "<h2>Watches</h2>",
            "<p>Saved searches: papers that mention a phrase or are by a given author, whatever their "
            f'topic. Each of <a href="{link(urls.WATCHES)}">the watches</a> has a page too; the site\'s '
            "curators set them in <code>content/watches.yml</code>.</p>",
            feeds(
                [
                    feed(w.name, urls.watch_feed(w.slug), watch_holds(len(entries), w.rule, site))
                    for w, entries in digest.watches
                ]
            ),
        ]
    yield Page(path=urls.FEEDS_PAGE, title="Feeds", body="\n\n".join(body))


def holds(count: int, site: SiteConfig) -> str:
    """What a topic's or watch's feed holds: '13 papers', 'the 20 newest of 61 papers'."""
    papers = f"{count} paper{'' if count == 1 else 's'}"
    return f"the {site.topic_feed_items} newest of {papers}" if count > site.topic_feed_items else papers


def watch_holds(count: int, rule: str, site: SiteConfig) -> str:
    """A watch's feed: what it holds, or, before any paper matches, that it holds none yet (its
    address is still worth subscribing to: papers arrive in it as they match)."""
    if count == 0:
        return f"no papers yet: it will list papers {rule} as they arrive"
    return f"{holds(count, site)} {rule}"


def breakable_url(url: str) -> str:
    """`url` escaped, with a line-break opportunity (<wbr>) after each slash of its path, so that
    a long address wraps between its parts rather than every few characters."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return esc(url)
    return esc(scheme + sep) + "/<wbr>".join(esc(part) for part in rest.split("/"))
