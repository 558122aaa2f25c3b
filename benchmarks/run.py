"""`make bench`: build digests of synthetic papers and measure every stage of the build.

    python -m benchmarks.run [SIZE ...] [--repeat R] [--readme]    (default sizes: 1000 10000)
    python -m benchmarks.run --report                              (the stored figures again)

Each size gets its own work folder, benchmarks/.work/<size>/: synthetic content (benchmarks/synth.py,
kept between runs), a mkdocs.yml inheriting the repository's, and a cold build: no docs/, site/ or
store cache from an earlier one. The site is built by `mkdocs build` in a subprocess with the
repository's plugin and benchmarks/probe.py; the generator's stage timings come from its BuildStats
(PAPERFEED_STATS), peak memory per stage from the probe. In the same run, a bare MkDocs site of as
many one-line pages (Material, no hooks) is built for comparison. Prints a table; results are kept
in benchmarks/.work/results.json, and `--readme` writes the figures of every size measured so far
into benchmarks/README.md.

Progress goes to stderr on a terminal; with CI=true or no terminal only the table is printed.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import itertools
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from paperfeed import urls
from paperfeed.plugin import search as fulltext
from paperfeed.store import files as store

from . import search_bytes, synth

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "benchmarks" / ".work"
RESULTS = WORK / "results.json"
README = REPO / "benchmarks" / "README.md"
MKDOCS = Path(sys.executable).with_name("mkdocs")
SIZES = (1000, 10000)
SAMPLE = 200  # papers whose search entry is checked
LABELS = {  # the build's stages, in order: BuildStats' own (others show by name), then the rest
    "startup": "startup (Python, imports, config)",
    "load": "load",
    "classify": "classify",
    "similar": "similar papers, keywords",
    "markdown": "write Markdown",
    "feeds": "write feeds",
    "pagefind": "search index: the build's wait for it",
    "other": "rest of generator (the search box's hints, cleanup)",
    "mkdocs": "MkDocs build (pages, minify)",
}
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "Jinja2",
    "Markdown",
    "PyYAML",
    "numpy",
    "scipy",
    "pylatexenc",
    "python-slugify",
)
_WORD = re.compile(r"[^\W\d_]\w*")  # a word a reader types: a letter first, no punctuation (D4RL, not 7.5x)
_MARKERS = ("<!-- bench:figures -->", "<!-- /bench:figures -->")
_STOP = frozenset(  # common words a reader would not search for (lunr drops the shortest ones itself)
    """about above after again against also among because been before being below between both could
    does doing down during each from further have having here into itself just more most once only other
    over same should some such than that their them then there these they this those through under until
    very were what when where which while whom with would your without within across using used based
    show shows shown novel propose proposed approach method methods""".split()  # noqa: SIM905
)


@dataclass(slots=True)
class Result:
    """One size, measured: what `make bench` prints and README.md records."""

    papers: int
    pages: int = 0
    store_files: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds, and "total"
    peak_mb: dict[str, float] = field(default_factory=dict)  # stage -> peak resident MB, and "total"
    tree_peak_mb: float = 0.0  # the build with the search indexer beside it (MkDocs + Pagefind)
    site_bytes: int = 0
    site_files: int = 0
    site_parts: dict[str, int] = field(default_factory=dict)  # top-level folder -> bytes
    search_bytes: int = 0
    cpu: float = 0.0  # user + system seconds of the whole build
    search_found: dict[str, list[int]] = field(default_factory=dict)  # check -> [found, tried]
    search_misses: list[str] = field(default_factory=list)  # a few examples, for the report
    cold_search: dict[str, float] = field(default_factory=dict)  # search_bytes.summary: bytes
    indexer_seconds: float = 0.0  # Pagefind's own time, much of it while MkDocs builds
    bare_pages: int = 0
    bare_seconds: float = 0.0
    bare_cpu: float = 0.0
    bare_peak_mb: float = 0.0
    bare_site_bytes: int = 0
    # What a user would build by hand (issue 26): MkDocs + Material, a page per paper with its
    # title, authors and abstract, and Pagefind over the built site; timed alternated with ours.
    hand_seconds: float = 0.0
    hand_cpu: float = 0.0
    hand_peak_mb: float = 0.0  # MkDocs' and then Pagefind's process, the larger
    daily_seconds: float = 0.0  # one more day of DAILY papers, rebuilt with what the last build kept
    daily_written: int = 0  # generated files the daily rebuild changed
    machine: dict[str, str] = field(default_factory=dict)
    repeat: int = 1  # builds of each kind; the fastest counts

    @property
    def total(self) -> float:
        return self.seconds.get("total", 0.0)

    @property
    def peak_all_mb(self) -> float:
        """The build's peak memory, Pagefind's beside MkDocs counted too."""
        return max(self.peak_mb.get("total", 0), self.tree_peak_mb)

    @property
    def generator_seconds(self) -> float:
        """Everything before MkDocs: the generator's stages and the rest of its work."""
        return sum(v for k, v in self.seconds.items() if k not in ("startup", "mkdocs", "pagefind", "total"))

    @property
    def index_share(self) -> float:
        """What the search index adds to the whole build: the time the build waits for Pagefind
        once MkDocs is done (it runs beside MkDocs from the moment the paper pages are written)."""
        return self.seconds.get("pagefind", 0.0) / self.total if self.total else 0.0


class Progress:
    """Stage lines and a bar on stderr when a person is watching; silent in CI or a pipe."""

    def __init__(self) -> None:
        ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
        self.on = sys.stderr.isatty() and not ci

    def line(self, text: str) -> None:
        if self.on:
            print(text, file=sys.stderr, flush=True)

    def bar(self, label: str) -> Callable[[int, int], None]:
        def update(done: int, total: int) -> None:
            if self.on and (done == total or done % max(1, total // 100) == 0):
                filled = 30 * done // total
                end = "\n" if done == total else ""
                sys.stderr.write(
                    f"\r    {label} [{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,}{end}"
                )
                sys.stderr.flush()

        return update


def measure(papers: int, progress: Progress, repeat: int = 1) -> Result:
    """Builds the digest of `papers` synthetic papers and its bare twin `repeat` times each, in turn,
    and keeps the fastest of each (the least disturbed by whatever else the machine runs)."""
    work = WORK / str(papers)
    work.mkdir(parents=True, exist_ok=True)
    result = Result(papers=papers, machine=machine(), repeat=repeat)
    say = progress.line
    say(f"[{papers:,} papers] synthetic content in {work / 'content'}")
    started = time.perf_counter()
    result.store_files = synth.write_content(work / "content", papers, progress=progress.bar("store files"))
    say(f"    {result.store_files:,} store files ready in {time.perf_counter() - started:.1f} s")

    best: Build | None = None
    for attempt in range(1, repeat + 1):
        turn = f" ({attempt}/{repeat})" if repeat > 1 else ""
        say(f"[{papers:,} papers] mkdocs build with the paperfeed plugin{turn}")
        build = _build_site(work, progress)
        say(f"    built in {build.wall:.1f} s ({build.cpu:.1f} s CPU), peak {build.peak_mb:,.0f} MB")
        best = build if best is None or build.wall < best.wall else best
        pages = int(build.stats["pages"])
        say(f"[{papers:,} papers] bare mkdocs build of {pages:,} one-line pages (Material){turn}")
        bare = _mkdocs(_bare_site(work / "bare", pages), {}, show=progress.on)
        say(f"    built in {bare.wall:.1f} s ({bare.cpu:.1f} s CPU), peak {bare.peak_mb:,.0f} MB")
        if attempt == 1 or bare.wall < result.bare_seconds:
            result.bare_seconds, result.bare_cpu, result.bare_peak_mb = bare.wall, bare.cpu, bare.peak_mb
        say(f"[{papers:,} papers] hand-built MkDocs + Pagefind site of the same papers{turn}")
        hand = _hand_built(work / "hand", work / "content", show=progress.on)
        say(f"    built in {hand.wall:.1f} s ({hand.cpu:.1f} s CPU), peak {hand.peak_mb:,.0f} MB")
        if attempt == 1 or hand.wall < result.hand_seconds:
            result.hand_seconds, result.hand_cpu, result.hand_peak_mb = hand.wall, hand.cpu, hand.peak_mb
    assert best is not None
    seconds = best.stats["seconds"]
    # The generator's stages, then MkDocs, whose time (to the end of its last event) includes
    # the wait for the search index, which starts once the paper pages are written, and the
    # paper pages made from their shells.
    after = ("generate", "mkdocs", "paper pages")
    stages = {k: v for k, v in seconds.items() if k not in after and not k.startswith("pagefind")}
    indexing = seconds.get("pagefind", 0.0)  # the wait for the index at the end of the build
    result.indexer_seconds = seconds.get("pagefind, overlapped", indexing)
    result.pages = result.bare_pages = int(best.stats["pages"])
    result.seconds = {
        "startup": best.wall - seconds["generate"] - seconds["mkdocs"],
        **stages,
        "other": seconds["generate"] - sum(stages.values()),
        "mkdocs": seconds["mkdocs"] - indexing,
        "pagefind": indexing,
        "total": best.wall,
    }
    result.cpu = best.cpu
    result.peak_mb = {**best.peaks, "other": best.peaks.get("between stages", 0.0), "total": best.peak_mb}
    result.tree_peak_mb = best.tree_peak_mb
    result.bare_site_bytes = _tree_size(work / "bare" / "site")[0]

    site = work / "site"
    result.site_bytes, result.site_files, result.site_parts = _tree_size(site)
    bundles = site.glob(f"{fulltext.BUNDLE}*/")  # pagefind/, and pagefind-2/ … for a digest in slices
    result.search_bytes = sum(f.stat().st_size for b in bundles for f in b.rglob("*") if f.is_file())
    say(f"[{papers:,} papers] checking the search entries of {SAMPLE} papers")
    result.search_found, result.search_misses = search_check(site, work / "content")
    say(f"[{papers:,} papers] cold searches in Chromium: {', '.join(search_bytes.WORDS)}")
    result.cold_search = search_bytes.summary(search_bytes.measure(site))
    say(f"[{papers:,} papers] one more day of {DAILY} papers, rebuilt with what the last build kept")
    daily = _daily(work, progress)
    result.daily_seconds, result.daily_written = daily.wall, int(daily.stats.get("written", 0))
    say(f"    rebuilt in {daily.wall:.1f} s ({result.daily_written:,} generated files changed)")
    return result


DAILY = 50  # papers a day, as the acceptance check of issue 26 feeds them


def _hand_built(folder: Path, content: Path, *, show: bool) -> Build:
    """What a user would build by hand for the same papers: MkDocs + Material, one Markdown page
    per paper with its title, authors and abstract, then Pagefind over the built site (equal
    full-text search). Its time is both together; its peak, the larger of the two processes'."""
    docs = folder / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    (docs / "p").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for i, paper in enumerate(store.load(content)):
        text = f"# {paper.title}\n\n{', '.join(paper.authors)}\n\n{paper.abstract}\n"
        (docs / "p" / f"{i}.md").write_text(text, encoding="utf-8")
    config = {
        "site_name": "hand-built",
        "site_url": "https://example.org/",
        "docs_dir": str(docs),
        "site_dir": str(folder / "site"),
        "theme": {"name": "material", "font": False},
        "plugins": [],
        "nav": ["index.md"],
        "not_in_nav": "/p/**",
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    build = _mkdocs(path, {}, show=show)
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [str(fulltext.executable()), "--site", str(folder / "site"), "--quiet"],
        capture_output=True,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(
            f"Pagefind failed on the hand-built site: {done.stderr.decode(errors='replace')[-500:]}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    build.wall += time.perf_counter() - started
    build.cpu += cpu
    build.peak_mb = max(build.peak_mb, after.ru_maxrss / 1024)
    return build


def _daily(work: Path, progress: Progress) -> Build:
    """A next day of DAILY papers imported (`paperfeed import`, as a daily fetch lands them), then
    `mkdocs build` with everything the last build kept; the day is taken out of the store again
    afterwards, so the synthetic content stays as synth.py wrote it."""
    content = work / "content"
    papers = store.load(content)
    added = max(p.added for p in papers if p.added) + dt.timedelta(days=1)
    words = [w for p in papers[:200] for w in p.abstract.split()]
    day = [
        {
            "title": f"Next Day Paper {i}: "
            + " ".join(words[(i * 37 + k * 11) % len(words)] for k in range(8)),
            "abstract": " ".join(words[(i * 101 + k * 7) % len(words)] for k in range(180)),
            "authors": [f"Next Author {i % 17}"],
            "published": (added - dt.timedelta(days=1)).isoformat(),
        }
        for i in range(DAILY)
    ]
    listing = work / "next-day.yaml"
    listing.write_text(yaml.safe_dump(day, sort_keys=False, allow_unicode=True), encoding="utf-8")
    before = set((content / "papers").iterdir())
    command = [
        sys.executable,
        "-m",
        "paperfeed",
        "import",
        "--content",
        str(content),
        "--added",
        added.isoformat(),
    ]
    subprocess.run([*command, str(listing)], check=True, capture_output=True)
    try:
        return _build_site(work, progress, cold=False)
    finally:
        for path in set((content / "papers").iterdir()) - before:
            path.unlink()


@dataclass(slots=True)
class Build:
    """One `mkdocs build`, as the kernel and (for ours) the plugin and the probe saw it."""

    wall: float
    cpu: float  # user + system seconds
    peak_mb: float
    tree_peak_mb: float = 0.0  # MkDocs and the processes it starts (Pagefind), summed, sampled
    stats: dict[str, Any] = field(default_factory=dict)  # PAPERFEED_STATS: pages, seconds per stage
    peaks: dict[str, float] = field(default_factory=dict)  # the probe's peak MB per stage


def _build_site(work: Path, progress: Progress, *, cold: bool = True) -> Build:
    """A cold build: no docs/, site/ or store cache (paperfeed/store/cache.py) from an earlier one;
    or, not cold, a rebuild with everything the last build kept."""
    for name in ("docs", "site", ".cache") if cold else ():
        shutil.rmtree(work / name, ignore_errors=True)
    config = site_config(work, work / "content")
    stats_file, probe_file = work / "stats.json", work / "probe.json"
    env = {
        "PAPERFEED_STATS": str(stats_file),
        "BENCH_PROBE": str(probe_file),
        "BENCH_PROGRESS": "1" if progress.on else "0",
    }
    build = _mkdocs(config, env, show=progress.on)
    probe = json.loads(probe_file.read_text())
    build.stats = json.loads(stats_file.read_text())
    # The probe resets the kernel's high-water mark at each stage, so its maximum is the true peak.
    build.peaks, build.peak_mb = probe["peak_mb"], probe["peak_total_mb"]
    return build


def site_config(work: Path, content: Path, *, probe: bool = True) -> Path:
    """The repository's mkdocs.yml over `content`, every path absolute, with the probe if asked."""
    plugins = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    config = {
        "INHERIT": str(REPO / "mkdocs.yml"),
        "docs_dir": str(work / "docs"),
        "site_dir": str(work / "site"),
        "theme": {"name": "material", "custom_dir": str(REPO / "overrides")},
        "plugins": {**plugins, "paperfeed": {**plugins["paperfeed"], "content": str(content)}},
        # The probe measures each stage's memory: a benchmark hook, not part of the site.
        **({"hooks": [str(REPO / "benchmarks" / "probe.py")]} if probe else {}),
    }
    (work / "docs").mkdir(parents=True, exist_ok=True)
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def _bare_site(folder: Path, pages: int) -> Path:
    """MkDocs and Material alone: `pages` one-line pages (one of them the home page)."""
    docs = folder / "docs"
    stamp = folder / ".pages"
    if not (stamp.is_file() and stamp.read_text() == str(pages)):
        shutil.rmtree(folder, ignore_errors=True)
        (docs / "papers").mkdir(parents=True)
        (docs / "index.md").write_text("# Papers\n\ntext\n", encoding="utf-8")
        for i in range(1, pages):
            (docs / "papers" / f"{i}.md").write_text(f"# Paper {i}\n\ntext\n", encoding="utf-8")
        stamp.write_text(str(pages))
    shutil.rmtree(folder / "site", ignore_errors=True)
    config = {
        "site_name": "bare",
        "docs_dir": str(docs),
        "site_dir": str(folder / "site"),
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "nav": ["index.md"],
        "not_in_nav": "/papers/**",
    }
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def _mkdocs(config: Path, env: dict[str, str], *, show: bool) -> Build:
    """Runs `mkdocs build`: its wall and CPU seconds and peak resident MB, as the kernel saw them.

    Its stderr (the probe's progress, any error) goes to the terminal when `show`, else to a log
    printed only if the build fails.
    """
    args = [str(MKDOCS), "build", "-q", "-f", str(config)]
    log = config.with_name("build.log")
    with open(log, "wb") as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            args,
            cwd=config.parent,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
            stderr=None if show else errors,
        )
        memory = TreeMemory(child.pid)
        _, status, usage = os.wait4(child.pid, 0)  # wait4: this child's own CPU time and memory
        wall = time.perf_counter() - started
        memory.finish()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.stderr.write(log.read_text(errors="replace")[-4000:])
        raise SystemExit(f"mkdocs build failed ({config}): exit {child.returncode}")
    return Build(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, memory.peak_kb / 1024)


class TreeMemory(threading.Thread):
    """The largest resident memory of a process and its descendants together, sampled every 0.1 s:
    the build's Pagefind runs beside MkDocs, and each process's own peak would miss the sum."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb = pid, 0
        self._done = threading.Event()
        self.start()

    def run(self) -> None:
        while not self._done.wait(0.1):
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))

    def finish(self) -> None:
        self._done.set()
        self.join()


def _tree_rss_kb(pid: int) -> int:
    total, pending = 0, [pid]
    while pending:
        current = str(pending.pop())
        status = _read(f"/proc/{current}/status")
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        for task in Path(f"/proc/{current}/task").glob("*"):  # a thread's children are its own
            pending += [int(c) for c in _read(str(task / "children")).split()]
    return total


def _tree_size(root: Path) -> tuple[int, int, dict[str, int]]:
    """Bytes of all files (not disk blocks), the number of files, and bytes by top-level entry."""
    total = files = 0
    parts: Counter[str] = Counter()
    for folder, _, names in os.walk(root):
        top = Path(folder).relative_to(root).parts[:1]
        for name in names:
            size = os.stat(os.path.join(folder, name)).st_size
            total, files = total + size, files + 1
            parts[top[0] if top else "(root files)"] += size
    return total, files, dict(parts.most_common())


# --- Search --------------------------------------------------------------------------------------


def tokens(text: str) -> set[str]:
    """Words as the site's search (lunr, Material's separator) indexes and queries them, unstemmed."""
    words = (re.sub(r"^\W+|\W+$", "", t, flags=re.ASCII) for t in re.split(r"[\s\-]+", text.lower()))
    return {w for w in words if w}


def distinctive_word(abstract: str, title: str, frequency: Counter[str], papers: int) -> str | None:
    """The abstract's rarest word that its title does not already hold, if it is distinctive: in at
    most 1% of the digest's papers (a word in more would not find the paper among the results)."""
    in_title = tokens(title)
    words = (w for w in tokens(abstract) if len(w) >= 4 and _WORD.fullmatch(w))
    candidates = [w for w in words if w not in _STOP and w not in in_title]
    word = min(candidates, key=lambda w: (frequency[w], w), default=None)
    return word if word and frequency[word] <= max(5, papers // 100) else None


def search_check(site: Path, content: Path) -> tuple[dict[str, list[int]], list[str]]:
    """Whether search finds sampled papers by title, by each author and by a distinctive abstract word."""
    entries = {r["url"].lstrip("/"): r for r in fulltext.records(site)}
    papers = store.load(content)
    frequency: Counter[str] = Counter()
    for paper in papers:
        frequency.update(tokens(paper.abstract))
    step = max(1, len(papers) // SAMPLE)
    found = {"title": [0, 0], "author": [0, 0], "abstract word": [0, 0]}
    misses: list[str] = []
    for paper in papers[::step][:SAMPLE]:
        assert paper.slug
        entry = entries.get(urls.paper_page(paper.slug)) or {"content": ""}
        indexed = tokens(entry["content"])
        word = distinctive_word(paper.abstract, paper.title, frequency, len(papers))
        checks = [("title", tokens(paper.title) <= indexed, paper.title)]
        checks += [("author", tokens(a) <= indexed, a) for a in paper.authors]
        if word:
            checks.append(("abstract word", word in indexed, f"{word} ({frequency[word]} papers)"))
        for kind, ok, what in checks:
            found[kind][1] += 1
            found[kind][0] += ok
            if not ok and len(misses) < 12:
                misses.append(f"{kind}: {what} -> {paper.slug}")
    return found, misses


# --- Reporting ------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = re.search(r"^model name\s*:\s*(.+)$", _read("/proc/cpuinfo"), re.MULTILINE)
    memory = re.search(r"^MemTotal:\s+(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    versions = []
    for package in PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{package} {metadata.version(package)}")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    changed = subprocess.run(  # what the build reads: figures of a dirty tree say so
        ["git", "status", "--porcelain", "generator", "overrides", "mkdocs.yml", "content/topics.yml"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    return {
        "cpus": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()),
        "cpu": cpu.group(1).strip() if cpu else platform.processor() or "unknown",
        "memory": f"{int(memory.group(1)) / 1024**2:.1f} GB" if memory else "unknown",
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": ", ".join(versions),
        "load average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "commit": (commit.stdout.strip() or "unknown") + (" + uncommitted changes" if changed.stdout else ""),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def table(results: Sequence[Result]) -> str:
    """The figures of each size side by side, in plain text a person can read."""
    head = ["", *(f"{r.papers:,} papers" for r in results)]
    rows: list[list[str]] = [["seconds / peak MB", *("" for _ in results)]]
    stages = list(dict.fromkeys(k for r in results for k in r.seconds if k != "total"))
    order = {"startup": 0, "other": 2, "mkdocs": 3, "pagefind": 4}  # the generator's stages are 1
    stages.sort(key=lambda k: order.get(k, 1))  # stable: its stages stay in their order
    for key, label in ((k, LABELS.get(k, k)) for k in stages):
        rows.append(
            [
                f"  {label}",
                *(f"{r.seconds.get(key, 0):8.1f} s {r.peak_mb.get(key, 0):7,.0f} MB" for r in results),
            ]
        )
    rows.append(
        ["  whole build", *(f"{r.total:8.1f} s {r.peak_mb.get('total', 0):7,.0f} MB" for r in results)]
    )
    rows.append(
        [
            "  with the search indexer beside it",
            *(f"{'':>10} {r.tree_peak_mb:7,.0f} MB" if r.tree_peak_mb else "-" for r in results),
        ]
    )
    rows.append(
        [
            "  bare MkDocs, same page count",
            *(f"{r.bare_seconds:8.1f} s {r.bare_peak_mb:7,.0f} MB" for r in results),
        ]
    )
    rows += [
        [
            "  hand-built MkDocs + Pagefind, same papers",
            *(
                f"{r.hand_seconds:8.1f} s {r.hand_peak_mb:7,.0f} MB" if r.hand_seconds else "-"
                for r in results
            ),
        ],
        [
            f"  next day of {DAILY} papers, rebuilt",
            *(f"{r.daily_seconds:8.1f} s" if r.daily_seconds else "-" for r in results),
        ],
        ["ratio to the hand-built site", *(_ratio(r.total, r.hand_seconds) for r in results)],
        ["daily rebuild / cold build", *(_ratio(r.daily_seconds, r.total) for r in results)],
        ["ratio to bare MkDocs", *(f"{r.total / r.bare_seconds:.2f}x" for r in results)],
        ["CPU seconds, ours / bare", *(f"{r.cpu:.1f} / {r.bare_cpu:.1f} s" for r in results)],
        ["  ratio of CPU seconds", *(f"{r.cpu / r.bare_cpu:.2f}x" if r.bare_cpu else "-" for r in results)],
        ["generator share of the build", *(f"{r.generator_seconds / r.total:.1%}" for r in results)],
        ["build time per paper", *(f"{1000 * r.total / r.papers:.2f} ms" for r in results)],
        ["pages / store files", *(f"{r.pages:,} / {r.store_files:,}" for r in results)],
        ["site size (files)", *(f"{r.site_bytes / 1e6:,.1f} MB ({r.site_files:,})" for r in results)],
        ["  per paper", *(f"{r.site_bytes / r.papers / 1000:.1f} KB" for r in results)],
        [
            "  per paper added since the size before",
            "-",
            *(_marginal(a, b) for a, b in itertools.pairwise(results)),
        ],
        [
            "  of which papers/",
            *(f"{r.site_parts.get('papers', 0) / r.papers / 1000:.1f} KB" for r in results),
        ],
        ["search index", *(f"{r.search_bytes / 1e6:.2f} MB" for r in results)],
        ["  per 10,000 papers", *(f"{r.search_bytes / r.papers * 1e4 / 1e6:.2f} MB" for r in results)],
    ]
    for kind in ("title", "author", "abstract word"):
        rows.append([f"  search finds by {kind}", *(_found(r, kind) for r in results)])
    rows += [
        ["search index share of the build", *(f"{r.index_share:.1%}" for r in results)],
        ["  Pagefind's own time, overlapped", *(f"{r.indexer_seconds:.1f} s" for r in results)],
        ["cold search, largest of 10", *(_cold(r, "identity max") for r in results)],
        ["  the same, gzipped as Pages serves", *(_cold(r, "gzip max") for r in results)],
        ["  mean, gzipped", *(_cold(r, "gzip mean") for r in results)],
    ]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [head, *rows]
    ]
    return "\n".join(line.rstrip() for line in lines)


def _ratio(part: float, whole: float) -> str:
    return f"{part / whole:.2f}x" if part and whole else "-"


def _added_kb(small: Result, large: Result) -> float:
    """The site's KB per paper added from one size to the next: the fixed part (assets, feeds)
    cancels out, so this is what 100,000 papers cost."""
    return (large.site_bytes - small.site_bytes) / (large.papers - small.papers) / 1000


def _marginal(small: Result, large: Result) -> str:
    return f"{_added_kb(small, large):.1f} KB"


def _cold(result: Result, key: str) -> str:
    return f"{result.cold_search[key] / 1e6:.2f} MB" if key in result.cold_search else "-"


def _found(result: Result, kind: str) -> str:
    found, tried = result.search_found.get(kind, [0, 0])
    return f"{found}/{tried}"


def targets(results: Sequence[Result]) -> list[tuple[str, bool | None, str]]:
    """Each target of issue 6: (target, met? (None: not measured), the figures)."""
    by_size = {r.papers: r for r in results}
    out: list[tuple[str, bool | None, str]] = []
    small, large = by_size.get(1000), by_size.get(10000)
    if small and large:
        ratio = (large.total / large.papers) / (small.total / small.papers)
        out.append(("per-paper time at 10,000 within 1.2x of that at 1,000", ratio <= 1.2, f"{ratio:.2f}x"))
    else:
        out.append(("per-paper time at 10,000 within 1.2x of that at 1,000", None, "needs both sizes"))
    huge = by_size.get(100000)
    if large and huge:  # not a target of the issue, but the same question one size up
        ratio = (huge.total / huge.papers) / (large.total / large.papers)
        out.append(
            ("(also) per-paper time at 100,000 within 1.2x of that at 10,000", ratio <= 1.2, f"{ratio:.2f}x")
        )
    for r in results:
        share = r.generator_seconds / r.total
        out.append((f"generator at most 10% of the build ({r.papers:,})", share <= 0.10, f"{share:.1%}"))
    for r in results:
        ratio = r.total / r.bare_seconds
        out.append((f"build at most 1.5x bare MkDocs ({r.papers:,})", ratio <= 1.5, f"{ratio:.2f}x"))
    if huge:
        peak = huge.peak_all_mb
        ok = huge.total < 15 * 60 and peak < 4096
        out.append(
            (
                "100,000 papers in under 15 min, peak under 4 GB",
                ok,
                f"{huge.total / 60:.1f} min, {peak / 1024:.2f} GB",
            )
        )
    else:
        out.append(("100,000 papers in under 15 min, peak under 4 GB", None, "not measured"))
    for r in results:
        per = r.site_bytes / r.papers / 1000
        out.append((f"site at most 12 KB per paper ({r.papers:,})", per <= 12, f"{per:.1f} KB"))
    for r in results:
        share = r.index_share
        out.append((f"indexing at most 20% of the build ({r.papers:,})", share <= 0.2, f"{share:.1%}"))
    for r in results:  # issue 26: against what a user would build by hand, and the daily rebuild
        name = f"cold build at most 0.85x the hand-built site ({r.papers:,})"
        if r.hand_seconds:
            out.append((name, r.total / r.hand_seconds <= 0.85, f"{r.total / r.hand_seconds:.2f}x"))
        else:
            out.append((name, None, "not measured"))
        name = f"next day rebuilt in at most 0.4x the cold build ({r.papers:,})"
        if r.daily_seconds:
            out.append((name, r.daily_seconds / r.total <= 0.4, f"{r.daily_seconds / r.total:.2f}x"))
        else:
            out.append((name, None, "not measured"))
    for a, b in itertools.pairwise(results):
        per = _added_kb(a, b)
        out.append(
            (f"at most 10 KB per paper added ({a.papers:,} to {b.papers:,})", per <= 10, f"{per:.1f} KB")
        )
    if huge:
        peak = huge.peak_all_mb
        ok = huge.site_bytes <= 1e9 and peak <= 4096
        out.append(
            (
                "100,000 papers: at most 1 GB of site, 4 GB peak",
                ok,
                f"{huge.site_bytes / 1e9:.2f} GB, {peak / 1024:.2f} GB",
            )
        )
    else:
        out.append(("100,000 papers: at most 1 GB of site, 4 GB peak", None, "not measured"))
    for r in results:  # issue 14: the uncompressed bytes, the worst case
        cold = r.cold_search.get("identity max")
        name = f"cold search at most 1.5 MB ({r.papers:,})"
        if cold is None:
            out.append((name, None, "not measured"))
        else:
            out.append((name, cold <= 1.5e6, f"{cold / 1e6:.2f} MB"))
    if small and large and "identity max" in small.cold_search and "identity max" in large.cold_search:
        growth = large.cold_search["identity max"] / small.cold_search["identity max"]
        out.append(("cold search at 10,000 within 1.3x of that at 1,000", growth <= 1.3, f"{growth:.2f}x"))
    for r in results:
        per = r.search_bytes / r.papers * 1e4 / 1e6
        found = all(f == t for f, t in r.search_found.values())
        misses = ", ".join(f"{k} {_found(r, k)}" for k in r.search_found)
        out.append(
            (
                # Pagefind's bundle is fetched chunk by chunk (a cold search's bytes: README.md),
                # so its size counts against the site's, not against each search.
                f"search index finds papers ({r.papers:,})",
                found,
                f"bundle {per:.1f} MB per 10,000 papers; {misses}",
            )
        )
    return out


def targets_text(results: Sequence[Result]) -> str:
    marks = {True: "met", False: "MISSED", None: "n/a"}
    return "\n".join(f"  {marks[ok]:<6}  {name}: {figures}" for name, ok, figures in targets(results))


def load_results() -> dict[int, Result]:
    if not RESULTS.is_file():
        return {}
    raw = json.loads(RESULTS.read_text(encoding="utf-8"))
    return {int(k): Result(**v) for k, v in raw.items()}


def save_results(results: Iterable[Result]) -> None:
    known = load_results()
    known.update((r.papers, r) for r in results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data = {str(k): dataclasses.asdict(v) for k, v in sorted(known.items())}
    RESULTS.write_text(json.dumps(data, indent=1), encoding="utf-8")


def write_readme(results: Sequence[Result]) -> None:
    """Puts the figures of `results` between the markers of benchmarks/README.md."""
    per_run = ("load average", "commit", "date")  # given per size above
    machine_lines = "\n".join(f"- {k}: {v}" for k, v in results[-1].machine.items() if k not in per_run)
    sizes = "; ".join(
        f"{r.papers:,}: {r.machine.get('date', '?')}, commit {r.machine.get('commit', '?')}, "
        f"load average {r.machine.get('load average', '?')}, "
        + (f"fastest of {r.repeat} builds" if r.repeat > 1 else "one build")
        for r in results
    )
    block = "\n".join(
        [
            _MARKERS[0],
            "",
            f"Measured with `make bench` / `python -m benchmarks.run` ({sizes}).",
            "",
            "```text",
            table(results),
            "```",
            "",
            "Targets of issues 6, 14 and 15:",
            "",
            "```text",
            targets_text(results),
            "```",
            "",
            "Machine:",
            "",
            machine_lines,
            "",
            _MARKERS[1],
        ]
    )
    write_block(_MARKERS, block)


def write_block(markers: tuple[str, str], block: str) -> None:
    """Puts `block` in place of the text from markers[0] to markers[1] of benchmarks/README.md (at
    its end if they are not there yet)."""
    text = README.read_text(encoding="utf-8") if README.is_file() else "# Benchmarks\n"
    if markers[0] not in text:
        text = text.rstrip("\n") + f"\n\n{markers[0]}\n{markers[1]}\n"
    start, end = text.index(markers[0]), text.index(markers[1]) + len(markers[1])
    README.write_text(text[:start] + block + text[end:], encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES), help="papers per digest")
    parser.add_argument(
        "--readme", action="store_true", help="write every size measured so far into README.md"
    )
    parser.add_argument("--report", action="store_true", help="print the stored results without building")
    parser.add_argument("--repeat", type=int, default=1, help="builds per size; the fastest counts")
    args = parser.parse_args(argv)
    progress = Progress()
    if args.report:
        results = sorted(load_results().values(), key=lambda r: r.papers)
    else:
        results = []
        for size in args.sizes:
            results.append(measure(size, progress, args.repeat))
            save_results(results[-1:])
    if not results:
        raise SystemExit("no results yet: run `make bench` first")
    print(table(results))
    print()
    print("Targets of issues 6, 14, 15 and 26:")
    print(targets_text(results))
    if args.readme:
        write_readme(sorted(load_results().values(), key=lambda r: r.papers))
        print(f"\nfigures written to {README.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
