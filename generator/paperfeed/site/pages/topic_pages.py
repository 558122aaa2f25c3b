"""`/topics/` (every topic with its description, count and trend) and `/topics/<slug>/` (its
papers, newest first: the newest with their abstracts folded, then compact lists)."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.site.pages import charts
from paperfeed.site.pages.markup import (
    RSS_ICON,
    Linker,
    Page,
    cards,
    count_text,
    esc,
    pager,
    paginate,
    paper_list,
)
from paperfeed.site.settings import SiteConfig

INDEX = "topics/"


def render(digest: Digest, site: SiteConfig) -> Iterator[Page]:
    span = _span(digest)
    yield index_page(digest, site, span)
    for topic in digest.taxonomy.topics:
        entries = digest.by_topic.get(topic.slug, ())
        for number, pages, chunk in paginate(entries, site.page_size):
            here = urls.topic_page(topic.slug, number)
            link = Linker(here, site)
            count = count_text(len(entries), number, pages)
            body = [
                f"<h1>{esc(topic.name)}</h1>",
                f'<p class="pf-lead">{esc(topic.description)}</p>',
                f'<p class="pf-count">{esc(count)}, newest first · '
                f'<a class="pf-subscribe" href="{link(urls.topic_feed(topic.slug))}">'
                f"{RSS_ICON}Subscribe</a>"
                f' · <a href="{link(urls.topic_bib(topic.slug))}" download>'
                f"BibTeX of all {len(entries)}</a></p>",
            ]
            if number == 1:
                counts = charts.monthly_counts((e.date for e in entries), span)
                body.append(charts.bar_chart(f"{topic.name} papers per month", span, counts))
            # The newest papers come as cards with their abstracts folded; the rest, and every
            # later page, as compact lists: long lists are most of a large site's bytes.
            newest, rest = (chunk[: site.abstracts], chunk[site.abstracts :]) if number == 1 else ((), chunk)
            if newest or not rest:
                body.append(cards(newest, digest.taxonomy, link))  # none: "No papers yet."
            if newest and rest:
                body.append('<h2 id="earlier">Earlier papers</h2>')
            if rest:
                body.append(paper_list(rest, link))
            body.append(pager(pages, number, functools.partial(urls.topic_page, topic.slug), link))
            yield Page(
                path=here,
                title=topic.name if number == 1 else f"{topic.name} (page {number})",
                body="\n\n".join(b for b in body if b),
                description=topic.description,
                feed=urls.topic_feed(topic.slug),
            )


def index_page(digest: Digest, site: SiteConfig, span: list[tuple[int, int]]) -> Page:
    link = Linker(INDEX, site)
    rows = []
    for topic in digest.taxonomy.topics:
        entries = digest.by_topic.get(topic.slug, ())
        trend = charts.sparkline(
            span, charts.monthly_counts((e.date for e in entries), span), f"{topic.name} papers per month"
        )
        rows.append(
            f'<li><a href="{link(urls.topic_page(topic.slug))}">{esc(topic.name)}</a> '
            f'<span class="pf-count">{len(entries)}</span> '
            f'<a class="pf-feed-icon" href="{link(urls.topic_feed(topic.slug))}" '
            f'title="RSS feed: {esc(topic.name)}" aria-label="RSS feed: {esc(topic.name)}">{RSS_ICON}</a>'
            f"{trend}"
            f'<br><span class="pf-muted">{esc(topic.description)}</span></li>'
        )
    counts = charts.monthly_counts((e.date for e in digest.by_date), span)
    body = "\n\n".join(
        [
            "<h1>Topics</h1>",
            f'<p class="pf-lead">{digest.size} papers in {len(digest.taxonomy.topics)} topics; '
            "a paper belongs to up to three.</p>",
            charts.bar_chart("All papers per month", span, counts),
            '<ul class="pf-topic-list">\n' + "\n".join(rows) + "\n</ul>",
            f'<p><a href="{link(urls.DIGEST_BIB)}" download>BibTeX of the whole digest</a></p>',
        ]
    )
    return Page(path=INDEX, title="Topics", body=body)


def _span(digest: Digest) -> list[tuple[int, int]]:
    if not digest.by_date:
        return []
    return charts.months_between(digest.by_date[-1].date, digest.by_date[0].date)
