"""MkDocs hook: runs the generator before every build, so `mkdocs build` and `mkdocs serve`
work on the repository as it is, and watches content/ while serving.

MkDocs loads this file by its path, outside the package: hence the absolute imports.
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

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from generator import sitemap
from generator.build import generate
from generator.errors import InputError
from generator.minify import minify
from generator.pages.markup import GENERATOR
from generator.prune import prune
from generator.search_index import add_to_index
from generator.site_config import from_mkdocs

log = logging.getLogger("mkdocs.plugins.paperfeed")

# Scripts a config may list in `extra.polyfills` that come from npm (`npm ci` installs them; they
# are never committed): the offline edition's iframe-worker, which Material would otherwise load
# from unpkg.com. Each is copied into the site at the path the config names.
NPM_SCRIPTS = {"assets/javascripts/iframe-worker.js": "iframe-worker/shim/index.js"}
NODE_MODULES = Path(__file__).resolve().parents[1] / "node_modules"


# What one build hands from one event to the next.
_search_docs: list[dict[str, str]] = []
_sitemap: list[tuple[str, str | None]] = []  # (page URL, lastmod)
_feeds: set[str] = set()  # feeds that pages link to for discovery
_timings: dict[str, Any] = {}  # for PAPERFEED_STATS: the generator's stats, then MkDocs' time


def on_pre_build(config: Any) -> None:
    start = time.perf_counter()
    try:
        site = from_mkdocs(config, str(config.config_file_path or "mkdocs.yml"))
        stats = generate(site, Path(config.docs_dir), progress=log.info)
    except InputError as exc:
        raise PluginError(f"paperfeed: {exc}") from None
    _search_docs[:] = stats.search_docs
    seconds = {**stats.seconds, "generate": time.perf_counter() - start}
    _timings.update(papers=stats.papers, pages=stats.pages, seconds=seconds, end=time.perf_counter())


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    # Generated pages are raw HTML blocks, which Python-Markdown (and MkDocs' anchor scan) would
    # re-parse tag by tag, and for which MkDocs would set up a Markdown converter each: most of
    # a large build. They go to the theme as they are.
    if page.meta.get("generator") == GENERATOR:
        page.render = functools.partial(_render_as_is, page)
    return markdown


def _render_as_is(page: Any, config: Any, files: Files) -> None:
    """Page.render for a page whose body is HTML already: what render sets, without Markdown."""
    page.content = page.markdown
    page.toc = get_toc([])
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def on_env(env: Any, config: Any, files: Files) -> Any:
    # Every page is read by now: note what the sitemap lists (MkDocs' own is replaced).
    built = [file.page for file in files.documentation_pages() if file.page is not None]
    _sitemap[:] = [(page.canonical_url, page.meta.get("updated")) for page in built if page.canonical_url]
    _feeds.clear()
    _feeds.update(str(page.meta["feed"]) for page in built if page.meta.get("feed"))
    # Paper pages do not extend Material's base.html but load the same stylesheets, whose names
    # carry a content hash that changes with every Material release: read them from base.html.
    source = env.loader.get_source(env, "base.html")[0]
    stylesheets = list(dict.fromkeys(_STYLESHEET.findall(source)))
    if not stylesheets:
        raise PluginError("paperfeed: found no stylesheet in Material's base.html")
    env.globals["paperfeed_stylesheets"] = stylesheets
    return env


_STYLESHEET = re.compile(r"""["'](assets/stylesheets/[\w.-]+\.css)["']""")


def on_post_page(output: str, page: Any, config: Any) -> str:
    return minify(output)


@event_priority(-50)  # after the search plugin writes its index, before the offline plugin reads it
def on_post_build(config: Any) -> None:
    add_to_index(Path(config.site_dir), _search_docs)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    languages = list(getattr(search, "config", {}).get("lang") or ["en"]) if search else ["en"]
    prune(Path(config.site_dir), languages)
    sitemap.write(Path(config.site_dir), str(config.site_url), _sitemap, _feeds)
    if path := os.environ.get("PAPERFEED_STATS"):  # stage timings in seconds, for benchmarks/
        _timings["seconds"]["mkdocs"] = time.perf_counter() - _timings.pop("end")
        Path(path).write_text(json.dumps(_timings), encoding="utf-8")


def on_files(files: Files, config: Any) -> Files:
    for script in map(str, config.extra.get("polyfills") or ()):
        if script in NPM_SCRIPTS:
            source = NODE_MODULES / NPM_SCRIPTS[script]
            if not source.is_file():
                raise PluginError(f"paperfeed: {source} is missing: run `npm ci` (`make offline` does)")
            files.append(File.generated(config, script, abs_src_path=str(source)))
    return files


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    content = from_mkdocs(config).content_dir
    server.watch(str(content.resolve()))
    return server
