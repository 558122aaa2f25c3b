"""Topics: the taxonomy in content/topics.yml, and the rules that give every paper 1 to 3 of them.

A topic scores the phrases it lists wherever they occur in a paper's title and abstract, as whole
words. The best topic comes first; others follow if they score close enough to it; a paper no
topic scores on gets the taxonomy's fallback topic; topics set by hand on a paper win over all of
it. content/topics.yml documents the rules for curators.

Matching is a walk over a trie of words rather than a regular expression: Python's regex engine
costs tens of nanoseconds per character on a large alternation, too slow for 100,000 abstracts.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, count
from pathlib import Path
from typing import Any

import yaml

from paperfeed.errors import InputError
from paperfeed.model import Paper
from paperfeed.schema import NodeReader, read_nodes

MAX_TOPICS = 3  # every paper shows 1 to 3 topics
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_TOP_KEYS = ("scoring", "fallback", "topics")
_TOPIC_KEYS = ("slug", "name", "description", "phrases", "title_phrases", "negative")

TOPICS_FILE = "topics.yml"  # the taxonomy, in the content folder


@dataclass(frozen=True, slots=True)
class Scoring:
    """How phrase weights add up to a paper's topics (see content/topics.yml)."""

    title_weight: float = 3.0  # a phrase in the title counts this many times its weight
    repeat_cap: int = 3  # repeats of one phrase in the abstract count up to this many times
    min_score: float = 2.0  # the first topic needs this score, else the paper gets the fallback
    secondary_min_score: float = 4.0  # topics after the first need this score...
    secondary_ratio: float = 0.25  # ...and this fraction of the best score
    max_topics: int = MAX_TOPICS


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    name: str
    description: str
    phrases: tuple[tuple[str, float], ...] = ()  # (phrase, weight), in title and abstract
    title_phrases: tuple[tuple[str, float], ...] = ()  # (phrase, weight), in the title only
    negative: tuple[str, ...] = ()  # text inside these never counts for the topic


@dataclass(frozen=True, slots=True)
class Taxonomy:
    topics: tuple[Topic, ...]  # in file order, which is the display order
    fallback: str | None = None  # the topic of papers no rule matches; None means the first topic
    scoring: Scoring = Scoring()
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
    return _Reader(path).taxonomy(root)


class _Reader(NodeReader):
    """Builds a Taxonomy from the YAML node tree, so that every error names its line."""

    def taxonomy(self, root: yaml.Node | None) -> Taxonomy:
        if not isinstance(root, yaml.MappingNode):
            raise self.error("expected a mapping with a 'topics' list", root)
        entries = self.entries(root, _TOP_KEYS, "")
        if "topics" not in entries:
            raise self.error("'topics' is missing", root)
        listed = entries["topics"][1]
        if not isinstance(listed, yaml.SequenceNode) or not listed.value:
            raise self.error("'topics' must be a list of one or more topics", listed)
        topics: list[Topic] = []
        numbers: dict[str, int] = {}
        for number, node in enumerate(listed.value, start=1):
            topic, slug_node = self.topic(node, number)
            if topic.slug in numbers:
                message = (
                    f"topic {number}: slug {topic.slug!r} is already used by topic {numbers[topic.slug]}"
                )
                raise self.error(message, slug_node)
            numbers[topic.slug] = number
            topics.append(topic)
        fallback = None
        if "fallback" in entries:
            node = entries["fallback"][1]
            fallback = self.scalar(node)
            if fallback not in numbers:
                raise self.error(f"'fallback' must be the slug of a topic, not {fallback!r}", node)
        scoring = self.scoring(entries["scoring"][1]) if "scoring" in entries else Scoring()
        return Taxonomy(topics=tuple(topics), fallback=fallback, scoring=scoring)

    def topic(self, node: yaml.Node, number: int) -> tuple[Topic, yaml.Node]:
        where = f"topic {number}: "
        if not isinstance(node, yaml.MappingNode):
            raise self.error(f"{where}expected a mapping with slug, name, description and phrases", node)
        entries = self.entries(node, _TOPIC_KEYS, where)
        for key in ("slug", "name", "description", "phrases"):
            if key not in entries:
                raise self.error(f"{where}{key!r} is missing", node)
        slug_node = entries["slug"][1]
        slug = self.one_line(slug_node, f"{where}'slug'")
        if not SLUG.fullmatch(slug):
            raise self.error(
                f"{where}'slug' must be lowercase words joined by hyphens, not {slug!r}", slug_node
            )
        where = f"topic {number} ({slug}): "
        phrases = self.phrases(entries["phrases"][1], where, "phrases")
        if not phrases:
            raise self.error(f"{where}'phrases' needs at least one phrase", entries["phrases"][1])
        title_phrases = (
            self.phrases(entries["title_phrases"][1], where, "title_phrases")
            if "title_phrases" in entries
            else ()
        )
        negative = self.negative(entries["negative"][1], where) if "negative" in entries else ()
        positive = {_phrase_words(p) for p, _ in (*phrases, *title_phrases)}
        for phrase, phrase_node in negative:
            if _phrase_words(phrase) in positive:
                raise self.error(f"{where}{phrase!r} is both a phrase and a negative phrase", phrase_node)
        topic = Topic(
            slug=slug,
            name=self.one_line(entries["name"][1], f"{where}'name'"),
            description=self.one_line(entries["description"][1], f"{where}'description'"),
            phrases=phrases,
            title_phrases=title_phrases,
            negative=tuple(p for p, _ in negative),
        )
        return topic, slug_node

    def phrases(self, node: yaml.Node, where: str, key: str) -> tuple[tuple[str, float], ...]:
        if isinstance(node, yaml.ScalarNode) and self.scalar(node) is None:
            return ()  # an empty 'title_phrases:'
        if not isinstance(node, yaml.MappingNode):
            raise self.error(f"{where}{key!r} must map phrases to weights, as in 'policy gradient: 3'", node)
        result: list[tuple[str, float]] = []
        seen: set[tuple[bytes, ...]] = set()
        for key_node, value_node in node.value:
            phrase = self.phrase(key_node, where, key)
            if _phrase_words(phrase) in seen:
                raise self.error(f"{where}{key!r} lists {phrase!r} twice", key_node)
            seen.add(_phrase_words(phrase))
            weight = self.scalar(value_node)
            if not _positive(weight):
                message = (
                    f"{where}the weight of {phrase!r} in {key!r} must be a positive number, not {weight!r}"
                )
                raise self.error(message, value_node)
            result.append((phrase, float(weight)))
        return tuple(result)

    def negative(self, node: yaml.Node, where: str) -> tuple[tuple[str, yaml.Node], ...]:
        if isinstance(node, yaml.ScalarNode) and self.scalar(node) is None:
            return ()  # an empty 'negative:'
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(f"{where}'negative' must be a list of phrases", node)
        return tuple((self.phrase(item, where, "negative"), item) for item in node.value)

    def phrase(self, node: yaml.Node, where: str, key: str) -> str:
        value = self.scalar(node)
        if not isinstance(value, str):
            raise self.error(f"{where}{key!r}: a phrase must be text, not {value!r}", node)
        if not _phrase_words(value):
            raise self.error(f"{where}{key!r}: the phrase {value!r} has no words", node)
        return value

    def scoring(self, node: yaml.Node) -> Scoring:
        if not isinstance(node, yaml.MappingNode):
            raise self.error("'scoring' must be a mapping", node)
        names = tuple(f.name for f in dataclasses.fields(Scoring))
        values: dict[str, Any] = {}
        for name, (_, value_node) in self.entries(node, names, "scoring: ").items():
            value = self.scalar(value_node)
            if name in ("repeat_cap", "max_topics"):
                if not (_positive(value) and isinstance(value, int)):
                    raise self.error(
                        f"scoring: {name!r} must be a whole number above 0, not {value!r}", value_node
                    )
            elif not _positive(value):
                raise self.error(f"scoring: {name!r} must be a number above 0, not {value!r}", value_node)
            if name == "max_topics" and value > MAX_TOPICS:
                raise self.error(f"scoring: 'max_topics' must be 1 to {MAX_TOPICS}, not {value}", value_node)
            if name == "secondary_ratio" and value > 1:
                raise self.error(f"scoring: 'secondary_ratio' must be at most 1, not {value}", value_node)
            values[name] = value
        return Scoring(**values)


def _positive(value: object) -> bool:
    """A number above 0: YAML's true and false are not numbers here, nor are .nan and .inf."""
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value > 0
    )
