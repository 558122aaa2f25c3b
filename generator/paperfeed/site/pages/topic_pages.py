"""`/topics/` (every topic with its description, count and trend) and `/topics/<slug>/` (its
papers, newest first: the newest with the first lines of their abstracts, then the rest, a
hundred to a page)."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest, dated
from paperfeed.site.pages import charts
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

INDEX = "topics/"


def render(digest: Digest, site: SiteConfig) -> Iterator[Page]:
    yield index_page(digest, site)
    for topic in digest.taxonomy.topics:
        entries = digest.by_topic.get(topic.slug, ())
        for number, pages, chunk in paginate(entries, site.page_size):
            here = urls.topic_page(topic.slug, number)
            link = Linker(here, site)
            count = count_text(len(entries), number, pages)
            # One paragraph of heading matter, so that the first screen shows papers; the chart
            # comes after them.
            body = [
                f"<h1>{esc(topic.name)}</h1>",
                f'<p class="pf-lead">{esc(topic.description)} '
                f'<span class="pf-meta">{esc(count)}, newest first · '
                f'<a class="pf-subscribe" href="{link(urls.topic_feed(topic.slug))}">{RSS_ICON}Subscribe</a>'
                f' · <a href="{link(urls.topic_bib(topic.slug))}" download>BibTeX of all {len(entries)}</a>'
                "</span></p>",
                entry_list(
                    chunk,
                    digest.taxonomy,
                    link,
                    abstracts=site.abstracts if number == 1 else 0,
                    skip_topic=topic.slug,  # the page says which topic they are in
                ),
                pager(pages, number, functools.partial(urls.topic_page, topic.slug), link),
            ]
            if number == 1:
                dates = [e.date for e in entries if dated(e)]
                span = charts.months_between(min(dates), max(dates)) if dates else []
                counts = charts.monthly_counts(dates, span)
                body.append(charts.bar_chart(f"{topic.name} papers per month", span, counts))
            yield Page(
                path=here,
                title=topic.name if number == 1 else f"{topic.name} (page {number})",
                body="\n\n".join(b for b in body if b),
                description=topic.description,
                feed=urls.topic_feed(topic.slug),
                hide=WIDE,
                section=INDEX,
            )


def index_page(digest: Digest, site: SiteConfig) -> Page:
    link = Linker(INDEX, site)
    dates = [e.date for e in digest.by_date if dated(e)]
    span = charts.months_between(min(dates), max(dates)) if dates else []
    rows = []
    for topic in digest.taxonomy.topics:
        entries = digest.by_topic.get(topic.slug, ())
        # Every line spans the digest's months, so the trends line up and compare.
        trend = charts.sparkline(
            span,
            charts.monthly_counts((e.date for e in entries if dated(e)), span),
            f"{topic.name} papers per month",
        )
        rows.append(
            f'<li><span><a href="{link(urls.topic_page(topic.slug))}">{esc(topic.name)}</a> '
            f'<span class="pf-count">{len(entries)}</span> '
            f'<a class="pf-feed-icon" href="{link(urls.topic_feed(topic.slug))}" '
            f'title="RSS feed: {esc(topic.name)}" aria-label="RSS feed: {esc(topic.name)}">{RSS_ICON}</a>'
            "</span>"
            f"{trend}"
            f'<span class="pf-muted">{esc(topic.description)}</span></li>'
        )
    body = "\n\n".join(
        [
            "<h1>Topics</h1>",
            f'<p class="pf-lead">{digest.size} papers in {len(digest.taxonomy.topics)} topics; '
            "a paper belongs to up to three.</p>",
            charts.bar_chart("All papers per month", span, charts.monthly_counts(dates, span)),
            '<ul class="pf-topic-list">\n' + "\n".join(rows) + "\n</ul>",
            f'<p><a href="{link(urls.DIGEST_BIB)}" download>BibTeX of the whole digest</a></p>',
        ]
    )
    return Page(path=INDEX, title="Topics", body=body, hide=WIDE, section=INDEX)
