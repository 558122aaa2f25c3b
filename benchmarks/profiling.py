"""Where a build's time goes: cProfile of a whole `mkdocs build` of N synthetic papers, in-process.

    python -m benchmarks.profiling 10000 [--top 30]

Uses the content of benchmarks/.work/<N>/ (made as `make bench` makes it), builds into
benchmarks/.work/profile-<N>/, saves the raw profile there (profile.prof, for snakeviz or pstats)
and prints: the build's phases (cumulative seconds of the functions that make them), the time spent
in each package or generator module (own time, summed), and the costliest functions.
Profiling slows Python code by about a third, more for many small calls: compare shares, not seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from . import synth
from .run import WORK, site_config

# (label, file suffix, function name): what each phase of the build is, as cProfile names it.
PHASES = (
    ("config and plugins loaded (imports)", "mkdocs/config/base.py", "load_config"),
    ("generator: all of on_pre_build", "paperfeed/plugin/plugin.py", "on_pre_build"),
    ("  load (store)", "paperfeed/store/files.py", "load"),
    ("  slugs", "paperfeed/slugs.py", "assign"),
    ("  digest (topics, lists, authors, citations, similar)", "paperfeed/analysis/digest.py", "build_digest"),
    ("  topics shown (stored, or decided)", "paperfeed/analysis/classify.py", "classification"),
    ("  BibTeX keys", "paperfeed/analysis/bibtex.py", "keys"),
    ("  author index", "paperfeed/analysis/authors.py", "index"),
    ("  similar papers", "paperfeed/analysis/similar.py", "analyse"),
    ("  render pages", "paperfeed/site/pages/__init__.py", "render_all"),
    ("  write the build's files", "paperfeed/site/build.py", "put"),
    ("  feeds", "paperfeed/site/feeds.py", "render_all"),
    ("  search box's hints", "paperfeed/site/search_box.py", "hints"),
    ("MkDocs: clean site/", "mkdocs/utils/__init__.py", "clean_directory"),
    ("MkDocs: find files", "mkdocs/structure/files.py", "get_files"),
    ("MkDocs: navigation", "mkdocs/structure/nav.py", "get_navigation"),
    ("MkDocs: read pages (populate)", "mkdocs/commands/build.py", "_populate_page"),
    ("  read source", "mkdocs/structure/pages.py", "read_source"),
    ("  render Markdown", "mkdocs/structure/pages.py", "render"),
    ("MkDocs: copy static files", "mkdocs/structure/files.py", "copy_static_files"),
    ("MkDocs: build pages (templates)", "mkdocs/commands/build.py", "_build_page"),
    ("  Jinja2 templates", "jinja2/environment.py", "render"),
    ("  minify (plugin)", "paperfeed/plugin/minify.py", "minify"),
    ("  write HTML", "mkdocs/utils/__init__.py", "write_file"),
    ("  search plugin: page context", "mkdocs/contrib/search/__init__.py", "on_page_context"),
    ("MkDocs: search index, sitemap, post-build", "mkdocs/plugins.py", "on_post_build"),
    ("  search plugin: write index", "mkdocs/contrib/search/__init__.py", "on_post_build"),
    ("  the search's words (in the indexer's thread)", "paperfeed/plugin/search_words.py", "write"),
    ("  prune theme files", "paperfeed/plugin/compat.py", "unused_theme_files"),
)
_SITE_PACKAGES = re.compile(r".*/site-packages/([^/]+)/")
_STDLIB = re.compile(r".*/lib/python3\.\d+/(?:(\w+)/|(\w+)\.py)")


def profile(papers: int) -> Path:
    content = WORK / str(papers) / "content"
    synth.write_content(content, papers)
    work = WORK / f"profile-{papers}"
    for folder in (work / "docs", work / "site", content.parent / ".cache"):  # a cold build
        shutil.rmtree(folder, ignore_errors=True)
    config_file = site_config(work, content, probe=False)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands.build import build  # imported here: the profile includes MkDocs' own imports
    from mkdocs.config import load_config

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    profiler.disable()
    print(f"built {papers:,} papers in {time.perf_counter() - started:.1f} s under cProfile", file=sys.stderr)
    output = work / "profile.prof"
    profiler.dump_stats(output)
    return output


def report(path: Path, top: int) -> str:
    stats = pstats.Stats(str(path))
    raw = stats.stats  # type: ignore[attr-defined]
    total = max(ct for _, _, _, ct, _ in raw.values())
    lines = [f"whole build under cProfile: {total:.1f} s", "", "Phases (cumulative seconds, share):"]
    for label, suffix, name in PHASES:
        seconds = sum(v[3] for (file, _, func), v in raw.items() if func == name and file.endswith(suffix))
        if seconds:
            lines.append(f"  {label:<44} {seconds:8.1f} s {seconds / total:6.1%}")
    areas: Counter[str] = Counter()
    for (file, _, func), (_, _, own, _, _) in raw.items():
        areas[_area(file, func)] += own
    lines += ["", "Own time by package or module (top 25):"]
    lines += [f"  {area:<44} {sec:8.1f} s {sec / total:6.1%}" for area, sec in areas.most_common(25)]
    lines += ["", f"Costliest functions by own time (top {top}):"]
    ranked = sorted(raw.items(), key=lambda item: -item[1][2])[:top]
    for (file, line, func), (_, calls, own, cumulative, _) in ranked:
        where = _short(file, line, func)
        lines.append(f"  {own:7.1f} s own {cumulative:7.1f} s cum {calls:>10,} calls  {where}")
    return "\n".join(lines)


def _area(file: str, func: str) -> str:
    if file == "~":  # a built-in: name it by what it is
        match = re.match(r"<(?:built-in method|method) '?([\w.]+)", func)
        return f"built-in {match.group(1) if match else func}"
    ours = file.find("/generator/paperfeed/")
    if ours >= 0:
        return file[ours + len("/generator/") :]
    if "/benchmarks/" in file:
        return "benchmarks (the profiler's own setup)"
    if match := _SITE_PACKAGES.match(file):
        return match.group(1)
    if match := _STDLIB.match(file):
        return f"stdlib {match.group(1) or match.group(2)}"
    return file


def _short(file: str, line: int, func: str) -> str:
    for marker in ("/site-packages/", "/work/main/", "/lib/python3.11/"):
        if marker in file:
            file = file.split(marker, 1)[1]
    return f"{func} ({file}:{line})" if file != "~" else func


def main(argv: Sequence[str] | None = None) -> int:
    description = __doc__.split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profiling", description=description)
    parser.add_argument("papers", type=int, nargs="?", default=10000)
    parser.add_argument("--top", type=int, default=30, help="functions to list")
    parser.add_argument("--report-only", action="store_true", help="print the saved profile again")
    args = parser.parse_args(argv)
    path = WORK / f"profile-{args.papers}" / "profile.prof"
    if not args.report_only:
        path = profile(args.papers)
    text = report(path, args.top)
    path.with_name("profile.txt").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
