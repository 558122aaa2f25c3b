"""The benchmarks' synthetic content has the shapes of real content, and the store it writes is valid."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from paperfeed import checks
from paperfeed.analysis.classify import classification
from paperfeed.analysis.taxonomy import load_taxonomy
from paperfeed.model import Paper
from paperfeed.store import files as store
from paperfeed.text import clean

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/ is not an installed package
from benchmarks import synth

COUNT = 200


@pytest.fixture(scope="module")
def raw() -> list[Paper]:
    return synth.papers(COUNT)


def test_titles_are_60_to_120_characters_and_about_one_in_ten_has_latex(raw: list[Paper]) -> None:
    assert all(60 <= len(p.title) <= 120 for p in raw)
    assert len({p.title for p in raw}) == COUNT
    latex = sum("$" in p.title for p in raw) / COUNT
    assert 0.05 <= latex <= 0.16


def test_abstracts_are_1_0_to_1_9_kb_without_a_sentence_twice(raw: list[Paper]) -> None:
    sizes = [len(p.abstract.encode()) for p in raw]
    assert all(1000 <= size <= 1900 for size in sizes)
    assert max(sizes) - min(sizes) > 600  # spread over the range, not all one length
    for paper in raw:
        sentences = [s for s in paper.abstract.split(". ") if s]
        assert len(sentences) == len(set(sentences)), paper.abstract


def test_papers_have_1_to_12_authors_and_some_authors_many_papers(raw: list[Paper]) -> None:
    counts = Counter(len(p.authors) for p in raw)
    assert min(counts) >= 1 and max(counts) <= 12 and len(counts) >= 8
    assert all(len(set(p.authors)) == len(p.authors) for p in raw)
    papers_per_author = Counter(a for p in raw for a in p.authors)
    assert max(papers_per_author.values()) >= 8  # a long tail: prolific authors...
    one_off = sum(n == 1 for n in papers_per_author.values())
    assert one_off > len(papers_per_author) / 3  # ...and many with one paper


def test_arxiv_ids_match_the_month_of_publication_and_are_unique(raw: list[Paper]) -> None:
    assert len({p.arxiv for p in raw}) == COUNT
    for paper in raw:
        assert paper.date and paper.added and paper.date <= paper.added
        if paper.date_source.label != "listing":
            assert paper.arxiv.startswith(f"{paper.date.year % 100:02d}{paper.date.month:02d}.")


def test_a_daily_digest_of_20_to_60_papers_a_day() -> None:
    days = Counter(p.added for p in synth.papers(2000))
    assert len(days) == 50
    assert all(15 <= n <= 65 for n in days.values())


def test_the_same_count_and_seed_give_the_same_papers(raw: list[Paper]) -> None:
    assert synth.papers(COUNT) == raw
    assert synth.papers(COUNT, seed=7) != raw


def test_the_classifier_finds_a_topic_mix_like_the_default(raw: list[Paper]) -> None:
    taxonomy = load_taxonomy(synth.TAXONOMY)
    first = Counter(classification(p, taxonomy).topics[0] for p in synth.as_imported(raw))
    assert len(first) >= 12
    assert first.most_common(1)[0][1] < COUNT * 0.25  # no topic takes over
    top = {slug for slug, _ in first.most_common(4)}
    default_top = {"reinforcement-learning", "llm-reasoning", "continual-learning", "alignment-post-training"}
    assert len(top & default_top) >= 3


def test_the_store_it_writes_passes_paperfeed_check(tmp_path: Path) -> None:
    files = synth.write_content(tmp_path / "content", COUNT)
    problems, count = checks.check_content(tmp_path / "content")
    assert problems == [] and count == COUNT
    assert files == len(store.store_files(tmp_path / "content")) >= 5
    stored = store.load(tmp_path / "content")
    assert all(p.slug for p in stored)
    assert not any("\\" in p.title or "^{" in p.title for p in stored)  # LaTeX made readable
    assert all(clean(p.title) == p.title for p in stored)  # final text, as an import stores it
    # A second call with the same count and seed leaves the folder alone.
    before = {f: f.stat().st_mtime_ns for f in store.store_files(tmp_path / "content")}
    synth.write_content(tmp_path / "content", COUNT)
    assert {f: f.stat().st_mtime_ns for f in store.store_files(tmp_path / "content")} == before
