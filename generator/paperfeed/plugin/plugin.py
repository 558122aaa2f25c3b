"""The MkDocs plugin: runs the generator before every build, so `mkdocs build` and `mkdocs serve`
work on the repository as it is, and finishes the built site (search index, sitemaps, theme
assets). State lives on the plugin and is reset in on_config, so `mkdocs serve` rebuilds start clean.

The generator writes into a folder of the build's own (paths.build_work), never into docs/: the
plugin gives MkDocs those files as generated ones, so a rebuild changes nothing MkDocs watches and
`mkdocs serve` builds once per edit of content/. Every use of a MkDocs or Material internal is in
compat.py.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from paperfeed import paths, urls
from paperfeed.errors import InputError
from paperfeed.plugin import compat, paper_shells, publish, search, search_offline
from paperfeed.plugin.config import PaperfeedConfig, content_dir, offline_zip, options, site_settings
from paperfeed.plugin.minify import minify
from paperfeed.site import sitemap
from paperfeed.site.build import generate
from paperfeed.site.pages.markup import GENERATOR
from paperfeed.site.settings import Options, SiteConfig

log = logging.getLogger("mkdocs.plugins.paperfeed")
# What the build left out (a feed cut to its size limit, text past what search takes) is said
# even by `mkdocs build --quiet`: at INFO, which strict mode does not count as a failure, from a
# logger of its own level, which --quiet (the level of the "mkdocs" logger) does not silence.
heard = logging.getLogger("mkdocs.plugins.paperfeed.notes")
heard.setLevel(logging.INFO)

PAGES = "pages"  # the generated files, in the build's folder
PAPER_PAGES = "paper-pages"  # the paper pages of the last build, kept (paper_shells.Cache)


class PaperfeedPlugin(BasePlugin[PaperfeedConfig]):
    def __init__(self) -> None:
        # The build folder's lock, from on_pre_build to the build's end. (No on_shutdown to release
        # it: MkDocs would then keep one instance of the plugin for every config it loads.)
        self.lock = contextlib.ExitStack()
        self._reset()

    def _reset(self) -> None:
        """What one build hands from one event to the next."""
        self.options = Options()
        self.site: SiteConfig | None = None
        self.work = Path()  # the build's own folder
        self.generated: list[str] = []  # the files the generator wrote, relative to work/pages
        self.shells: dict[str, paper_shells.Shell] = {}  # by section: what paper pages are made from
        self.search_box: dict[str, Any] = {}  # what the search box's script is told (site/search_box.py)
        self.reader: dict[str, Any] = {}  # what the reader's script is told (site/reader.py)
        self.search_bundles: list[str] = []  # the Pagefind bundles the pages are told to merge
        self.sitemap: list[tuple[str, str | None]] = []  # (page URL, lastmod)
        self.feeds: set[str] = set()  # feeds that pages link to for discovery
        self.timings: dict[str, Any] = {}  # for PAPERFEED_STATS: the generator's, then MkDocs' time
        self.not_found = ""  # the 404 page's list of the newest papers
        self.section = compat.Section()  # the nav page marked as the current page's section
        self.nav: Navigation | None = None
        self.indexing: search.Indexing | None = None  # Pagefind, once the pages are written

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.lock.close()  # held still if the last build of `mkdocs serve` ended unannounced
        self._reset()
        self.options = options(self.config)
        try:
            self.site = site_settings(config, self.options)
        except ValueError as exc:
            raise PluginError(f"paperfeed: {config.config_file_path or 'mkdocs.yml'}: {exc}") from None
        self.work = paths.build_work(Path(config.config_file_path or "mkdocs.yml"))
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.site is not None, "on_config runs first"
        start = time.perf_counter()
        _forget_docs_of_old_builds(Path(config.docs_dir))
        with one_line():
            # One build at a time in the build's folder: a second waits (publish.build holds
            # the same lock around a whole `paperfeed build`).
            self.lock.enter_context(publish.build_lock(self.work, note))
            search.tidy(self.work)
            stats = generate(
                self.site, self.work / PAGES, progress=log.info, notes=note, pages_written=self._index
            )
        self.generated = stats.files
        self.search_box = stats.search_box
        self.reader = stats.reader
        self.search_bundles = search.bundles(stats.papers, self.options.search_slice)
        self.not_found = stats.not_found
        seconds = {**stats.seconds, "generate": time.perf_counter() - start}
        self.timings = {
            "papers": stats.papers,
            "pages": stats.pages,
            "written": stats.written,  # generated files whose bytes changed
            "seconds": seconds,
            "end": time.perf_counter(),
        }

    def _index(self, order: list[str]) -> None:
        """The paper pages are written: Pagefind indexes them while the generator writes the feeds
        and MkDocs builds the site (on_build_error stops it if the build fails meanwhile)."""
        assert self.site is not None, "on_config runs first"
        self.indexing = search.Indexing(
            self.work / PAGES,
            self.work,
            self.site.language,
            self.options.search_slice,
            kept=search.kept_dir(self.work, self.site.language),
            order=order,
        )

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        pages = self.work / PAGES
        for relative in compat.in_walk_order(self.generated):
            if paper_shells.is_paper(relative):
                continue  # made from its section's shell (on_post_build), not by MkDocs
            if files.get_file_from_path(relative) is not None:
                raise PluginError(
                    f"paperfeed: {Path(config.docs_dir) / relative} is also a page paperfeed generates: "
                    "move it out of the folders paperfeed writes (see the README)"
                )
            files.append(File.generated(config, relative, abs_src_path=str(pages / relative)))
        archive = offline_zip(config, self.options)
        if self.site and self.site.offline_download and archive:  # the zip the home page links, in the site
            files.append(File.generated(config, self.site.offline_download, abs_src_path=str(archive)))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Generated pages are HTML already: they go to the theme as they are, read only when
        # rendered (on_page_context). MkDocs reads every page before it renders any, and holding
        # every body meanwhile took about 1 GB at 100,000 papers, beside the search indexer's.
        if _generated(page):
            compat.render_as_is(page)
            return ""
        return markdown

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Every page is read by now: note what the sitemap lists (MkDocs' own is replaced).
        built = [file.page for file in files.documentation_pages() if file.page is not None]
        pages = [p for p in built if paper_shells.shell_section(p.file.src_uri) is None]
        self.sitemap = [(p.canonical_url, p.meta.get("updated")) for p in pages if p.canonical_url]
        self.feeds = {str(page.meta["feed"]) for page in built if page.meta.get("feed")}
        stylesheets = compat.theme_stylesheets(env)
        if not stylesheets:
            raise PluginError("paperfeed: found no stylesheet in Material's base.html")
        env.globals["paperfeed_stylesheets"] = stylesheets
        # The search box's script (a static template) is told how many bundles to merge, what
        # to offer above the results, and whether to read the index from scripts (offline).
        assert self.site is not None, "on_config runs first"
        env.globals["paperfeed_offline"] = self.site.offline
        env.globals["paperfeed_search_bundles"] = len(self.search_bundles)
        env.globals["paperfeed_search_box"] = self.search_box
        env.globals["paperfeed_reader"] = self.reader
        env.globals["paperfeed_not_found"] = self.not_found
        # The site's root path, by which the 404 page (served at any address) links and looks ids up.
        env.globals["paperfeed_root"] = urlsplit(str(config.site_url or "/")).path or "/"
        health = files.get_file_from_path(f"{urls.HEALTH}index.md")  # linked from every page's footer
        env.globals["paperfeed_health"] = health.url if health else ""
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if _generated(page):
            page.content = compat.body(page)
        section = page.meta.get("section")
        if isinstance(section, str):
            self.section.mark(nav, page, section)
        else:
            self.section.clear()
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.section.clear()
        if _generated(page):
            page.content = None  # read again for the page alone (on_page_context)
        output = minify(output)
        if section := paper_shells.shell_section(page.file.src_uri):
            try:
                self.shells[section] = paper_shells.Shell.of(output, page.canonical_url or page.url)
            except paper_shells.ShellError as exc:
                raise PluginError(f"paperfeed: {exc}") from None
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # Static templates (the 404 page) are not pages: on_post_page never sees them.
        return minify(output_content) if template_name.endswith(".html") else output_content

    @event_priority(-50)  # after Material's search plugin has written what unused_theme_files removes
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        with self.lock:  # released once the build's folder is read for the last time
            self._finish(config)

    def _finish(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        assert self.site is not None, "on_config runs first"
        self._paper_pages(site_dir)
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
        if self.site.offline:  # read from file://: the bundles as scripts
            search_offline.embed(site_dir, written)
        # What the index adds to the build (the wait for it), and its own time, which overlaps
        # all of MkDocs' work.
        seconds = self.timings.setdefault("seconds", {})
        seconds["pagefind"] = time.perf_counter() - start
        seconds["pagefind, overlapped"] = indexing.seconds
        for unused in compat.unused_theme_files(site_dir):
            if unused.is_dir():
                shutil.rmtree(unused)
            else:
                unused.unlink()
        sitemap.write(site_dir, str(config.site_url), self.sitemap, self.feeds)
        if stats := os.environ.get("PAPERFEED_STATS"):  # stage timings in seconds, for benchmarks/
            self.timings["seconds"]["mkdocs"] = time.perf_counter() - self.timings.pop("end")
            Path(stats).write_text(json.dumps(self.timings), encoding="utf-8")

    def _paper_pages(self, site_dir: Path) -> None:
        """Every paper page, from its section's shell; the shells themselves are not published."""
        start = time.perf_counter()
        pages = self.work / PAGES
        cache = paper_shells.Cache(self.work / PAPER_PAGES, self.shells)
        for relative in self.generated:
            if paper_shells.is_paper(relative):
                slug = relative.split("/")[1]
                source = (pages / relative).read_text(encoding="utf-8")
                target = site_dir / Path(relative).with_suffix(".html")
                self.sitemap.append(cache.place(source, slug, target))
        cache.prune()
        for slug in paper_shells.SHELLS.values():
            shutil.rmtree(site_dir / "papers" / slug, ignore_errors=True)
        self.timings.setdefault("seconds", {})["paper pages"] = time.perf_counter() - start

    def on_build_error(self, *, error: Exception) -> None:
        # Let Pagefind finish, and remove what it wrote, before the build is run again.
        if self.indexing is not None:
            self.indexing.discard()
            self.indexing = None
        self.lock.close()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(content_dir(config, self.options)))
        return server


def note(message: str) -> None:
    heard.info(f"paperfeed: {message}")


@contextlib.contextmanager
def one_line() -> Iterator[None]:
    """Bad content or a file-system failure (a full disk, a folder that is not writable) as
    MkDocs' one error line, naming the file, instead of a traceback."""
    try:
        yield
    except InputError as exc:
        raise PluginError(f"paperfeed: {' '.join(str(exc).split())}") from None
    except OSError as exc:
        place = f"{exc.filename}: " if exc.filename else ""
        raise PluginError(f"paperfeed: {place}{exc.strerror or exc}") from None


def _forget_docs_of_old_builds(docs: Path) -> None:
    """Removes what builds before 0.2 generated into docs/ (they listed it in docs/.paperfeed-files):
    the pages would now be there twice."""
    manifest = docs / ".paperfeed-files"
    if not manifest.is_file():
        return
    for relative in manifest.read_text(encoding="utf-8").splitlines():
        path = docs / relative
        if relative and ".." not in relative.split("/") and path.is_file():
            path.unlink()
    for folder, _, _ in sorted(os.walk(docs), key=lambda item: -len(item[0])):  # emptied folders too
        if Path(folder) != docs and not any(Path(folder).iterdir()):
            Path(folder).rmdir()
    manifest.unlink()
    log.info(f"paperfeed: removed the pages earlier builds generated into {docs}")


def _generated(page: Page) -> bool:
    """Whether the generator wrote the page: its body is HTML already."""
    return page.meta.get("generator") == GENERATOR
