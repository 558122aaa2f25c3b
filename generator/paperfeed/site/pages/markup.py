"""Building blocks of the generated Markdown: escaping, front matter and paper cards.

Every piece of paper text reaches a page through `esc`, inside raw HTML blocks that
Python-Markdown passes through untouched, so no title, abstract or author name can add an
element, an attribute, a link or Markdown structure.
"""

from __future__ import annotations

import functools
import html
import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.lists import Collection, dated, publication
from paperfeed.analysis.taxonomy import Taxonomy
from paperfeed.model import Entry
from paperfeed.site.settings import SiteConfig

_LISTED_AUTHORS = 3  # in lists; the paper's page names them all
GENERATOR = "paperfeed"  # marks generated pages in their front matter, for the MkDocs hook


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True, slots=True)
class SourcePage:
    """One generated page, as MkDocs reads it: its folder, front matter and body (HTML already)."""

    path: str  # folder, e.g. "topics/multimodal/"; the file is path + "index.md"
    title: str  # plain text; escaped on the way out
    body: str
    description: str = ""
    template: str = "lean.html"  # overrides/lean.html: every generated page's
    feed: str | None = None  # the page's own feed, for discovery
    updated: str | None = None  # ISO date the page last changed, for the sitemap
    section: str | None = None  # the site section (a nav page's folder) the page belongs to
    head: str = ""  # HTML for <head>, escaped here (paper pages: citation and sharing metadata)
    footer: str = ""  # HTML for the footer of a page with its own template (paper pages: the next ones)

    @property
    def file(self) -> str:
        return f"{self.path}index.md" if self.path.endswith("/") or not self.path else self.path

    def render(self) -> str:
        # Material prints title and description unescaped, so they are escaped here. Material's
        # search plugin skips these pages (no page uses its index: the site searches Pagefind's).
        meta: dict[str, object] = {"generator": GENERATOR, "title": esc(self.title)}
        if self.description:
            meta["description"] = esc(self.description)
        meta["template"] = self.template
        meta["search"] = {"exclude": True}
        if self.feed:
            meta["feed"] = self.feed
        if self.updated:
            meta["updated"] = self.updated
        if self.section is not None:
            meta["section"] = self.section
        if self.head:
            meta["head"] = self.head
        if self.footer:
            meta["footer"] = self.footer
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


def paper_date(entry: Entry) -> str:
    """The paper's publication date (lists.publication), its words held together by no-break
    spaces: a date never breaks across lines."""
    return nobreak(publication(entry)) if dated(entry) else publication(entry)


def nobreak(text: str) -> str:
    return text.replace(" ", "\u00a0")


# Between the parts of a line: the dot sticks to what it follows (a no-break space before it), so a
# wrapped line never starts with a separator.
SEP = "\u00a0· "


def authors_short(authors: Iterable[str]) -> str:
    names = list(authors)
    if len(names) > _LISTED_AUTHORS:
        return ", ".join(names[:_LISTED_AUTHORS]) + f" and {len(names) - _LISTED_AUTHORS} more"
    return ", ".join(names)


def topic_links(entry: Entry, taxonomy: Taxonomy, link: Linker, skip: str | None = None) -> str:
    parts = []
    for slug in entry.topics:
        topic = taxonomy.get(slug)
        if topic and slug != skip:
            parts.append(f'<a class="pf-topic" href="{link(urls.topic_page(slug))}">{esc(topic.name)}</a>')
    return " ".join(parts)


def link_list(links: list[tuple[str, str]]) -> str:
    return SEP.join(f'<a href="{esc(url)}">{esc(label)}</a>' for label, url in links)


def upvotes(count: int) -> str:
    """Hugging Face's upvotes, as its readers know them: a count under an arrow."""
    return f'<span class="pf-votes">{count:,}<span class="pf-hidden"> upvotes</span></span>'


def term_vector(terms: Iterable[tuple[str, float]]) -> str:
    """A paper's strongest terms as the reader's browser weighs them ("For you", reader.js):
    each a 4-character token (a hash of the term: the same term gives the same token on every
    page and every build) and a weight from 1 to 9. Ordered by the weight shown, then the token:
    the weights behind them move a little whenever papers arrive, and a page whose terms did not
    change must stay byte for byte the same (a rebuild makes again only the pages that changed)."""
    return _vector(tuple(terms))


# A paper's vector is written in every list it is in: made once a build. Bounded, as `mkdocs
# serve` keeps the process (and the vectors of earlier builds) between rebuilds.
@functools.lru_cache(maxsize=2**18)
def _vector(terms: tuple[tuple[str, float], ...]) -> str:
    weighed = sorted((-max(1, min(9, round(weight * 9))), _token(term)) for term, weight in terms)
    return " ".join(f"{token}{-weight}" for weight, token in weighed)


@functools.cache  # a term is in many papers' vectors
def _token(term: str) -> str:
    number = zlib.crc32(term.encode("utf-8")) % 36**4
    digits = ""
    for _ in range(4):
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
    return digits


def linked_text(text: str) -> str:
    """`text` escaped, with the http(s) URLs in it (urls.in_text decides which) made links."""
    out, at = [], 0
    for start, end, url in urls.in_text(text):
        out += [esc(text[at:start]), f'<a href="{esc(url)}">{esc(url)}</a>']
        at = end
    out.append(esc(text[at:]))
    return "".join(out)


class Abstract(Enum):
    """How a list entry offers its paper's abstract."""

    SHOWN = "shown"  # in the page: its first lines, whole when opened (<details>, no script)
    ON_DEMAND = "on demand"  # fetched from the paper's page when the reader opens it (reader.js)


def entry(
    item: Entry,
    taxonomy: Taxonomy,
    link: Linker,
    *,
    level: int = 2,
    abstract: Abstract = Abstract.ON_DEMAND,
    date: bool = True,
    skip_topic: str | None = None,
    terms: str = "",
) -> str:
    """A paper in a list: its title as a heading linking to its page; a line of the first
    authors, the date, its topics (but the page's own), its links elsewhere and its upvotes; its
    abstract, as `abstract` says; and, given `terms`, the paper's term vector for the reader's
    "For you" order.

    Its topics and the links its arXiv id gives are written as data (`data-t`, the topics' slugs;
    `data-a`, the id), which the reader's script makes links of (paperfeed-reader.js): a paper
    is in a list on its day's page, its month's and each of its topics', and these links were a
    third of every entry's bytes. The paper's page has them all without a script."""
    paper = item.paper
    meta = [esc(authors_short(paper.authors))] if paper.authors else []
    if date:
        meta.append(esc(paper_date(item)))
    links = urls.paper_links(paper, full=False)
    derived = urls.arxiv_links(paper.arxiv) if paper.arxiv else []
    data = ""
    if derived and links[: len(derived)] == derived:
        links = links[len(derived) :]
        data += f' data-a="{esc(paper.arxiv)}"'
    if topics := [slug for slug in item.topics if slug != skip_topic and taxonomy.get(slug)]:
        data += f' data-t="{esc(" ".join(topics))}"'
    if links:
        meta.append(link_list(links))
    if paper.upvotes is not None:
        meta.append(upvotes(paper.upvotes))
    if terms:
        data += f' data-v="{esc(terms)}"'
    title = f'<a href="{link(urls.paper_page(item.slug))}">{esc(paper.title)}</a>'
    parts = [
        f"<li{data}><h{level}>{title}</h{level}>",
        f"<p>{SEP.join(meta)}</p>" if meta else "",
    ]
    if abstract is Abstract.SHOWN and paper.abstract:
        parts.append(f"<details><summary>{esc(paper.abstract)}</summary></details>")
    return "".join(parts) + "</li>"


def entry_list(
    entries: Iterable[Entry],
    taxonomy: Taxonomy,
    link: Linker,
    *,
    level: int = 2,
    abstracts: int = 0,
    dates: bool = True,
    skip_topic: str | None = None,
    vectors: dict[str, tuple[tuple[str, float], ...]] | None = None,
    order: str = "Newest",
) -> str:
    """Papers as one raw HTML block (one block keeps Python-Markdown's work per page small), the
    first `abstracts` of them with their abstract in the page, the rest on demand; with
    `vectors` (the digest's terms), each with its term vector. Lists are most of a large site's
    bytes: every paper is in one on each of its topics' pages, its month's and its day's."""
    items = [
        entry(
            e,
            taxonomy,
            link,
            level=level,
            abstract=Abstract.SHOWN if i < abstracts else Abstract.ON_DEMAND,
            date=dates,
            skip_topic=skip_topic,
            terms=term_vector(vectors.get(e.slug, ())) if vectors else "",
        )
        for i, e in enumerate(entries)
    ]
    if not items:
        return _EMPTY
    # With terms, the reader may order the list "For you"; `order` names the list's own order.
    head = f'<ul class="pf-entries" data-order="{esc(order)}">' if vectors else '<ul class="pf-entries">'
    return head + "\n" + "\n".join(items) + "\n</ul>"


_EMPTY = '<p class="pf-empty">No papers yet.</p>'


def collection_pages(
    collection: Collection,
    digest: Digest,
    site: SiteConfig,
    *,
    lead: Callable[[Linker, int, int], str],
    target: Callable[[int], str],
    section: str,
    abstracts: int = 0,
    skip_topic: str | None = None,
    for_you: bool = False,
    order: str = "Newest",
    size: int = 0,
    after: Callable[[Linker], str] = lambda _: "",
) -> Iterator[SourcePage]:
    """A collection's pages, `size` (else `site.page_size`) papers each: its title, `lead` (the
    paragraph under it, given the page's number and the count of pages), the papers (the first
    `abstracts` of the first page with their abstract; with `for_you`, each with its term vector)
    and the links to the other pages; `after` adds to the first."""
    vectors = digest.terms if for_you else None
    for number, pages, chunk in paginate(collection.entries, size or site.page_size):
        here = target(number)
        link = Linker(here, site)
        # The offline edition carries every abstract: from file:// a page cannot fetch another.
        shown = len(chunk) if site.offline else abstracts if number == 1 else 0
        papers = entry_list(
            chunk, digest.taxonomy, link, abstracts=shown, skip_topic=skip_topic, vectors=vectors, order=order
        )
        body = [
            f"<h1>{esc(collection.title)}</h1>",
            lead(link, number, pages),
            papers if chunk else "",
            pager(pages, number, target, link),
            after(link) if number == 1 else "",
        ]
        yield SourcePage(
            path=here,
            title=collection.title if number == 1 else f"{collection.title} (page {number})",
            body="\n\n".join(b for b in body if b),
            description=collection.summary,
            feed=collection.feed,
            section=section,
        )


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


# The RSS icon: a CSS mask (paperfeed.css) that takes the text colour, rather than an inline SVG
# that every list and row would repeat.
RSS_ICON = '<span class="pf-icon pf-rss" aria-hidden="true"></span>'


def paginate(entries: Sequence[Entry], size: int) -> Iterator[tuple[int, int, Sequence[Entry]]]:
    """(page number, number of pages, the page's entries) of a long list; one page at least."""
    pages = max(1, -(-len(entries) // size))
    for number in range(1, pages + 1):
        yield number, pages, entries[(number - 1) * size : number * size]


def count_text(total: int, number: int, pages: int) -> str:
    """'61 papers', or '61 papers, page 2 of 3' on a paginated list."""
    text = f"{total} paper{'s' if total != 1 else ''}"
    return f"{text}, page {number} of {pages}" if pages > 1 else text
