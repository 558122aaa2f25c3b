"""`paperfeed fetch`: papers from the sources in content/sources.yml, merged as `import` merges.

A run covers the days from `--since` to `--date` (both default to today), each source reaching
back `lookback` more days so that late listings are caught by the next run; what is already
stored merges as unchanged. Each source answers per day, page by page (huggingface.py, arxiv.py).
New papers are added on their listing's day, but never before `--since`: a daily run adds
everything on its date.

Every answer is fetched and checked before anything is written. A record that cannot be a paper
is skipped and reported, never a failure. A source that fails (a server down, an answer
malformed or cut short) brings nothing, and the others still land: the report says why it
failed, and the record of content/health.yml (fetch/health.py), written in the same step as the
papers, counts the days it has been failing. A run in which no source answered (no network)
writes nothing at all, the record included. The run prints nothing: it returns a `RunReport`,
which the command prints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from paperfeed.errors import InputError
from paperfeed.fetch import client as upstream
from paperfeed.fetch import config as fetch_config
from paperfeed.fetch import health
from paperfeed.fetch.arxiv import ArxivSource
from paperfeed.fetch.config import Config
from paperfeed.fetch.huggingface import HuggingFaceSource
from paperfeed.fetch.source import Source, SourceReport
from paperfeed.model import Paper
from paperfeed.store import health as store_health
from paperfeed.store import importer, merge


@dataclass(frozen=True, slots=True)
class Clock:
    """The time a run reads and waits by: real time in the command, a fake one in tests."""

    monotonic: Callable[[], float]
    sleep: Callable[[float], None]
    now: Callable[[], dt.datetime]  # UTC: the moment new papers are added


@dataclass(frozen=True, slots=True)
class RunReport:
    sources: list[SourceReport]
    merged: merge.MergeReport

    @property
    def failed(self) -> list[SourceReport]:
        return [report for report in self.sources if report.error is not None]


def sources(config: Config) -> list[Source]:
    """The enabled sources of sources.yml, in the order they are fetched."""
    found: list[Source] = []
    if config.huggingface:
        found.append(HuggingFaceSource(config.huggingface))
    if config.arxiv:
        found.append(ArxivSource(config.arxiv))
    return found


def run(
    content: Path,
    date: dt.date | None,
    since: dt.date | None,
    *,
    clock: Clock,
    dry_run: bool = False,
    log: Callable[[str], None] | None = None,
    classifier: importer.Classifier | None = None,
) -> RunReport:
    """Fetches the days from `since` to `date` (both default to today) and imports them."""
    config = fetch_config.load(content / fetch_config.FILE)
    now = clock.now()
    until = date or now.date()
    since = since or until
    if since > until:
        raise InputError("--since", f"{since} is after --date {until}")
    enabled = sources(config)
    where = "--since" if since < until else str(content / fetch_config.FILE)
    check_budget(config, enabled, since, until, where)
    hosts = frozenset(host for source in enabled if (host := urlsplit(source.url).hostname))
    client = upstream.Client(config.client, log, clock=clock.monotonic, sleep=clock.sleep, hosts=hosts)
    reports = [report for source in enabled for report in source.fetch(client, since, until)]
    incoming: list[tuple[str, Paper]] = []
    for report in reports:
        for fetched in report.days:  # none for a source that failed
            added = max(since, fetched.day)
            origin = f"{report.name} {fetched.day}"
            incoming.extend((origin, dataclasses.replace(p, added=added)) for p in fetched.papers)
    # a paper listed on several days arrives on the first of them, whichever source listed it
    incoming.sort(key=lambda pair: pair[1].added or until)

    def recorded() -> list[tuple[Path, bytes]]:  # under the store's lock, written with the papers
        entered = health.record(store_health.load(content), reports, now, until)
        return [(store_health.path(content), store_health.dump(entered))]

    if reports and all(report.error is not None for report in reports):
        return RunReport(reports, merge.MergeReport())  # nothing came: content/ stays as it was
    merged = importer.import_papers(
        content, incoming, added=None, today=until, now=now, classifier=classifier, dry_run=dry_run,
        also=recorded,
    )  # fmt: skip
    return RunReport(reports, merged)


def check_budget(config: Config, enabled: list[Source], since: dt.date, until: dt.date, where: str) -> None:
    """Refuses, before any request, a run that the request spacing alone would take past the deadline."""
    needed = sum(source.spacing(since, until) for source in enabled)
    if needed > config.client.deadline:
        count_days = (until - since).days + 1
        raise InputError(
            where,
            f"{count_days} day{'s' if count_days != 1 else ''} need at least {needed:g}s of request "
            f"spacing, more than client.deadline ({config.client.deadline:g}s); fetch fewer days at a time",
        )
