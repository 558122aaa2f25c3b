"""Reading the site in a real browser (issue 15): papers on the first screen, abstracts that open
in place without a script, the sections and the way on from paper, topic, month and 404 pages,
charts whose labels keep their shape. The default site, served as GitHub Pages serves it (under
its site_url path, /paperfeed/, where the 404 page's links lead)."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import new_page, serve
from playwright.sync_api import Browser, Page, expect
from test_browser import PHONE, assert_no_horizontal_overflow, screenshot

pytestmark = pytest.mark.slow

DESKTOP = (1280, 900)
PHONE_SIZE = (PHONE, 844)
PAPER = "papers/skill-based-safe-reinforcement-learning-with-risk-planning/"


@pytest.fixture(scope="module")
def base_url(default_site: Path) -> Iterator[str]:
    with tempfile.TemporaryDirectory() as root:
        (Path(root) / "paperfeed").symlink_to(default_site.resolve())
        with serve(Path(root)) as url:
            yield url + "paperfeed/"


def headings_on_first_screen(page: Page, selector: str) -> int:
    """How many entry headings the window shows whole without scrolling."""
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].filter(h => {
             const r = h.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }).length""",
        selector,
    )


@pytest.mark.parametrize(("where", "size", "least"), [
    ("", DESKTOP, 5), ("", PHONE_SIZE, 2),
    ("topics/reinforcement-learning/", DESKTOP, 5), ("topics/reinforcement-learning/", PHONE_SIZE, 2),
])
def test_the_first_screen_shows_papers(
    browser: Browser, base_url: str, where: str, size: tuple[int, int], least: int
) -> None:
    page, offsite = new_page(browser, *size)
    page.goto(base_url + where)
    assert headings_on_first_screen(page, ".pf-entries :is(h2, h3)") >= least
    assert offsite == []


def test_an_abstract_shows_its_first_lines_and_opens_in_place_without_a_script(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "topics/reinforcement-learning/")
    summary = page.locator(".pf-entries details > summary").first
    line = float(summary.evaluate("s => parseFloat(getComputedStyle(s).lineHeight)"))
    closed = summary.bounding_box()
    assert closed and closed["height"] <= 3.2 * line  # two lines, three on a phone
    summary.click()
    expect(page.locator(".pf-entries details").first).to_have_attribute("open", "")
    opened = summary.bounding_box()
    assert opened and opened["height"] > closed["height"] + line  # the rest, where it was
    assert page.url.endswith("topics/reinforcement-learning/")  # no page was left
    context.close()


@pytest.mark.parametrize("size", [DESKTOP, PHONE_SIZE], ids=["desktop", "phone"])
def test_a_paper_page_leads_to_the_sections_its_topic_and_its_neighbours(
    browser: Browser, base_url: str, size: tuple[int, int]
) -> None:
    page, offsite = new_page(browser, *size)
    page.goto(base_url + PAPER)
    tabs = page.locator("nav.pf-tabs a")
    expect(tabs).to_have_text(["Home", "Days", "Topics", "Archive", "Authors", "Feeds", "Saved"])
    for index in range(5):
        expect(tabs.nth(index)).to_be_visible()  # on a phone too: they are its menu
    expect(page.locator("nav.pf-tabs a[aria-current]")).to_have_text("Topics")
    assert_no_horizontal_overflow(page)
    screenshot(page, f"paper-{size[0]}")
    older = page.locator("footer nav.pf-steps a[rel='next']")
    expect(older).to_be_visible()
    title = page.locator("h1").inner_text()
    older.click()
    expect(page.locator("h1")).not_to_have_text(title)
    expect(page.locator("nav.pf-crumbs a")).to_have_text("Reinforcement learning")  # the same topic
    page.locator("nav.pf-crumbs a").click()
    expect(page.locator("h1")).to_have_text("Reinforcement learning")
    page.go_back()
    page.locator("nav.pf-tabs a", has_text="Archive").click()
    expect(page.locator("h1")).to_have_text("Archive")
    assert offsite == []


@pytest.mark.parametrize(("where", "section"), [
    ("topics/reinforcement-learning/", "Topics"), ("archive/2025/05/", "Archive"),
])
def test_topic_and_month_pages_mark_their_tab(
    browser: Browser, base_url: str, where: str, section: str
) -> None:
    page, offsite = new_page(browser)
    page.goto(base_url + where)
    expect(page.locator("nav.pf-tabs a[aria-current]")).to_have_text(section)
    assert offsite == []


def test_a_month_page_marks_its_days_and_leads_to_the_months_around_it(
    browser: Browser, base_url: str
) -> None:
    page, offsite = new_page(browser)
    page.goto(base_url + "archive/2025/05/")
    days = page.locator("h2.pf-day")
    expect(days.first).to_have_text(re.compile(r"^\d{1,2} May$", re.IGNORECASE))
    box = days.first.bounding_box()
    assert box and box["height"] < 40  # a marker, not a heading's worth of space
    screenshot(page, "desktop-month")
    page.locator("nav.pf-months-nav a[rel='prev']").click()
    expect(page.locator("h1")).to_have_text("April 2025")
    page.locator("nav.pf-months-nav a[rel='next']").click()
    expect(page.locator("h1")).to_have_text("May 2025")
    assert offsite == []


def test_chart_labels_keep_their_shape_and_trend_lines_line_up(browser: Browser, base_url: str) -> None:
    heights = []
    for width, height in (DESKTOP, PHONE_SIZE):
        page, offsite = new_page(browser, width, height)
        page.goto(base_url + "topics/")
        label = page.locator(".pf-chart__years span").first.bounding_box()
        assert label
        heights.append(label["height"])
        assert offsite == []
    assert abs(heights[0] - heights[1]) < 1  # the same letters at any width
    page, _ = new_page(browser)
    page.goto(base_url + "topics/")
    lefts = page.eval_on_selector_all(
        ".pf-spark", "els => els.map(e => Math.round(e.getBoundingClientRect().left))"
    )
    assert len(lefts) == 20 and len(set(lefts)) == 1


def test_the_charts_read_in_dark_mode(browser: Browser, base_url: str) -> None:
    page, offsite = new_page(browser)
    page.emulate_media(color_scheme="dark")
    page.goto(base_url + "topics/reinforcement-learning/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    ratio = page.evaluate(
        """() => {
          const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = c => {
            const linear = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
            const [r, g, b] = rgb(c).map(linear);
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const contrast = (a, b) => {
            const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
            return (x + 0.05) / (y + 0.05);
          };
          const bg = getComputedStyle(document.body).backgroundColor;
          const label = getComputedStyle(document.querySelector('.pf-chart__years span')).color;
          const bar = getComputedStyle(document.querySelector('.pf-chart rect')).fill;
          return [contrast(label, bg), contrast(bar, bg)];
        }"""
    )
    assert ratio[0] >= 4.5 and ratio[1] >= 3
    screenshot(page, "dark-topic-chart")
    assert offsite == []


def test_the_404_page_offers_the_sections_and_the_newest_papers(browser: Browser, base_url: str) -> None:
    page, offsite = new_page(browser, *PHONE_SIZE)
    page.goto(base_url + "404.html")
    expect(page.locator("ul.pf-sections a")).to_have_text(
        ["Home", "Days", "Topics", "Archive", "Authors", "Feeds", "Saved"]
    )
    first = page.locator(".pf-entries h3 a").first
    title = first.inner_text()
    screenshot(page, "phone-404")
    first.click()
    expect(page.locator("h1")).to_have_text(title)
    assert offsite == []
