"""URLs: the one place that builds links to arXiv and Hugging Face and vets links from content."""

from __future__ import annotations

import re
from urllib.parse import quote_plus

# Only plain http(s) URLs reach a page or feed: no javascript:, data:, quotes or spaces.
_SAFE = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s<>\"'`\\{}|^]*)?", re.IGNORECASE)


def safe_url(value: object) -> str | None:
    """`value` when it is a plain http(s) URL, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if _SAFE.fullmatch(value) else None


def arxiv_abs(arxiv: str) -> str:
    return f"https://arxiv.org/abs/{arxiv}"


def arxiv_pdf(arxiv: str) -> str:
    return f"https://arxiv.org/pdf/{arxiv}"


def hf_paper(arxiv: str) -> str:
    return f"https://huggingface.co/papers/{arxiv}"


def arxiv_title_search(title: str) -> str:
    return f"https://arxiv.org/search/?searchtype=title&query={quote_plus(title)}"


# Pages of the site, as folder paths under docs/ (each holds an index.md). The one place that
# decides the site's URL layout.
def paper_page(slug: str) -> str:
    return f"papers/{slug}/"


def topic_page(slug: str, number: int = 1) -> str:
    return f"topics/{slug}/" if number == 1 else f"topics/{slug}/page/{number}/"


def topic_feed(slug: str) -> str:
    return f"topics/{slug}/feed.xml"


WATCHES = "watches/"


def watch_page(slug: str, number: int = 1) -> str:
    return f"watches/{slug}/" if number == 1 else f"watches/{slug}/page/{number}/"


def watch_feed(slug: str) -> str:
    return f"watches/{slug}/feed.xml"


def year_page(year: int) -> str:
    return f"archive/{year}/"


def month_page(year: int, month: int) -> str:
    return f"archive/{year}/{month:02d}/"


def href(here: str, target: str, directory_urls: bool = True) -> str:
    """A relative link from the page folder `here` to `target` (a page folder or a file), by way
    of the site's root, so every link to a page reads the same from a page at the same depth.

    Relative links keep the site working under any base path and from file:// (where folder
    links do not open index.html, so those point at the file itself).
    """
    if (target == "" or target.endswith("/")) and not directory_urls:  # "" is the home page
        target += "index.html"
    return "../" * here.count("/") + target or "./"


def absolute(site_url: str, target: str) -> str:
    """The absolute URL of a page folder or file, for feeds."""
    return site_url.rstrip("/") + "/" + target


SITE_FEED = "feed.xml"
OPML = "feeds.opml"
FEEDS_PAGE = "feeds/"


AUTHORS = "authors/"


def author_page(group: str) -> str:
    return f"authors/{group}/"


DIGEST_BIB = "papers.bib"


def topic_bib(slug: str) -> str:
    return f"topics/{slug}/papers.bib"
