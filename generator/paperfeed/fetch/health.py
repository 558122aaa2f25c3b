"""A run's reports entered into the record of content/health.yml (store/health.py): each source's
last success, the start of its failures and its last error, its papers per day for the last
days, the days cut at their limit and the records it skipped. Only the sources of the run are
kept: a source no longer enabled drops out of the record."""

from __future__ import annotations

import dataclasses
import datetime as dt

from paperfeed.fetch.source import SourceReport
from paperfeed.store import health
from paperfeed.store.health import Day, Health, Skipped, Source


def record(old: Health, reports: list[SourceReport], now: dt.datetime, until: dt.date) -> Health:
    """The record after a run that ended at `now`, fetching days up to `until`."""
    before = {source.name: source for source in old.sources}
    sources = [_entered(before.get(r.name, Source(r.name)), r, now, until) for r in reports]
    return Health(tuple(sorted(sources, key=lambda source: source.name)))


def _entered(source: Source, report: SourceReport, now: dt.datetime, until: dt.date) -> Source:
    if report.error is not None:
        return dataclasses.replace(
            source,
            failing_since=source.failing_since or now.date(),
            last_error=" ".join(report.error.split()),
            last_error_at=now,
        )
    days = {d.day: d for d in source.days}
    for fetched in report.days:
        count = sum(1 for w in fetched.warnings if w.skipped)
        days[fetched.day] = Day(fetched.day, len(fetched.papers), fetched.cut, count)
    first = until - dt.timedelta(days=health.DAYS - 1)
    recent = sorted((d for d in days.values() if first <= d.day <= until), key=lambda d: d.day, reverse=True)
    new = [
        Skipped(fetched.day, " ".join(w.message.split()))
        for fetched in sorted(report.days, key=lambda f: f.day, reverse=True)
        for w in fetched.warnings
        if w.skipped
    ]
    skipped = list(dict.fromkeys([*new, *source.skipped]))[: health.SKIPPED]
    return dataclasses.replace(
        source, last_success=now, failing_since=None, days=tuple(recent), skipped=tuple(skipped)
    )
