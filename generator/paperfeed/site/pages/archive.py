"""`/archive/`, `/archive/<YYYY>/` and `/archive/<YYYY>/<MM>/`: papers by publication date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest, day_known
from paperfeed.model import Entry
from paperfeed.site.pages.markup import MONTHS, Linker, Page, esc, long_date, paper_list
from paperfeed.site.settings import SiteConfig

INDEX = "archive/"


def render(digest: Digest, site: SiteConfig) -> Iterator[Page]:
    months: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    for entry in digest.by_date:  # newest first, so each month's list is too
        months[(entry.date.year, entry.date.month)].append(entry)
    years: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for year, month in sorted(months, reverse=True):
        years[year].append((year, month))

    link = Linker(INDEX, site)
    blocks = ["<h1>Archive</h1>", f'<p class="pf-lead">{digest.size} papers by publication date.</p>']
    for year, keys in years.items():
        total = sum(len(months[k]) for k in keys)
        blocks.append(f'<h2 id="y{year}"><a href="{link(urls.year_page(year))}">{year}</a> '
                      f'<span class="pf-count">{total}</span></h2>')
        blocks.append(_month_list(keys, months, link))
    yield Page(path=INDEX, title="Archive", body="\n\n".join(blocks))

    for year, keys in years.items():
        here = urls.year_page(year)
        link = Linker(here, site)
        total = sum(len(months[k]) for k in keys)
        body = [f"<h1>{year}</h1>", f'<p class="pf-lead">{total} papers published in {year}.</p>',
                _month_list(keys, months, link)]
        yield Page(path=here, title=str(year), body="\n\n".join(body))

    for (year, month), entries in months.items():
        yield _month_page(year, month, entries, digest, site)


def _month_list(keys: list[tuple[int, int]], months: dict[tuple[int, int], list[Entry]], link: Linker) -> str:
    items = [
        f'<li><a href="{link(urls.month_page(y, m))}">{MONTHS[m - 1]} {y}</a> '
        f'<span class="pf-count">{len(months[(y, m)])}</span></li>'
        for y, m in keys
    ]
    return '<ul class="pf-months">\n' + "\n".join(items) + "\n</ul>"


def _month_page(year: int, month: int, entries: list[Entry], digest: Digest, site: SiteConfig) -> Page:
    here = urls.month_page(year, month)
    link = Linker(here, site)
    name = f"{MONTHS[month - 1]} {year}"
    days: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        label = long_date(entry.date) if day_known(entry) else "Day not known"
        days[label].append(entry)
    blocks = [
        f"<h1>{name}</h1>",
        f'<p class="pf-lead">{len(entries)} paper{"s" if len(entries) != 1 else ""} published in '
        f'{name}. <a href="{link(urls.year_page(year))}">All of {year}</a></p>',
    ]
    for label, group in days.items():  # newest day first; "day not known" last
        blocks.append(f'<h2>{esc(label)}</h2>')
        blocks.append(paper_list(group, link, dates=False))  # the heading gives the day
    return Page(path=here, title=name, body="\n\n".join(blocks))
