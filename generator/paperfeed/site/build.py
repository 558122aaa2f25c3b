"""The generator: content/ in, Markdown pages and feeds in docs/ out, for MkDocs to build.

    store (content/papers) -> topics (classify) -> digest -> pages + feeds -> docs/

Content is read and validated in full before anything is written, so bad content leaves docs/
(and the site built from it) as it was.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from paperfeed import rules, slugs
from paperfeed.analysis import authors, bibtex, watches
from paperfeed.analysis.digest import Digest, make_digest, with_text_index
from paperfeed.analysis.topics import TOPICS_FILE, check_topics, load_taxonomy
from paperfeed.errors import InputError
from paperfeed.site import feeds, opensearch, pages, search_index
from paperfeed.site.settings import SiteConfig
from paperfeed.store import files as store
from paperfeed.store import transaction


@dataclass(slots=True)
class BuildStats:
    papers: int = 0
    pages: int = 0
    written: int = 0
    removed: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per stage
    search_docs: list[dict[str, str]] = field(default_factory=list)  # for the search index
    not_found: str = ""  # the newest papers, for the 404 page (a theme template, not a page)


def load_digest(
    site: SiteConfig, stats: BuildStats | None = None, notify: Callable[[str], None] | None = None
) -> Digest:
    """The digest of the content folder, validated; InputError names a bad file."""
    stats = stats if stats is not None else BuildStats()
    content = site.content_dir
    with _timed(stats, "load"):
        # Read under the store's lock: never half of an import that is being written, and one
        # that was interrupted is finished or undone first.
        with transaction.locked(content, notify or (lambda _: None)):
            papers = slugs.assign(store.load(content, cached=True))
        taxonomy = load_taxonomy(content / TOPICS_FILE)
        watch_list = watches.load_watches(content / watches.WATCHES_FILE)
    for slug, _ in rules.duplicate_slugs(papers):  # a page each: the second would replace the first
        raise InputError(content / store.PAPERS, f"two papers have the slug {slug!r} (see `paperfeed check`)")
    problems = check_topics(papers, taxonomy)
    if problems:  # a paper's manual topics name no topic of the taxonomy
        raise InputError(content / store.PAPERS, problems[0])
    with _timed(stats, "classify"):
        digest = make_digest(papers, taxonomy)
    with _timed(stats, "markdown"):  # citations and the author index are what pages are made of
        digest = dataclasses.replace(
            digest, bibtex=bibtex.entries_by_slug(digest.by_date), authors=authors.index(digest.by_date)
        )
    with _timed(stats, "watches"):
        digest = dataclasses.replace(digest, watches=watches.select(watch_list, digest.by_date))
    with _timed(stats, "similar"):
        digest = with_text_index(digest, site.similar)
    stats.papers = digest.size
    return digest


def generate(site: SiteConfig, docs: Path, progress: Callable[[str], None] | None = None) -> BuildStats:
    """Writes docs/ from the content folder: every page and feed, and nothing stale."""
    stats = BuildStats()
    # The generator makes millions of objects that live until it ends and no garbage cycles worth
    # collecting: the cyclic collector would only scan them again and again (a large part of a
    # large build: benchmarks/README.md). Reference counting still frees.
    collecting = gc.isenabled()
    gc.disable()
    try:
        digest = load_digest(site, stats, progress)
        tree = _Tree(docs)
        with _timed(stats, "markdown"):
            for page in pages.render_all(digest, site):
                tree.put(page.file, page.render())
                stats.pages += 1
        with _timed(stats, "feeds"):
            for path, xml in feeds.render_all(digest, site, progress):
                tree.put(path, xml)
            for path, text in bibtex.render_files(digest):
                tree.put(path, text)
            if site.search == "pagefind":
                tree.put(opensearch.PATH, opensearch.render(site))
        if site.search == "material":  # Pagefind reads the built pages instead
            stats.search_docs = search_index.entries(digest, site)
        stats.not_found = pages.not_found.newest(digest, site)
        stats.written, stats.removed = tree.finish()
    finally:
        if collecting:
            gc.enable()
    if progress:
        progress(f"generated {stats.pages} pages for {stats.papers} papers ({stats.written} changed)")
    return stats


class _Tree:
    """docs/ written file by file: unchanged files are left alone (so `mkdocs serve` does not
    rebuild in a loop), and files an earlier build generated but this one did not are removed.
    What a build generated is listed in MANIFEST, so the site's own files in docs/ are never
    touched (MkDocs skips dot files, so the list is not published)."""

    MANIFEST = ".paperfeed-files"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.kept: set[str] = set()
        self.written = 0
        root.mkdir(parents=True, exist_ok=True)

    def put(self, relative: str, text: str) -> None:
        data = text.encode("utf-8")
        path = self.root / relative
        # Paths are built from slugs, which the store's rules keep to [a-z0-9-]; checked anyway,
        # so that nothing can make the build write outside docs/.
        if not _inside(relative):
            raise InputError(self.root / relative, "refusing to write outside the docs folder")
        self.kept.add(relative)
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.tmp")
        temp.write_bytes(data)
        os.replace(temp, path)
        self.written += 1

    def finish(self) -> tuple[int, int]:
        manifest = self.root / self.MANIFEST
        try:
            before = manifest.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            before = []
        removed = 0
        for relative in before:
            if relative in self.kept or not _inside(relative):
                continue  # still generated, or not a path this build could have written
            path = self.root / relative
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            removed += 1
            for folder in path.parents:  # folders emptied by the removal go too
                if folder == self.root or any(folder.iterdir()):
                    break
                folder.rmdir()
        temp = manifest.with_name(f"{manifest.name}.tmp")
        temp.write_text("".join(f"{relative}\n" for relative in sorted(self.kept)), encoding="utf-8")
        os.replace(temp, manifest)
        return self.written, removed


def _inside(relative: str) -> bool:
    """Whether a relative path stays inside the folder it is relative to."""
    climbs = relative.startswith("/") or ".." in relative.split("/")
    return not (climbs or "\\" in relative or "\0" in relative)


class _timed:
    def __init__(self, stats: BuildStats, stage: str) -> None:
        self.stats, self.stage = stats, stage

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.stats.seconds[self.stage] = self.stats.seconds.get(self.stage, 0.0) + (
            time.perf_counter() - self.start
        )
