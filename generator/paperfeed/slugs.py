"""Slugs: the one rule for a URL name (a paper's, a topic's, a watch's), and how a paper gets
one: stable, unique and never empty."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from typing import Any

import slugify as _slugify

from paperfeed.model import Paper
from paperfeed.text import text_key

# A new paper's slug: its title's first words, cut at a word within 48 characters. A slug is
# written some 18 times over the site (each list the paper is in, each link to its page); 80, as
# slugs were before, cost 0.5 KB a paper more. A paper keeps the slug it was given: old URLs stay.
MAX_LENGTH = 48
# A slug is a URL path segment: lowercase words of letters and digits joined by hyphens.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RULE = "lowercase words (a-z, 0-9) joined by hyphens"  # what errors say a slug must be


def is_slug(text: str) -> bool:
    return _SLUG.fullmatch(text) is not None


def slugify(text: str, **options: Any) -> str:
    """python-slugify with one transliteration table, text-unidecode (its own dependency), named
    rather than left to 'auto': auto prefers `unidecode` when some other package installed it, so
    slugs would differ between machines, and it retries that failed import on every call (most
    of the author index's time in a large build)."""
    return _slugify.slugify(text, backend="text-unidecode", **options)


def base_slug(title: str) -> str:
    """The slug a title asks for; empty when nothing in it survives (an all-emoji title). A long
    title's is cut at a word, and does not end on a word that leads on ("…-learning-with")."""
    slug = slugify(title, max_length=MAX_LENGTH, word_boundary=True, save_order=True)
    if len(slug) < len(slugify(title)):
        words = slug.split("-")
        while len(words) > 1 and words[-1] in _LEADING_ON:
            words.pop()
        slug = "-".join(words)
    return slug


# fmt: off
_LEADING_ON = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
    "via", "with", "without",
})
# fmt: on


def suffix(paper: Paper) -> str:
    """What tells a paper apart from another with the same slug: its arXiv id, else a title hash."""
    if paper.arxiv:
        return slugify(paper.arxiv)
    return hashlib.sha256(text_key(paper.title).encode() or paper.title.encode()).hexdigest()[:8]


def assign(papers: Iterable[Paper]) -> list[Paper]:
    """Papers with a slug each: slugs already set are kept; new ones avoid every slug taken.

    New slugs are given in a fixed order (added, then title key), so the same store gives the
    same slugs, and a paper keeps its slug once it is written to the store.
    """
    papers = list(papers)
    taken = {p.slug for p in papers if p.slug}
    order = sorted(
        (i for i, p in enumerate(papers) if not p.slug),
        key=lambda i: (papers[i].added or dt.date.min, text_key(papers[i].title), papers[i].arxiv or ""),
    )
    for i in order:
        paper = papers[i]
        slug = base_slug(paper.title)
        if not slug:
            slug = f"paper-{suffix(paper)}"
        elif slug in taken:
            slug = f"{slug}-{suffix(paper)}"
        while slug in taken:  # the same title twice without an id: count up, deterministically
            slug = _next(slug)
        taken.add(slug)
        papers[i] = dataclasses.replace(paper, slug=slug)
    return papers


def _next(slug: str) -> str:
    stem, _, number = slug.rpartition("-")
    return f"{stem}-{int(number) + 1}" if stem and number.isdigit() and len(number) < 3 else f"{slug}-2"
