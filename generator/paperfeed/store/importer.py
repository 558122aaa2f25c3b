"""Importing: listings merged into the store as one all-or-nothing step (import and fetch).

The store knows nothing of topics: the command that imports passes in a `Classifier` (the
taxonomy and the classifier of analysis/), which says which topic slugs exist and decides the
topics of each new paper, once, when it arrives (stored as `auto_topics` with the classifier's
version, so that a later change of rules moves no published paper).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from paperfeed import rules, slugs
from paperfeed.errors import InputError, RecordWarning, quote
from paperfeed.model import Paper
from paperfeed.store import files as store
from paperfeed.store import merge, transaction


class Classifier(Protocol):
    """What an import needs of the taxonomy and its classifier."""

    where: str  # the taxonomy's file, for errors
    version: str  # stored beside the topics it decides

    def knows(self, topic: str) -> bool: ...

    def topics(self, paper: Paper) -> tuple[str, ...]: ...


def import_papers(
    content: Path,
    incoming: Iterable[tuple[str, Paper]],
    *,
    added: dt.date | None,
    today: dt.date,
    now: dt.datetime | None = None,
    classifier: Classifier | None = None,
    dry_run: bool = False,
    strict: bool = False,
    notify: transaction.Notify = lambda _: None,
    also: Callable[[], list[tuple[Path, bytes]]] | None = None,
) -> merge.MergeReport:
    """Merges (origin, paper) pairs into the store and writes the files that change.

    New papers arrive on `added`, else on the date their record gives, else `today`; those that
    arrive on the day of `now` (UTC) keep its time as the moment they were added. A paper that
    its arrival makes break a rule (dated after it was added) is skipped, and the report says
    so; with `strict`, it refuses the import. Nothing is written when `dry_run` is set or when
    reading the store fails. The store is locked from reading to writing, so two imports at once
    both land whole; `notify` hears of waiting and of an interrupted import finished or undone.
    `also` gives, under the lock, more files of content/ to write in the same step (fetch's record
    of content/health.yml).
    """
    incoming = list(incoming)
    with transaction.locked(content, notify, create=not dry_run):  # a dry run creates nothing
        stored = store.load(content)
        if classifier is not None:
            _refuse_unknown_topics(classifier, incoming)
        arriving, skipped = [], []
        for origin, paper in incoming:  # the rules the listing's own fields passed, now with `added`
            paper = _arrived(paper, added or paper.added or today, now)
            if problem := rules.paper_problem(paper):
                warning = RecordWarning(origin, None, f"{quote(paper.title)}: {problem}", skipped=True)
                if strict:
                    raise warning.refusal()
                skipped.append(warning)
            else:
                arriving.append((origin, paper))
        merged, report = merge.merge(stored, arriving)
        report.skipped = skipped
        merged = slugs.assign(merged)
        if classifier is not None:  # the new papers' topics, decided once
            merged[len(stored) :] = [_classified(p, classifier) for p in merged[len(stored) :]]
        _refuse_shared_slugs(content, merged, arriving)
        changed = [p for i, p in enumerate(merged) if i >= len(stored) or p != stored[i]]
        if not dry_run:
            store.save(content, merged, {p.added for p in changed if p.added}, also=also() if also else ())
    return report


def _arrived(paper: Paper, day: dt.date, now: dt.datetime | None) -> Paper:
    time = now.time().replace(microsecond=0) if now is not None and now.date() == day else None
    return dataclasses.replace(paper, added=day, added_time=paper.added_time or time)


def _classified(paper: Paper, classifier: Classifier) -> Paper:
    return dataclasses.replace(paper, auto_topics=classifier.topics(paper), classifier=classifier.version)


def _refuse_shared_slugs(content: Path, merged: list[Paper], arriving: list[tuple[str, Paper]]) -> None:
    """A slug is a page's URL: two papers with one slug would lose one page."""
    for slug, group in rules.duplicate_slugs(merged):
        origin = next((o for o, p in arriving if p.slug == slug), str(content / store.PAPERS))
        titles = " and ".join(quote(p.title, 40) for p in group[:2])
        raise InputError(origin, f"{titles} both have the slug {slug!r}: give one another slug")


def _refuse_unknown_topics(classifier: Classifier, incoming: list[tuple[str, Paper]]) -> None:
    """A paper's own topics must be in the taxonomy: else the store would no longer build."""
    for origin, paper in incoming:
        for slug in paper.topics:
            if not classifier.knows(slug):
                raise InputError(origin, f"{quote(paper.title)}: topic {slug!r} is not in {classifier.where}")
