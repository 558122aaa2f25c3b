"""`/watches/` (every watch with what it matches and its count) and `/watches/<slug>/` (its
papers, newest addition first, as a compact list; more continue on further pages), each with its
feed."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.lists import Collection
from paperfeed.site.pages.markup import (
    RSS_ICON,
    Linker,
    SourcePage,
    collection_pages,
    count_text,
    esc,
)
from paperfeed.site.settings import SiteConfig


def render(digest: Digest, site: SiteConfig) -> Iterator[SourcePage]:
    if not digest.watches:
        return
    yield index_page(digest, site)
    for watch in digest.watches:
        yield from collection_pages(
            watch,
            digest,
            site,
            lead=functools.partial(_lead, watch),
            target=functools.partial(urls.watch_page, watch.key),
            section=urls.FEEDS_PAGE,
        )


def _lead(watch: Collection, link: Linker, number: int, pages: int) -> str:
    # Before any paper matches, the page says so rather than count none "newest first"; the feed
    # is still offered, as the way to hear of the first.
    count = f"{count_text(watch.size, number, pages)}, newest first" if watch.size else _NONE_YET
    about = f"{watch.description} " if watch.description else ""
    return (
        f'<p class="pf-lead">{esc(about)}Every paper {esc(watch.rule)}. <span class="pf-meta">'
        f"{esc(count)} · "
        f'<a class="pf-subscribe" href="{link(urls.watch_feed(watch.key))}">{RSS_ICON}Subscribe</a>'
        f' · <a href="{link(urls.WATCHES)}">All watches</a></span></p>'
    )


def index_page(digest: Digest, site: SiteConfig) -> SourcePage:
    link = Linker(urls.WATCHES, site)
    rows = [
        f'<li><a href="{link(watch.page)}">{esc(watch.title)}</a> '
        f'<span class="pf-count">{watch.size or "no papers yet"}</span> '
        f'<a class="pf-feed-icon" href="{link(urls.watch_feed(watch.key))}" '
        f'title="RSS feed: {esc(watch.title)}" aria-label="RSS feed: {esc(watch.title)}">{RSS_ICON}</a>'
        f'<br><span class="pf-muted">{esc(_about(watch))}</span></li>'
        for watch in digest.watches
    ]
    body = "\n\n".join(
        [
            "<h1>Watches</h1>",
            '<p class="pf-lead">Saved searches: papers that mention a phrase or are by a given author, '
            "whatever their topic, each with its own feed.</p>",
            '<ul class="pf-topic-list">\n' + "\n".join(rows) + "\n</ul>",
            f'<p>Watches are set in <code>content/watches.yml</code>. <a href="{link(urls.FEEDS_PAGE)}">'
            "All feeds</a> lists every feed of the site.</p>",
        ]
    )
    return SourcePage(path=urls.WATCHES, title="Watches", body=body, section=urls.FEEDS_PAGE)


_NONE_YET = "No papers yet: its feed will bring them as they arrive"


def _about(watch: Collection) -> str:
    return " ".join(filter(None, [watch.description, f"Every paper {watch.rule}."]))
