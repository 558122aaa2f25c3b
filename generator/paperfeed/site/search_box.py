"""What the search box knows besides the index, so that it can offer a page above the results:
the topics' names and pages (typing a topic's name offers the topic's page). An author is
recognised in the results themselves (a name the reader typed in full, in a result's authors)
and offered as a search for their papers, so nothing is written per author or per paper.

The plugin writes this into the box's script (overrides/assets/paperfeed-search.js, a static
template): about 1 KB for twenty topics.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from paperfeed.analysis.lists import Collection


def hints(topics: Iterable[Collection]) -> dict[str, Any]:
    return {"topics": [[topic.title, topic.page] for topic in topics]}
