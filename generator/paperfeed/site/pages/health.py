"""`/health/`: how the daily fetch fares, source by source, from content/health.yml, which
`paperfeed fetch` writes after every run: its last successful fetch, its papers per day over the
last 30 days (a chart), the days cut at their limit, the records it skipped and why, and its last
error. Every page's footer links it. The page says how things stood at the last run recorded
(no clock is read), so the same record builds the same page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.site.pages.charts import day_chart
from paperfeed.site.pages.markup import SourcePage, esc
from paperfeed.site.settings import SiteConfig
from paperfeed.store import health
from paperfeed.store.health import Source


def render(digest: Digest, site: SiteConfig) -> Iterator[SourcePage]:
    sources = digest.health.sources
    body = ["<h1>Health</h1>"]
    if not sources:
        body.append(
            '<p class="pf-lead">No fetch has been recorded yet: <code>paperfeed fetch</code> records '
            "each run in <code>content/health.yml</code>, and this page shows how each source fared.</p>"
        )
    else:
        last = max(_last_run(source) for source in sources)
        failing = [s.name for s in sources if s.failing_since]
        state = f"Failing: {', '.join(failing)}." if failing else "Every source answered at that run."
        body.append(
            f'<p class="pf-lead">How the daily fetch of new papers fares, source by source, as of its last '
            f"run recorded, on {esc(last.isoformat())}. {esc(state)}</p>"
        )
        body += [_source(source, last) for source in sources]
    yield SourcePage(
        path=urls.HEALTH,
        title="Health",
        body="\n\n".join(body),
        description="How the daily fetch of new papers fares, source by source.",
    )


def _last_run(source: Source) -> dt.date:
    moments = [m for m in (source.last_success, source.last_error_at) if m is not None]
    return max(moments).date() if moments else dt.date.min


def _source(source: Source, last: dt.date) -> str:
    state = "failing" if source.failing_since else "fine"
    parts = [
        f"<h2>{esc(source.name)}</h2>",
        f'<p class="pf-health pf-health--{state}">{esc(health.describe(source, last))}</p>',
    ]
    days = [last - dt.timedelta(days=n) for n in reversed(range(health.DAYS))]
    papers = {d.day: d.papers for d in source.days}
    if source.days:
        counts = [papers.get(day, 0) for day in days]
        parts.append(day_chart(f"Papers {source.name} listed each day", days, counts))
    if cut := [d.day for d in source.days if d.cut]:
        parts.append(
            "<p>Days cut at the limit (the source may have had more: raise its <code>max_pages</code>, "
            f"then fetch them again): {esc(', '.join(map(str, cut)))}.</p>"
        )
    if source.skipped:
        items = "".join(f"<li>{esc(s.day.isoformat())}: {esc(s.record)}</li>" for s in source.skipped)
        parts.append(f"<h3>Records skipped</h3>\n<ul>{items}</ul>")
    if source.last_error:
        at = health.moment(source.last_error_at) if source.last_error_at else "at an unknown time"
        parts.append(f"<p>Last error ({esc(at)}): <code>{esc(source.last_error)}</code></p>")
    return "\n".join(parts)
