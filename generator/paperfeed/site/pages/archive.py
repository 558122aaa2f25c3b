"""`/archive/`, `/archive/<YYYY>/` and `/archive/<YYYY>/<MM>/`: papers by publication date; and
`/archive/undated/<YYYY>/<MM>/`: papers whose publication date is not known, by the month they
were added (a listing's day is not a publication date)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.lists import MONTHS, Collection, day_known
from paperfeed.model import Entry
from paperfeed.site.pages.markup import Linker, SourcePage, entry_list, esc
from paperfeed.site.settings import SiteConfig

INDEX = "archive/"
Month = tuple[int, int]


def render(digest: Digest, site: SiteConfig) -> Iterator[SourcePage]:
    months = {_key(c): c for c in digest.months}  # newest first
    undated = {_key(c): c for c in digest.undated}
    years: dict[int, list[Month]] = defaultdict(list)
    for year, month in months:
        years[year].append((year, month))

    link = Linker(INDEX, site)
    known = sum(c.size for c in digest.months)
    blocks = ["<h1>Archive</h1>", f'<p class="pf-lead">{known} papers by publication date.</p>']
    for year, keys in years.items():
        total = sum(months[k].size for k in keys)
        blocks.append(f'<h2 id="y{year}"><a href="{link(urls.year_page(year))}">{year}</a> '
                      f'<span class="pf-count">{total}</span></h2>')
        blocks.append(_month_list(keys, months, link, urls.month_page, ""))
    if undated:
        blocks += [
            '<h2 id="undated">Publication date not known</h2>',
            f"<p>{sum(c.size for c in digest.undated)} papers came from listings that did not give "
            "their date, and have no arXiv id to tell their month. They are listed by the month they "
            "were added, until a later listing gives their date.</p>",
            _month_list(list(undated), undated, link, urls.undated_page, "added "),
        ]
    yield SourcePage(path=INDEX, title="Archive", body="\n\n".join(blocks), section=INDEX)

    for year, keys in years.items():
        here = urls.year_page(year)
        link = Linker(here, site)
        total = sum(months[k].size for k in keys)
        body = [f"<h1>{year}</h1>", f'<p class="pf-lead">{total} papers published in {year}.</p>',
                _month_list(keys, months, link, urls.month_page, "")]
        yield SourcePage(path=here, title=str(year), body="\n\n".join(body), section=INDEX)

    order = sorted(months)
    for i, key in enumerate(order):
        around = (order[i + 1] if i + 1 < len(order) else None, order[i - 1] if i else None)
        yield _month_page(months[key], around, digest, site)
    for collection in undated.values():
        yield _undated_page(collection, digest, site)


def _key(collection: Collection) -> Month:
    year, month = collection.key.split("-")
    return int(year), int(month)


def _month_list(
    keys: list[Month],
    months: dict[Month, Collection],
    link: Linker,
    target: Callable[[int, int], str],
    prefix: str,
) -> str:
    items = [
        f'<li><a href="{link(target(y, m))}">{prefix}{MONTHS[m - 1]} {y}</a> '
        f'<span class="pf-count">{months[(y, m)].size}</span></li>'
        for y, m in keys
    ]
    return '<ul class="pf-months">\n' + "\n".join(items) + "\n</ul>"


def _month_page(
    collection: Collection, around: tuple[Month | None, Month | None], digest: Digest, site: SiteConfig
) -> SourcePage:
    year, month = _key(collection)
    entries = collection.entries
    here = collection.page
    link = Linker(here, site)
    name = f"{MONTHS[month - 1]} {year}"
    days: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:  # newest day first; papers whose day is not known (their arXiv id's month) last
        days[f"{entry.date.day} {MONTHS[month - 1]}" if day_known(entry) else "Day not known"].append(entry)
    later, earlier = around
    steps = [f'<a href="{link(urls.year_page(year))}">All of {year}</a>']
    if earlier:
        name_of = f"{MONTHS[earlier[1] - 1]} {earlier[0]}"
        steps.insert(0, f'<a href="{link(urls.month_page(*earlier))}" rel="prev">‹ {name_of}</a>')
    if later:
        name_of = f"{MONTHS[later[1] - 1]} {later[0]}"
        steps.append(f'<a href="{link(urls.month_page(*later))}" rel="next">{name_of} ›</a>')
    pager = f'<nav class="pf-months-nav" aria-label="Months">{" · ".join(steps)}</nav>'
    again = f'<p class="pf-months-nav">{" · ".join(steps)}</p>'  # one landmark a page is enough
    blocks = [
        f"<h1>{name}</h1>",
        f'<p class="pf-lead">{len(entries)} paper{"s" if len(entries) != 1 else ""} published in {name}.</p>',
        pager,
    ]
    for label, group in days.items():
        # A small marker, not a full heading's space: a month page is read for its papers.
        blocks.append(f'<h2 class="pf-day">{esc(label)}</h2>')
        shown = len(group) if site.offline else 0
        undated = label == "Day not known"
        papers = entry_list(
            group, digest.taxonomy, link, level=3, dates=undated, abstracts=shown, vectors=digest.terms
        )
        blocks.append(papers)
    blocks.append(again)
    return SourcePage(path=here, title=name, body="\n\n".join(blocks), section=INDEX)


def _undated_page(collection: Collection, digest: Digest, site: SiteConfig) -> SourcePage:
    year, month = _key(collection)
    entries = collection.entries
    here = collection.page
    link = Linker(here, site)
    name = f"{MONTHS[month - 1]} {year}"
    title = collection.title
    blocks = [
        f"<h1>{title}</h1>",
        f'<p class="pf-lead">{len(entries)} paper{"s" if len(entries) != 1 else ""} added in {name} from '
        f'listings that did not give a publication date. <a href="{link(INDEX)}#undated">Why</a></p>',
        entry_list(entries, digest.taxonomy, link, dates=False, abstracts=len(entries) * site.offline),
    ]
    return SourcePage(path=here, title=title, body="\n\n".join(blocks), section=INDEX)
