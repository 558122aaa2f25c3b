"""MkDocs hook for benchmark builds: peak memory of each build stage, and progress on a terminal.

A benchmark's mkdocs.yml adds it to the repository's plugin. Linux keeps one high-water mark of
a process's resident memory (VmHWM) and lets the process reset it (`/proc/self/clear_refs`), so
reading and resetting it at every stage boundary gives each stage its own peak. The generator's
stages are the `_timed` blocks of paperfeed/site/build.py; what follows the last one is MkDocs' build.

    BENCH_PROBE=path     write {"peak_mb": {stage: MB}, "peak_total_mb": MB} there after the build
    BENCH_PROGRESS=1     print stage lines and a page counter to stderr
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

import paperfeed.site.build as build

_peaks: dict[str, float] = {}
_state: dict[str, Any] = {"segment": "startup", "pages": 0, "done": 0, "shown": 0.0}
_PROGRESS = os.environ.get("BENCH_PROGRESS") == "1"


def _peak_mb() -> float:
    """The high-water mark since the last reset, in MB, then a reset; 0 where Linux's is missing."""
    try:
        status = Path("/proc/self/status").read_text()
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return 0.0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else 0.0


def _close(segment: str) -> None:
    _peaks[segment] = max(_peaks.get(segment, 0.0), _peak_mb())


def _say(text: str, *, end: str = "\n") -> None:
    if _PROGRESS:
        sys.stderr.write(f"\r    {text}\033[K{end}")
        sys.stderr.flush()


def _wrap_stages() -> None:
    timed = getattr(build, "_timed", None)
    if timed is None:  # the generator changed: peaks of the whole build only
        return

    @contextlib.contextmanager
    def probed(stats: Any, stage: str) -> Iterator[None]:
        _close("startup" if _state["segment"] == "startup" else "between stages")
        with timed(stats, stage):
            yield
        _close(stage)
        _state["segment"] = "after stages"  # until the next stage starts, or the build ends
        _say(f"{stage:<9} {stats.seconds[stage]:7.1f} s")

    build._timed = probed


_wrap_stages()


def on_files(files: Any, config: Any) -> None:
    _state["pages"] = sum(1 for _ in files.documentation_pages())
    _state["start"] = time.perf_counter()


@event_priority(-100)
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> None:
    _count("reading")


@event_priority(-100)
def on_post_page(output: str, page: Any, config: Any) -> None:
    _count("writing")


def _count(what: str) -> None:
    if not _PROGRESS:
        return
    key = f"done-{what}"
    _state[key] = _state.get(key, 0) + 1
    now = time.perf_counter()
    if now - _state["shown"] > 0.5 or _state[key] == _state["pages"]:
        _state["shown"] = now
        seconds = now - _state["start"]
        _say(f"{what} pages {_state[key]:,}/{_state['pages']:,} ({seconds:.0f} s)", end="")


@event_priority(-100)  # after the paperfeed plugin has written the search index and pruned the site
def on_post_build(config: Any) -> None:
    _close("mkdocs" if _state["segment"] == "after stages" else _state["segment"])
    _say(f"mkdocs built {_state['pages']:,} pages")
    if path := os.environ.get("BENCH_PROBE"):
        peaks = {k: round(v, 1) for k, v in _peaks.items()}
        total = max(peaks.values(), default=0.0)
        Path(path).write_text(json.dumps({"peak_mb": peaks, "peak_total_mb": total}), encoding="utf-8")
