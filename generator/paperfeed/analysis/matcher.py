"""The taxonomy's rules compiled, and a paper's text read against them: the one place where a
paper's words meet the rules. classify.py turns what it finds into topics and their evidence.

Matching is a walk over a trie of words rather than a regular expression: Python's regex engine
costs tens of nanoseconds per character on a large alternation, too slow for 100,000 abstracts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import compress, count
from typing import TYPE_CHECKING, Any, NamedTuple

from paperfeed.model import Paper

if TYPE_CHECKING:
    from paperfeed.analysis.taxonomy import Taxonomy


class Where(Enum):
    """Where in a paper a rule matched."""

    TITLE = "title"
    ABSTRACT = "abstract"
    CATEGORY = "category"


@dataclass(frozen=True, slots=True)
class Hit:
    """One reason for a topic's score: a phrase of the paper, or one of its arXiv categories."""

    text: str  # the paper's words as written, or the category
    where: Where
    rules: tuple[str, ...]  # what it matched in topics.yml: the topic's phrases inside it, or a category
    points: float  # what it adds to the score; 0 for a negative phrase, which cancels its words
    times: int = 1  # in the abstract, the repeats that counted (scoring.repeat_cap at most)


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


def words(text: str) -> list[bytes]:
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


class Contribution(NamedTuple):
    """One part of a topic's score: a phrase found in the title or abstract, or a category."""

    topic: int  # the topic's position in the taxonomy
    points: float
    where: Where
    phrase: int  # the phrase's id (-1 for a category)
    start: int  # the phrase's first word, and the word after its last
    stop: int
    times: int  # repeats counted
    category: tuple[str, str] = ("", "")  # a category: the paper's, and the rule it matched


class Matcher:
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
        fallback = taxonomy.fallback_topic
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
            negative = {phrase_words(p): (p, 0.0) for p in topic.negative}
            in_text = {phrase_words(p): (p, w) for p, w in topic.phrases}
            title_only = {phrase_words(p): (p, w) for p, w in topic.title_phrases}
            abstract_rules.append(negative | in_text)
            title_rules.append(negative | {k: (p, w * boost) for k, (p, w) in in_text.items()} | title_only)
            for phrase in (*negative, *in_text, *title_only):
                ids.setdefault(phrase, len(ids))
            for category, weight in topic.categories:
                self.categories.setdefault(category.lower(), []).append((number, weight, category))
        self.trie = _build_trie(ids)
        self.abstract = _worth(ids, abstract_rules)
        self.title = _worth(ids, title_rules)

    def contributions(self, paper: Paper) -> tuple[list[Contribution], list[bytes], list[bytes]]:
        """What the paper's title, abstract and categories add to each topic, with the words read."""
        out: list[Contribution] = []
        abstract = words(paper.abstract)
        first: dict[int, tuple[int, int, int]] = {}  # phrase id: first start, stop, and repeats
        for pid, start, stop in _read(self.trie, abstract):
            seen = first.get(pid)
            first[pid] = (start, stop, 1) if seen is None else (seen[0], seen[1], seen[2] + 1)
        cap = self.scoring.repeat_cap
        for pid, (start, stop, times) in first.items():
            times = min(times, cap)
            for topic, points, _ in self.abstract[pid]:
                out.append(Contribution(topic, points * times, Where.ABSTRACT, pid, start, stop, times))
        title = words(paper.title)
        counted: set[int] = set()
        for pid, start, stop in _read(self.trie, title):
            if pid not in counted:  # a phrase counts once in the title however often it is there
                counted.add(pid)
                for topic, points, _ in self.title[pid]:
                    out.append(Contribution(topic, points, Where.TITLE, pid, start, stop, 1))
        if paper.categories and self.categories:
            given: set[tuple[int, str]] = set()
            for category in paper.categories:
                key = category.lower()
                for rule in (key, key.partition(".")[0]):
                    for topic, points, name in self.categories.get(rule, ()):
                        if (topic, name) not in given:  # an archive counts once for all its categories
                            given.add((topic, name))
                            where = (category, name)
                            out.append(Contribution(topic, points, Where.CATEGORY, -1, 0, 0, 1, where))
        return out, title, abstract

    def scores(self, paper: Paper) -> list[float]:
        scores = [0.0] * len(self.slugs)
        for contribution in self.contributions(paper)[0]:
            scores[contribution.topic] += contribution.points
        return scores

    def hits(
        self,
        paper: Paper,
        contributions: list[Contribution],
        title: list[bytes],
        abstract: list[bytes],
        wanted: set[int] | None,
        *,
        quote: bool,
    ) -> dict[int, tuple[Hit, ...]]:
        """The contributions as hits, by topic (only the `wanted` ones, if given), most points
        first. `quote` gives the paper's words as written; else their lowercase form."""
        texts = {Where.TITLE: (paper.title, title), Where.ABSTRACT: (paper.abstract, abstract)}
        spans: dict[Where, list[tuple[int, int]] | None] = {}
        hits: dict[int, list[Hit]] = {}
        for c in contributions:
            if wanted is not None and c.topic not in wanted:
                continue
            if c.where is Where.CATEGORY:
                category, rule = c.category
                hits.setdefault(c.topic, []).append(Hit(category, c.where, (rule,), c.points))
                continue
            text, read = texts[c.where]
            if not quote:
                found = b" ".join(read[c.start : c.stop]).decode(errors="replace")
            else:
                if c.where not in spans:
                    spans[c.where] = _spans(text, read)
                found = _quote(text, read, spans[c.where], c.start, c.stop)
            table = self.title if c.where is Where.TITLE else self.abstract
            names = next(n for t, _, n in table[c.phrase] if t == c.topic)
            hits.setdefault(c.topic, []).append(Hit(found, c.where, names, c.points, c.times))
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
    return (-hit.points, 0 if hit.where is Where.TITLE else 1)


# Word characters as `words` sees them, in a str: everything but ASCII punctuation and spaces and
# the separators outside ASCII. Used only to quote what was matched, so speed matters less.
_WORD = re.compile(
    "[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f" + "".join(m.decode() for m in _WIDE_SEPARATORS) + "]+"
)


def _spans(text: str, words: Sequence[bytes]) -> list[tuple[int, int]] | None:
    """Where each of `words(text)` is in `text` (character offsets); None if they do not line up."""
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


def phrase_words(phrase: str) -> tuple[bytes, ...]:
    """A phrase as the matcher reads it (a rule of topics.yml must have at least one word)."""
    return tuple(words(phrase))


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


