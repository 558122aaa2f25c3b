"""The MkDocs plugin: runs the generator before every build, so `mkdocs build` and `mkdocs serve`
work on the repository as it is, and finishes the built site (search entries, sitemaps, theme
assets). State lives on the plugin and is reset in on_config, so `mkdocs serve` rebuilds start clean.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import time
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta
from mkdocs.utils.templates import TemplateContext

from paperfeed.errors import InputError
from paperfeed.plugin import search
from paperfeed.plugin.config import PaperfeedConfig, content_dir, node_modules, offline_zip, site_settings
from paperfeed.plugin.minify import minify
from paperfeed.plugin.theme_assets import prune
from paperfeed.site import sitemap
from paperfeed.site.build import generate
from paperfeed.site.pages.markup import GENERATOR
from paperfeed.site.search_index import add_to_index
from paperfeed.site.settings import SiteConfig

log = logging.getLogger("mkdocs.plugins.paperfeed")

# Scripts a config may list in `extra.polyfills` that come from npm (`npm ci` installs them; they
# are never committed): the offline edition's iframe-worker, which Material would otherwise load
# from unpkg.com. Each is copied into the site at the path the config names.
NPM_SCRIPTS = {"assets/javascripts/iframe-worker.js": "iframe-worker/shim/index.js"}

# Material's stylesheets, named with a content hash that changes with every release.
_STYLESHEET = re.compile(r"""["'](assets/stylesheets/[\w.-]+\.css)["']""")


class PaperfeedPlugin(BasePlugin[PaperfeedConfig]):
    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        """What one build hands from one event to the next."""
        self.site: SiteConfig | None = None
        self.search_docs: list[dict[str, str]] = []
        self.search_bundles: list[str] = []  # the Pagefind bundles the pages are told to merge
        self.sitemap: list[tuple[str, str | None]] = []  # (page URL, lastmod)
        self.feeds: set[str] = set()  # feeds that pages link to for discovery
        self.timings: dict[str, Any] = {}  # for PAPERFEED_STATS: the generator's, then MkDocs' time
        self.not_found = ""  # the 404 page's list of the newest papers
        self.section: Page | None = None  # the nav page marked as the current page's section
        self.indexing: search.Indexing | None = None  # Pagefind, once the generator is done

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        try:
            self.site = site_settings(config, self.config)
        except ValueError as exc:
            raise PluginError(f"paperfeed: {config.config_file_path or 'mkdocs.yml'}: {exc}") from None
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.site is not None, "on_config runs first"
        start = time.perf_counter()
        try:
            stats = generate(self.site, Path(config.docs_dir), progress=log.info)
        except InputError as exc:
            raise PluginError(f"paperfeed: {exc}") from None
        self.search_docs = stats.search_docs
        self.search_bundles = search.bundles(stats.papers, self.config.search_slice)
        self.not_found = stats.not_found
        seconds = {**stats.seconds, "generate": time.perf_counter() - start}
        self.timings = {
            "papers": stats.papers,
            "pages": stats.pages,
            "seconds": seconds,
            "end": time.perf_counter(),
        }
        if self.site.search == "pagefind":
            # The paper pages are written: Pagefind indexes them while MkDocs builds the site.
            self.indexing = search.Indexing(
                Path(config.docs_dir),
                Path(config.site_dir),
                self.site.language,
                self.config.search_slice,
                kept=search.kept_dir(content_dir(config, self.config), self.site.language),
            )

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for script in map(str, config.extra.get("polyfills") or ()):
            if script in NPM_SCRIPTS:
                source = node_modules(config, self.config) / NPM_SCRIPTS[script]
                if not source.is_file():
                    raise PluginError(f"paperfeed: {source} is missing: run `npm ci` (`make offline` does)")
                files.append(File.generated(config, script, abs_src_path=str(source)))
        archive = offline_zip(config, self.config)
        if self.site and self.site.offline_zip and archive:  # the zip the home page links, in the site
            files.append(File.generated(config, self.site.offline_zip, abs_src_path=str(archive)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Generated pages are raw HTML blocks, which Python-Markdown (and MkDocs' anchor scan)
        # would re-parse tag by tag, and for which MkDocs would set up a Markdown converter each:
        # most of a large build. They go to the theme as they are, and only when rendered
        # (on_page_context): MkDocs reads every page before it renders any, and holding every
        # body meanwhile took about 1 GB at 100,000 papers, beside the search indexer's memory.
        if _generated(page):
            page.render = functools.partial(_render_as_is, page)  # type: ignore[method-assign]
            return ""
        return markdown

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Every page is read by now: note what the sitemap lists (MkDocs' own is replaced).
        built = [file.page for file in files.documentation_pages() if file.page is not None]
        self.sitemap = [(p.canonical_url, p.meta.get("updated")) for p in built if p.canonical_url]
        self.feeds = {str(page.meta["feed"]) for page in built if page.meta.get("feed")}
        # Paper pages do not extend Material's base.html but load the same stylesheets: read
        # their names from base.html.
        source = env.loader.get_source(env, "base.html")[0]
        stylesheets = list(dict.fromkeys(_STYLESHEET.findall(source)))
        if not stylesheets:
            raise PluginError("paperfeed: found no stylesheet in Material's base.html")
        env.globals["paperfeed_stylesheets"] = stylesheets
        # overrides/partials/search.html picks the search box: Pagefind's online, Material's
        # offline, which it includes as "material/partials/search.html" (the theme's own files,
        # under a prefix, since the override shadows them).
        assert self.site is not None, "on_config runs first"
        env.globals["paperfeed_search"] = self.site.search
        env.globals["paperfeed_search_bundles"] = len(self.search_bundles)
        theme: Any = config.theme
        themes = [d for d in theme.dirs if Path(d).resolve() != Path(theme.custom_dir or "").resolve()]
        env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(themes)})])
        env.globals["paperfeed_not_found"] = self.not_found
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # Generated pages name the section they belong to (topic pages the Topics page, paper
        # pages too): its tab is marked as MkDocs marks a page in the nav, for Material's tabs
        # and drawer and for the paper pages' own tabs.
        self._unmark()
        if _generated(page):
            page.content = _body(page)
        section = page.meta.get("section")
        if isinstance(section, str):
            wanted = section + "index.md"
            self.section = next((p for p in nav.pages if p.file.src_uri == wanted and p is not page), None)
            if self.section is not None:
                self.section.active = True
        return context

    def _unmark(self) -> None:
        if self.section is not None:
            self.section.active = False
            self.section = None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self._unmark()
        if _generated(page):
            page.content = None  # read again for the page alone (on_page_context)
        return minify(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # Static templates (the 404 page) are not pages: on_post_page never sees them.
        return minify(output_content) if template_name.endswith(".html") else output_content

    @event_priority(-50)  # after the search plugin writes its index, before the offline plugin reads it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        assert self.site is not None, "on_config runs first"
        if self.site.search == "pagefind":
            assert self.indexing is not None, "on_pre_build starts it"
            start = time.perf_counter()
            indexing, self.indexing = self.indexing, None
            try:
                written = indexing.publish(site_dir)
            except search.SearchIndexError as exc:
                raise PluginError(f"paperfeed: {exc}") from None
            if written != self.search_bundles:  # the pages name the bundles they merge
                expected = self.search_bundles
                raise PluginError(f"paperfeed: search bundles {written} written, pages expect {expected}")
            # What the index adds to the build (the wait for it), and its own time, which
            # overlaps all of MkDocs' work.
            seconds = self.timings.setdefault("seconds", {})
            seconds["pagefind"] = time.perf_counter() - start
            seconds["pagefind, overlapped"] = indexing.seconds
        else:
            add_to_index(site_dir, self.search_docs)
        lunr: Any = config.plugins.get("material/search") or config.plugins.get("search")
        languages = list(lunr.config.get("lang") or ["en"]) if lunr else ["en"]
        prune(site_dir, languages)
        sitemap.write(site_dir, str(config.site_url), self.sitemap, self.feeds)
        if path := os.environ.get("PAPERFEED_STATS"):  # stage timings in seconds, for benchmarks/
            self.timings["seconds"]["mkdocs"] = time.perf_counter() - self.timings.pop("end")
            Path(path).write_text(json.dumps(self.timings), encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        # Let Pagefind finish, and remove what it wrote, before the build is run again.
        if self.indexing is not None:
            self.indexing.discard()
            self.indexing = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(content_dir(config, self.config)))
        return server


def _generated(page: Page) -> bool:
    """Whether the generator wrote the page: its body is HTML already."""
    return page.meta.get("generator") == GENERATOR


def _render_as_is(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Page.render for a page whose body is HTML already: what render sets, without Markdown.
    The body itself is read when the page is rendered (_body)."""
    page.content = ""
    page.toc = get_toc([])
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def _body(page: Page) -> str:
    """A generated page's body: its source after the front matter, as MkDocs' reader splits it."""
    source = page.file.content_string
    front = meta.YAML_RE.match(source)
    return source[front.end() :].lstrip("\n") if front else source
