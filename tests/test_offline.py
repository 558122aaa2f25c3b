"""The offline edition (mkdocs.offline.yml): read from file://, search included, nothing loaded from
other hosts; the iframe-worker polyfill comes from npm, not from unpkg.com."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from editions import OFFLINE_CONFIG, SHIM, external_resources, urls_in
from sitekit import REPO

from paperfeed.store import files as store


def pages(site: Path) -> list[Path]:
    """The pages a reader opens; not 404.html, which only a web server shows (its links are
    absolute, from site_url)."""
    return [page for page in site.rglob("*.html") if page.relative_to(site) != Path("404.html")]


def test_the_offline_config_inherits_the_site_and_adds_only_the_offline_plugin() -> None:
    site = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    offline = yaml.safe_load(OFFLINE_CONFIG.read_text(encoding="utf-8"))
    assert offline["INHERIT"] == "mkdocs.yml"
    # INHERIT merges mappings: the offline edition runs mkdocs.yml's plugins, then `offline`.
    assert isinstance(site["plugins"], dict) and offline["plugins"] == {"offline": {}}
    assert offline["use_directory_urls"] is False
    assert offline["extra"]["polyfills"] == [SHIM]


def test_the_site_links_its_offline_zip_relative_to_the_home_page() -> None:
    site = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    zip_url = site["plugins"]["paperfeed"]["offline_zip"]
    assert zip_url.endswith(".zip") and "offline" in zip_url
    assert not urlsplit(zip_url).scheme and not zip_url.startswith("/"), "works under any site_url"


@pytest.mark.slow
def test_search_index_is_inlined_into_a_script(offline_site: Path) -> None:
    script = (offline_site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = {")
    title = store.load(REPO / "content")[0].title
    assert title.split()[0] in script


@pytest.mark.slow
def test_every_page_with_search_loads_the_local_iframe_worker(offline_site: Path) -> None:
    """Material's pages run search in a worker; paper pages (overrides/paper.html) run no search
    and no Material bundle, so they need no worker."""
    shim = offline_site / SHIM
    assert shim.read_bytes() == (REPO / "node_modules" / "iframe-worker" / "shim" / "index.js").read_bytes()
    with_search = 0
    for page in pages(offline_site):
        html = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in html, page
        depth = len(page.relative_to(offline_site).parts) - 1
        scripts = [url for kind, url in urls_in(html) if kind == "script"]
        if page.parent.parent.name == "papers":
            # its own script and the reader's (saving, keys), which need no search
            own = ["assets/paperfeed-paper.js", "assets/paperfeed-reader.js"]
            assert scripts == ["../" * depth + script for script in own], page
        else:
            assert "../" * depth + SHIM in scripts, page
            with_search += 1
    assert with_search > 50


@pytest.mark.slow
def test_every_link_within_the_edition_opens_a_file(offline_site: Path) -> None:
    """file:// shows no folder's index.html: every relative link must name an existing file."""
    broken = []
    for page in pages(offline_site):
        for _, href in urls_in(page.read_text(encoding="utf-8")):
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("//", "#")) or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(offline_site)}: {href}")
    assert broken == []


@pytest.mark.slow
def test_the_edition_has_no_download_link_to_itself(offline_site: Path) -> None:
    assert "Download for offline reading" not in (offline_site / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_no_page_or_stylesheet_loads_a_resource_from_another_host(offline_site: Path) -> None:
    assert external_resources(offline_site) == []


def test_the_resource_scan_finds_what_loads_from_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        '<link rel="stylesheet" href="https://fonts.example/a.css">'
        '<link rel="alternate" href="https://example.org/feed.xml">'
        '<a href="https://arxiv.org/abs/2401.00001">paper</a>'
        '<script src="//cdn.example/x.js"></script><script src="local.js"></script>'
        '<img srcset="a.png 1x, https://img.example/b.png 2x">'
        "<div style=\"background: url('http://img.example/c.png')\"></div>"
        "<style>@import 'https://fonts.example/d.css';</style>",
        encoding="utf-8",
    )
    (tmp_path / "style.css").write_text(
        "a { background: url(data:image/svg+xml;base64,AAAA) }\n"
        "b { background: url( https://x.example/e.woff2 ) }",
        encoding="utf-8",
    )
    found = [item.rsplit(" -> ", 1)[1] for item in external_resources(tmp_path)]
    assert sorted(found) == sorted(
        [
            "https://fonts.example/a.css",
            "//cdn.example/x.js",
            "https://img.example/b.png",
            "http://img.example/c.png",
            "https://fonts.example/d.css",
            "https://x.example/e.woff2",
        ]
    )
