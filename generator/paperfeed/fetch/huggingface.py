"""The Hugging Face daily papers (`huggingface:` in sources.yml): each day's list, page by page."""

from __future__ import annotations

import datetime as dt
import functools
from urllib.parse import urlencode

from paperfeed.errors import InputError, RecordWarning
from paperfeed.fetch import client as upstream
from paperfeed.fetch.config import HuggingFace
from paperfeed.fetch.source import Fetched, SourceReport, days, failing, get, listing, opening, shape
from paperfeed.formats import Parsed, hf_daily_api
from paperfeed.model import Paper

NAME = "huggingface"


class HuggingFaceSource:
    def __init__(self, settings: HuggingFace) -> None:
        self.settings = settings
        self.url = settings.url

    def spacing(self, since: dt.date, until: dt.date) -> float:
        return (len(days(since, until, self.settings.lookback)) - 1) * self.settings.delay

    def fetch(self, client: upstream.Client, since: dt.date, until: dt.date) -> list[SourceReport]:
        return [_fetch_days(client, self.settings, days(since, until, self.settings.lookback))]


def _fetch_days(client: upstream.Client, settings: HuggingFace, span: list[dt.date]) -> SourceReport:
    """Each day's daily papers, `page_size` at a time: a full page may have a next one. Asking
    without `limit` would take the API's default (50) and cut a busy day without a word."""
    report = SourceReport(NAME)
    with failing(report, client):
        for day in span:
            report.days.append(_fetch_day(client, settings, report, day))
    return report


def _fetch_day(client: upstream.Client, settings: HuggingFace, report: SourceReport, day: dt.date) -> Fetched:
    papers: list[Paper] = []
    warnings: list[RecordWarning] = []
    for page in range(settings.max_pages):
        params = {"date": day.isoformat(), "limit": settings.page_size, "p": page}
        url = f"{settings.url}?{urlencode(params)}"
        where = f"{day} page {page + 1}" if page else str(day)
        check = functools.partial(hf_day, where=f"{report.name} {where}", day=day)
        got = get(client, report.name, where, url, "huggingface", settings.delay, check)
        new = _new_papers(papers, got.papers)
        warnings += got.warnings
        if got.papers and not new:  # a server that does not page sends the first page again
            report.warnings.append(
                f"{day}: page {page + 1} repeats the papers of the pages before it; fetched "
                f"{len(papers)}, and more may exist: the API did not page"
            )
            return Fetched(day, tuple(papers), tuple(warnings), cut=True)
        papers.extend(new)
        if len(got.papers) + sum(w.skipped for w in got.warnings) < settings.page_size:
            return Fetched(day, tuple(papers), tuple(warnings))
    report.warnings.append(
        f"{day}: stopped at huggingface.max_pages ({settings.max_pages}) of "
        f"{settings.page_size} papers, all full: fetched {len(papers)}, and more may exist; "
        "raise max_pages, then fetch that day again"
    )
    return Fetched(day, tuple(papers), tuple(warnings), cut=True)


def _new_papers(seen: list[Paper], page: list[Paper]) -> list[Paper]:
    """The papers of `page` that the earlier pages of the day did not have (by arXiv id or title)."""
    known = {p.arxiv or p.title for p in seen}
    return [p for p in page if (p.arxiv or p.title) not in known]


def hf_day(body: bytes, where: str, day: dt.date) -> Parsed:
    """The papers of one daily-papers answer, and the records skipped or cut (the rest lands).

    `[]` is an empty day (Hugging Face lists none on some days, and none yet for a day that has
    not begun); the lookback fetches the day again on the next run. Anything else that is not a
    list of papers fails.
    """
    answer = listing(body, where, day)
    if answer.head not in ("[", "{"):
        raise InputError(where, f"not a daily-papers list: the answer begins {opening(answer.text)}")
    data = answer.json
    if data == []:
        return Parsed(hf_daily_api.FORMAT.name, [], [])
    if not hf_daily_api.detect(answer):
        raise InputError(where, f"not a daily-papers list: {shape(data)}")
    papers = hf_daily_api.parse(answer)
    return Parsed(hf_daily_api.FORMAT.name, papers, answer.warnings)


