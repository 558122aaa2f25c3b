"""`/papers/<slug>/`: one page per paper, lean, since a digest has thousands of them."""

from __future__ import annotations

from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis import authors
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.topics import CATEGORY
from paperfeed.model import Entry
from paperfeed.site.pages.markup import Linker, Page, esc, long_date, paper_date, topic_links
from paperfeed.site.settings import SiteConfig


def render(digest: Digest, site: SiteConfig) -> Iterator[Page]:
    for entry in digest.by_date:
        yield paper_page(entry, digest, site)


def paper_page(entry: Entry, digest: Digest, site: SiteConfig) -> Page:
    paper = entry.paper
    here = urls.paper_page(entry.slug)
    link = Linker(here, site)
    dates = f'Published <time datetime="{entry.date.isoformat()}">{esc(paper_date(entry))}</time>'
    if paper.added:
        dates += f' · added <time datetime="{paper.added.isoformat()}">{esc(long_date(paper.added))}</time>'
    parts = ['<div class="pf-paper">', f"<h1>{esc(paper.title)}</h1>"]
    if paper.authors:
        parts.append(f'<p class="pf-paper__authors">{_author_links(paper.authors, digest, link)}</p>')
    parts.append(f'<p class="pf-paper__meta">{dates}</p>')
    if entry.topics:
        parts.append(f'<p class="pf-paper__topics">{topic_links(entry, digest.taxonomy, link)}</p>')
        parts.append(_why(entry, digest, site))
    parts.append(f'<p class="pf-paper__links">{_links(entry)}</p>')
    if paper.abstract:
        parts.append(f'<p class="pf-paper__abstract">{esc(paper.abstract)}</p>')
    similar = digest.similar.get(entry.slug, ())
    if similar:
        parts += ['<h2 id="similar">Similar papers</h2>', '<ul class="pf-related">']
        for other in similar:
            shared = [digest.taxonomy.get(t) for t in other.topics if t in entry.topics]
            names = " · ".join(esc(t.name) for t in shared if t)
            parts.append(
                f'<li><a href="{link(urls.paper_page(other.slug))}">{esc(other.paper.title)}</a>'
                + (f' <span class="pf-shared">{names}</span>' if names else "")
                + "</li>"
            )
        parts.append("</ul>")
    if entry.slug in digest.bibtex:
        parts += ['<h2 id="cite">Cite</h2>', f"<pre><code>{esc(digest.bibtex[entry.slug])}</code></pre>"]
    parts.append("</div>")
    updated = paper.added.isoformat() if paper.added else None
    return Page(path=here, title=paper.title, body="\n".join(parts), template="paper.html", updated=updated)


WHY_PHRASES = 4  # phrases shown per topic: the strongest; `paperfeed explain` gives them all


def _why(entry: Entry, digest: Digest, site: SiteConfig) -> str:
    """What earned each topic, folded away: the topics.yml phrases that matched, strongest first,
    and a link to the paper's store file, where a `topics:` list overrides them. Kept terse: a
    digest is mostly paper pages."""
    why = digest.why.get(entry.slug)
    lines = []
    for slug in entry.topics:
        topic = digest.taxonomy.get(slug)
        if topic is None:
            continue
        rules = dict.fromkeys(
            f"arXiv {rule}" if hit.where == CATEGORY else rule
            for hit in (why.score(slug).hits if why else ())
            for rule in hit.rules
        )
        if why and why.manual:
            reason = "set by hand"
        elif rules:
            reason = ", ".join(esc(rule) for rule in list(rules)[:WHY_PHRASES])
        else:  # the fallback, or a digest made without its evidence
            reason = "no phrase matched: the default topic"
        lines.append(f"<b>{esc(topic.name)}</b>: {reason}")
    body = "<br>".join(lines)
    if site.store_edit_url and entry.paper.added:
        edit = f"{site.store_edit_url}{entry.paper.added.isoformat()}.yml"
        body += f' <a href="{esc(edit)}">Wrong topic?</a>'
    return f'<details class="pf-why"><summary>Why?</summary>{body}</details>'


def _author_links(names: tuple[str, ...], digest: Digest, link: Linker) -> str:
    out = []
    for name in names:
        anchor = authors.anchor(name)
        page = digest.authors.page_of.get(anchor)
        if page:
            out.append(f'<a href="{link(urls.author_page(page))}#{esc(anchor)}">{esc(name)}</a>')
        else:
            out.append(esc(name))
    return ", ".join(out)


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
    return " · ".join(f'<a href="{esc(url)}">{esc(label)}</a>' for label, url in links)
