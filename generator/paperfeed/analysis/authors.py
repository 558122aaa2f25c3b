"""Authors: every author and how many papers they wrote, grouped into index pages by the first
letter of the family name. Which papers, a search finds (paperfeed-search.js, `author:NAME`):
an index repeating every paper under each of its authors took a kilobyte a paper."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from paperfeed.model import Entry
from paperfeed.slugs import slugify

PER_PAGE = 2_000  # authors per index page; a busy letter continues on a second page


@dataclass(frozen=True, slots=True)
class Author:
    anchor: str  # the slug of the name: one person across spellings that only differ in accents
    name: str
    papers: int


@dataclass(frozen=True, slots=True)
class AuthorIndex:
    pages: dict[str, tuple[Author, ...]] = field(default_factory=dict)  # "a", "a-2", "other"…
    page_of: dict[str, str] = field(default_factory=dict)  # anchor -> page name


@functools.cache  # a name recurs on every paper of its author
def anchor(name: str) -> str:
    return slugify(name) or "author"


def family(name: str) -> str:
    """The family name's slug: the last word of the name's slug ("hanping-zhang" -> "zhang")."""
    return anchor(name).rsplit("-", 1)[-1]


def family_initial(name: str) -> str:
    initial = family(name)[:1]
    return initial if initial.isalpha() else "other"


def index(entries: Iterable[Entry]) -> AuthorIndex:
    papers: dict[str, list[Entry]] = defaultdict(list)
    names: dict[str, str] = {}
    for entry in entries:  # newest first
        for name in dict.fromkeys(entry.paper.authors):
            key = anchor(name)
            names.setdefault(key, name)
            if not papers[key] or papers[key][-1] is not entry:
                papers[key].append(entry)
    by_letter: dict[str, list[Author]] = defaultdict(list)
    for key in sorted(papers, key=lambda k: (sort_name(names[k]), k)):
        by_letter[family_initial(names[key])].append(Author(key, names[key], len(papers[key])))
    pages: dict[str, tuple[Author, ...]] = {}
    page_of: dict[str, str] = {}
    for letter in sorted(by_letter):
        authors = by_letter[letter]
        for start in range(0, len(authors), PER_PAGE):
            name = letter if start == 0 else f"{letter}-{start // PER_PAGE + 1}"
            pages[name] = tuple(authors[start : start + PER_PAGE])
            page_of.update((a.anchor, name) for a in pages[name])
    return AuthorIndex(pages, page_of)


def sort_name(name: str) -> str:
    """The name as the index sorts it: its slug's family name first ("hanping-zhang" -> "zhang hanping")."""
    parts = anchor(name).split("-")
    return " ".join(parts[-1:] + parts[:-1])
