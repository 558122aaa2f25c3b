"""`/feeds/`: every feed, the OPML file, and how to subscribe."""

from __future__ import annotations

from collections.abc import Iterator

from .. import urls
from ..digest import Digest
from ..site_config import SiteConfig
from .markup import RSS_ICON, Linker, Page, esc


def render(digest: Digest, site: SiteConfig) -> Iterator[Page]:
    link = Linker(urls.FEEDS_PAGE, site)

    def row(name: str, target: str, note: str) -> str:
        absolute = urls.absolute(site.site_url, target)
        return (
            f'<tr><td>{RSS_ICON} <a href="{link(target)}">{esc(name)}</a></td>'
            f"<td>{esc(note)}</td><td><code>{esc(absolute)}</code></td></tr>"
        )

    rows = [row("Everything", urls.SITE_FEED, f"the {site.feed_items} newest additions")]
    for topic in digest.taxonomy.topics:
        count = len(digest.by_topic.get(topic.slug, ()))
        rows.append(row(topic.name, urls.topic_feed(topic.slug), f"{count} papers"))
    body = f"""<h1>Feeds</h1>

<p class="pf-lead">Follow the whole digest or only the topics you care about, in any feed reader.
Each feed lists the newest additions first; an item never changes once published.</p>

<h2>Subscribe to everything at once</h2>

<p>Download <a href="{link(urls.OPML)}" download>the OPML file</a> and import it in your reader
(Feedly, Inoreader, NetNewsWire, Thunderbird, Miniflux and most others read OPML): it lists every
feed below. Or paste a feed's address into your reader to follow just that one.</p>

<h2>All feeds</h2>

<table class="pf-feeds">
<thead><tr><th>Feed</th><th>What it holds</th><th>Address</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>"""
    yield Page(path=urls.FEEDS_PAGE, title="Feeds", body=body)
