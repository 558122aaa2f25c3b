"""Topics: the taxonomy in content/topics.yml, and the rules that give every paper 1 to 3 of them.

A topic scores the phrases it lists wherever they occur in a paper's title and abstract, as whole
words. The best topic comes first; others follow if they score close enough to it; a paper no
topic scores on gets the taxonomy's fallback topic; topics set by hand on a paper win over all of
it. content/topics.yml documents the rules for curators.

Matching is a walk over a trie of words rather than a regular expression: Python's regex engine
costs tens of nanoseconds per character on a large alternation, too slow for 100,000 abstracts.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, count
from pathlib import Path
from typing import Annotated, Any

import yaml

from paperfeed.errors import InputError, describe, listed_twice, must_be, needs_one
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

# The taxonomy is read from topics.yml by the kinds its fields are annotated with (see schema.py).


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


@dataclass(frozen=True, slots=True)
class Taxonomy:
    # in file order, which is the display order
    topics: Annotated[tuple[Topic, ...], ListOf(_TOPIC, noun="topic", nonempty=True, unique="slug")]
    # the topic of papers no rule matches; None means the first topic
    fallback: Annotated[str | None, Slug()] = None
    scoring: Annotated[Scoring, Section(Scoring)] = Scoring()
    _matcher: _Matcher = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_matcher", _Matcher(self))

    def get(self, slug: str) -> Topic | None:
        index = self._matcher.index.get(slug)
        return None if index is None else self.topics[index]


def classify(paper: Paper, taxonomy: Taxonomy) -> tuple[str, ...]:
    """1 to 3 topic slugs, best first: the paper's own known topics, else those its text earns."""
    if paper.topics and (manual := _known_manual(paper, taxonomy)):
        return manual
    return taxonomy._matcher.rank(paper)


def topic_scores(paper: Paper, taxonomy: Taxonomy) -> dict[str, float]:
    """Every topic's score for the paper's title and abstract: what `classify` ranks."""
    scores = taxonomy._matcher.scores(paper)
    return {topic.slug: score for topic, score in zip(taxonomy.topics, scores, strict=True)}


def check_topics(papers: Iterable[Paper], taxonomy: Taxonomy) -> list[str]:
    """Problems with the topics papers were given by hand, one line each naming the paper."""
    slugs = [t.slug for t in taxonomy.topics]
    problems = []
    for paper in papers:
        if not paper.topics:
            continue
        title = repr(paper.title[:60])
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


def _known_manual(paper: Paper, taxonomy: Taxonomy) -> tuple[str, ...]:
    known = [slug for slug in dict.fromkeys(paper.topics) if taxonomy.get(slug) is not None]
    return tuple(known[:MAX_TOPICS])


# --- Matching -------------------------------------------------------------------------------------

# Text becomes a list of lowercase words: bytes, since bytes.translate and bytes.split are the
# fastest way Python has to cut 150 MB of abstracts into words. Every ASCII byte that is not a
# letter or digit separates words; UTF-8 bytes of other letters stay inside their word.
_SEPARATE = bytes(b if chr(b).isalnum() or b >= 0x80 else 0x20 for b in range(256))
_LOWER_SEPARATE = _SEPARATE.lower()  # the same, and A-Z to a-z: one pass for ASCII text
# No-break space, Unicode hyphens and dashes, curly quotes, minus: separators outside ASCII.
_WIDE_SEPARATORS = tuple(
    ch.encode() for ch in "\u00a0\u2010\u2011\u2012\u2013\u2014\u2015\u2018\u2019\u201c\u201d\u2212"
)
_END = b""  # the trie key under which a phrase ends; never a word, since words are not empty

_Trie = dict[bytes, Any]  # word -> child trie, and _END -> the value of the phrase ending here


def _words(text: str) -> list[bytes]:
    """The words of a text as matching sees them: lowercase, punctuation and URLs dropped."""
    data = text.encode()
    if b"://" in data:
        data = _without_urls(data)
    if data.isascii():
        return data.translate(_LOWER_SEPARATE).split()
    data = data.decode().lower().encode()
    for mark in _WIDE_SEPARATORS:
        if mark in data:
            data = data.replace(mark, b" ")
    return data.translate(_SEPARATE).split()


def _without_urls(data: bytes) -> bytes:
    """The text without its URLs: a repository's name says nothing about the paper's topic."""
    # bytes.find, not a regex: Python's regex engine would cost more than all the matching.
    kept = []
    done = 0
    while (scheme := data.find(b"://", done)) >= 0:
        start = max(data.rfind(b" ", done, scheme) + 1, done)
        end = data.find(b" ", scheme)
        kept.append(data[done:start])
        done = len(data) if end < 0 else end
    kept.append(data[done:])
    return b" ".join(kept)


def _forms(phrase: tuple[bytes, ...]) -> tuple[tuple[bytes, ...], ...]:
    """A phrase and its plurals: only the last word takes an 's' or 'es'."""
    *head, last = phrase
    return phrase, (*head, last + b"s"), (*head, last + b"es")


def _build_trie(phrases: dict[tuple[bytes, ...], Any]) -> _Trie:
    trie: _Trie = {}
    # Phrases as written first, so a listed word ("programs") is never taken for a plural.
    entries = [(p, v) for p, v in phrases.items()]
    entries += [(form, v) for p, v in phrases.items() for form in _forms(p)[1:]]
    for phrase, value in entries:
        node = trie
        for word in phrase:
            node = node.setdefault(word, {})
        node.setdefault(_END, value)
    return trie


def _read(trie: _Trie, text: Sequence[bytes]) -> list[Any]:
    """The values of the phrases in `text`, leftmost-longest, without overlaps (as a reader would)."""
    found = []
    end = 0
    size = len(text)
    starts: list[Any] = list(map(trie.get, text))  # first words looked up in C: the hot path
    for start in compress(count(), starts):
        if start < end:
            continue
        node = starts[start]
        value = node.get(_END, _END)
        stop = next_word = start + 1
        while next_word < size:
            node = node.get(text[next_word])
            if node is None:
                break
            next_word += 1
            if _END in node:
                value, stop = node[_END], next_word
        if value is not _END:
            found.append(value)
            end = stop
    return found


class _Matcher:
    """The taxonomy's rules compiled: one trie of every phrase, and what each is worth per topic.

    The text is read once, taking the longest phrase where phrases overlap. Each phrase found is
    then worth, to each topic, what that topic's own phrases inside it are worth (computed once
    here): "in context reinforcement learning" counts for in-context learning as that phrase and
    for reinforcement learning as "reinforcement learning", while a negative phrase covers its
    words for its topic alone.
    """

    __slots__ = ("abstract", "fallback", "index", "scoring", "slugs", "title", "trie")

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.slugs = tuple(t.slug for t in taxonomy.topics)
        self.index = {slug: i for i, slug in enumerate(self.slugs)}
        if len(self.index) != len(self.slugs):
            raise ValueError("topic slugs must be unique")
        if not self.slugs:
            raise ValueError("a taxonomy needs at least one topic")
        fallback = taxonomy.fallback or self.slugs[0]
        if fallback not in self.index:
            raise ValueError(f"the fallback topic {fallback!r} is not in the taxonomy")
        self.fallback = (fallback,)
        self.scoring = taxonomy.scoring

        ids: dict[tuple[bytes, ...], int] = {}
        abstract_rules: list[dict[tuple[bytes, ...], float]] = []
        title_rules: list[dict[tuple[bytes, ...], float]] = []
        for topic in taxonomy.topics:
            negative = {_phrase_words(p): 0.0 for p in topic.negative}
            in_text = {_phrase_words(p): w for p, w in topic.phrases}
            title_only = {_phrase_words(p): w for p, w in topic.title_phrases}
            abstract_rules.append(negative | in_text)
            title_rules.append(
                negative | {p: w * self.scoring.title_weight for p, w in in_text.items()} | title_only
            )
            for phrase in (*negative, *in_text, *title_only):
                ids.setdefault(phrase, len(ids))
        self.trie = _build_trie(ids)
        self.abstract = _worth(ids, abstract_rules)
        self.title = _worth(ids, title_rules)

    def scores(self, paper: Paper) -> list[float]:
        scores = [0.0] * len(self.slugs)
        trie, cap, worth = self.trie, self.scoring.repeat_cap, self.abstract
        for phrase, times in Counter(_read(trie, _words(paper.abstract))).items():
            if times > cap:
                times = cap
            for topic, weight in worth[phrase]:
                scores[topic] += weight * times
        worth = self.title
        for phrase in set(_read(trie, _words(paper.title))):
            for topic, weight in worth[phrase]:
                scores[topic] += weight
        return scores

    def rank(self, paper: Paper) -> tuple[str, ...]:
        scores = self.scores(paper)
        # A stable sort, so equal scores keep the taxonomy's order (reverse=True keeps it too).
        order = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
        best = scores[order[0]]
        if best < self.scoring.min_score:
            return self.fallback
        bar = max(self.scoring.secondary_min_score, best * self.scoring.secondary_ratio)
        more = [self.slugs[i] for i in order[1 : self.scoring.max_topics] if scores[i] >= bar]
        return (self.slugs[order[0]], *more)


def _phrase_words(phrase: str) -> tuple[bytes, ...]:
    return tuple(_words(phrase))


def _worth(
    ids: dict[tuple[bytes, ...], int], rules: list[dict[tuple[bytes, ...], float]]
) -> list[tuple[tuple[int, float], ...]]:
    """For each phrase id, (topic, weight) for every topic its words are worth something to."""
    readers = [_build_trie(rule) for rule in rules]
    worth: list[tuple[tuple[int, float], ...]] = [()] * len(ids)
    for phrase, pid in ids.items():
        pairs = []
        for topic, trie in enumerate(readers):
            weight = sum(_read(trie, phrase))
            if weight > 0:
                pairs.append((topic, weight))
        worth[pid] = tuple(pairs)
    return worth


# --- Loading --------------------------------------------------------------------------------------


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
            if _phrase_words(phrase) in seen:
                raise reader.error(listed_twice(at.subject, phrase), key_node, at.place)
            seen.add(_phrase_words(phrase))
            weight_at = At(at.place, f"the weight of {phrase!r} in {at.subject}", "")
            result.append((phrase, _WEIGHT.read(reader, value_node, weight_at)))
        return tuple(result)


def _check_topic(topic: Fields) -> None:
    """A negative phrase cannot be one of the topic's phrases too."""
    phrases = (*topic.values["phrases"], *topic.values.get("title_phrases", ()))
    positive = {_phrase_words(phrase) for phrase, _ in phrases}
    negative = topic.nodes.get("negative")
    nodes = negative.value if isinstance(negative, yaml.SequenceNode) else []
    for phrase, node in zip(topic.values.get("negative", ()), nodes, strict=True):
        if _phrase_words(phrase) in positive:
            raise topic.error(f"{phrase!r} is both a phrase and a negative phrase", node)


def _check_taxonomy(taxonomy: Fields) -> None:
    """The fallback is one of the topics."""
    fallback = taxonomy.values.get("fallback")
    if fallback is not None and fallback not in {t.slug for t in taxonomy.values["topics"]}:
        message = must_be("'fallback'", "the slug of a topic", describe(fallback))
        raise taxonomy.error(message, taxonomy.nodes["fallback"])


_PHRASE = Phrase(_phrase_words)
_WEIGHT = Number(above=0)
_TOPIC = Section(Topic, label="slug", check=_check_topic)
_TAXONOMY = Section(Taxonomy, check=_check_taxonomy)
