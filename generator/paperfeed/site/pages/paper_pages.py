"""`/papers/<slug>/`: one page per paper, lean, since a digest has thousands of them.

The full-text search (Pagefind) indexes these pages only: the part marked `data-pagefind-body`
(title, authors, dates and arXiv id, topics, abstract), not the links, the similar papers or the
BibTeX entry. Title (an h1, which Pagefind weighs most and takes as the result's title) and
authors weigh more; authors, date and topics are kept as metadata to show in the results.
"""

from __future__ import annotations

from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.lists import dated, day_known, long_date
from paperfeed.analysis.matcher import Where
from paperfeed.model import Entry
from paperfeed.site.pages.markup import (
    SEP,
    Linker,
    SourcePage,
    esc,
    link_list,
    linked_text,
    nobreak,
    paper_date,
    term_vector,
    topic_links,
    upvotes,
)
from paperfeed.site.settings import SiteConfig
from paperfeed.text import shorten

ABSTRACT = "abstract"  # the abstract's anchor: paperfeed-search.js quotes that section
# What the search index takes of a paper, at most: the page shows the rest, marked
# data-pagefind-ignore, so that the indexer's memory per page is bounded whatever a paper holds
# (about 0.3 MB a page at worst, for random words). Real papers are within both: arXiv's
# abstracts are at most 1,920 characters, and a list of 60 authors is about 1,000.
SEARCH_AUTHORS = 1_000  # characters of the authors' names, the first names whole
SEARCH_ABSTRACT = 2_000  # characters


def render(digest: Digest, site: SiteConfig) -> Iterator[SourcePage]:
    # A paper's neighbours in its first topic, for the previous / next links.
    around: dict[str, tuple[Entry | None, Entry | None]] = {}
    # Only papers whose first topic it is: the next step's breadcrumb names the same topic.
    for topic in digest.topics:
        entries = [e for e in topic.entries if e.topics and e.topics[0] == topic.key]
        for i, entry in enumerate(entries):
            newer = entries[i - 1] if i else None
            around[entry.slug] = (newer, entries[i + 1] if i + 1 < len(entries) else None)
    for entry in digest.by_date:
        yield paper_page(entry, digest, site, around.get(entry.slug, (None, None)))
    for section in SHELLS:
        yield shell(section)


# --- Paper pages as the plugin renders them ------------------------------------------------------
#
# A digest is mostly paper pages, all made from one template (overrides/lean.html) at the same
# depth: MkDocs renders one "shell" page per section a paper page can belong to, its title, head,
# body and footer set to these markers, and the plugin makes each paper page from its shell by
# putting the paper's parts in their place (plugin/paper_shells.py). The shell's folder is not a
# slug a paper can have (two hyphens in a row), and is replaced by the paper's slug wherever the
# template writes it (the canonical URL).
SHELL_SLUG = "pfshell--page"
SHELLS = {urls.TOPICS: "pfshell--topics", urls.ARCHIVE: "pfshell--archive"}  # by section
MARKERS = {"title": "PFSHELLTITLE", "head": "PFSHELLHEAD", "body": "PFSHELLBODY", "footer": "PFSHELLFOOTER"}


def shell(section: str) -> SourcePage:
    return SourcePage(
        path=urls.paper_page(SHELLS[section]),
        title=MARKERS["title"],
        body=MARKERS["body"],
        template="lean.html",
        section=section,
        head=MARKERS["head"],
        footer=MARKERS["footer"],
    )


def paper_page(
    entry: Entry, digest: Digest, site: SiteConfig, around: tuple[Entry | None, Entry | None] = (None, None)
) -> SourcePage:
    paper = entry.paper
    here = urls.paper_page(entry.slug)
    link = Linker(here, site)
    topic = digest.taxonomy.get(entry.topics[0]) if entry.topics else None
    # A listing's day is when the paper was seen, not published: paper_date says "not known".
    if dated(entry):
        dates = f'Published <span data-pagefind-meta="date">{esc(paper_date(entry))}</span>'
    else:
        dates = "Publication date not known"
    if paper.added:
        dates += f" · added {esc(nobreak(long_date(paper.added)))}"
    if paper.arxiv:  # as text, so that search finds a paper by its id
        dates += f' · <span class="pf-paper__id">arXiv {esc(paper.arxiv)}</span>'
    if paper.upvotes is not None:  # not searched: a count that changes would change the index
        dates += SEP + f"<span data-pagefind-ignore>{upvotes(paper.upvotes)}</span>"
    # The paper's terms, for the reader's "For you" when it is saved from here (reader.js).
    parts = [f'<div class="pf-paper" data-v="{esc(term_vector(digest.terms.get(entry.slug, ())))}">']
    if topic:
        parts.append(
            f'<nav class="pf-crumbs" aria-label="Breadcrumb"><a href="{link(urls.topic_page(topic.slug))}">'
            f"{esc(topic.name)}</a> ›</nav>"  # the tabs above mark Topics
        )
    parts += ["<div data-pagefind-body>", f"<h1>{esc(paper.title)}</h1>"]
    if paper.authors:
        taken = _searched_authors(paper.authors)
        indexed, rest = paper.authors[:taken], paper.authors[taken:]
        more = _unindexed(esc(", " + ", ".join(rest))) if rest else ""
        # Names as text: the reader's script makes each a link to the author's papers (a search,
        # paperfeed-search.js), from the page's citation_author tags, which name them exactly.
        parts.append(
            f'<p class="pf-paper__authors" data-pagefind-meta="authors" data-pagefind-weight="5">'
            f"{esc(', '.join(indexed))}{more}</p>"
        )
    # The search's order for an author's papers (paperfeed-search.js): newest publication first.
    published = entry.date.isoformat() if dated(entry) else ""
    parts.append(f'<p class="pf-paper__meta" data-pagefind-meta="published:{published}">{dates}</p>')
    if entry.topics:
        parts.append(
            f'<p class="pf-paper__topics" data-pagefind-meta="topics:{esc(_topic_names(entry, digest))}"'
            f' data-pagefind-weight="2">{topic_links(entry, digest.taxonomy, link)}</p>'
        )
        parts.append(_why(entry, digest, site))
    parts.append(f'<p class="pf-paper__links" data-pagefind-ignore>{link_list(urls.paper_links(paper))}</p>')
    if paper.abstract:
        # The heading (for screen readers) makes the abstract a section of its own for the
        # search, whose results quote the matched passage of the abstract rather than the title.
        parts.append(f'<h2 id="{ABSTRACT}" class="pf-hidden">Abstract</h2>')
        searched, unsearched = search_split(paper.abstract)
        after = _unindexed(linked_text(unsearched)) if unsearched else ""
        parts.append(f'<p class="pf-paper__abstract">{linked_text(searched)}{after}</p>')
    parts.append("</div>")
    similar = digest.similar.get(entry.slug, ())
    if similar:
        parts += [
            '<h2 id="similar">Similar papers</h2>',
            '<ul class="pf-related">',
        ]
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
        parts += [
            '<h2 id="cite">Cite</h2>',
            f"<pre><code>{esc(digest.bibtex[entry.slug])}</code></pre>",
        ]
    parts.append("</div>")
    newer, older = around  # in its first topic, which the breadcrumb names
    if topic and (newer or older):
        # Words, not the papers' titles: a paper page is repeated thousands of times.
        steps = [
            f'<a href="{link(urls.paper_page(other.slug))}" rel="{rel}">{word}</a>'
            for other, rel, word in ((newer, "prev", "‹ Newer"), (older, "next", "Older ›"))
            if other
        ]
        label = f"Papers in {esc(topic.name)}"
        footer = f'<nav class="pf-steps md-grid" aria-label="{label}">{"".join(steps)}</nav>'
    else:
        footer = ""
    updated = paper.added.isoformat() if paper.added else None
    return SourcePage(
        path=here,
        title=paper.title,
        body="\n".join(parts),
        template="lean.html",
        updated=updated,
        section=urls.TOPICS if topic else urls.ARCHIVE,
        head=head(entry, site),
        footer=footer,
    )


def search_split(abstract: str) -> tuple[str, str]:
    """The abstract as the search index takes it (at most SEARCH_ABSTRACT characters, ending at
    a space, so no word or link is split) and the rest."""
    if len(abstract) <= SEARCH_ABSTRACT:
        return abstract, ""
    cut = abstract.rfind(" ", 0, SEARCH_ABSTRACT + 1)
    cut = cut if cut > 0 else SEARCH_ABSTRACT
    return abstract[:cut], abstract[cut:]


def _searched_authors(authors: tuple[str, ...]) -> int:
    """How many of the first authors the search index takes: as many as fit in SEARCH_AUTHORS
    characters, and one at least."""
    used = 0
    for number, name in enumerate(authors):
        used += len(name) + 2 * bool(number)  # ", " between names
        if used > SEARCH_AUTHORS:
            return max(1, number)
    return len(authors)


def beyond_search(entry: Entry) -> bool:
    """Whether a paper holds more than the search index takes of it."""
    paper = entry.paper
    return _searched_authors(paper.authors) < len(paper.authors) or len(paper.abstract) > SEARCH_ABSTRACT


def _unindexed(html: str) -> str:
    return f'<span data-pagefind-ignore="all">{html}</span>'


def head(entry: Entry, site: SiteConfig) -> str:
    """The page's description, its Highwire Press citation tags (what Zotero's and Google
    Scholar's readers take a paper from) and its Open Graph tags for sharing. A tag that is both
    names it once, with `name` and `property`."""
    paper = entry.paper
    page_url = urls.absolute(site.site_url, urls.paper_page(entry.slug))
    tags: list[tuple[str, str, str]] = [  # (name, property, content)
        ("description", "og:description", shorten(paper.abstract, 160) if paper.abstract else paper.title),
        ("", "og:type", "article"),
        ("citation_title", "og:title", paper.title),
    ]
    tags += [("citation_author", "", name) for name in paper.authors]
    if day_known(entry):
        tags.append(("citation_publication_date", "", entry.date.strftime("%Y/%m/%d")))
    elif dated(entry):  # only the month its arXiv id gives: Google Scholar asks for the year alone
        tags.append(("citation_publication_date", "", str(entry.date.year)))
    if paper.arxiv:
        tags.append(("citation_arxiv_id", "", paper.arxiv))
    pdf = dict(urls.paper_links(paper, full=False)).get("PDF")
    if pdf:
        tags.append(("citation_pdf_url", "", pdf))
    tags.append(("citation_abstract_html_url", "og:url", page_url))
    return "".join(
        "<meta"
        + (f' name="{name}"' if name else "")
        + (f' property="{prop}"' if prop else "")
        + f' content="{esc(content)}">'
        for name, prop, content in tags
    )


def _topic_names(entry: Entry, digest: Digest) -> str:
    topics = (digest.taxonomy.get(slug) for slug in entry.topics)
    return " · ".join(topic.name for topic in topics if topic)


WHY_PHRASES = 4  # phrases shown per topic: the strongest; `paperfeed explain` gives them all


def _why(entry: Entry, digest: Digest, site: SiteConfig) -> str:
    """What earned each topic, folded away: the topics.yml phrases that matched, strongest first;
    and, when mkdocs.yml names the repository, how to correct them: a new issue that names the
    paper and its topics (on GitHub or GitLab), and the paper's store file, where a `topics:` list
    overrides them and teaches `paperfeed train`. Kept terse: a digest is mostly paper pages."""
    why = digest.why.get(entry.slug)
    lines = []
    for slug in entry.topics:
        topic = digest.taxonomy.get(slug)
        if topic is None:
            continue
        rules = dict.fromkeys(
            f"arXiv {rule}" if hit.where is Where.CATEGORY else rule
            for hit in (why.score(slug).hits if why else ())
            for rule in hit.rules
        )
        if why and why.manual:
            reason = "set by hand"
        elif rules:
            reason = ", ".join(esc(rule) for rule in list(rules)[:WHY_PHRASES])
        elif slug != entry.topics[0]:  # a secondary topic without a phrase: the model's
            reason = "no phrase: the topic model's choice"
        else:  # the fallback, or a digest made without its evidence
            reason = "no phrase matched: the default topic"
        lines.append(f"<b>{esc(topic.name)}</b>: {reason}")
    body = "<br>".join(lines)
    if site.store_edit_url and entry.paper.added:
        edit = f"{site.store_edit_url}{entry.paper.added.isoformat()}.yml"
        paper = entry.paper
        report = urls.new_issue(
            edit,
            f"Wrong topic: {paper.title[:100]}",
            f"Paper: {paper.title}\nPage: {urls.absolute(site.site_url, urls.paper_page(entry.slug))}\n"
            + (f"arXiv: {paper.arxiv}\n" if paper.arxiv else "")
            + f"Topics now: {', '.join(entry.topics)}\nTopics it should have: \n\n"
            f"To correct it, give the paper `{entry.slug}` in {urls.repository_path(edit)} a list such as "
            f"`topics: [{', '.join(entry.topics)}]`; the next `paperfeed train` learns from it.",
        )
        body += " Wrong topic? " + (f'<a href="{esc(report)}">Say which</a> or ' if report else "")
        body += f'<a href="{esc(edit)}">set its <code>topics:</code></a>'
    return f'<details class="pf-why" data-pagefind-ignore><summary>Why?</summary>{body}</details>'
