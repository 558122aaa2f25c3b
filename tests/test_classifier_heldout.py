"""The classifier on papers it was not written for: the hand-labelled held-out set of real arXiv
papers from outside content/ (benchmarks/heldout/), scored by benchmarks/classifier_eval.py.

The floors are the figures reached (benchmarks/README.md), a little under them so that a rule
change that loses on unseen papers fails here. Issue 16 asks for micro-F1 0.80 on the held-out
set; the classifier does not reach it yet, and the floor says what it does reach.
"""

from __future__ import annotations

import pytest
import yaml

from benchmarks import classifier_eval

HELDOUT_MICRO_F1 = 0.68  # measured 0.69; the target is 0.80
DEFAULT_MICRO_F1 = 0.83  # measured 0.84, as before this work (0.84): no loss on the default content


@pytest.fixture(scope="module")
def reports() -> tuple[classifier_eval.Report, classifier_eval.Report]:
    return classifier_eval.evaluate()


def test_the_heldout_set_is_real_papers_from_outside_the_default_content_labelled_with_known_topics():
    items = yaml.safe_load(classifier_eval.HELDOUT.read_text(encoding="utf-8"))
    assert len(items) >= 60
    seed = {item.paper.arxiv for item in classifier_eval.default_set()}
    known = {t.slug for t in classifier_eval.load_taxonomy(classifier_eval.CONTENT / "topics.yml").topics}
    for item in items:
        assert item["arxiv"] not in seed, item["title"]
        assert 1 <= len(item["topics"]) <= 3 and set(item["topics"]) <= known, item["title"]
        assert item["source"].startswith("data/") and item["abstract"], item["title"]


def test_the_classifier_holds_up_on_the_heldout_set(reports):
    heldout, _ = reports
    assert heldout.micro.f1 >= HELDOUT_MICRO_F1, classifier_eval.render(heldout, markdown=False)
    assert heldout.without_topic == 0
    assert heldout.any_right / heldout.papers >= 0.85  # the issue asks 95 %: not reached yet (88 %)


def test_the_classifier_does_not_lose_on_the_default_content(reports):
    _, default = reports
    assert default.micro.f1 >= DEFAULT_MICRO_F1, classifier_eval.render(default, markdown=False)
    assert default.without_topic == 0
    assert default.any_right / default.papers >= 0.95


def test_scores_count_each_decision_once():
    tax = classifier_eval.load_taxonomy(classifier_eval.CONTENT / "topics.yml")
    items = classifier_eval.heldout_set()[:2]
    report = classifier_eval.score("t", items, [items[0].labels, ("applications",)], tax)
    right = len(items[0].labels) + ("applications" in items[1].labels)
    assert (report.micro.right, report.micro.predicted) == (right, len(items[0].labels) + 1)
    assert report.micro.labelled == len(items[0].labels) + len(items[1].labels)
