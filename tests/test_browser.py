"""The site in a real browser (headless Chromium): the default site from content/ served on
localhost, at desktop and phone width, and the offline edition opened through file://.

Screenshots go to tests/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from browser import new_page
from playwright.sync_api import Browser, Page, expect
from sitekit import REPO

from paperfeed.model import Paper
from paperfeed.store import files as store

pytestmark = pytest.mark.slow

SCREENSHOTS = REPO / "tests" / "screenshots"
PHONE = 390
WORD = re.compile(r"[a-z]{7,}")


@pytest.fixture(scope="module")
def papers() -> dict[str, Paper]:
    return {paper.title: paper for paper in store.load(REPO / "content")}


def screenshot(page: Page, name: str) -> None:
    """What the window shows (not the whole page: a phone-width page is too tall to look at)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def distinctive_word(papers: dict[str, Paper]) -> tuple[str, str]:
    """A word of one paper's abstract that no other paper's title or abstract holds, nor its own
    title, and that paper's title: searching the word shows the paper only if abstracts are
    searched."""
    words = {title: set(WORD.findall(f"{title} {p.abstract}".lower())) for title, p in papers.items()}
    counts = Counter(word for found in words.values() for word in found)
    for title, paper in sorted(papers.items()):
        for word in sorted(set(WORD.findall(paper.abstract.lower())) - set(WORD.findall(title.lower()))):
            if counts[word] == 1:
                return word, title
    raise AssertionError("no paper has a word of its own in its abstract")


def search(page: Page, word: str, title: str) -> None:
    """Types `word` into Material's search box and waits for `title` among the results."""
    if not page.locator("input.md-search__input").is_visible():  # a phone: the header's button
        page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=20)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    expect(results.filter(has_text=title).first).to_be_visible()


def assert_no_horizontal_overflow(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url}: content {widths[0]}px wide in a {widths[1]}px window"


# --- The site, served --------------------------------------------------------------------------


def test_home_lists_the_newest_papers(browser: Browser, base_url: str, papers: dict[str, Paper]) -> None:
    page, offsite = new_page(browser)
    page.goto(base_url)
    titles = page.locator(".pf-entries h3 a").all_inner_texts()
    assert len(titles) == min(50, len(papers))  # home_items of the newest day
    assert set(titles) <= set(papers)
    # Built without `make offline`, the site has no zip to offer.
    expect(page.get_by_role("link", name="Download for offline reading")).to_have_count(0)
    screenshot(page, "desktop-home")
    assert offsite == []


def test_a_topic_page_lists_its_papers(browser: Browser, base_url: str) -> None:
    page, offsite = new_page(browser)
    page.goto(base_url)
    topic = page.locator(".pf-topic-grid li").first
    name = topic.locator("a").inner_text()
    count = int(topic.locator(".pf-count").inner_text())
    topic.locator("a").click()
    expect(page.locator("h1")).to_contain_text(name)
    entries = page.locator("ul.pf-entries > li")
    expect(entries).to_have_count(min(count, 100))  # page_size; waits for the page to finish loading
    # the newest 20 with their abstract in the page; the others fetch theirs when opened
    expect(entries.locator("details:not(.pf-fetch)")).to_have_count(min(count, 20))
    expect(entries.locator("details.pf-fetch")).to_have_count(max(0, min(count, 100) - 20))
    for index in range(entries.count()):
        expect(entries.nth(index).locator("h2 a")).to_have_attribute("href", re.compile(r"/papers/[^/]+/$"))
        expect(entries.nth(index).locator("a.pf-topic", has_text=name)).to_have_count(0)  # the page's own
    screenshot(page, "desktop-topic")
    assert offsite == []


def test_a_paper_page_shows_its_abstract(browser: Browser, base_url: str, papers: dict[str, Paper]) -> None:
    page, offsite = new_page(browser)
    page.goto(base_url)
    link = page.locator(".pf-entries h3 a").first
    title = link.inner_text()
    link.click()
    expect(page.locator("h1")).to_have_text(title)
    abstract = page.locator(".pf-paper__abstract")
    expect(abstract).to_be_visible()
    assert " ".join(abstract.inner_text().split()) == " ".join(papers[title].abstract.split())
    screenshot(page, "desktop-paper")
    assert offsite == []


def test_search_finds_a_paper_by_a_word_of_its_abstract(
    browser: Browser, base_url: str, default_site: Path, papers: dict[str, Paper]
) -> None:
    word, title = distinctive_word(papers)
    page, offsite = new_page(browser)
    page.goto(base_url)
    search(page, word, title)
    screenshot(page, "desktop-search")
    page.locator(".md-search-result__item").filter(has_text=title).first.locator("a").first.click()
    expect(page.locator("h1")).to_have_text(title)
    assert offsite == []


@pytest.mark.parametrize("where", ["home", "topic", "paper"])
def test_pages_fit_a_phone(browser: Browser, base_url: str, where: str) -> None:
    page, offsite = new_page(browser, width=PHONE, height=844)
    page.goto(base_url)
    if where != "home":
        with page.expect_navigation():  # and its load event
            page.locator(".pf-topic-grid a" if where == "topic" else ".pf-entries h3 a").first.click()
    assert_no_horizontal_overflow(page)
    heading = page.locator("h1")
    expect(heading).to_be_visible()
    box = heading.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE
    expect(page.locator(".md-header__title")).to_be_visible()
    screenshot(page, f"phone-{where}")
    assert offsite == []


def test_on_a_phone_every_page_kind_has_one_header_with_the_sections_as_tabs(
    browser: Browser, base_url: str, papers: dict[str, Paper]
) -> None:
    # Material folds its tabs into a drawer on phones; generated pages keep them. The site keeps
    # them on Material's pages too (the 404 page), so a reader meets one header whatever the page.
    page, offsite = new_page(browser, width=PHONE, height=844)
    paper = next(p for p in papers.values() if p.slug)
    headers = []
    for path in ("", "days/", f"papers/{paper.slug}/", "no-such-page/"):
        page.goto(base_url + path)
        drawer = page.locator("label.md-header__button[for='__drawer']")
        material = path == "no-such-page/"
        expect(drawer).to_have_count(1 if material else 0)  # Material's pages have one: hidden
        if material:
            expect(drawer).to_be_hidden()
        expect(page.locator(".md-tabs a, .pf-tabs a").filter(has_text="Topics").first).to_be_visible()
        logo = page.locator(".md-header__button.md-logo")
        expect(logo).to_be_visible()
        headers.append(page.evaluate("document.querySelector('.md-header').getBoundingClientRect().height"))
    assert len(set(headers)) == 1
    page.locator(".md-tabs a, .pf-tabs a").filter(has_text="Topics").first.click()
    expect(page).to_have_url(re.compile(r"/topics/$"))
    assert_no_horizontal_overflow(page)
    assert offsite == []


# --- The offline edition, from file:// -----------------------------------------------------------


def test_the_offline_edition_works_from_files_with_search(
    browser: Browser, offline_site: Path, default_site: Path, papers: dict[str, Paper]
) -> None:
    page, offsite = new_page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((offline_site / "index.html").as_uri())
    topic = page.locator(".pf-topic-grid li").first
    name = topic.locator("a").inner_text()
    topic.locator("a").click()
    expect(page).to_have_url(re.compile(r"^file://.*/topics/[^/]+/index\.html$"))
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator("ul.pf-entries > li").first).to_be_visible()
    word, title = distinctive_word(papers)
    search(page, word, title)
    screenshot(page, "offline-search")
    page.locator(".md-search-result__item").filter(has_text=title).first.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"^file://.*/papers/[^/]+/index\.html(\?h=\w+)?$"))  # h: highlight
    expect(page.locator("h1")).to_have_text(title)
    assert offsite == []
    assert errors == []


@pytest.mark.parametrize("where", ["", "topics/reinforcement-learning/", "papers/2-olmo-2-furious/"])
def test_pages_follow_the_systems_dark_mode(browser: Browser, base_url: str, where: str) -> None:
    page, offsite = new_page(browser)
    page.emulate_media(color_scheme="dark")
    page.goto(base_url + where)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    screenshot(page, f"dark-{where.strip('/').replace('/', '-') or 'home'}")
    assert offsite == []


def test_the_copy_button_copies_a_papers_bibtex_entry(browser: Browser, base_url: str) -> None:
    page, offsite = new_page(browser)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(base_url + "papers/2-olmo-2-furious/")
    entry = page.locator(".pf-paper pre code").inner_text()
    assert entry.startswith("@misc{") and "eprint = {2501.00656}" in entry
    button = page.locator(".pf-paper pre > button.md-clipboard")
    expect(button).to_have_attribute("title", "Copy to clipboard")
    button.click()
    expect(page.locator(".md-dialog--active")).to_have_text("Copied to clipboard")
    assert page.evaluate("navigator.clipboard.readText()") == entry
    screenshot(page, "desktop-paper-copied")
    assert offsite == []


def test_the_colour_toggle_of_a_generated_page_is_the_sites(browser: Browser, base_url: str) -> None:
    """A generated page switches the scheme itself (no Material bundle there) and stores the
    choice where Material's toggle does: the other pages follow it, Material's pages too (the
    404 page, and any page a curator writes in docs/), and it follows theirs."""
    page, offsite = new_page(browser)
    page.emulate_media(color_scheme="light")
    page.goto(base_url + "papers/2-olmo-2-furious/")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    toggle = page.locator("button.pf-palette")
    expect(toggle).to_have_attribute("title", "Switch to dark mode")
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    expect(toggle).to_have_attribute("title", "Switch to light mode")
    page.goto(base_url + "topics/")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.goto(base_url + "no-such-page/")  # Material's 404 page
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.locator("label.md-header__button[for='__palette_0']").click()  # Material's toggle, back to light
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.goto(base_url + "papers/2-olmo-2-furious/")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert offsite == []


WHERE = [
    "",
    "topics/",
    "topics/reinforcement-learning/",
    "archive/",
    "authors/",
    "feeds/",
    "papers/2-olmo-2-furious/",
]


@pytest.mark.parametrize("where", WHERE)
def test_no_page_asks_for_a_file_that_is_not_there(browser: Browser, base_url: str, where: str) -> None:
    """Material's script fetches sitemap.xml beside every feed a page links to: each is there."""
    page, offsite = new_page(browser)
    missing: list[str] = []
    page.on("response", lambda reply: reply.status < 400 or missing.append(f"{reply.status} {reply.url}"))
    page.goto(base_url + where)
    page.wait_for_load_state("networkidle")
    assert missing == []
    assert offsite == []
