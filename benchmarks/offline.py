"""The offline edition at scale (issue 27): what it weighs, and what a first search costs in time.

For each size, the synthetic digest of `make bench` (benchmarks/synth.py, kept in
.work/<size>/content) is built twice, as the site and as the offline edition (mkdocs.offline.yml's
option over run.site_config), cold. Measured:

- the edition's bytes (every file), of which its search (search/search_index.js and the bundle's
  scripts), and its zip as `make offline` makes it;
- the site's bundle for comparison (the same files, not in scripts);
- in a fresh Chromium for each search (tests/browser.py's flags), the time a first search takes
  from disk: `feeds/index.html?q=WORD` opened until the first result shows (the page's own load
  included), and a word typed into the box of a page already open until its results show (the
  box waits 120 ms after the last key before it searches, included); the same on the site served
  locally (benchmarks/pages_server.py), and a cold search's bytes there (search_bytes.py).

    python -m benchmarks.offline [SIZE ...] [--readme]     (default: 1000 10000)
    python -m benchmarks.offline --report [--readme]       (the stored figures again)
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import run, search_bytes, synth
from .pages_server import CHROMIUM, serve, site_prefix

RESULTS = run.WORK / "offline.json"
MARKERS = ("<!-- bench:offline -->", "<!-- /bench:offline -->")
RESULT = ".pf-search .md-search-result__item"


@dataclass(slots=True)
class Offline:
    papers: int
    edition_bytes: int = 0
    edition_files: int = 0
    search_bytes: int = 0  # search/search_index.js and pagefind*/ in the edition
    entry_bytes: int = 0  # search/search_index.js: what the first search reads before any chunk
    zip_bytes: int = 0
    site_bundle_bytes: int = 0  # pagefind*/ on the site
    build_seconds: float = 0.0  # the offline edition's cold build
    first_search: dict[str, list[float]] = field(default_factory=dict)  # "offline q", … -> seconds per word
    cold_search: dict[str, float] = field(default_factory=dict)  # the site's, search_bytes.summary
    commit: str = ""
    load: str = ""  # the machine's load average while the searches were timed


def measure(papers: int) -> Offline:
    work = run.WORK / str(papers)
    synth.write_content(work / "content", papers)
    result = Offline(papers=papers, commit=run.machine().get("commit", ""))
    site = _build(work, "site", offline=False)
    started = time.perf_counter()
    edition = _build(work, "offline", offline=True)
    result.build_seconds = time.perf_counter() - started
    result.edition_bytes, result.edition_files, _ = run._tree_size(edition)
    searching = [edition / "search", *edition.glob("pagefind*")]
    result.search_bytes = sum(
        f.stat().st_size for folder in searching for f in folder.rglob("*") if f.is_file()
    )
    result.entry_bytes = (edition / "search" / "search_index.js").stat().st_size
    result.site_bundle_bytes = sum(
        f.stat().st_size for folder in site.glob("pagefind*") for f in folder.rglob("*") if f.is_file()
    )
    archive = shutil.make_archive(str(work / "paperfeed-offline"), "zip", edition.parent, edition.name)
    result.zip_bytes = Path(archive).stat().st_size
    Path(archive).unlink()
    result.load = run.machine()["load average"]
    result.first_search = first_searches(site, edition)
    result.cold_search = search_bytes.summary(search_bytes.measure(site))
    return result


def _build(work: Path, name: str, *, offline: bool) -> Path:
    """A cold build of work/content into work/<name>/site."""
    folder = work / name
    for stale in ("docs", "site", ".cache"):
        shutil.rmtree(folder / stale, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    config = run.site_config(folder, work / "content", probe=False)
    if offline:  # what mkdocs.offline.yml adds to mkdocs.yml
        settings = yaml.safe_load(config.read_text(encoding="utf-8"))
        settings["use_directory_urls"] = False
        settings["plugins"]["paperfeed"]["offline"] = True
        config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    run._mkdocs(config, {}, show=False)
    return folder / "site"


def first_searches(site: Path, edition: Path) -> dict[str, list[float]]:
    """Seconds to a first search's results, per word of search_bytes.WORDS: "offline q" (a page
    opened from disk with ?q=), "offline typed" (typed into an open page), and the same online."""
    from playwright.sync_api import sync_playwright  # a test dependency: imported when measuring

    times: dict[str, list[float]] = {}
    with sync_playwright() as p, serve(site, site_prefix()) as base:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=search_bytes.FLAGS)
        try:
            feeds = {"offline": (edition / "feeds" / "index.html").as_uri(), "online": f"{base}feeds/"}
            for where, url in feeds.items():
                for word in search_bytes.WORDS:
                    times.setdefault(f"{where} q", []).append(_opened(browser, f"{url}?q={word}"))
                    times.setdefault(f"{where} typed", []).append(_typed(browser, url, word))
        finally:
            browser.close()
    return times


def _opened(browser: Any, url: str) -> float:
    """From navigation to the first result shown, as the page's clock tells it."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(RESULT, timeout=60_000)
    seconds = float(page.evaluate("performance.now()")) / 1000
    page.wait_for_load_state("networkidle")  # the other results' files, before the page closes
    context.close()
    return seconds


def _typed(browser: Any, url: str, word: str) -> float:
    """A word typed into the box of a page already loaded, until its first result shows."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    start = float(
        page.evaluate(
            """word => { const box = document.querySelector('.pf-search input');
                box.value = word; const now = performance.now();
                box.dispatchEvent(new Event('input')); return now; }""",
            word,
        )
    )
    page.wait_for_selector(RESULT, timeout=60_000)
    seconds = (float(page.evaluate("performance.now()")) - start) / 1000
    page.wait_for_load_state("networkidle")
    context.close()
    return seconds


def table(results: Sequence[Offline]) -> str:
    def mb(n: float) -> str:
        return f"{n / 1e6:.1f} MB"

    def ms(values: list[float]) -> str:
        return (
            f"{statistics.median(values) * 1000:.0f} ms ({min(values) * 1000:.0f}-{max(values) * 1000:.0f})"
        )

    rows = [
        ["", *(f"{r.papers:,} papers" for r in results)],
        ["offline edition (files)", *(f"{mb(r.edition_bytes)} ({r.edition_files:,})" for r in results)],
        ["  of which search (scripts)", *(mb(r.search_bytes) for r in results)],
        ["    search/search_index.js", *(f"{r.entry_bytes / 1e3:.0f} KB" for r in results)],
        ["  per paper", *(f"{r.edition_bytes / r.papers / 1e3:.1f} KB" for r in results)],
        ["its zip", *(mb(r.zip_bytes) for r in results)],
        ["the site's bundle, for comparison", *(mb(r.site_bundle_bytes) for r in results)],
        ["offline edition's cold build", *(f"{r.build_seconds:.1f} s" for r in results)],
        ["first search, median (range)", *("" for _ in results)],
    ]
    for key, label in (
        ("offline q", "  offline: a page opened with ?q="),
        ("offline typed", "  offline: typed into an open page"),
        ("online q", "  site (local server): ?q="),
        ("online typed", "  site (local server): typed"),
    ):
        rows.append([label, *(ms(r.first_search[key]) for r in results)])
    largest = [f"{r.cold_search['identity max'] / 1e6:.2f} MB" for r in results]
    rows.append(["site: cold search, largest of 10", *largest])
    rows.append(["  the same, gzipped", *(f"{r.cold_search['gzip max'] / 1e6:.2f} MB" for r in results)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    def line(row: list[str]) -> str:
        cells = [cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        return "  ".join(cells).rstrip()

    lines = [line(row) for row in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    about = __doc__.split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m benchmarks.offline", description=about)
    parser.add_argument("sizes", nargs="*", type=int, default=list(run.SIZES))
    parser.add_argument("--readme", action="store_true", help="write the figures into benchmarks/README.md")
    parser.add_argument("--report", action="store_true", help="the stored figures again, measuring nothing")
    args = parser.parse_args(argv)
    stored = {r["papers"]: Offline(**r) for r in json.loads(RESULTS.read_text())} if RESULTS.is_file() else {}
    for papers in () if args.report else args.sizes:
        stored[papers] = measure(papers)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps([asdict(r) for r in stored.values()], indent=1), encoding="utf-8")
    results = [stored[n] for n in sorted(stored)]
    text = table(results)
    print(text)
    if args.readme:
        runs = "; ".join(f"{r.papers:,}: commit {r.commit}, load average {r.load}" for r in results)
        said = f"Measured with `python -m benchmarks.offline` ({runs})."
        block = f"{MARKERS[0]}\n\n{said}\n\n```text\n{text}\n```\n\n{MARKERS[1]}"
        run.write_block(MARKERS, block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
