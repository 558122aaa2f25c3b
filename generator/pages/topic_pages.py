"""`/topics/` (every topic with its description and count) and `/topics/<slug>/` (its papers)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import urls
from ..digest import Digest
from ..site_config import SiteConfig
from .markup import RSS_ICON, Linker, Page, cards, esc, pager

INDEX = "topics/"


def render(digest: Digest, site: SiteConfig) -> Iterator[Page]:
    yield index_page(digest, site)
    for topic in digest.taxonomy.topics:
        entries = digest.by_topic.get(topic.slug, ())
        pages = max(1, -(-len(entries) // site.page_size))
        for number in range(1, pages + 1):
            here = urls.topic_page(topic.slug, number)
            link = Linker(here, site)
            chunk = entries[(number - 1) * site.page_size : number * site.page_size]
            count = f"{len(entries)} paper{'s' if len(entries) != 1 else ''}"
            if pages > 1:
                count += f", page {number} of {pages}"
            body = [
                f'<h1>{esc(topic.name)}</h1>',
                f'<p class="pf-lead">{esc(topic.description)}</p>',
                f'<p class="pf-count">{esc(count)}, newest first · '
                f'<a class="pf-subscribe" href="{link(urls.topic_feed(topic.slug))}">'
                f"{RSS_ICON}Subscribe</a></p>",
                cards(chunk, digest.taxonomy, link),
                pager(pages, number, lambda n, slug=topic.slug: urls.topic_page(slug, n), link),
            ]
            yield Page(
                path=here,
                title=topic.name if number == 1 else f"{topic.name} (page {number})",
                body="\n\n".join(b for b in body if b),
                description=topic.description,
                searchable=False,  # papers are found through their own pages
                feed=urls.topic_feed(topic.slug),
            )


def index_page(digest: Digest, site: SiteConfig) -> Page:
    link = Linker(INDEX, site)
    rows = []
    for topic in digest.taxonomy.topics:
        count = len(digest.by_topic.get(topic.slug, ()))
        rows.append(
            f'<li><a href="{link(urls.topic_page(topic.slug))}">{esc(topic.name)}</a> '
            f'<span class="pf-count">{count}</span> '
            f'<a class="pf-feed-icon" href="{link(urls.topic_feed(topic.slug))}" '
            f'title="RSS feed of {esc(topic.name)}">{RSS_ICON}</a>'
            f'<br><span class="pf-muted">{esc(topic.description)}</span></li>'
        )
    body = "\n\n".join(
        [
            "<h1>Topics</h1>",
            f'<p class="pf-lead">{digest.size} papers in {len(digest.taxonomy.topics)} topics. '
            "A paper belongs to up to three topics.</p>",
            '<ul class="pf-topic-list">\n' + "\n".join(rows) + "\n</ul>",
        ]
    )
    return Page(path=INDEX, title="Topics", body=body, searchable=False)

