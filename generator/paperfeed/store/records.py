"""The store's own records: a paper as one mapping of a day file, read and written strictly.

A stored paper holds final text, cleaned once when it entered (text.clean): reading it back
cleans nothing, so what is stored is what is shown, and writing a paper read from the store gives
the same bytes. Only the store's own keys are accepted (a listing's aliases, such as `summary` or
`published`, belong to formats/paper_list.py), each of its own type; a hand edit that breaks a rule
is refused with the paper's line.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from paperfeed import rules
from paperfeed.errors import InputError, describe, must_be, quote, unknown_key
from paperfeed.model import LINK_KINDS, DateSource, Links, Paper, arxiv_id
from paperfeed.schema import DATE, to_date
from paperfeed.text import invisible
from paperfeed.urls import safe_url

# In the order a record is written: what a reader of the YAML looks for first comes first.
KEYS = (
    "title", "slug", "arxiv", "date", "date_source", "added", "authors", "categories", "topics",
    "auto_topics", "classifier", "upvotes", "comments", "links", "abstract",
)  # fmt: skip
_TIMESTAMP = re.compile(r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d)?)(?:Z|\+00:00)")


def to_record(paper: Paper) -> dict[str, Any]:
    """The store's form of a paper: only known facts, in the order of KEYS."""
    out: dict[str, Any] = {"title": paper.title}
    if paper.slug:
        out["slug"] = paper.slug
    if paper.arxiv:
        out["arxiv"] = paper.arxiv
    if paper.date:
        out["date"] = paper.date
        out["date_source"] = paper.date_source.label
    if paper.added:
        out["added"] = _added(paper.added, paper.added_time)
    for key in ("authors", "categories", "topics", "auto_topics"):
        if values := getattr(paper, key):
            out[key] = list(values)
    for key in ("classifier", "upvotes", "comments"):
        if (value := getattr(paper, key)) is not None:
            out[key] = value
    if links := paper.links.as_dict():
        out["links"] = links
    if paper.abstract:
        out["abstract"] = paper.abstract
    return out


def from_record(record: object) -> Paper:
    """The paper a record holds; InputError (with no place: the caller knows it) when the record
    breaks a rule of the store."""
    if not isinstance(record, dict):
        raise _error(must_be("a paper", "a mapping", describe(record)))
    fields: dict[str, Any] = {}
    for key, value in record.items():
        if value is None and key in KEYS:
            continue
        match key:
            case "title" | "abstract" | "slug" | "classifier":
                fields[key] = _text(key, value)
            case "authors" | "categories" | "topics" | "auto_topics":
                fields[key] = _texts(key, value)
            case "upvotes" | "comments":
                fields[key] = _count(key, value)
            case "date":
                fields["date"] = _day("date", value)
            case "date_source":
                fields["date_source"] = _date_source(value)
            case "added":
                fields["added"], fields["added_time"] = _added_of(value)
            case "arxiv":
                fields["arxiv"] = _arxiv(value)
            case "links":
                fields["links"] = _links(value)
            case _:
                raise _error(unknown_key(key, KEYS))
    if "title" not in fields:
        raise _error("a paper without a title")
    if "date_source" in fields and "date" not in fields:
        raise _error("'date_source' without a 'date'")
    if "date" in fields:
        fields.setdefault("date_source", DateSource.PUBLISHED)
    paper = Paper(**fields)
    if problem := rules.paper_problem(paper):
        raise _error(f"{quote(paper.title)}: {problem}")
    return paper


def _added(day: dt.date, time: dt.time | None) -> dt.date | str:
    if time is None:
        return day
    return f"{day.isoformat()}T{time.isoformat(timespec='seconds')}Z"


def _error(message: str) -> InputError:
    return InputError("", message)


def _text(key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _error(must_be(repr(key), "text", describe(value)))
    if (found := invisible(value)) is not None:
        raise _error(f"{key!r} holds an invisible or control character (U+{ord(found):04X})")
    return value


def _texts(key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _error(must_be(repr(key), "a list", describe(value)))
    return tuple(_text(key, item) for item in value)


def _count(key: str, value: object) -> int:
    # The store's loader keeps numbers as written (text): a count is digits.
    if isinstance(value, str) and value.isdigit() and len(value) <= 9:
        return int(value)
    raise _error(must_be(repr(key), "a whole number of 0 or more", describe(value)))


def _day(key: str, value: object) -> dt.date:
    day = to_date(value) if isinstance(value, str) and len(value.strip()) == 10 else None
    if day is None:
        raise _error(must_be(repr(key), DATE, describe(value)))
    return day


def _added_of(value: object) -> tuple[dt.date, dt.time | None]:
    match = _TIMESTAMP.fullmatch(value.strip()) if isinstance(value, str) else None
    if match:
        return _day("added", match.group(1)), dt.time.fromisoformat(match.group(2))
    return _day("added", value), None


def _arxiv(value: object) -> str:
    text = _text("arxiv", value)
    if arxiv_id(text) != text:
        raise _error(f"not a versionless arXiv id: {quote(text)}")
    return text


def _date_source(value: object) -> DateSource:
    try:
        return DateSource.from_label(str(value))
    except KeyError:
        labels = ", ".join(s.label for s in DateSource)
        raise _error(must_be("'date_source'", f"one of {labels}", describe(value))) from None


def _links(value: object) -> Links:
    if not isinstance(value, dict):
        raise _error(must_be("'links'", "a mapping", describe(value)))
    for kind, url in value.items():
        if kind not in LINK_KINDS:
            raise _error("'links': " + unknown_key(kind, LINK_KINDS))
        if safe_url(url) != url:
            raise _error(f"{kind} link is not an http(s) URL: {quote(url)}")
    return Links(**value)
