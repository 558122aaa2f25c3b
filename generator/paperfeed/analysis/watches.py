"""Watches: saved searches in content/watches.yml, each with its own page and feed.

A watch names phrases and/or authors. A paper matches when any phrase occurs in its title or
abstract as whole words, case-insensitively (hyphens and punctuation count as spaces:
"world-model" is "world model", but "world models" is not), or when any author is one of its
authors, case and accents aside ("Jürgen" is "jurgen"). The feed a reader would ask arXiv for,
on a static site.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import yaml

from paperfeed.analysis.authors import anchor
from paperfeed.errors import InputError
from paperfeed.model import Paper
from paperfeed.schema import At, Fields, ListOf, OneLine, Phrase, Reader, Section, Slug, read_nodes
from paperfeed.slugs import slugify

WATCHES_FILE = "watches.yml"
_WORD = re.compile(r"[^\W_]+")  # a word: letters and digits; anything else separates words

# Watches are read from watches.yml by the kinds their fields are annotated with (see schema.py).


@dataclass(frozen=True, slots=True)
class Watch:
    slug: Annotated[str, Slug()]  # its URL: /watches/<slug>/
    name: Annotated[str, OneLine()]
    description: Annotated[str, OneLine()] = ""
    # in the title or abstract, as whole words
    phrases: Annotated[tuple[str, ...], ListOf(_PHRASE, lone=True, same=_words)] = ()
    # any one of the paper's authors
    authors: Annotated[tuple[str, ...], ListOf(_AUTHOR, lone=True, same=_name)] = ()

    @property
    def rule(self) -> str:
        """What the watch matches, in words: 'mentioning “world model” or by Yuhong Guo'."""
        parts = []
        if self.phrases:
            parts.append("mentioning " + _either([f"“{p}”" for p in self.phrases]))
        if self.authors:
            parts.append("by " + _either(list(self.authors)))
        return " or ".join(parts)


def matches(watch: Watch, text: WatchText) -> bool:
    """Whether the paper read as `text` matches the watch."""
    if watch.authors and not text.authors.isdisjoint(map(_name, watch.authors)):
        return True
    return any(_found(_pattern(p), folded) for p in watch.phrases for folded in text.folded)


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


class WatchText:
    """A paper as matching reads it, each part worked out once and only when a watch asks."""

    __slots__ = ("_authors", "_folded", "_paper")

    def __init__(self, paper: Paper) -> None:
        self._paper = paper
        self._folded: tuple[str, str] | None = None
        self._authors: frozenset[str] | None = None

    @property
    def folded(self) -> tuple[str, str]:
        """The title and the abstract, casefolded."""
        if self._folded is None:
            self._folded = (self._paper.title.casefold(), self._paper.abstract.casefold())
        return self._folded

    @property
    def authors(self) -> frozenset[str]:
        """The authors as names (see `_name`)."""
        if self._authors is None:
            self._authors = frozenset(map(_name, self._paper.authors))
        return self._authors


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


@functools.lru_cache(maxsize=1024)
def _pattern(phrase: str) -> re.Pattern[str]:
    # The words with anything but letters and digits between them. One literal-led pattern per
    # phrase is many times faster on long abstracts than lookarounds or an alternation.
    return re.compile(r"[\W_]+".join(map(re.escape, _words(phrase))))


def _found(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern` occurs in `text` as whole words."""
    match = pattern.search(text)
    while match:
        start, end = match.span()
        if not (start and _WORD.match(text, start - 1)) and not _WORD.match(text, end):
            return True
        match = pattern.search(text, start + 1)
    return False


# An author's name as the author index knows it (the same person whatever the case and accents);
# cached, since a name recurs across papers and slugify is slow.
_name = functools.lru_cache(maxsize=1 << 16)(anchor)


# --- Loading --------------------------------------------------------------------------------------


def load_watches(path: Path) -> tuple[Watch, ...]:
    """The watches in `path`, validated; none when the file does not exist. InputError names the
    key and line of a bad entry."""
    try:
        root = read_nodes(path)
    except FileNotFoundError:
        return ()
    return Reader(path).read(_FILE, root).watches


def problems(path: Path) -> list[str]:
    """For `paperfeed check`: what is wrong with the watches file, one line each."""
    try:
        load_watches(path)
    except InputError as exc:
        return [str(exc)]
    return []


class _Author(OneLine):
    """A name an author anchor can be made of: '???' is none."""

    expected = "a name"

    def read(self, reader: Reader, node: yaml.Node, at: At) -> str:
        name = super().read(reader, node, at)
        if not slugify(name):
            raise reader.wrong(self, node, at)
        return name


def _check_watch(watch: Fields) -> None:
    if not watch.values.get("phrases") and not watch.values.get("authors"):
        raise watch.error("needs 'phrases' or 'authors' (or both) to match papers by")


@dataclass(frozen=True, slots=True)
class _File:
    """watches.yml: an empty file, or an empty list, has no watches."""

    watches: Annotated[tuple[Watch, ...], ListOf(_WATCH, noun="watch", unique="slug")] = ()


_PHRASE = Phrase(_words)
_AUTHOR = _Author()
_WATCH = Section(Watch, label="slug", check=_check_watch)
_FILE = Section(_File)
