"""arXiv API searches (`arxiv:` in sources.yml): each query's results for each day of submissions."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from paperfeed.errors import RecordWarning
from paperfeed.fetch import client as upstream
from paperfeed.fetch.config import Arxiv, ArxivQuery
from paperfeed.fetch.source import Fetched, FetchError, SourceReport, days, failing, get, listing
from paperfeed.formats import arxiv_atom
from paperfeed.formats.listing import Listing
from paperfeed.model import Paper

NAME = "arxiv"


class ArxivSource:
    def __init__(self, settings: Arxiv) -> None:
        self.settings = settings
        self.url = settings.url

    def spacing(self, since: dt.date, until: dt.date) -> float:
        count = len(self.settings.queries) * len(days(since, until, self.settings.lookback))
        return (count - 1) * self.settings.delay

    def fetch(self, client: upstream.Client, since: dt.date, until: dt.date) -> list[SourceReport]:
        span = days(since, until, self.settings.lookback)
        return [_fetch_query(client, self.settings, query, span) for query in self.settings.queries]


@dataclass(frozen=True, slots=True)
class _Page:
    total: int  # results the query has in all (opensearch:totalResults)
    papers: list[Paper]
    warnings: list[RecordWarning]  # its records skipped or cut


def _fetch_query(
    client: upstream.Client, settings: Arxiv, query: ArxivQuery, span: list[dt.date]
) -> SourceReport:
    """Every page of the query for each day, up to max_pages; a cut-short day is a warning."""
    report = SourceReport(f"arxiv {query.name}")
    with failing(report, client):
        for day in span:
            report.days.append(_fetch_day(client, settings, query, report, day))
    return report


def _fetch_day(
    client: upstream.Client, settings: Arxiv, query: ArxivQuery, report: SourceReport, day: dt.date
) -> Fetched:
    papers: list[Paper] = []
    warnings: list[RecordWarning] = []
    total: int | None = None
    start = 0
    while total is None or start < total:
        page = start // settings.page_size + 1
        if total is not None and page > settings.max_pages:
            report.warnings.append(
                f"{day}: stopped at arxiv.max_pages ({settings.max_pages}): fetched {len(papers)} "
                f"of {total} results, {total - start} left out; raise max_pages or narrow the query"
            )
            return Fetched(day, tuple(papers), tuple(warnings), cut=True)
        params = {
            "search_query": search_query(query, day),
            "start": start,
            "max_results": settings.page_size,
            "sortBy": "submittedDate",
            "sortOrder": "descending",
        }
        url = f"{settings.url}?{urlencode(params)}"
        check = functools.partial(
            arxiv_page, where=f"{report.name} {day} page {page}", day=day, start=start,
            page_size=settings.page_size,
        )
        got = get(client, report.name, f"{day} page {page}", url, "arxiv", settings.delay, check)
        if total is not None and got.total != total:
            raise FetchError(
                report.name,
                f"{day} page {page}: the number of results changed while paging "
                f"({total}, then {got.total}); run again",
            )
        total = got.total
        papers.extend(got.papers)
        warnings.extend(got.warnings)
        start += settings.page_size
    return Fetched(day, tuple(papers), tuple(warnings))


def search_query(query: ArxivQuery, day: dt.date) -> str:
    """arXiv's search_query: any category, any phrase (title or abstract), submitted on `day` (UTC)."""
    parts = []
    if query.categories:
        parts.append(_any(f"cat:{c}" for c in query.categories))
    if query.phrases:
        parts.append(_any(f'{field}:"{p}"' for p in query.phrases for field in ("ti", "abs")))
    stamp = day.strftime("%Y%m%d")
    parts.append(f"submittedDate:[{stamp}0000 TO {stamp}2359]")
    return " AND ".join(parts)


def arxiv_page(body: bytes, where: str, day: dt.date, start: int, page_size: int) -> _Page:
    """One page of results; Transient when it holds fewer entries than the total promises."""
    answer = listing(body, where, day)
    root = arxiv_atom.parse_feed(answer)
    total = _opensearch(root, "totalResults", answer)
    first = root.findtext(f"{arxiv_atom.OPENSEARCH}startIndex")
    if first is not None and first.strip() != str(start):
        raise answer.error(f"asked for results from {start}, got results from {first.strip()}")
    papers = arxiv_atom.parse(answer)
    promised = max(0, min(page_size, total - start))
    sent = len(papers) + sum(1 for warning in answer.warnings if warning.skipped)
    if sent < promised:  # arXiv sometimes sends short pages; asking again helps
        raise upstream.Transient(
            f"arXiv promised {total} results but sent {sent} of the {promised} from result {start + 1}"
        )
    return _Page(total, papers, answer.warnings)


def _opensearch(root: Any, name: str, listing: Listing) -> int:
    text = root.findtext(f"{arxiv_atom.OPENSEARCH}{name}")
    if text is None:
        raise listing.error(f"no opensearch:{name} in the feed")
    try:
        return int(text.strip())
    except ValueError:
        raise listing.error(f"opensearch:{name} is not a number: {text.strip()[:20]!r}") from None


def _any(terms: Any) -> str:
    items = list(terms)
    return items[0] if len(items) == 1 else "(" + " OR ".join(items) + ")"

