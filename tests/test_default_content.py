"""The committed default content: the 168 seed papers with their metadata, clean and idempotent.

The repository's content/ is only read here; re-imports run on a copy.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import SEED_LISTING, SEED_METADATA, run_cli, snapshot

from paperfeed.model import DateSource, arxiv_month
from paperfeed.store import files as store
from paperfeed.text import clean, text_key

CONTENT = Path(__file__).parent.parent / "content"
DEFAULT_FILE = CONTENT / "papers" / "2026-11-24.yml"
SEED_DAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def seed_papers() -> list:
    return [p for p in store.load(CONTENT) if p.added == SEED_DAY]


def seed_titles() -> list[str]:
    lines = [line.strip() for line in SEED_LISTING.read_text(encoding="utf-8").splitlines() if line.strip()]
    titles = lines[2::2]
    titles[0] = titles[0].removeprefix("Subscribe")
    return titles


def test_the_default_store_file_holds_the_168_seed_papers(seed_papers: list) -> None:
    assert DEFAULT_FILE.is_file()
    assert len(seed_papers) == 168
    assert {p.added for p in store.load_file(DEFAULT_FILE)} == {SEED_DAY}
    keys = {text_key(p.title) for p in seed_papers}
    assert [t for t in seed_titles() if text_key(t) not in keys] == []


def test_the_seed_papers_carry_their_metadata(seed_papers: list) -> None:
    metadata = {text_key(m["title"]): m for m in yaml.safe_load(SEED_METADATA.read_text(encoding="utf-8"))}
    assert sum(1 for p in seed_papers if p.arxiv) == 166
    for paper in seed_papers:
        meta = metadata[text_key(paper.title)]
        assert paper.arxiv == meta.get("arxiv"), paper.title
        assert paper.authors == tuple(meta.get("authors", ())), paper.title
        assert paper.categories == tuple(meta.get("categories", ())), paper.title
        if "published" in meta:
            assert (paper.date, paper.date_source) == (meta["published"], DateSource.PUBLISHED), paper.title
        elif paper.arxiv:  # only the id is known: its month
            assert (paper.date, paper.date_source) == (arxiv_month(paper.arxiv), DateSource.ARXIV_ID), (
                paper.title
            )
        else:
            assert (paper.date, paper.date_source) == (SEED_DAY, DateSource.LISTING), paper.title
        assert paper.abstract and paper.slug


def test_the_seed_papers_have_the_abstracts_of_the_listing(seed_papers: list) -> None:
    lines = [line.strip() for line in SEED_LISTING.read_text(encoding="utf-8").splitlines() if line.strip()]
    abstracts = {
        text_key(t.removeprefix("Subscribe")): a for t, a in zip(lines[2::2], lines[3::2], strict=True)
    }
    for paper in seed_papers:
        assert text_key(paper.abstract) == text_key(abstracts[text_key(paper.title)]), paper.title
    shown = {p.title: p for p in seed_papers}
    assert "H³DP: Triply-Hierarchical Diffusion Policy for Visuomotor Learning" in shown
    assert "2 OLMo 2 Furious" in shown
    assert all(p.title == clean(p.title) and p.abstract == clean(p.abstract) for p in seed_papers)


def test_the_default_content_checks_clean() -> None:
    run = run_cli("check", "--content", CONTENT)
    assert run.code == 0, run.err
    assert run.err == ""


@pytest.mark.parametrize("seed", [SEED_LISTING, SEED_METADATA], ids=["listing", "metadata"])
def test_reimporting_the_seed_adds_nothing_and_changes_nothing(tmp_path: Path, seed: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    before = snapshot(copy)
    run = run_cli("import", "--content", copy, seed)
    assert run.code == 0, run.err
    assert run.out.startswith("0 new, 0 updated, ")
    assert "warning:" not in run.err
    assert snapshot(copy) == before
