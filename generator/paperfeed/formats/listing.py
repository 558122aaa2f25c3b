"""One listing's text as the formats see it, and the paper fields every format fills alike."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import yaml

from paperfeed import rules, urls
from paperfeed.errors import InputError, RecordWarning, describe, must_be, quote
from paperfeed.model import DateSource, Links, Paper, arxiv_id, arxiv_month
from paperfeed.schema import DATE, PaperYamlLoader, decoded, load_yaml, to_date
from paperfeed.text import clean, shorten

_DATE_IN_NAME = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_CODE_HOSTS = re.compile(
    r"https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)/[^/\s]+/[^/\s]+",
    re.IGNORECASE,
)
_CODE_WORDS = re.compile(r"\b(?:code|implementation|repository|software|source)\b", re.IGNORECASE)
_PROJECT_WORDS = re.compile(r"\b(?:project page|website|homepage|demo)\b", re.IGNORECASE)
_NO_LINKS = Links()
_YamlNode = yaml.Node  # the class's own `yaml` hides the module in its annotations


class Listing:
    """The decoded text of one listing, with its JSON or YAML parsed once on demand, and the
    warnings of its records that did not land as they were (`record`)."""

    def __init__(self, text: str, where: str, default_date: dt.date) -> None:
        self.text = text
        self.where = where
        self.listing_date = _date_in_name(where) or default_date
        self.warnings: list[RecordWarning] = []
        self._cuts: list[RecordWarning] = []  # of the record being read

    @contextlib.contextmanager
    def record(
        self,
        line: int | None = None,
        *,
        title: object = None,
        label: str = "",
        locate: Callable[[], int | None] = lambda: None,
    ) -> Iterator[None]:
        """Reads one record: an InputError inside skips it with a warning (the rest of the
        listing still lands), and the fields cut to their limits are warned of if it lands.
        A warning names the record's line (`line`, else `locate()`, found only then), else its
        `label` ("paper 3"), and its title."""
        self._cuts = []
        try:
            yield
        except InputError as exc:
            line = exc.line or line or locate()
            titled = isinstance(title, str | int | float) and clean(title)
            about = f"{quote(clean(title))}: " if titled else ""
            where = "" if line or not label else f"{label}: "
            self.warnings.append(RecordWarning(self.where, line, where + about + exc.message, skipped=True))
        else:
            if self._cuts:
                line = line or locate()
                where = "" if line or not label else f"{label}: "
                self.warnings += [
                    dataclasses.replace(cut, line=line, message=where + cut.message) for cut in self._cuts
                ]
        finally:
            self._cuts = []

    def cut(self, title: str, message: str) -> None:
        """A field of the record being read was cut to its limit (see `record`)."""
        self._cuts.append(RecordWarning(self.where, None, f"{quote(title)}: {message}", skipped=False))

    @classmethod
    def from_bytes(cls, raw: bytes, where: str, default_date: dt.date) -> Listing:
        text = decoded(raw, where, "a listing")
        return cls(text.replace("\r\n", "\n").replace("\r", "\n"), where, default_date)

    @property
    def head(self) -> str:
        """The first character that is not whitespace."""
        stripped = self.text.lstrip()
        return stripped[:1]

    @cached_property
    def json(self) -> Any:
        try:
            return json.loads(
                self.text,
                object_pairs_hook=_json_object,
                parse_constant=_json_constant,
                parse_float=_json_float,
            )
        except json.JSONDecodeError as exc:
            raise self.error(f"malformed JSON: {exc.msg}", exc.lineno) from None
        except RecursionError:
            raise self.error("malformed JSON: nested too deeply") from None
        except ValueError as exc:  # a number of over 4,300 digits, a key given twice, NaN
            raise self.error(f"malformed JSON: {_json_problem(exc)}") from None

    @cached_property
    def yaml(self) -> Any:
        return load_yaml(self.text, self.where, PaperYamlLoader)

    @cached_property
    def nodes(self) -> _YamlNode | None:
        """The YAML's node tree, which knows the lines (for warnings and errors only)."""
        try:
            return yaml.compose(self.text, Loader=PaperYamlLoader)
        except yaml.YAMLError:
            return None

    def error(self, message: str, line: int | None = None) -> InputError:
        return InputError(self.where, message, line)


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:  # JSON would silently keep the last value
            raise ValueError(f"the key {key[:60]!r} is given twice")
        seen.add(key)
    return dict(pairs)


def _json_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a value a listing holds")


def _json_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e999 would be read as "inf"
        raise ValueError(f"{text[:20]} is too large a number for a listing")
    return number


def _json_problem(exc: ValueError) -> str:
    message = str(exc)
    if "integer string conversion" in message:
        return "a number of more than 4,300 digits"
    return message


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    detect: Callable[[Listing], bool]
    parse: Callable[[Listing], list[Paper]]


def make_paper(
    listing: Listing,
    *,
    title: object,
    abstract: object = "",
    arxiv: object = None,
    authors: Iterable[object] = (),
    published: object = None,
    links: Links = _NO_LINKS,
    categories: Iterable[object] = (),
    upvotes: int | None = None,
    comments: int | None = None,
    line: int | None = None,
    check: bool = True,
) -> Paper:
    """A paper from one record's raw fields, cleaned, with its date and links worked out.

    The date is the publication date when known, else the month of the arXiv id, else the
    listing's own date (a placeholder that a better source replaces on merge). Text over a field
    limit is cut to it (Listing.cut says so). The paper must pass rules.paper_problem; `check=False`
    leaves that to a caller that adds fields first. Called inside Listing.record, which names
    the record in the errors raised here.
    """
    clean_title = clean(title or "")
    if not clean_title:
        raise listing.error("a paper without a title", line)
    clean_title = _within(listing, clean_title, clean_title, rules.MAX_TITLE, "the title")
    clean_abstract = _within(listing, clean_title, clean(abstract or ""), rules.MAX_ABSTRACT, "the abstract")
    ident = None
    if arxiv not in (None, ""):
        ident = arxiv_id(str(arxiv))
        if ident is None:
            raise listing.error(f"not an arXiv id: {str(arxiv)[:60]!r}", line)
    date, source = listing.listing_date, DateSource.LISTING
    if published not in (None, ""):
        date, source = parse_date(published, listing, line), DateSource.PUBLISHED
    elif ident and (month := arxiv_month(ident)):
        date, source = month, DateSource.ARXIV_ID
    paper = Paper(
        title=clean_title,
        abstract=clean_abstract,
        arxiv=ident,
        authors=_authors(listing, clean_title, authors),
        date=date,
        date_source=source,
        links=links.merged(links_in_text(clean_abstract)),
        categories=tuple(c for c in (clean(x) for x in categories) if c),
        upvotes=upvotes,
        comments=comments,
    )
    if check and (problem := rules.paper_problem(paper)):
        raise listing.error(problem, line)
    return paper


def _within(listing: Listing, title: str, text: str, limit: int, what: str) -> str:
    """`text`, cut at a word to at most `limit` characters (ending in "…") if it is longer."""
    if len(text) <= limit:
        return text
    shortened = shorten(text, limit - 1)  # the "…" is one more character
    listing.cut(shortened if what == "the title" else title, f"{what} is {len(text):,} characters long "
                f"(at most {limit:,}): cut to {len(shortened):,}")
    return shortened


def _authors(listing: Listing, title: str, names: Iterable[object]) -> tuple[str, ...]:
    """The record's authors, cleaned; a name over the limit is cut, and a list over the limit
    keeps its first MAX_AUTHORS."""
    cleaned = [name for name in (clean(x) for x in names) if name]
    if len(cleaned) > rules.MAX_AUTHORS:
        listing.cut(title, f"{len(cleaned):,} authors (at most {rules.MAX_AUTHORS:,}): kept the first "
                    f"{rules.MAX_AUTHORS:,}")
        cleaned = cleaned[: rules.MAX_AUTHORS]
    long = sum(1 for name in cleaned if len(name) > rules.MAX_AUTHOR)
    if long:
        names = "an author's name is" if long == 1 else f"{long:,} authors' names are"
        listing.cut(title, f"{names} over {rules.MAX_AUTHOR} characters: cut to {rules.MAX_AUTHOR}")
    return tuple(shorten(name, rules.MAX_AUTHOR - 1) for name in cleaned)


def parse_date(value: object, listing: Listing, line: int | None = None, key: str = "published") -> dt.date:
    """The date in a record's field `key`; InputError when it holds none."""
    date = to_date(value)
    if date is None:
        raise listing.error(must_be(repr(key), DATE, describe(str(value).strip())), line)
    return date


def count(value: object, key: str, listing: Listing, line: int | None = None) -> int:
    """A count a record gives (upvotes, comments): a whole number of 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise listing.error(must_be(repr(key), "a whole number of 0 or more", describe(value)), line)
    number = int(value)
    if number > 10**9:
        raise listing.error(must_be(repr(key), "a count below a billion", describe(value)), line)
    return number


def links_in_text(text: str) -> Links:
    """Code and project links named in an abstract ("Code is at: https://github.com/...")."""
    code = project = None
    for start, _end, url in urls.in_text(text):  # only URLs a page may link to
        before = text[max(0, start - 60) : start]
        if code is None and (_CODE_HOSTS.match(url) or _CODE_WORDS.search(before)):
            code = url
        elif project is None and _PROJECT_WORDS.search(before):
            project = url
    return Links(code=code, project=project)


def _date_in_name(where: str) -> dt.date | None:
    name = where.replace("\\", "/").rsplit("/", 1)[-1]
    match = _DATE_IN_NAME.search(name)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None
