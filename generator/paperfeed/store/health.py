"""`content/health.yml`: how each source of `paperfeed fetch` has fared, written by every fetch
in the same step as the papers it brings (so the daily workflow commits it with them) and shown
on the site's health page and by `paperfeed status`.

Per source: its last successful fetch, the day its failures began and its last error, the papers
it listed on each of the last days it fetched (and whether a day was cut at its limit), and the
last records it skipped, with why. A run in which no source answered (no network) writes
nothing, not even here; the days since a source's last success count as failed all the same.
The file is declared here and read like the other YAML files (schema.py); it holds only what the
runs said, so the same runs write the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import yaml

from paperfeed.schema import At, Bool, Date, Int, Kind, ListOf, OneLine, Reader, Section, read_nodes

FILE = "health.yml"
DAYS = 30  # the days of papers a source's record keeps
SKIPPED = 20  # the skipped records it keeps, newest first
_HEADER = (
    "# Written by `paperfeed fetch` after each run: how each source fared. The site's health\n"
    "# page and `paperfeed status` show it; delete it to start the record afresh.\n"
)


class _Moment(Kind[dt.datetime]):
    """A moment in UTC, written 2026-11-24T06:17:03Z."""

    expected = "a time such as 2026-11-24T06:17:03Z"

    def read(self, reader: Reader, node: yaml.Node, at: At) -> dt.datetime:
        value = reader.scalar(node)
        try:
            moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
        except ValueError:
            raise reader.wrong(self, node, at) from None
        if moment.tzinfo is None:
            raise reader.wrong(self, node, at)
        return moment.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class Day:
    """What a source listed on one day."""

    day: Annotated[dt.date, Date()]
    papers: Annotated[int, Int(0)]
    cut: Annotated[bool, Bool()] = False  # stopped at its limit (max_pages): it may have had more
    skipped: Annotated[int, Int(0)] = 0  # records that could not be papers


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record a source sent that could not be a paper: its day, and the warning about it."""

    day: Annotated[dt.date, Date()]
    record: Annotated[str, OneLine()]


@dataclass(frozen=True, slots=True)
class Source:
    """One source's record."""

    name: Annotated[str, OneLine()]
    last_success: Annotated[dt.datetime | None, _Moment()] = None
    failing_since: Annotated[dt.date | None, Date()] = None  # the day of the first failure since
    last_error: Annotated[str | None, OneLine()] = None
    last_error_at: Annotated[dt.datetime | None, _Moment()] = None
    days: Annotated[tuple[Day, ...], ListOf(Section(Day), noun="day")] = ()  # newest first
    skipped: Annotated[tuple[Skipped, ...], ListOf(Section(Skipped), noun="record")] = ()  # newest first

    def days_failing(self, today: dt.date) -> int:
        """For how many days the source has failed: the days since its last success (0 when it
        succeeded today), or since its first recorded failure, that day counted."""
        if self.last_success is not None:
            return max(0, (today - self.last_success.date()).days)
        if self.failing_since is not None:
            return (today - self.failing_since).days + 1
        return 0


@dataclass(frozen=True, slots=True)
class Health:
    sources: Annotated[
        tuple[Source, ...], ListOf(Section(Source, label="name"), noun="source", unique="name")
    ] = ()


def path(content: Path) -> Path:
    return content / FILE


def load(content: Path) -> Health:
    """The record in content/health.yml; an empty one when there is none. InputError names the
    line of anything fetch would not have written."""
    try:
        root = read_nodes(path(content))
    except FileNotFoundError:
        return Health()
    return Reader(path(content)).read(Section(Health), root)


def dump(health: Health) -> bytes:
    """The file's bytes: the same record, the same bytes."""
    sources = [_source(source) for source in health.sources]
    body = yaml.safe_dump({"sources": sources}, sort_keys=False, allow_unicode=True, width=1_000_000)
    return (_HEADER + body).encode("utf-8")


def _source(source: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"name": source.name}
    for key in ("last_success", "failing_since", "last_error", "last_error_at"):
        value = getattr(source, key)
        if value is not None:
            out[key] = moment(value) if isinstance(value, dt.datetime) else value
    if source.days:
        out["days"] = [
            {"day": d.day, "papers": d.papers, **({"cut": True} if d.cut else {}),
             **({"skipped": d.skipped} if d.skipped else {})}
            for d in source.days
        ]  # fmt: skip
    if source.skipped:
        out["skipped"] = [{"day": s.day, "record": s.record} for s in source.skipped]
    return out


def moment(value: dt.datetime) -> str:
    """A moment as the file writes it: 2026-11-24T06:17:03Z."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def describe(source: Source, today: dt.date) -> str:
    """How a source fares, in a line: "last fetched 2026-11-24 06:17 UTC; 812 papers in the
    last 30 days fetched, 2 days cut at the limit (…), 3 records skipped"."""
    failing = source.days_failing(today) if source.failing_since else 0
    if failing:
        state = f"failing for {_count(failing, 'day')} (since {source.failing_since})"
    elif source.last_success:
        state = f"last fetched {_shown(source.last_success)}"
    else:
        state = "not fetched yet"
    papers = sum(d.papers for d in source.days)
    parts = [f"{_count(papers, 'paper')} in the last {_count(len(source.days), 'day')} fetched"]
    if cut := [d.day for d in source.days if d.cut]:
        parts.append(f"{_count(len(cut), 'day')} cut at the limit ({', '.join(map(str, cut))})")
    if skipped := sum(d.skipped for d in source.days):
        parts.append(f"{_count(skipped, 'record')} skipped")
    line = f"{state}; {', '.join(parts)}"
    if failing and source.last_error:
        line += f"; last error {_shown(source.last_error_at)}: {source.last_error}"
    return line


def _shown(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "at an unknown time"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"

