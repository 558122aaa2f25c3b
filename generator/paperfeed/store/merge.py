"""Merging papers into the store's list: idempotent, gap-filling, never erasing a known fact.

A paper is the same paper when its versionless arXiv id matches, else when its title key does
(a paper known by title gains its id when one arrives). `added` is set once, on arrival. The one
kind of fact a later listing replaces is a count of the moment (upvotes, comments): the newest
count wins, and the paper's page and feed item keep their address.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from paperfeed.errors import RecordWarning, quote
from paperfeed.model import Paper
from paperfeed.text import text_key


@dataclass(slots=True)
class MergeReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    skipped: list[RecordWarning] = field(default_factory=list)  # by the import, at their arrival

    def summary(self) -> str:
        return f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"


def merge(
    stored: Iterable[Paper], incoming: Iterable[tuple[str, Paper]]
) -> tuple[list[Paper], MergeReport]:
    """The store's papers with `incoming` (origin, paper) merged in, and what changed.

    A new paper keeps the `added` date it arrives with; a known paper's never changes.
    """
    papers = list(stored)
    by_id = {p.arxiv: i for i, p in enumerate(papers) if p.arxiv}
    by_title: dict[str, list[int]] = {}
    for i, p in enumerate(papers):
        by_title.setdefault(text_key(p.title), []).append(i)
    before = len(papers)
    touched: dict[int, bool] = {}  # stored index -> changed
    report = MergeReport()

    for origin, paper in incoming:
        key = text_key(paper.title)
        index = _match(paper, key, papers, by_id, by_title)
        if index is None:
            papers.append(paper)
            index = len(papers) - 1
            by_title.setdefault(key, []).append(index)
        else:
            merged, conflict = combine(papers[index], paper)
            if conflict:
                report.conflicts.append(f"{origin}: {quote(papers[index].title, 70)}: {conflict}")
            if merged != papers[index]:
                papers[index] = merged
                touched[index] = True
            else:
                touched.setdefault(index, False)
        if arxiv := papers[index].arxiv:
            by_id[arxiv] = index

    report.new = len(papers) - before
    report.updated = sum(1 for i, changed in touched.items() if changed and i < before)
    report.unchanged = sum(1 for i, changed in touched.items() if not changed and i < before)
    return papers, report


def combine(known: Paper, new: Paper) -> tuple[Paper, str | None]:
    """`known` with its gaps filled from `new`, and a note when the two disagree on the abstract."""
    conflict = None
    if known.abstract and new.abstract and text_key(known.abstract) != text_key(new.abstract):
        conflict = "abstract differs from the stored one; kept the stored text"
    better_date = new.date is not None and (
        known.date is None or new.date_source > known.date_source
    )
    return (
        dataclasses.replace(
            known,
            abstract=known.abstract or new.abstract,
            arxiv=known.arxiv or new.arxiv,
            authors=known.authors or new.authors,
            date=new.date if better_date else known.date,
            date_source=new.date_source if better_date else known.date_source,
            links=known.links.merged(new.links),
            categories=known.categories or new.categories,
            topics=known.topics or new.topics,
            upvotes=known.upvotes if new.upvotes is None else new.upvotes,
            comments=known.comments if new.comments is None else new.comments,
        ),
        conflict,
    )


def _match(
    paper: Paper,
    key: str,
    papers: list[Paper],
    by_id: dict[str, int],
    by_title: dict[str, list[int]],
) -> int | None:
    if paper.arxiv and paper.arxiv in by_id:
        return by_id[paper.arxiv]
    for index in by_title.get(key, ()):
        other = papers[index].arxiv
        if other is None or paper.arxiv is None or other == paper.arxiv:
            return index
    return None
