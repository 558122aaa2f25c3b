"""Merging: idempotent, deduplicating by id then title, filling gaps, never erasing, reporting conflicts."""

from __future__ import annotations

import dataclasses
import datetime as dt

from paperfeed.model import DateSource, Links, Paper
from paperfeed.store.merge import combine, merge

DAY1 = dt.date(2026, 11, 20)
DAY2 = dt.date(2026, 11, 21)


def paper(
    title: str = "Skill-based Safe Reinforcement Learning with Risk Planning", **fields: object
) -> Paper:
    fields.setdefault("abstract", "Safe RL aims to ensure safety. We propose SSkP.")
    fields.setdefault("date", DAY1)
    fields.setdefault("added", DAY1)
    return Paper(title=title, **fields)  # type: ignore[arg-type]


def incoming(*papers: Paper, origin: str = "listing.txt") -> list[tuple[str, Paper]]:
    return [(origin, p) for p in papers]


def test_new_papers_are_appended_and_counted() -> None:
    a, b = paper("First Paper"), paper("Second Paper", arxiv="2505.01619")
    merged, report = merge([], incoming(a, b))
    assert merged == [a, b]
    assert (report.new, report.updated, report.unchanged) == (2, 0, 0)
    assert report.summary() == "2 new, 0 updated, 0 unchanged"


def test_merging_the_same_papers_again_changes_nothing() -> None:
    batch = incoming(paper("First Paper"), paper("Second Paper", arxiv="2505.01619", authors=("A B",)))
    once, _ = merge([], batch)
    twice, report = merge(once, batch)
    assert twice == once
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)
    assert report.conflicts == []


def test_the_same_paper_twice_in_one_batch_is_one_paper() -> None:
    a = paper(arxiv="2505.01619")
    merged, report = merge([], incoming(a, a, origin="a.txt") + incoming(a, origin="b.txt"))
    assert merged == [a]
    assert report.new == 1


def test_papers_with_the_same_arxiv_id_are_the_same_paper_whatever_their_titles() -> None:
    known = paper("SSkP: Skill-based Safe RL", arxiv="2505.01619")
    merged, report = merge([known], incoming(paper("A Quite Different Title", arxiv="2505.01619")))
    assert merged == [known]
    assert (report.new, report.unchanged) == (0, 1)


def test_titles_match_whatever_their_case_punctuation_spacing_or_latex() -> None:
    known = paper(r"H$^{\mathbf{3}}$DP: Triply-Hierarchical Diffusion Policy")
    for title in (
        "H³DP: Triply-Hierarchical Diffusion Policy",
        "h3dp -- triply hierarchical  diffusion policy!",
    ):
        merged, report = merge([known], incoming(paper(title)))
        assert len(merged) == 1 and report.new == 0, title


def test_same_title_with_different_arxiv_ids_is_two_papers() -> None:
    known = paper("Scaling Laws", arxiv="2001.08361")
    merged, report = merge([known], incoming(paper("Scaling Laws", arxiv="2203.15556")))
    assert [p.arxiv for p in merged] == ["2001.08361", "2203.15556"]
    assert report.new == 1


def test_a_paper_known_by_title_gains_its_arxiv_id() -> None:
    known = paper("Learning to Navigate the Web")
    merged, report = merge([known], incoming(paper("Learning to Navigate the Web", arxiv="1812.09195")))
    assert merged == [dataclasses.replace(known, arxiv="1812.09195")]
    assert (report.new, report.updated) == (0, 1)
    # and is then found by that id under another title, in the same batch
    merged, report = merge(
        [known],
        incoming(
            paper("Learning to Navigate the Web", arxiv="1812.09195"),
            paper("Web Navigation", arxiv="1812.09195"),
        ),
    )
    assert len(merged) == 1 and report.new == 0


def test_added_never_changes() -> None:
    known = paper(arxiv="2505.01619", added=DAY1)
    merged, _ = merge([known], incoming(paper(arxiv="2505.01619", added=DAY2, authors=("Hanping Zhang",))))
    assert merged[0].added == DAY1
    assert merged[0].authors == ("Hanping Zhang",)


def test_new_facts_fill_gaps() -> None:
    known = paper(abstract="", arxiv=None)
    richer = paper(
        arxiv="2505.01619",
        abstract="Safe RL aims to ensure safety. We propose SSkP.",
        authors=("Hanping Zhang", "Yuhong Guo"),
        categories=("cs.LG", "cs.AI"),
        links=Links(code="https://github.com/example/sskp"),
        topics=("reinforcement-learning",),
    )
    merged, report = merge([known], incoming(richer))
    (got,) = merged
    assert got.arxiv == "2505.01619"
    assert got.abstract == richer.abstract
    assert got.authors == richer.authors and got.categories == richer.categories
    assert got.links == richer.links and got.topics == richer.topics
    assert report.updated == 1 and report.conflicts == []


def test_known_facts_are_never_erased_or_replaced() -> None:
    known = paper(
        arxiv="2505.01619",
        authors=("Hanping Zhang",),
        categories=("cs.LG",),
        links=Links(code="https://github.com/example/sskp"),
        topics=("safety",),
        slug="skill-based-safe-rl",
    )
    sparse = Paper(title=known.title, date=DAY2, added=DAY2)
    other = paper(
        arxiv="2505.01619",
        authors=("Someone Else",),
        categories=("cs.RO",),
        links=Links(code="https://github.com/other/repo", project="https://example.org/sskp"),
        topics=("robotics",),
        slug="another-slug",
    )
    merged, report = merge([known], incoming(sparse, other))
    (got,) = merged
    assert got.authors == known.authors and got.categories == known.categories
    assert got.topics == known.topics and got.slug == known.slug
    assert got.links == Links(code="https://github.com/example/sskp", project="https://example.org/sskp")
    assert report.updated == 1  # the project link was a gap


def test_a_listing_day_date_is_a_placeholder_that_a_real_date_replaces() -> None:
    placeholder = paper(date=DAY1, date_source=DateSource.LISTING)
    by_id = paper(arxiv="2505.01619", date=dt.date(2025, 5, 1), date_source=DateSource.ARXIV_ID)
    published = paper(arxiv="2505.01619", date=dt.date(2025, 5, 2), date_source=DateSource.PUBLISHED)

    merged, _ = merge([placeholder], incoming(by_id))
    assert (merged[0].date, merged[0].date_source) == (dt.date(2025, 5, 1), DateSource.ARXIV_ID)
    merged, _ = merge(merged, incoming(published))
    assert (merged[0].date, merged[0].date_source) == (dt.date(2025, 5, 2), DateSource.PUBLISHED)


def test_a_real_date_is_never_replaced_by_a_worse_or_another_one() -> None:
    known = paper(arxiv="2505.01619", date=dt.date(2025, 5, 2), date_source=DateSource.PUBLISHED)
    for date, source in [
        (DAY2, DateSource.LISTING),
        (dt.date(2025, 5, 1), DateSource.ARXIV_ID),
        (dt.date(2025, 6, 9), DateSource.PUBLISHED),
    ]:
        merged, report = merge([known], incoming(paper(arxiv="2505.01619", date=date, date_source=source)))
        assert merged == [known] and report.unchanged == 1


def test_a_different_abstract_is_a_conflict_that_keeps_the_stored_text() -> None:
    known = paper(arxiv="2505.01619", abstract="Safe RL aims to ensure safety. We propose SSkP.")
    rewritten = paper(
        arxiv="2505.01619", abstract="An entirely different abstract.", authors=("Hanping Zhang",)
    )
    merged, report = merge([known], incoming(rewritten, origin="other.yaml"))
    assert merged[0].abstract == known.abstract
    assert merged[0].authors == ("Hanping Zhang",)  # the rest still fills gaps
    (conflict,) = report.conflicts
    assert conflict.startswith("other.yaml: 'Skill-based Safe Reinforcement Learning with Risk Planning': ")
    assert "abstract differs" in conflict and "kept the stored text" in conflict


def test_the_same_abstract_spelled_differently_is_no_conflict() -> None:
    known = paper(abstract="Safe RL aims to ensure safety. We propose SSkP.")
    respelled = paper(abstract="Safe  RL aims to ensure safety -- we propose SSkP")
    merged, report = merge([known], incoming(respelled))
    assert report.conflicts == [] and merged == [known]


def test_combine_reports_no_conflict_when_either_abstract_is_missing() -> None:
    assert combine(paper(abstract=""), paper())[1] is None
    assert combine(paper(), paper(abstract=""))[1] is None


def test_a_later_listing_refreshes_the_counts_of_the_moment_and_nothing_else() -> None:
    # Upvotes grow after a paper is first listed: the newest count wins; a listing without one
    # (another source) leaves it; the paper is the same paper, its page and feed item too.
    known = paper("Counted", upvotes=3, comments=0)
    fresher, _ = combine(known, paper("Counted", upvotes=41, comments=2))
    assert (fresher.upvotes, fresher.comments, fresher.slug) == (41, 2, known.slug)
    silent, _ = combine(fresher, paper("Counted"))
    assert (silent.upvotes, silent.comments) == (41, 2)
