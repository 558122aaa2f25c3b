"""The MkDocs plugin: registered by name, its options validated by MkDocs, its state per build."""

from __future__ import annotations

import dataclasses
import gzip
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from conftest import LISTINGS, run_cli, with_taxonomy
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from sitekit import REPO, repo_plugins, write_config

from paperfeed.plugin import config as plugin_config
from paperfeed.plugin.config import PaperfeedConfig
from paperfeed.plugin.plugin import PaperfeedPlugin
from paperfeed.site.settings import Options


def loaded(path: Path = REPO / "mkdocs.yml", **settings: object) -> tuple[MkDocsConfig, PaperfeedPlugin]:
    """A config loaded and validated by MkDocs, and its paperfeed plugin after on_config."""
    config = load_config(str(path), **settings)  # type: ignore[arg-type]
    plugin = config.plugins["paperfeed"]
    assert isinstance(plugin, PaperfeedPlugin)
    plugin.on_config(config)
    return config, plugin


def options(**values: object) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
    config = PaperfeedConfig()
    config.load_dict(values)
    return config.validate()


def test_mkdocs_finds_the_plugin_by_its_entry_point_name() -> None:
    (point,) = metadata.entry_points(group="mkdocs.plugins", name="paperfeed")
    assert point.load() is PaperfeedPlugin


def test_mkdocs_yml_runs_paperfeed_as_a_plugin_beside_search_and_no_hook() -> None:
    raw = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in raw and list(raw["plugins"]) == ["search", "paperfeed"]
    _, plugin = loaded()
    assert plugin.site is not None and plugin.site.site_url == "https://paperfeed.github.io/paperfeed/"
    assert Path(plugin.site.content) == REPO / "content"  # relative to mkdocs.yml, wherever MkDocs runs


def test_the_options_default_to_todays_sizes() -> None:
    config = PaperfeedConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    given = plugin_config.options(config)
    assert (given.feed_items, given.topic_feed_items, given.home_items) == (50, 20, 50)
    assert (given.page_size, given.abstracts, given.similar) == (100, 20, 5)


def test_every_option_is_declared_once_and_reaches_the_site_settings(tmp_path: Path) -> None:
    # A value for each option, unlike its default: each must arrive in SiteConfig under its name.
    declared = dataclasses.fields(Options)
    assert [name for name, _ in PaperfeedConfig._schema] == [field.name for field in declared]
    values: dict[str, object] = {}
    for number, field in enumerate(declared, start=2):
        if isinstance(field.default, bool):
            values[field.name] = not field.default
        elif isinstance(field.default, int):
            values[field.name] = field.default + number
        else:
            values[field.name] = f"own-{field.name}"
    path = write_config(tmp_path, tmp_path / "content", plugins={**repo_plugins(), "paperfeed": values})
    _, plugin = loaded(path)
    assert plugin.site is not None
    for field in declared:
        expected = values[field.name]
        if field.name == "content":
            expected = str(tmp_path / "own-content")  # made absolute, beside mkdocs.yml
        assert getattr(plugin.site, field.name) == expected, field.name


@pytest.mark.parametrize("value", [0, -3, True, "10", 2.5])
def test_a_size_that_is_not_a_whole_number_of_at_least_1_is_refused_by_name(value: object) -> None:
    failed, _ = options(feed_items=value)
    assert [name for name, _ in failed] == ["feed_items"]
    assert "whole number of at least 1" in str(failed[0][1])


def test_an_unknown_option_is_reported_by_name() -> None:
    failed, warnings = options(feed_itmes=10)
    assert not failed and [name for name, _ in warnings] == ["feed_itmes"]


def test_a_wrong_option_in_mkdocs_yml_stops_mkdocs_naming_the_plugin_and_option(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_config(tmp_path, REPO / "content", plugins={"paperfeed": {"page_size": "many"}})
    with pytest.raises(Abort):
        load_config(str(path))
    assert "Plugin 'paperfeed' option 'page_size': must be a whole number of at least 1" in caplog.text


def test_a_site_url_feeds_cannot_link_to_is_refused() -> None:
    with pytest.raises(PluginError, match="site_url"):
        loaded(site_url="ftp://example.org/")


def test_the_offline_zip_is_linked_only_when_it_is_there_and_never_by_the_offline_edition(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "dist" / "offline.zip"
    _, missing = loaded(plugins=repo_plugins(offline_zip=str(archive)))
    archive.parent.mkdir()
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip
    _, online = loaded(plugins=repo_plugins(offline_zip=str(archive)))
    _, offline = loaded(
        REPO / "mkdocs.offline.yml", plugins=repo_plugins(offline_zip=str(archive), offline=True)
    )
    assert missing.site is not None and missing.site.offline_download == ""  # a local build: no zip
    assert online.site is not None and online.site.offline_download == "offline.zip"  # at the site's root
    assert offline.site is not None and offline.site.offline_download == ""
    assert offline.site.directory_urls is False
    assert dataclasses.replace(
        offline.site, offline_download="", directory_urls=True, offline=False
    ) == dataclasses.replace(online.site, offline_download="")


def test_mkdocs_offline_yml_makes_the_offline_edition_of_the_same_site() -> None:
    _, online = loaded()
    _, offline = loaded(REPO / "mkdocs.offline.yml")
    assert online.site is not None and online.site.offline is False
    assert offline.site is not None and offline.site.offline is True
    assert offline.site.content == online.site.content  # the offline option joins mkdocs.yml's


def test_the_offline_option_is_a_yes_or_no() -> None:
    assert options(offline=True) == ([], [])
    failed, _ = options(offline="yes")
    assert [name for name, _ in failed] == ["offline"]


def test_state_is_reset_for_each_build() -> None:
    config, plugin = loaded()
    plugin.search_box = {"topics": [["Stale", "topics/stale/"]]}
    plugin.sitemap = [("https://example.org/stale/", None)]
    plugin.feeds = {"stale/feed.xml"}
    plugin.on_config(config)
    assert (plugin.search_box, plugin.sitemap, plugin.feeds) == ({}, [], set())


def test_two_plugin_instances_share_nothing() -> None:
    _, one = loaded()
    _, two = loaded()
    one.feeds.add("x.xml")
    assert two.feeds == set()


@pytest.mark.slow
def test_a_rebuild_after_a_paper_leaves_lists_nothing_of_it(tmp_path: Path, content_with_two: Path) -> None:
    """`mkdocs serve` builds again with the same plugin: what the first build listed must go."""
    path = write_config(tmp_path, content_with_two)
    config = load_config(str(path))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    site = tmp_path / "site"
    first = gzip.decompress((site / "sitemaps" / "1.xml.gz").read_bytes()).decode("utf-8")
    gone = sorted((content_with_two / "papers").rglob("*.yml"))[-1]
    slug = next(line.split(":", 1)[1].strip() for line in gone.read_text().splitlines() if "slug:" in line)
    assert f"/papers/{slug}/" in first
    gone.unlink()
    build(config)
    second = gzip.decompress((site / "sitemaps" / "1.xml.gz").read_bytes()).decode("utf-8")
    assert f"/papers/{slug}/" not in second
    assert len(second) < len(first)


@pytest.mark.slow
def test_generated_pages_hold_their_body_only_while_they_are_rendered(
    tmp_path: Path, content_with_two: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs reads every page before it renders one: a generated page's body (HTML already) is
    read when the page is rendered and let go once it is written, so that a large digest's bodies
    are not all in memory at once."""
    seen: list[Page] = []
    held: list[int] = []
    on_env = PaperfeedPlugin.on_env

    def counting(self: PaperfeedPlugin, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        seen.extend(f.page for f in files.documentation_pages() if f.page and f.page.meta.get("generator"))
        held.append(sum(len(p.markdown or "") + len(p.content or "") for p in seen))
        return on_env(self, env, config=config, files=files)

    monkeypatch.setattr(PaperfeedPlugin, "on_env", counting)
    build(load_config(str(write_config(tmp_path, content_with_two))))
    assert len(seen) > 10 and held == [0]  # every page read, no body held
    assert all(page.content is None for page in seen)  # every page written, no body kept
    paper = next((tmp_path / "site" / "papers").glob("*/index.html")).read_text(encoding="utf-8")
    assert '<div class="pf-paper"' in paper and "<h1>" in paper  # the body is in the page


@pytest.fixture
def content_with_two(tmp_path: Path) -> Path:
    """Two days of papers: one day file per addition day."""
    content = with_taxonomy(tmp_path / "content")
    for day, listing in (("2026-11-20", "papers.yaml"), ("2026-11-21", "arxiv-atom.xml")):
        assert run_cli("import", "--content", content, "--added", day, LISTINGS / listing).code == 0
    assert len(list((content / "papers").rglob("*.yml"))) == 2
    return content


def test_the_plugin_adds_no_file_but_the_offline_zip() -> None:
    config, plugin = loaded()
    plugin.config["offline_zip"] = ""  # not the zip a `make offline` may have left in dist/
    plugin.on_config(config)
    assert len(plugin.on_files(Files([]), config=config)) == 0


def test_paper_pages_get_the_stylesheets_of_materials_base_template() -> None:
    config, plugin = loaded()
    base = """<link rel="stylesheet" href="{{ 'assets/stylesheets/main.1a2b.min.css' | url }}">
      <link rel="stylesheet" href="{{ "assets/stylesheets/palette.3c4d.min.css" | url }}">
      {{ 'assets/stylesheets/main.1a2b.min.css' | url }}"""
    env = jinja2.Environment(loader=jinja2.DictLoader({"base.html": base}))
    plugin.on_env(env, config=config, files=Files([]))
    assert env.globals["paperfeed_stylesheets"] == [
        "assets/stylesheets/main.1a2b.min.css",
        "assets/stylesheets/palette.3c4d.min.css",
    ]
    bare = jinja2.Environment(loader=jinja2.DictLoader({"base.html": "<html></html>"}))
    with pytest.raises(PluginError, match="no stylesheet"):
        plugin.on_env(bare, config=config, files=Files([]))
