"""The topic taxonomy: content/topics.yml read into topics, their rules and the scoring.

The file is read by the kinds its fields are annotated with (see schema.py), so every mistake is
reported with its file, line and key; content/topics.yml documents the rules for curators. What
the rules make of a paper is matcher.py's and classify.py's.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import yaml

from paperfeed.analysis.matcher import phrase_words
from paperfeed.errors import InputError, describe, listed_twice, must_be, needs_one, quote
from paperfeed.model import Paper
from paperfeed.schema import (
    At,
    Fields,
    Int,
    Kind,
    ListOf,
    Number,
    OneLine,
    Phrase,
    Reader,
    Section,
    Slug,
    read_nodes,
)

MAX_TOPICS = 3  # every paper shows 1 to 3 topics

TOPICS_FILE = "topics.yml"  # the taxonomy, in the content folder


@dataclass(frozen=True, slots=True)
class Scoring:
    """How phrase weights add up to a paper's topics (see content/topics.yml)."""

    # a phrase in the title counts this many times its weight
    title_weight: Annotated[float, Number(above=0)] = 3.0
    # repeats of one phrase in the abstract count up to this many times
    repeat_cap: Annotated[int, Int(1)] = 3
    # the first topic needs this score, else the paper gets the fallback
    min_score: Annotated[float, Number(above=0)] = 2.0
    # topics after the first need this score...
    secondary_min_score: Annotated[float, Number(above=0)] = 4.0
    # ...and this fraction of the best score
    secondary_ratio: Annotated[float, Number(above=0, most=1)] = 0.25
    max_topics: Annotated[int, Int(1, MAX_TOPICS)] = MAX_TOPICS


@dataclass(frozen=True, slots=True)
class Topic:
    slug: Annotated[str, Slug()]
    name: Annotated[str, OneLine()]
    description: Annotated[str, OneLine()]
    # (phrase, weight), in title and abstract
    phrases: Annotated[tuple[tuple[str, float], ...], _Weights(nonempty=True)]
    # (phrase, weight), in the title only
    title_phrases: Annotated[tuple[tuple[str, float], ...], _Weights()] = ()
    # text inside these never counts for the topic
    negative: Annotated[tuple[str, ...], ListOf(_PHRASE)] = ()
    # (arXiv category or archive, weight): "cs.RO", or "q-bio" for every q-bio category
    categories: Annotated[tuple[tuple[str, float], ...], _Categories()] = ()


# eq=False: a taxonomy is compared (and cached, classify.py) by identity.
@dataclass(frozen=True, slots=True, eq=False)
class Taxonomy:
    # in file order, which is the display order
    topics: Annotated[tuple[Topic, ...], ListOf(_TOPIC, noun="topic", nonempty=True, unique="slug")]
    # the topic of papers no rule matches; None means the first topic
    fallback: Annotated[str | None, Slug()] = None
    scoring: Annotated[Scoring, Section(Scoring)] = Scoring()
    _by_slug: dict[str, Topic] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_slug", {topic.slug: topic for topic in self.topics})

    def get(self, slug: str) -> Topic | None:
        return self._by_slug.get(slug)

    @property
    def fallback_topic(self) -> str:
        """The topic of papers no rule matches: `fallback`, else the first topic."""
        return self.fallback or self.topics[0].slug


def check_topics(papers: Iterable[Paper], taxonomy: Taxonomy) -> list[str]:
    """Problems with the topics papers were given by hand, one line each naming the paper."""
    slugs = [t.slug for t in taxonomy.topics]
    problems = []
    for paper in papers:
        if not paper.topics:
            continue
        title = quote(paper.title)
        for slug, times in Counter(paper.topics).items():
            if taxonomy.get(slug) is None:
                close = difflib.get_close_matches(slug, slugs, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(f"paper {title} has topic {slug!r}, which is not in the taxonomy{hint}")
            elif times > 1:
                problems.append(f"paper {title} lists topic {slug!r} {times} times")
        if (number := len(set(paper.topics))) > MAX_TOPICS:
            problems.append(f"paper {title} has {number} topics; at most {MAX_TOPICS} are shown")
    return problems


def load_taxonomy(path: Path) -> Taxonomy:
    """The taxonomy in `path`, validated; InputError names the key and line of a bad entry."""
    try:
        root = read_nodes(path)
    except FileNotFoundError:
        raise InputError(path, "missing: the topic taxonomy every build needs") from None
    return Reader(path).read(_TAXONOMY, root)


class _Weights(Kind[tuple[tuple[str, float], ...]]):
    """Phrases mapped to their weights; two phrases with the same words are an error."""

    expected = "a mapping of phrases to weights, as in 'policy gradient: 3'"

    def __init__(self, *, nonempty: bool = False) -> None:
        self.nonempty = nonempty

    def read(self, reader: Reader, node: yaml.Node, at: At) -> tuple[tuple[str, float], ...]:
        pairs = reader.pairs(self, node, at)
        if self.nonempty and not pairs:
            raise reader.error(needs_one(at.subject), node, at.place)
        result: list[tuple[str, float]] = []
        seen: set[tuple[bytes, ...]] = set()
        for number, (key_node, value_node) in enumerate(pairs, start=1):
            phrase = _PHRASE.read(reader, key_node, at.item(number, ""))
            if phrase_words(phrase) in seen:
                raise reader.error(listed_twice(at.subject, phrase), key_node, at.place)
            seen.add(phrase_words(phrase))
            weight_at = At(at.place, f"the weight of {phrase!r} in {at.subject}", "")
            result.append((phrase, _WEIGHT.read(reader, value_node, weight_at)))
        return tuple(result)


class _Categories(Kind[tuple[tuple[str, float], ...]]):
    """arXiv categories ("cs.RO") or archives ("q-bio") mapped to their weights."""

    expected = "a mapping of arXiv categories to weights, as in 'cs.RO: 3'"
    _FORM = re.compile(r"[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[A-Za-z]+)*)?")

    def read(self, reader: Reader, node: yaml.Node, at: At) -> tuple[tuple[str, float], ...]:
        result: list[tuple[str, float]] = []
        for number, (key_node, value_node) in enumerate(reader.pairs(self, node, at), start=1):
            category = reader.scalar(key_node)
            if not isinstance(category, str) or not self._FORM.fullmatch(category):
                what = "an arXiv category such as 'cs.RO' or an archive such as 'q-bio'"
                raise reader.error(
                    must_be(f"{at.subject} entry {number}", what, describe(category)), key_node, at.place
                )
            if category.lower() in {c.lower() for c, _ in result}:
                raise reader.error(listed_twice(at.subject, category), key_node, at.place)
            weight_at = At(at.place, f"the weight of {category!r} in {at.subject}", "")
            result.append((category, _WEIGHT.read(reader, value_node, weight_at)))
        return tuple(result)


def _check_topic(topic: Fields) -> None:
    """A negative phrase cannot be one of the topic's phrases too."""
    phrases = (*topic.values["phrases"], *topic.values.get("title_phrases", ()))
    positive = {phrase_words(phrase) for phrase, _ in phrases}
    negative = topic.nodes.get("negative")
    nodes = negative.value if isinstance(negative, yaml.SequenceNode) else []
    for phrase, node in zip(topic.values.get("negative", ()), nodes, strict=True):
        if phrase_words(phrase) in positive:
            raise topic.error(f"{phrase!r} is both a phrase and a negative phrase", node)


def _check_taxonomy(taxonomy: Fields) -> None:
    """The fallback is one of the topics."""
    fallback = taxonomy.values.get("fallback")
    if fallback is not None and fallback not in {t.slug for t in taxonomy.values["topics"]}:
        message = must_be("'fallback'", "the slug of a topic", describe(fallback))
        raise taxonomy.error(message, taxonomy.nodes["fallback"])


_PHRASE = Phrase(phrase_words)
_WEIGHT = Number(above=0)
_TOPIC = Section(Topic, label="slug", check=_check_topic)
_TAXONOMY = Section(Taxonomy, check=_check_taxonomy)
