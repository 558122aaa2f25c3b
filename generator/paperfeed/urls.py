"""URLs: the one place that builds links to arXiv and Hugging Face and vets links from content."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote, quote_plus

from paperfeed.model import Paper

# Only plain http(s) URLs reach a page or feed: no javascript:, data:, quotes or spaces.
_SAFE = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s<>\"'`\\{}|^]*)?", re.IGNORECASE)


def safe_url(value: object) -> str | None:
    """`value` when it is a plain http(s) URL, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if _SAFE.fullmatch(value) else None


# A URL in running text (an abstract): up to a space or a character no URL holds. The punctuation
# that ends a sentence, and a bracket closing around the URL, are not part of it.
_IN_TEXT = re.compile(r"https?://[^\s<>\"'`\\{}|^]+", re.IGNORECASE)
_CLOSING = {")": "(", "]": "["}


def in_text(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, URL) of each plain http(s) URL in `text`, in order."""
    for match in _IN_TEXT.finditer(text):
        url = match.group(0)
        while url and (url[-1] in ".,;:!?" or _unbalanced(url)):
            url = url[:-1]
        if safe_url(url):
            yield match.start(), match.start() + len(url), url


def _unbalanced(url: str) -> bool:
    """Whether the URL ends with a bracket it did not open (it closes one around the URL)."""
    last = url[-1]
    return last in _CLOSING and url.count(last) > url.count(_CLOSING[last])


# A paper's links that its arXiv id gives: (label, the URL before the id). Lists write the id
# alone and the reader's script makes these links of it (paperfeed-reader.js, told them by the
# build), as a list repeats them for every paper.
ARXIV_LINKS = (
    ("arXiv", "https://arxiv.org/abs/"),
    ("PDF", "https://arxiv.org/pdf/"),
    ("Hugging Face", "https://huggingface.co/papers/"),
)


# An edit URL on GitHub (OWNER/REPO/edit/BRANCH/PATH) or GitLab (OWNER/REPO/-/edit/BRANCH/PATH).
_EDIT = re.compile(r"(https://(?:github\.com|gitlab\.com)/[^/?#]+/[^/?#]+)(/-)?/edit/[^/?#]+/([^?#]*)")


def new_issue(edit_url: str, title: str, body: str) -> str:
    """A new-issue form, title and body filled in, on the repository a GitHub or GitLab edit URL
    points into; "" for another host, whose form this cannot fill."""
    match = _EDIT.fullmatch(edit_url)
    if not match:
        return ""
    repo, gitlab = match.group(1), match.group(2)
    title, body = quote(title, safe=""), quote(body, safe="")
    if gitlab:
        return f"{repo}/-/issues/new?issue[title]={title}&issue[description]={body}"
    return f"{repo}/issues/new?title={title}&body={body}"


def repository_path(edit_url: str) -> str:
    """The path in the repository a GitHub or GitLab edit URL opens ("" for another host)."""
    match = _EDIT.fullmatch(edit_url)
    return match.group(3) if match else ""



def arxiv_links(arxiv: str) -> list[tuple[str, str]]:
    return [(label, prefix + arxiv) for label, prefix in ARXIV_LINKS]


def arxiv_title_search(title: str) -> str:
    return f"https://arxiv.org/search/?searchtype=title&query={quote_plus(title)}"


def paper_links(paper: Paper, *, full: bool = True) -> list[tuple[str, str]]:
    """(label, URL) of a paper elsewhere: arXiv, PDF, Hugging Face and code when known, its own
    `links.url` and `links.pdf` winning over those its arXiv id gives. `full` adds what a paper
    page offers beyond a list or a feed: the project page, and an arXiv title search for a paper
    without an id. The one place a paper's outbound links are made."""
    links: list[tuple[str, str]] = []
    own = paper.links
    if paper.arxiv:
        given = {"arXiv": own.url, "PDF": own.pdf}  # the paper's own, where it has them
        links += [(label, given.get(label) or url) for label, url in arxiv_links(paper.arxiv)]
    else:
        if own.url:
            links.append(("Paper", own.url))
        if own.pdf:
            links.append(("PDF", own.pdf))
        if full:
            links.append(("Search arXiv", arxiv_title_search(paper.title)))
    if own.code:
        links.append(("Code", own.code))
    if full and own.project:
        links.append(("Project page", own.project))
    return links


# Pages of the site, as folder paths under docs/ (each holds an index.md). The one place that
# decides the site's URL layout.
PAPERS = "papers/"


def paper_page(slug: str) -> str:
    return f"{PAPERS}{slug}/"


TOPICS = "topics/"
ARCHIVE = "archive/"


def topic_page(slug: str, number: int = 1) -> str:
    return f"topics/{slug}/" if number == 1 else f"topics/{slug}/page/{number}/"


def topic_feed(slug: str) -> str:
    return f"topics/{slug}/feed.xml"


WATCHES = "watches/"


def watch_page(slug: str, number: int = 1) -> str:
    return f"watches/{slug}/" if number == 1 else f"watches/{slug}/page/{number}/"


def watch_feed(slug: str) -> str:
    return f"watches/{slug}/feed.xml"


DAYS = "days/"
SAVED = "saved/"
# The offline edition's every BibTeX entry, for its Saved page's export (site/bib.py).
SAVED_CITATIONS = "saved/citations.js"


def day_page(day: str, number: int = 1) -> str:
    """The papers added on one day (`day` as YYYY-MM-DD)."""
    return f"days/{day}/" if number == 1 else f"days/{day}/page/{number}/"


def year_page(year: int) -> str:
    return f"archive/{year}/"


def month_page(year: int, month: int) -> str:
    return f"archive/{year}/{month:02d}/"


def undated_page(year: int, month: int) -> str:
    """Papers added in a month whose publication date is not known (never in a month's page)."""
    return f"archive/undated/{year}/{month:02d}/"


def href(here: str, target: str, directory_urls: bool = True) -> str:
    """A relative link from the page folder `here` to `target` (a page folder or a file). Within
    one item's folder (a topic's pages and files, a year's months) it climbs only out of what the
    two do not share (`../4/` between a topic's pages, `feed.xml` beside them); to anything else
    it goes by way of the site's root, so a link to a paper always names `papers/` (a paper's
    link to another too: `../../papers/other/`, which tools that find papers by their address
    rely on, for 70 bytes a paper page).

    Relative links keep the site working under any base path and from file:// (where folder
    links do not open index.html, so those point at the file itself).
    """
    if (target == "" or target.endswith("/")) and not directory_urls:  # "" is the home page
        target += "index.html"
    folders = here.split("/")[:-1]  # "topics/x/" is in topics/ and x/
    parts = target.split("/")
    shared = 0
    while shared < min(len(folders), len(parts) - 1) and folders[shared] == parts[shared]:
        shared += 1
    shared = shared if shared >= 2 else 0  # sharing only the kind's folder is not enough
    return "../" * (len(folders) - shared) + "/".join(parts[shared:]) or "./"


def absolute(site_url: str, target: str) -> str:
    """The absolute URL of a page folder or file, for feeds."""
    return site_url.rstrip("/") + "/" + target


SITE_FEED = "feed.xml"
OPML = "feeds.opml"
FEEDS_PAGE = "feeds/"
HEALTH = "health/"  # how the daily fetch fares (site/pages/health.py), linked from every page's footer


AUTHORS = "authors/"


def author_page(group: str) -> str:
    return f"authors/{group}/"


DIGEST_BIB = "papers.bib"


def topic_bib(slug: str) -> str:
    return f"topics/{slug}/papers.bib"
