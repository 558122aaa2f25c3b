"""The Hugging Face daily-papers API: `[{"paper": {"id", "title", "summary", "authors", "upvotes"...},
"numComments"}]`. Upvotes and comments are counts of the moment: a later fetch refreshes them."""

from __future__ import annotations

from typing import Any

from paperfeed.formats.listing import Format, Listing, count, make_paper
from paperfeed.model import Links, Paper
from paperfeed.urls import safe_url


def detect(listing: Listing) -> bool:
    if listing.head not in ("[", "{") or '"paper"' not in listing.text:
        return False
    try:
        data = listing.json
    except Exception:
        return False  # malformed JSON: the paper-list format reports it
    return isinstance(data, list) and bool(data) and all(
        isinstance(item, dict) and isinstance(item.get("paper"), dict) for item in data
    )


def parse(listing: Listing) -> list[Paper]:
    papers = []
    for number, item in enumerate(listing.json, start=1):
        paper: dict[str, Any] = item["paper"]
        title = _text(paper.get("title") or item.get("title"))
        with listing.record(title=title, label=f"item {number}"):
            authors = paper.get("authors") or []
            if not isinstance(authors, list):
                raise listing.error("'authors' is not a list")
            papers.append(
                make_paper(
                    listing,
                    title=title,
                    abstract=_text(paper.get("summary") or item.get("summary")),
                    arxiv=_text(paper.get("id")),
                    authors=[_text(a.get("name") if isinstance(a, dict) else a) for a in authors],
                    published=paper.get("publishedAt") or item.get("publishedAt"),
                    links=Links(
                        code=safe_url(paper.get("githubRepo")),
                        project=safe_url(paper.get("projectPage")),
                    ),
                    upvotes=_count(listing, paper, item, "upvotes"),
                    comments=_count(listing, paper, item, "numComments"),
                )
            )
    return papers


def _count(listing: Listing, paper: dict[str, Any], item: dict[str, Any], key: str) -> int | None:
    """A count the API gives on the paper or on its item (numComments is on the item)."""
    value = paper.get(key, item.get(key))
    return None if value is None else count(value, key, listing)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


FORMAT = Format("Hugging Face daily-papers JSON", detect, parse)
