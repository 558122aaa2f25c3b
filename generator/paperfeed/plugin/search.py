"""The online edition's full-text search: Pagefind's indexer run on the built site.

Pagefind splits its index into chunks that a browser fetches by the words typed, so a search
downloads about the same bytes at any digest size (benchmarks/README.md). Only paper pages are
indexed: their article carries `data-pagefind-body` (overrides/paper.html), and no other page does.
The bundle lands in site/pagefind/; paperfeed-search.js is its only reader.

One index needs about 150 KB of memory a page while it is built (15 GB at 100,000 pages), so more
than SLICE pages are indexed a slice at a time, one after another, each into a bundle of its own
(site/pagefind/, site/pagefind-2/, …), which paperfeed-search.js merges in the browser with
Pagefind's mergeIndex into one ranked list.

The indexer runs in its own process, so it need not wait for the whole build: MkDocs writes the
paper pages first and Pagefind indexes them (`Indexing`, on the other cores) while MkDocs renders
the rest of the site.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BUNDLE = "pagefind"  # the bundle's folder in the site
PAPERS = "papers/"  # where the paper pages are, in docs/ and in the site
PAGES = PAPERS + "**/*.html"  # the pages worth reading: only these carry data-pagefind-body
SLICE = 10_000  # paper pages per index: 1.5 GB of the indexer's memory beside MkDocs' (search_slice)
# Pagefind's own interfaces, and the wasm for pages of no known language: the site's search box
# uses none of them (paperfeed-search.js talks to pagefind.js), so they would only take space.
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)  # fmt: skip
# A merged bundle is searched by the first bundle's script and wasm: its own copies go unread.
MERGED_UNUSED = (*UNUSED, "pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message holds what it printed."""


def executable() -> Path:
    """The indexer the `pagefind[bin]` dependency installed."""
    from pagefind_bin import get_executable  # type: ignore[import-untyped]

    return Path(get_executable())


def bundles(pages: int, size: int = SLICE) -> list[str]:
    """The bundle folders for `pages` paper pages indexed `size` at a time: pagefind, pagefind-2, …
    (paperfeed-search.js finds the merged ones by this naming, given their count)."""
    count = max(1, -(-pages // size))
    return [BUNDLE, *(f"{BUNDLE}-{n}" for n in range(2, count + 1))]


def index(site_dir: Path, language: str, size: int = SLICE) -> list[str]:
    """Writes site_dir/pagefind/ from the paper pages, and pagefind-2/ … when there are more than
    `size`; returns the bundle folders written. Raises SearchIndexError when Pagefind fails."""
    pages = sorted(site_dir.glob(PAGES))
    if len(pages) <= size:
        _pagefind(site_dir, ["--output-subdir", BUNDLE], language)
        _remove(site_dir / BUNDLE, UNUSED)
        return [BUNDLE]
    names = bundles(len(pages), size)
    for number, name in enumerate(names):
        # Pagefind reads a whole folder: the slice's pages are linked into a temporary one laid out
        # like the site, so that their URLs come out as the site's.
        with tempfile.TemporaryDirectory(prefix=".pagefind-slice-", dir=site_dir.parent) as folder:
            for page in pages[number * size : (number + 1) * size]:
                _link(page, Path(folder) / page.relative_to(site_dir))
            _pagefind(Path(folder), ["--output-path", str(site_dir / name)], language)
        _remove(site_dir / name, UNUSED if number == 0 else MERGED_UNUSED)
    return names


class Indexing:
    """`index` run in a thread of its own, started once the paper pages are written: the thread
    only waits on Pagefind's process, so MkDocs goes on rendering meanwhile."""

    def __init__(self, site_dir: Path, language: str, size: int = SLICE) -> None:
        self.seconds = 0.0  # how long the indexer took, overlapped or not
        self._written: list[str] = []
        self._failed: Exception | None = None
        self._thread = threading.Thread(target=self._run, args=(site_dir, language, size), daemon=True)
        self._thread.start()

    def _run(self, site_dir: Path, language: str, size: int) -> None:
        start = time.perf_counter()
        try:
            self._written = index(site_dir, language, size)
        except Exception as exc:  # handed to the build, which waits for the result
            self._failed = exc
        self.seconds = time.perf_counter() - start

    def wait(self) -> list[str]:
        """The bundle folders written; raises what the indexing raised."""
        self._thread.join()
        if self._failed is not None:
            raise self._failed
        return self._written


def _pagefind(site_dir: Path, output: list[str], language: str) -> None:
    command = [
        str(executable()),
        "--site", str(site_dir),
        *output,
        "--glob", PAGES,
        # One index in the site's language: paper titles in other languages still use its rules.
        "--force-language", language,
        "--quiet",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = " ".join((done.stderr or done.stdout).split())[:500]
        raise SearchIndexError(f"Pagefind failed (exit status {done.returncode}): {said}")


def _link(page: Path, to: Path) -> None:
    to.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(page, to)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(page, to)


def _remove(bundle: Path, patterns: tuple[str, ...]) -> None:
    for pattern in patterns:
        for path in bundle.glob(pattern):
            path.unlink()


def records(site_dir: Path) -> Iterator[dict[str, Any]]:
    """What the index holds for each page (url, content, meta, anchors): each fragment file is
    gzip'd "pagefind_dcd" and JSON. For benchmarks/ and checks; the site reads them in the browser."""
    for path in sorted(site_dir.glob(f"{BUNDLE}*/fragment/*")):
        data = gzip.decompress(path.read_bytes())
        yield json.loads(data.removeprefix(b"pagefind_dcd"))
