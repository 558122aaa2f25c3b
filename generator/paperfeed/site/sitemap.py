"""sitemap.xml for search engines: an index of sitemaps of at most 50,000 pages each.

MkDocs writes one sitemap of every page, each dated with the day of the build. A large digest
passes the protocol's 50,000 URLs a file, the dates tell crawlers that every page changed every
day, and Material's pages download the whole file on every visit (its script fetches the
sitemap.xml beside each `rel=alternate` link, the site feed's included). So sitemap.xml is a
small index, the pages are listed in sitemaps/<n>.xml.gz, and a paper page is dated by the day its
paper was added; other pages carry no date rather than a wrong one. The lists are gzipped, as the
protocol allows (crawlers read them so; nothing else does): they were 0.15 KB a paper.
"""

from __future__ import annotations

import gzip
import posixpath
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path

LIMIT = 50_000  # URLs per sitemap file (sitemaps.org)
FOLDER = "sitemaps"
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write(
    site_dir: Path, site_url: str, pages: Sequence[tuple[str, str | None]], feeds: Iterable[str] = ()
) -> None:
    """Writes sitemap.xml and sitemaps/<n>.xml for `pages` (absolute URL, lastmod or None), and
    removes MkDocs' sitemap.xml.gz, which would list the pages again.

    Material's script also fetches the sitemap.xml beside each feed a page links to (it takes
    every rel=alternate link for a translation: zensical/zensical#908 reports it), so each folder
    of `feeds` (paths of feeds in the site) gets an empty one instead of a 404 on every visit."""
    folder = site_dir / FOLDER
    folder.mkdir(exist_ok=True)
    chunks = [pages[i : i + LIMIT] for i in range(0, len(pages), LIMIT)] or [[]]
    for number, chunk in enumerate(chunks, 1):
        # mtime=0: the same pages give the same bytes
        (folder / part(number)).write_bytes(gzip.compress(urlset(chunk).encode("utf-8"), mtime=0))
    kept = {part(number) for number in range(1, len(chunks) + 1)}
    for stale in folder.iterdir():
        if stale.name not in kept:
            stale.unlink()
    urls = [f"{site_url}{FOLDER}/{part(number)}" for number in range(1, len(chunks) + 1)]
    (site_dir / "sitemap.xml").write_text(index(urls), encoding="utf-8")
    (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)
    for feed_folder in sorted({posixpath.dirname(feed) for feed in feeds} - {""}):
        (site_dir / feed_folder / "sitemap.xml").write_text(urlset([]), encoding="utf-8")


def part(number: int) -> str:
    return f"{number}.xml.gz"


def urlset(pages: Sequence[tuple[str, str | None]]) -> str:
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_NS}">']
    for url, lastmod in pages:
        date = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(url)}</loc>{date}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)


def index(sitemaps: Sequence[str]) -> str:
    entries = "".join(f"\n<sitemap><loc>{escape(url)}</loc></sitemap>" for url in sitemaps)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_NS}">{entries}\n</sitemapindex>\n'
