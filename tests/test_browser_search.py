"""Search in a real browser (headless Chromium): the header's box on Material's pages and on paper
pages, at desktop and phone width, light and dark; `?q=` deep links; more results on request;
arXiv ids, authors' names and accent-free words; hostile text; the offline edition from file://.

Screenshots go to tests/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote_plus, urlsplit

import pytest
from browser import new_page, serve
from conftest import SLICED, make_fixture_content
from editions import build_online
from playwright.sync_api import Browser, Page, expect
from sitekit import REPO, pagefind_records

from paperfeed.model import Paper
from paperfeed.plugin import search
from paperfeed.store import files as store

pytestmark = pytest.mark.slow

SCREENSHOTS = REPO / "tests" / "screenshots"
PHONE = 390
RESULT = ".pf-search .md-search-result__item"
WORDS = re.compile(r"[a-z]{6,}")


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    return store.load(REPO / "content")


def holding(papers: list[Paper], word: str) -> set[str]:
    return {p.slug or "" for p in papers if re.search(rf"\b{word}\b", f"{p.title} {p.abstract}", re.I)}


def plain_words(papers: list[Paper]) -> dict[str, set[str]]:
    """Each plain word (no compound) of the papers' titles and abstracts, and the slugs holding it."""
    seen: dict[str, set[str]] = defaultdict(set)
    for paper in papers:
        text = f"{paper.title} {paper.abstract}".lower()
        for word in set(WORDS.findall(text)) - set(re.findall(r"[a-z]+(?=[-/'])|(?<=[-/'])[a-z]+", text)):
            seen[word].add(paper.slug or "")
    return seen


def a_word_of_several_papers(papers: list[Paper]) -> tuple[str, set[str]]:
    """A plain word (no compound) that 5 to 15 papers hold, and their slugs."""
    word = min(w for w, slugs in plain_words(papers).items() if 5 <= len(slugs) <= 15)
    return word, holding(papers, word)


def result_slugs(page: Page) -> set[str]:
    hrefs = page.locator(f"{RESULT} a").evaluate_all("links => links.map(a => a.href)")
    return {m.group(1) for h in hrefs if (m := re.search(r"/papers/([^/]+)/", urlsplit(h).path))}


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, PHONE])
@pytest.mark.parametrize("where", ["topics/reinforcement-learning/", "papers/2-olmo-2-furious/", "feeds/"])
def test_typing_in_the_header_box_shows_results_on_every_page_kind(
    browser: Browser, base_url: str, where: str, width: int, scheme: str
) -> None:
    page, offsite = new_page(browser, width=width, height=900 if width > PHONE else 844)
    page.emulate_media(color_scheme=scheme)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + where)
    colours = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", colours)
    box = page.locator(".pf-search input.md-search__input")
    if width == PHONE:  # the box hides behind the header's button
        page.locator("label.md-header__button[for='__search']").click()
        expect(box).to_be_in_viewport()
    else:
        page.keyboard.press("/")
    expect(box).to_be_focused()
    box.press_sequentially("reinforcement", delay=10)
    results = page.locator(RESULT)
    expect(results).to_have_count(20)  # the first 20; more on request
    first = results.first
    expect(first).to_be_in_viewport()
    expect(first.locator("h1")).not_to_be_empty()
    expect(first.locator(".pf-search__authors")).not_to_be_empty()
    expect(first.locator(".pf-search__meta")).to_contain_text(re.compile(r"\d{4}"))
    expect(first.locator(".pf-search__excerpt mark").first).to_have_text(re.compile("reinforcement", re.I))
    expect(page.locator(".pf-search .md-search-result__meta")).to_contain_text("matching documents")
    # The results stand out from the page in either scheme: their panel has the page's background.
    panel, text = page.locator(".pf-search .md-search__output").evaluate(
        "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e.querySelector('h1')).color]"
    )
    assert panel != text
    # Material's phone dialog grows a circle past the window's edge; the page must not scroll to it,
    # and no result may widen a phone's window.
    assert page.evaluate("window.scrollTo(1000, window.scrollY), window.scrollX") == 0
    assert page.evaluate("window.innerWidth") == width
    screenshot(page, f"search-{where.split('/')[0]}-{width}-{scheme}")
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()  # Material's styles close the dialog
    expect(box).not_to_be_focused()
    assert errors == [] and offsite == []


def test_the_s_key_focuses_the_box_and_enter_opens_the_first_result(browser: Browser, base_url: str) -> None:
    page, offsite = new_page(browser)
    page.goto(base_url + "papers/2-olmo-2-furious/")
    page.keyboard.press("s")
    box = page.locator(".pf-search input.md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially("Dolmino", delay=20)
    expect(page.locator(RESULT).filter(has_text="OLMo 2 Furious").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?q=Dolmino$"))  # the search can be shared as it stands
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/papers/2-olmo-2-furious/$"))
    assert offsite == []


@pytest.mark.parametrize("where", ["feeds/", "papers/2-olmo-2-furious/"])
def test_q_on_a_phone_opens_the_full_screen_box_and_the_page_under_it_stays_put(
    browser: Browser, base_url: str, where: str
) -> None:
    page, offsite = new_page(browser, width=PHONE, height=844)
    page.goto(f"{base_url}{where}?q=reinforcement")
    expect(page.locator(RESULT).first).to_be_in_viewport()
    # Material's bundle clears the page's scroll lock as it starts: the box sets it again, or the
    # page under the dialog scrolls and a phone's window widens to the results' unwrapped lines.
    expect(page.locator("body")).to_have_attribute("data-md-scrolllock", "")
    assert page.evaluate("window.innerWidth") == PHONE
    box = page.locator(".pf-search .md-search__inner").bounding_box()
    assert box is not None and box["width"] == PHONE
    assert offsite == []


@pytest.mark.parametrize("where", ["feeds/", "papers/2-olmo-2-furious/"])
def test_q_opens_search_with_every_paper_holding_the_word(
    browser: Browser, base_url: str, papers: list[Paper], where: str
) -> None:
    word, expected = a_word_of_several_papers(papers)
    page, offsite = new_page(browser)
    page.goto(f"{base_url}{where}?q={word}")
    expect(page.locator(".pf-search input.md-search__input")).to_have_value(word)
    expect(page.locator(RESULT).first).to_be_visible()
    all_results(page)
    assert expected <= result_slugs(page)
    assert offsite == []


def all_results(page: Page) -> None:
    """Asks for more results until every one is shown (a word's stem may match many papers)."""
    more = page.locator(".pf-search__more")
    page.wait_for_timeout(300)
    while more.is_visible():
        count = page.locator(RESULT).count()
        more.click()
        expect(page.locator(RESULT)).not_to_have_count(count)


def test_a_query_finds_the_papers_of_every_slice_through_the_merged_indexes(
    browser: Browser, sliced_site: Path, papers: list[Paper]
) -> None:
    bundles = search.bundles(len(papers), SLICED)
    bundle_of = {r["url"]: b for b in bundles for r in pagefind_records(sliced_site, b)}
    # A word that papers of every slice hold, more of them than one page of results shows.
    word = min(
        w
        for w, slugs in plain_words(papers).items()
        if 25 <= len(slugs) <= 60 and {bundle_of[f"/papers/{s}/"] for s in slugs} == set(bundles)
    )
    expected = holding(papers, word)
    with serve(sliced_site) as url:
        page, offsite = new_page(browser)
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
        page.goto(f"{url}feeds/?q={word}")
        expect(page.locator(RESULT).first).to_be_visible()
        total = int(re.sub(r"\D", "", page.locator(".pf-search .md-search-result__meta").inner_text()))
        all_results(page)
        hrefs = page.locator(f"{RESULT} a").evaluate_all("links => links.map(a => a.href)")
        # One list: every paper once, as many as the count says, each slice's papers among them.
        assert len(hrefs) == len(set(hrefs)) == total
        assert expected <= result_slugs(page)
        for bundle in bundles[1:]:
            assert any(f"/{bundle}/" in path for path in fetched), bundle
        assert offsite == []


def test_more_results_load_on_request(browser: Browser, base_url: str) -> None:
    page, offsite = new_page(browser)
    page.goto(base_url + "?q=learning")
    results = page.locator(RESULT)
    expect(results).to_have_count(20)
    more = page.get_by_role("button", name="Load more results")
    more.click()
    expect(results).to_have_count(40)
    assert len(result_slugs(page)) == 40
    assert offsite == []


def test_an_arxiv_id_with_its_version_an_authors_name_and_an_accent_free_word_find_their_papers(
    browser: Browser, base_url: str, papers: list[Paper]
) -> None:
    with_id = next(p for p in papers if p.arxiv and re.fullmatch(r"\d{4}\.\d{5}", p.arxiv))
    by_author: dict[str, set[str]] = defaultdict(set)
    for paper in papers:
        for name in paper.authors:
            by_author[name].add(paper.slug or "")
    author = min(name for name, slugs in by_author.items() if len(slugs) >= 2 and " " in name)
    accented = next(
        (word, p.slug)
        for p in papers
        for word in p.title.split()
        if word.isalpha() and (plain := unaccented(word)) != word and plain.isascii()
    )
    page, offsite = new_page(browser)
    for query, expected in (
        (f"{with_id.arxiv}v2", {with_id.slug}),
        (author, by_author[author]),
        (unaccented(accented[0]), {accented[1]}),
    ):
        page.goto(f"{base_url}feeds/?q={quote_plus(query)}")
        expect(page.locator(RESULT).first).to_be_visible()
        page.wait_for_function(f"document.querySelectorAll('{RESULT}').length >= {len(expected)}")
        got = page.locator(f"{RESULT} a").evaluate_all("links => links.map(a => a.pathname)")
        ranked = [m.group(1) for h in got if (m := re.search(r"/papers/([^/]+)/", h))]
        # The papers asked for come first: title and author matches weigh more.
        assert set(ranked[: len(expected)]) == expected, (query, ranked[:5])
    assert offsite == []


def unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def test_hostile_text_stays_text_in_results(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("hostile-search")
    site = build_online(work / "build", make_fixture_content(work))
    page, offsite = new_page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(site) as url:
        page.goto(url + "?q=" + quote_plus("alert"))
        results = page.locator(RESULT)
        expect(results.first).to_be_visible()
        title = "<script>alert('title')</script> Attention </title><script>alert(2)</script>"
        expect(results.locator("h1", has_text="Attention").first).to_have_text(title)
        page.wait_for_timeout(500)
        tags = results.locator("*").evaluate_all("els => [...new Set(els.map(e => e.tagName.toLowerCase()))]")
        assert set(tags) <= {"a", "article", "h1", "p", "mark"}, tags
        excerpts = " ".join(results.locator(".pf-search__excerpt").all_inner_texts())
        assert "<img src=x onerror=alert(4)>" in excerpts
    assert dialogs == [] and offsite == []


def test_the_offline_edition_answers_q_from_files(
    browser: Browser, offline_site: Path, papers: list[Paper]
) -> None:
    word, expected = a_word_of_several_papers(papers)
    page, offsite = new_page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((offline_site / "feeds" / "index.html").as_uri() + "?q=" + word)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    # Material shows 10 results, then more as the list is scrolled; abstracts are searched in
    # full, so the first ones are papers holding the word (a topic page may be among them).
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length >= 8")
    hrefs = results.locator("a").evaluate_all("links => links.map(a => a.pathname)")
    shown = {m.group(1) for h in hrefs if (m := re.search(r"/papers/([^/]+)/index\.html", h))}
    assert len(shown & expected) >= min(len(expected), 8), (word, shown, expected)
    screenshot(page, "offline-search-q")
    assert errors == [] and offsite == []


def test_the_offline_edition_shows_every_result_on_request(
    browser: Browser, offline_site: Path, papers: list[Paper]
) -> None:
    # Material shows 10 results, then more only as its list is scrolled: a word of more papers
    # than that is listed in full through "Show more results", as a reader would ask.
    word = min(w for w, slugs in plain_words(papers).items() if 12 <= len(slugs) <= 15)
    expected = holding(papers, word)
    page, offsite = new_page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((offline_site / "feeds" / "index.html").as_uri() + "?q=" + word)
    results = page.locator(".md-search-result__item")
    expect(results).to_have_count(10)
    more = page.get_by_role("button", name="Show more results")
    expect(more).to_be_visible()
    more.click()
    expect(more).to_be_hidden()
    total = int(re.sub(r"\D", "", page.locator(".md-search-result__meta").inner_text()))
    expect(results).to_have_count(total)
    hrefs = results.locator("a").evaluate_all("links => links.map(a => a.pathname)")
    shown = {m.group(1) for h in hrefs if (m := re.search(r"/papers/([^/]+)/index\.html", h))}
    assert expected <= shown, (word, expected - shown)
    assert errors == [] and offsite == []
