"""What the 404 page (overrides/404.html, a theme template rather than a generated page) shows of
the digest: its newest additions, so that a reader who followed a stale link has a way on."""

from __future__ import annotations

from urllib.parse import urlsplit

from paperfeed.analysis.digest import Digest
from paperfeed.site.pages.markup import Linker, entry_list, esc
from paperfeed.site.settings import SiteConfig

NEWEST = 10


class RootLinker(Linker):
    """Links by the site's root path (`/paperfeed/topics/`): the 404 page is served at any URL,
    where relative links would lead nowhere."""

    def __init__(self, site: SiteConfig) -> None:
        super().__init__("", site)
        self.root = esc(urlsplit(site.site_url).path or "/")

    def __call__(self, target: str) -> str:
        relative = super().__call__(target)  # from the root page: no "../" to climb
        return self.root + ("" if relative == "./" else relative)


def newest(digest: Digest, site: SiteConfig) -> str:
    return entry_list(digest.by_added[:NEWEST], digest.taxonomy, RootLinker(site), level=3)
