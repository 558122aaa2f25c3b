"""`/`: the newest day of additions (its most upvoted papers first, with their abstracts, and its
page a click away), the topics with counts, and the ways in (days, feeds, the offline edition)."""

from __future__ import annotations

from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.site.pages.day_pages import order_name, ordering
from paperfeed.site.pages.markup import RSS_ICON, SEP, Linker, SourcePage, entry_list, esc, nobreak
from paperfeed.site.settings import SiteConfig

HOME = ""


def render(digest: Digest, site: SiteConfig) -> Iterator[SourcePage]:
    link = Linker(HOME, site)
    ways = [
        f'<a class="pf-subscribe" href="{link(urls.SITE_FEED)}">{RSS_ICON}Subscribe</a>',
        f'<a href="{link(urls.FEEDS_PAGE)}">All feeds</a>',
    ]
    if site.offline_download:  # set only when the build has the zip to publish (paperfeed.plugin)
        ways.append(f'<a href="{esc(site.offline_download)}" download>Download for offline reading</a>')
    # The page's head is kept to two short lines so that the first screen shows papers.
    intro = (
        f'<p class="pf-lead">{esc(site.description) + " " if site.description else ""}'
        f"{digest.size} papers in {len(digest.topics)} topics. " + SEP.join(ways) + "</p>"
    )
    body = [f"<h1>{esc(site.site_name)}</h1>", intro, *_newest_day(digest, site, link)]
    topics = "\n".join(
        f'<li><a href="{link(topic.page)}">{esc(topic.title)}</a> '
        f'<span class="pf-count">{topic.size}</span></li>'
        for topic in digest.topics
    )
    body += ["<h2>Topics</h2>", f'<ul class="pf-topic-grid">\n{topics}\n</ul>']
    yield SourcePage(
        path=HOME,
        title=site.site_name,
        body="\n\n".join(body),
        description=site.description,
        section=HOME,
    )


def _newest_day(digest: Digest, site: SiteConfig, link: Linker) -> list[str]:
    """The newest day's papers (`home_items` of them, the day's page has them all)."""
    if not digest.days:
        return ['<p class="pf-empty">No papers yet.</p>']
    day = digest.days[0]
    shown = day.entries[: site.home_items]
    upvoted = any(e.paper.upvotes is not None for e in day.entries)
    whole = f'<a href="{link(day.page)}">All {day.size} papers of the day</a>'
    steps = [whole]
    if len(digest.days) > 1:
        older = digest.days[1]
        steps.append(f'<a href="{link(older.page)}" rel="prev">‹\u00a0{esc(nobreak(older.title))}</a>')
    parts = [
        f'<h2>Added on <a href="{link(day.page)}">{esc(nobreak(day.title))}</a></h2>',
        f'<p class="pf-lead">{day.size} paper{"s" if day.size != 1 else ""}, {ordering(upvoted)}. '
        + SEP.join(steps)
        + "</p>",
        entry_list(
            shown,
            digest.taxonomy,
            link,
            level=3,
            abstracts=len(shown),
            vectors=digest.terms,
            order=order_name(day),
        ),
    ]
    if len(shown) < day.size:
        parts.append(f'<p class="pf-more"><a href="{link(day.page)}">The other {day.size - len(shown)} '
                     f"papers of {esc(nobreak(day.title))}\u00a0›</a></p>")  # fmt: skip
    return parts
