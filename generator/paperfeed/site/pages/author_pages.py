"""`/authors/` and `/authors/<letter>/`: every author, by family name, with their count of papers.
The reader's script makes each name a link to a search for their papers (`author:NAME`, newest
first), as it does the names on a paper's page: the index names each paper once, not once per
author."""

from __future__ import annotations

from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.site.pages.markup import Linker, SourcePage, esc
from paperfeed.site.settings import SiteConfig


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
            f'<p class="pf-lead">{total} authors of {digest.size} papers, by family name. An author\'s '
            "name searches their papers.</p>",
            '<ul class="pf-letters">\n' + "\n".join(items) + "\n</ul>",
        ]
    )
    yield SourcePage(path=urls.AUTHORS, title="Authors", body=body, section=urls.AUTHORS)
    for name, authors in index.pages.items():
        here = urls.author_page(name)
        blocks = [f"<h1>Authors: {esc(_label(name))}</h1>", '<ul class="pf-authors">']
        for author in authors:
            count = f'<span class="pf-count">{author.papers}</span>'
            blocks.append(f'<li id="{esc(author.anchor)}">{esc(author.name)} {count}</li>')
        blocks.append("</ul>")
        title = f"Authors: {_label(name)}"
        yield SourcePage(path=here, title=title, body="\n".join(blocks), section=urls.AUTHORS)


def _label(name: str) -> str:
    letter, _, number = name.partition("-")
    label = "Other" if letter == "other" else letter.upper()
    return f"{label} (page {number})" if number else label
