"""`/`: the newest additions, the topics with counts, and the ways in (archive, feeds)."""

from __future__ import annotations

from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.site.pages.markup import RSS_ICON, Linker, Page, cards, esc, long_date
from paperfeed.site.settings import SiteConfig

HOME = ""


def render(digest: Digest, site: SiteConfig) -> Iterator[Page]:
    link = Linker(HOME, site)
    newest = digest.by_added[: site.home_items]
    latest = f" Last addition: {long_date(newest[0].added)}." if newest else ""
    intro = (
        f'<p class="pf-lead">{esc(site.description) + " " if site.description else ""}'
        f"{digest.size} papers in {len(digest.taxonomy.topics)} topics.{esc(latest)}</p>"
    )
    actions = [
        f'<a class="md-button md-button--primary pf-subscribe" href="{link(urls.SITE_FEED)}">'
        f"{RSS_ICON}Subscribe</a>",
        f'<a class="md-button" href="{link(urls.FEEDS_PAGE)}">All feeds</a>',
        f'<a class="md-button" href="{link("archive/")}">Archive</a>',
    ]
    if site.offline_zip:
        actions.append(
            f'<a class="md-button" href="{esc(site.offline_zip)}">Download for offline reading</a>'
        )
    topics = "\n".join(
        f'<li><a href="{link(urls.topic_page(t.slug))}">{esc(t.name)}</a> '
        f'<span class="pf-count">{len(digest.by_topic.get(t.slug, ()))}</span></li>'
        for t in digest.taxonomy.topics
    )
    body = [
        f"<h1>{esc(site.site_name)}</h1>",
        intro,
        '<p class="pf-actions">' + " ".join(actions) + "</p>",
        "<h2>Newest additions</h2>",
        cards(newest, digest.taxonomy, link),
        "<h2>Topics</h2>",
        f'<ul class="pf-topic-grid">\n{topics}\n</ul>',
    ]
    yield Page(
        path=HOME,
        title=site.site_name,
        body="\n\n".join(body),
        description=site.description,
        hide=("navigation", "toc"),
    )
