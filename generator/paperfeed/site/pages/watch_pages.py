"""`/watches/` (every watch with what it matches and its count) and `/watches/<slug>/` (its
papers, newest first, as a compact list; more continue on further pages), each with its feed."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.watches import Watch
from paperfeed.site.pages.markup import (
    RSS_ICON,
    WIDE,
    Linker,
    Page,
    count_text,
    entry_list,
    esc,
    pager,
    paginate,
)
from paperfeed.site.settings import SiteConfig


def render(digest: Digest, site: SiteConfig) -> Iterator[Page]:
    if not digest.watches:
        return
    yield index_page(digest, site)
    for watch, entries in digest.watches:
        for number, pages, chunk in paginate(entries, site.page_size):
            here = urls.watch_page(watch.slug, number)
            link = Linker(here, site)
            # Before any paper matches, the page says so rather than count none "newest first";
            # the feed is still offered, as the way to hear of the first.
            count = f"{count_text(len(entries), number, pages)}, newest first" if entries else _NONE_YET
            about = f"{watch.description} " if watch.description else ""
            body = [
                f"<h1>{esc(watch.name)}</h1>",
                f'<p class="pf-lead">{esc(about)}Every paper {esc(watch.rule)}. <span class="pf-meta">'
                f"{esc(count)} · "
                f'<a class="pf-subscribe" href="{link(urls.watch_feed(watch.slug))}">{RSS_ICON}Subscribe</a>'
                f' · <a href="{link(urls.WATCHES)}">All watches</a></span></p>',
                entry_list(chunk, digest.taxonomy, link) if entries else "",
                pager(pages, number, partial(urls.watch_page, watch.slug), link),
            ]
            yield Page(
                path=here,
                title=watch.name if number == 1 else f"{watch.name} (page {number})",
                body="\n\n".join(b for b in body if b),
                description=watch.description or f"Papers {watch.rule}",
                feed=urls.watch_feed(watch.slug),
                hide=WIDE,
                section=urls.FEEDS_PAGE,
            )


def index_page(digest: Digest, site: SiteConfig) -> Page:
    link = Linker(urls.WATCHES, site)
    rows = [
        f'<li><a href="{link(urls.watch_page(watch.slug))}">{esc(watch.name)}</a> '
        f'<span class="pf-count">{len(entries) or "no papers yet"}</span> '
        f'<a class="pf-feed-icon" href="{link(urls.watch_feed(watch.slug))}" '
        f'title="RSS feed: {esc(watch.name)}" aria-label="RSS feed: {esc(watch.name)}">{RSS_ICON}</a>'
        f'<br><span class="pf-muted">{esc(_about(watch))}</span></li>'
        for watch, entries in digest.watches
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
    return Page(path=urls.WATCHES, title="Watches", body=body, hide=WIDE, section=urls.FEEDS_PAGE)


_NONE_YET = "No papers yet: its feed will bring them as they arrive"


def _about(watch: Watch) -> str:
    return " ".join(filter(None, [watch.description, f"Every paper {watch.rule}."]))
