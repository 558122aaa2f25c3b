"""The declared configuration schema (schema.py): each kind's rule, the words of its errors and
their lines, and the same mistake worded the same in topics.yml, watches.yml and sources.yml."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import pytest

from paperfeed import checks, slugs
from paperfeed.analysis import taxonomy, watches
from paperfeed.errors import InputError
from paperfeed.fetch import config as fetch_config
from paperfeed.formats import read_file
from paperfeed.schema import (
    Bool,
    Date,
    Fields,
    Int,
    ListOf,
    Number,
    OneLine,
    Reader,
    Section,
    Slug,
    Url,
    read_nodes,
)

# --- Declarations to read (at module level: the annotations are read by name) ---------------------


@dataclass(frozen=True, slots=True)
class Point:
    name: Annotated[str, OneLine()]
    size: Annotated[int, Int(1, 10)] = 5
    ratio: Annotated[float, Number(above=0, most=1)] = 0.5
    shown: Annotated[bool, Bool()] = True
    day: Annotated[dt.date | None, Date()] = None
    home: Annotated[str, Url()] = "https://example.org/"
    slug: Annotated[str, Slug()] = "point"
    tags: Annotated[tuple[str, ...], ListOf(OneLine(), lone=True, same=str.casefold)] = ()
    note: str = ""  # no kind: not read from files


def _check_shelf(shelf: Fields) -> None:
    if shelf.values["slug"] in shelf.values["books"]:
        raise shelf.error("a shelf cannot hold a book named as itself", shelf.nodes["books"])


@dataclass(frozen=True, slots=True)
class Shelf:
    slug: Annotated[str, Slug()]
    books: Annotated[tuple[str, ...], ListOf(OneLine(), nonempty=True)]


@dataclass(frozen=True, slots=True)
class Library:
    shelves: Annotated[tuple[Shelf, ...], ListOf(SHELF, noun="shelf", unique="slug")] = ()
    point: Annotated[Point | None, Section(Point)] = None
    counts: Annotated[tuple[int, ...], ListOf(Int(0))] = ()


SHELF = Section(Shelf, label="slug", check=_check_shelf)
POINT_KEYS = "name, size, ratio, shown, day, home, slug, tags"  # in declaration order; `note` is not one


def read(tmp_path: Path, kind: Section[Any], text: str) -> Any:
    path = tmp_path / "file.yml"
    path.write_text(text, encoding="utf-8")
    return Reader(path).read(kind, read_nodes(path))


def refused(tmp_path: Path, kind: Section[Any], text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        read(tmp_path, kind, text)
    assert caught.value.where == str(tmp_path / "file.yml")
    return caught.value


# --- The kinds ------------------------------------------------------------------------------------


def test_a_mapping_builds_its_dataclass_and_what_is_left_out_keeps_its_default(tmp_path: Path) -> None:
    assert read(tmp_path, Section(Point), "name: A\n") == Point(name="A")
    text = (
        "name: '  A  '\nsize: 10\nratio: 1\nshown: false\nday: 2026-11-20\n"
        "home: http://example.org:8000/x\nslug: a-1\ntags: [x, y]\n"
    )
    point = read(tmp_path, Section(Point), text)
    day = dt.date(2026, 11, 20)
    assert point == Point("A", 10, 1.0, False, day, "http://example.org:8000/x", "a-1", ("x", "y"))
    assert type(point.ratio) is float  # a whole number given for a number is still a float


def test_a_date_may_be_written_as_text(tmp_path: Path) -> None:
    assert read(tmp_path, Section(Point), "name: A\nday: '2026-11-20'\n").day == dt.date(2026, 11, 20)


def test_one_value_alone_is_a_list_of_one_where_the_list_allows_it(tmp_path: Path) -> None:
    assert read(tmp_path, Section(Point), "name: A\ntags: solo\n").tags == ("solo",)
    error = refused(tmp_path, Section(Library), "counts: 3\n")
    assert (error.line, error.message) == (1, "'counts' must be a list, not 3")


def test_key_with_nothing_after_it_is_an_empty_list_or_mapping(tmp_path: Path) -> None:
    assert read(tmp_path, Section(Point), "name: A\ntags:\n").tags == ()
    assert read(tmp_path, Section(Library), "") == Library()
    error = refused(tmp_path, Section(Library), "counts: []\npoint:\n")
    assert (error.line, error.message) == (2, "point: 'name' is missing")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("size: 3\n", 1, "'name' is missing"),
        ("name: A\nnmae: B\n", 2, f"unknown key 'nmae' (expected one of: {POINT_KEYS})"),
        ("name: A\nnote: B\n", 2, f"unknown key 'note' (expected one of: {POINT_KEYS})"),
        ("name: A\nsize: 2\nname: B\n", 3, "'name' is given twice"),
        ("- name: A\n", 1, "the file must be a mapping, not a list"),
        ("name: [A]\n", 1, "'name' must be text, not a list"),
        ("name: ''\n", 1, "'name' must be text, not ''"),
        ("name:\n", 1, "'name' must be text, not nothing"),
        ("size: 1\nname: |\n  two\n  lines\n", 2, "'name' must be one line"),
        ("name: A\nsize: 11\n", 2, "'size' must be a whole number from 1 to 10, not 11"),
        ("name: A\nsize: 2.0\n", 2, "'size' must be a whole number from 1 to 10, not 2.0"),
        ("name: A\nsize: true\n", 2, "'size' must be a whole number from 1 to 10, not true"),
        ("name: A\nratio: 0\n", 2, "'ratio' must be a number above 0 and at most 1, not 0"),
        ("name: A\nratio: 1.5\n", 2, "'ratio' must be a number above 0 and at most 1, not 1.5"),
        ("name: A\nratio: .nan\n", 2, "'ratio' must be a number above 0 and at most 1, not nan"),
        ("name: A\nratio: '0.5'\n", 2, "'ratio' must be a number above 0 and at most 1, not '0.5'"),
        ("name: A\nshown: 1\n", 2, "'shown' must be true or false, not 1"),
        ("name: A\nday: '2026-13-01'\n", 2, "'day' must be a date (YYYY-MM-DD), not '2026-13-01'"),
        ("name: A\nday: 20\n", 2, "'day' must be a date (YYYY-MM-DD), not 20"),
        ("name: A\nhome: ftp://example.org/\n", 2, "'home' must be an http(s) URL, not 'ftp://example.org/'"),
        ("name: A\nhome: javascript:x\n", 2, "'home' must be an http(s) URL, not 'javascript:x'"),
        ("name: A\nslug: Big Slug\n", 2, f"'slug' must be {slugs.RULE}, not 'Big Slug'"),
        ("name: A\nslug: a--b\n", 2, f"'slug' must be {slugs.RULE}, not 'a--b'"),
        ("name: A\ntags: {a: 1}\n", 2, "'tags' must be a list, not a mapping"),
        ("name: A\ntags:\n  - a\n  - [b]\n", 4, "'tags' entry 2 must be text, not a list"),
        ("name: A\ntags:\n  - a\n  - b\n  - A\n", 5, "'tags' lists 'A' twice"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_with_its_line_and_words(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    error = refused(tmp_path, Section(Point), text)
    assert (error.line, error.message) == (line, message)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("shelves:\n  - 3\n", 2, "shelf 1 must be a mapping, not 3"),
        ("shelves:\n  - books: [x]\n", 2, "shelf 1: 'slug' is missing"),
        ("shelves:\n  - slug: a\n    bk: x\n", 3, "shelf 1: unknown key 'bk' (expected one of: slug, books)"),
        ("shelves:\n  - slug: a\n", 2, "shelf 1 (a): 'books' is missing"),
        ("shelves:\n  - slug: a\n    books: []\n", 3, "shelf 1 (a): 'books' needs at least one entry"),
        ("shelves:\n  - slug: a\n    books: [x, 7]\n", 3, "shelf 1 (a): 'books' entry 2 must be text, not 7"),
        (
            "shelves:\n  - slug: a\n    books: [x]\n  - books: [y]\n    slug: a\n",
            5,
            "shelf 2: slug 'a' is already used by shelf 1",
        ),
        (
            "shelves:\n  - slug: a\n    books:\n      - a\n",
            4,
            "shelf 1 (a): a shelf cannot hold a book named as itself",
        ),
        ("point: 3\n", 1, "'point' must be a mapping, not 3"),
        ("counts: [1]\npoint:\n  size: 2\n", 2, "point: 'name' is missing"),
        ("point:\n  name: A\n  size: 0\n", 3, "point: 'size' must be a whole number from 1 to 10, not 0"),
        ("point:\n  name: A\n  hue: red\n", 3, f"point: unknown key 'hue' (expected one of: {POINT_KEYS})"),
    ],
)
def test_errors_inside_lists_and_mappings_name_where_they_are(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    error = refused(tmp_path, Section(Library), text)
    assert (error.line, error.message) == (line, message)


def test_a_list_of_mappings_reads_each_into_its_dataclass(tmp_path: Path) -> None:
    text = "shelves:\n  - {slug: a, books: [x]}\n  - {slug: b, books: [y]}\n"
    library = read(tmp_path, Section(Library), text)
    assert library.shelves == (Shelf("a", ("x",)), Shelf("b", ("y",)))


def test_an_error_is_one_line_naming_the_file_and_line(tmp_path: Path) -> None:
    error = refused(tmp_path, Section(Point), "name: A\nsize: 0\n")
    assert str(error) == f"{tmp_path / 'file.yml'}:2: 'size' must be a whole number from 1 to 10, not 0"


# --- One mistake, one wording, in every configuration file ----------------------------------------

TOPIC = "  - slug: first\n    name: First\n    description: First.\n    phrases:\n      alpha: 2\n"
TOPICS = "topics:\n" + TOPIC
WATCH = "  - slug: first\n    name: First\n    phrases: [alpha]\n"
WATCHES = "watches:\n" + WATCH
QUERY = "    - name: first\n      categories: [cs.LG]\n"
SOURCES = "arxiv:\n  queries:\n" + QUERY
TOPIC_KEYS = ("slug", "name", "description", "phrases", "title_phrases", "negative", "categories")
WATCH_KEYS = ("slug", "name", "description", "phrases", "authors")
QUERY_KEYS = ("name", "categories", "phrases")
LOADERS: dict[str, Callable[[Path], object]] = {
    "topics.yml": taxonomy.load_taxonomy,
    "watches.yml": watches.load_watches,
    "sources.yml": fetch_config.load,
}


def mistake(name: str, wording: str, **files: tuple[str, int, str, dict[str, object]]) -> list[Any]:
    """The cases of one mistake: for each file, (text, line, place, what the wording names there)."""
    cases = []
    for file, (text, line, place, names) in files.items():
        message = wording.format(**names)
        expected = f"{place}: {message}" if place else message
        cases.append(pytest.param(f"{file}.yml", text, line, expected, id=f"{name}-{file}"))
    return cases


SAME_MISTAKES = [
    *mistake(
        "not-a-mapping",
        "the file must be a mapping, not a list",
        topics=("- slug: first\n", 1, "", {}),
        watches=("- slug: first\n", 1, "", {}),
        sources=("- arxiv\n", 1, "", {}),
    ),
    *mistake(
        "unknown-key",
        "unknown key 'colour' (expected one of: {known})",
        topics=(TOPICS + "    colour: red\n", 7, "topic 1", {"known": ", ".join(TOPIC_KEYS)}),
        watches=(WATCHES + "    colour: red\n", 5, "watch 1", {"known": ", ".join(WATCH_KEYS)}),
        sources=(SOURCES + "      colour: red\n", 5, "arxiv: query 1", {"known": ", ".join(QUERY_KEYS)}),
    ),
    *mistake(
        "given-twice",
        "'name' is given twice",
        topics=(TOPICS + "    name: Again\n", 7, "topic 1", {}),
        watches=(WATCHES + "    name: Again\n", 5, "watch 1", {}),
        sources=(SOURCES + "      name: again\n", 5, "arxiv: query 1", {}),
    ),
    *mistake(
        "missing",
        "'name' is missing",
        topics=(TOPICS.replace("    name: First\n", ""), 2, "topic 1 (first)", {}),
        watches=(WATCHES.replace("    name: First\n", ""), 2, "watch 1 (first)", {}),
        sources=(SOURCES.replace("- name: first\n      categories", "- categories"), 3, "arxiv: query 1", {}),
    ),
    *mistake(
        "text-given-a-list",
        "'name' must be text, not a list",
        topics=(TOPICS.replace("name: First", "name: [a, b]"), 3, "topic 1 (first)", {}),
        watches=(WATCHES.replace("name: First", "name: [a, b]"), 3, "watch 1 (first)", {}),
        sources=(SOURCES.replace("name: first", "name: [a, b]"), 3, "arxiv: query 1", {}),
    ),
    *mistake(
        "text-left-empty",
        "'name' must be text, not nothing",
        topics=(TOPICS.replace("name: First", "name:"), 3, "topic 1 (first)", {}),
        watches=(WATCHES.replace("name: First", "name:"), 3, "watch 1 (first)", {}),
        sources=(SOURCES.replace("name: first", "name:"), 3, "arxiv: query 1", {}),
    ),
    *mistake(
        "not-one-line",
        "'name' must be one line",
        topics=(TOPICS.replace("name: First", 'name: "two\\nlines"'), 3, "topic 1 (first)", {}),
        watches=(WATCHES.replace("name: First", 'name: "two\\nlines"'), 3, "watch 1 (first)", {}),
        sources=(SOURCES.replace("name: first", 'name: "two\\nlines"'), 3, "arxiv: query 1", {}),
    ),
    *mistake(
        "bad-slug",
        "'slug' must be lowercase words (a-z, 0-9) joined by hyphens, not 'First Topic'",
        topics=(TOPICS.replace("slug: first", "slug: First Topic"), 2, "topic 1", {}),
        watches=(WATCHES.replace("slug: first", "slug: First Topic"), 2, "watch 1", {}),
    ),
    *mistake(
        "not-a-list",
        "'{key}' must be a list, not a mapping",
        topics=(TOPICS + "    negative: {a: 1}\n", 7, "topic 1 (first)", {"key": "negative"}),
        watches=(WATCHES.replace("[alpha]", "{a: 1}"), 4, "watch 1 (first)", {"key": "phrases"}),
        sources=(SOURCES.replace("[cs.LG]", "{a: 1}"), 4, "arxiv: query 1 (first)", {"key": "categories"}),
    ),
    *mistake(
        "item-not-a-mapping",
        "{noun} 1 must be a mapping, not 'oops'",
        topics=("topics:\n  - oops\n", 2, "", {"noun": "topic"}),
        watches=("watches:\n  - oops\n", 2, "", {"noun": "watch"}),
        sources=("arxiv:\n  queries:\n    - oops\n", 3, "arxiv", {"noun": "query"}),
    ),
    *mistake(
        "used-twice",
        "{key} 'first' is already used by {noun} 1",
        topics=(TOPICS + TOPIC, 7, "topic 2", {"key": "slug", "noun": "topic"}),
        watches=(WATCHES + WATCH, 5, "watch 2", {"key": "slug", "noun": "watch"}),
        sources=(SOURCES + QUERY, 5, "arxiv: query 2", {"key": "name", "noun": "query"}),
    ),
    *mistake(
        "not-a-number",
        "'{key}' must be a number above 0, not 'soon'",
        topics=("scoring:\n  min_score: soon\n" + TOPICS, 2, "scoring", {"key": "min_score"}),
        sources=("client:\n  timeout: soon\n" + SOURCES, 2, "client", {"key": "timeout"}),
    ),
    *mistake(
        "number-out-of-range",
        "'{key}' must be a whole number from {low} to {high}, not 99",
        topics=(
            "scoring:\n  max_topics: 99\n" + TOPICS, 2, "scoring", {"key": "max_topics", "low": 1, "high": 3}
        ),
        sources=("client:\n  retries: 99\n" + SOURCES, 2, "client", {"key": "retries", "low": 0, "high": 10}),
    ),
]


@pytest.mark.parametrize(("file", "text", "line", "message"), SAME_MISTAKES)
def test_the_same_mistake_has_the_same_words_in_every_configuration_file(
    tmp_path: Path, file: str, text: str, line: int, message: str
) -> None:
    path = tmp_path / file
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        LOADERS[file](path)
    assert (caught.value.where, caught.value.line, caught.value.message) == (str(path), line, message)


def test_each_file_loads_without_its_mistakes(tmp_path: Path) -> None:
    """The texts the mistakes above are made in are good files: each error is the mistake's."""
    for file, text in (("topics.yml", TOPICS), ("watches.yml", WATCHES), ("sources.yml", SOURCES)):
        (tmp_path / file).write_text(text, encoding="utf-8")
        assert LOADERS[file](tmp_path / file)


def test_paperfeed_check_words_a_bad_slug_in_the_store_as_the_configuration_files_do(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "papers").mkdir(parents=True)
    (content / "topics.yml").write_text(TOPICS, encoding="utf-8")
    (content / "papers" / "2026-11-20.yml").write_text(
        "- title: A paper\n  slug: First Topic\n  added: 2026-11-20\n", encoding="utf-8"
    )
    problems, _ = checks.check_content(content)
    assert problems == [
        f"{content / 'papers' / '2026-11-20.yml'}:1: 'A paper': "
        "'slug' must be lowercase words (a-z, 0-9) joined by hyphens, not 'First Topic'"
    ]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("- title: A\n  colour: red\n", "unknown key 'colour' (expected one of: abstract, added, arxiv, "),
        ("- title: [A, B]\n", "'title' must be text, not a list"),
        ("- title: A\n  added: someday\n", "'added' must be a date (YYYY-MM-DD), not 'someday'"),
        ("- title: A\n  date: 2026-02-30\n", "'date' must be a date (YYYY-MM-DD), not '2026-02-30'"),
        ("- title: A\n  links: [x]\n", "'links' must be a mapping, not a list"),
    ],
)
def test_store_entries_word_common_mistakes_as_the_configuration_files_do(
    tmp_path: Path, record: str, message: str
) -> None:
    path = tmp_path / "list.yml"
    path.write_text(record, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_file(path, dt.date(2026, 11, 20))
    assert caught.value.message.removeprefix("'A': ").startswith(message)  # after the record's title
    assert caught.value.line == 1
