"""The digest's BibTeX files: papers.bib of every paper, and a .bib file per topic of its newest
papers (those of its first page).

Every paper's entry is in papers.bib, with its topics as keywords; a topic's BibTeX of all its
papers is taken from there by the reader's browser (paperfeed-reader.js) when asked for, rather
than written once more per topic (0.7 KB a paper). The offline edition, whose pages cannot fetch
papers.bib, carries each topic's whole file.
"""

from __future__ import annotations

from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.bibtex import bib_file
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.lists import Collection
from paperfeed.site.settings import SiteConfig


def render_files(digest: Digest, site: SiteConfig) -> Iterator[tuple[str, str]]:
    """(path under docs/, text) of the digest's .bib file and each topic's."""
    yield urls.DIGEST_BIB, bib_file(digest.by_date, digest.bibtex, keywords=True)
    for topic in digest.topics:  # in the order of the topic's page
        yield urls.topic_bib(topic.key), bib_file(topic.entries[: topic_bib_size(topic, site)], digest.bibtex)


def topic_bib_size(topic: Collection, site: SiteConfig) -> int:
    """How many of a topic's papers its .bib file holds: its first page's, or all offline."""
    return topic.size if site.offline else min(topic.size, site.page_size)
