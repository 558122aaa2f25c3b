"""The site's search entries: one per paper (title, authors, distinctive words) and per topic.

Material's search plugin would index every paper page in full: every abstract grows the index
every reader downloads, and parsing every page's HTML costs build time. Instead the generator gives the index
what a reader searches by, and paper pages are left out of the plugin's own pass.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.site.settings import SiteConfig


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
        words = " ".join(digest.keywords.get(entry.slug, ()))
        docs.append(
            {
                "location": location(urls.paper_page(entry.slug)),
                "title": html.escape(entry.paper.title),
                "text": html.escape(" · ".join(t for t in (", ".join(entry.paper.authors), words) if t)),
            }
        )
    return docs


def add_to_index(site_dir: Path, docs: list[dict[str, str]]) -> None:
    """Appends `docs` to the index Material's search plugin wrote (search/search_index.json)."""
    path = site_dir / "search" / "search_index.json"
    index: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = [*index.get("docs", []), *docs]
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
