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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from paperfeed.analysis.authors import anchor
from paperfeed.errors import InputError
from paperfeed.model import Entry, Paper
from paperfeed.schema import Entries, NodeReader, read_nodes
from paperfeed.slugs import slugify

WATCHES_FILE = "watches.yml"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_WORD = re.compile(r"[^\W_]+")  # a word: letters and digits; anything else separates words
_KEYS = ("slug", "name", "description", "phrases", "authors")


@dataclass(frozen=True, slots=True)
class Watch:
    slug: str  # its URL: /watches/<slug>/
    name: str
    description: str = ""
    phrases: tuple[str, ...] = ()  # in the title or abstract, as whole words
    authors: tuple[str, ...] = ()  # any one of the paper's authors

    @property
    def rule(self) -> str:
        """What the watch matches, in words: 'mentioning “world model” or by Yuhong Guo'."""
        parts = []
        if self.phrases:
            parts.append("mentioning " + _either([f"“{p}”" for p in self.phrases]))
        if self.authors:
            parts.append("by " + _either(list(self.authors)))
        return " or ".join(parts)


def matches(watch: Watch, paper: Paper) -> bool:
    return _matches(watch, _Text(paper))


def select(watches: Iterable[Watch], entries: Iterable[Entry]) -> tuple[tuple[Watch, tuple[Entry, ...]], ...]:
    """Each watch with the entries it matches, in the order given."""
    watches = tuple(watches)
    found: dict[str, list[Entry]] = {w.slug: [] for w in watches}
    if watches:
        for entry in entries:
            text = _Text(entry.paper)  # each paper read once, whatever the number of watches
            for watch in watches:
                if _matches(watch, text):
                    found[watch.slug].append(entry)
    return tuple((w, tuple(found[w.slug])) for w in watches)


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


class _Text:
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


def _matches(watch: Watch, text: _Text) -> bool:
    if watch.authors and not text.authors.isdisjoint(map(_name, watch.authors)):
        return True
    return any(_found(_pattern(p), folded) for p in watch.phrases for folded in text.folded)


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
    return _Reader(path).watches(root)


def problems(path: Path) -> list[str]:
    """For `paperfeed check`: what is wrong with the watches file, one line each."""
    try:
        load_watches(path)
    except InputError as exc:
        return [str(exc)]
    return []


class _Reader(NodeReader):
    """Builds the watches from the YAML node tree, so every error can name its line."""

    def watches(self, root: yaml.Node | None) -> tuple[Watch, ...]:
        if root is None:
            return ()  # an empty file: no watches
        if not isinstance(root, yaml.MappingNode):
            raise self.error("expected a mapping with a 'watches' list", root)
        keys = self.entries(root, ("watches",), "")
        node = keys.get("watches", (None, None))[1]
        if node is None or (isinstance(node, yaml.ScalarNode) and self.scalar(node) is None):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            raise self.error("'watches' must be a list of watches", node)
        watches: list[Watch] = []
        seen: dict[str, int] = {}
        for number, item in enumerate(node.value, start=1):
            watch, slug_node = self.watch(item, number)
            if watch.slug in seen:
                raise self.error(
                    f"watch {number}: slug {watch.slug!r} is already used by watch {seen[watch.slug]}",
                    slug_node,
                )
            seen[watch.slug] = number
            watches.append(watch)
        return tuple(watches)

    def watch(self, node: yaml.Node, number: int) -> tuple[Watch, yaml.Node]:
        where = f"watch {number}: "
        if not isinstance(node, yaml.MappingNode):
            raise self.error(f"{where}expected a mapping with slug, name and phrases or authors", node)
        keys = self.entries(node, _KEYS, where)
        if "slug" not in keys:
            raise self.error(f"{where}'slug' is missing", node)
        slug_node = keys["slug"][1]
        slug = self.one_line(slug_node, f"{where}'slug'")
        if not SLUG.fullmatch(slug):
            raise self.error(
                f"{where}'slug' must be lowercase words joined by hyphens, not {slug!r}", slug_node
            )
        where = f"watch {number} ({slug}): "
        if "name" not in keys:
            raise self.error(f"{where}'name' is missing", node)
        phrases = self.texts(keys, "phrases", where, _words)
        for phrase, item in phrases:
            if not _words(phrase):
                raise self.error(f"{where}'phrases': {phrase!r} has no words", item)
        authors = self.texts(keys, "authors", where, _name)
        for name, item in authors:
            if not slugify(name):  # nothing an anchor could be made of
                raise self.error(f"{where}'authors': {name!r} is not a name", item)
        if not phrases and not authors:
            raise self.error(f"{where}needs 'phrases' or 'authors' (or both) to match papers by", node)
        description = keys.get("description")
        watch = Watch(
            slug=slug,
            name=self.one_line(keys["name"][1], f"{where}'name'"),
            description=self.one_line(description[1], f"{where}'description'") if description else "",
            phrases=tuple(p for p, _ in phrases),
            authors=tuple(a for a, _ in authors),
        )
        return watch, slug_node

    def texts(
        self, keys: Entries, key: str, where: str, same: Callable[[str], object]
    ) -> list[tuple[str, yaml.Node]]:
        """The one-line texts listed under `key` (one text alone is a list of one), with their
        nodes; two that are the `same` are an error."""
        if key not in keys:
            return []
        node = keys[key][1]
        if isinstance(node, yaml.ScalarNode):
            items = [] if self.scalar(node) is None else [node]
        elif isinstance(node, yaml.SequenceNode):
            items = list(node.value)
        else:
            raise self.error(f"{where}{key!r} must be a list of text", node)
        result: list[tuple[str, yaml.Node]] = []
        for item in items:
            value = self.one_line(item, f"{where}{key!r}: an entry")
            if any(same(value) == same(seen) for seen, _ in result):
                raise self.error(f"{where}{key!r} lists {value!r} twice", item)
            result.append((value, item))
        return result

