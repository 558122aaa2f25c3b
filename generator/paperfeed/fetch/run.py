"""`paperfeed fetch`: papers from the sources in content/sources.yml, merged as `import` merges.

A run covers the days from `--since` to `--date` (both default to today), each source reaching
back `lookback` more days so that late listings are caught by the next run; what is already
stored merges as unchanged. Each source answers per day, page by page: Hugging Face with its
daily papers, arXiv with the papers submitted that day (UTC) that match a query. New papers are
added on their listing's day, but never before `--since`: a daily run adds everything on its date.

Every answer is fetched and checked before anything is written, and one failure of any source
stops the run with nothing written (`error: SOURCE: DAY: why`, exit 1).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

from paperfeed.errors import InputError
from paperfeed.fetch import client as upstream
from paperfeed.fetch import config as fetch_config
from paperfeed.fetch.config import Arxiv, ArxivQuery, Config, HuggingFace
from paperfeed.formats import arxiv_atom, hf_daily_api
from paperfeed.formats.listing import Listing
from paperfeed.model import Paper
from paperfeed.store import importer

T = TypeVar("T")

# The time a run's client reads and waits by; tests put a fake clock here, so nothing really waits.
clock: Callable[[], float] = time.monotonic
sleep: Callable[[float], None] = time.sleep


class FetchError(InputError):
    """A source that failed: printed as `error: SOURCE: why` by the CLI."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(source, message)


@dataclass(frozen=True, slots=True)
class Fetched:
    """One source's papers for one day."""

    day: dt.date
    papers: tuple[Paper, ...]


@dataclass(slots=True)
class SourceReport:
    """What one source returned over the run, and what it could not fetch."""

    name: str
    days: list[Fetched] = dataclasses.field(default_factory=list)
    requests: int = 0
    warnings: list[str] = dataclasses.field(default_factory=list)

    def summary(self) -> str:
        count = sum(len(f.papers) for f in self.days)
        first, last = self.days[0].day, self.days[-1].day
        span = f"{first}" if first == last else f"{first} to {last}"
        empty = sum(1 for f in self.days if not f.papers)
        notes = [f"{empty} of {len(self.days)} days empty"] if empty and len(self.days) > 1 else []
        notes.append(f"{self.requests} request{'s' if self.requests != 1 else ''}")
        return f"{self.name}: {count} papers, {span} ({', '.join(notes)})"


@dataclass(frozen=True, slots=True)
class _Page:
    total: int  # results the query has in all (opensearch:totalResults)
    papers: list[Paper]


def run(content: Path, date: dt.date | None, since: dt.date | None, dry_run: bool, verbose: bool) -> int:
    """`paperfeed fetch`: fetches the days from `since` to `date` (both default to today)."""
    config = fetch_config.load(content / fetch_config.FILE)
    until = date or dt.date.today()
    since = since or until
    if since > until:
        raise InputError("--since", f"{since} is after --date {until}")
    where = "--since" if since < until else str(content / fetch_config.FILE)
    check_budget(config, since, until, where)

    log = (lambda message: print(f"  {message}", file=sys.stderr)) if verbose else None
    client = upstream.Client(config.client, log, clock=clock, sleep=sleep, hosts=config_hosts(config))
    incoming: list[tuple[str, Paper]] = []
    for report in fetch_all(client, config, since, until):
        print(report.summary(), file=sys.stderr)
        for warning in report.warnings:
            print(f"warning: {report.name}: {warning}", file=sys.stderr)
        for fetched in report.days:
            added = max(since, fetched.day)
            origin = f"{report.name} {fetched.day}"
            incoming.extend((origin, dataclasses.replace(p, added=added)) for p in fetched.papers)
    # a paper listed on several days arrives on the first of them, whichever source listed it
    incoming.sort(key=lambda pair: pair[1].added or until)

    result = importer.import_papers(content, incoming, added=None, today=until, dry_run=dry_run)
    for conflict in result.conflicts:
        print(f"warning: {conflict}", file=sys.stderr)
    print(result.summary() + (" (dry run: nothing written)" if dry_run else ""))
    return 0


def config_hosts(config: Config) -> frozenset[str]:
    """The hosts sources.yml names: where a redirect may lead."""
    urls = [source.url for source in (config.huggingface, config.arxiv) if source]
    return frozenset(host for url in urls if (host := urlsplit(url).hostname))


def fetch_all(client: upstream.Client, config: Config, since: dt.date, until: dt.date) -> list[SourceReport]:
    """Every source's papers for the run, in order; FetchError at the first failure."""
    reports = []
    if hf := config.huggingface:
        reports.append(fetch_huggingface(client, hf, days(since, until, hf.lookback)))
    if ax := config.arxiv:
        reports.extend(fetch_arxiv(client, ax, q, days(since, until, ax.lookback)) for q in ax.queries)
    return reports


def days(since: dt.date, until: dt.date, lookback: int) -> list[dt.date]:
    first = since - dt.timedelta(days=lookback)
    return [first + dt.timedelta(days=n) for n in range((until - first).days + 1)]


def check_budget(config: Config, since: dt.date, until: dt.date, where: str) -> None:
    """Refuses, before any request, a run that the request spacing alone would take past the deadline."""
    needed = 0.0
    if config.huggingface:
        needed += (len(days(since, until, config.huggingface.lookback)) - 1) * config.huggingface.delay
    if config.arxiv:
        count = len(config.arxiv.queries) * len(days(since, until, config.arxiv.lookback))
        needed += (count - 1) * config.arxiv.delay
    if needed > config.client.deadline:
        count_days = (until - since).days + 1
        raise InputError(
            where,
            f"{count_days} day{'s' if count_days != 1 else ''} need at least {needed:g}s of request "
            f"spacing, more than client.deadline ({config.client.deadline:g}s); fetch fewer days at a time",
        )


def fetch_huggingface(client: upstream.Client, settings: HuggingFace, span: list[dt.date]) -> SourceReport:
    """Each day's daily papers, `page_size` at a time: a full page may have a next one. Asking
    without `limit` would take the API's default (50) and cut a busy day without a word."""
    report = SourceReport("huggingface")
    before = client.requests
    for day in span:
        papers: list[Paper] = []
        for page in range(settings.max_pages):
            params = {"date": day.isoformat(), "limit": settings.page_size, "p": page}
            url = f"{settings.url}?{urlencode(params)}"
            where = f"{day} page {page + 1}" if page else str(day)
            check = functools.partial(hf_day, where=f"{report.name} {where}", day=day)
            got = _get(client, report.name, where, url, "huggingface", settings.delay, check)
            new = _new_papers(papers, got)
            if got and not new:  # a server that does not page sends the first page again
                report.warnings.append(
                    f"{day}: page {page + 1} repeats the papers of the pages before it; fetched "
                    f"{len(papers)}, and more may exist: the API did not page"
                )
                break
            papers.extend(new)
            if len(got) < settings.page_size:
                break
        else:
            report.warnings.append(
                f"{day}: stopped at huggingface.max_pages ({settings.max_pages}) of "
                f"{settings.page_size} papers, all full: fetched {len(papers)}, and more may exist; "
                "raise max_pages, then fetch that day again"
            )
        report.days.append(Fetched(day, tuple(papers)))
    report.requests = client.requests - before
    return report


def _new_papers(seen: list[Paper], page: list[Paper]) -> list[Paper]:
    """The papers of `page` that the earlier pages of the day did not have (by arXiv id or title)."""
    known = {p.arxiv or p.title for p in seen}
    return [p for p in page if (p.arxiv or p.title) not in known]


def hf_day(body: bytes, where: str, day: dt.date) -> list[Paper]:
    """The papers of one daily-papers answer.

    `[]` is an empty day (Hugging Face lists none on some days, and none yet for a day that has
    not begun); the lookback fetches the day again on the next run. Anything else that is not a
    list of papers fails.
    """
    listing = _listing(body, where, day)
    if listing.head not in ("[", "{"):
        raise InputError(where, f"not a daily-papers list: the answer begins {_opening(listing.text)}")
    data = listing.json
    if data == []:
        return []
    if not hf_daily_api.detect(listing):
        raise InputError(where, f"not a daily-papers list: {_shape(data)}")
    return hf_daily_api.parse(listing)


def fetch_arxiv(
    client: upstream.Client, settings: Arxiv, query: ArxivQuery, span: list[dt.date]
) -> SourceReport:
    """Every page of the query for each day, up to max_pages; a cut-short day is a warning."""
    report = SourceReport(f"arxiv {query.name}")
    before = client.requests
    for day in span:
        papers: list[Paper] = []
        total: int | None = None
        start = 0
        while total is None or start < total:
            page = start // settings.page_size + 1
            if total is not None and page > settings.max_pages:
                report.warnings.append(
                    f"{day}: stopped at arxiv.max_pages ({settings.max_pages}): fetched {len(papers)} "
                    f"of {total} results, {total - start} left out; raise max_pages or narrow the query"
                )
                break
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
            got = _get(client, report.name, f"{day} page {page}", url, "arxiv", settings.delay, check)
            if total is not None and got.total != total:
                raise FetchError(
                    report.name,
                    f"{day} page {page}: the number of results changed while paging "
                    f"({total}, then {got.total}); run again",
                )
            total = got.total
            papers.extend(got.papers)
            start += settings.page_size
        report.days.append(Fetched(day, tuple(papers)))
    report.requests = client.requests - before
    return report


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
    listing = _listing(body, where, day)
    root = arxiv_atom.parse_feed(listing)
    total = _opensearch(root, "totalResults", listing)
    first = root.findtext(f"{arxiv_atom.OPENSEARCH}startIndex")
    if first is not None and first.strip() != str(start):
        raise listing.error(f"asked for results from {start}, got results from {first.strip()}")
    papers = arxiv_atom.parse(listing)
    promised = max(0, min(page_size, total - start))
    if len(papers) < promised:  # arXiv sometimes sends short pages; asking again helps
        raise upstream.Transient(
            f"arXiv promised {total} results but sent {len(papers)} of the {promised} from result {start + 1}"
        )
    return _Page(total, papers)


def _get(
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


def _listing(body: bytes, where: str, day: dt.date) -> Listing:
    if not body.strip():
        raise InputError(where, "an empty answer")
    return Listing.from_bytes(body, where, day)


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


def _opening(text: str) -> str:
    return repr(" ".join(text.split())[:40])


def _shape(data: object) -> str:
    if isinstance(data, dict):
        if isinstance(data.get("error"), str):
            return f"the API answered {data['error'][:80]!r}"
        return f"a JSON object with keys {', '.join(sorted(map(str, data))[:5])}"
    if isinstance(data, list):
        return "a list whose items are not papers"
    return f"JSON {type(data).__name__}"
