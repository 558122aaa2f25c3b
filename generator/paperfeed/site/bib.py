"""The digest's BibTeX files: papers.bib of every paper, and a .bib file per topic."""

from __future__ import annotations

from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.bibtex import bib_file
from paperfeed.analysis.digest import Digest


def render_files(digest: Digest) -> Iterator[tuple[str, str]]:
    """(path under docs/, text) of the digest's .bib file and each topic's."""
    yield urls.DIGEST_BIB, bib_file(digest.by_date, digest.bibtex)
    for topic in digest.topics:  # in the order of the topic's page
        yield urls.topic_bib(topic.key), bib_file(topic.entries, digest.bibtex)
