"""`paperfeed migrate`: a store written by an earlier paperfeed brought to today's form, in one step.

Today's store holds final text (cleaned once, shown as stored) and each paper's topics as they
were decided when it arrived (`auto_topics`, with the classifier's `classifier`). A store from
before either held text that every read cleaned again, and no topics: the build worked them out
on every run. Migrating cleans each text once more, now for good, and stores for each paper the
topics the site shows now, so that no published paper changes topic (a later change of rules
applies to new papers, or to those `paperfeed retopic` is asked to move).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from paperfeed.analysis.classify import TopicClassifier
from paperfeed.model import Links, Paper
from paperfeed.store import files as store
from paperfeed.store import transaction
from paperfeed.text import clean


@dataclass(frozen=True, slots=True)
class Migration:
    papers: int  # read
    text: int  # whose text was not final
    topics: int  # that had no topics of their own stored
    files: list[Path]  # written (none on a dry run)

    def summary(self) -> str:
        return (
            f"{self.papers} papers: {self.text} with text made final, {self.topics} with their topics "
            f"stored; {len(self.files)} store file{'' if len(self.files) == 1 else 's'} rewritten"
        )


def pending(papers: list[Paper]) -> tuple[int, int]:
    """How many papers a migration would change: (text not final, topics not stored)."""
    return sum(1 for p in papers if final_text(p) != p), sum(1 for p in papers if not p.auto_topics)


def migrate(
    content: Path, classifier: TopicClassifier, *, dry_run: bool = False, notify: transaction.Notify = print
) -> Migration:
    with transaction.locked(content, notify, create=not dry_run):
        stored = store.load(content)
        papers, text, topics = [], 0, 0
        for paper in stored:
            final = final_text(paper)
            text += final != paper
            if not final.auto_topics:
                # What the site shows now: the curator's topics aside, the rules' as they stand.
                shown = classifier.topics(final)
                final = dataclasses.replace(final, auto_topics=shown, classifier=classifier.version)
                topics += 1
            papers.append(final)
        changed = {p.added for p, old in zip(papers, stored, strict=True) if p != old and p.added}
        files = [] if dry_run or not changed else store.save(content, papers, changed)
    return Migration(len(stored), text, topics, files)


def final_text(paper: Paper) -> Paper:
    """The paper with every text cleaned once more (the same paper when its text is final)."""

    def names(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(name for name in map(clean, values) if name)

    return dataclasses.replace(
        paper,
        title=clean(paper.title) or paper.title,
        abstract=clean(paper.abstract),
        authors=names(paper.authors),
        categories=names(paper.categories),
        links=Links(**paper.links.as_dict()),
    )
