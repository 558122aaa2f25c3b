"""The online edition's full-text search: Pagefind's indexer run on the paper pages.

Pagefind splits its index into chunks that a browser fetches by the words typed, so a search
downloads about the same bytes at any digest size (benchmarks/README.md). Only paper pages are
indexed, and only their paper: the part marked `data-pagefind-body` (site/pages/paper_pages.py).
The bundle lands in site/pagefind/; paperfeed-search.js is its only reader.

The indexer reads the pages the generator writes into docs/, not the built site: a paper page's
Markdown is the HTML of its paper (the plugin renders it as is) after a front matter that Pagefind
is told to skip (ROOT). So Pagefind starts as soon as the generator is done and indexes, in its
own process, while MkDocs reads and renders the whole site; the plugin moves the bundles into
the site at the end. What it indexes is byte for byte what the built page holds
(tests/test_search.py compares the two). The last build's files are kept and reused, so that a
rebuild writes only those of pages that changed (search_cache.py).

One index needs about 150 KB of memory a page while it is built (15 GB at 100,000 pages), so the
pages are indexed a slice at a time, one after another, each into a bundle of its own
(site/pagefind/, site/pagefind-2/, …), which paperfeed-search.js merges in the browser with
Pagefind's mergeIndex into one ranked list. The slices follow the order papers were added in
(`slices`), so a day's papers change only the last slices: a slice whose pages hold the same
searchable text as last time is not indexed again, its bundle is taken as the last build left it.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from paperfeed.plugin import search_cache, search_words
from paperfeed.plugin.paper_shells import is_paper
from paperfeed.site.settings import Options

BUNDLE = "pagefind"  # the bundle's folder in the site
SOURCES = "papers/**/*.md"  # the paper pages in docs/: only these carry data-pagefind-body
PAGES = "papers/**/*.html"  # the same pages, linked under the names they have in the site
ROOT = ".pf-paper"  # a paper page's paper (paper_pages.py): the front matter lies outside it
SLICE = Options().search_slice  # paper pages per index: 1.5 GB of the indexer's memory beside MkDocs'
# Pagefind's own interfaces, its web worker and the wasm for pages of no known language: the
# site's search box uses none of them (paperfeed-search.js talks to pagefind.js, and searches on
# the page's own thread, as the offline edition must: file:// starts no worker), so they would
# only take space.
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
    "pagefind-worker.js", "wasm.unknown.pagefind",
)  # fmt: skip
# A merged bundle is searched by the first bundle's script and wasm: its own copies go unread.
MERGED_UNUSED = (*UNUSED, "pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")


TEMPORARY = ".pagefind-"  # the prefix of the folders an index is written in, in the build's folder


def tidy(work: Path) -> None:
    """Removes the folders of an indexing that was killed (a build killed with -9 runs no
    cleanup). The caller holds the build's lock: no other indexing is writing them."""
    for leftover in work.glob(f"{TEMPORARY}*"):
        shutil.rmtree(leftover, ignore_errors=True)


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message holds what it printed."""


def executable() -> Path:
    """The indexer the `pagefind[bin]` dependency installed."""
    from pagefind_bin import get_executable  # type: ignore[import-untyped]

    return Path(get_executable())


TIERS = 3  # slice sizes: SLICE, a quarter of it, a sixteenth
SEALED = "sealed"  # finished bundles of the last build, by their pages' key, in the kept folder
_BODY = re.compile(r"<div data-pagefind-body>.*?</div>", re.DOTALL)  # a paper's indexed part


def slices(pages: int, size: int = SLICE) -> list[int]:
    """How many pages each bundle indexes, the papers taken in the order they were added: as many
    slices of `size` as they fill, then at most three of a quarter of it, three of a sixteenth,
    then the rest. A day's papers change the last slice only, and about once in four the small
    slices before it, which then make one larger slice: at 3,000 papers and SLICE 10,000, a
    slice of 2,500 and one of the last 500 or so."""
    sizes: list[int] = []
    rest = pages
    for tier in range(TIERS):
        step = max(1, size // 4**tier)
        while rest >= step:
            sizes.append(step)
            rest -= step
    return [*sizes, rest] if rest or not sizes else sizes


def bundles(pages: int, size: int = SLICE) -> list[str]:
    """The bundle folders for `pages` paper pages sliced by `slices`: pagefind, pagefind-2, …
    (paperfeed-search.js finds the merged ones by this naming, given their count)."""
    count = len(slices(pages, size))
    return [BUNDLE, *(f"{BUNDLE}-{n}" for n in range(2, count + 1))]


def kept_dir(work: Path, language: str) -> Path:
    """Where the search files of the last build are kept (search_cache.py), in the build's own
    folder: by Pagefind's version, since another version may write other files."""
    version = metadata.version("pagefind-bin")
    return work / f"pagefind-{version}-{language}"


def index(
    docs_dir: Path,
    out_dir: Path,
    language: str,
    size: int = SLICE,
    kept: Path | None = None,
    order: list[str] | None = None,
) -> list[str]:
    """Writes out_dir/pagefind/ from the paper pages in docs_dir, and pagefind-2/ … when `slices`
    makes more than one; returns the bundle folders written. `order` lists the pages' sources
    (relative to docs_dir) in the order their papers were added; without it, by name. With
    `kept`, a slice whose pages did not change is taken whole from the last build, and the files
    of the others that are still right are reused (search_cache.py). Raises SearchIndexError when
    Pagefind fails."""
    pages = [docs_dir / name for name in order] if order is not None else sources(docs_dir)
    names = bundles(len(pages), size)
    used: set[str] = set()
    start = 0
    for number, (name, count) in enumerate(zip(names, slices(len(pages), size), strict=True)):
        bundle = out_dir / name
        chosen = pages[start : start + count]
        start += count
        key = _slice_key(docs_dir, chosen, number, language) if kept is not None else ""
        used.add(key)
        if kept is not None and _take_sealed(kept / SEALED / key, bundle):
            continue
        # Pagefind reads a whole folder and takes a page's URL from its path: the slice's pages
        # are linked into a temporary folder under the names they have in the site.
        with tempfile.TemporaryDirectory(prefix=f"{TEMPORARY}slice-", dir=docs_dir.parent) as folder:
            for page in chosen:
                _link(page, Path(folder) / page.relative_to(docs_dir).with_suffix(".html"))
            if kept is None:
                _pagefind(Path(folder), bundle, language)
            else:
                _pagefind_reusing(Path(folder), bundle, language, kept / name)
        _remove(bundle, UNUSED if number == 0 else MERGED_UNUSED)
        search_words.write(bundle)
        if kept is not None:
            _seal(bundle, kept / SEALED / key)
    if kept is not None:  # bundles of a larger digest than this one, slices that changed
        for gone in sorted(set(kept.glob(f"{BUNDLE}*")) - {kept / name for name in names}):
            shutil.rmtree(gone, ignore_errors=True)
        for gone in sorted((kept / SEALED).glob("*")):
            if gone.name not in used:
                shutil.rmtree(gone, ignore_errors=True)
    return names


# The code a bundle is finished with (the files it drops, its word lists): a bundle finished by
# another version is not taken.
_CODE = b"".join(Path(module).read_bytes() for module in (__file__, search_words.__file__))


def _slice_key(docs_dir: Path, pages: list[Path], number: int, language: str) -> str:
    """What a slice's bundle is made of: each page's address and the part Pagefind indexes (its
    similar papers and footer, which change as papers arrive, are not indexed), the bundle's place
    (the first keeps the script the others drop) and the indexer. A page whose indexed part cannot
    be told apart counts whole."""
    digest = hashlib.sha256(_CODE + f"{metadata.version('pagefind-bin')} {language} {number == 0}\n".encode())
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = _BODY.findall(text)
        alone = len(found) == 1 and "<div" not in found[0][1:] and "data-pagefind" not in _BODY.sub("", text)
        body = found[0] if alone else text
        digest.update(f"{page.relative_to(docs_dir).as_posix()}\n{len(body)}\n{body}".encode())
    return digest.hexdigest()[:32]


def _take_sealed(sealed: Path, bundle: Path) -> bool:
    """Links the bundle a slice made last time into place; False when there is none to take."""
    if not (sealed / "pagefind-entry.json").is_file():
        return False
    shutil.rmtree(bundle, ignore_errors=True)
    try:
        shutil.copytree(sealed, bundle, copy_function=os.link)
    except OSError:
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    return True


def _seal(bundle: Path, sealed: Path) -> None:
    """Keeps a finished bundle (hard links: the build never writes into a file it published) for
    the next build's slice of the same pages. Written beside and renamed, so that a killed build
    leaves none half-kept; a cache that cannot be written is only a slower next build."""
    with contextlib.suppress(OSError):
        sealed.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{sealed.name}-", dir=sealed.parent))
        try:
            shutil.rmtree(fresh)
            shutil.copytree(bundle, fresh, copy_function=os.link)
            shutil.rmtree(sealed, ignore_errors=True)
            os.replace(fresh, sealed)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)


def sources(docs_dir: Path) -> list[Path]:
    """The paper pages' sources among the generated files (not the shells they are made from)."""
    return sorted(p for p in docs_dir.glob(SOURCES) if is_paper(p.relative_to(docs_dir).as_posix()))


def _pagefind_reusing(pages_dir: Path, bundle: Path, language: str, kept: Path) -> None:
    with contextlib.suppress(OSError):  # nothing kept yet, or not linkable: all written anew
        search_cache.seed(kept, bundle)
    _pagefind(pages_dir, bundle, language)
    try:
        search_cache.prune(bundle, language)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        # A metadata this reader does not understand: the bundle may hold files of the last
        # build, so it is written again without them, and nothing is kept.
        shutil.rmtree(bundle)
        _pagefind(pages_dir, bundle, language)
        shutil.rmtree(kept, ignore_errors=True)
        return
    with contextlib.suppress(OSError):  # a read-only cache: the next build writes it all again
        search_cache.keep(bundle, kept)


class Indexing:
    """`index` run in a thread of its own (which only waits on Pagefind's process, so MkDocs goes
    on meanwhile), into a folder beside the site until `publish` moves the bundles in."""

    def __init__(
        self,
        docs_dir: Path,
        work: Path,
        language: str,
        size: int = SLICE,
        kept: Path | None = None,
        order: list[str] | None = None,
    ) -> None:
        self.seconds = 0.0  # how long the indexer took, overlapped or not
        self._written: list[str] = []
        self._failed: Exception | None = None
        work.mkdir(parents=True, exist_ok=True)
        self._out = Path(tempfile.mkdtemp(prefix=TEMPORARY, dir=work))
        args = (docs_dir, language, size, kept, order)
        self._thread = threading.Thread(target=self._run, args=args, daemon=True)
        self._thread.start()

    def _run(
        self, docs_dir: Path, language: str, size: int, kept: Path | None, order: list[str] | None
    ) -> None:
        start = time.perf_counter()
        try:
            self._written = index(docs_dir, self._out, language, size, kept, order)
        except Exception as exc:  # handed to the build, which waits for the result
            self._failed = exc
        self.seconds = time.perf_counter() - start

    def publish(self, site_dir: Path) -> list[str]:
        """Waits for the index and moves its bundle folders into site_dir; returns their names.
        Raises what the indexing raised."""
        try:
            self._thread.join()
            if self._failed is not None:
                raise self._failed
            for name in self._written:
                shutil.rmtree(site_dir / name, ignore_errors=True)
                os.replace(self._out / name, site_dir / name)
            return self._written
        finally:
            shutil.rmtree(self._out, ignore_errors=True)

    def discard(self) -> None:
        """Waits for the index (so that Pagefind is not left writing) and removes it."""
        self._thread.join()
        shutil.rmtree(self._out, ignore_errors=True)


def _pagefind(pages_dir: Path, out_dir: Path, language: str) -> None:
    command = [
        str(executable()),
        "--site", str(pages_dir),
        "--output-path", str(out_dir),
        "--glob", PAGES,
        "--root-selector", ROOT,
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
        yield json.loads(data.removeprefix(search_cache.MAGIC))
