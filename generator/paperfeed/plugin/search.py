"""The online edition's full-text search: Pagefind's indexer run on the built site.

Pagefind splits its index into chunks that a browser fetches by the words typed, so a search
downloads about the same bytes at any digest size (benchmarks/README.md). Only paper pages are
indexed: their article carries `data-pagefind-body` (overrides/paper.html), and no other page does.
The bundle lands in site/pagefind/; paperfeed-search.js is its only reader.
"""

from __future__ import annotations

import gzip
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BUNDLE = "pagefind"  # the bundle's folder in the site
PAGES = "papers/**/*.html"  # the pages worth reading: only these carry data-pagefind-body
# Pagefind's own interfaces, and the wasm for pages of no known language: the site's search box
# uses none of them (paperfeed-search.js talks to pagefind.js), so they would only take space.
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)  # fmt: skip


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message holds what it printed."""


def executable() -> Path:
    """The indexer the `pagefind[bin]` dependency installed."""
    from pagefind_bin import get_executable  # type: ignore[import-untyped]

    return Path(get_executable())


def index(site_dir: Path, language: str) -> None:
    """Writes site_dir/pagefind/ from the paper pages; raises SearchIndexError when Pagefind fails."""
    command = [
        str(executable()),
        "--site", str(site_dir),
        "--output-subdir", BUNDLE,
        "--glob", PAGES,
        # One index in the site's language: paper titles in other languages still use its rules.
        "--force-language", language,
        "--quiet",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = " ".join((done.stderr or done.stdout).split())[:500]
        raise SearchIndexError(f"Pagefind failed (exit status {done.returncode}): {said}")
    for name in UNUSED:
        (site_dir / BUNDLE / name).unlink(missing_ok=True)


def records(site_dir: Path) -> Iterator[dict[str, Any]]:
    """What the index holds for each page (url, content, meta, anchors): each fragment file is
    gzip'd "pagefind_dcd" and JSON. For benchmarks/ and checks; the site reads them in the browser."""
    for path in sorted((site_dir / BUNDLE / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        yield json.loads(data.removeprefix(b"pagefind_dcd"))
