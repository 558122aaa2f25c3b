"""The offline edition's search entries: one per paper (title; authors, arXiv id and abstract)
and per topic, for Material's own search, which works from file://.

Material's search plugin would index every paper page in full, parsing every page's HTML; the
generator gives it the same text directly, and paper pages are left out of the plugin's own pass.
The site online searches with Pagefind instead (paperfeed.plugin.search), which reads the pages.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.model import Paper
from paperfeed.site.settings import SiteConfig
from paperfeed.text import unaccented


def entries(digest: Digest, site: SiteConfig) -> list[dict[str, str]]:
    def location(page: str) -> str:
        return page if site.directory_urls else page + "index.html"

    docs = [
        {
            "location": location(urls.topic_page(t.slug)),
            "title": html.escape(t.name),
            "text": html.escape(t.description),
        }
        for t in digest.taxonomy.topics
    ]
    for entry in digest.by_date:
        docs.append(
            {
                "location": location(urls.paper_page(entry.slug)),
                "title": html.escape(entry.paper.title),
                "text": html.escape(text(entry.paper)),
            }
        )
    return docs


def text(paper: Paper) -> str:
    """What a paper is found by besides its title: authors, arXiv id, the abstract in full, and
    the title's accented words without their accents (Material's search does not fold them, and
    a reader types "Tulu" for "Tülu")."""
    parts = [", ".join(paper.authors), f"arXiv {paper.arxiv}" if paper.arxiv else "", paper.abstract]
    plain = [word for word in unaccented(paper.title).split() if word not in paper.title.split()]
    parts.append(" ".join(plain))
    return " · ".join(part for part in parts if part)


def add_to_index(site_dir: Path, docs: list[dict[str, str]]) -> None:
    """Appends `docs` to the index Material's search plugin wrote (search/search_index.json)."""
    path = site_dir / "search" / "search_index.json"
    index: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = [*index.get("docs", []), *docs]
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
