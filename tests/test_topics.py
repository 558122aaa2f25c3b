"""The topic taxonomy (content/topics.yml) and the classifier that gives every paper 1 to 3 topics."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from paperfeed.analysis.classify import classification, topic_scores
from paperfeed.analysis.taxonomy import Scoring, Taxonomy, Topic, check_topics, load_taxonomy
from paperfeed.errors import InputError
from paperfeed.model import Paper
from paperfeed.store import files as store


def classify(paper: Paper, taxonomy: Taxonomy) -> tuple[str, ...]:
    """A paper's topics as the site shows them (from the one path, `classification`)."""
    return classification(paper, taxonomy, everything=False).topics


ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
HELDOUT = Path(__file__).parent / "fixtures" / "topics" / "heldout.yaml"

DEFAULT_SLUGS = (
    "reinforcement-learning", "llm-reasoning", "alignment-post-training", "continual-learning",
    "curriculum-learning", "active-learning", "in-context-learning", "multimodal", "generative-models",
    "efficient-ml", "federated-privacy", "robotics-embodied", "llm-agents", "retrieval-augmented",
    "representation-learning", "benchmarks-datasets", "learning-theory", "applications",
    "code-program-synthesis", "language-models",
)  # fmt: skip


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONTENT / "topics.yml")


@pytest.fixture(scope="module")
def seed_papers() -> list[Paper]:
    return store.load(CONTENT)


def heldout() -> list[dict]:
    return yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))


def small(*topics: Topic, fallback: str | None = None, **scoring: Any) -> Taxonomy:
    return Taxonomy(topics=topics, fallback=fallback, scoring=Scoring(**scoring))


def topic(slug: str, *phrases: tuple[str, float], negative: tuple[str, ...] = (), title_only=()) -> Topic:
    return Topic(slug, slug.title(), f"About {slug}.", phrases, tuple(title_only), negative)


# --- The default taxonomy --------------------------------------------------------------------------


def test_default_taxonomy_has_the_twenty_topics_in_display_order(taxonomy):
    assert tuple(t.slug for t in taxonomy.topics) == DEFAULT_SLUGS


def test_every_default_topic_has_a_slug_name_one_line_description_and_phrases(taxonomy):
    for t in taxonomy.topics:
        assert t.slug and t.name.strip() and t.description.strip(), t.slug
        assert "\n" not in t.description
        assert t.phrases, t.slug
        assert taxonomy.get(t.slug) is t


def test_default_fallback_is_a_topic_of_the_taxonomy(taxonomy):
    assert taxonomy.get(taxonomy.fallback or "") is not None


def test_every_seed_paper_gets_one_to_three_known_topics(taxonomy, seed_papers):
    assert len(seed_papers) >= 100
    for paper in seed_papers:
        topics = classify(paper, taxonomy)
        assert 1 <= len(topics) <= 3, paper.title
        assert len(set(topics)) == len(topics), paper.title
        assert all(taxonomy.get(slug) for slug in topics), paper.title


def test_every_seed_paper_earns_a_topic_from_its_text_without_the_fallback(taxonomy, seed_papers):
    unmatched = [
        p.title for p in seed_papers if max(topic_scores(p, taxonomy).values()) < taxonomy.scoring.min_score
    ]
    assert unmatched == []


def test_seed_papers_get_the_topics_their_titles_name(taxonomy, seed_papers):
    by_title = {p.title: p for p in seed_papers}
    expected = {
        "Learning to Prompt for Continual Learning": "continual-learning",
        "DPO Meets PPO: Reinforced Token Optimization for RLHF": "alignment-post-training",
        "Network Pruning Spaces": "efficient-ml",
        "Bidirectional Uncertainty-Based Active Learning for Open Set Annotation": "active-learning",
        "Unified Demonstration Retriever for In-Context Learning": "in-context-learning",
        "Automatic Curriculum Learning For Deep RL: A Short Survey": "curriculum-learning",
        "Generating Pragmatic Examples to Train Neural Program Synthesizers": "code-program-synthesis",
    }
    for title, slug in expected.items():
        assert classify(by_title[title], taxonomy)[0] == slug, title


def test_heldout_papers_get_an_expected_first_topic(taxonomy):
    papers = heldout()
    assert len(papers) >= 40
    assert {slug for p in papers for slug in p["expected"]} == set(DEFAULT_SLUGS)  # every topic tried
    misses = []
    for item in papers:
        assert set(item["expected"]) <= set(DEFAULT_SLUGS), item["title"]
        got = classify(Paper(title=item["title"], abstract=item["abstract"]), taxonomy)
        if got[0] not in item["expected"]:
            misses.append(f"{item['title']}: {got} (expected {item['expected']})")
    accuracy = 1 - len(misses) / len(papers)
    assert accuracy >= 0.9, f"{accuracy:.0%} right; misses:\n" + "\n".join(misses)


def test_classification_is_deterministic_and_independent_of_paper_order(taxonomy, seed_papers):
    first = {p.title: classify(p, taxonomy) for p in seed_papers}
    shuffled = list(seed_papers)
    random.Random(7).shuffle(shuffled)
    reloaded = load_taxonomy(CONTENT / "topics.yml")
    assert {p.title: classify(p, reloaded) for p in shuffled} == first


# --- Manual topics ---------------------------------------------------------------------------------

RL_PAPER = Paper(
    title="Policy gradient methods", abstract="We study reinforcement learning with policy gradients."
)


def test_manual_topics_win_over_the_rules(taxonomy):
    paper = Paper(
        title=RL_PAPER.title, abstract=RL_PAPER.abstract, topics=("learning-theory", "applications")
    )
    assert classify(RL_PAPER, taxonomy)[0] == "reinforcement-learning"
    assert classify(paper, taxonomy) == ("learning-theory", "applications")


def test_unknown_manual_topics_are_ignored_and_the_rules_decide(taxonomy):
    unknown = Paper(title=RL_PAPER.title, abstract=RL_PAPER.abstract, topics=("no-such-topic",))
    mixed = Paper(title=RL_PAPER.title, abstract=RL_PAPER.abstract, topics=("nope", "multimodal"))
    assert classify(unknown, taxonomy) == classify(RL_PAPER, taxonomy)
    assert classify(mixed, taxonomy) == ("multimodal",)


def test_manual_topics_are_deduplicated_and_cut_to_three(taxonomy):
    paper = Paper(
        title="x", topics=("multimodal", "multimodal", "applications", "llm-agents", "efficient-ml")
    )
    assert classify(paper, taxonomy) == ("multimodal", "applications", "llm-agents")


def test_check_topics_names_the_paper_with_an_unknown_topic_and_suggests_one(taxonomy):
    papers = [
        Paper(title="A fine paper", topics=("multimodal",)),
        Paper(title="A paper with a typo", topics=("llm-agent",)),
        Paper(title="No manual topics"),
    ]
    problems = check_topics(papers, taxonomy)
    assert problems == [
        "paper 'A paper with a typo' has topic 'llm-agent', which is not in the taxonomy "
        "(did you mean 'llm-agents'?)"
    ]


def test_check_topics_reports_more_than_three_and_repeated_topics(taxonomy):
    four = Paper(title="Four", topics=("multimodal", "applications", "llm-agents", "efficient-ml"))
    twice = Paper(title="Twice", topics=("multimodal", "multimodal"))
    assert check_topics([four, twice], taxonomy) == [
        "paper 'Four' has 4 topics; at most 3 are shown",
        "paper 'Twice' lists topic 'multimodal' 2 times",
    ]


def test_check_topics_is_quiet_for_the_seed_content(taxonomy, seed_papers):
    assert check_topics(seed_papers, taxonomy) == []


# --- Matching rules --------------------------------------------------------------------------------


def test_phrases_match_whole_words_only():
    tax = small(topic("al", ("active learning", 5)), topic("other", ("zebra", 1)))
    assert (
        topic_scores(Paper(title="t", abstract="Interactive learning and inactive learning."), tax)["al"] == 0
    )
    assert topic_scores(Paper(title="t", abstract="Active learning, (active learning)."), tax)["al"] == 10


def test_phrases_ignore_case_punctuation_hyphens_and_take_plurals():
    tax = small(topic("cot", ("chain-of-thought", 2)), topic("gen", ("diffusion model", 3)))
    paper = Paper(
        title="t", abstract="CHAIN OF THOUGHT; chain‑of—thought. Diffusion-Models beat diffusion modelling."
    )
    assert topic_scores(paper, tax) == {"cot": 4.0, "gen": 3.0}


def test_title_matches_weigh_more_and_abstract_repeats_are_capped():
    tax = small(topic("rl", ("reinforcement learning", 2)), title_weight=3, repeat_cap=2)
    paper = Paper(title="Reinforcement Learning", abstract="reinforcement learning " * 5)
    assert topic_scores(paper, tax)["rl"] == 2 * 3 + 2 * 2


def test_title_phrases_count_in_the_title_only():
    tax = small(
        topic("bench", ("new benchmark", 4), title_only=[("benchmark", 10)]), topic("x", ("zebra", 1))
    )
    assert topic_scores(Paper(title="A Benchmark", abstract="t"), tax)["bench"] == 10
    assert topic_scores(Paper(title="t", abstract="on a benchmark"), tax)["bench"] == 0


def test_negative_phrases_cover_their_words_for_their_own_topic_only():
    tax = small(
        topic("mm", ("multimodal", 3), negative=("multimodal distribution",)),
        topic("stats", ("distribution", 1)),
    )
    paper = Paper(title="t", abstract="Policies for multimodal distributions.")
    assert topic_scores(paper, tax) == {"mm": 0.0, "stats": 1.0}
    assert topic_scores(Paper(title="t", abstract="A multimodal model."), tax)["mm"] == 3


def test_default_negatives_keep_out_common_false_friends(taxonomy):
    false_friends = {
        "multimodal": "Diffusion policies capture multimodal action distributions in imitation.",
        "alignment-post-training": "We apply post-training quantization to a vision transformer.",
        "code-program-synthesis": "Code is available at our project page; code and data are released.",
        "curriculum-learning": "A survey of the school curriculum in ten countries.",
    }
    for slug, abstract in false_friends.items():
        assert topic_scores(Paper(title="t", abstract=abstract), taxonomy)[slug] == 0, slug


def test_a_longer_phrase_counts_for_every_topic_that_lists_a_phrase_inside_it(taxonomy):
    paper = Paper(title="t", abstract="We study in-context reinforcement learning in transformers.")
    scores = topic_scores(paper, taxonomy)
    assert scores["in-context-learning"] > 0
    assert scores["reinforcement-learning"] > 0


def test_urls_say_nothing_about_the_topic():
    tax = small(topic("cl", ("continual learning", 5)), topic("x", ("zebra", 1)))
    paper = Paper(title="t", abstract="Code: https://github.com/someone/continual-learning now.")
    assert topic_scores(paper, tax)["cl"] == 0


# --- Ranking ---------------------------------------------------------------------------------------


def test_ties_go_to_the_topic_listed_first():
    tax = small(topic("b", ("beta", 3)), topic("a", ("alpha", 3)), secondary_min_score=1)
    assert classify(Paper(title="t", abstract="alpha beta"), tax) == ("b", "a")
    assert classify(Paper(title="t", abstract="beta alpha"), tax) == ("b", "a")


def test_secondary_topics_need_a_share_of_the_best_score_and_at_most_three_are_given():
    tax = small(
        *(topic(slug, (slug, 1)) for slug in ("one", "two", "three", "four", "weak")),
        min_score=1,
        secondary_min_score=1,
        secondary_ratio=0.5,
    )
    paper = Paper(title="t", abstract="one one one two two three three four four weak")
    assert classify(paper, tax) == ("one", "two", "three")


def test_a_paper_matching_no_phrase_gets_the_fallback_topic():
    tax = small(topic("a", ("alpha", 3)), topic("b", ("beta", 3)), fallback="b")
    assert classify(Paper(title="Nothing here", abstract="Neither word appears."), tax) == ("b",)
    assert classify(Paper(title="t", abstract="x"), small(topic("a", ("alpha", 3)))) == ("a",)


def test_a_weak_best_topic_below_min_score_means_the_fallback():
    tax = small(topic("a", ("alpha", 1)), topic("b", ("beta", 1)), fallback="b", min_score=2)
    assert classify(Paper(title="t", abstract="alpha"), tax) == ("b",)
    assert classify(Paper(title="t", abstract="alpha alpha"), tax) == ("a",)


# --- Loading errors --------------------------------------------------------------------------------

GOOD = """\
topics:
  - slug: first
    name: First
    description: The first topic.
    phrases:
      alpha: 2
  - slug: second
    name: Second
    description: The second topic.
    phrases:
      beta: 1
"""


def load_text(tmp_path: Path, text: str | bytes) -> Taxonomy:
    path = tmp_path / "topics.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return load_taxonomy(path)


def test_a_minimal_taxonomy_loads_with_default_scoring_and_the_first_topic_as_fallback(tmp_path):
    tax = load_text(tmp_path, GOOD)
    assert [t.slug for t in tax.topics] == ["first", "second"]
    assert tax.topics[0].phrases == (("alpha", 2.0),)
    assert tax.scoring == Scoring()
    assert classify(Paper(title="t", abstract="nothing"), tax) == ("first",)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("topics: [\n", 2, "malformed YAML"),
        ("- just\n- a list\n", 1, "the file must be a mapping, not a list"),
        ("scoring: {}\n", 1, "'topics' is missing"),
        ("topics: []\n", 1, "'topics' needs at least one entry"),
        ("colour: red\n" + GOOD, 1, "unknown key 'colour'"),
        (GOOD.replace("  - slug: second\n", "  - sl: second\n"), 7, "topic 2: unknown key 'sl'"),
        (
            GOOD.replace("  - slug: second\n    name: Second\n", "  - name: Second\n"),
            7,
            "topic 2: 'slug' is missing",
        ),
        (
            GOOD.replace("slug: second", "slug: Second Topic"),
            7,
            "topic 2: 'slug' must be lowercase words (a-z, 0-9) joined by hyphens, not 'Second Topic'",
        ),
        (GOOD.replace("slug: second", "slug: first"), 7, "topic 2: slug 'first' is already used by topic 1"),
        (
            GOOD.replace("description: The second topic.", "description: |\n      Two\n      lines"),
            9,
            "topic 2 (second): 'description' must be one line",
        ),
        (GOOD.replace("    name: First\n", ""), 2, "topic 1 (first): 'name' is missing"),
        (
            GOOD.replace("beta: 1", "beta: high"),
            11,
            "topic 2 (second): the weight of 'beta' in 'phrases' must be a number above 0, not 'high'",
        ),
        (GOOD.replace("beta: 1", "beta: 0"), 11, "must be a number above 0, not 0"),
        (GOOD.replace("beta: 1", "beta: true"), 11, "must be a number above 0, not true"),
        (
            GOOD.replace("    phrases:\n      beta: 1\n", "    phrases: {}\n"),
            10,
            "topic 2 (second): 'phrases' needs at least one entry",
        ),
        (
            GOOD.replace("      beta: 1\n", "      chain-of-thought: 1\n      chain of thought: 2\n"),
            12,
            "topic 2 (second): 'phrases' lists 'chain of thought' twice",
        ),
        (GOOD.replace("      beta: 1\n", "      beta: 1\n      beta: 2\n"), 12, "lists 'beta' twice"),
        (
            GOOD.replace("      beta: 1\n", "      '...': 1\n"),
            11,
            "'phrases' entry 1 must be a phrase of one or more words, not '...'",
        ),
        (
            GOOD.replace("    phrases:\n      beta: 1\n", "    phrases: [beta]\n"),
            10,
            "'phrases' must be a mapping of phrases to weights, as in 'policy gradient: 3', not a list",
        ),
        (GOOD + "    negative: beta\n", 12, "topic 2 (second): 'negative' must be a list, not 'beta'"),
        (
            GOOD + "    negative: [gamma, Beta]\n",
            12,
            "topic 2 (second): 'Beta' is both a phrase and a negative phrase",
        ),
        (GOOD + "fallback: third\n", 12, "'fallback' must be the slug of a topic, not 'third'"),
        (
            "scoring:\n  max_topics: 4\n" + GOOD,
            2,
            "scoring: 'max_topics' must be a whole number from 1 to 3, not 4",
        ),
        ("scoring:\n  repeat_cap: 1.5\n" + GOOD, 2, "'repeat_cap' must be a whole number of 1 or more"),
        (
            "scoring:\n  secondary_ratio: 2\n" + GOOD,
            2,
            "scoring: 'secondary_ratio' must be a number above 0 and at most 1, not 2",
        ),
        ("scoring:\n  min_score: -1\n" + GOOD, 2, "'min_score' must be a number above 0"),
        ("scoring:\n  title_boost: 2\n" + GOOD, 2, "scoring: unknown key 'title_boost'"),
        ("scoring: 3\n" + GOOD, 1, "'scoring' must be a mapping"),
        ("topics: 3\n", 1, "'topics' must be a list"),
        ("topics:\n  - just a string\n", 2, "topic 1 must be a mapping, not 'just a string'"),
    ],
)
def test_configuration_errors_name_the_file_the_line_and_the_key(tmp_path, text, line, message):
    with pytest.raises(InputError) as caught:
        load_text(tmp_path, text)
    error = caught.value
    assert error.where == str(tmp_path / "topics.yml")
    assert error.line == line, str(error)
    assert message in error.message
    assert str(error).startswith(f"{tmp_path / 'topics.yml'}:{line}: ")


def test_a_missing_or_undecodable_taxonomy_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="missing") as caught:
        load_taxonomy(tmp_path / "nope.yml")
    assert caught.value.where == str(tmp_path / "nope.yml")
    with pytest.raises(InputError, match="not UTF-8") as caught:
        load_text(tmp_path, b"topics:\n  - slug: \xff\n")
    assert caught.value.line == 2
