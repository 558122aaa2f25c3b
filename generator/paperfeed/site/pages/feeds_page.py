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

    def row(name: str, target: str, note: str) -> str:
        absolute = urls.absolute(site.site_url, target)
        return (
            f'<tr><td>{RSS_ICON} <a href="{link(target)}">{esc(name)}</a></td>'
            f"<td>{esc(note)}</td><td><code>{esc(absolute)}</code></td></tr>"
        )

    def table(rows: list[str]) -> str:
        return (
            '<table class="pf-feeds">\n'
            "<thead><tr><th>Feed</th><th>What it holds</th><th>Address</th></tr></thead>\n"
            "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
        )

    def newest(count: int) -> str:
        papers = f"{count} paper{'' if count == 1 else 's'}"
        return f"the {site.topic_feed_items} newest of {papers}" if count > site.topic_feed_items else papers

    rows = [row("Everything", urls.SITE_FEED, f"the {site.feed_items} newest additions")]
    for topic in digest.taxonomy.topics:
        count = len(digest.by_topic.get(topic.slug, ()))
        rows.append(row(topic.name, urls.topic_feed(topic.slug), newest(count)))
    body = [
        "<h1>Feeds</h1>",
        '<p class="pf-lead">Follow the whole digest, only the topics you care about, or a saved search, '
        "in any feed reader. Each feed lists the newest additions first; an item never changes once "
        "published.</p>",
        "<h2>Subscribe to everything at once</h2>",
        f'<p>Download <a href="{link(urls.OPML)}" download>the OPML file</a> and import it in your reader '
        "(Feedly, Inoreader, NetNewsWire, Thunderbird, Miniflux and most others read OPML): it lists every "
        "feed below. Or paste a feed's address into your reader to follow just that one.</p>",
        "<h2>Everything and each topic</h2>",
        table(rows),
    ]
    if digest.watches:
        body += [
            "<h2>Watches</h2>",
            "<p>Saved searches: papers that mention a phrase or are by a given author, whatever their "
            f'topic. Each of <a href="{link(urls.WATCHES)}">the watches</a> has a page too; the site\'s '
            "curators set them in <code>content/watches.yml</code>.</p>",
            table(
                [
                    row(w.name, urls.watch_feed(w.slug), f"{newest(len(entries))} {w.rule}")
                    for w, entries in digest.watches
                ]
            ),
        ]
    yield Page(path=urls.FEEDS_PAGE, title="Feeds", body="\n\n".join(body), section=urls.FEEDS_PAGE)
