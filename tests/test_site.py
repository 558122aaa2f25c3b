"""The built site, end to end: every page kind from fixture content and from the default content,
reachability, hostile text rendered inert, slugs, determinism and the strict build."""

from __future__ import annotations

import datetime as dt
import gc
import html
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
from conftest import FIXTURES, make_fixture_content, run_cli
from editions import build_online
from sitekit import REPO, pagefind_records, site_settings

from paperfeed import slugs, urls
from paperfeed.analysis.digest import build_digest
from paperfeed.analysis.taxonomy import Taxonomy, Topic
from paperfeed.errors import InputError
from paperfeed.model import DateSource, Paper
from paperfeed.site import build, pages
from paperfeed.site.build import generate
from paperfeed.site.pages import markup
from paperfeed.store import files as store
from paperfeed.text import text_key

SITE_FIXTURES = FIXTURES / "site"
HOSTILE_TITLE = "<script>alert('title')</script> Attention </title><script>alert(2)</script>"
MARKDOWN_TITLE = "[Click me](javascript:alert(1)) **bold** # Heading {{ 7*7 }} {% raw %}"
SSKP_LINKS = {  # where the fixture's "Skill-based Safe Reinforcement Learning" paper is found
    "arXiv": "https://arxiv.org/abs/2505.01619",
    "PDF": "https://arxiv.org/pdf/2505.01619",
    "Hugging Face": "https://huggingface.co/papers/2505.01619",
    "Code": "https://github.com/example/sskp",
}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("fixture-site")
    return build_online(work / "build", make_fixture_content(work))


SITE_URL = "https://site.test/"  # where page() places a page, so relative links can be resolved


def page(site: Path, path: str) -> lxml.html.HtmlElement:
    file = site / path / "index.html" if not path.endswith(".html") else site / path
    url = SITE_URL + str(file.relative_to(site)).removesuffix("index.html")
    return lxml.html.fromstring(file.read_text(encoding="utf-8"), base_url=url)


def paper_links(tree: lxml.html.HtmlElement) -> list[str]:
    """Slugs of the paper pages a page links to, in order."""
    found = []
    for href in tree.xpath(".//a/@href"):
        match = re.match(rf"{SITE_URL}papers/([^/#]+)/", urljoin(tree.getroottree().docinfo.URL, href))
        if match:
            found.append(match.group(1))
    return found


def content_text(tree: lxml.html.HtmlElement) -> str:
    return " ".join(tree.xpath("//article")[0].text_content().split())


# --- page kinds ---------------------------------------------------------------------------------


def test_home_leads_with_the_newest_additions_and_links_the_ways_in(fixture_site: Path) -> None:
    home = page(fixture_site, "")
    newest = paper_links(home)[:2]
    assert set(newest) == {
        "efficient-quantization-of-large-language-models",
        "federated-learning-with-differential-privacy",
    }
    links = targets(home, "")
    assert {"archive", "feeds", "feed.xml"} <= links
    text = content_text(home)
    assert "11 papers in 20 topics" in text
    assert any(h.startswith("topics/") for h in links)


def test_topics_index_lists_every_topic_with_description_and_count(fixture_site: Path) -> None:
    tree = page(fixture_site, "topics")
    items = tree.xpath("//ul[@class='pf-topic-list']/li")
    assert len(items) == 20
    counts = [int(li.xpath(".//span[@class='pf-count']")[0].text) for li in items]
    for li, count in zip(items, counts, strict=True):
        slug = li.xpath("./span/a/@href")[0].strip("/").split("/")[-1]
        topic_page = page(fixture_site, f"topics/{slug}")
        assert len(set(paper_links(topic_page))) == count
        assert li.xpath(".//span[@class='pf-muted']")[0].text_content().strip()


def test_topic_page_lists_its_papers_newest_first_with_links_and_abstracts(fixture_site: Path) -> None:
    tree = page(fixture_site, "topics/reinforcement-learning")
    entries = tree.xpath("//ul[@class='pf-entries']/li")
    titles = [li.xpath("./h2/a")[0].text_content() for li in entries]
    assert titles[:2] == [
        "Skill-based Safe Reinforcement Learning with Risk Planning",  # 2 May 2025
        "Skill-Enhanced Reinforcement Learning Acceleration from Demonstrations",  # 9 December 2024
    ]
    first = entries[0]
    meta = first.xpath("./p")[0]
    # no-break spaces hold a date together and keep a separator off the start of a line
    assert meta.text_content().startswith("Hanping Zhang, Yuhong Guo\u00a0· 2\u00a0May\u00a02025\u00a0· ")
    # Its own links written out; those its arXiv id gives, and its topics but the page's own, as
    # data that the reader's script makes links of (tests/test_browser_reader.py).
    links = {a.text_content(): a.get("href") for a in meta.xpath("./a[not(@class)]")}
    assert links == {"Code": SSKP_LINKS["Code"]}
    assert first.get("data-a") == "2505.01619"
    assert "reinforcement-learning" not in first.get("data-t", "").split()
    # The abstract is all there, in a <details> whose summary the page clamps to its first lines.
    assert first.xpath("./details/summary")[0].text_content().startswith("We propose a safe reinforcement")


def targets(tree: lxml.html.HtmlElement, here: str) -> set[str]:
    """The site paths a page at `here` links to (its links are relative)."""
    return {posixpath.normpath(posixpath.join(here, h)) for h in tree.xpath("//a/@href") if "://" not in h}


def test_archive_pages_group_papers_by_year_month_and_day(fixture_site: Path) -> None:
    archive = page(fixture_site, "archive")
    assert "archive/2025" in targets(archive, "archive/")
    year = page(fixture_site, "archive/2025")
    assert "archive/2025/03" in targets(year, "archive/2025/")
    march = page(fixture_site, "archive/2025/03")
    days = [h.text_content() for h in march.xpath("//article//h2[@class='pf-day']")]
    assert days == ["6 March", "5 March", "4 March"]
    # Entries under a day are headings of the level below, and need not repeat the date.
    assert len(march.xpath("//article//ul[@class='pf-entries']/li/h3")) == 3
    may = page(fixture_site, "archive/2025/05")
    # H³DP has only its arXiv id's month: it goes under "day not known", after the known days.
    assert [h.text_content() for h in may.xpath("//article//h2")] == ["2 May", "Day not known"]
    # The months before and after with papers, either way.
    around = {a.get("rel"): a.get("href") for a in may.xpath("//nav[@class='pf-months-nav']/a[@rel]")}
    assert around == {"prev": "../04/", "next": "../10/"}


def test_paper_page_shows_everything_a_reader_needs(fixture_site: Path) -> None:
    tree = page(fixture_site, "papers/skill-based-safe-reinforcement-learning")
    text = content_text(tree)
    assert (
        tree.xpath("//h1")[0].text_content() == "Skill-based Safe Reinforcement Learning with Risk Planning"
    )
    assert "Hanping Zhang, Yuhong Guo" in text
    assert "Published 2 May 2025 · added 20 November 2026" in text
    assert "bounds the risk of each plan" in text
    links = {a.text_content(): a.get("href") for a in tree.xpath("//p[@class='pf-paper__links']/a")}
    assert links == SSKP_LINKS
    topics = tree.xpath("//p[@class='pf-paper__topics']/a/@href")
    assert topics and all(re.fullmatch(r"\.\./\.\./topics/[a-z-]+/", h) for h in topics)
    assert "skill-enhanced-reinforcement-learning" in paper_links(tree)


def test_a_paper_without_an_arxiv_id_links_an_arxiv_title_search(fixture_site: Path) -> None:
    tree = page(fixture_site, "papers/federated-learning-with-differential-privacy")
    links = {a.text_content(): a.get("href") for a in tree.xpath("//p[@class='pf-paper__links']/a")}
    assert set(links) == {"Search arXiv", "Project page"}
    assert links["Search arXiv"].startswith("https://arxiv.org/search/?searchtype=title&query=Federated+")
    assert links["Project page"] == "https://example.org/fedpriv"


def test_latex_in_titles_reads_as_text(fixture_site: Path) -> None:
    tree = page(fixture_site, "papers/h3dp-triply-hierarchical-diffusion-policy")
    assert tree.xpath("//h1")[0].text_content().startswith("H³DP")
    assert "Published May 2025" in content_text(tree)  # only the month is known


def test_nav_does_not_grow_with_papers(default_site: Path) -> None:
    home = page(default_site, "")
    nav = home.xpath("//nav[contains(@class, 'md-tabs')]")[0]
    assert not paper_links(nav)
    assert len(nav.xpath(".//a")) <= 12


# --- slugs --------------------------------------------------------------------------------------


def test_slugs_are_unique_and_never_empty(fixture_site: Path) -> None:
    slugs = sorted(p.name for p in (fixture_site / "papers").iterdir())
    assert "retrieval-augmented-generation-for-long" in slugs
    assert "retrieval-augmented-generation-for-long-2502-00002" in slugs  # collision
    assert any(re.fullmatch(r"paper-[0-9a-f]{8}", s) for s in slugs)  # the all-emoji title
    assert "uber-die-losung-aeoa-xue-xi-of-continual" in slugs
    assert all(re.fullmatch(r"[a-z0-9-]+", s) for s in slugs)


def test_slugs_are_kept_in_the_store_so_urls_never_change(tmp_path: Path) -> None:
    content = make_fixture_content(tmp_path)
    before = {p.title: p.slug for p in store.load(content)}
    again = run_cli("import", "--content", content, "--added", "2026-11-22", SITE_FIXTURES / "papers.yaml")
    assert again.code == 0 and again.out.startswith("0 new")
    assert {p.title: p.slug for p in store.load(content)} == before


# --- untrusted text -----------------------------------------------------------------------------


def _all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_hostile_text_adds_no_element_attribute_or_link_anywhere(
    fixture_site: Path, default_site: Path
) -> None:
    # The scripts a page of the default site has: the 404 page is Material's, the rest paperfeed's
    # own lean pages (overrides/lean.html).
    material = len(lxml.html.fromstring((default_site / "404.html").read_bytes()).xpath("//script"))
    lean = len(page(default_site, "").xpath("//script"))
    for path in _all_pages(fixture_site):
        baseline = material if path.name == "404.html" else lean
        tree = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        where = path.relative_to(fixture_site)
        handlers = [
            a for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")
        ]
        assert not handlers, where
        assert not tree.xpath("//*[starts-with(normalize-space(@href), 'javascript:')]"), where
        assert not tree.xpath("//img[@src='x'] | //svg[@onload] | //b[text()='bold']"), where
        scripts = tree.xpath("//script")
        assert len(scripts) <= baseline + 1, where  # the theme's own, nothing from content
        assert all("alert" not in (s.text or "") for s in scripts), where


def test_hostile_title_shows_as_literal_text_in_title_and_heading(fixture_site: Path) -> None:
    slug = "script-alert-title-script-attention-title-script"
    tree = page(fixture_site, f"papers/{slug}")
    assert tree.findtext(".//title") == f"{HOSTILE_TITLE} - paperfeed"
    assert tree.xpath("//h1")[0].text_content() == HOSTILE_TITLE
    header = tree.xpath("//header")[0]
    assert header.xpath(".//*[@class='md-header__title']")[0].text_content().strip() == "paperfeed"
    assert "alert" not in header.text_content()  # the search box starts empty
    abstract = tree.xpath("//p[@class='pf-paper__abstract']")[0].text_content()
    assert "<img src=x onerror=alert(4)>" in abstract
    assert "{{ config.site_name }}" in abstract and "{% if true %}" in abstract
    assert "[link](javascript:alert(3)) **strong**" in abstract
    authors = tree.xpath("//p[@class='pf-paper__authors']")[0].text_content()
    assert '"><svg onload=alert(5)>' in authors


def test_markdown_and_template_syntax_stay_literal(fixture_site: Path) -> None:
    tree = page(fixture_site, "papers/click-me-javascript-alert-1-bold-heading-7-7-raw")
    assert tree.xpath("//h1")[0].text_content() == MARKDOWN_TITLE
    assert not tree.xpath(
        "//article//table | //article//blockquote | //article//li[contains(., 'list item')]"
    )
    assert "| table | injection |" in tree.xpath("//p[@class='pf-paper__abstract']")[0].text_content()


def test_hostile_text_stays_text_in_the_search_index(fixture_site: Path) -> None:
    records = {r["url"]: r for r in pagefind_records(fixture_site)}
    record = records["/papers/script-alert-title-script-attention-title-script/"]
    # Pagefind keeps the page's text, as text: the title and abstract as a reader sees them, once
    # unescaped, never as elements (the browser tests check the search box writes them as text).
    assert record["meta"]["title"] == HOSTILE_TITLE
    assert record["meta"]["authors"].startswith('"><svg onload=alert(5)>')
    assert "<img src=x onerror=alert(4)> Transformers & attention ]]> <!-- comment --> <b>bold</b>" in (
        record["content"]
    )


# --- the default content ------------------------------------------------------------------------


def test_every_seed_paper_has_a_page_reachable_from_a_topic_and_its_month(default_site: Path) -> None:
    papers = store.load(REPO / "content")
    assert len(papers) == 168
    pages = {p.name for p in (default_site / "papers").iterdir()}
    assert pages == {p.slug for p in papers}
    from_topics = {
        s
        for f in (default_site / "topics").rglob("index.html")
        for s in paper_links(page(default_site, str(f.relative_to(default_site))))
    }
    assert from_topics == pages
    for paper in papers:
        assert paper.date is not None and paper.added is not None
        if paper.date_source == DateSource.LISTING:  # no publication month: listed by the month added
            month = page(default_site, urls.undated_page(paper.added.year, paper.added.month))
        else:
            month = page(default_site, f"archive/{paper.date.year}/{paper.date.month:02d}")
        assert paper.slug in paper_links(month), paper.title


def test_every_seed_paper_page_shows_its_own_title_and_abstract(default_site: Path) -> None:
    for paper in store.load(REPO / "content"):
        tree = page(default_site, f"papers/{paper.slug}")
        assert text_key(tree.xpath("//h1")[0].text_content()) == text_key(paper.title)
        abstract = tree.xpath("//p[@class='pf-paper__abstract']")[0].text_content()
        assert abstract == paper.abstract


def test_strict_build_of_the_default_content_passes_without_warnings(tmp_path: Path) -> None:
    from sitekit import build_site

    done = build_site(tmp_path, REPO / "content")
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr


# --- determinism --------------------------------------------------------------------------------


def _generate(content: Path, docs: Path) -> dict[str, bytes]:
    site = site_settings(site_url="https://example.org/digest/", content=str(content))
    generate(site, docs)
    return {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def test_generating_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    """generate() turns the cyclic collector off while it runs (MkDocs, and `mkdocs serve`'s
    next builds, need it back), also when the content is refused."""
    content = make_fixture_content(tmp_path)
    assert gc.isenabled()
    _generate(content, tmp_path / "docs")
    assert gc.isenabled()
    (content / "topics.yml").write_text("topics: [", encoding="utf-8")
    with pytest.raises(InputError):
        _generate(content, tmp_path / "docs")
    assert gc.isenabled()
    gc.disable()
    try:
        (content / "topics.yml").write_bytes((REPO / "content" / "topics.yml").read_bytes())
        _generate(content, tmp_path / "docs")
        assert not gc.isenabled()  # a caller's choice stands
    finally:
        gc.enable()


def test_a_rebuild_removes_the_pages_it_no_longer_makes_and_rewrites_nothing_else(tmp_path: Path) -> None:
    """The build's folder is its own: a rebuild removes what it no longer makes (emptied folders
    too) and leaves every unchanged file as it was, its time included, so that nothing watching
    the folder (the search indexer's sources, `mkdocs serve`) sees a change that is not one."""
    content = make_fixture_content(tmp_path)
    out = tmp_path / "pages"
    first = _generate(content, out)
    times = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}
    later = content / "papers" / "2026-11-21.yml"
    lines = later.read_text(encoding="utf-8").splitlines()
    gone = {line.split(":", 1)[1].strip() for line in lines if line.startswith("  slug:")}
    assert gone and all(f"papers/{slug}/index.md" in first for slug in gone)
    _generate(content, out)
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()} == times
    later.unlink()
    second = _generate(content, out)
    assert not any(f"papers/{slug}/index.md" in second for slug in gone)
    assert not any((out / "papers" / slug).exists() for slug in gone)  # emptied folders go too
    assert set(second) < set(first)


@pytest.mark.parametrize("path", ["../outside.md", "papers/../../x.md", "/tmp/x.md", "a\\..\\b.md"])
def test_the_writer_refuses_any_path_that_leaves_the_builds_folder(tmp_path: Path, path: str) -> None:
    tree = build._Tree(tmp_path / "docs")
    with pytest.raises(InputError, match="outside the build's folder"):
        tree.put(path, "x")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["docs"]


def test_links_are_attribute_escaped_whatever_the_slug() -> None:
    link = markup.Linker("index.md", site_settings())
    href = link(urls.paper_page('x"><img src=x onerror=alert(1)>'))
    assert '"' not in href and "<" not in href and ">" not in href
    assert html.unescape(href) == 'papers/x"><img src=x onerror=alert(1)>/'


def test_same_content_gives_byte_identical_docs(tmp_path: Path) -> None:
    content = make_fixture_content(tmp_path)
    first = _generate(content, tmp_path / "docs1")
    second = _generate(content, tmp_path / "docs2")
    assert first == second
    assert "index.md" in first and "feed.xml" in first


def test_regenerating_removes_pages_of_papers_no_longer_in_the_store(tmp_path: Path) -> None:
    content = make_fixture_content(tmp_path)
    docs = tmp_path / "docs"
    _generate(content, docs)
    (content / "papers" / "2026-11-21.yml").unlink()
    files = _generate(content, docs)
    assert not any("federated-learning" in name for name in files)
    assert not (docs / "papers" / "federated-learning-with-differential-privacy").exists()


def test_bad_content_leaves_docs_as_they_were(tmp_path: Path) -> None:
    content = make_fixture_content(tmp_path)
    docs = tmp_path / "docs"
    before = _generate(content, docs)
    (content / "papers" / "2026-11-21.yml").write_text("- title: [unclosed\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"2026-11-21\.yml"):
        _generate(content, docs)
    after = {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}
    assert after == before


def test_a_refused_build_leaves_the_built_site_whole(tmp_path: Path) -> None:
    from sitekit import build_site

    content = make_fixture_content(tmp_path)
    assert build_site(tmp_path / "w", content).returncode == 0
    site = tmp_path / "w" / "site"
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    (content / "papers" / "2026-11-21.yml").write_text("- title: [unclosed\n", encoding="utf-8")
    done = build_site(tmp_path / "w", content)
    assert done.returncode != 0
    assert re.search(r"2026-11-21.yml:\d+: malformed YAML", done.stderr)
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_paper_pages_load_materials_stylesheets_and_no_bundle(default_site: Path) -> None:
    """Paper pages do not extend Material's base.html, but must look like its pages: the same
    stylesheets (whose hashed names the hook reads from base.html), and only their own script."""
    def stylesheets(tree: lxml.html.HtmlElement, depth: int) -> list[str]:
        return [href.removeprefix("../" * depth) for href in tree.xpath("//link[@rel='stylesheet']/@href")]

    topic = page(default_site, "topics")
    paper = page(default_site, "papers/2-olmo-2-furious")
    assert stylesheets(paper, 2) == stylesheets(topic, 1)
    assert any(re.fullmatch(r"assets/stylesheets/main\.\w+\.min\.css", s) for s in stylesheets(paper, 2))
    scripts = [
        "../../assets/paperfeed-page.js",
        "../../assets/paperfeed-search.js",
        "../../assets/paperfeed-reader.js",  # saving, keys: the site's extra_javascript
    ]
    assert paper.xpath("//script/@src") == scripts
    script = (default_site / "assets" / "paperfeed-page.js").read_text(encoding="utf-8")
    assert "{{" not in script and '"scheme": "slate"' in script  # rendered with mkdocs.yml's palettes


@pytest.mark.parametrize(
    ("here", "target", "directory_urls", "expected"),
    [
        ("papers/a/", "papers/b/", True, "../../papers/b/"),  # from a paper to a paper: by way of papers/
        ("topics/x/", "papers/b/", True, "../../papers/b/"),  # from a list: by way of the root
        ("papers/a/", "", True, "../../"),
        ("papers/a/", "topics/x/", True, "../../topics/x/"),
        ("", "topics/x/", True, "topics/x/"),
        ("", "", True, "./"),
        ("topics/x/", "topics/x/", True, "./"),
        ("topics/x/", "topics/x/feed.xml", True, "feed.xml"),
        ("topics/x/", "topics/y/", True, "../../topics/y/"),
        ("topics/x/page/2/", "topics/xy/page/2/", True, "../../../../topics/xy/page/2/"),  # whole folders
        ("topics/x/page/3/", "topics/x/page/4/", True, "../4/"),
        ("topics/x/page/3/", "topics/x/", True, "../../"),
        ("archive/2025/05/", "archive/2025/04/", True, "../04/"),
        ("papers/a/", "papers/b/", False, "../../papers/b/index.html"),
        ("papers/a/", "", False, "../../index.html"),  # file:// opens no folder's index.html
        ("", "", False, "index.html"),
        ("topics/x/", "topics/x/papers.bib", False, "papers.bib"),
    ],
)
def test_links_stay_within_an_items_folder_and_else_go_by_way_of_the_root(
    here: str, target: str, directory_urls: bool, expected: str
) -> None:
    assert urls.href(here, target, directory_urls) == expected


def test_topic_pages_show_the_newest_with_abstracts_then_the_rest_without() -> None:
    taxonomy = Taxonomy(topics=(Topic("all", "All", "Everything.", phrases=(("zzzz", 1.0),)),))
    papers = [
        Paper(title=f"Paper {i}", abstract=f"Abstract {i}.", date=dt.date(2026, 1, 1 + i), topics=("all",))
        for i in range(7)
    ]
    site = site_settings(site_name="Digest", page_size=3, abstracts=2)
    rendered = {p.path: p for p in pages.render_all(build_digest(slugs.assign(papers), taxonomy), site)}

    def shown(path: str) -> tuple[list[str], list[str]]:
        """(titles of entries with their abstract, titles of those without)"""
        body = lxml.html.fragment_fromstring(rendered[path].body, create_parent="div")
        entries = body.xpath(".//ul[@class='pf-entries']/li")
        with_abstract = [li.xpath("./h2/a")[0].text for li in entries if li.xpath("./details")]
        return with_abstract, [li.xpath("./h2/a")[0].text for li in entries if not li.xpath("./details")]

    assert shown("topics/all/") == (["Paper 6", "Paper 5"], ["Paper 4"])  # newest first
    assert "Abstract 6." in rendered["topics/all/"].body
    assert shown("topics/all/page/2/") == ([], ["Paper 3", "Paper 2", "Paper 1"])
    assert shown("topics/all/page/3/") == ([], ["Paper 0"])
    assert "Abstract" not in rendered["topics/all/page/2/"].body
    assert "7 papers, page 3 of 3" in rendered["topics/all/page/3/"].body
    assert 'href="../2/"' in rendered["topics/all/page/3/"].body  # the pager
    assert "topics/all/page/4/" not in rendered
