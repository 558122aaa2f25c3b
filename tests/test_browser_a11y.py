"""Accessibility and the feeds page in a real browser (issue 15): axe-core over every kind of page
of the default site, at desktop width in light, dark (the system's preference) and dark chosen
with the palette toggle, and at phone width; and the feeds page on a phone.

The site is served under its site_url path (/paperfeed/), as GitHub Pages serves it: the 404 page
links its stylesheets by absolute path. axe-core comes from npm (package.json).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import chromium, new_page, serve
from playwright.sync_api import Browser, Page, expect
from sitekit import REPO, repo_settings

from paperfeed import urls
from paperfeed.model import Paper
from paperfeed.store import files as store

pytestmark = pytest.mark.slow

SCREENSHOTS = REPO / "tests" / "screenshots"


@dataclass(frozen=True)
class View:
    width: int
    height: int
    scheme: str  # the system's preference: "light" or "dark"
    toggled: bool = False  # dark chosen with the site's palette toggle, the system being light

    @property
    def phone(self) -> bool:
        return self.width < 500

    @property
    def dark(self) -> bool:
        return self.scheme == "dark" or self.toggled


VIEWS = {
    "desktop light": View(1280, 900, "light"),
    "desktop dark": View(1280, 900, "dark"),
    "desktop toggled dark": View(1280, 900, "light", toggled=True),
    "phone": View(390, 844, "light"),
}

# Each violation as "rule: element: why", so that a failure says what to fix and where. Target
# size (WCAG 2.2) is off in axe by default but on in Lighthouse, whose score the issue sets.
AXE_RUN = """async () => (await axe.run(document, {
  resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})).violations.flatMap(
  v => v.nodes.map(n => `${v.id}: ${n.target.join(' ')}: ${
    n.failureSummary.split('\\n').slice(1).join(' ').trim()}`))"""


@pytest.fixture
def axe(npm_tools: Path) -> str:
    script = npm_tools / "axe-core" / "axe.min.js"
    if not script.is_file():
        pytest.fail("axe-core is missing from node_modules: run `npm ci` (`make test` does)")
    return script.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def base_url(default_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The default site served under its site_url path."""
    path = urlsplit(repo_settings().site_url).path.strip("/")
    root = tmp_path_factory.mktemp("served")
    mount = root / path if path else root
    mount.parent.mkdir(parents=True, exist_ok=True)
    if path:
        mount.symlink_to(default_site, target_is_directory=True)
    with serve(root if path else default_site) as url:
        yield url + (f"{path}/" if path else "")


@pytest.fixture(scope="module")
def kinds(default_site: Path) -> dict[str, str]:
    """A page of every kind, by kind: where it is under the site's root."""

    def first(pattern: str, newest: bool = False) -> str:
        found = sorted(p.parent.relative_to(default_site).as_posix() for p in default_site.glob(pattern))
        assert found, pattern
        return (found[-1] if newest else found[0]) + "/"

    papers = [p for p in store.load(REPO / "content") if p.slug and p.arxiv]
    # The paper with the most authors, as it has the longest header and the most links.
    paper: Paper = max(papers, key=lambda p: (len(p.authors), p.slug))
    watches = sorted(p.parent.name for p in default_site.glob("watches/*/index.html"))
    # The topic whose first page is longest: the most cards and list entries.
    topic = max(default_site.glob("topics/*/index.html"), key=lambda p: (p.stat().st_size, p.parent.name))
    return {
        "home": "",
        "days": urls.DAYS,
        "day": first("days/[0-9]*/index.html", newest=True),
        "saved": urls.SAVED,
        "topics": "topics/",
        "topic": urls.topic_page(topic.parent.name),
        "archive": "archive/",
        "year": first("archive/[0-9][0-9][0-9][0-9]/index.html", newest=True),
        "month": first("archive/*/[0-9][0-9]/index.html", newest=True),
        "paper": urls.paper_page(str(paper.slug)),
        "authors": urls.AUTHORS,
        "feeds": urls.FEEDS_PAGE,
        "watches": urls.WATCHES,
        **{f"watch {slug}": urls.watch_page(slug) for slug in watches},
        "404": "404.html",
    }


def open_view(browser: Browser, base_url: str, view: View) -> Page:
    page, _ = new_page(browser, view.width, view.height, is_mobile=view.phone, color_scheme=view.scheme)
    if view.toggled:
        page.goto(base_url)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
        page.locator("button.pf-palette").click()  # the site's toggle (paperfeed-page.js)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    return page


@pytest.mark.parametrize("name", VIEWS)
def test_no_page_kind_has_an_accessibility_violation(
    browser: Browser, base_url: str, kinds: dict[str, str], axe: str, name: str
) -> None:
    view = VIEWS[name]
    page = open_view(browser, base_url, view)
    found: list[str] = []
    for kind, path in kinds.items():
        page.goto(base_url + path)
        # The scheme meant: a page left in light mode would pass in the dark views unchecked.
        scheme = "slate" if view.dark else "default"
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
        page.add_script_tag(content=axe)
        found += [f"{kind}: {violation}" for violation in page.evaluate(AXE_RUN)]
        if view.phone:
            over = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
            if over > 0:
                found.append(f"{kind}: scrolls sideways by {over}px")
    assert found == []


# --- The feeds page on a phone ----------------------------------------------------------------------

# Words of the page's text (outside code) whose letters the browser laid out on more than one line.
BROKEN_WORDS = """root => {
  const broken = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {acceptNode: n =>
    n.parentElement.closest('code, pre, svg') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (const m of n.data.matchAll(/\\p{L}[\\p{L}\\p{N}]*/gu)) {
      const range = document.createRange();
      range.setStart(n, m.index); range.setEnd(n, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""

# The text of an element line by line, as laid out.
LINES = """el => {
  const lines = []; let top = null;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.length; i++) {
      const range = document.createRange(); range.setStart(n, i); range.setEnd(n, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      if (top === null || rect.top > top + 2) { lines.push(''); top = rect.top; }
      lines[lines.length - 1] += n.data[i];
    }
  }
  return lines;
}"""


@pytest.fixture
def phone_feeds(browser: Browser, base_url: str) -> Iterator[Page]:
    page, offsite = new_page(browser, 390, 844, is_mobile=True, has_touch=True)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(base_url + urls.FEEDS_PAGE)
    yield page
    assert offsite == []


def test_the_feeds_page_fits_a_phone_and_breaks_no_word(phone_feeds: Page) -> None:
    page = phone_feeds
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert page.evaluate(BROKEN_WORDS, page.locator("article").element_handle()) == []
    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator("ul.pf-feeds").first.screenshot(path=str(SCREENSHOTS / "phone-feeds.png"))


def test_on_a_phone_each_feed_address_sits_under_its_name_and_breaks_only_after_a_slash(
    phone_feeds: Page,
) -> None:
    items = phone_feeds.locator("ul.pf-feeds > li")
    assert items.count() > 20
    for index in range(items.count()):
        item = items.nth(index)
        name, address = item.locator(".pf-feeds__name"), item.locator("code.pf-feeds__address")
        lines = address.evaluate(LINES)
        assert "".join(lines) == item.locator("button").get_attribute("data-clipboard-text")
        # Whole parts of the path on each line, not a few characters at a time.
        assert all(line.endswith("/") for line in lines[:-1]) and len(lines) <= 3, lines
        box, name_box, item_box = address.bounding_box(), name.bounding_box(), item.bounding_box()
        assert box and name_box and item_box
        assert box["y"] >= name_box["y"] + name_box["height"]  # stacked: the address below the name
        assert item_box["x"] <= box["x"] and box["x"] + box["width"] <= item_box["x"] + item_box["width"]


@pytest.mark.parametrize("which", [0, 7, -1])
def test_a_copy_button_puts_its_feed_address_on_the_clipboard(phone_feeds: Page, which: int) -> None:
    page = phone_feeds
    buttons = page.locator("ul.pf-feeds button.pf-copy")
    button = buttons.nth(which if which >= 0 else buttons.count() - 1)
    address = button.locator("xpath=preceding-sibling::code").inner_text()
    button.tap()
    expect(page.locator(".md-dialog")).to_contain_text("Copied")  # Material says so
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert address.startswith(repo_settings().site_url) and address.endswith("/feed.xml")
