"""The reader's own state in a real browser (Chromium): saving papers and the Saved page, papers
seen, "For you", the keys, abstracts fetched on demand, and arXiv addresses on the site's host."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import chromium, new_page, serve_as_pages
from conftest import LISTINGS, run_cli
from editions import built_once
from playwright.sync_api import Browser, Locator, Page, expect
from sitekit import REPO, build_site, repo_plugins, repo_settings

from paperfeed import urls
from paperfeed.analysis.digest import Digest, load_digest

pytestmark = pytest.mark.slow
OLD_DAY, NEW_DAY = "2026-11-24", "2026-11-26"
PAPER = re.compile(r"/papers/([a-z0-9-]+)/")


@pytest.fixture(scope="module")
def morning(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def build(work: Path) -> None:
        shutil.copytree(REPO / "content", work / "content")
        listing = LISTINGS / "hf-daily-upvoted.json"
        assert run_cli("import", "--content", work / "content", "--added", NEW_DAY, listing).code == 0
        # Topic pages of 50 papers: the largest topic's .bib holds its first page's, and the
        # whole is made in the browser from papers.bib.
        done = build_site(
            work, work / "content", plugins=repo_plugins(content=str(work / "content"), page_size=50)
        )
        assert done.returncode == 0, done.stderr

    return built_once(tmp_path_factory, "morning-site", build)


@pytest.fixture(scope="module")
def digest(morning: Path) -> Digest:
    return load_digest(morning / "content")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def site(morning: Path) -> Iterator[str]:
    path = urlsplit(repo_settings().site_url).path.strip("/")
    with serve_as_pages(morning / "site", path) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    opened, _ = new_page(browser)
    yield opened
    opened.context.close()


def slugs(page: Page) -> list[str]:
    """The slugs of the visible list entries, in the order shown."""
    hrefs = page.eval_on_selector_all("ul.pf-entries > li :is(h2, h3) > a", "els => els.map(e => e.href)")
    return [PAPER.search(h).group(1) for h in hrefs]  # type: ignore[union-attr]


def first_star(page: Page) -> Locator:
    return page.locator("ul.pf-entries > li").first.locator("button.pf-save")


def slug_at(page: Page) -> str | None:
    found = PAPER.search(page.url)
    return found.group(1) if found else None


def test_j_j_enter_opens_the_second_paper_and_keys_sleep_while_typing(page: Page, site: str) -> None:
    page.goto(site + urls.day_page(OLD_DAY))
    listed = slugs(page)
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(page.locator("ul.pf-entries > li.pf-current")).to_have_count(1)
    page.keyboard.press("k")
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/papers/"))
    assert slug_at(page) == listed[1]
    page.go_back()
    page.locator(".md-search__input, input[type=search]").first.focus()
    page.keyboard.type("jjs")  # typed into the box: no paper moves, none is saved
    assert page.locator("ul.pf-entries > li.pf-current").count() == 0
    assert page.locator(".pf-save[aria-pressed='true']").count() == 0


def test_a_saved_paper_is_on_the_saved_page_after_a_reload_with_its_bibtex(
    page: Page, site: str, digest: Digest
) -> None:
    page.goto(site + urls.day_page(NEW_DAY))
    first = slugs(page)[0]
    star = page.locator("ul.pf-entries > li").first.locator("button.pf-save")
    expect(star).to_have_attribute("aria-pressed", "false")
    star.click()
    expect(star).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(500)  # the paper's page is fetched for its citation
    page.reload()
    expect(first_star(page)).to_have_attribute("aria-pressed", "true")
    page.goto(site + urls.SAVED)
    expect(page.locator("[data-pf-saved] ul.pf-entries > li")).to_have_count(1)
    assert slugs(page) == [first]
    href = page.locator("a[download='saved.bib']").get_attribute("href")
    bib = page.evaluate("href => fetch(href).then(r => r.text())", href)
    assert bib.strip() == digest.bibtex[first].strip()  # the site's own entry, from the paper's page
    page.locator("[data-pf-saved] button.pf-save").click()  # removed from Saved, there
    expect(page.locator("[data-pf-saved] .pf-empty")).to_have_text("Nothing saved yet.")


def test_s_saves_the_selected_paper_and_a_paper_page_has_its_own_star(page: Page, site: str) -> None:
    page.goto(site + urls.day_page(OLD_DAY))
    page.keyboard.press("j")
    page.keyboard.press("s")
    chosen = slugs(page)[0]
    expect(first_star(page)).to_have_attribute("aria-pressed", "true")
    page.goto(site + urls.paper_page(chosen))
    expect(page.locator(".pf-paper button.pf-save")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("s")  # on a paper page, s saves (here: removes) the paper itself
    expect(page.locator(".pf-paper button.pf-save")).to_have_attribute("aria-pressed", "false")


def test_for_you_puts_papers_like_the_saved_ones_first_and_is_remembered(
    page: Page, site: str, digest: Digest
) -> None:
    page.goto(site + urls.day_page(OLD_DAY))
    site_order = slugs(page)
    day = next(d for d in digest.days if d.key == OLD_DAY)
    rl = {e.slug for e in day.entries if "reinforcement-learning" in e.topics}
    for slug in [s for s in site_order if s in rl][:3]:
        page.locator(f"ul.pf-entries > li:has(a[href*='/papers/{slug}/']) button.pf-save").click()
    page.get_by_role("button", name="For you").click()
    ordered = slugs(page)
    assert sum(1 for slug in ordered[:5] if slug in rl) >= 4
    assert sorted(ordered) == sorted(site_order)  # the same papers, another order
    page.reload()
    assert slugs(page) == ordered  # the choice stays
    page.get_by_role("button", name="Newest").click()
    assert slugs(page) == site_order


def test_papers_opened_are_marked_seen_unless_the_reader_turns_it_off(page: Page, site: str) -> None:
    page.goto(site + urls.day_page(OLD_DAY))
    second = slugs(page)[1]
    page.locator("ul.pf-entries > li").nth(1).locator(":is(h2, h3) > a").click()
    page.wait_for_url(re.compile(second))
    page.goto(site + urls.day_page(OLD_DAY))
    entries = page.locator("ul.pf-entries > li")
    expect(entries.nth(1)).to_have_class(re.compile("pf-seen"))
    expect(entries.nth(0)).not_to_have_class(re.compile("pf-seen"))
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Mark the papers I have opened").uncheck()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(entries.nth(1)).not_to_have_class(re.compile("pf-seen"))


def test_an_abstract_the_list_does_not_carry_is_fetched_when_opened(
    page: Page, site: str, digest: Digest
) -> None:
    month = next(c for c in digest.months if c.size >= 2)
    page.goto(site + month.page)
    entry = page.locator("ul.pf-entries > li").first
    expect(entry.locator("details > summary")).to_have_text("Abstract")
    entry.locator("details > summary").click()
    expect(entry.locator(".pf-fetch__text")).to_have_text(month.entries[0].paper.abstract)


@pytest.mark.parametrize("form", ["abs/{id}", "abs/{id}v2", "pdf/{id}", "pdf/{id}v1.pdf"])
def test_an_arxiv_address_on_the_sites_host_opens_the_papers_page(
    page: Page, site: str, digest: Digest, form: str
) -> None:
    entry = next(e for e in digest.by_date if e.paper.arxiv and "." in e.paper.arxiv)
    page.goto(site + form.format(id=entry.paper.arxiv))
    page.wait_for_url(re.compile(r"/papers/"))
    assert slug_at(page) == entry.slug


def test_an_unknown_arxiv_id_stays_on_the_404_page(page: Page, site: str) -> None:
    response = page.goto(site + "abs/2611.99999")
    assert response is not None and response.status == 404
    page.wait_for_timeout(500)
    assert page.url.endswith("abs/2611.99999")
    expect(page.locator("h1")).to_have_text("Page not found")


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (1280, "dark"), (390, "light")])
def test_the_readers_controls_have_no_accessibility_violation(
    browser: Browser, site: str, npm_tools: Path, width: int, scheme: str
) -> None:
    # The controls the script adds (stars, the For you choice, abstracts on demand, the Saved list
    # and the keys' dialog), as a reader meets them, with the target size of WCAG 2.2.
    from test_browser_a11y import AXE_RUN

    axe = (npm_tools / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    page, _ = new_page(browser, width, 900, color_scheme=scheme)
    found: list[str] = []
    for path in (urls.day_page(NEW_DAY), next_month(page, site), urls.SAVED):
        page.goto(site + path)
        if path == urls.day_page(NEW_DAY):
            page.locator("button.pf-save").first.click()
            page.get_by_role("button", name="For you").click()
        if path == urls.SAVED:
            page.keyboard.press("?")
        page.add_script_tag(content=axe)
        found += [f"{path}: {violation}" for violation in page.evaluate(AXE_RUN)]
    page.context.close()
    assert found == []


def next_month(page: Page, site: str) -> str:
    """The newest month page: its entries fetch their abstracts when opened."""
    page.goto(site + urls.ARCHIVE)
    return urls.ARCHIVE + (page.locator("ul.pf-months a").first.get_attribute("href") or "")


def test_an_entrys_topics_and_arxiv_links_are_made_from_its_data_where_the_build_put_them_before(
    page: Page, site: str, digest: Digest
) -> None:
    page.goto(site + urls.day_page(NEW_DAY))
    entry = page.locator("ul.pf-entries > li").first
    slug = slugs(page)[0]
    paper = next(e for e in digest.by_date if e.slug == slug)
    names = [topic.name for topic in (digest.taxonomy.get(t) for t in paper.topics) if topic]
    line = entry.locator("p").first
    # authors · date · topics · arXiv · PDF · Hugging Face · (its own code link) · upvotes
    parts = line.inner_text().split("\u00a0· ")
    assert parts[2:4] == [" ".join(names), "arXiv"], parts
    assert parts[4:6] == ["PDF", "Hugging Face"] and parts[-1].split()[0] == str(paper.paper.upvotes), parts
    hrefs = line.locator("a").evaluate_all("els => els.map(e => [e.className, e.href])")
    assert hrefs[: len(names)] == [["pf-topic", site + urls.topic_page(t)] for t in paper.topics]
    assert [h for _, h in hrefs[len(names) : len(names) + 3]] == [
        u for _, u in urls.arxiv_links(paper.paper.arxiv or "")
    ]
    # On a topic's page, its other topics only.
    page.goto(site + urls.topic_page(paper.topics[0]))
    for item in page.locator("ul.pf-entries > li").all()[:10]:
        chips = item.locator("a.pf-topic").evaluate_all("els => els.map(e => e.href)")
        assert site + urls.topic_page(paper.topics[0]) not in chips


def test_a_topic_of_more_papers_than_its_bib_file_holds_gives_its_whole_bibtex_from_papers_bib(
    page: Page, site: str, digest: Digest
) -> None:
    topic = max(digest.topics, key=lambda t: t.size)
    assert topic.size > 50, "the fixture's largest topic must outgrow a page"
    page.goto(site + topic.page)
    whole = page.locator("a[data-pf-bib]")
    expect(whole).to_be_visible()
    expect(whole).to_have_text(f"all {topic.size}")
    with page.expect_download() as download:
        whole.click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    keys = re.findall(r"^@misc\{([^,]+),", text, re.M)
    assert len(keys) == topic.size == len(set(keys))
    assert all("keywords = {" in entry for entry in text.split("\n\n") if entry.strip())
    assert download.value.suggested_filename == f"{topic.key}.bib"
