"""What the search box knows besides the index, so that it can offer a page above the results.

- The topics' names and pages: typing a topic's name offers the topic's page.
- Where the author index's pages begin: an author is recognised in the results (a name the
  reader typed in full, in a result's authors), and their entry's address is worked out from
  the name as analysis/authors.py does (its slug is the entry's anchor; the family name's first
  letter picks the page, and a letter of more than PER_PAGE authors continues on pages that
  begin where `continued` says). Nothing is written per author or per paper.

The plugin writes this into the box's script (overrides/assets/paperfeed-search.js, a static
template): about 1 KB for twenty topics, and one line per continued author page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from paperfeed import urls
from paperfeed.analysis import authors
from paperfeed.analysis.lists import Collection


def hints(topics: Iterable[Collection], index: authors.AuthorIndex) -> dict[str, Any]:
    continued = []  # [family-first sort name, anchor, page] of each page after a letter's first
    for page, names in index.pages.items():
        first = names[0]
        if page != authors.family_initial(first.name):
            continued.append([authors.sort_name(first.name), first.anchor, page])
    named = [[topic.title, topic.page] for topic in topics]
    return {"topics": named, "authors": urls.AUTHORS, "continued": continued}
