"""Topics decided once, at import, and changed only when asked (`paperfeed retopic`)."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import LISTINGS, run_cli, snapshot, with_taxonomy

from paperfeed.analysis.classify import TopicClassifier
from paperfeed.analysis.digest import load_digest
from paperfeed.store import files as store

ACTIVE = "active-learning"


def imported(tmp_path: Path) -> Path:
    content = with_taxonomy(tmp_path / "content")
    listing = LISTINGS / "papers.yaml"
    assert run_cli("import", "--content", content, "--added", "2026-11-20", listing).code == 0
    return content


def by_hand(content: Path) -> set[str]:
    """The papers whose topics the curator set: the site shows those whatever the rules say."""
    return {p.slug or "" for p in store.load(content) if p.topics}


def weigh(content: Path, phrase: str, weight: float) -> None:
    """A rule change: `phrase` weighs `weight` for active learning."""
    path = content / "topics.yml"
    taxonomy = yaml.safe_load(path.read_text(encoding="utf-8"))
    topic = next(t for t in taxonomy["topics"] if t["slug"] == ACTIVE)
    topic["phrases"][phrase] = weight
    path.write_text(yaml.safe_dump(taxonomy, sort_keys=False, allow_unicode=True), encoding="utf-8")


def shown(content: Path) -> dict[str, tuple[str, ...]]:
    return {e.slug: e.topics for e in load_digest(content).by_date}


def test_an_import_stores_each_new_papers_topics_with_the_rules_that_decided_them(tmp_path: Path) -> None:
    content = imported(tmp_path)
    classifier = TopicClassifier.of(content)
    assert classifier is not None
    for paper in store.load(content):
        assert paper.auto_topics == classifier.topics(paper)
        assert paper.classifier == classifier.version
    assert shown(content) == {p.slug: p.topics or p.auto_topics for p in store.load(content)}


def test_a_rule_change_moves_no_published_paper_and_applies_to_new_ones(tmp_path: Path) -> None:
    content = imported(tmp_path)
    before = shown(content)
    weigh(content, "learning", 60)  # every paper says it: all would move to active learning
    assert shown(content) == before
    later = tmp_path / "later.yaml"
    later.write_text("- title: Learning to learn again\n  abstract: About learning.\n", encoding="utf-8")
    assert run_cli("import", "--content", content, "--added", "2026-11-21", later).code == 0
    after = shown(content)
    assert {slug: topics for slug, topics in after.items() if slug in before} == before
    (new,) = set(after) - set(before)
    assert after[new][0] == ACTIVE


def test_retopic_dry_run_names_what_would_move_and_writes_nothing(tmp_path: Path) -> None:
    content = imported(tmp_path)
    before = shown(content)
    weigh(content, "learning", 60)
    files = snapshot(content)
    run = run_cli("retopic", "--content", content, "--all", "--dry-run")
    assert run.code == 0, run.err
    assert snapshot(content) == files
    moving = [slug for slug, topics in before.items() if topics[0] != ACTIVE]
    assert moving and by_hand(content)
    for slug in moving:
        line = next(line for line in run.out.splitlines() if line.startswith(f"{slug}: "))
        assert f"+ {ACTIVE}" in line
        if slug in by_hand(content):  # its feeds do not change: the curator's topics stay on show
            assert "set by hand" in line and "feed.xml" not in line
        else:
            assert "feeds: feed.xml, topics/active-learning/feed.xml" in line
    assert run.out.splitlines()[-1].startswith(f"{len(moving)} of {len(before)} papers would move")


def test_retopic_moves_the_papers_asked_for_and_only_those(tmp_path: Path) -> None:
    content = imported(tmp_path)
    before = shown(content)
    weigh(content, "learning", 60)
    one = sorted(set(before) - by_hand(content))[0]
    run = run_cli("retopic", "--content", content, one)
    assert run.code == 0, run.err
    after = shown(content)
    assert after[one][0] == ACTIVE
    assert {s: t for s, t in after.items() if s != one} == {s: t for s, t in before.items() if s != one}
    everything = run_cli("retopic", "--content", content, "--since", "2026-11-20")
    assert everything.code == 0
    assert all(topics[0] == ACTIVE for slug, topics in shown(content).items() if slug not in by_hand(content))
    assert all(p.auto_topics[0] == ACTIVE for p in store.load(content))  # the curator's aside, stored


def test_retopic_needs_to_be_told_which_papers(tmp_path: Path) -> None:
    content = imported(tmp_path)
    assert run_cli("retopic", "--content", content).code == 2  # argparse: one of them is required
    unknown = run_cli("retopic", "--content", content, "no-such-paper")
    assert unknown.code == 1 and "no paper has the slug 'no-such-paper'" in unknown.err
