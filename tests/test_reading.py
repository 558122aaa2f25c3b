"""The site as a place to read (issue 15): lists to scan, true dates, paper pages that citation
readers take, a way on from every page. Pages rendered from a small digest, and the default site
as MkDocs builds it."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import lxml.html
import pytest
from sitekit import site_settings

from paperfeed import slugs, urls
from paperfeed.analysis.digest import Digest, build_digest
from paperfeed.analysis.taxonomy import Taxonomy, Topic
from paperfeed.model import DateSource, Links, Paper
from paperfeed.site import pages
from paperfeed.site.pages import markup

SITE = site_settings(site_name="Digest", site_url="https://example.org/digest/", description="Papers.")
TAXONOMY = Taxonomy(
    topics=(
        Topic("rl", "Reinforcement learning", "Reward.", phrases=(("zzzz", 1.0),)),
        Topic("vision", "Vision", "Seeing.", phrases=(("zzzz", 1.0),)),
    )
)
HOSTILE = "Attention \"quoted\" <script>alert('x')</script> & co"
ADDED = dt.date(2026, 11, 24)


def paper(title: str, date: str, source: DateSource = DateSource.PUBLISHED, **fields: object) -> Paper:
    fields.setdefault("topics", ("rl",))
    fields.setdefault("added", ADDED)
    return Paper(title=title, date=dt.date.fromisoformat(date), date_source=source, **fields)  # type: ignore[arg-type]


PAPERS = [
    paper(
        "Safe skills",
        "2025-05-02",
        arxiv="2505.01619",
        authors=("Ann A", "Bob B", "Cy C", "Di D", "Ed E"),
        topics=("rl", "vision"),
        links=Links(code="https://github.com/example/sskp"),
        abstract="We plan over skills. Code: https://github.com/example/sskp. " + "More words. " * 30,
    ),
    paper("Older skills", "2025-04-01", arxiv="2504.00001", authors=("Ann A",), abstract="Older."),
    paper("Seen in a listing", "2026-11-24", DateSource.LISTING, authors=("Lu L",), abstract="No date."),
    paper("Month only", "2021-12-01", DateSource.ARXIV_ID, arxiv="2112.08654", abstract="Its month."),
    paper(HOSTILE, "2025-03-04", arxiv="2503.00003", authors=('"><b>x</b>', "Al T"), abstract="<b>bold</b>"),
]


@pytest.fixture(scope="module")
def digest() -> Digest:
    return build_digest(slugs.assign(PAPERS), TAXONOMY)


@pytest.fixture(scope="module")
def rendered(digest: Digest) -> dict[str, markup.SourcePage]:
    return {page.path: page for page in pages.render_all(digest, SITE)}


def body(page: markup.SourcePage) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(page.body, create_parent="div")


def slug_of(digest: Digest, title: str) -> str:
    return next(e.slug for e in digest.by_date if e.paper.title == title)


def head_tags(page: markup.SourcePage) -> list[tuple[str, str, str]]:
    """(name, property, content) of each <meta> the page puts in its head, content unescaped."""
    tree = lxml.html.document_fromstring(f"<html><head>{page.head}</head></html>")
    return [(m.get("name", ""), m.get("property", ""), m.get("content")) for m in tree.xpath("//meta")]


# --- lists --------------------------------------------------------------------------------------


def test_an_entry_is_a_heading_then_authors_date_other_topics_and_links(
    digest: Digest, rendered: dict[str, markup.SourcePage]
) -> None:
    entry = body(rendered["topics/rl/"]).xpath("//ul[@class='pf-entries']/li")[0]
    assert entry.xpath("./h2/a")[0].get("href") == f"../../papers/{slug_of(digest, 'Safe skills')}/"
    meta = entry.xpath("./p")[0]
    # no-break spaces hold a date together and keep a separator off the start of a line
    text = meta.text_content().replace("\u00a0· ", " | ")
    assert text == "Ann A, Bob B, Cy C and 2 more | 2\u00a0May\u00a02025 | Code"
    # Its other topics (not the page's) and the links its arXiv id gives, as data the reader's
    # script makes links of (tests/test_browser_reader.py); the code link is its own, written out.
    assert (entry.get("data-t"), entry.get("data-a")) == ("vision", "2505.01619")
    assert [a.text for a in meta.xpath("./a")] == ["Code"]
    assert entry.xpath("./details/summary")[0].text.startswith("We plan over skills.")


def test_the_home_page_lists_the_newest_additions_as_headings_under_its_own(
    rendered: dict[str, markup.SourcePage],
) -> None:
    home = body(rendered[""])
    assert home.xpath("//h2")[0].text_content() == "Added on 24\u00a0November\u00a02026"  # the newest day
    titles = [a.text for a in home.xpath("//ul[@class='pf-entries']/li/h3/a")]
    # Added the same day: the dated papers newest first, the one whose date is not known after them.
    assert titles == ["Safe skills", "Older skills", HOSTILE, "Month only", "Seen in a listing"]
    assert len(home.xpath("//ul[@class='pf-entries']/li/details")) == len(titles)


# --- true dates ---------------------------------------------------------------------------------


def test_a_listings_day_is_never_shown_as_a_publication_date(
    digest: Digest, rendered: dict[str, markup.SourcePage]
) -> None:
    slug = slug_of(digest, "Seen in a listing")
    [entry] = [e for e in digest.by_date if e.slug == slug]
    assert digest.by_date[-1] is entry  # after every dated paper
    paper_page = rendered[urls.paper_page(slug)]
    assert "Publication date not known · added 24\u00a0November\u00a02026" in paper_page.body
    assert not [t for t in head_tags(paper_page) if t[0] == "citation_publication_date"]
    listed = body(rendered["topics/rl/"]).xpath("//li[h2/a[text()='Seen in a listing']]/p")[0]
    assert "date not known" in listed.text_content() and "2026" not in listed.text_content()
    # In no publication month, no year and no bar; listed by the month it was added instead.
    assert "archive/2026/" not in rendered and "archive/2026/11/" not in rendered
    assert "November 2026" not in rendered["topics/"].body.split("</figure>")[0]
    undated = rendered[urls.undated_page(2026, 11)]
    assert [a.text for a in body(undated).xpath("//li/h2/a")] == ["Seen in a listing"]
    assert "../archive/undated/2026/11/" in body(rendered[urls.ARCHIVE]).xpath("//a/@href")


def test_a_date_known_to_its_month_says_the_month_and_cites_the_year(
    digest: Digest, rendered: dict[str, markup.SourcePage]
) -> None:
    page = rendered[urls.paper_page(slug_of(digest, "Month only"))]
    shown = lxml.html.fragment_fromstring(page.body, create_parent="div").text_content()
    assert "Published December\u00a02021 · added" in shown
    assert ("citation_publication_date", "", "2021") in head_tags(page)


# --- paper pages --------------------------------------------------------------------------------


def test_a_paper_page_carries_citation_and_sharing_metadata(
    digest: Digest, rendered: dict[str, markup.SourcePage]
) -> None:
    slug = slug_of(digest, "Safe skills")
    tags = head_tags(rendered[urls.paper_page(slug)])
    url = f"https://example.org/digest/papers/{slug}/"
    assert [t for t in tags if t[0] == "citation_author"] == [
        ("citation_author", "", name) for name in ("Ann A", "Bob B", "Cy C", "Di D", "Ed E")
    ]
    assert ("citation_title", "og:title", "Safe skills") in tags
    assert ("citation_publication_date", "", "2025/05/02") in tags
    assert ("citation_arxiv_id", "", "2505.01619") in tags
    assert ("citation_pdf_url", "", "https://arxiv.org/pdf/2505.01619") in tags
    assert ("citation_abstract_html_url", "og:url", url) in tags
    assert ("", "og:type", "article") in tags
    [description] = [t[2] for t in tags if t[0] == "description"]
    assert description.startswith("We plan over skills.") and description.endswith("…")
    assert len(description) <= 161
    assert ("description", "og:description", description) in tags


def test_metadata_holds_hostile_text_as_text(digest: Digest, rendered: dict[str, markup.SourcePage]) -> None:
    page = rendered[urls.paper_page(slug_of(digest, HOSTILE))]
    tags = head_tags(page)
    assert ("citation_title", "og:title", HOSTILE) in tags
    assert [t[2] for t in tags if t[0] == "citation_author"] == ['"><b>x</b>', "Al T"]
    tree = lxml.html.document_fromstring(f"<html><head>{page.head}</head></html>")
    assert {el.tag for el in tree.iter()} == {"html", "head", "meta"}  # nothing but the tags
    assert html.escape(HOSTILE, quote=True) in page.head


def test_urls_in_an_abstract_are_links_and_nothing_else_is(
    digest: Digest, rendered: dict[str, markup.SourcePage]
) -> None:
    safe = body(rendered[urls.paper_page(slug_of(digest, "Safe skills"))])
    [abstract] = safe.xpath("//p[@class='pf-paper__abstract']")
    code = "https://github.com/example/sskp"
    assert [(a.get("href"), a.text) for a in abstract.xpath("./a")] == [(code, code)]
    assert abstract.text_content().startswith(f"We plan over skills. Code: {code}. More")
    hostile = body(rendered[urls.paper_page(slug_of(digest, HOSTILE))])
    [abstract] = hostile.xpath("//p[@class='pf-paper__abstract']")
    assert list(abstract) == [] and abstract.text == "<b>bold</b>"


def test_a_paper_page_leads_to_its_topic_and_the_newer_and_older_papers_in_it(
    digest: Digest, rendered: dict[str, markup.SourcePage]
) -> None:
    older = rendered[urls.paper_page(slug_of(digest, "Older skills"))]
    assert older.section == urls.TOPICS
    crumbs = body(older).xpath("//nav[@class='pf-crumbs']/a")
    assert [(a.get("href"), a.text) for a in crumbs] == [("../../topics/rl/", "Reinforcement learning")]
    steps = lxml.html.fragment_fromstring(older.footer).xpath("//a")
    # Reinforcement learning, newest first: Safe skills, Older skills, the hostile title, ...
    assert [(a.get("rel"), a.get("href")) for a in steps] == [
        ("prev", f"../../papers/{slug_of(digest, 'Safe skills')}/"),  # a link to a paper names papers/
        ("next", f"../../papers/{slug_of(digest, HOSTILE)}/"),
    ]


def test_the_404_page_lists_the_newest_papers_by_the_sites_root_path(digest: Digest) -> None:
    listed = lxml.html.fragment_fromstring(pages.not_found.newest(digest, SITE), create_parent="div")
    hrefs = listed.xpath("//li/h3/a/@href")
    assert hrefs[0] == f"/digest/papers/{slug_of(digest, 'Safe skills')}/"
    assert all(h.startswith("/digest/papers/") for h in hrefs)
    assert listed.xpath("//li/@data-t")[0] == "rl vision"  # made links from the site's root by reader.js


# --- the built default site ---------------------------------------------------------------------


def tree_of(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / path).read_bytes())


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("topics/reinforcement-learning/index.html", "Topics"),
        ("archive/2025/05/index.html", "Archive"),
        ("authors/index.html", "Authors"),
        ("watches/yuhong-guo/index.html", "Feeds"),
    ],
)
def test_the_tabs_mark_the_section_of_a_page_outside_the_nav(
    default_site: Path, path: str, section: str
) -> None:
    tabs = tree_of(default_site, path).xpath("//nav[contains(@class, 'md-tabs')]//a")
    assert [a.text_content().strip() for a in tabs if a.get("aria-current")] == [section]


def test_paper_pages_show_the_sections_with_topics_marked_and_a_footer(default_site: Path) -> None:
    tree = tree_of(default_site, "papers/2-olmo-2-furious/index.html")
    tabs = tree.xpath("//nav[contains(@class, 'pf-tabs')]//a")
    assert [a.text for a in tabs] == ["Home", "Days", "Topics", "Archive", "Authors", "Feeds", "Saved"]
    hrefs = [a.get("href") for a in tabs]
    sections = ["days/", "topics/", "archive/", "authors/", "feeds/", "saved/"]
    assert hrefs == ["../..", *(f"../../{section}" for section in sections)]
    assert [a.text for a in tabs if a.get("aria-current")] == ["Topics"]
    assert tree.xpath("//footer//nav[contains(@class, 'pf-steps')]/a")
    assert not tree.xpath("//svg")  # its icons are CSS masks


def test_the_404_page_offers_the_sections_and_the_newest_papers(default_site: Path) -> None:
    tree = tree_of(default_site, "404.html")
    sections = tree.xpath("//ul[@class='pf-sections']//a")
    assert [a.text for a in sections] == ["Home", "Days", "Topics", "Archive", "Authors", "Feeds", "Saved"]
    assert all(a.get("href").startswith("/paperfeed/") for a in sections)
    newest = tree.xpath("//ul[@class='pf-entries']/li/h3/a/@href")
    assert len(newest) == 10 and all(h.startswith("/paperfeed/papers/") for h in newest)
    for href in newest:
        assert (default_site / href.removeprefix("/paperfeed/") / "index.html").is_file()


def test_the_404_page_is_minified_like_the_pages(default_site: Path) -> None:
    # A static template, not a page: the plugin minifies it in on_post_template.
    html = (default_site / "404.html").read_text(encoding="utf-8")
    assert not re.search(r">\s*\n\s*<", html) and not re.search(r"\n\s", html)


def test_a_build_without_the_offline_zip_does_not_link_it(default_site: Path) -> None:
    assert "Download for offline reading" not in (default_site / "index.html").read_text(encoding="utf-8")
    assert not list(default_site.glob("*.zip"))
