"""The health page (/health/, site/pages/health.py): how each source of the daily fetch fared, from
content/health.yml, linked from every page's footer; its words escaped like every other text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import pytest
from sitekit import site_settings

from paperfeed import urls
from paperfeed.analysis.digest import build_digest
from paperfeed.analysis.taxonomy import Taxonomy, Topic
from paperfeed.errors import InputError
from paperfeed.site.pages import PAGE_KINDS, health
from paperfeed.store import health as store_health
from paperfeed.store.health import Day, Health, Skipped, Source

SITE = site_settings()
TAXONOMY = Taxonomy(topics=(Topic("agents", "Agents", "Agents.", phrases=(("agent", 1.0),)),))
SIX = dt.datetime(2026, 11, 24, 6, 0, tzinfo=dt.UTC)
HOSTILE = "<script>alert(1)</script> & \"quotes\""
RECORD = Health(
    sources=(
        Source(
            "arxiv alignment",
            last_success=SIX - dt.timedelta(days=3),
            failing_since=dt.date(2026, 11, 22),
            last_error=f"2026-11-23 page 1: HTTP 503 {HOSTILE}",
            last_error_at=SIX,
            days=(Day(dt.date(2026, 11, 21), 7),),
        ),
        Source(
            "huggingface",
            last_success=SIX,
            days=(Day(dt.date(2026, 11, 24), 31, skipped=1), Day(dt.date(2026, 11, 23), 300, cut=True)),
            skipped=(Skipped(dt.date(2026, 11, 24), f"item 2: '{HOSTILE}': a paper without a date"),),
        ),
    )
)


def rendered(record: Health) -> lxml.html.HtmlElement:
    (page,) = health.render(build_digest([], TAXONOMY, health=record), SITE)
    assert page.path == urls.HEALTH and page.title == "Health"
    return lxml.html.fragment_fromstring(page.body, create_parent="div")


def test_the_health_page_is_a_page_kind() -> None:
    assert health.render in PAGE_KINDS


def test_each_source_shows_its_state_chart_cut_days_skipped_records_and_last_error() -> None:
    tree = rendered(RECORD)
    text = tree.text_content()
    assert [h.text for h in tree.iter("h2")] == ["arxiv alignment", "huggingface"]
    assert "as of its last run recorded, on 2026-11-24. Failing: arxiv alignment." in text
    assert "failing for 3 days (since 2026-11-22)" in text
    assert "last fetched 2026-11-24 06:00 UTC; 331 papers in the last 2 days fetched" in text
    assert "Days cut at the limit" in text and "2026-11-23." in text
    assert f"2026-11-24: item 2: '{HOSTILE}': a paper without a date" in text
    assert f"Last error (2026-11-24T06:00:00Z): 2026-11-23 page 1: HTTP 503 {HOSTILE}" in text
    charts = tree.findall(".//figure")
    assert len(charts) == 2
    bars = charts[1].findall(".//rect")  # Hugging Face: two days of the last 30 with papers
    assert [b.findtext("title") for b in bars] == ["23 November 2026: 300", "24 November 2026: 31"]
    assert "Papers huggingface listed each day: 331 papers from 26 October 2026 to 24 November 2026" in (
        charts[1].findtext("figcaption") or ""
    )
    assert not tree.findall(".//script")  # the hostile words stayed words


def test_without_a_record_the_page_says_no_fetch_has_run() -> None:
    assert "No fetch has been recorded yet" in rendered(Health()).text_content()


def test_the_same_record_builds_the_same_page() -> None:
    again = store_health.dump(RECORD)
    assert again == store_health.dump(RECORD)
    assert lxml.html.tostring(rendered(RECORD)) == lxml.html.tostring(rendered(RECORD))


def test_the_record_reads_back_as_written(tmp_path: Path) -> None:
    (tmp_path / "health.yml").write_bytes(store_health.dump(RECORD))
    assert store_health.load(tmp_path) == RECORD


BROKEN_RECORDS = [
    ("sources:\n- name: a\n  last_success: yesterday\n", "3: source 1 (a): 'last_success' must be a time"),
    ("sources:\n- name: a\n  days:\n  - {day: 2026-11-24, papers: -1}\n", "'papers' must be a whole number"),
    ("sources:\n- name: a\n- name: a\n", "name 'a' is already used by source 1"),
]


@pytest.mark.parametrize(("text", "message"), BROKEN_RECORDS)
def test_a_record_fetch_would_not_write_is_refused_with_its_line(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "health.yml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        store_health.load(tmp_path)
    assert message in str(caught.value)


def test_every_page_of_the_site_links_the_health_page_from_its_footer(default_site: Path) -> None:
    pages = [p for p in default_site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 100
    for path in pages:
        tree = lxml.html.parse(str(path)).getroot()
        # Material's footer holds it in its own markup; a paper page's in one line (lean.html).
        links = tree.xpath("//footer//*[@class='pf-health-link' or @class='pf-foot']/a")
        assert len(links) == 1, path
        href = links[0].get("href")
        if path.name == "404.html":  # served at any depth: its links start from the site's root
            assert href == "/paperfeed/health/"
            continue
        assert (path.parent / href).resolve() == (default_site / "health").resolve(), (path, href)
    assert (default_site / "health" / "index.html").is_file()
