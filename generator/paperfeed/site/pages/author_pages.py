"""`/authors/` and `/authors/<letter>/`: every author with their papers, so a reader can follow
a person."""

from __future__ import annotations

from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.lists import dated
from paperfeed.site.pages.markup import Linker, SourcePage, esc
from paperfeed.site.settings import SiteConfig
from paperfeed.text import shorten


def render(digest: Digest, site: SiteConfig) -> Iterator[SourcePage]:
    index = digest.authors
    link = Linker(urls.AUTHORS, site)
    total = sum(len(a) for a in index.pages.values())
    items = [
        f'<li><a href="{link(urls.author_page(name))}">{esc(_label(name))}</a> '
        f'<span class="pf-count">{len(authors)}</span></li>'
        for name, authors in index.pages.items()
    ]
    body = "\n\n".join(
        [
            "<h1>Authors</h1>",
            f'<p class="pf-lead">{total} authors of {digest.size} papers, by family name.</p>',
            '<ul class="pf-letters">\n' + "\n".join(items) + "\n</ul>",
        ]
    )
    yield SourcePage(path=urls.AUTHORS, title="Authors", body=body, section=urls.AUTHORS)
    for name, authors in index.pages.items():
        here = urls.author_page(name)
        link = Linker(here, site)
        blocks = [f"<h1>Authors: {esc(_label(name))}</h1>", '<div class="pf-authors">']
        for author in authors:
            papers = " · ".join(
                f'<a href="{link(urls.paper_page(e.slug))}">{esc(_short(e.paper.title))}</a>'
                + (f" ({e.date.year})" if dated(e) else "")
                for e in author.papers
            )
            blocks.append(
                f'<p id="{esc(author.anchor)}"><strong>{esc(author.name)}</strong> '
                f'<span class="pf-count">{len(author.papers)}</span><br>{papers}</p>'
            )
        blocks.append("</div>")
        title = f"Authors: {_label(name)}"
        yield SourcePage(path=here, title=title, body="\n".join(blocks), section=urls.AUTHORS)


def _label(name: str) -> str:
    letter, _, number = name.partition("-")
    label = "Other" if letter == "other" else letter.upper()
    return f"{label} (page {number})" if number else label


def _short(title: str, limit: int = 50) -> str:
    """Titles in the author index are cut at a word: it lists every paper of every author."""
    return shorten(title, limit)
