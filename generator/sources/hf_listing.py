"""The Hugging Face papers page copied as text: page chrome, then title and abstract lines.

Copies come in many shapes: blank lines or none, CRLF, stray spaces, abstracts wrapped over
several lines, an abstract cut off without its final period. A line starts a new paper when it
reads like a title and either the text before it ended a sentence and it reads like a heading,
or a whole abstract follows it; everything else continues the current abstract.
"""

from __future__ import annotations

import re

from ..model import Paper
from .listing import Format, Listing, make_paper

_CHROME = re.compile(r"^(?:Get trending papers in your email inbox.*|Subscribe)$", re.IGNORECASE)
_SUBSCRIBE = re.compile(r"^Subscribe(?=[A-Z0-9$\\])")
_SENTENCE_END = re.compile(r"""(?:[.!?]["')\]]?|https?://\S+)$""")
_MAX_TITLE = 300
_WHOLE_ABSTRACT = 300  # a line this long is an abstract on one line, not a wrapped fragment


def detect(listing: Listing) -> bool:
    return True  # the fallback: plain text that no structured format claimed


def parse(listing: Listing) -> list[Paper]:
    lines = [
        (number, line.strip())
        for number, line in enumerate(listing.text.split("\n"), start=1)
        if line.strip() and not _CHROME.match(line.strip())
    ]
    records: list[tuple[int, str, list[str]]] = []  # (line, title, abstract lines)
    for index, (number, line) in enumerate(lines):
        if not records:
            line = _SUBSCRIBE.sub("", line)
            records.append((number, line, []))
            continue
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        abstract = records[-1][2]
        if abstract and _starts_paper(line, abstract[-1], following):
            records.append((number, line, []))
        else:
            abstract.append(line)
    papers = []
    for number, title, abstract in records:
        if not _is_title(title):
            raise listing.error(f"expected a paper title, found prose: {title[:60]!r}", number)
        if not abstract:
            raise listing.error(f"the paper {title[:60]!r} has no abstract", number)
        papers.append(make_paper(listing, title=title, abstract=" ".join(abstract), line=number))
    return papers


def _starts_paper(line: str, previous: str, following: str) -> bool:
    if not _is_title(line):
        return False
    if len(following) >= _WHOLE_ABSTRACT and not _is_title(following):
        return True
    return bool(_SENTENCE_END.search(previous)) and (":" in line or _capitalized(line) >= 0.5)


def _capitalized(line: str) -> float:
    """The share of words that start with a capital or digit, as in most titles."""
    words = [w for w in line.split() if w[:1].isalnum()]
    return sum(1 for w in words if not w[:1].islower()) / len(words) if words else 0.0


def _is_title(line: str) -> bool:
    return (
        len(line) <= _MAX_TITLE
        and not line.endswith(".")
        and not line[:1].islower()
        and len(line.split()) <= 40
    )


FORMAT = Format("Hugging Face papers listing", detect, parse)
