"""The digest's BibTeX files: papers.bib of every paper, a .bib file per topic of its newest
papers (those of its first page), and in the offline edition every entry as a script for the
Saved page's export.

Every paper's entry is in papers.bib, with its topics as keywords; a topic's BibTeX of all its
papers is taken from there by the reader's browser (paperfeed-reader.js) when asked for, rather
than written once more per topic (0.7 KB a paper). The offline edition, whose pages cannot fetch
papers.bib, carries each topic's whole file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.bibtex import bib_file
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.lists import Collection
from paperfeed.site.settings import SiteConfig

CITATIONS = "paperfeedCitations"  # the global saved/citations.js sets (paperfeed-reader.js reads it)

def render_files(digest: Digest, site: SiteConfig) -> Iterator[tuple[str, str]]:
    """(path under docs/, text) of the digest's .bib file and each topic's, and offline the script."""
    yield urls.DIGEST_BIB, bib_file(digest.by_date, digest.bibtex, keywords=True)
    for topic in digest.topics:  # in the order of the topic's page
        yield urls.topic_bib(topic.key), bib_file(topic.entries[: topic_bib_size(topic, site)], digest.bibtex)
    if site.offline:
        yield urls.SAVED_CITATIONS, citations_script(digest.bibtex)


def topic_bib_size(topic: Collection, site: SiteConfig) -> int:
    """How many of a topic's papers its .bib file holds: its first page's, or all offline."""
    return topic.size if site.offline else min(topic.size, site.page_size)


def citations_script(entries: dict[str, str]) -> str:
    """A script setting every paper's BibTeX entry by its slug. A page read from file:// fetches
    nothing, so the offline edition's Saved page cannot take a saved paper's entry from its page
    as the site's does; it loads this (about 300 bytes a paper) instead. JSON in ASCII is
    JavaScript that no title can break out of."""
    data = json.dumps(entries, sort_keys=True, separators=(",", ":"))
    return f"window.{CITATIONS} = {data};\n"
