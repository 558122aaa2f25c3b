"""Page kinds: each module renders its pages from the digest. Add a kind with one module and
one line here."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from paperfeed.analysis.digest import Digest
from paperfeed.site.pages import (
    archive,
    author_pages,
    day_pages,
    feeds_page,
    health,
    home,
    not_found,
    paper_pages,
    saved_page,
    topic_pages,
    watch_pages,
)
from paperfeed.site.pages.markup import SourcePage
from paperfeed.site.settings import SiteConfig

PAGE_KINDS: tuple[Callable[[Digest, SiteConfig], Iterator[SourcePage]], ...] = (
    home.render,
    day_pages.render,
    topic_pages.render,
    archive.render,
    feeds_page.render,
    watch_pages.render,
    author_pages.render,
    paper_pages.render,
    saved_page.render,
    health.render,
)


__all__ = ["PAGE_KINDS", "not_found", "paper_pages", "render_all"]


def render_all(digest: Digest, site: SiteConfig) -> Iterator[SourcePage]:
    for kind in PAGE_KINDS:
        yield from kind(digest, site)
