"""`/`: the newest additions, the topics with counts, and the ways in (archive, feeds)."""

from __future__ import annotations

from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.lists import long_date
from paperfeed.site.pages.markup import RSS_ICON, WIDE, Linker, SourcePage, entry_list, esc
from paperfeed.site.settings import SiteConfig

HOME = ""


def render(digest: Digest, site: SiteConfig) -> Iterator[SourcePage]:
    link = Linker(HOME, site)
    newest = digest.by_added[: site.home_items]  # by the day they were added, not published
    latest = f"; last added {long_date(newest[0].added)}" if newest else ""
    ways = [
        f'<a class="pf-subscribe" href="{link(urls.SITE_FEED)}">{RSS_ICON}Subscribe</a>',
        f'<a href="{link(urls.FEEDS_PAGE)}">All feeds</a>',
    ]
    if site.offline_download:  # set only when the build has the zip to publish (paperfeed.plugin)
        ways.append(f'<a href="{esc(site.offline_download)}" download>Download for offline reading</a>')
    # The page's head is kept to two short lines so that the first screen shows papers.
    intro = (
        f'<p class="pf-lead">{esc(site.description) + " " if site.description else ""}'
        f"{digest.size} papers in {len(digest.taxonomy.topics)} topics{esc(latest)}. "
        + " · ".join(ways)
        + "</p>"
    )
    topics = "\n".join(
        f'<li><a href="{link(topic.page)}">{esc(topic.title)}</a> '
        f'<span class="pf-count">{topic.size}</span></li>'
        for topic in digest.topics
    )
    body = [
        f"<h1>{esc(site.site_name)}</h1>",
        intro,
        "<h2>Newest additions</h2>",
        entry_list(newest, digest.taxonomy, link, level=3, abstracts=len(newest)),
        "<h2>Topics</h2>",
        f'<ul class="pf-topic-grid">\n{topics}\n</ul>',
    ]
    yield SourcePage(
        path=HOME,
        title=site.site_name,
        body="\n\n".join(body),
        description=site.description,
        hide=WIDE,
        section=HOME,
    )
