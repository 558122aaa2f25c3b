"""The generator: content/ in, Markdown pages and feeds out, for MkDocs to build.

    store (content/papers) -> digest (analysis/) -> pages + feeds -> a folder of the build's own

The pages are written to a folder of the plugin's (never into docs/, which MkDocs watches: a
rebuild that rewrote a watched file would make `mkdocs serve` rebuild forever); the plugin hands
them to MkDocs as generated files. Content is read and validated in full before anything is
written, so bad content leaves the folder (and the site built from it) as it was.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperfeed import disk, urls
from paperfeed.analysis.digest import load_digest
from paperfeed.errors import InputError
from paperfeed.site import bib, feeds, ids, opensearch, pages, reader, search_box
from paperfeed.site.settings import SiteConfig


@dataclass(slots=True)
class BuildStats:
    papers: int = 0
    pages: int = 0
    written: int = 0
    removed: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per stage
    files: list[str] = field(default_factory=list)  # every file written, relative to the folder
    search_box: dict[str, Any] = field(default_factory=dict)  # what the search box is told (search_box.py)
    reader: dict[str, Any] = field(default_factory=dict)  # what the reader's script is told (reader.py)
    not_found: str = ""  # the newest papers, for the 404 page (a theme template, not a page)
    search_order: list[str] = field(default_factory=list)  # paper pages' sources, oldest added first


def generate(
    site: SiteConfig,
    out: Path,
    progress: Callable[[str], None] | None = None,
    notes: Callable[[str], None] | None = None,
    pages_written: Callable[[list[str]], None] | None = None,
) -> BuildStats:
    """Writes `out` from the content folder: every page and feed, and nothing stale.

    `notes` hears of what the build left out of a page or feed (a feed cut to its size limit,
    text past what the search index takes), which a reader would otherwise not know of.
    `pages_written` is told, as soon as every page is written (before the feeds and the rest),
    the paper pages' sources in the order their papers were added: the search indexer can start.
    """
    stats = BuildStats()
    notes = notes or (lambda _: None)
    # The generator makes millions of objects that live until it ends and no garbage cycles worth
    # collecting: the cyclic collector would only scan them again and again (a large part of a
    # large build: benchmarks/README.md). Reference counting still frees.
    collecting = gc.isenabled()
    gc.disable()
    try:
        digest = load_digest(
            site.content_dir,
            neighbours=site.similar,
            notify=progress or (lambda _: None),
            timer=functools.partial(_timed, stats),
        )
        stats.papers = digest.size
        tree = _Tree(out)
        with _timed(stats, "markdown"):
            for page in pages.render_all(digest, site):
                tree.put(page.file, page.render())
                stats.pages += 1
        # The search index is sliced in this order, so that a day's papers change its last slice.
        oldest_added = sorted(digest.by_date, key=lambda e: (e.added, e.slug))
        stats.search_order = [f"{urls.paper_page(e.slug)}index.md" for e in oldest_added]
        if pages_written:
            pages_written(stats.search_order)
        with _timed(stats, "feeds"):
            for path, xml in feeds.render_all(digest, site, notes):
                tree.put(path, xml)
            for path, text in bib.render_files(digest, site):
                tree.put(path, text)
            if not site.offline:  # a browser adds a search engine from a web address only,
                tree.put(opensearch.PATH, opensearch.render(site))
                for path, text in ids.render_files(digest):  # and the offline edition has no 404 page
                    tree.put(path, text)
        stats.search_box = search_box.hints(digest.topics)
        stats.reader = reader.hints(digest.taxonomy)
        if beyond := sum(1 for entry in digest.by_date if pages.paper_pages.beyond_search(entry)):
            limits = pages.paper_pages
            notes(
                f"{beyond:,} paper{'s hold' if beyond != 1 else ' holds'} more than the search index takes "
                f"({limits.SEARCH_ABSTRACT:,} characters of abstract, {limits.SEARCH_AUTHORS:,} of authors' "
                "names): "
                "their pages show it all, and search finds them by what it took"
            )
        stats.not_found = pages.not_found.newest(digest, site)
        stats.written, stats.removed = tree.finish()
        stats.files = sorted(tree.kept)
    finally:
        if collecting:
            gc.enable()
    if progress:
        progress(f"generated {stats.pages} pages for {stats.papers} papers ({stats.written} changed)")
    return stats


class _Tree:
    """The build's folder, written file by file: a file whose bytes did not change is left alone
    (its time too, so that the search index's sources and `mkdocs serve` see no change), and
    files an earlier build wrote but this one did not are removed. The folder is the build's own:
    nothing else is in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.kept: set[str] = set()
        self.written = 0
        root.mkdir(parents=True, exist_ok=True)

    def put(self, relative: str, text: str) -> None:
        data = text.encode("utf-8")
        path = self.root / relative
        # Paths are built from slugs, which the store's rules keep to [a-z0-9-]; checked anyway,
        # so that nothing can make the build write outside its folder.
        if not _inside(relative):
            raise InputError(self.root / relative, "refusing to write outside the build's folder")
        self.kept.add(relative)
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.tmp")
        try:
            temp.write_bytes(data)
            os.replace(temp, path)
        except OSError as exc:  # a full disk: say which file
            raise disk.write_error(path, exc) from None
        self.written += 1

    def finish(self) -> tuple[int, int]:
        removed = 0
        for folder, subfolders, names in os.walk(self.root, topdown=False):
            for name in names:
                path = Path(folder, name)
                if path.relative_to(self.root).as_posix() not in self.kept:
                    path.unlink()
                    removed += 1
            for name in subfolders:  # emptied by the removals (walked bottom up)
                with contextlib.suppress(OSError):
                    Path(folder, name).rmdir()
        return self.written, removed


def _inside(relative: str) -> bool:
    """Whether a relative path stays inside the folder it is relative to."""
    climbs = relative.startswith("/") or ".." in relative.split("/")
    return not (climbs or "\\" in relative or "\0" in relative)


@contextlib.contextmanager
def _timed(stats: BuildStats, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        stats.seconds[stage] = stats.seconds.get(stage, 0.0) + time.perf_counter() - start
