"""The digest: every paper with its topics, the lists it is in, and what the pages say of it, made
in one place (`build_digest`) from what the content folder holds (`load_digest`)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from paperfeed import rules, slugs
from paperfeed.analysis import authors, bibtex, lists, similar
from paperfeed.analysis.classify import Classification, classification
from paperfeed.analysis.learned import TopicModel, load_model
from paperfeed.analysis.lists import Collection
from paperfeed.analysis.taxonomy import TOPICS_FILE, Taxonomy, check_topics, load_taxonomy
from paperfeed.analysis.watches import WATCHES_FILE, Watch, load_watches
from paperfeed.errors import InputError
from paperfeed.model import Entry, Paper
from paperfeed.store import files as store
from paperfeed.store import health as store_health
from paperfeed.store import transaction
from paperfeed.store.health import Health

Timer = Callable[[str], contextlib.AbstractContextManager[object]]
NO_RECORD = Health()  # a store no fetch has written to


@dataclass(frozen=True, slots=True)
class Digest:
    taxonomy: Taxonomy
    by_date: tuple[Entry, ...]  # newest publication first; papers without a known date last
    by_added: tuple[Entry, ...]  # newest addition first (lists.newest_added_first)
    everything: Collection  # the whole digest, for the site feed
    topics: tuple[Collection, ...]  # one per topic, in the taxonomy's order
    watches: tuple[Collection, ...]  # one per watch of watches.yml
    days: tuple[Collection, ...]  # one per day papers were added, newest first
    months: tuple[Collection, ...]  # by month of publication, newest first
    undated: tuple[Collection, ...]  # papers without a publication date, by month added
    authors: authors.AuthorIndex
    similar: dict[str, tuple[Entry, ...]]  # by slug, most similar first
    terms: dict[str, tuple[tuple[str, float], ...]]  # by slug: its strongest terms, strongest first
    bibtex: dict[str, str]  # BibTeX entry by slug
    why: dict[str, Classification]  # by slug: what earned its topics
    health: Health = NO_RECORD  # how each source of `paperfeed fetch` has fared (content/health.yml)

    @property
    def size(self) -> int:
        return len(self.by_date)

    def topic(self, slug: str) -> Collection:
        return next(c for c in self.topics if c.key == slug)


def load_digest(
    content: Path,
    *,
    neighbours: int = 5,
    notify: transaction.Notify = lambda _: None,
    timer: Timer = lambda _: contextlib.nullcontext(),
) -> Digest:
    """The digest of a content folder, validated; InputError names a bad file."""
    with timer("load"):
        # Read under the store's lock: never half of an import that is being written, and one
        # that was interrupted is finished or undone first.
        with transaction.locked(content, notify):
            papers = slugs.assign(store.load(content, cached=True))
            record = store_health.load(content)
        taxonomy = load_taxonomy(content / TOPICS_FILE)
        model = load_model(content)
        watch_list = load_watches(content / WATCHES_FILE)
    for slug, _ in rules.duplicate_slugs(papers):  # a page each: the second would replace the first
        raise InputError(content / store.PAPERS, f"two papers have the slug {slug!r} (see `paperfeed check`)")
    if problems := check_topics(papers, taxonomy):  # a paper's own topics name no topic of the taxonomy
        raise InputError(content / store.PAPERS, problems[0])
    return build_digest(
        papers, taxonomy, watch_list, neighbours=neighbours, timer=timer, health=record, model=model
    )


def build_digest(
    papers: list[Paper],
    taxonomy: Taxonomy,
    watch_list: tuple[Watch, ...] = (),
    *,
    neighbours: int = 5,
    timer: Timer = lambda _: contextlib.nullcontext(),
    health: Health = NO_RECORD,
    model: TopicModel | None = None,
) -> Digest:
    """Every paper's topics and lists, similar papers, citations and authors. A paper's topics are
    those stored with it; the `model` decides with the rules only for a paper written to the store
    by hand without them (as an import would have)."""
    with timer("classify"):
        # The hits of the topics shown, for the paper pages' "why": from the same call that chose them.
        why = {p.slug or "": classification(p, taxonomy, everything=False, model=model) for p in papers}
        entries = [Entry(p, why[p.slug or ""].topics) for p in papers]
        by_date = tuple(sorted(entries, key=lists.newest_first))
        by_added = tuple(sorted(entries, key=lists.newest_added_first))
    with timer("lists"):
        months, undated = lists.months(by_date)
        topics = lists.topics(taxonomy, by_added)
        watches = lists.watches(watch_list, by_added)
        days = lists.days(by_added)
    with timer("authors, citations"):
        author_index = authors.index(by_date)
        citations = bibtex.entries_by_slug(by_date)
    with timer("similar"):
        text = similar.analyse([e.paper for e in by_date], [e.topics for e in by_date], neighbours=neighbours)
    return Digest(
        taxonomy=taxonomy,
        by_date=by_date,
        by_added=by_added,
        everything=lists.everything(by_added),
        topics=topics,
        watches=watches,
        days=days,
        months=months,
        undated=undated,
        authors=author_index,
        similar={e.slug: tuple(by_date[j] for j in text.similar[i]) for i, e in enumerate(by_date)},
        terms={e.slug: text.terms[i] for i, e in enumerate(by_date)},
        bibtex=citations,
        why=why,
        health=health,
    )
