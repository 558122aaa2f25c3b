"""The daily rebuild: a build that keeps what the last one made (the search index's slices, the
paper pages) publishes byte for byte what a cold build of the same content publishes, and makes
again only what a day of papers changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import run_cli, snapshot
from sitekit import REPO, build_site, pagefind_records

from paperfeed.plugin import search
from paperfeed.plugin.plugin import PAPER_PAGES

pytestmark = pytest.mark.slow

SLICE = 40  # several slices of content/'s papers, so that some are kept and one is new
NEXT_DAY = [
    {
        "title": f"A Paper of the Next Day Number {n}",
        "abstract": f"Reinforcement learning for the next day, paper {n}: policies and rewards.",
        "authors": [f"Next Author {n}"],
        "published": "2026-12-01",
    }
    for n in range(3)
]


def build(work: Path, content: Path) -> Path:
    done = build_site(work, content, plugins={"paperfeed": {"content": str(content), "search_slice": SLICE}})
    assert done.returncode == 0, done.stderr
    return work / "site"


def add_a_day(content: Path, folder: Path) -> None:
    listing = folder / "next-day.yaml"
    listing.write_text(yaml.safe_dump(NEXT_DAY), encoding="utf-8")
    done = run_cli("import", "--content", content, "--added", "2026-12-02", listing)
    assert done.code == 0, done.err


def inodes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rebuild_after_a_new_day_publishes_what_a_cold_build_does(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    daily, cold = tmp_path / "daily", tmp_path / "cold"
    first = build(daily, content)
    bundles = search.bundles(len(list(first.glob(search.PAGES))), SLICE)
    assert len(bundles) > 2
    kept_slice = inodes(first / bundles[0])

    add_a_day(content, tmp_path)
    rebuilt = snapshot(build(daily, content))
    assert rebuilt == snapshot(build(cold, content))

    # The first slice (papers added before the new day) was taken whole, not indexed again; the
    # new papers are in the last one.
    assert inodes(daily / "site" / bundles[0]) == kept_slice
    now = search.bundles(len(list((daily / "site").glob(search.PAGES))), SLICE)
    newest = {str(r["url"]) for bundle in now[-2:] for r in pagefind_records(daily / "site", bundle)}
    assert {f"/papers/a-paper-of-the-next-day-number-{n}/" for n in range(3)} <= newest

    # The paper pages kept are those of this build only.
    kept_pages = daily / ".cache" / "paperfeed" / "build" / "mkdocs" / PAPER_PAGES
    assert len(list(kept_pages.iterdir())) == len(list((daily / "site").glob(search.PAGES)))

