"""Search in a real browser (headless Chromium): the header's box on Material's pages and on paper
pages, at desktop and phone width, light and dark; `?q=` deep links; more results on request;
arXiv ids, authors' names and accent-free words; hostile text; honest answers (a word no paper
has finds nothing), pasted arXiv URLs, the topic and author pages offered, excerpts as text; and
the offline edition from file://, which must answer as the site does.

Screenshots go to tests/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote_plus, urlsplit

import pytest
from browser import new_page, serve
from conftest import FIXTURES, SLICED, make_fixture_content, run_cli
from editions import build_offline, build_online, built_once
from playwright.sync_api import Browser, Page, expect
from sitekit import REPO, pagefind_records
from test_browser_a11y import AXE_RUN

from paperfeed.analysis import authors
from paperfeed.analysis.digest import load_digest
from paperfeed.model import Entry, Paper
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
    expect(page.locator(".pf-search .md-search-result__meta")).to_have_text(re.compile(r"^\d+ papers$"))
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


def test_the_slash_key_focuses_the_box_and_enter_opens_the_first_result(
    browser: Browser, base_url: str
) -> None:
    page, offsite = new_page(browser)
    page.goto(base_url + "papers/2-olmo-2-furious/")
    box = page.locator(".pf-search input.md-search__input")
    for key in ("s", "f"):  # the reader's keys on lists and pages, not search's
        page.keyboard.press(key)
        expect(box).not_to_be_focused()
    page.keyboard.press("/")
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


# --- Honest answers, pasted ids, pages offered: on the site and in the offline edition ---------------

META = ".pf-search .md-search-result__meta"
SEARCH_FIXTURE = FIXTURES / "search" / "papers.yaml"


def search_content(work: Path) -> Path:
    """tests/fixtures/search's papers, imported, with the repository's taxonomy."""
    content = work / "content"
    (content / "papers").mkdir(parents=True)
    (content / "topics.yml").write_bytes((REPO / "content" / "topics.yml").read_bytes())
    done = run_cli("import", "--content", content, "--added", "2026-11-20", SEARCH_FIXTURE)
    assert done.code == 0, done.err
    return content


@pytest.fixture(scope="module")
def search_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The search fixture built as the site, as the offline edition, and as a site indexed two
    papers a slice (three bundles)."""

    def build(work: Path) -> None:
        content = search_content(work)
        build_online(work / "site-build", content)
        build_offline(work / "offline-build", content)
        build_online(work / "sliced-build", content, search_slice=2)

    work = built_once(tmp_path_factory, "search-fixture", build)
    return {name: work / f"{name}-build" / "site" for name in ("site", "offline", "sliced")}


class Edition:
    """A built edition opened as a reader opens it: served over HTTP, or from disk."""

    def __init__(self, site: Path, base: str | None) -> None:
        self.site, self.base = site, base

    def url(self, path: str, query: str | None = None) -> str:
        if self.base is None:  # file://: pages are files
            address = (
                (self.site / path / "index.html").as_uri() if path else (self.site / "index.html").as_uri()
            )
        else:
            address = self.base + path
        return address + (f"?q={quote_plus(query)}" if query is not None else "")


@pytest.fixture(params=["site", "offline"])
def edition(request: pytest.FixtureRequest, default_site: Path, offline_site: Path) -> Iterator[Edition]:
    """The default content's site, served, or its offline edition, from disk."""
    if request.param == "offline":
        yield Edition(offline_site, None)
    else:
        with serve(default_site) as url:
            yield Edition(default_site, url)


@pytest.fixture(params=["site", "offline"])
def fixture_edition(request: pytest.FixtureRequest, search_sites: dict[str, Path]) -> Iterator[Edition]:
    """The search fixture's site, served, or its offline edition, from disk."""
    if request.param == "offline":
        yield Edition(search_sites["offline"], None)
    else:
        with serve(search_sites["site"]) as url:
            yield Edition(search_sites["site"], url)


def answered(page: Page, url: str) -> str:
    """Opens `url` (with ?q=) and waits for the box's answer: its count, or what it has to say."""
    page.goto(url)
    expect(page.locator(META)).not_to_have_text(re.compile(r"^(Type to start searching)?$"))
    page.wait_for_timeout(200)  # the first results' passages
    return page.locator(META).inner_text()


def slugs_in_order(page: Page) -> list[str]:
    hrefs = page.locator(f"{RESULT} a").evaluate_all("links => links.map(a => a.href)")
    return [m.group(1) for h in hrefs if (m := re.search(r"/papers/([^/]+)/", urlsplit(h).path))]


@pytest.mark.parametrize("word", ["xylophonequartz", "zebra", "Sutton"])
def test_a_word_no_paper_holds_shows_no_paper_and_says_so(
    browser: Browser, edition: Edition, word: str
) -> None:
    """Pagefind alone found one paper for each (an author "X.", a "Ze", the authors named Su)."""
    page, offsite = new_page(browser)
    assert answered(page, edition.url("feeds/", word)) == f"No paper has the word \u201c{word}\u201d"
    expect(page.locator(RESULT)).to_have_count(0)
    # With a word every paper holds, still nothing: no paper has both.
    assert (
        answered(page, edition.url("feeds/", f"learning {word}"))
        == f"No paper has the word \u201c{word}\u201d"
    )
    expect(page.locator(RESULT)).to_have_count(0)
    assert offsite == []


def test_every_word_typed_must_be_in_the_paper(browser: Browser, base_url: str, papers: list[Paper]) -> None:
    page, offsite = new_page(browser)
    text = {p.slug: f"{p.title} {' '.join(p.authors)} {p.abstract}".lower() for p in papers}
    assert re.fullmatch(r"\d+ papers", answered(page, f"{base_url}feeds/?q=reinforcement+curriculum"))
    all_results(page)
    shown = slugs_in_order(page)
    assert shown and all("reinforc" in text[s] and "curriculum" in text[s] for s in shown)
    assert len(shown) == int(page.locator(META).inner_text().split()[0])
    assert offsite == []


@pytest.mark.parametrize(
    "query",
    [
        "https://arxiv.org/abs/2401.10003",
        "https://arxiv.org/pdf/2401.10003v2",
        "arxiv.org/pdf/2401.10003v2.pdf",
        "arXiv:2401.10003",
        "2401.10003v2",
        "https://huggingface.co/papers/2401.10003",
    ],
)
def test_a_pasted_arxiv_url_or_id_finds_its_paper_first(
    browser: Browser, fixture_edition: Edition, query: str
) -> None:
    """The citing paper names the id three times in its abstract, the paper once on its page:
    Pagefind ranks the citing paper first, the box the paper of the id."""
    page, offsite = new_page(browser)
    assert answered(page, fixture_edition.url("feeds/", query)) == "2 papers"
    assert slugs_in_order(page) == [
        "knowledge-distillation-for-small-policies",
        "building-on-distillation-baselines",
    ]
    assert offsite == []


def test_a_topics_name_offers_its_page_above_the_results(browser: Browser, edition: Edition) -> None:
    page, offsite = new_page(browser)
    answered(page, edition.url("feeds/", "continual learning"))
    offers = page.locator(".pf-search__offers a")
    expect(offers).to_have_count(1)
    expect(offers).to_have_text("Topic Continual learning")
    # Above the results, and reached by the arrow keys from the box.
    assert offers.bounding_box()["y"] < page.locator(RESULT).first.bounding_box()["y"]  # type: ignore[index]
    page.locator(".pf-search input.md-search__input").press("ArrowDown")
    expect(offers).to_be_focused()
    offers.click()
    expect(page.locator("h1")).to_have_text(re.compile("^Continual learning"))
    # A word many topics share ("learning") offers none; one only two share ("models") both.
    answered(page, edition.url("feeds/", "learning"))
    expect(page.locator(".pf-search__offers a")).to_have_count(0)
    answered(page, edition.url("feeds/", "models"))
    expect(page.locator(".pf-search__offers a")).to_have_text(
        ["Topic Generative models", "Topic Language models"]
    )
    assert offsite == []


def their_papers(search_sites: dict[str, Path], name: str) -> list[Entry]:
    """The search fixture's papers of an author, newest publication first."""
    digest = load_digest(search_sites["site"].parent.parent / "content")
    key = authors.anchor(name)
    theirs = [e for e in digest.by_date if key in {authors.anchor(a) for a in e.paper.authors}]
    return sorted(theirs, key=lambda e: e.date, reverse=True)


def shows_their_papers(page: Page, search_sites: dict[str, Path], name: str) -> None:
    theirs = their_papers(search_sites, name)
    count = f"{len(theirs)} paper{'s' if len(theirs) != 1 else ''} by {name}"
    expect(page.locator(META)).to_have_text(count)
    shown = slugs_in_order(page)
    assert sorted(shown) == sorted(e.slug for e in theirs)
    dates = {e.slug: e.date for e in theirs}
    assert [dates[s] for s in shown] == sorted(dates.values(), reverse=True)  # newest first


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Yuhong Guo", "Yuhong Guo"),
        ("guo yuhong", "Yuhong Guo"),  # in any order, any case
        ("Maria Kjellstrom", "Maria Kjellström"),  # typed without the accent
        ("Seán O'Brien", "Seán O'Brien"),
        ("Charles X. Ling", "Charles X. Ling"),
        # 405 Zorns in one paper, this one listed second: search takes a paper's first 1,000
        # characters of names
        ("Ann Zorn405", "Ann Zorn405"),
    ],
)
def test_an_authors_full_name_offers_their_papers_newest_first(
    browser: Browser, fixture_edition: Edition, search_sites: dict[str, Path], typed: str, name: str
) -> None:
    page, offsite = new_page(browser)
    answered(page, fixture_edition.url("feeds/", typed))
    offer = page.locator(".pf-search__offers a")
    expect(offer).to_have_count(1)
    expect(offer).to_have_text(f"Papers by {name}")
    offer.click()
    shows_their_papers(page, search_sites, name)
    assert offsite == []


def test_a_papers_authors_and_the_author_index_link_to_each_authors_papers(
    browser: Browser, fixture_edition: Edition, search_sites: dict[str, Path]
) -> None:
    page, offsite = new_page(browser)
    paper = next(e for e in their_papers(search_sites, "Yuhong Guo") if len(e.paper.authors) > 1)
    page.goto(fixture_edition.url(f"papers/{paper.slug}/"))
    names = page.locator(".pf-paper__authors a")
    expect(names).to_have_text(list(paper.paper.authors))
    names.filter(has_text="Yuhong Guo").click()
    shows_their_papers(page, search_sites, "Yuhong Guo")
    page.goto(fixture_edition.url("authors/g/"))
    entry = page.locator("ul.pf-authors > li#yuhong-guo")
    expect(entry).to_have_text(f"Yuhong Guo {len(their_papers(search_sites, 'Yuhong Guo'))}")
    entry.locator("a").click()
    shows_their_papers(page, search_sites, "Yuhong Guo")
    assert offsite == []


def test_a_part_of_a_name_offers_no_author(browser: Browser, fixture_edition: Edition) -> None:
    page, offsite = new_page(browser)
    answered(page, fixture_edition.url("feeds/", "Guo"))
    expect(page.locator(".pf-search__offers a")).to_have_count(0)
    assert offsite == []


def test_excerpts_show_the_abstract_as_it_reads(browser: Browser, fixture_edition: Edition) -> None:
    """The abstract holds the literal text "&lt;img": Pagefind's own excerpt escaped < and > but
    not &, and decoding it showed "<img"."""
    page, offsite = new_page(browser)
    assert answered(page, fixture_edition.url("feeds/", "quokka")) == "1 paper"
    excerpt = page.locator(f"{RESULT} .pf-search__excerpt")
    expect(excerpt).to_contain_text(
        "the literal &lt;img src=x&gt; and &amp;amp; must read as typed, and a real <i>tag</i>"
    )
    expect(excerpt.locator("mark")).to_have_text(["Quokka"])
    assert excerpt.locator("*").evaluate_all("els => els.map(e => e.tagName)") == ["MARK"]
    assert offsite == []


def test_a_word_found_only_as_the_beginning_of_longer_words_is_marked_as_a_prefix(
    browser: Browser, fixture_edition: Edition
) -> None:
    page, offsite = new_page(browser)
    assert answered(page, fixture_edition.url("feeds/", "distillat")) == "2 papers"
    for result in page.locator(RESULT).all():
        expect(result.locator(".pf-search__note")).to_have_text(
            "Prefix match: \u201cdistillat\u201d \u2192 Distillation"
        )
    # A word the paper holds whole is no prefix match; tricky words are found as typed.
    for query in ("distill", "GPT-4o", "C++", "multi-agent", "Kjellström", "kjellstrom", "O'Brien"):
        assert re.fullmatch(r"\d+ papers?", answered(page, fixture_edition.url("feeds/", query))), query
    answered(page, fixture_edition.url("feeds/", "distill"))
    whole = page.locator(RESULT).filter(has_text="Knowledge Distillation for Small Policies")  # "We distill"
    expect(whole.locator(".pf-search__note")).to_have_count(0)
    expect(whole.locator("mark", has_text="distill")).to_have_count(1)
    begun = page.locator(RESULT).filter(has_text="Building on Distillation Baselines")
    expect(begun.locator(".pf-search__note")).to_have_text(
        "Prefix match: \u201cdistill\u201d \u2192 Distillation"
    )
    assert offsite == []


def test_a_slice_without_a_word_is_left_out_of_the_merged_search(
    browser: Browser, search_sites: dict[str, Path]
) -> None:
    """Three bundles of two papers: "Sutherland" is an author in the last only; the second, which
    has a "Su", would answer with its paper."""
    sliced = search_sites["sliced"]
    assert search.bundles(5, 2) == ["pagefind", "pagefind-2", "pagefind-3"]
    assert {r["url"] for r in pagefind_records(sliced, "pagefind-2")} >= {
        "/papers/markup-quoted-as-text-in-abstracts/"
    }
    with serve(sliced) as url:
        page, offsite = new_page(browser)
        assert answered(page, f"{url}feeds/?q=Sutherland") == "1 paper"
        assert slugs_in_order(page) == ["zoo-of-tiny-models-for-tabular-data"]
        assert answered(page, f"{url}feeds/?q=quokka") == "1 paper"
        assert answered(page, f"{url}feeds/?q=zebra") == "No paper has the word \u201czebra\u201d"
        assert offsite == []


def test_no_search_key_fires_while_the_reader_types_in_a_field(browser: Browser, base_url: str) -> None:
    page, offsite = new_page(browser)
    page.goto(base_url + "topics/reinforcement-learning/")
    page.evaluate("document.body.prepend(Object.assign(document.createElement('input'), {id: 'field'}))")
    page.evaluate("document.body.prepend(Object.assign(document.createElement('textarea'), {id: 'notes'}))")
    for field in ("#field", "#notes"):
        page.locator(field).click()
        page.keyboard.type("/s/")
        expect(page.locator(field)).to_have_value("/s/")
        expect(page.locator("#__search")).not_to_be_checked()
        expect(page.locator(".pf-search input.md-search__input")).not_to_be_focused()
    assert offsite == []


# --- The offline edition: the site's index and code, from disk ------------------------------------


def every_result(page: Page) -> list[str]:
    all_results(page)
    return slugs_in_order(page)


def test_the_offline_edition_finds_what_the_site_finds_in_the_same_order(
    browser: Browser, base_url: str, offline_site: Path, papers: list[Paper]
) -> None:
    with_id = next(p for p in papers if p.arxiv and re.fullmatch(r"\d{4}\.\d{5}", p.arxiv))
    accented = next(w for p in papers for a in p.authors for w in a.split() if unaccented(w) != w)
    queries = [
        f"{with_id.arxiv}v2",
        " ".join(papers[11].title.split()[:4]),
        "reinforcement learning",
        "GRPO",
        unaccented(accented),
        "distill",
        "learning",
    ]
    online, offline = Edition(REPO, base_url), Edition(offline_site, None)
    page, offsite = new_page(browser)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    for query in queries:
        said = answered(page, online.url("feeds/", query))
        site_order = every_result(page)
        assert site_order, query
        assert answered(page, offline.url("feeds/", query)) == said, query
        assert every_result(page) == site_order, query
        assert int(said.split()[0]) <= len(papers)
    assert errors == [] and offsite == []


OFFLINE_PAGES = [
    "", "topics/", "topics/reinforcement-learning/", "papers/2-olmo-2-furious/", "feeds/",
    "authors/", "authors/g/", "archive/", "archive/2025/", "archive/2025/06/", "watches/",
]  # fmt: skip


@pytest.mark.parametrize("path", OFFLINE_PAGES)
def test_no_page_of_the_offline_edition_logs_a_console_error_and_each_searches(
    browser: Browser, offline_site: Path, path: str
) -> None:
    page, offsite = new_page(browser)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    target = offline_site / path / "index.html"
    assert target.is_file(), path
    page.goto(target.as_uri())
    page.wait_for_timeout(800)
    assert errors == []
    page.keyboard.press("/")
    page.locator(".pf-search input.md-search__input").press_sequentially("reinforcement", delay=10)
    expect(page.locator(META)).to_have_text(re.compile(r"^\d+ papers$"))
    expect(page.locator(RESULT).first.locator("h1")).not_to_be_empty()
    assert errors == [] and offsite == []


def test_the_offline_edition_shows_every_result_on_request(
    browser: Browser, offline_site: Path, papers: list[Paper]
) -> None:
    word = min(w for w, slugs in plain_words(papers).items() if 25 <= len(slugs) <= 40)
    expected = holding(papers, word)
    page, offsite = new_page(browser)
    said = answered(page, Edition(offline_site, None).url("feeds/", word))
    expect(page.locator(RESULT)).to_have_count(20)
    shown = every_result(page)
    assert len(shown) == len(set(shown)) == int(said.split()[0])
    assert expected <= set(shown)
    screenshot(page, "offline-search-q")
    assert offsite == []


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (1280, "dark"), (PHONE, "light")])
def test_the_results_with_pages_offered_and_prefix_notes_have_no_accessibility_violation(
    browser: Browser, base_url: str, npm_tools: Path, width: int, scheme: str
) -> None:
    page, offsite = new_page(browser, width=width, height=900 if width > PHONE else 844, color_scheme=scheme)
    answered(page, f"{base_url}feeds/?q=reinforcem")  # the topic offered, prefix matches noted
    expect(page.locator(".pf-search__offers a")).to_have_count(1)
    expect(page.locator(f"{RESULT} .pf-search__note").first).to_be_visible()
    page.add_script_tag(path=str(npm_tools / "axe-core" / "axe.min.js"))
    in_the_box = AXE_RUN.replace("axe.run(document,", "axe.run(document.querySelector('.pf-search'),")
    violations = page.evaluate(in_the_box)
    screenshot(page, f"search-offers-{width}-{scheme}")
    assert violations == [] and offsite == []
