"""Contract tests for plugin/compat.py: each use of a MkDocs or Material internal, checked against
the installed versions, so that an upgrade that moves one fails here, naming it."""

from __future__ import annotations

import inspect
from importlib import metadata
from pathlib import Path

import pytest
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


def test_materials_base_template_names_its_stylesheets_and_the_theme_prefix_reaches_its_partials(
    config,  # type: ignore[no-untyped-def]
) -> None:
    env = config.theme.get_env()
    stylesheets = compat.theme_stylesheets(env)
    assert stylesheets and all(s.startswith("assets/stylesheets/") for s in stylesheets), WRITTEN
    compat.add_theme_prefix(env, config)
    assert env.get_template("material/partials/search.html"), WRITTEN


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


def test_the_search_and_offline_plugins_are_found_by_their_names(config) -> None:  # type: ignore[no-untyped-def]
    assert compat.plugin(config, "search") is not None, WRITTEN
    assert compat.search_languages(config) == ["en"], WRITTEN
    assert compat.offline(config) is False
    offline = load_config(str(REPO / "mkdocs.offline.yml"))
    assert compat.offline(offline) is True, WRITTEN


def test_materials_search_index_and_theme_files_are_where_compat_looks(default_site: Path) -> None:
    import json

    index = json.loads((default_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert isinstance(index.get("docs"), list), WRITTEN
    lunr = default_site / "assets" / "javascripts" / "lunr"
    assert (lunr / "min").is_dir() and (lunr / "min" / "lunr.stemmer.support.min.js").is_file(), WRITTEN
    assert compat.unused_theme_files(default_site, ["en"]) == []  # the build removed them


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
