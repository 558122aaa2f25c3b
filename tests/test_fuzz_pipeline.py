"""Random records through the whole pipeline, import → store → build: whatever the mix, nothing
valid is lost (each good record is a stored paper with a page of its own) and every record
that is not a paper is reported, by its line, and skipped alone."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from conftest import run_cli, with_taxonomy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitekit import site_settings

from paperfeed import rules
from paperfeed.site.build import generate
from paperfeed.store import files as store

WORDS = ["policy", "reward", "agents", "vision", "language", "model", "sparse", "graph", "learning", "data"]
# What makes a record no paper, each with the words its warning says it in.
FLAWS: dict[str, tuple[dict[str, Any], str]] = {
    "no title": ({"title": ""}, "a paper without a title"),
    "blank title": ({"title": "\u3164\u2800"}, "a paper without a title"),
    "impossible date": ({"published": "2026-13-45"}, "'published' must be a date"),
    "future date": ({"published": "9999-12-31"}, "is in the future"),
    "bad id": ({"arxiv": "nope"}, "not an arXiv id"),
    "bad link": ({"code": "javascript:alert(1)"}, "code link is not an http(s) URL"),
    "not a mapping": ({}, "a paper must be a mapping"),
}


@st.composite
def records(draw: st.DrawFn) -> tuple[list[Any], list[str | None]]:
    """Records of a listing, and for each the flaw that makes it no paper (None: a good one)."""
    count = draw(st.integers(1, 8))
    items: list[Any] = []
    flaws: list[str | None] = []
    for number in range(count):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=6))
        record: dict[str, Any] = {
            # unique titles and ids: no two records are one paper
            "title": f"Fuzz Paper {number} on " + " ".join(words).title(),
            "arxiv": f"2501.{number:05d}",
            "published": draw(st.dates(dt.date(2020, 1, 1), dt.date(2025, 12, 31))).isoformat(),
            "authors": [f"Author {number} {w}" for w in words[:3]],
            "abstract": " ".join(words) * draw(st.sampled_from([1, 30, 3_000])),  # 3,000: over the limit
        }
        flaw = draw(st.none() | st.sampled_from(sorted(FLAWS)))
        if flaw == "not a mapping":
            items.append(record["title"])
        else:
            items.append({**record, **(FLAWS[flaw][0] if flaw else {})})
        flaws.append(flaw)
    return items, flaws


def item_lines(text: str) -> list[int]:
    return [node.start_mark.line + 1 for node in yaml.compose(text).value]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(listing=records())
def test_random_records_lose_nothing_valid_and_report_every_skip(
    listing: tuple[list[Any], list[str | None]],
) -> None:
    items, flaws = listing
    with tempfile.TemporaryDirectory() as folder:
        content = with_taxonomy(Path(folder) / "content")
        path = Path(folder) / "listing.yaml"
        text = yaml.safe_dump(items, sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        lines = item_lines(text)

        run = run_cli("import", "--content", content, "--added", "2026-11-21", path)

        bad = [i for i, flaw in enumerate(flaws) if flaw]
        good = [i for i, flaw in enumerate(flaws) if not flaw]
        assert "Traceback" not in run.err and "unexpected" not in run.err
        if not good:  # nothing to import: the file is refused, naming its first bad record
            assert run.code == 1
            assert run.err_lines[0].startswith(f"error: {path}:{lines[bad[0]]}: ")
            assert FLAWS[flaws[bad[0]] or ""][1] in run.err_lines[0]
            return
        assert run.code == 0, run.err
        # every skip reported, with its line and why; nothing else skipped; every cut said too
        skipped = [line for line in run.err_lines if line.startswith("warning: ") and "(at most" not in line]
        cut = [line for line in run.err_lines if "the abstract is" in line and "(at most 20,000)" in line]
        long = [i for i in good if len(items[i]["abstract"]) > rules.MAX_ABSTRACT]
        assert [line.split(": ")[1] for line in cut] == [f"{path}:{lines[i]}" for i in long]
        assert len(skipped) == len(bad), run.err
        for index, line in zip(bad, skipped, strict=True):
            assert line.startswith(f"warning: {path}:{lines[index]}: "), line
            assert FLAWS[flaws[index] or ""][1] in line
        summary = f"{len(good)} new, 0 updated, 0 unchanged" + (f", {len(bad)} skipped" if bad else "")
        assert run.out.startswith(summary), run.out
        # nothing valid lost: each good record is a stored paper, whole or cut at a limit
        stored = {p.arxiv: p for p in store.load(content)}
        assert sorted(stored) == sorted(items[i]["arxiv"] for i in good)
        for index in good:
            paper, record = stored[items[index]["arxiv"]], items[index]
            assert paper.title == record["title"]
            assert len(paper.abstract) <= rules.MAX_ABSTRACT
            assert record["abstract"].startswith(re.sub("…$", "", paper.abstract))
        # and each has its page in the build
        out = Path(folder) / "build"
        built = generate(site_settings(content=str(content)), out)
        assert built.papers == len(good)
        for paper in stored.values():
            assert (out / "papers" / (paper.slug or "") / "index.md").is_file()
