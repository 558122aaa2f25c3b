"""The digest's BibTeX files: papers.bib of every paper, and a .bib file per topic; in the offline
edition, also every entry as a script for the Saved page's export."""

from __future__ import annotations

import json
from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.bibtex import bib_file
from paperfeed.analysis.digest import Digest

CITATIONS = "paperfeedCitations"  # the global saved/citations.js sets (paperfeed-reader.js reads it)


def render_files(digest: Digest, offline: bool = False) -> Iterator[tuple[str, str]]:
    """(path under docs/, text) of the digest's .bib file and each topic's, and offline the script."""
    yield urls.DIGEST_BIB, bib_file(digest.by_date, digest.bibtex)
    for topic in digest.topics:  # in the order of the topic's page
        yield urls.topic_bib(topic.key), bib_file(topic.entries, digest.bibtex)
    if offline:
        yield urls.SAVED_CITATIONS, citations_script(digest.bibtex)


def citations_script(entries: dict[str, str]) -> str:
    """A script setting every paper's BibTeX entry by its slug. A page read from file:// fetches
    nothing, so the offline edition's Saved page cannot take a saved paper's entry from its page
    as the site's does; it loads this (about 300 bytes a paper) instead. JSON in ASCII is
    JavaScript that no title can break out of."""
    data = json.dumps(entries, sort_keys=True, separators=(",", ":"))
    return f"window.{CITATIONS} = {data};\n"
