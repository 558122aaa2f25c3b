"""`/papers/<slug>/`: one page per paper."""

from __future__ import annotations

from collections.abc import Iterator

from .. import urls
from ..digest import Digest, Entry
from ..site_config import SiteConfig
from .markup import Linker, Page, esc, long_date, paper_date, topic_links

_MORE = 5  # more papers from the first topic


def render(digest: Digest, site: SiteConfig) -> Iterator[Page]:
    positions = {
        (topic, e.slug): i for topic, entries in digest.by_topic.items() for i, e in enumerate(entries)
    }
    for entry in digest.by_date:
        yield paper_page(entry, digest, site, positions)


def paper_page(
    entry: Entry, digest: Digest, site: SiteConfig, positions: dict[tuple[str, str], int]
) -> Page:
    paper = entry.paper
    here = urls.paper_page(entry.slug)
    link = Linker(here, site)
    dates = f'Published <time datetime="{entry.date.isoformat()}">{esc(paper_date(entry))}</time>'
    if paper.added:
        dates += f' · added <time datetime="{paper.added.isoformat()}">{esc(long_date(paper.added))}</time>'
    parts = [
        '<div class="pf-paper">',
        f"<h1>{esc(paper.title)}</h1>",
    ]
    if paper.authors:
        parts.append(f'<p class="pf-paper__authors">{esc(", ".join(paper.authors))}</p>')
    parts.append(f'<p class="pf-paper__meta">{dates}</p>')
    if entry.topics:
        parts.append(f'<p class="pf-paper__topics">{topic_links(entry, digest.taxonomy, link)}</p>')
    parts.append(f'<p class="pf-paper__links">{_links(entry)}</p>')
    if paper.abstract:
        parts += ["<h2>Abstract</h2>", f'<p class="pf-paper__abstract">{esc(paper.abstract)}</p>']
    more = _more_in_topic(entry, digest, positions)
    if more:
        topic = digest.taxonomy.get(entry.topics[0])
        name = topic.name if topic else entry.topics[0]
        parts.append(f"<h2>More in {esc(name)}</h2>")
        parts.append('<ul class="pf-related">')
        parts += [
            f'<li><a href="{link(urls.paper_page(e.slug))}">{esc(e.paper.title)}</a></li>' for e in more
        ]
        parts.append("</ul>")
    parts.append("</div>")
    return Page(
        path=here,
        title=paper.title,
        body="\n".join(parts),
        description=_description(paper.abstract),
        template="paper.html",
    )


def _links(entry: Entry) -> str:
    paper = entry.paper
    links: list[tuple[str, str]] = []
    if paper.arxiv:
        links += [
            ("arXiv", paper.links.url or urls.arxiv_abs(paper.arxiv)),
            ("PDF", paper.links.pdf or urls.arxiv_pdf(paper.arxiv)),
            ("Hugging Face", urls.hf_paper(paper.arxiv)),
        ]
    else:
        if paper.links.url:
            links.append(("Paper", paper.links.url))
        if paper.links.pdf:
            links.append(("PDF", paper.links.pdf))
        links.append(("Search arXiv", urls.arxiv_title_search(paper.title)))
    if paper.links.code:
        links.append(("Code", paper.links.code))
    if paper.links.project:
        links.append(("Project page", paper.links.project))
    return " · ".join(f'<a href="{esc(url)}" rel="noopener">{esc(label)}</a>' for label, url in links)


def _more_in_topic(
    entry: Entry, digest: Digest, positions: dict[tuple[str, str], int]
) -> list[Entry]:
    """The papers nearest in date to this one in its first topic (a cheap, stable choice)."""
    if not entry.topics:
        return []
    same = digest.by_topic.get(entry.topics[0], ())
    index = positions.get((entry.topics[0], entry.slug), 0)
    window = [e for e in same[max(0, index - _MORE) : index + _MORE + 1] if e is not entry]
    window.sort(key=lambda e: (abs(e.date.toordinal() - entry.date.toordinal()), e.slug))
    return window[:_MORE]


def _description(abstract: str) -> str:
    if len(abstract) <= 200:
        return abstract
    return abstract[:200].rsplit(" ", 1)[0] + "…"
