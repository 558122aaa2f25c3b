"""The offline edition (mkdocs.offline.yml): read from file://, searching the site's own index
(written as scripts, plugin/search_offline.py), nothing loaded from other hosts, nothing from npm."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
import yaml
from editions import OFFLINE_CONFIG, external_resources, urls_in
from sitekit import REPO

from paperfeed import urls
from paperfeed.analysis.digest import load_digest
from paperfeed.plugin import search_offline
from paperfeed.site import bib


def pages(site: Path) -> list[Path]:
    """The pages a reader opens; not 404.html, which only a web server shows (its links are
    absolute, from site_url)."""
    return [page for page in site.rglob("*.html") if page.relative_to(site) != Path("404.html")]


def test_the_offline_config_inherits_the_site_and_only_asks_paperfeed_for_the_offline_edition() -> None:
    site = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    offline = yaml.safe_load(OFFLINE_CONFIG.read_text(encoding="utf-8"))
    # INHERIT merges mappings deeply: the edition runs mkdocs.yml's plugins, paperfeed's with one
    # option more. No Material offline plugin, no polyfill: nothing of lunr or iframe-worker.
    assert isinstance(site["plugins"], dict)
    assert offline == {
        "INHERIT": "mkdocs.yml",
        "site_dir": "site-offline",  # beside the site's: `make -j2 site offline` builds both
        "use_directory_urls": False,
        "plugins": {"paperfeed": {"offline": True}},
    }


def test_the_site_links_its_offline_zip_relative_to_the_home_page() -> None:
    site = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    zip_url = site["plugins"]["paperfeed"]["offline_zip"]
    assert zip_url.endswith(".zip") and "offline" in zip_url
    assert not urlsplit(zip_url).scheme and not zip_url.startswith("/"), "works under any site_url"


@pytest.mark.slow
def test_the_search_index_script_holds_what_every_search_reads(offline_site: Path) -> None:
    held = search_offline.files(offline_site / search_offline.ENTRY)
    meta = [name for name in held if name.endswith(".pf_meta")]
    assert len(meta) == 1
    expected = ["pagefind/pagefind.js", "pagefind/pagefind-entry.json", *meta, "pagefind/wasm.en.pagefind"]
    assert sorted(held) == sorted([*expected, "pagefind/words/index.json"])
    assert held["pagefind/wasm.en.pagefind"][:2] == b"\x1f\x8b"  # Pagefind's gzip, as on the site
    assert json.loads(held["pagefind/pagefind-entry.json"])["languages"]["en"]["page_count"] == 168
    # Material's own search is gone: no lunr index, no worker, no polyfill.
    assert not (offline_site / "search" / "search_index.json").exists()
    assert not (offline_site / "assets" / "javascripts" / "iframe-worker.js").exists()
    assert not (offline_site / "assets" / "javascripts" / "lunr").exists()


@pytest.mark.slow
def test_every_page_has_the_search_box_and_no_feed_discovery(offline_site: Path) -> None:
    """The same box as the site's on every page kind, paper pages included. No rel=alternate
    link where Material's script runs (paper pages run none): it fetches sitemap.xml beside each,
    which file:// refuses."""
    for page in pages(offline_site):
        html = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in html, page
        depth = len(page.relative_to(offline_site).parts) - 1
        scripts = [url for kind, url in urls_in(html) if kind == "script"]
        assert "../" * depth + "assets/paperfeed-search.js" in scripts, page
        if any("assets/javascripts/bundle." in url for url in scripts):
            assert not lxml.html.fromstring(page.read_bytes()).xpath("//link[@rel='alternate']"), page


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


# --- The search index as scripts (plugin/search_offline.py) ---------------------------------------


def a_bundle(site: Path) -> dict[str, bytes]:
    """Files of two bundles, as Pagefind and search_words.py write them."""
    files = {
        "pagefind/pagefind.js": b"export const search = () => 1;\n",
        "pagefind/pagefind-entry.json": b'{"version":"1.5.2"}',
        "pagefind/pagefind.en_1a.pf_meta": b"\x1f\x8bmeta",
        "pagefind/wasm.en.pagefind": bytes(range(256)),
        "pagefind/index/en_2b.pf_index": b"\x1f\x8b\x00\xffchunk",
        "pagefind/fragment/en_3c.pf_fragment": b"\x1f\x8bfragment",
        "pagefind/words/index.json": '{"chunks":[["a\u2028b","x"]]}'.encode(),
        "pagefind/words/x.txt": "a\u2028b\n</script>\ncaf\u00e9".encode(),
        "pagefind-2/pagefind-entry.json": b'{"version":"1.5.2"}',
        "pagefind-2/pagefind.en_4d.pf_meta": b"\x1f\x8bmeta 2",
        "pagefind-2/index/en_5e.pf_index": b"\x1f\x8bchunk 2",
    }
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    return files


def test_every_file_of_the_bundles_becomes_a_script_holding_its_bytes(tmp_path: Path) -> None:
    files = a_bundle(tmp_path)
    written = search_offline.embed(tmp_path, ["pagefind", "pagefind-2"])
    start = search_offline.files(tmp_path / search_offline.ENTRY)
    assert sorted(start) == [
        "pagefind-2/pagefind-entry.json",
        "pagefind-2/pagefind.en_4d.pf_meta",
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind.en_1a.pf_meta",
        "pagefind/pagefind.js",
        "pagefind/wasm.en.pagefind",
        "pagefind/words/index.json",
    ]
    later = {}
    for name in sorted(set(files) - set(start)):
        assert f"{name}.js" in written
        later.update(search_offline.files(tmp_path / f"{name}.js"))
    assert {**start, **later} == files
    # Only the scripts are left, each a call of the box's callback.
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert left == sorted(written)
    text = (tmp_path / "pagefind/words/x.txt.js").read_text(encoding="utf-8")
    assert text.startswith(search_offline.CALLBACK + "(") and "\u2028" not in text and "\\u2028" in text


def test_the_scripts_are_the_same_bytes_for_the_same_bundles(tmp_path: Path) -> None:
    outputs = []
    for run in ("one", "two"):
        a_bundle(tmp_path / run)
        search_offline.embed(tmp_path / run, ["pagefind", "pagefind-2"])
        outputs.append(
            {
                p.relative_to(tmp_path / run): p.read_bytes()
                for p in (tmp_path / run).rglob("*")
                if p.is_file()
            }
        )
    assert outputs[0] == outputs[1]


def test_a_file_that_is_not_a_search_script_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.js").write_text("alert(1);\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a search file script"):
        search_offline.files(tmp_path / "x.js")


# --- The Saved page's BibTeX (site/bib.py) ------------------------------------------------------------


def citations_in(script: str) -> dict[str, str]:
    prefix = f"window.{bib.CITATIONS} = "
    assert script.startswith(prefix) and script.endswith(";\n")
    found: dict[str, str] = json.loads(script[len(prefix) : -2])
    return found


def test_the_citations_script_holds_each_entry_as_json_in_ascii() -> None:
    entries = {"b-paper": '@misc{b,\n  title = {{</script><b>\u2028caf\u00e9"}}\n}', "a-paper": "@misc{a}"}
    script = bib.citations_script(entries)
    assert script.isascii()  # no line separator to end a string early, whatever the engine
    assert citations_in(script) == entries
    assert list(citations_in(script)) == ["a-paper", "b-paper"]  # sorted: the same bytes every build


@pytest.mark.slow
def test_the_offline_saved_page_loads_every_papers_bibtex_and_the_site_none(
    offline_site: Path, default_site: Path
) -> None:
    saved = lxml.html.fromstring((offline_site / urls.SAVED / "index.html").read_bytes())
    sources = saved.xpath("//script[contains(@src, 'citations')]/@src")
    assert sources == ["../" + urls.SAVED_CITATIONS]
    script = (offline_site / urls.SAVED_CITATIONS).read_text(encoding="utf-8")
    assert citations_in(script) == load_digest(REPO / "content").bibtex
    assert not (default_site / urls.SAVED_CITATIONS).exists()  # the site's page fetches a paper's own
    assert "citations" not in (default_site / urls.SAVED / "index.html").read_text(encoding="utf-8")
