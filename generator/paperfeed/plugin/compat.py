"""Every use of a MkDocs or Material internal, behind one door.

The plugin reaches past the documented plugin API in a few places, each for a reason given at
the function. Written against MkDocs 1.6 and Material 9.6-9.7 (pyproject.toml bounds them);
tests/test_compat.py holds a contract test for each, so that an upgrade that moves one fails
there, naming it, rather than somewhere in a built site.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

WRITTEN_AGAINST = {"mkdocs": "1.6", "mkdocs-material": "9.6"}


# --- Pages whose body is HTML already ---------------------------------------------------------------


def render_as_is(page: Page) -> None:
    """Makes MkDocs skip Markdown for a page whose body is HTML already: Python-Markdown (and
    MkDocs' anchor scan) would re-parse every tag of it, most of a large build. Page.render is
    replaced by one that sets what render sets (content, toc, the anchors MkDocs validates links
    against) without converting; the body is read only when the page is rendered (`body`)."""

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""
        page.toc = get_toc([])
        page.present_anchor_ids = set()
        page.links_to_anchors = {}

    page.render = render  # type: ignore[method-assign]


def body(page: Page) -> str:
    """A page's source after its front matter, split as MkDocs' own reader splits it."""
    source = page.file.content_string
    front = meta.YAML_RE.match(source)
    return source[front.end() :].lstrip("\n") if front else source


def in_walk_order(paths: list[str]) -> list[str]:
    """Relative paths in the order MkDocs' get_files walks a docs folder (each folder's files
    before its subfolders', index.md first): generated files keep the order the pages had when
    they were files in docs/, which the sitemap lists them in."""

    def key(path: str) -> list[tuple[int, bool, str]]:
        *folders, name = path.split("/")
        stem = name.rsplit(".", 1)[0]
        return [(1, False, folder) for folder in folders] + [(0, stem not in ("index", "README"), name)]

    return sorted(paths, key=key)


# --- Material's theme -------------------------------------------------------------------------------

# Material's stylesheets, named with a content hash that changes with every release.
_STYLESHEET = re.compile(r"""["'](assets/stylesheets/[\w.-]+\.css)["']""")


def theme_stylesheets(env: Environment) -> list[str]:
    """The stylesheets Material's base.html loads: generated pages use their own template, which does
    not extend base.html, and must load the same ones (their names change with each release)."""
    assert env.loader is not None
    source = env.loader.get_source(env, "base.html")[0]
    return list(dict.fromkeys(_STYLESHEET.findall(source)))


def theme_language(config: MkDocsConfig) -> str:
    theme: Any = config.theme
    return str(theme.get("language") or "en")


# Material's own search, which no page uses: paperfeed's box searches (partials/search.html), and
# Material's search plugin stays on only because the theme's header shows a search box only then.
_MATERIAL_SEARCH = ("search/search_index.json", "assets/javascripts/lunr", "assets/javascripts/workers")


def unused_theme_files(site_dir: Path) -> list[Path]:
    """Files Material writes into every site that no page of this one loads: source maps, and its
    own search (the index its search plugin writes, lunr, the search worker). Only count against a
    host's size."""
    assets = site_dir / "assets"
    doomed = sorted(assets.rglob("*.map"))
    doomed += [site_dir / path for path in _MATERIAL_SEARCH if (site_dir / path).exists()]
    return doomed


# --- Navigation -----------------------------------------------------------------------------------


class Section:
    """Marks a nav page as the current page's section, as MkDocs marks the page being rendered:
    generated pages belong to a section (a paper to Topics) whose tab Material and the paper
    pages' tabs then highlight. MkDocs has no API for it: its pages' `active` flag is set."""

    def __init__(self) -> None:
        self.page: Page | None = None

    def mark(self, nav: Navigation, current: Page, section: str) -> None:
        self.clear()
        wanted = section + "index.md"
        self.page = next((p for p in nav.pages if p.file.src_uri == wanted and p is not current), None)
        if self.page is not None:
            self.page.active = True

    def clear(self) -> None:
        if self.page is not None:
            self.page.active = False
            self.page = None


# --- The mkdocs command, run in this process ----------------------------------------------------------


def run_mkdocs(args: list[str]) -> int:
    """`mkdocs ARGS` run as the command runs (its options, its logging, its messages), in this
    process, so that a lock this process holds is held for the build too; returns its exit status.
    The command is the `mkdocs` console script's entry point, mkdocs.__main__:cli (a click group)."""
    from mkdocs.__main__ import cli

    try:
        cli.main(args, prog_name="mkdocs", standalone_mode=True)
    except SystemExit as exc:  # click ends every run with one, 0 on success
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return 0
