"""The offline edition read as a reader reads it, in Chromium from file://: every page kind opens
without a console error and fits a phone; papers saved on a list and on a paper page are on the
Saved page (localStorage works from file://), linking to files, with their abstracts and the
site's own BibTeX; the keys; "For you"; papers marked seen; every list carries its abstracts. A
page read from disk can fetch no other, so nothing here may need to.

Screenshots go to tests/screenshots/offline-*.png (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from browser import OffsiteRequests, new_page
from playwright.sync_api import Browser, Locator, Page, Request, expect
from sitekit import REPO
from test_offline import pages

from paperfeed import urls
from paperfeed.analysis.digest import Digest, load_digest

pytestmark = pytest.mark.slow

SCREENSHOTS = REPO / "tests" / "screenshots"
PHONE = 390
ENTRY = "ul.pf-entries > li"
TITLE = ":is(h2, h3) > a"
PAPER_FILE = re.compile(r"/papers/([a-z0-9-]+)/index\.html$")


@pytest.fixture(scope="module")
def digest() -> Digest:
    return load_digest(REPO / "content")


@dataclass
class Reader:
    """A page of a fresh browser context, and what went wrong while it was read: console errors,
    uncaught exceptions, failed requests (file:// refuses every fetch: net::ERR_FAILED) and
    offsite requests."""

    page: Page
    offsite: OffsiteRequests
    problems: list[str] = field(default_factory=list)

    def open(self, site: Path, folder: str) -> None:
        """Opens a page folder's index.html from disk, as a reader double-clicks it."""
        target = site / folder / "index.html"
        assert target.is_file(), folder
        self.page.goto(target.as_uri())


def watched(page: Page, offsite: OffsiteRequests) -> Reader:
    found = Reader(page, offsite)
    page.on("console", lambda m: found.problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda error: found.problems.append(f"exception: {error}"))

    def failed(request: Request) -> None:
        # Not a load cut short by leaving the page (a favicon, when a key opens a paper at once).
        if request.failure != "net::ERR_ABORTED":
            found.problems.append(f"failed: {request.url} ({request.failure})")

    page.on("requestfailed", failed)
    return found


@pytest.fixture
def reader(browser: Browser) -> Iterator[Reader]:
    page, offsite = new_page(browser)
    yield watched(page, offsite)
    page.context.close()


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"offline-{name}.png"), animations="disabled")


def slugs(page: Page, within: str = "") -> list[str]:
    """The slugs of the list entries shown, in their order; each links to a paper's file."""
    hrefs = page.eval_on_selector_all(f"{within} {ENTRY} {TITLE}".strip(), "els => els.map(e => e.href)")
    found = [PAPER_FILE.search(urlsplit(href).path) for href in hrefs]
    assert all(found), hrefs
    return [match.group(1) for match in found if match]


def star(page: Page, slug: str) -> Locator:
    return page.locator(f"{ENTRY}:has(a[href*='papers/{slug}/']) button.pf-save")


def a_file(url: str) -> Path:
    parts = urlsplit(url)
    assert parts.scheme == "file", url
    return Path(unquote(parts.path))


# --- Every page kind ----------------------------------------------------------------------------


def kind_folder(kind: str, digest: Digest) -> str:
    return {
        "home": "",
        "day": digest.days[0].page,
        "days": urls.DAYS,
        "topic": digest.topics[0].page,
        "paper": urls.paper_page(digest.by_date[0].slug),
        "archive": urls.ARCHIVE,
        "month": digest.months[0].page,
        "authors": urls.AUTHORS,
        "feeds": urls.FEEDS_PAGE,
        "saved": urls.SAVED,
    }[kind]


@pytest.mark.parametrize("width", [1280, PHONE])
@pytest.mark.parametrize(
    "kind", ["home", "day", "days", "topic", "paper", "archive", "month", "authors", "feeds", "saved"]
)
def test_every_page_kind_opens_from_disk_without_an_error_and_fits_a_phone(
    browser: Browser, offline_site: Path, digest: Digest, kind: str, width: int
) -> None:
    page, offsite = new_page(browser, width, 900 if width > PHONE else 844)
    reader = watched(page, offsite)
    reader.open(offline_site, kind_folder(kind, digest))
    expect(page.locator("h1").first).to_be_visible()
    # The page's section is marked among the tabs, and the page's script has run (it sets the
    # colours on <body>).
    expect(page.locator(".pf-tabs a[aria-current], .md-tabs__item--active").first).to_be_attached()
    expect(page.locator("body[data-md-color-scheme]")).to_be_attached()
    page.wait_for_load_state("networkidle")
    screenshot(page, f"{kind}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "wider than the window"
    assert reader.problems == [] and offsite == []
    page.context.close()


def test_every_list_of_the_edition_carries_its_abstracts(offline_site: Path) -> None:
    """From file:// a list cannot fetch an abstract from the paper's page: every entry holds it."""
    bare = []
    for page in pages(offline_site):  # not 404.html: only a web server shows it
        tree = lxml.html.fromstring(page.read_bytes())
        for item in tree.xpath("//ul[contains(concat(' ', @class, ' '), ' pf-entries ')]/li"):
            if not item.xpath("./details/summary[normalize-space()]"):
                bare.append(f"{page.relative_to(offline_site)}: {item.xpath('string(.//a)')}")
    assert bare == []


# --- Saving, and the Saved page ---------------------------------------------------------------------


def test_papers_saved_on_a_list_and_on_a_paper_page_are_on_saved_with_their_abstracts_and_bibtex(
    reader: Reader, offline_site: Path, digest: Digest
) -> None:
    page, day = reader.page, digest.days[0]
    reader.open(offline_site, day.page)
    listed = slugs(page)
    star(page, listed[0]).click()  # on the list
    expect(star(page, listed[0])).to_have_attribute("aria-pressed", "true")
    page.locator(ENTRY).nth(1).locator(TITLE).click()  # its page, a file
    page.wait_for_url(PAPER_FILE)
    page.locator(".pf-paper button.pf-save").click()  # on the paper's page
    expect(page.locator(".pf-paper button.pf-save")).to_have_attribute("aria-pressed", "true")
    page.locator(".md-tabs a", has_text=re.compile(r"^\s*Saved\s*$")).click()
    page.wait_for_url(re.compile(r"/saved/index\.html$"))

    expected = [listed[1], listed[0]]  # newest first
    assert slugs(page, "[data-pf-saved]") == expected
    papers = {entry.slug: entry.paper for entry in day.entries}
    shown = page.locator(f"[data-pf-saved] {ENTRY} > details > summary").all_text_contents()
    assert shown == [papers[slug].abstract for slug in expected]  # kept when saved: nothing fetched
    for href in page.eval_on_selector_all(
        f"[data-pf-saved] {ENTRY} a[href^='file:']", "els => els.map(e => e.href)"
    ):
        assert a_file(href).is_file(), href  # titles and topics open files

    export = page.locator("a[download='saved.bib']")
    expect(export).to_have_text("BibTeX of all 2")
    bib = page.evaluate("href => fetch(href).then(r => r.text())", export.get_attribute("href"))
    assert bib == "\n".join(digest.bibtex[slug] + "\n" for slug in expected)  # the site's own entries
    screenshot(page, "saved-papers-1280")
    page.set_viewport_size({"width": PHONE, "height": 844})
    screenshot(page, "saved-papers-390")

    page.reload()  # kept in localStorage
    assert slugs(page, "[data-pf-saved]") == expected
    page.locator(f"[data-pf-saved] {ENTRY}").first.locator(TITLE).click()
    page.wait_for_url(PAPER_FILE)
    expect(page.locator(".pf-paper h1")).to_have_text(papers[expected[0]].title)
    expect(page.locator(".pf-paper button.pf-save")).to_have_attribute("aria-pressed", "true")
    stores = [key for key in page.evaluate("Object.keys(localStorage)") if key.endswith("paperfeed.saved")]
    assert len(stores) == 1, stores  # one store for every page of the edition
    assert reader.problems == [] and reader.offsite == []


def test_an_entry_saved_without_its_abstract_offers_the_papers_page_without_fetching(
    reader: Reader, offline_site: Path, digest: Digest
) -> None:
    """A paper saved before saved papers kept their abstracts: Saved links to its page, since a
    fetch from file:// fails (and logs an error)."""
    page = reader.page
    reader.open(offline_site, digest.days[0].page)
    slug = slugs(page)[0]
    star(page, slug).click()
    page.evaluate(
        """() => Object.keys(localStorage).filter(k => k.endsWith("paperfeed.saved")).forEach(k => {
             const saved = JSON.parse(localStorage.getItem(k));
             Object.values(saved).forEach(p => delete p.abstract);
             localStorage.setItem(k, JSON.stringify(saved));
           })"""
    )
    reader.open(offline_site, urls.SAVED)
    page.locator("[data-pf-saved] details > summary").click()
    link = page.get_by_role("link", name="Read the abstract on the paper's page")
    expect(link).to_be_visible()
    assert a_file(link.evaluate("a => a.href")) == offline_site / urls.paper_page(slug) / "index.html"
    assert reader.problems == []


# --- Keys, "For you", seen ----------------------------------------------------------------------------


def test_the_keys_move_open_save_and_show_themselves(
    reader: Reader, offline_site: Path, digest: Digest
) -> None:
    page, day = reader.page, digest.days[0]
    reader.open(offline_site, day.page)
    listed = slugs(page)
    current = page.locator(f"{ENTRY}.pf-current")
    for key, at in (("j", 0), ("j", 1), ("k", 0), ("j", 1)):
        page.keyboard.press(key)
        expect(current.locator(TITLE)).to_have_attribute("href", re.compile(f"/{listed[at]}/index.html$"))
    page.keyboard.press("e")  # its abstract, whole
    expect(current.locator("details")).to_have_attribute("open", "")
    page.keyboard.press("s")
    expect(star(page, listed[1])).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    screenshot(page, "keys-1280")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.keyboard.press("o")
    page.wait_for_url(re.compile(f"/papers/{listed[1]}/index.html$"))
    expect(page.locator(".pf-paper button.pf-save")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("s")  # on a paper's page, s saves (here: removes) the paper itself
    expect(page.locator(".pf-paper button.pf-save")).to_have_attribute("aria-pressed", "false")
    reader.open(offline_site, day.page)
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(f"/papers/{listed[0]}/index.html$"))
    assert reader.problems == [] and reader.offsite == []


def test_for_you_puts_papers_like_the_saved_ones_first(
    reader: Reader, offline_site: Path, digest: Digest
) -> None:
    page, day = reader.page, digest.days[0]
    reader.open(offline_site, day.page)
    site_order = slugs(page)
    # A topic of many of the day's papers and few of its first ten: saving three of its papers
    # brings the others up.
    counts = {t.key: {e.slug for e in day.entries if t.key in e.topics} for t in digest.topics}
    topic = min(
        (key for key, members in counts.items() if len(members) >= 12),
        key=lambda key: (sum(slug in counts[key] for slug in site_order[:10]), -len(counts[key])),
    )
    members = counts[topic]
    assert sum(slug in members for slug in site_order[:10]) <= 2, topic
    saved = [slug for slug in site_order if slug in members][:3]
    for slug in saved:
        star(page, slug).click()
    page.get_by_role("button", name="For you").click()
    ordered = slugs(page)
    assert sorted(ordered) == sorted(site_order)  # the same papers, reordered
    assert sum(slug in members for slug in ordered[:10]) >= 8, (topic, ordered[:10])
    assert set(saved) <= set(ordered[:5])
    screenshot(page, "for-you-1280")
    page.reload()
    assert slugs(page) == ordered  # the choice stays
    page.get_by_role("button", name="Newest").click()
    assert slugs(page) == site_order
    assert reader.problems == [] and reader.offsite == []


def test_papers_opened_are_marked_seen_on_every_list(
    reader: Reader, offline_site: Path, digest: Digest
) -> None:
    page, day = reader.page, digest.days[0]
    reader.open(offline_site, day.page)
    second = slugs(page)[1]
    page.locator(ENTRY).nth(1).locator(TITLE).click()
    page.wait_for_url(re.compile(f"/papers/{second}/index.html$"))
    reader.open(offline_site, day.page)
    expect(page.locator(ENTRY).nth(1)).to_have_class(re.compile(r"\bpf-seen\b"))
    expect(page.locator(ENTRY).nth(0)).not_to_have_class(re.compile(r"\bpf-seen\b"))
    reader.open(offline_site, "")  # another list (the home page's), the same store
    expect(page.locator(f"{ENTRY}:has(a[href*='papers/{second}/'])")).to_have_class(
        re.compile(r"\bpf-seen\b")
    )
    assert page.locator(f"{ENTRY}.pf-seen").count() == 1
    assert reader.problems == [] and reader.offsite == []
