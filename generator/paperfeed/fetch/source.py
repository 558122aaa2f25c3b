"""What every upstream source is to `paperfeed fetch`: a `Source` answers, day by day, with papers,
through the shared client (client.py), and says what it could not fetch in its report. A new
source is one module with a class of this shape, and one line in `sources` (run.py)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol, TypeVar

from paperfeed.errors import InputError, RecordWarning, quote
from paperfeed.fetch import client as upstream
from paperfeed.formats.listing import Listing
from paperfeed.model import Paper

T = TypeVar("T")


class FetchError(InputError):
    """A source that failed: printed as `error: SOURCE: why` by the CLI."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(source, message)


@dataclass(frozen=True, slots=True)
class Fetched:
    """One source's papers for one day, and the records it sent that did not land as they were."""

    day: dt.date
    papers: tuple[Paper, ...]
    warnings: tuple[RecordWarning, ...] = ()
    cut: bool = False  # stopped at the source's limit (max_pages): the day may have had more


@dataclass(slots=True)
class SourceReport:
    """What one source returned over the run, what it could not fetch, and, when it failed, why:
    a source that fails brings nothing (its other days may be incomplete too), and the others
    still land."""

    name: str
    days: list[Fetched] = dataclasses.field(default_factory=list)
    requests: int = 0
    warnings: list[str] = dataclasses.field(default_factory=list)
    error: str | None = None

    @property
    def papers(self) -> int:
        return sum(len(f.papers) for f in self.days)

    @property
    def records(self) -> list[RecordWarning]:
        """The records skipped or cut, of every day."""
        return [warning for fetched in self.days for warning in fetched.warnings]

    def summary(self) -> str:
        if not self.days:
            return f"{self.name}: nothing fetched"
        first, last = self.days[0].day, self.days[-1].day
        span = f"{first}" if first == last else f"{first} to {last}"
        empty = sum(1 for f in self.days if not f.papers)
        notes = [f"{empty} of {len(self.days)} days empty"] if empty and len(self.days) > 1 else []
        notes.append(f"{self.requests} request{'s' if self.requests != 1 else ''}")
        return f"{self.name}: {self.papers} papers, {span} ({', '.join(notes)})"


class Source(Protocol):
    """One section of sources.yml, enabled."""

    url: str  # its endpoint: redirects may lead to its host

    def spacing(self, since: dt.date, until: dt.date) -> float:
        """The seconds its requests must be spaced by over the run, at least."""
        ...

    def fetch(self, client: upstream.Client, since: dt.date, until: dt.date) -> list[SourceReport]:
        """Its papers of every day of the run (and of its lookback); a report with `error` set
        for each part of it that failed (see `failing`)."""
        ...


@contextlib.contextmanager
def failing(report: SourceReport, client: upstream.Client) -> Iterator[None]:
    """Fetches into `report`: a FetchError inside makes it a failed report, with nothing of the
    days it had (the other sources go on), and the requests are counted either way."""
    before = client.requests
    try:
        yield
    except FetchError as exc:
        report.days, report.warnings, report.error = [], [], exc.message
    finally:
        report.requests = client.requests - before


def days(since: dt.date, until: dt.date, lookback: int) -> list[dt.date]:
    first = since - dt.timedelta(days=lookback)
    return [first + dt.timedelta(days=n) for n in range((until - first).days + 1)]



def get(
    client: upstream.Client,
    source: str,
    context: str,
    url: str,
    lane: str,
    spacing: float,
    check: Callable[[bytes], T],
) -> T:
    try:
        return client.get(url, lane=lane, spacing=spacing, check=check)
    except upstream.UpstreamError as exc:
        raise FetchError(source, f"{context}: {exc}") from None
    except InputError as exc:
        line = f" (line {exc.line} of the answer)" if exc.line else ""
        raise FetchError(source, f"{context}: {exc.message}{line}") from None


def listing(body: bytes, where: str, day: dt.date) -> Listing:
    if not body.strip():
        raise InputError(where, "an empty answer")
    return Listing.from_bytes(body, where, day)


def opening(text: str) -> str:
    return quote(" ".join(text.split()), 40)


def shape(data: object) -> str:
    if isinstance(data, dict):
        if isinstance(data.get("error"), str):
            return f"the API answered {quote(data['error'], 80)}"
        return f"a JSON object with keys {', '.join(sorted(map(str, data))[:5])}"
    if isinstance(data, list):
        return "a list whose items are not papers"
    return f"JSON {type(data).__name__}"
