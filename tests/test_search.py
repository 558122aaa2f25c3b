"""Search, end to end: the site's Pagefind index of paper pages and the words beside it, the search
box on every page kind, the OpenSearch description, and the offline edition's copy of the same
index in scripts. The browser tests (test_browser_search.py) type queries into these."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import pytest
from conftest import SLICED
from mkdocs.commands.build import build
from mkdocs.config import load_config
from searchkit import failing_indexer, paper_docs
from sitekit import REPO, generated_pages, pagefind_records, site_digest, site_settings, write_config

from paperfeed.analysis.digest import Digest
from paperfeed.analysis.lists import dated
from paperfeed.plugin import search, search_offline
from paperfeed.site import opensearch
from paperfeed.store import files as store

OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
SITE_URL = "https://paperfeed.github.io/paperfeed/"  # mkdocs.yml's


@pytest.fixture(scope="module")
def digest() -> Digest:
    return site_digest(site_settings(content=str(REPO / "content")))


def html_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if "pagefind" not in p.parts]


def test_the_index_holds_every_paper_page_and_nothing_else(default_site: Path) -> None:
    entry = json.loads((default_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    papers = {p.slug for p in store.load(REPO / "content")}
    assert entry["languages"]["en"]["page_count"] == len(papers) == 168
    assert {r["url"] for r in pagefind_records(default_site)} == {f"/papers/{slug}/" for slug in papers}
    assert (default_site / "pagefind" / "pagefind.js").is_file()
    # Pagefind's own interfaces are not used by the site, and not published.
    assert not list((default_site / "pagefind").glob("pagefind-*ui*"))


def test_each_record_holds_title_authors_id_topics_abstract_and_none_of_the_similar_papers(
    default_site: Path, digest: Digest
) -> None:
    records = {r["url"]: r for r in pagefind_records(default_site)}
    for entry in digest.by_date:
        paper, record = entry.paper, records[f"/papers/{entry.slug}/"]
        assert record["meta"]["title"] == paper.title
        if paper.authors:
            assert record["meta"]["authors"].startswith(", ".join(paper.authors[:4]))
        content = record["content"]
        assert paper.title in content and paper.abstract in content
        assert all(name in content for name in paper.authors)
        if paper.arxiv:
            assert f"arXiv {paper.arxiv}" in content
        names = [t.name for t in map(digest.taxonomy.get, entry.topics) if t]
        assert record["meta"]["topics"] == " · ".join(names)
        # Only a known date is given: a listing's day is no publication date.
        assert bool(record["meta"].get("date")) == dated(entry)
        # The similar papers, the BibTeX entry and the link labels are not the paper's text.
        assert "Similar papers" not in content and "@misc{" not in content and "Hugging Face" not in content
        # The abstract is a section of its own, whose excerpt the results quote.
        assert [a["id"] for a in record["anchors"]] == ["abstract"]


def test_paper_pages_mark_what_is_indexed_and_what_weighs_more(default_build: Path, digest: Digest) -> None:
    # The marks are in the page's source, which Pagefind reads (the published page drops them).
    entry = next(e for e in digest.by_date if e.paper.authors)
    source = (generated_pages(default_build) / "papers" / entry.slug / "index.md").read_text(encoding="utf-8")
    tree = lxml.html.fromstring(source.split("\n---\n", 1)[1])
    (body,) = tree.xpath("//*[@data-pagefind-body]")
    # The title is the body's h1, which Pagefind weighs most and takes as the result's title.
    assert [h.text_content() for h in body.xpath(".//h1")] == [entry.paper.title]
    (authors,) = body.xpath(".//p[@class='pf-paper__authors']")
    assert authors.get("data-pagefind-meta") == "authors" and int(authors.get("data-pagefind-weight")) > 1
    assert body.xpath(".//p[@class='pf-paper__links']/@data-pagefind-ignore") == [""]
    assert body.xpath(".//p[@class='pf-paper__abstract']")
    parts = "@id='similar' or @id='cite' or @class='pf-related'"
    shown = {e.get("id") or e.get("class") for e in tree.xpath(f"//*[{parts}]")}
    assert shown == {"similar", "cite", "pf-related"}
    assert not body.xpath(f".//*[{parts}]")  # on the page, not in the index


def test_only_paper_pages_are_marked_for_the_index_and_only_in_their_source(default_build: Path) -> None:
    for path in generated_pages(default_build).rglob("*.md"):
        marked = "data-pagefind-body" in path.read_text(encoding="utf-8")
        is_paper = path.parts[-3] == "papers" and not path.parts[-2].startswith("pfshell--")
        assert marked == is_paper, path
    for path in html_pages(default_build / "site"):
        assert "data-pagefind" not in path.read_text(encoding="utf-8"), path


def test_every_page_has_the_search_box_and_lists_link_the_opensearch_description(default_site: Path) -> None:
    pages = html_pages(default_site)
    kinds = {p.relative_to(default_site).parts[0] for p in pages}
    assert {"papers", "topics", "archive", "authors", "feeds", "watches", "index.html"} <= kinds
    for path in pages:
        tree = lxml.html.fromstring(path.read_bytes())
        # The box's place; paperfeed-search.js builds the box there (test_browser_search.py).
        boxes = tree.xpath("//header//div[contains(@class, 'pf-search')][@role='dialog']")
        assert len(boxes) == 1, path
        assert not tree.xpath("//*[@data-md-component='search']"), path  # Material's is not mounted
        here = SITE_URL + path.relative_to(default_site).as_posix()
        if path.relative_to(default_site).parts[0] != "papers":  # a browser finds it from any list
            (link,) = tree.xpath("//head/link[@rel='search']")
            assert link.get("type") == "application/opensearchdescription+xml"
            assert urljoin(here, link.get("href")) == SITE_URL + "opensearch.xml", path
        scripts = [urljoin(here, s) for s in tree.xpath("//header//script/@src")]
        assert scripts == [SITE_URL + "assets/paperfeed-search.js"], path
    # The script finds the site's root (and the bundle) from its own address, wherever the site
    # is served from.
    assert 'new URL("../", document.currentScript.src)' in search_script(default_site)


def search_script(site: Path) -> str:
    return (site / "assets" / "paperfeed-search.js").read_text(encoding="utf-8")


def test_the_opensearch_description_searches_the_home_page_with_q(default_site: Path) -> None:
    root = lxml.etree.fromstring((default_site / "opensearch.xml").read_bytes())
    assert root.tag == f"{OPENSEARCH}OpenSearchDescription"
    assert root.findtext(f"{OPENSEARCH}ShortName") == "paperfeed"
    (html_url,) = root.xpath("o:Url[@type='text/html']", namespaces={"o": OPENSEARCH[1:-1]})
    assert html_url.get("template") == SITE_URL + "?q={searchTerms}"


def test_the_opensearch_description_escapes_the_site_name_and_keeps_the_short_name_short() -> None:
    site = site_settings(site_name='Papers & "more" <for> everyone, daily', site_url="https://x.test/a/")
    root = lxml.etree.fromstring(opensearch.render(site).encode())
    short = root.findtext(f"{OPENSEARCH}ShortName")
    assert short == 'Papers & "more" <'[:16] and len(short) <= 16
    assert root.findtext(f"{OPENSEARCH}Description") == 'Search Papers & "more" <for> everyone, daily'


def test_the_offline_edition_carries_the_sites_index_as_scripts_and_no_opensearch(
    offline_site: Path, default_site: Path
) -> None:
    assert not (offline_site / "opensearch.xml").exists()
    for name in ("index.html", "feeds/index.html"):
        tree = lxml.html.fromstring((offline_site / name).read_bytes())
        assert tree.xpath("//header//div[contains(@class, 'pf-search')][@role='dialog']")
        assert not tree.xpath("//*[@data-md-component='search']")  # Material's is not mounted
        assert not tree.xpath("//link[@rel='search']")
    # Every file of the site's bundle is in the edition, byte for byte, in a script: the same index.
    bundle = default_site / "pagefind"
    online = {
        p.relative_to(default_site).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }
    offline: dict[str, bytes] = {}
    for script in [offline_site / search_offline.ENTRY, *sorted((offline_site / "pagefind").rglob("*.js"))]:
        offline.update(search_offline.files(script))
    assert offline == online
    assert not [p for p in (offline_site / "pagefind").rglob("*") if p.is_file() and p.suffix != ".js"]


def test_a_failing_indexer_is_reported_with_what_it_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing_indexer(tmp_path, monkeypatch, "Error: no site here", 3)
    with pytest.raises(search.SearchIndexError, match=r"exit status 3\): Error: no site here"):
        search.index(paper_docs(tmp_path / "docs", ["alpha"]), tmp_path / "out", "en")


def test_the_indexer_reads_a_papers_markdown_as_its_page_and_skips_the_front_matter(tmp_path: Path) -> None:
    docs = paper_docs(tmp_path / "docs", ["alpha"])
    assert search.index(docs, tmp_path / "out", "en") == ["pagefind"]
    [record] = pagefind_records(tmp_path / "out")
    assert record["url"] == "/papers/alpha/"
    assert record["meta"]["title"] == "alpha"
    assert record["content"] == "alpha. A common word, and the page's own: alpha."


def test_more_pages_than_a_slice_are_indexed_in_bundles_that_hold_each_page_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "SLICE", 2)
    slugs = ["alpha", "bravo", "charlie", "delta", "echo"]
    docs, out = paper_docs(tmp_path / "docs", slugs), tmp_path / "out"
    written = search.index(docs, out, "en", search.SLICE)
    assert written == search.bundles(len(slugs), 2) == ["pagefind", "pagefind-2", "pagefind-3"]
    held = [{r["url"] for r in pagefind_records(out, bundle)} for bundle in written]
    # In order, as the pages sort, and with the site's URLs (not the temporary folder's).
    assert held == [{f"/papers/{slug}/" for slug in slugs[n : n + 2]} for n in (0, 2, 4)]
    assert sorted(r["url"] for r in search.records(out)) == [f"/papers/{slug}/" for slug in slugs]
    # The first bundle is searched with its own script and wasm; the merged ones are only data.
    assert (out / "pagefind" / "pagefind.js").is_file() and list((out / "pagefind").glob("wasm.en.*"))
    for bundle in written[1:]:
        assert (out / bundle / "pagefind-entry.json").is_file()
        assert not list((out / bundle).glob("*.js")) and not list((out / bundle).glob("wasm.*"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "out"]  # the slices' folders are gone


def test_as_many_pages_as_a_slice_make_one_bundle_as_before(tmp_path: Path) -> None:
    docs, out = paper_docs(tmp_path / "docs", ["alpha", "bravo"]), tmp_path / "out"
    assert search.index(docs, out, "en", 2) == ["pagefind"] == search.bundles(2, 2)
    assert sorted(p.name for p in out.iterdir()) == ["pagefind"]
    assert search.bundles(0, 2) == ["pagefind"]


def test_a_slice_the_indexer_fails_on_leaves_no_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing_indexer(tmp_path, monkeypatch, "Error: out of memory", 1)
    docs = paper_docs(tmp_path / "docs", ["alpha", "bravo", "charlie"])
    with pytest.raises(search.SearchIndexError, match="out of memory"):
        search.index(docs, tmp_path / "out", "en", 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "pagefind"]


def test_a_sliced_site_tells_every_page_how_many_bundles_to_merge(sliced_site: Path) -> None:
    papers = len(store.load(REPO / "content"))
    bundles = search.bundles(papers, SLICED)
    sizes = search.slices(papers, SLICED)
    assert len(bundles) == len(sizes) > 3
    assert all((sliced_site / b / "pagefind-entry.json").is_file() for b in bundles)
    assert not (sliced_site / f"pagefind-{len(bundles) + 1}").exists()
    held = [[r["url"] for r in pagefind_records(sliced_site, bundle)] for bundle in bundles]
    assert [len(urls) for urls in held] == sizes
    urls = [url for bundle in held for url in bundle]
    assert len(urls) == len(set(urls)) == papers
    assert re.findall(r"var BUNDLES = (\d+);", search_script(sliced_site)) == [str(len(bundles))]


def test_a_site_of_one_bundle_does_not_mention_others(default_site: Path) -> None:
    assert re.findall(r"var BUNDLES = (\d+);", search_script(default_site)) == ["1"]
    assert not list(default_site.glob("pagefind-*"))


def test_the_index_runs_in_the_background_and_publishes_its_bundles_into_the_site(tmp_path: Path) -> None:
    docs, site = paper_docs(tmp_path / "docs", ["alpha", "bravo", "charlie"]), tmp_path / "site"
    indexing = search.Indexing(docs, tmp_path / "work", "en", 2)
    site.mkdir()  # as MkDocs makes it meanwhile, with a bundle of an earlier build in it
    (site / "pagefind-2").mkdir()
    (site / "pagefind-2" / "stale").write_text("from the last build")
    assert indexing.publish(site) == ["pagefind", "pagefind-2"]
    assert indexing.seconds > 0
    assert sorted(r["url"] for r in search.records(site)) == [
        "/papers/alpha/",
        "/papers/bravo/",
        "/papers/charlie/",
    ]
    assert not (site / "pagefind-2" / "stale").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "site", "work"]
    assert not list((tmp_path / "work").iterdir())  # no temporary folder left


def test_a_background_index_that_fails_fails_the_publishing_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing_indexer(tmp_path, monkeypatch, "Error: disk full", 2)
    indexing = search.Indexing(paper_docs(tmp_path / "docs", ["alpha"]), tmp_path / "work", "en")
    with pytest.raises(search.SearchIndexError, match="disk full"):
        indexing.publish(tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "pagefind", "work"]
    assert not list((tmp_path / "work").iterdir())


def test_a_discarded_index_leaves_nothing(tmp_path: Path) -> None:
    indexing = search.Indexing(paper_docs(tmp_path / "docs", ["alpha"]), tmp_path / "work", "en")
    indexing.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "work"]
    assert not list((tmp_path / "work").iterdir())


def test_what_the_index_holds_of_each_paper_is_what_its_published_page_shows(default_site: Path) -> None:
    # Pagefind reads the pages' source in the build's folder (their data-pagefind-body); the
    # published page leaves those marks out. Word for word, the index holds the page's paper: its
    # title, authors, dates and id, topics and abstract, not its links, "Why?" or similar papers.
    records = list(search.records(default_site))
    assert len(records) == 168
    for record in records:
        page = lxml.html.fromstring((default_site / record["url"].strip("/") / "index.html").read_bytes())
        (paper,) = page.xpath("//div[@class='pf-paper']/div")
        shown = [
            child.text_content()
            for child in paper
            if "pf-why" not in child.get("class", "") and "pf-paper__links" not in child.get("class", "")
        ]
        assert re.findall(r"\w+", record["content"]) == re.findall(r"\w+", " ".join(shown)), record["url"]
        assert not page.xpath("//*[@data-pagefind-body or @data-pagefind-meta or @data-pagefind-ignore]")


@pytest.mark.slow
def test_a_build_that_fails_once_the_index_has_started_leaves_no_index_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Pagefind starts as soon as the pages are written, before the feeds: a feed that cannot be
    written stops the build with its one line, and the index it started is waited for and removed."""
    from mkdocs.exceptions import Abort

    from paperfeed.errors import InputError
    from paperfeed.site import feeds

    started: list[search.Indexing] = []

    class Recorded(search.Indexing):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            started.append(self)

    def failing(*args: object) -> object:
        raise InputError(tmp_path / "feed.xml", "the disk is full")

    monkeypatch.setattr(search, "Indexing", Recorded)
    monkeypatch.setattr(feeds, "render_all", failing)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    config = write_config(tmp_path, content)
    with pytest.raises(Abort):
        build(load_config(str(config)))
    assert [r.message for r in caplog.records if r.levelname == "ERROR"] == [
        f"paperfeed: {tmp_path / 'feed.xml'}: the disk is full"
    ]
    assert len(started) == 1  # it had started
    work = tmp_path / ".cache" / "paperfeed" / "build" / "mkdocs"
    assert not list(work.glob(f"{search.TEMPORARY}*")) and not (tmp_path / "site" / "pagefind").exists()


@pytest.mark.slow
def test_the_index_starts_once_the_generator_is_done_and_before_mkdocs_renders_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plugin starts Pagefind on the paper pages as soon as the generator has written them, so
    that it indexes while the generator writes the feeds and MkDocs builds the whole site."""
    seen: dict[str, list[str]] = {}

    class Recorded(search.Indexing):
        def __init__(
            self, docs_dir: Path, site_dir: Path, language: str, size: int, kept: Path, order: list[str]
        ) -> None:
            seen["papers"] = sorted(p.parent.name for p in search.sources(docs_dir))
            seen["built"] = sorted(str(p) for p in site_dir.rglob("*.html")) if site_dir.exists() else []
            seen["kept"] = [str(kept)]
            seen["order"] = [name.split("/")[1] for name in order]
            super().__init__(docs_dir, site_dir, language, size, kept, order)

    monkeypatch.setattr(search, "Indexing", Recorded)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    config = write_config(tmp_path, content)
    build(load_config(str(config)))
    written = sorted(p.parent.name for p in (tmp_path / "site").glob(search.PAGES))
    assert seen["papers"] == written and len(written) == len(store.load(content))
    # Sliced in the order the papers were added (a day's papers land in the last slice).
    added = sorted(store.load(content), key=lambda p: (p.added, p.slug or ""))
    newest = {p.slug for p in added if p.added == added[-1].added}
    assert sorted(seen["order"]) == written and seen["order"][-1] in newest
    assert seen["built"] == []  # no page rendered yet
    # in the build's own folder, beside its mkdocs.yml
    assert Path(seen["kept"][0]).parent == tmp_path / ".cache" / "paperfeed" / "build" / "mkdocs"
    assert sorted(r["url"] for r in search.records(tmp_path / "site")) == [f"/papers/{p}/" for p in written]
    assert not list(tmp_path.glob(".pagefind*"))
