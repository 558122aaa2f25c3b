"""Errors as values with a place: the CLI turns them into one line, `error: FILE[:LINE]: what`.

The words for the mistakes any file can hold are here too, so that the same mistake reads the
same in topics.yml, watches.yml, sources.yml and the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class InputError(Exception):
    """Input that cannot be used as it is: a bad file, a bad record, a bad setting."""

    def __init__(self, where: str | Path, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.where = str(where)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        place = f"{self.where}:{self.line}" if self.line else self.where
        return f"{place}: {self.message}"

    def at(self, where: str | Path) -> InputError:
        """The same error, placed in `where` (a source parsed text it did not know the name of)."""
        return InputError(where, self.message, self.line)


@dataclass(frozen=True, slots=True)
class RecordWarning:
    """A record of a listing that did not land as it was: skipped (it cannot be a paper: no
    title, an impossible date, a bad id) or cut (text over a field limit, shortened). The rest of
    the listing lands; the command prints `warning: FILE:LINE: 'TITLE': why`, and `--strict`
    makes it the error that refuses the file."""

    where: str
    line: int | None
    message: str  # "'Title': why", or only why when the record has no title
    skipped: bool  # False: the paper landed, with a field cut

    def __str__(self) -> str:
        return str(self.error())

    def error(self) -> InputError:
        return InputError(self.where, self.message, self.line)

    def refusal(self) -> InputError:
        """The warning as the error of `--strict`, which refuses the whole file for it."""
        return InputError(self.where, f"{self.message} (--strict refuses the file)", self.line)


def describe(value: object) -> str:
    """A value as an error quotes it: 'soon', 3, true, 2026-11-20, a list, a mapping, nothing."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        return quote(value, 40)
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def quote(text: object, limit: int = 60) -> str:
    """A piece of content (a title, a value) as a message quotes it: its start, in quotes."""
    return repr(str(text)[:limit])


def must_be(subject: str, expected: str, found: str) -> str:
    """A value of the wrong kind: "'timeout' must be a number above 0, not 'soon'"; `found` is
    the value as `describe` puts it."""
    return f"{subject} must be {expected}, not {found}"


def not_one_line(subject: str) -> str:
    return f"{subject} must be one line"


def unknown_key(key: object, known: Iterable[str]) -> str:
    return f"unknown key {key!r} (expected one of: {', '.join(known)})"


def given_twice(key: object) -> str:
    return f"{key!r} is given twice"


def missing(key: str) -> str:
    return f"{key!r} is missing"


def needs_one(subject: str) -> str:
    """An empty list where at least one entry is needed."""
    return f"{subject} needs at least one entry"


def listed_twice(subject: str, value: object) -> str:
    return f"{subject} lists {value!r} twice"
