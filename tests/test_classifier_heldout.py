"""The classifier on papers it never saw: the hand-labelled sets of benchmarks/heldout/, each paper
decided by the rules with a model fitted without it (cross-validation), as benchmarks/
classifier_eval.py scores them.

The floors are the figures measured (benchmarks/README.md), a little under them, so that a change
of rules or model that loses on unseen papers fails here. Issue 25's targets: micro-F1 at least
0.80 on papers like the default content with at least 95 % of them given a right topic, 0.74 on
the broad arXiv set (measured 0.738: not reached), 0.84 on the default content; similar-papers
links sharing a hand-labelled topic at least 80 %.
"""

from __future__ import annotations

import pytest
import yaml

from benchmarks import classifier_eval
from paperfeed.analysis.taxonomy import load_taxonomy
from paperfeed.analysis.training import Example
from paperfeed.store import files as store

# Cross-validated fits of every held-out set: minutes, so out of the quick loop.
pytestmark = pytest.mark.slow

# set: (micro-F1 floor with the model, measured with it, measured by the rules alone)
FLOORS = {
    "default-content-labels.yml": (0.85, 0.866, 0.858),
    "like-default.yml": (0.82, 0.840, 0.824),
    "papers.yml": (0.72, 0.738, 0.674),
    "broad-2.yml": (0.75, 0.773, 0.680),
}
SIMILAR_FLOOR = 0.80  # measured 0.83 on the default content, 0.82 on every labelled paper


@pytest.fixture(scope="module")
def evaluation() -> tuple[list[classifier_eval.Report], list[classifier_eval.Links]]:
    return classifier_eval.evaluate()


@pytest.fixture(scope="module")
def reports(evaluation) -> dict[str, classifier_eval.Report]:
    return {r.file: r for r in evaluation[0]}


def test_the_heldout_sets_are_real_papers_from_outside_the_default_content_labelled_with_known_topics():
    seed = {p.arxiv for p in store.load(classifier_eval.CONTENT)}
    known = {t.slug for t in load_taxonomy(classifier_eval.CONTENT / "topics.yml").topics}
    seen: set[str] = set()
    for path in (classifier_eval.HELDOUT, classifier_eval.LIKE_DEFAULT, classifier_eval.BROAD_2):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert len(items) >= 60, path.name
        for item in items:
            assert item["arxiv"] not in seed and item["arxiv"] not in seen, item["title"]
            seen.add(item["arxiv"])
            assert 1 <= len(item["topics"]) <= 3 and set(item["topics"]) <= known, item["title"]
            assert item["source"].startswith("data/") and item["abstract"], item["title"]
        header = path.read_text(encoding="utf-8").split("\n- ")[0]
        assert "b4c542b7d61bff39f8b999b45b43f62b2bb94f75" in header and "random.Random(" in header
        assert "BEFORE" in header  # labelled before any classifier saw them


@pytest.mark.parametrize("name", list(FLOORS))
def test_the_model_holds_up_on_papers_it_never_saw(reports, name):
    floor, _, _ = FLOORS[name]
    report = reports[name]
    assert report.model.micro.f1 >= floor, classifier_eval.render(report, markdown=False)
    assert report.model.without_topic == 0
    if name != "default-content-labels.yml":  # on unseen papers the model adds to the rules
        assert report.model.micro.f1 > report.rules.micro.f1
    else:
        assert report.model.micro.f1 >= report.rules.micro.f1 - 0.01


def test_papers_like_the_default_content_get_a_right_topic(reports):
    like, default = reports["like-default.yml"], reports["default-content-labels.yml"]
    assert like.model.any_right.value >= 0.95
    assert default.model.any_right.value >= 0.95


def test_every_figure_has_its_bootstrap_interval(reports):
    for report in reports.values():
        for figures in (report.rules, report.model):
            assert figures.f1.low <= figures.f1.value <= figures.f1.high
            assert figures.f1.high - figures.f1.low < 0.2  # a real interval over the set's papers
            assert figures.any_right.low <= figures.any_right.value <= figures.any_right.high


def test_similar_papers_share_a_subject(evaluation):
    _, links = evaluation
    assert [link.links for link in links] == [168 * 5, 394 * 5]
    for link in links:
        assert link.topics.value >= SIMILAR_FLOOR, classifier_eval.render_links(link)
        assert link.topics.value > link.words.value  # topic agreement is what lifts it


def test_scores_count_each_decision_once():
    tax = load_taxonomy(classifier_eval.CONTENT / "topics.yml")
    items = [Example(e.paper, e.labels, e.source) for e in classifier_eval.examples(tax)[:2]]
    figures = classifier_eval.figures(items, [items[0].labels, ("applications",)], tax)
    right = len(items[0].labels) + ("applications" in items[1].labels)
    assert (figures.micro.right, figures.micro.predicted) == (right, len(items[0].labels) + 1)
    assert figures.micro.labelled == len(items[0].labels) + len(items[1].labels)
