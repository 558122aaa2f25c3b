"""The offline edition's search entries: one per paper (title; authors, arXiv id and abstract)
and per topic, for Material's own search, which works from file://.

Material's search plugin would index every paper page in full, parsing every page's HTML; the
generator gives it the same text directly, and paper pages are left out of the plugin's own pass.
The site online searches with Pagefind instead (paperfeed.plugin.search), which reads the pages.
"""

from __future__ import annotations

import html

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.model import Paper
from paperfeed.site.settings import SiteConfig
from paperfeed.text import unaccented


def entries(digest: Digest, site: SiteConfig) -> list[dict[str, str]]:
    def location(page: str) -> str:
        return page if site.directory_urls else page + "index.html"

    docs = [
        {"location": location(t.page), "title": html.escape(t.title), "text": html.escape(t.description)}
        for t in digest.topics
    ]
    for entry in digest.by_date:
        docs.append(
            {
                "location": location(urls.paper_page(entry.slug)),
                "title": html.escape(entry.paper.title),
                "text": html.escape(text(entry.paper)),
            }
        )
    return docs


def text(paper: Paper) -> str:
    """What a paper is found by besides its title: authors, arXiv id, the abstract in full, and
    the title's accented words without their accents (Material's search does not fold them, and
    a reader types "Tulu" for "Tülu")."""
    parts = [", ".join(paper.authors), f"arXiv {paper.arxiv}" if paper.arxiv else "", paper.abstract]
    plain = [word for word in unaccented(paper.title).split() if word not in paper.title.split()]
    parts.append(" ".join(plain))
    return " · ".join(part for part in parts if part)
