"""Importing: listings merged into the store as one all-or-nothing step (import and fetch)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from paperfeed import rules, slugs
from paperfeed.analysis.topics import TOPICS_FILE, load_taxonomy
from paperfeed.errors import InputError
from paperfeed.model import Paper
from paperfeed.store import files as store
from paperfeed.store import merge, transaction


def import_papers(
    content: Path,
    incoming: Iterable[tuple[str, Paper]],
    *,
    added: dt.date | None,
    today: dt.date,
    dry_run: bool = False,
    notify: transaction.Notify = lambda _: None,
) -> merge.MergeReport:
    """Merges (origin, paper) pairs into the store and writes the files that change.

    New papers arrive on `added`, else on the date their record gives, else `today`. Nothing is
    written when `dry_run` is set or when reading the store fails. The store is locked from
    reading to writing, so two imports at once both land whole; `notify` hears of waiting and of
    an interrupted import finished or undone.
    """
    incoming = list(incoming)
    with transaction.locked(content, notify, create=not dry_run):  # a dry run creates nothing
        stored = store.load(content)
        _refuse_unknown_topics(content, incoming)
        arriving = [
            (origin, dataclasses.replace(p, added=added or p.added or today)) for origin, p in incoming
        ]
        for origin, paper in arriving:  # the rules the listing's own fields passed, now with `added`
            if problem := rules.paper_problem(paper):
                raise InputError(origin, f"{paper.title[:60]!r}: {problem}")
        merged, report = merge.merge(stored, arriving)
        merged = slugs.assign(merged)
        _refuse_shared_slugs(content, merged, arriving)
        changed = [p for i, p in enumerate(merged) if i >= len(stored) or p != stored[i]]
        if changed and not dry_run:
            store.save(content, merged, {p.added for p in changed if p.added})
    return report


def _refuse_shared_slugs(content: Path, merged: list[Paper], arriving: list[tuple[str, Paper]]) -> None:
    """A slug is a page's URL: two papers with one slug would lose one page."""
    for slug, group in rules.duplicate_slugs(merged):
        origin = next((o for o, p in arriving if p.slug == slug), str(content / store.PAPERS))
        titles = " and ".join(repr(p.title[:40]) for p in group[:2])
        raise InputError(origin, f"{titles} both have the slug {slug!r}: give one another slug")


def _refuse_unknown_topics(content: Path, incoming: list[tuple[str, Paper]]) -> None:
    """A paper's own topics must be in the taxonomy: else the store would no longer build."""
    if not any(p.topics for _, p in incoming) or not (content / TOPICS_FILE).exists():
        return
    taxonomy = load_taxonomy(content / TOPICS_FILE)
    for origin, paper in incoming:
        for slug in paper.topics:
            if taxonomy.get(slug) is None:
                raise InputError(
                    origin, f"{paper.title[:60]!r}: topic {slug!r} is not in {content / TOPICS_FILE}"
                )
