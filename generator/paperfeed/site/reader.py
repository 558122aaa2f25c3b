"""What the reader's script (overrides/assets/paperfeed-reader.js, a static template) is told by
the build: the topics' names by slug and the links an arXiv id gives, from which it makes each
list entry's topic and paper links (site/pages/markup.entry writes them as data)."""

from __future__ import annotations

from typing import Any

from paperfeed import urls
from paperfeed.analysis.taxonomy import Taxonomy


def hints(taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        "topics": {topic.slug: topic.name for topic in taxonomy.topics},
        "arxiv": [list(link) for link in urls.ARXIV_LINKS],
    }
