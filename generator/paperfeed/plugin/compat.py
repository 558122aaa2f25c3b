"""Every use of a MkDocs or Material internal, behind one door.

The plugin reaches past the documented plugin API in a few places, each for a reason given at
the function. Written against MkDocs 1.6 and Material 9.6-9.7 (pyproject.toml bounds them);
tests/test_compat.py holds a contract test for each, so that an upgrade that moves one fails
there, naming it, rather than somewhere in a built site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
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
    """The stylesheets Material's base.html loads: paper pages use their own template, which does
    not extend base.html, and must load the same ones (their names change with each release)."""
    assert env.loader is not None
    source = env.loader.get_source(env, "base.html")[0]
    return list(dict.fromkeys(_STYLESHEET.findall(source)))


def add_theme_prefix(env: Environment, config: MkDocsConfig) -> None:
    """Makes the theme's own templates reachable as "material/…": an override that shadows one
    of them (partials/search.html) can still include the original."""
    theme: Any = config.theme
    themes = [d for d in theme.dirs if Path(d).resolve() != Path(theme.custom_dir or "").resolve()]
    assert env.loader is not None, "MkDocs gives the theme's loader"
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(themes)})])


def theme_language(config: MkDocsConfig) -> str:
    theme: Any = config.theme
    return str(theme.get("language") or "en")


# Material's search support files by the languages that load them (see its search worker).
_LANGUAGE_FILES = {"tinyseg.js": "ja", "wordcut.js": "th"}


def unused_theme_files(site_dir: Path, languages: list[str]) -> list[Path]:
    """Files Material ships in every site that no page of it loads: source maps, and lunr's
    support for the languages the search plugin does not use. Only count against a host's size."""
    assets = site_dir / "assets"
    doomed = sorted(assets.rglob("*.map"))
    wanted = set(languages)
    for path in sorted((assets / "javascripts" / "lunr").rglob("*.js")):
        language = _LANGUAGE_FILES.get(path.name) or _language_of(path.name)
        if language and language not in wanted and "multi" not in path.name:
            doomed.append(path)
    return doomed


def _language_of(name: str) -> str | None:
    """'lunr.de.min.js' -> 'de'; None for the shared stemmer and multi-language support."""
    parts = name.split(".")
    return parts[1] if len(parts) == 4 and parts[0] == "lunr" and parts[2] == "min" else None


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


# --- Plugins --------------------------------------------------------------------------------------


def plugin(config: MkDocsConfig, name: str) -> Any:
    """A plugin of the config by its name, with or without Material's `material/` prefix."""
    return config.plugins.get(f"material/{name}") or config.plugins.get(name)


def offline(config: MkDocsConfig) -> bool:
    """Whether the build is Material's offline edition (its `offline` plugin, enabled)."""
    found = plugin(config, "offline")
    return found is not None and bool(found.config.get("enabled", True))


def search_languages(config: MkDocsConfig) -> list[str]:
    found = plugin(config, "search")
    return list(found.config.get("lang") or ["en"]) if found else ["en"]


def add_search_docs(site_dir: Path, docs: list[dict[str, str]]) -> None:
    """Appends entries to the index Material's search plugin wrote (search/search_index.json):
    the offline edition's search is Material's, and paper pages are given to it as text rather
    than parsed from their HTML."""
    path = site_dir / "search" / "search_index.json"
    index: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = [*index.get("docs", []), *docs]
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


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

