"""The configuration files (topics.yml, watches.yml, sources.yml), declared once and read from
YAML node trees, so that every error names the file, the line and the key, in the same words in
every file.

A file is declared by the dataclasses it fills. Each field's type carries its kind, the rule its
value follows, and a field without a default is required:

    @dataclass(frozen=True, slots=True)
    class Scoring:
        repeat_cap: Annotated[int, Int(1)] = 3
        min_score: Annotated[float, Number(above=0)] = 2.0

`Reader(path).read(Section(Scoring), node)` checks a mapping node against those fields and
builds the dataclass. A Section's `check` holds the rules between fields, beside the declaration.
`key:` with nothing after it is an empty list or mapping; as text or a number it is a mistake.

An error says where, then what, in the words of errors.py: `scoring: 'repeat_cap' must be a whole
number of 1 or more, not 0`, `topic 2 (rl): 'name' is missing`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import os
import typing
from collections.abc import Callable, Hashable, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

from paperfeed import disk, slugs
from paperfeed.errors import (
    InputError,
    describe,
    given_twice,
    listed_twice,
    missing,
    must_be,
    needs_one,
    not_one_line,
    unknown_key,
)
from paperfeed.urls import safe_url

T = TypeVar("T")

# --- Reading YAML -------------------------------------------------------------------------------

DATE = "a date (YYYY-MM-DD)"  # what errors say a date must be

try:  # libyaml's loader is several times faster on a large store
    YamlLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pyyaml built without libyaml
    YamlLoader = yaml.SafeLoader


class PaperYamlLoader(YamlLoader):  # type: ignore[misc, valid-type]
    """Numbers, yes/no and dates stay as written: an unquoted arXiv id such as 2505.10000 must
    not lose its trailing zeros as a float, and a date is read (and refused) by `parse_date`.
    A key given twice in one mapping is refused: YAML would silently keep the last value."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key.value[:60]!r} is given twice", key.start_mark
                    )
                seen.add(key.value)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        return mapping


for _tag in ("int", "float", "bool", "timestamp"):
    PaperYamlLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", yaml.SafeLoader.construct_scalar)


def decoded(raw: bytes, where: str | Path, kind: str) -> str:
    """A text file's bytes as text; InputError for an empty file, a binary one (NUL bytes) or one
    that is not UTF-8, naming `kind` ("a listing", "a store file")."""
    if not raw.strip():
        raise InputError(where, "empty file")
    if b"\x00" in raw:
        raise InputError(where, f"binary file, not {kind} (it holds NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(where, "not UTF-8 text (a binary file?)", line) from None


def load_yaml(text: str, where: str, loader: Any = YamlLoader) -> Any:
    """Parsed YAML; a syntax error becomes an InputError with its line."""
    try:
        return yaml.load(text, Loader=loader)  # every loader given here is a safe one
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        raise InputError(where, f"malformed YAML: {problem}", mark.line + 1 if mark else None) from None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as exc:
        # a value the constructors refuse, such as the date 2025-13-01, fails outside the parser;
        # a reader error names the character on its first line and "<unicode string>" after it
        reason = next(iter(str(exc).splitlines()), "") or type(exc).__name__
        raise InputError(where, f"malformed YAML: {reason}") from None


def to_date(value: object) -> dt.date | None:
    """A date from a date, a datetime or an ISO 8601 string (the date part counts); else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


# --- Declared files -------------------------------------------------------------------------------

_NULL = yaml.ScalarNode("tag:yaml.org,2002:null", "")  # an empty file: no node, no line


def read_nodes(path: Path) -> yaml.Node | None:
    """The file's node tree (None when it is empty); FileNotFoundError when it does not exist."""
    if not os.path.lexists(path):
        raise FileNotFoundError(path)
    raw = disk.read_regular(path)
    if not raw.strip():
        return None
    text = decoded(raw, path, "a YAML file")
    load_yaml(text, str(path))  # syntax errors, reported the way every YAML file's are
    node: yaml.Node | None = yaml.compose(text, Loader=YamlLoader)
    return node


@dataclass(frozen=True, slots=True)
class At:
    """Where a value is, as errors name it: "client: 'timeout' must be ..."."""

    place: str  # the mapping it is in: "client", "topic 2 (rl)", "arxiv: query 1"; "" at the top
    subject: str  # the value itself: "'timeout'", "topic 2", "'phrases' entry 3"
    inside: str  # the place of the values inside it, when it is a mapping
    key: yaml.Node | None = None  # the key it is the value of: the line of errors about all of it

    def item(self, number: int, noun: str) -> At:
        """The list's item `number`, called `noun number` when it has a noun ("topic 2")."""
        subject = f"{noun} {number}" if noun else f"{self.subject} entry {number}"
        return At(self.place, subject, _join(self.place, subject))


FILE = At("", "the file", "")


class Reader:
    """Reads one file's node tree against its declaration; every error names the file and line."""

    def __init__(self, where: Path | str) -> None:
        self.where = where
        self._constructor = yaml.constructor.SafeConstructor()

    def read(self, kind: Kind[T], node: yaml.Node | None) -> T:
        """The whole file as `kind` reads it; an empty file is an empty mapping or list."""
        return kind.read(self, _NULL if node is None else node, FILE)

    def error(self, message: str, node: yaml.Node | None, place: str = "") -> InputError:
        mark = node.start_mark if node is not None else None
        return InputError(self.where, _join(place, message), mark.line + 1 if mark else None)

    def wrong(self, kind: Kind[Any], node: yaml.Node, at: At) -> InputError:
        """A value that is not what `kind` expects: "'timeout' must be a number above 0, not 'soon'"."""
        if isinstance(node, yaml.MappingNode):
            found = "a mapping"
        elif isinstance(node, yaml.SequenceNode):
            found = "a list"
        else:
            found = describe(self.scalar(node))
        return self.error(must_be(at.subject, kind.expected, found), node, at.place)

    def scalar(self, node: yaml.Node) -> Any:
        """A scalar node's value (str, int, float, bool, date or None); None for lists and mappings."""
        if not isinstance(node, yaml.ScalarNode):
            return None
        return self._constructor.construct_object(node)

    def is_empty(self, node: yaml.Node) -> bool:
        """`key:` with nothing after it."""
        return isinstance(node, yaml.ScalarNode) and self.scalar(node) is None

    def pairs(self, kind: Kind[Any], node: yaml.Node, at: At) -> list[tuple[yaml.Node, yaml.Node]]:
        """A mapping's (key, value) nodes: none for `key:` left empty, an error for a non-mapping."""
        if self.is_empty(node):
            return []
        if isinstance(node, yaml.MappingNode):
            return list(node.value)
        raise self.wrong(kind, node, at)


class Kind(Generic[T]):
    """The rule for one value: `read` returns it or raises the reader's error."""

    expected = "a value"  # the words after "must be" in the error for a value of the wrong kind

    def read(self, reader: Reader, node: yaml.Node, at: At) -> T:
        raise NotImplementedError


# --- Scalars --------------------------------------------------------------------------------------


class Text(Kind[str]):
    """Text that is not blank, without the spaces around it."""

    expected = "text"

    def read(self, reader: Reader, node: yaml.Node, at: At) -> str:
        value = reader.scalar(node)
        if not isinstance(value, str) or not value.strip():
            raise reader.wrong(self, node, at)
        return value.strip()


class OneLine(Text):
    """Text on one line: a name, a description, a phrase."""

    def read(self, reader: Reader, node: yaml.Node, at: At) -> str:
        text = super().read(reader, node, at)
        if "\n" in text:
            raise reader.error(not_one_line(at.subject), node, at.place)
        return text


class Phrase(OneLine):
    """One line with at least one word in it, as `words` cuts text into words."""

    expected = "a phrase of one or more words"

    def __init__(self, words: Callable[[str], Sized]) -> None:
        self.words = words

    def read(self, reader: Reader, node: yaml.Node, at: At) -> str:
        text = super().read(reader, node, at)
        if len(self.words(text)) == 0:
            raise reader.wrong(self, node, at)
        return text


class Slug(Kind[str]):
    expected = slugs.RULE

    def read(self, reader: Reader, node: yaml.Node, at: At) -> str:
        value = reader.scalar(node)
        if not isinstance(value, str) or not slugs.is_slug(value.strip()):
            raise reader.wrong(self, node, at)
        return value.strip()


class Url(Kind[str]):
    expected = "an http(s) URL"

    def read(self, reader: Reader, node: yaml.Node, at: At) -> str:
        url = safe_url(reader.scalar(node))
        if url is None:
            raise reader.wrong(self, node, at)
        return url


class Date(Kind[dt.date]):
    expected = DATE

    def read(self, reader: Reader, node: yaml.Node, at: At) -> dt.date:
        date = to_date(reader.scalar(node))
        if date is None:
            raise reader.wrong(self, node, at)
        return date


class Bool(Kind[bool]):
    expected = "true or false"

    def read(self, reader: Reader, node: yaml.Node, at: At) -> bool:
        value = reader.scalar(node)
        if not isinstance(value, bool):
            raise reader.wrong(self, node, at)
        return value


class Int(Kind[int]):
    """A whole number from `low` to `high` (no upper bound when None)."""

    def __init__(self, low: int, high: int | None = None) -> None:
        self.low, self.high = low, high
        if high is None:
            self.expected = f"a whole number of {low} or more"
        else:
            self.expected = f"a whole number from {low} to {high}"

    def read(self, reader: Reader, node: yaml.Node, at: At) -> int:
        value = reader.scalar(node)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < self.low
            or (self.high is not None and value > self.high)
        ):
            raise reader.wrong(self, node, at)
        return value


class Number(Kind[float]):
    """A number within bounds: `above` (not included), `least` and `most` (included). YAML's
    true and false are not numbers here, nor are .inf and .nan."""

    def __init__(
        self, *, above: float | None = None, least: float | None = None, most: float | None = None
    ) -> None:
        self.above, self.least, self.most = above, least, most
        bounds = []
        if above is not None:
            bounds.append(f"above {above:g}")
        if least is not None:
            bounds.append(f"of {least:g} or more")
        if most is not None:
            bounds.append(f"at most {most:g}")
        self.expected = "a number " + " and ".join(bounds) if bounds else "a number"

    def read(self, reader: Reader, node: yaml.Node, at: At) -> float:
        value = reader.scalar(node)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or (self.above is not None and value <= self.above)
            or (self.least is not None and value < self.least)
            or (self.most is not None and value > self.most)
        ):
            raise reader.wrong(self, node, at)
        return float(value)


# --- Lists and mappings ---------------------------------------------------------------------------


class ListOf(Kind[tuple[T, ...]]):
    """A list of values of one kind, as a tuple.

    `noun` names each item in errors ("topic 2"; else "'phrases' entry 2"); `lone`: one value
    alone is a list of one; `nonempty`: an empty list is an error; `unique`: the field that two
    items (mappings) must not share; `same`: what makes two items (scalars) the same.
    """

    expected = "a list"

    def __init__(
        self,
        item: Kind[T],
        *,
        noun: str = "",
        lone: bool = False,
        nonempty: bool = False,
        unique: str = "",
        same: Callable[[T], Hashable] | None = None,
    ) -> None:
        self.item, self.noun, self.lone, self.nonempty = item, noun, lone, nonempty
        self.unique, self.same = unique, same

    def read(self, reader: Reader, node: yaml.Node, at: At) -> tuple[T, ...]:
        if reader.is_empty(node):
            nodes = []
        elif isinstance(node, yaml.SequenceNode):
            nodes = list(node.value)
        elif self.lone and isinstance(node, yaml.ScalarNode):
            nodes = [node]
        else:
            raise reader.wrong(self, node, at)
        if self.nonempty and not nodes:
            raise reader.error(needs_one(at.subject), node, at.place)
        values: list[T] = []
        numbers: dict[Hashable, int] = {}  # a `unique` field's value -> the item that has it
        seen: set[Hashable] = set()  # `same` of every item so far
        for number, item_node in enumerate(nodes, start=1):
            item_at = at.item(number, self.noun)
            value = self.item.read(reader, item_node, item_at)
            if self.unique:
                key = getattr(value, self.unique)
                if key in numbers:
                    message = f"{self.unique} {key!r} is already used by {self.noun} {numbers[key]}"
                    raise reader.error(message, _value_node(item_node, self.unique), item_at.inside)
                numbers[key] = number
            if self.same:
                if self.same(value) in seen:
                    raise reader.error(listed_twice(at.subject, value), item_node, at.place)
                seen.add(self.same(value))
            values.append(value)
        return tuple(values)


@dataclass(frozen=True, slots=True)
class Fields:
    """A mapping's fields as read, before they make their dataclass: what a Section's `check`
    sees. Only the fields given are in `values` (the dataclass has the defaults)."""

    reader: Reader
    node: yaml.Node  # the mapping, or the key it is the value of
    place: str  # how errors name it: "topic 2 (rl)"
    values: dict[str, Any]
    nodes: dict[str, yaml.Node]  # the value node of each field given, for the line of an error

    def error(self, message: str, node: yaml.Node | None = None) -> InputError:
        return self.reader.error(message, self.node if node is None else node, self.place)


class Section(Kind[T]):
    """A mapping of the fields of `cls`, a dataclass whose fields read from the file are
    annotated with their kind, `Annotated[int, Int(1, 3)]`; those without a default are required.

    `label` is the field that tells the mapping apart in errors once it is read ("topic 2 (rl)");
    `check` applies the rules between fields and raises `Fields.error`.
    """

    expected = "a mapping"

    def __init__(
        self, cls: type[T], *, label: str = "", check: Callable[[Fields], None] | None = None
    ) -> None:
        self.cls, self.label, self.check = cls, label, check

    def read(self, reader: Reader, node: yaml.Node, at: At) -> T:
        fields = self.fields(reader, node, at)
        if self.check:
            self.check(fields)
        return self.cls(**fields.values)

    @functools.cached_property
    def declared(self) -> dict[str, tuple[Kind[Any], bool]]:
        """The fields read from files: name -> (kind, required), in order. Worked out on first
        use, when the names the annotations use are all defined."""
        hints = typing.get_type_hints(self.cls, include_extras=True)
        declared = {}
        for field in dataclasses.fields(self.cls):  # type: ignore[arg-type]  # cls is a dataclass
            kinds = [m for m in getattr(hints[field.name], "__metadata__", ()) if isinstance(m, Kind)]
            if kinds:
                no_default = dataclasses.MISSING  # the default of a field that has none
                required = field.default is no_default and field.default_factory is no_default
                declared[field.name] = (kinds[0], required)
        return declared

    def fields(self, reader: Reader, node: yaml.Node, at: At) -> Fields:
        declared = self.declared
        pairs = reader.pairs(self, node, at)
        given: dict[str, tuple[yaml.Node, yaml.Node]] = {}  # key -> (key node, value node)
        for key_node, value_node in pairs:
            key = reader.scalar(key_node)
            if key not in declared:
                raise reader.error(unknown_key(key, declared), key_node, at.inside)
            if key in given:
                raise reader.error(given_twice(key), key_node, at.inside)
            given[key] = (key_node, value_node)
        whole = node if at.key is None else at.key  # errors about the mapping as a whole point here
        place = at.inside
        values: dict[str, Any] = {}
        for name, (kind, required) in declared.items():
            if name in given:
                key_node, value_node = given[name]
                value_at = At(place, repr(name), _join(place, name), key_node)
                values[name] = kind.read(reader, value_node, value_at)
                if name == self.label:
                    place = f"{place} ({values[name]})"
            elif required:
                raise reader.error(missing(name), whole, place)
        return Fields(reader, whole, place, values, {name: given[name][1] for name in values})


def _value_node(mapping: yaml.Node, key: str) -> yaml.Node:
    """The node of `key`'s value in a mapping node (the mapping itself when it has no such key)."""
    if isinstance(mapping, yaml.MappingNode):
        for key_node, item_node in mapping.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return item_node
    return mapping


def _join(place: str, message: str) -> str:
    return f"{place}: {message}" if place else message
