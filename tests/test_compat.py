"""Contract tests for plugin/compat.py: each use of a MkDocs or Material internal, checked against
the installed versions, so that an upgrade that moves one fails here, naming it."""

from __future__ import annotations

import inspect
from importlib import metadata
from pathlib import Path

import material
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import meta
from sitekit import REPO

from paperfeed.plugin import compat

VERSIONS = compat.WRITTEN_AGAINST
WRITTEN = f"written against MkDocs {VERSIONS['mkdocs']}, Material {VERSIONS['mkdocs-material']}"


def test_the_installed_versions_are_those_compat_was_written_against() -> None:
    for name, version in compat.WRITTEN_AGAINST.items():
        assert metadata.version(name).split(".")[0] == version.split(".")[0], f"{name}: {WRITTEN}"


@pytest.fixture(scope="module")
def config():  # type: ignore[no-untyped-def]
    return load_config(str(REPO / "mkdocs.yml"))


def file_of(folder: Path, name: str, source: str) -> File:
    (folder / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / "docs" / name).write_text(source, encoding="utf-8")
    return File(name, str(folder / "docs"), str(folder / "site"), True)


def page_of(config, folder: Path, source: str) -> Page:  # type: ignore[no-untyped-def]
    return Page(None, file_of(folder, "papers/x/index.md", source), config)


def test_a_page_rendered_as_is_sets_what_render_sets_without_markdown(config, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # MkDocs' Page.render(config, files) sets content, toc and the anchors it validates links by.
    assert list(inspect.signature(Page.render).parameters) == ["self", "config", "files"], WRITTEN
    page = page_of(config, tmp_path, "---\ntitle: X\n---\n\n<p>body</p>\n")
    page.read_source(config)
    compat.render_as_is(page)
    page.render(config, Files([]))
    assert page.content == "" and list(page.toc) == [], WRITTEN
    assert page.present_anchor_ids == set() and page.links_to_anchors == {}, WRITTEN


def test_a_pages_body_is_split_from_its_front_matter_as_mkdocs_splits_it(config, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = '---\ntitle: "X"\nsection: "topics/"\n---\n\n<p>body</p>\n'
    assert meta.YAML_RE.match(source), WRITTEN
    page = page_of(config, tmp_path, source)
    assert compat.body(page) == "<p>body</p>\n"
    _, data = meta.get_data(source)
    assert data == {"title": "X", "section": "topics/"}


def test_materials_base_template_names_its_stylesheets(config) -> None:  # type: ignore[no-untyped-def]
    env = config.theme.get_env()
    stylesheets = compat.theme_stylesheets(env)
    assert stylesheets and all(s.startswith("assets/stylesheets/") for s in stylesheets), WRITTEN


def test_materials_header_includes_the_search_partial_only_with_its_search_plugin() -> None:
    # Why mkdocs.yml keeps Material's search plugin on: the header shows partials/search.html
    # (paperfeed's box) only then.
    header = Path(material.__file__).parent / "templates" / "partials" / "header.html"
    source = header.read_text(encoding="utf-8")
    assert '"material/search" in config.plugins' in source and "search.enabled" in source, WRITTEN
    assert 'include "partials/search.html"' in source, WRITTEN


def test_a_nav_page_can_be_marked_as_the_current_pages_section(config, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = Files([file_of(tmp_path, name, "# x") for name in ("index.md", "topics/index.md")])
    current = file_of(tmp_path, "papers/x/index.md", "x")
    files.append(current)
    nav = get_navigation(files, load_config(str(REPO / "mkdocs.yml"), nav=["index.md", "topics/index.md"]))
    page = Page(None, current, config)
    section = compat.Section()
    section.mark(nav, page, "topics/")
    topics = next(p for p in nav.pages if p.file.src_uri == "topics/index.md")
    assert topics.active is True, WRITTEN
    section.clear()
    assert topics.active is False, WRITTEN


def test_materials_own_search_files_are_where_compat_looks(tmp_path: Path) -> None:
    # A bare Material build writes them (its search plugin, the theme's assets)...
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    bare = "site_name: x\ntheme: {name: material}\nplugins: [search]\n"
    (tmp_path / "mkdocs.yml").write_text(bare, encoding="utf-8")
    build(load_config(str(tmp_path / "mkdocs.yml")))
    site = tmp_path / "site"
    found = {p.relative_to(site).as_posix() for p in compat.unused_theme_files(site)}
    assert {"search/search_index.json", "assets/javascripts/lunr", "assets/javascripts/workers"} <= found, (
        WRITTEN
    )
    assert any(name.endswith(".map") for name in found), WRITTEN


def test_the_build_removes_materials_own_search(default_site: Path, offline_site: Path) -> None:
    assert compat.unused_theme_files(default_site) == []
    assert compat.unused_theme_files(offline_site) == []


def test_generated_files_come_in_the_order_mkdocs_walks_a_docs_folder(config, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    names = ["b/index.md", "a/z.md", "index.md", "a/index.md", "a/b/index.md", "a/b/c.md", "z.md"]
    docs = tmp_path / "docs"
    for name in names:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("# x", encoding="utf-8")
    walked = get_files(load_config(str(REPO / "mkdocs.yml"), docs_dir=str(docs)))
    assert compat.in_walk_order(names) == [f.src_uri for f in walked], WRITTEN


def test_run_mkdocs_runs_the_mkdocs_command_and_returns_its_status(tmp_path: Path) -> None:
    (point,) = metadata.entry_points(group="console_scripts", name="mkdocs")
    assert point.value == "mkdocs.__main__:cli", WRITTEN  # what run_mkdocs calls
    from mkdocs.__main__ import cli

    options = {name for param in cli.commands["build"].params for name in param.opts}
    assert {"-f", "--strict", "--quiet", "--site-dir"} <= options, WRITTEN
    assert compat.run_mkdocs(["build", "-f", str(tmp_path / "missing.yml")]) == 2  # a usage error
    assert compat.run_mkdocs(["--version"]) == 0
