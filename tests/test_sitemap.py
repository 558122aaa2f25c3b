"""generator/sitemap.py: a sitemap index over sitemaps of at most LIMIT pages, and the built site's."""

from __future__ import annotations

import gzip
from pathlib import Path

import lxml.etree
import pytest
from editions import build_online, built_once
from sitekit import REPO

from paperfeed.site import sitemap
from paperfeed.store import files as store

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def parse_part(path: Path) -> lxml.etree._ElementTree:
    """A sitemap of pages, gzipped as the site writes them; the same bytes from the same pages."""
    data = path.read_bytes()
    assert data[4:8] == b"\0\0\0\0"  # gzip's mtime: none, so a build is byte for byte the same
    return lxml.etree.ElementTree(lxml.etree.fromstring(gzip.decompress(data)))


def test_pages_are_split_into_sitemaps_of_at_most_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitemap, "LIMIT", 2)
    (tmp_path / "sitemap.xml.gz").write_bytes(b"MkDocs' own")
    (tmp_path / "sitemaps").mkdir()
    (tmp_path / "sitemaps" / "9.xml").write_text("from a bigger build", encoding="utf-8")
    pages = [("https://e.org/a/", "2026-11-20"), ("https://e.org/b?x=1&y=2", None), ("https://e.org/", None)]
    sitemap.write(tmp_path, "https://e.org/", pages)

    root = lxml.etree.parse(str(tmp_path / "sitemap.xml")).getroot()
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    assert root.xpath("//s:loc/text()", namespaces=NS) == [
        "https://e.org/sitemaps/1.xml.gz",
        "https://e.org/sitemaps/2.xml.gz",
    ]
    assert sorted(p.name for p in (tmp_path / "sitemaps").iterdir()) == ["1.xml.gz", "2.xml.gz"]
    assert not (tmp_path / "sitemap.xml.gz").exists()
    first = parse_part(tmp_path / "sitemaps" / "1.xml.gz")
    assert first.xpath("//s:url/s:loc/text()", namespaces=NS) == [
        "https://e.org/a/",
        "https://e.org/b?x=1&y=2",
    ]
    assert first.xpath("//s:url/s:lastmod/text()", namespaces=NS) == ["2026-11-20"]  # no date: none given
    second = parse_part(tmp_path / "sitemaps" / "2.xml.gz")
    assert second.xpath("//s:loc/text()", namespaces=NS) == ["https://e.org/"]


def test_each_feed_folder_gets_an_empty_sitemap_for_materials_script(tmp_path: Path) -> None:
    (tmp_path / "topics" / "rl").mkdir(parents=True)
    sitemap.write(tmp_path, "https://e.org/", [("https://e.org/", None)], ["feed.xml", "topics/rl/feed.xml"])
    empty = lxml.etree.parse(str(tmp_path / "topics" / "rl" / "sitemap.xml")).getroot()
    assert empty.tag == f"{{{NS['s']}}}urlset" and len(empty) == 0
    index = lxml.etree.parse(str(tmp_path / "sitemap.xml")).getroot()  # the root's stays the index
    assert index.tag == f"{{{NS['s']}}}sitemapindex"


@pytest.mark.slow
def test_the_sites_sitemap_lists_every_page_and_dates_papers_by_their_addition(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    site = built_once(tmp_path_factory, "site", lambda work: build_online(work, REPO / "content")) / "site"
    index = lxml.etree.parse(str(site / "sitemap.xml"))
    (url,) = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    assert url == "https://paperfeed.github.io/paperfeed/sitemaps/1.xml.gz"
    urls = parse_part(site / "sitemaps" / "1.xml.gz").xpath("//s:url", namespaces=NS)
    dated = {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS) for u in urls}
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    assert len(dated) == len(urls) == len(pages)
    for paper in store.load(REPO / "content"):
        assert dated[f"https://paperfeed.github.io/paperfeed/papers/{paper.slug}/"] == paper.added.isoformat()
    assert dated["https://paperfeed.github.io/paperfeed/topics/"] is None
    assert not (site / "sitemap.xml.gz").exists()
