"""`paperfeed retopic`: published papers' topics decided again by today's rules, when asked.

A paper's topics are decided once, when it is imported, and stored with it: a change of
topics.yml (or of the classifier) applies to new papers only, so no published feed item changes
under its readers. Retopic is the one way to move published papers: it names each paper that
would move, the topics it gains and loses and the feeds whose items change, and with `dry_run`
writes nothing. The curator's own `topics:` still win on the site; what retopic changes is the
classifier's part.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from paperfeed import slugs, urls
from paperfeed.analysis.classify import TopicClassifier
from paperfeed.errors import InputError
from paperfeed.model import Paper
from paperfeed.store import files as store
from paperfeed.store import transaction


@dataclass(frozen=True, slots=True)
class Move:
    """One paper whose topics change."""

    paper: Paper
    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def gained(self) -> tuple[str, ...]:
        return tuple(t for t in self.after if t not in self.before)

    @property
    def lost(self) -> tuple[str, ...]:
        return tuple(t for t in self.before if t not in self.after)

    def describe(self) -> str:
        """'slug: + gained, - lost; feeds: …' (the order of a paper's topics counts: its first
        topic is its page's breadcrumb)."""
        changes = [f"+ {t}" for t in self.gained] + [f"- {t}" for t in self.lost]
        if not changes:
            changes = [f"order {', '.join(self.before)} -> {', '.join(self.after)}"]
        feeds = [urls.topic_feed(t) for t in (*self.gained, *self.lost)]
        shown = "" if self.paper.topics else "; feeds: " + ", ".join([urls.SITE_FEED, *feeds])
        hidden = "; set by hand with topics:, which the site still shows" if self.paper.topics else ""
        return f"{self.paper.slug}: {', '.join(changes)}{shown}{hidden}"


@dataclass(frozen=True, slots=True)
class Retopic:
    considered: int
    moves: list[Move]
    files: list[Path]


def retopic(
    content: Path,
    classifier: TopicClassifier,
    *,
    since: dt.date | None = None,
    chosen: Sequence[str] = (),
    every: bool = False,
    dry_run: bool = False,
    notify: transaction.Notify = print,
) -> Retopic:
    """Decides again the topics of the papers added on or after `since`, of the `chosen` slugs,
    or of `every` paper, and stores them (unless `dry_run`)."""
    if sum((since is not None, bool(chosen), every)) != 1:
        raise InputError("retopic", "say which papers: --since DATE, their slugs, or --all")
    with transaction.locked(content, notify, create=not dry_run):
        papers = slugs.assign(store.load(content))
        known = {p.slug for p in papers}
        if missing := [slug for slug in chosen if slug not in known]:
            raise InputError(content / store.PAPERS, f"no paper has the slug {missing[0]!r}")
        wanted = set(chosen)
        considered, moves, result = 0, [], []
        for paper in papers:
            if every or (since and paper.added and paper.added >= since) or paper.slug in wanted:
                considered += 1
                after = classifier.topics(paper)
                if after != paper.auto_topics or paper.classifier != classifier.version:
                    if after != paper.auto_topics:
                        moves.append(Move(paper, paper.auto_topics, after))
                    paper = dataclasses.replace(paper, auto_topics=after, classifier=classifier.version)
            result.append(paper)
        changed = {p.added for p, old in zip(result, papers, strict=True) if p != old and p.added}
        files = [] if dry_run or not changed else store.save(content, result, changed)
    return Retopic(considered, moves, files)
