"""What a cold search downloads: issue 14's first target, measured for `make bench`.

A fresh browser (no cache) opens a page with `?q=WORD`, as a reader following a shared link or
typing into the box would, and waits until the results show and the network is quiet. Every byte
the server sends counts: the page, Material's CSS and script, paperfeed-search.js, Pagefind's
script and wasm, the index metadata, the index chunks of the word and the result fragments.
The server is benchmarks/pages_server.py, which serves as GitHub Pages does (gzip for text);
`compressed=False` asks for no compression, the worst case (Pagefind's own files are gzipped
on disk either way).

    python -m benchmarks.search_bytes SITE [WORD ...]
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

from .pages_server import CHROMIUM, PagesHandler, serve, site_prefix

# Words of the synthetic digests (benchmarks/synth.py) from rare to common, and an author's name:
# a rare word fetches one small index chunk, a common one large chunks.
WORDS = ("federated", "scheduling", "variance", "reasoning", "Tanaka")
FLAGS = [  # as the browser tests run it (tests/browser.py)
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True, slots=True)
class ColdSearch:
    page: str  # "feeds" or "paper"
    word: str
    compressed: bool
    bytes: int  # everything the server sent, headers included
    results: int  # results shown


class _Counting:
    """A handler's output stream that adds up what goes through it."""

    def __init__(self, stream: BinaryIO, total: list[int]) -> None:
        self._stream, self._total = stream, total

    def write(self, data: bytes) -> int:
        self._total[0] += len(data)
        return self._stream.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class CountingHandler(PagesHandler):
    sent: ClassVar[list[int]] = [0]  # one counter per server, set by `counted`

    def setup(self) -> None:
        super().setup()
        self.wfile = _Counting(self.wfile, self.sent)  # type: ignore[assignment]


@contextlib.contextmanager
def counted(site: Path, prefix: str) -> Iterator[tuple[str, list[int]]]:
    """`site` served under `prefix`, and the running count of bytes sent."""
    total = [0]
    handler = type("Counted", (CountingHandler,), {"sent": total})
    with serve(site, prefix, handler) as base:
        yield base, total


def paper_path(site: Path) -> str:
    """The first paper page's path, in name order (any paper page costs the same)."""
    return "papers/" + min(p.name for p in (site / "papers").iterdir() if p.is_dir()) + "/"


def measure(site: Path, words: Sequence[str] = WORDS) -> list[ColdSearch]:
    from playwright.sync_api import sync_playwright  # a test dependency: imported when measuring

    prefix = site_prefix()
    pages = {"feeds": "feeds/", "paper": paper_path(site)}
    out: list[ColdSearch] = []
    with sync_playwright() as p, counted(site, prefix) as (base, sent):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for compressed in (True, False):
                for kind, path in pages.items():
                    for word in words:
                        headers = {} if compressed else {"Accept-Encoding": "identity"}
                        context = browser.new_context(extra_http_headers=headers)  # a cold cache
                        page = context.new_page()
                        before = sent[0]
                        page.goto(f"{base}{path}?q={word}", wait_until="load")
                        page.wait_for_selector(".md-search-result__meta", state="attached")
                        page.wait_for_function(  # the box says how many it found, or none
                            "document.querySelector('.md-search-result__meta').textContent.match(/\\d|no /i)",
                            timeout=30000,
                        )
                        page.wait_for_load_state("networkidle")
                        shown = page.locator(".md-search-result__item").count()
                        out.append(ColdSearch(kind, word, compressed, sent[0] - before, shown))
                        context.close()
        finally:
            browser.close()
    return out


def summary(searches: Sequence[ColdSearch]) -> dict[str, float]:
    """The largest and the mean cold search, in bytes, compressed (as GitHub Pages serves) and
    not, over every page and word."""
    out: dict[str, float] = {}
    for compressed, name in ((True, "gzip"), (False, "identity")):
        sizes = [s.bytes for s in searches if s.compressed is compressed]
        out[f"{name} max"] = max(sizes)
        out[f"{name} mean"] = sum(sizes) / len(sizes)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    about = __doc__.split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_bytes", description=about)
    parser.add_argument("site", type=Path)
    parser.add_argument("words", nargs="*", default=list(WORDS))
    args = parser.parse_args(argv)
    for s in measure(args.site, args.words):
        encoding = "gzip" if s.compressed else "identity"
        print(f"{s.page:<6} {encoding:<8} {s.word:<12} {s.bytes / 1e6:6.3f} MB  {s.results} results shown")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
