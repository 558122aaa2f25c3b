"""`/topics/` (every topic with its description, count and trend) and `/topics/<slug>/` (its
papers, newest addition first: the newest with the first lines of their abstracts, then the rest,
a hundred to a page)."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.lists import Collection, dated
from paperfeed.site.bib import topic_bib_size
from paperfeed.site.pages import charts
from paperfeed.site.pages.markup import (
    RSS_ICON,
    Linker,
    SourcePage,
    collection_pages,
    count_text,
    esc,
)
from paperfeed.site.settings import SiteConfig

INDEX = urls.TOPICS


def render(digest: Digest, site: SiteConfig) -> Iterator[SourcePage]:
    yield index_page(digest, site)
    for topic in digest.topics:
        yield from collection_pages(
            topic,
            digest,
            site,
            lead=functools.partial(_lead, topic, site),
            target=functools.partial(urls.topic_page, topic.key),
            section=INDEX,
            abstracts=site.abstracts,
            skip_topic=topic.key,  # the page says which topic they are in
            for_you=True,
            after=functools.partial(_chart, topic),  # after the papers: the first screen shows papers
        )


def _lead(topic: Collection, site: SiteConfig, link: Linker, number: int, pages: int) -> str:
    """One paragraph of heading matter, so that the first screen shows papers."""
    count = count_text(topic.size, number, pages)
    return (
        f'<p class="pf-lead">{esc(topic.description)} '
        f'<span class="pf-meta">{esc(count)}, newest first · '
        f'<a class="pf-subscribe" href="{link(urls.topic_feed(topic.key))}">{RSS_ICON}Subscribe</a>'
        f" · {_bibtex(topic, site, link)}</span></p>"
    )


def _bibtex(topic: Collection, site: SiteConfig, link: Linker) -> str:
    """The topic's BibTeX: its file (bib.py); for a topic of more papers than it holds, the
    whole, which the reader's browser takes from papers.bib (so it shows only with the script)."""
    held = topic_bib_size(topic, site)
    static = f'<a href="{link(urls.topic_bib(topic.key))}" download>'
    if held == topic.size:
        return f"{static}BibTeX of all {topic.size}</a>"
    whole = (
        f'<a href="{link(urls.DIGEST_BIB)}" data-pf-bib="{esc(topic.key)}" download="{esc(topic.key)}.bib">'
        f"all {topic.size}</a>"
    )
    return f"BibTeX of the newest {static}{held}</a><span hidden> or {whole}</span>"



def _chart(topic: Collection, link: Linker) -> str:
    dates = [e.date for e in topic.entries if dated(e)]
    span = charts.months_between(min(dates), max(dates)) if dates else []
    return charts.bar_chart(f"{topic.title} papers per month", span, charts.monthly_counts(dates, span))


def index_page(digest: Digest, site: SiteConfig) -> SourcePage:
    link = Linker(INDEX, site)
    dates = [e.date for e in digest.by_date if dated(e)]
    span = charts.months_between(min(dates), max(dates)) if dates else []
    rows = []
    for topic in digest.topics:
        # Every line spans the digest's months, so the trends line up and compare.
        trend = charts.sparkline(
            span,
            charts.monthly_counts((e.date for e in topic.entries if dated(e)), span),
            f"{topic.title} papers per month",
        )
        rows.append(
            f'<li><span><a href="{link(topic.page)}">{esc(topic.title)}</a> '
            f'<span class="pf-count">{topic.size}</span> '
            f'<a class="pf-feed-icon" href="{link(urls.topic_feed(topic.key))}" '
            f'title="RSS feed: {esc(topic.title)}" aria-label="RSS feed: {esc(topic.title)}">{RSS_ICON}</a>'
            "</span>"
            f"{trend}"
            f'<span class="pf-muted">{esc(topic.description)}</span></li>'
        )
    body = "\n\n".join(
        [
            "<h1>Topics</h1>",
            f'<p class="pf-lead">{digest.size} papers in {len(digest.topics)} topics; '
            "a paper belongs to up to three.</p>",
            charts.bar_chart("All papers per month", span, charts.monthly_counts(dates, span)),
            '<ul class="pf-topic-list">\n' + "\n".join(rows) + "\n</ul>",
            f'<p><a href="{link(urls.DIGEST_BIB)}" download>BibTeX of the whole digest</a></p>',
        ]
    )
    return SourcePage(path=INDEX, title="Topics", body=body, section=INDEX)
