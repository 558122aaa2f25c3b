"""Building blocks of the generated Markdown: escaping, front matter and paper cards.

Every piece of paper text reaches a page through `esc`, inside raw HTML blocks that
Python-Markdown passes through untouched, so no title, abstract or author name can add an
element, an attribute, a link or Markdown structure.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from paperfeed import urls
from paperfeed.analysis.digest import day_known
from paperfeed.analysis.topics import Taxonomy
from paperfeed.model import Entry
from paperfeed.site.settings import SiteConfig

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_LISTED_AUTHORS = 4
GENERATOR = "paperfeed"  # marks generated pages in their front matter, for the MkDocs hook


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True, slots=True)
class Page:
    """One generated Markdown page: its folder under docs/, front matter and body."""

    path: str  # folder, e.g. "topics/multimodal/"; the file is path + "index.md"
    title: str  # plain text; escaped on the way out
    body: str
    description: str = ""
    template: str | None = None
    hide: tuple[str, ...] = ()
    feed: str | None = None  # the page's own feed, for discovery
    updated: str | None = None  # ISO date the page last changed, for the sitemap

    @property
    def file(self) -> str:
        return f"{self.path}index.md" if self.path.endswith("/") or not self.path else self.path

    def render(self) -> str:
        # Material prints title and description unescaped, so they are escaped here. The search
        # index gets its entries from the generator (search_index.py), not from these pages.
        meta: dict[str, object] = {"generator": GENERATOR, "title": esc(self.title)}
        if self.description:
            meta["description"] = esc(self.description)
        if self.template:
            meta["template"] = self.template
        if self.hide:
            meta["hide"] = list(self.hide)
        meta["search"] = {"exclude": True}
        if self.feed:
            meta["feed"] = self.feed
        if self.updated:
            meta["updated"] = self.updated
        # One JSON value per line is valid YAML, and much faster to write than yaml.dump.
        front = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
        return f"---\n{front}---\n\n{self.body.strip()}\n"


class Linker:
    """Relative links from one page, in the URL style the build uses."""

    def __init__(self, here: str, site: SiteConfig) -> None:
        self.here = here
        self.site = site

    def __call__(self, target: str) -> str:
        # Targets are built from slugs, which the store's rules keep to [a-z0-9-]; escaped anyway,
        # so a slug that got past them still cannot leave the attribute it is written into.
        return esc(urls.href(self.here, target, self.site.directory_urls))


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def paper_date(entry: Entry) -> str:
    """The paper's date as precisely as it is known."""
    if not day_known(entry):
        return f"{MONTHS[entry.date.month - 1]} {entry.date.year}"
    return long_date(entry.date)


def authors_short(authors: Iterable[str]) -> str:
    names = list(authors)
    if len(names) > _LISTED_AUTHORS:
        return ", ".join(names[:_LISTED_AUTHORS]) + f" and {len(names) - _LISTED_AUTHORS} more"
    return ", ".join(names)


def topic_links(entry: Entry, taxonomy: Taxonomy, link: Linker) -> str:
    parts = []
    for slug in entry.topics:
        topic = taxonomy.get(slug)
        if topic:
            parts.append(f'<a class="pf-topic" href="{link(urls.topic_page(slug))}">{esc(topic.name)}</a>')
    return " ".join(parts)


def card(entry: Entry, taxonomy: Taxonomy, link: Linker) -> str:
    """A paper in a short list: title linking to its page, authors, date, topics, the abstract folded."""
    paper = entry.paper
    meta = [esc(authors_short(paper.authors))] if paper.authors else []
    meta.append(f'<time datetime="{entry.date.isoformat()}">{esc(paper_date(entry))}</time>')
    lines = [
        '<article class="pf-card">',
        f'<p class="pf-card__title"><a href="{link(urls.paper_page(entry.slug))}">{esc(paper.title)}</a></p>',
        f'<p class="pf-card__meta">{" · ".join(meta)}</p>',
    ]
    if entry.topics:
        lines.append(f'<p class="pf-card__topics">{topic_links(entry, taxonomy, link)}</p>')
    if paper.abstract:
        lines.append(
            f'<details class="abstract pf-card__abstract"><summary>Abstract</summary>'
            f"<p>{esc(paper.abstract)}</p></details>"
        )
    lines.append("</article>")
    return "\n".join(lines)


def cards(entries: Iterable[Entry], taxonomy: Taxonomy, link: Linker) -> str:
    """Cards as one raw HTML block (one block keeps Python-Markdown's work per page small)."""
    inner = "\n".join(card(e, taxonomy, link) for e in entries)
    return f'<div class="pf-cards">\n{inner}\n</div>' if inner else _EMPTY


def paper_list(entries: Iterable[Entry], link: Linker, *, dates: bool = True) -> str:
    """Papers in a long list, a line or two each: the title linking to its page, the authors and
    the date (left out where a heading above gives it). Long lists are most of a site's bytes."""
    items = []
    for entry in entries:
        meta = [esc(authors_short(entry.paper.authors))] if entry.paper.authors else []
        if dates:
            meta.append(f'<time datetime="{entry.date.isoformat()}">{esc(paper_date(entry))}</time>')
        items.append(
            f'<li><a href="{link(urls.paper_page(entry.slug))}">{esc(entry.paper.title)}</a>'
            + (f"<span>{' · '.join(meta)}</span>" if meta else "")
            + "</li>"
        )
    return '<ul class="pf-list">\n' + "\n".join(items) + "\n</ul>" if items else _EMPTY


_EMPTY = '<p class="pf-empty">No papers yet.</p>'


def pager(numbers: int, current: int, target: Callable[[int], str], link: Linker) -> str:
    """Links to the other pages of a paginated list."""
    if numbers <= 1:
        return ""
    items = []
    for number in range(1, numbers + 1):
        if number == current:
            items.append(f'<span class="pf-pager__current" aria-current="page">{number}</span>')
        else:
            items.append(f'<a href="{link(target(number))}">{number}</a>')
    return f'<nav class="pf-pager" aria-label="Pages">{" ".join(items)}</nav>'


# Material's RSS icon, inline so it costs no request and takes the text colour.
RSS_ICON = (
    '<svg class="pf-icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M6.18 15.64a2.18 2.18 0 0 1 '
    "2.18 2.18C8.36 19 7.38 20 6.18 20 5 20 4 19 4 17.82a2.18 2.18 0 0 1 2.18-2.18M4 4.44A15.56 15.56 "
    "0 0 1 19.56 20h-2.83A12.73 12.73 0 0 0 4 7.27zm0 5.66a9.9 9.9 0 0 1 9.9 9.9h-2.83A7.07 7.07 0 0 0 "
    '4 12.93z"/></svg>'
)


def paginate(entries: Sequence[Entry], size: int) -> Iterator[tuple[int, int, Sequence[Entry]]]:
    """(page number, number of pages, the page's entries) of a long list; one page at least."""
    pages = max(1, -(-len(entries) // size))
    for number in range(1, pages + 1):
        yield number, pages, entries[(number - 1) * size : number * size]


def count_text(total: int, number: int, pages: int) -> str:
    """'61 papers', or '61 papers, page 2 of 3' on a paginated list."""
    text = f"{total} paper{'s' if total != 1 else ''}"
    return f"{text}, page {number} of {pages}" if pages > 1 else text
