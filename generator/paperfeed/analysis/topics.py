"""Topics: the taxonomy in content/topics.yml, and the rules that give every paper 1 to 3 of them.

A topic scores the phrases it lists wherever they occur in a paper's title and abstract, as whole
words, and the arXiv categories it lists among the paper's. The best topic comes first; others
follow if they score close enough to it; a paper no topic scores on gets the taxonomy's fallback
topic; topics set by hand on a paper win over all of it. content/topics.yml documents the rules
for curators.

Every point of a score is a `Hit` (the paper's words, where they are, the rule they matched), and
the score is the sum of its hits: `classification` gives the topics together with the hits that
earned them, so the site's "why", `paperfeed explain` and the classifier cannot disagree.

Matching is a walk over a trie of words rather than a regular expression: Python's regex engine
costs tens of nanoseconds per character on a large alternation, too slow for 100,000 abstracts.
"""

from __future__ import annotations

import difflib
import re
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
    # (arXiv category or archive, weight): "cs.RO", or "q-bio" for every q-bio category
    categories: Annotated[tuple[tuple[str, float], ...], _Categories()] = ()


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


TITLE, ABSTRACT, CATEGORY = "title", "abstract", "category"  # where a hit is


@dataclass(frozen=True, slots=True)
class Hit:
    """One reason for a topic's score: a phrase of the paper, or one of its arXiv categories."""

    text: str  # the paper's words as written, or the category
    where: str  # TITLE, ABSTRACT or CATEGORY
    rules: tuple[str, ...]  # what it matched in topics.yml: the topic's phrases inside it, or a category
    points: float  # what it adds to the score; 0 for a negative phrase, which cancels its words
    times: int = 1  # in the abstract, the repeats that counted (scoring.repeat_cap at most)


@dataclass(frozen=True, slots=True)
class TopicScore:
    slug: str
    score: float  # the sum of the hits' points
    hits: tuple[Hit, ...]  # most points first


@dataclass(frozen=True, slots=True)
class Classification:
    """A paper's topics and what earned them."""

    topics: tuple[str, ...]  # 1 to 3 slugs, best first: what the site shows
    manual: bool  # set by hand in the store (its `topics:` list), winning over the rules
    fallback: bool  # no topic scored scoring.min_score: the taxonomy's fallback topic
    ranked: tuple[TopicScore, ...]  # every topic with a hit, best first (ties: taxonomy order)
    bar: float  # the score a topic after the first needed (0 when the fallback was given)

    def score(self, slug: str) -> TopicScore:
        return next((t for t in self.ranked if t.slug == slug), TopicScore(slug, 0.0, ()))


def classification(paper: Paper, taxonomy: Taxonomy, *, everything: bool = True) -> Classification:
    """The paper's topics with the evidence for them: the one path from text to topics.

    With `everything`, every topic that scored is there with its hits, quoting the paper's words as
    written (for `paperfeed explain`); without, only the topics chosen, their hits naming the
    words in lowercase (cheaper: what a paper page shows, for every paper of the digest).
    """
    matcher = taxonomy._matcher
    contributions, title, abstract = matcher.contributions(paper)
    scores = [0.0] * len(matcher.slugs)
    for topic, points, *_ in contributions:
        scores[topic] += points
    chosen, bar = matcher.choose(scores)
    manual = _known_manual(paper, taxonomy) if paper.topics else ()
    topics = manual or chosen
    wanted = None if everything else {matcher.index[slug] for slug in topics}
    hits = matcher.hits(paper, contributions, title, abstract, wanted, quote=everything)
    order = sorted(hits, key=lambda i: (-scores[i], i))  # best first; ties in the taxonomy's order
    ranked = tuple(TopicScore(matcher.slugs[i], scores[i], hits[i]) for i in order)
    return Classification(topics, bool(manual), bar == 0.0 and not manual, ranked, bar)


def classify(paper: Paper, taxonomy: Taxonomy) -> tuple[str, ...]:
    """1 to 3 topic slugs, best first: the paper's own known topics, else those its text earns."""
    if paper.topics and (manual := _known_manual(paper, taxonomy)):
        return manual
    matcher = taxonomy._matcher
    return matcher.choose(matcher.scores(paper))[0]


def topic_scores(paper: Paper, taxonomy: Taxonomy) -> dict[str, float]:
    """Every topic's score for the paper's title, abstract and categories: what `classify` ranks."""
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


def _read(trie: _Trie, text: Sequence[bytes]) -> list[tuple[Any, int, int]]:
    """The phrases in `text` as (value, first word, word after the last), leftmost-longest, without
    overlaps (as a reader would)."""
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
            found.append((value, start, stop))
            end = stop
    return found


# What a found phrase is worth to one topic: (topic, points, the topic's own phrases inside it).
_Worth = tuple[tuple[int, float, tuple[str, ...]], ...]
# One contribution to a score: (topic, points, where, phrase id or (category, its rule), first word,
# stop, times).
_Contribution = tuple[int, float, str, int | tuple[str, str], int, int, int]


class _Matcher:
    """The taxonomy's rules compiled: one trie of every phrase, and what each is worth per topic.

    The text is read once, taking the longest phrase where phrases overlap. Each phrase found is
    then worth, to each topic, what that topic's own phrases inside it are worth (computed once
    here): "in context reinforcement learning" counts for in-context learning as that phrase and
    for reinforcement learning as "reinforcement learning", while a negative phrase covers its
    words for its topic alone. `contributions` is the one place a paper's text meets the rules:
    scores and evidence are both sums of what it yields.
    """

    __slots__ = ("abstract", "categories", "fallback", "index", "scoring", "slugs", "title", "trie")

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
        abstract_rules: list[dict[tuple[bytes, ...], tuple[str, float]]] = []
        title_rules: list[dict[tuple[bytes, ...], tuple[str, float]]] = []
        self.categories: dict[str, list[tuple[int, float, str]]] = {}
        boost = self.scoring.title_weight
        for number, topic in enumerate(taxonomy.topics):
            negative = {_phrase_words(p): (p, 0.0) for p in topic.negative}
            in_text = {_phrase_words(p): (p, w) for p, w in topic.phrases}
            title_only = {_phrase_words(p): (p, w) for p, w in topic.title_phrases}
            abstract_rules.append(negative | in_text)
            title_rules.append(negative | {k: (p, w * boost) for k, (p, w) in in_text.items()} | title_only)
            for phrase in (*negative, *in_text, *title_only):
                ids.setdefault(phrase, len(ids))
            for category, weight in topic.categories:
                self.categories.setdefault(category.lower(), []).append((number, weight, category))
        self.trie = _build_trie(ids)
        self.abstract = _worth(ids, abstract_rules)
        self.title = _worth(ids, title_rules)

    def contributions(self, paper: Paper) -> tuple[list[_Contribution], list[bytes], list[bytes]]:
        """What the paper's title, abstract and categories add to each topic, with the words read."""
        out: list[_Contribution] = []
        abstract = _words(paper.abstract)
        first: dict[int, tuple[int, int, int]] = {}  # phrase id: first start, stop, and repeats
        for pid, start, stop in _read(self.trie, abstract):
            seen = first.get(pid)
            first[pid] = (start, stop, 1) if seen is None else (seen[0], seen[1], seen[2] + 1)
        cap = self.scoring.repeat_cap
        for pid, (start, stop, times) in first.items():
            times = min(times, cap)
            for topic, points, _ in self.abstract[pid]:
                out.append((topic, points * times, ABSTRACT, pid, start, stop, times))
        title = _words(paper.title)
        counted: set[int] = set()
        for pid, start, stop in _read(self.trie, title):
            if pid not in counted:  # a phrase counts once in the title however often it is there
                counted.add(pid)
                for topic, points, _ in self.title[pid]:
                    out.append((topic, points, TITLE, pid, start, stop, 1))
        if paper.categories and self.categories:
            given: set[tuple[int, str]] = set()
            for category in paper.categories:
                key = category.lower()
                for rule in (key, key.partition(".")[0]):
                    for topic, points, name in self.categories.get(rule, ()):
                        if (topic, name) not in given:  # an archive counts once for all its categories
                            given.add((topic, name))
                            out.append((topic, points, CATEGORY, (category, name), 0, 0, 1))
        return out, title, abstract

    def scores(self, paper: Paper) -> list[float]:
        scores = [0.0] * len(self.slugs)
        for topic, points, *_ in self.contributions(paper)[0]:
            scores[topic] += points
        return scores

    def hits(
        self,
        paper: Paper,
        contributions: list[_Contribution],
        title: list[bytes],
        abstract: list[bytes],
        wanted: set[int] | None,
        *,
        quote: bool,
    ) -> dict[int, tuple[Hit, ...]]:
        """The contributions as hits, by topic (only the `wanted` ones, if given), most points
        first. `quote` gives the paper's words as written; else their lowercase form."""
        texts = {TITLE: (paper.title, title), ABSTRACT: (paper.abstract, abstract)}
        spans: dict[str, list[tuple[int, int]] | None] = {}
        hits: dict[int, list[Hit]] = {}
        for topic, points, where, rule, start, stop, times in contributions:
            if wanted is not None and topic not in wanted:
                continue
            if isinstance(rule, tuple):  # a category, and the rule it matched
                hits.setdefault(topic, []).append(Hit(rule[0], where, (rule[1],), points))
                continue
            text, words = texts[where]
            if not quote:
                found = b" ".join(words[start:stop]).decode(errors="replace")
            else:
                if where not in spans:
                    spans[where] = _spans(text, words)
                found = _quote(text, words, spans[where], start, stop)
            table = self.title if where == TITLE else self.abstract
            names = next(n for t, _, n in table[rule] if t == topic)
            hits.setdefault(topic, []).append(Hit(found, where, names, points, times))
        return {topic: tuple(sorted(h, key=_most_points)) for topic, h in hits.items()}

    def choose(self, scores: Sequence[float]) -> tuple[tuple[str, ...], float]:
        """The topics the scores give, best first, and the bar the second and third had to reach
        (0 when no topic reached min_score and the paper gets the fallback)."""
        # A stable sort, so equal scores keep the taxonomy's order (reverse=True keeps it too).
        order = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
        best = scores[order[0]]
        if best < self.scoring.min_score:
            return self.fallback, 0.0
        bar = max(self.scoring.secondary_min_score, best * self.scoring.secondary_ratio)
        more = [self.slugs[i] for i in order[1 : self.scoring.max_topics] if scores[i] >= bar]
        return (self.slugs[order[0]], *more), bar


def _most_points(hit: Hit) -> tuple[float, int]:
    return (-hit.points, 0 if hit.where == TITLE else 1)


# Word characters as `_words` sees them, in a str: everything but ASCII punctuation and spaces and
# the separators outside ASCII. Used only to quote what was matched, so speed matters less.
_WORD = re.compile(
    "[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f" + "".join(m.decode() for m in _WIDE_SEPARATORS) + "]+"
)


def _spans(text: str, words: Sequence[bytes]) -> list[tuple[int, int]] | None:
    """Where each of `_words(text)` is in `text` (character offsets); None if they do not line up."""
    masked = text
    if "://" in text:  # blank the URLs out as `_without_urls` drops them, keeping the offsets
        done, parts = 0, []
        while (scheme := text.find("://", done)) >= 0:
            start = max(text.rfind(" ", done, scheme) + 1, done)
            end = text.find(" ", scheme)
            end = len(text) if end < 0 else end
            parts += [text[done:start], " " * (end - start)]
            done = end
        masked = "".join([*parts, text[done:]])
    spans = [m.span() for m in _WORD.finditer(masked)]
    return spans if len(spans) == len(words) else None


def _quote(
    text: str, words: Sequence[bytes], spans: list[tuple[int, int]] | None, start: int, stop: int
) -> str:
    """Words start..stop of the text as it has them (their lowercase form if they cannot be found)."""
    if spans is None:
        return b" ".join(words[start:stop]).decode(errors="replace")
    return " ".join(text[spans[start][0] : spans[stop - 1][1]].split())


def _phrase_words(phrase: str) -> tuple[bytes, ...]:
    return tuple(_words(phrase))


def _worth(
    ids: dict[tuple[bytes, ...], int], rules: list[dict[tuple[bytes, ...], tuple[str, float]]]
) -> list[_Worth]:
    """For each phrase id, (topic, points, the topic's phrases inside it) for every topic its words
    are worth something to."""
    readers = [_build_trie(rule) for rule in rules]
    worth: list[_Worth] = [()] * len(ids)
    for phrase, pid in ids.items():
        entries = []
        for topic, trie in enumerate(readers):
            found = [value for value, _, _ in _read(trie, phrase)]
            points = sum(weight for _, weight in found)
            if points > 0:
                entries.append((topic, points, tuple(name for name, weight in found if weight > 0)))
        worth[pid] = tuple(entries)
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
