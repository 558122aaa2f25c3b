"""URLs: the one place that builds links to arXiv and Hugging Face and vets links from content."""

from __future__ import annotations

import re
from urllib.parse import quote_plus

# Only plain http(s) URLs reach a page or feed: no javascript:, data:, quotes or spaces.
_SAFE = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s<>\"'`\\{}|^]*)?", re.IGNORECASE)


def safe_url(value: object) -> str | None:
    """`value` when it is a plain http(s) URL, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if _SAFE.fullmatch(value) else None


def arxiv_abs(arxiv: str) -> str:
    return f"https://arxiv.org/abs/{arxiv}"


def arxiv_pdf(arxiv: str) -> str:
    return f"https://arxiv.org/pdf/{arxiv}"


def hf_paper(arxiv: str) -> str:
    return f"https://huggingface.co/papers/{arxiv}"


def arxiv_title_search(title: str) -> str:
    return f"https://arxiv.org/search/?searchtype=title&query={quote_plus(title)}"
