"""`make bench`, second part: Lighthouse on the home page, a day, a topic and a paper page, as a phone
and as a desktop, with the site served compressed as GitHub Pages serves it.

    python -m benchmarks.lighthouse [--site DIR] [--runs R] [--readme]
    python -m benchmarks.lighthouse --report     (the stored figures again)

The site is the repository's content built with its mkdocs.yml into benchmarks/.work/lighthouse/
(or the built site given with --site), served on 127.0.0.1 under its site_url path the way Pages
serves a site: gzip for text, `Cache-Control: max-age=600`, ETag and Last-Modified, a directory
without its slash redirected, 404.html for what is missing. Each page is the heaviest of its kind
(the day, the topic and the paper page with the most bytes). Lighthouse (npm, node_modules/) runs R times
per page and form factor against the Chromium at $PAPERFEED_CHROMIUM or /usr/bin/chromium, with
its default throttling (simulated: a mid-range phone on slow 4G, or a desktop on cable); the
median run by performance score counts, and the range of the R scores is shown beside it.

Results are kept in benchmarks/.work/lighthouse.json; `--readme` writes them into
benchmarks/README.md. Lighthouse's scores depend on the machine (its CPU benchmark index is
printed): compare runs on one machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .pages_server import CHROMIUM, serve, site_prefix
from .run import MKDOCS, README, REPO, WORK, machine, site_config, write_block

SITE_WORK = WORK / "lighthouse"
RESULTS = WORK / "lighthouse.json"
LIGHTHOUSE = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM_FLAGS = (  # as the browser tests run it (tests/browser.py), headless
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices")
METRICS = {  # Lighthouse's audit: the column's label
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
FORMS = ("mobile", "desktop")
MARKERS = ("<!-- bench:lighthouse -->", "<!-- /bench:lighthouse -->")


@dataclass(frozen=True, slots=True)
class Run:
    """One page in one form factor: the median run's scores (0-100) and metrics, and every run's
    performance score."""

    page: str  # home, day, topic or paper
    path: str
    form: str  # mobile or desktop
    scores: dict[str, int]
    metrics: dict[str, float]  # ms, except CLS
    transferred: int  # bytes over the wire, compressed
    performance_runs: list[int]
    failed: list[str]  # accessibility and best-practices audits that did not pass
    benchmark_index: float  # Lighthouse's measure of this machine's CPU


# --- The site and its pages ----------------------------------------------------------------------------


def build_site() -> Path:
    """The repository's content built with its mkdocs.yml, afresh, into benchmarks/.work/lighthouse/."""
    for name in ("docs", "site"):
        shutil.rmtree(SITE_WORK / name, ignore_errors=True)
    config = site_config(SITE_WORK, REPO / "content", probe=False)
    done = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--quiet", "-f", str(config)],
        cwd=SITE_WORK,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{done.stdout}{done.stderr}")
    return SITE_WORK / "site"


def heaviest(site: Path, pattern: str) -> str:
    """The page folder (as a URL path under the site) of the largest index.html matching `pattern`."""
    pages = sorted(site.glob(pattern), key=lambda p: (-p.stat().st_size, p.as_posix()))
    if not pages:
        raise SystemExit(f"no page {pattern} in {site}")
    return pages[0].parent.relative_to(site).as_posix() + "/"


def pages_of(site: Path) -> dict[str, str]:
    return {
        "home": "",
        "day": heaviest(site, "days/*/index.html"),
        "topic": heaviest(site, "topics/*/index.html"),
        "paper": heaviest(site, "papers/*/index.html"),
    }


# --- Lighthouse ----------------------------------------------------------------------------------------


def lighthouse(url: str, form: str) -> dict[str, Any]:
    """Lighthouse's report (its JSON) of one page in one form factor."""
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={CHROMIUM}",
        f"--chrome-flags={CHROMIUM_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        "--output-path=stdout",
        "--quiet",
    ]
    if form == "desktop":
        command.append("--preset=desktop")
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url} ({form}):\n{done.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(done.stdout)
    if report.get("runtimeError"):
        raise SystemExit(f"lighthouse could not load {url}: {report['runtimeError']}")
    return report


def summary(page: str, path: str, form: str, reports: Sequence[dict[str, Any]]) -> Run:
    """The median report by performance score, with every run's score."""

    def score(report: dict[str, Any], category: str) -> int:
        return round(100 * (report["categories"][category]["score"] or 0))

    ordered = sorted(reports, key=lambda r: score(r, "performance"))
    report = ordered[(len(ordered) - 1) // 2]  # the lower median: a pessimistic middle
    audits = report["audits"]
    failed = sorted(
        f"{category}: {ref['id']}"
        for category in ("accessibility", "best-practices")
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] and (audits[ref["id"]]["score"] is not None) and audits[ref["id"]]["score"] < 1
    )
    return Run(
        page=page,
        path=path,
        form=form,
        scores={c: score(report, c) for c in CATEGORIES},
        metrics={label: float(audits[audit]["numericValue"]) for audit, label in METRICS.items()},
        transferred=int(audits["total-byte-weight"]["numericValue"]),
        performance_runs=[score(r, "performance") for r in reports],
        failed=failed,
        benchmark_index=float(report["environment"]["benchmarkIndex"]),
    )


def measure(site: Path, runs: int) -> list[Run]:
    results = []
    with serve(site, site_prefix()) as base:
        for page, path in pages_of(site).items():
            for form in FORMS:
                reports = [lighthouse(base + path, form) for _ in range(runs)]
                results.append(summary(page, path, form, reports))
                print(f"  {page} ({form}): {results[-1].scores}", file=sys.stderr, flush=True)
    return results


# --- Reporting ---------------------------------------------------------------------------------------


def table(results: Sequence[Run]) -> str:
    head = f"{'page':<8}{'form':<9}{'perf':>5} {'(runs)':<12}{'a11y':>5}{'b.p.':>5}"
    head += "".join(f"{label:>8}" for label in METRICS.values()) + f"{'KB sent':>9}"
    lines = [head]
    for r in results:
        runs = "-".join(str(s) for s in sorted(set(r.performance_runs)))
        line = f"{r.page:<8}{r.form:<9}{r.scores['performance']:>5} {'(' + runs + ')':<12}"
        line += f"{r.scores['accessibility']:>5}{r.scores['best-practices']:>5}"
        for label in METRICS.values():
            value = r.metrics[label]
            line += f"{value:>8.3f}" if label == "CLS" else f"{value / 1000:>7.1f}s"
        lines.append(line + f"{r.transferred / 1000:>9.1f}")
    return "\n".join(lines)


def targets(results: Sequence[Run]) -> list[tuple[str, bool]]:
    rows = []
    for r in results:
        if r.form == "mobile":
            rows.append(
                (
                    f"performance >= 95 on a phone, {r.page}: {r.scores['performance']}",
                    r.scores["performance"] >= 95,
                )
            )
        rows.append(
            (
                f"accessibility and best practices 100, {r.page} ({r.form}): "
                f"{r.scores['accessibility']} / {r.scores['best-practices']}"
                + (f" ({', '.join(r.failed)})" if r.failed else ""),
                r.scores["accessibility"] == 100 and r.scores["best-practices"] == 100,
            )
        )
    return rows


def targets_text(results: Sequence[Run]) -> str:
    return "\n".join(f"  {'met   ' if ok else 'MISSED'}  {text}" for text, ok in targets(results))


def report_text(results: Sequence[Run], about: dict[str, str]) -> str:
    paths = ", ".join(f"{r.page} `{r.path or '/'}`" for r in results if r.form == "mobile")
    index = statistics.median(r.benchmark_index for r in results)
    return "\n".join(
        [
            f"Measured with `make bench` / `python -m benchmarks.lighthouse` ({about['date']}, commit "
            f"{about['commit']}, load average {about['load average']}, Lighthouse's CPU benchmark "
            f"index {index:.0f}, median of {len(results[0].performance_runs)} runs per row). Pages: {paths}.",
            "",
            "```text",
            table(results),
            "```",
            "",
            "Targets of issue 15:",
            "",
            "```text",
            targets_text(results),
            "```",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.lighthouse", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--site", type=Path, help="a built site to serve (default: build content/ afresh)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and form factor")
    parser.add_argument("--readme", action="store_true", help="write the figures into benchmarks/README.md")
    parser.add_argument("--report", action="store_true", help="print the stored figures without measuring")
    args = parser.parse_args(argv)
    if args.report:
        stored = json.loads(RESULTS.read_text(encoding="utf-8"))
        results, about = [Run(**r) for r in stored["results"]], stored["machine"]
    else:
        if not LIGHTHOUSE.is_file():
            raise SystemExit(f"no Lighthouse at {LIGHTHOUSE}: run `npm ci` (`make bench` does)")
        site = args.site or build_site()
        about = machine()
        results = measure(site, args.runs)
        WORK.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(
            json.dumps({"machine": about, "results": [asdict(r) for r in results]}, indent=1),
            encoding="utf-8",
        )
    text = report_text(results, about)
    print(text)
    if args.readme:
        write_block(MARKERS, "\n".join([MARKERS[0], "", text, "", MARKERS[1]]))
        print(f"\nfigures written to {README.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
