"""The digest: every paper with its topics, and the orders the pages and feeds list them in."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from paperfeed.analysis.authors import AuthorIndex
from paperfeed.analysis.similar import analyse
from paperfeed.analysis.topics import Classification, Taxonomy, classification
from paperfeed.analysis.watches import Watch
from paperfeed.model import DateSource, Entry, Paper


@dataclass(frozen=True, slots=True)
class Digest:
    taxonomy: Taxonomy
    by_date: tuple[Entry, ...]  # newest publication first; papers without a known date last
    by_added: tuple[Entry, ...]  # newest addition first
    by_topic: dict[str, tuple[Entry, ...]] = field(default_factory=dict)  # newest first
    similar: dict[str, tuple[Entry, ...]] = field(default_factory=dict)  # by slug, most similar first
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by slug, most distinctive first
    bibtex: dict[str, str] = field(default_factory=dict)  # BibTeX entry by slug
    authors: AuthorIndex = field(default_factory=AuthorIndex)
    watches: tuple[tuple[Watch, tuple[Entry, ...]], ...] = ()  # each with its papers, newest first
    why: dict[str, Classification] = field(default_factory=dict)  # by slug: what earned its topics

    @property
    def size(self) -> int:
        return len(self.by_date)


def with_text_index(digest: Digest, neighbours: int) -> Digest:
    """The digest with similar papers and keywords worked out from the text of every paper."""
    entries = digest.by_date
    index = analyse([e.paper for e in entries], neighbours=neighbours)
    return dataclasses.replace(
        digest,
        similar={
            e.slug: tuple(entries[j] for j in near) for e, near in zip(entries, index.similar, strict=True)
        },
        keywords={e.slug: words for e, words in zip(entries, index.keywords, strict=True)},
    )


def make_digest(papers: list[Paper], taxonomy: Taxonomy) -> Digest:
    # The hits of the topics shown, for the paper pages' "why": from the same call that chose them.
    classified = [(p, classification(p, taxonomy, everything=False)) for p in papers]
    entries = [Entry(p, c.topics) for p, c in classified]
    by_date = tuple(sorted(entries, key=newest_first))
    by_added = tuple(sorted(entries, key=lambda e: (_neg(e.added), *newest_first(e))))
    topics: dict[str, list[Entry]] = defaultdict(list)
    for entry in by_date:
        for slug in entry.topics:
            topics[slug].append(entry)
    return Digest(
        taxonomy=taxonomy,
        by_date=by_date,
        by_added=by_added,
        by_topic={t.slug: tuple(topics.get(t.slug, ())) for t in taxonomy.topics},
        why={p.slug: c for p, c in classified if p.slug},
    )


def newest_first(entry: Entry) -> tuple[bool, int, int, str]:
    """Newest publication first, then newest addition, then slug: a total, stable order. Papers
    whose publication date is not known come after every dated one: a listing's day is only
    when the paper was seen, and must not put it ahead of papers published since."""
    known = dated(entry)
    return (not known, _neg(entry.date) if known else 0, _neg(entry.added), entry.slug)


def dated(entry: Entry) -> bool:
    """Whether the paper's publication date is known, at least its month (a listing's day, a
    placeholder until a real date arrives, is not)."""
    return entry.paper.date_source != DateSource.LISTING


def day_known(entry: Entry) -> bool:
    """Whether the paper's publication day is known (an arXiv id alone gives only the month)."""
    return entry.paper.date_source == DateSource.PUBLISHED


def _neg(day: dt.date) -> int:
    return -day.toordinal()
