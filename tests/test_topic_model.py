"""The learned layer over the rules (issue 25): content/topics-model.json, what `paperfeed train` fits
on hand labels, what an import decides with it, and what `explain` says of it."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml
from conftest import REPO, run_cli, snapshot, with_taxonomy
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from paperfeed import slugs, urls
from paperfeed.analysis import learned, training
from paperfeed.analysis.classify import TopicClassifier, classification, matcher
from paperfeed.analysis.learned import FEATURES, TopicModel, rule_features
from paperfeed.analysis.similar import analyse
from paperfeed.analysis.taxonomy import Taxonomy, load_taxonomy
from paperfeed.analysis.tfidf import smooth_idf, tfidf, vector
from paperfeed.errors import InputError
from paperfeed.model import Paper
from paperfeed.store import files as store

CONTENT = REPO / "content"
LABELS = REPO / "benchmarks" / "heldout" / "default-content-labels.yml"


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONTENT / "topics.yml")


@pytest.fixture(scope="module")
def labelled(taxonomy: Taxonomy) -> list[training.Example]:
    papers = slugs.assign(store.load(CONTENT))
    return training.read_labels(LABELS, papers, taxonomy)


@pytest.fixture(scope="module")
def small_model(labelled: list[training.Example], taxonomy: Taxonomy) -> TopicModel:
    return training.written(training.fit(labelled[:100], taxonomy))


# --- inference is scikit-learn's, with NumPy alone -----------------------------------------------


def test_inference_matches_scikit_learns_predict_proba(labelled, taxonomy):
    """A model made of scikit-learn's own fitted TF-IDF and regressions, written to a file and read
    back, gives the probabilities scikit-learn's predict_proba gives, on papers none was fitted on."""
    train, unseen = labelled[:100], labelled[100:]
    slugs_ = [t.slug for t in taxonomy.topics]
    labels = np.array([[s in e.labels for s in slugs_] for e in train], dtype=int)
    vectorizer = TfidfVectorizer(
        analyzer=lambda p: list(learned.counts(p).elements()), sublinear_tf=True, min_df=2
    )
    x = vectorizer.fit_transform([e.paper for e in train])
    text = [
        LogisticRegression(C=10, max_iter=5000).fit(x, labels[:, t]) if labels[:, t].any() else None
        for t in range(len(slugs_))
    ]

    def text_proba(papers: list[Paper]) -> np.ndarray:
        rows = vectorizer.transform(papers)
        return np.column_stack(
            [m.predict_proba(rows)[:, 1] if m else np.full(len(papers), 0.5) for m in text]
        )

    compiled = matcher(taxonomy)

    def features(papers: list[Paper]) -> np.ndarray:
        rows = []
        for paper, q in zip(papers, text_proba(papers), strict=True):
            scores = compiled.scores(paper)
            chosen = [compiled.index[s] for s in compiled.choose(scores)[0]]
            rows.append(np.hstack([rule_features(np.asarray(scores), chosen, q), np.eye(len(slugs_))]))
        return np.vstack(rows)

    combine = LogisticRegression(max_iter=5000).fit(features([e.paper for e in train]), labels.reshape(-1))
    vocabulary = list(vectorizer.get_feature_names_out())
    frequency = np.zeros(len(vocabulary), dtype=np.int64)
    for e in train:
        for term in learned.counts(e.paper):
            if term in vectorizer.vocabulary_:
                frequency[vectorizer.vocabulary_[term]] += 1
    np.testing.assert_allclose(smooth_idf(frequency, len(train)), vectorizer.idf_, rtol=1e-12)
    model = learned.parse(
        learned.dump(
            TopicModel(
                topics=tuple(slugs_),
                rules="rules-x",
                threshold=0.3,
                columns={t: i for i, t in enumerate(vocabulary)},
                frequency=frequency,
                documents=len(train),
                text_bias=np.array([m.intercept_[0] if m else 0.0 for m in text]),
                text_weights=np.array([m.coef_[0] if m else np.zeros(len(vocabulary)) for m in text]),
                bias=float(combine.intercept_[0]),
                topic_bias=combine.coef_[0][len(FEATURES) :],
                weights=combine.coef_[0][: len(FEATURES)],
                identity="",
                about={},
            )
        )
    )
    papers = [e.paper for e in unseen]
    expected_text = text_proba(papers)
    expected = combine.predict_proba(features(papers))[:, 1].reshape(len(papers), len(slugs_))
    for row, paper in enumerate(papers):
        scores = compiled.scores(paper)
        judged = model.judge(paper, scores, [compiled.index[s] for s in compiled.choose(scores)[0]])
        np.testing.assert_allclose(judged.text, expected_text[row], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(judged.probability, expected[row], rtol=1e-9, atol=1e-12)


def test_one_paper_weighs_as_the_corpus_weighs_it():
    token = learned.TOKEN
    documents = ["Policy gradients for robots", "Robots, robots and policy", "A gradient of the text"]
    weights = tfidf(documents, token)
    columns = {t: i for i, t in enumerate(weights.vocabulary)}
    for row, document in enumerate(documents):
        where, values = vector(learned.terms(document, token), columns, weights.idf.astype(np.float64))
        dense = np.zeros(len(columns))
        dense[where] = values
        np.testing.assert_allclose(dense, weights.matrix[row].toarray()[0], rtol=1e-6)
    assert vector({"unknown": 3}, columns, weights.idf)[0].size == 0  # no known term: no weights


# --- the model file ----------------------------------------------------------------------------------


def test_the_model_file_round_trips_byte_for_byte(small_model):
    data = learned.dump(small_model)
    again = learned.parse(data)
    assert learned.dump(again) == data
    assert (
        again.identity
        == small_model.identity
        == "model-" + __import__("hashlib").sha256(data).hexdigest()[:10]
    )
    assert np.array_equal(again.text_weights, small_model.text_weights)
    assert json.loads(data)["paperfeed topic model"] == learned.FORMAT


@pytest.mark.slow  # fits the model on every hand label
def test_the_same_labels_fit_the_same_model_file(labelled, taxonomy, small_model):
    assert learned.dump(training.written(training.fit(labelled[:100], taxonomy))) == learned.dump(small_model)
    other = training.written(training.fit(labelled[:99], taxonomy))
    assert other.identity != small_model.identity


def test_the_committed_model_is_small_and_fits_the_taxonomy(taxonomy):
    model = learned.load_model(CONTENT)
    assert model is not None and model.fits([t.slug for t in taxonomy.topics])
    assert (CONTENT / learned.MODEL_FILE).stat().st_size < 120_000  # reviewable
    assert int((model.text_weights != 0).sum(axis=1).max()) <= training.TERMS


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"{not json", "not a readable topic model"),
        (b'{"paperfeed topic model": 99}', "not a paperfeed topic model of format 1"),
        (b"[]", "not a readable topic model"),
    ],
)
def test_an_unreadable_model_file_is_one_error_line(tmp_path, data, problem):
    content = with_taxonomy(tmp_path / "content")
    (content / learned.MODEL_FILE).write_bytes(data)
    with pytest.raises(InputError) as caught:
        learned.load_model(content)
    assert problem in caught.value.message and "\n" not in str(caught.value)
    checked = run_cli("check", "--content", content)
    assert checked.code == 1 and problem in checked.err


def test_a_model_with_a_weight_out_of_range_is_refused(small_model):
    data = json.loads(learned.dump(small_model))
    data["threshold"] = 2
    with pytest.raises(InputError, match="out of range"):
        learned.parse(json.dumps(data).encode())


def test_without_a_model_file_the_rules_decide_alone(tmp_path):
    content = with_taxonomy(tmp_path / "content")
    assert learned.load_model(content) is None
    classifier = TopicClassifier.of(content)
    assert classifier is not None and classifier.model is None and "+model-" not in classifier.version


def test_a_model_for_other_topics_is_not_used_and_check_says_so(tmp_path, small_model):
    content = with_taxonomy(tmp_path / "content")
    (content / "papers").mkdir()
    other = dataclasses.replace(small_model, topics=small_model.topics[::-1])
    (content / learned.MODEL_FILE).write_bytes(learned.dump(other))
    classifier = TopicClassifier.of(content)
    assert classifier is not None and classifier.model is None
    checked = run_cli("check", "--content", content)
    assert checked.code == 0
    assert "trained for other topics than topics.yml has" in checked.err


# --- deciding with it ------------------------------------------------------------------------------


def test_the_rules_choose_the_first_topic_and_the_model_the_others(labelled, taxonomy, small_model):
    classifier = TopicClassifier(taxonomy, model=small_model)
    assert classifier.version.endswith("+" + small_model.identity)
    for example in labelled[100:]:
        rules = classification(example.paper, taxonomy, rules_only=True)
        decided = classification(example.paper, taxonomy, rules_only=True, model=small_model)
        assert decided.topics == classifier.topics(example.paper)
        assert decided.topics[0] == rules.topics[0]
        assert 1 <= len(decided.topics) <= taxonomy.scoring.max_topics
        assert decided.learned is not None
        chances = dict(zip(small_model.topics, decided.learned.probability, strict=True))
        assert all(chances[s] >= small_model.threshold for s in decided.topics[1:])
        assert [chances[s] for s in decided.topics[1:]] == sorted(
            (chances[s] for s in decided.topics[1:]), reverse=True
        )
        skipped = [
            s for s in small_model.topics if s not in decided.topics and chances[s] >= small_model.threshold
        ]
        assert not skipped or len(decided.topics) == taxonomy.scoring.max_topics


def test_stored_topics_win_and_the_model_is_not_asked_for_them(labelled, taxonomy, small_model):
    paper = dataclasses.replace(labelled[0].paper, auto_topics=("active-learning",))
    shown = classification(paper, taxonomy, everything=False, model=small_model)
    assert shown.topics == ("active-learning",) and shown.learned is None


def test_an_import_decides_with_the_model_and_stores_its_identity(tmp_path, small_model):
    content = with_taxonomy(tmp_path / "content")
    (content / learned.MODEL_FILE).write_bytes(learned.dump(small_model))
    listing = tmp_path / "new.yaml"
    listing.write_text(
        "- title: Continual Reinforcement Learning Without Forgetting\n"
        "  abstract: An agent learns a sequence of tasks with reinforcement learning and a replay buffer,"
        " avoiding catastrophic forgetting of earlier policies.\n",
        encoding="utf-8",
    )
    assert run_cli("import", "--content", content, "--added", "2026-11-20", listing).code == 0
    (paper,) = store.load(content)
    classifier = TopicClassifier.of(content)
    assert classifier is not None
    assert paper.classifier == classifier.version and paper.classifier.endswith(small_model.identity)
    assert paper.auto_topics == classifier.topics(paper)


# --- paperfeed train ----------------------------------------------------------------------------------


@pytest.fixture
def training_content(tmp_path: Path) -> tuple[Path, Path]:
    """A store of 30 default papers, 12 of them with topics set by hand, and a label file of 40 more."""
    content = with_taxonomy(tmp_path / "content")
    papers = slugs.assign(store.load(CONTENT))
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    own = [
        dataclasses.replace(p, topics=tuple(labels[p.slug]) if i < 12 else ())
        for i, p in enumerate(papers[:30])
    ]
    store.save(content, own, {p.added for p in own if p.added})
    listing = tmp_path / "labels.yml"
    listing.write_text(
        yaml.safe_dump(
            [
                {
                    "title": p.title,
                    "abstract": p.abstract,
                    "arxiv": p.arxiv,
                    "categories": list(p.categories),
                    "topics": labels[p.slug],
                }
                for p in papers[30:70]
            ],
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    return content, listing


@pytest.mark.slow  # fits the model on every hand label
def test_train_fits_the_model_on_hand_labels_and_prints_f1_before_and_after(training_content):
    content, listing = training_content
    run = run_cli("train", "--content", content, "--labels", listing)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == "52 hand-labelled papers: 12 from content/papers (topics:), 40 from labels.yml"
    assert "(10-fold cross-validation), rules alone -> with the model:" in lines[1]
    rows = {line.split()[0]: line for line in lines[2:5]}
    assert set(rows) == {"content/papers", "labels.yml", "all"}
    for row in rows.values():
        before, after = row.split()[-3], row.split()[-1]
        assert 0 <= float(before) <= 1 and 0 <= float(after) <= 1
    model = learned.load_model(content)
    assert model is not None and model.documents == 52
    assert lines[-1].startswith(f"wrote {content / learned.MODEL_FILE} ({model.identity}: ")
    assert model.about["trained on"] == {"content/papers (topics:)": 12, "labels.yml": 40}
    again = run_cli("train", "--content", content, "--labels", listing)
    assert again.out == run.out  # deterministic: the same file, the same figures


@pytest.mark.slow  # fits the model on every hand label
def test_train_dry_run_writes_nothing(training_content):
    content, listing = training_content
    before = snapshot(content)
    run = run_cli("train", "--content", content, "--labels", listing, "--dry-run")
    assert run.code == 0, run.err
    assert "(dry run: nothing written)" in run.out
    assert snapshot(content) == before


def test_train_learns_from_the_curators_corrections_only(training_content):
    """A paper's `topics:` is a lesson; the topics an import stored (auto_topics) are not."""
    content, _ = training_content
    examples = training.store_examples(store.load(content))
    assert len(examples) == 12 and all(
        e.source == training.STORE and e.labels == e.paper.topics for e in examples
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- title: A\n  topics: [no-such-topic]\n", "'A': topic 'no-such-topic' is not in the taxonomy"),
        ("- title: A\n", "entry 1 needs a title and its topics"),
        ("no-such-slug: [multimodal]\n", "labels for 'no-such-slug', which is no paper of the store"),
        ("just text", "a label file is a list of papers with topics, or a mapping of slugs to topics"),
    ],
)
def test_a_bad_label_file_is_one_error_line_and_nothing_is_written(training_content, tmp_path, text, problem):
    content, _ = training_content
    bad = tmp_path / "bad.yml"
    bad.write_text(text, encoding="utf-8")
    before = snapshot(content)
    run = run_cli("train", "--content", content, "--labels", bad)
    assert run.code == 1 and run.out == ""
    assert run.err_lines == [f"error: {bad}: {problem}"]
    assert snapshot(content) == before


def test_train_needs_enough_labels(tmp_path):
    content = with_taxonomy(tmp_path / "content")
    (content / "papers").mkdir()
    run = run_cli("train", "--content", content)
    assert run.code == 1
    assert run.err_lines == [
        f"error: {content / 'papers'}: 0 hand-labelled papers: too few to train on "
        "(set `topics:` on papers, or give --labels)"
    ]


def test_the_folds_hold_every_source_in_proportion():
    groups = ["a"] * 20 + ["b"] * 10
    folds = training._folds(groups, 10, 25)
    assert folds == training._folds(groups, 10, 25)
    for fold in range(10):
        assert [g for g, f in zip(groups, folds, strict=True) if f == fold] == ["a", "a", "b"]


# --- explain and the paper page -------------------------------------------------------------------


def test_explain_shows_the_learned_part_beside_the_phrases(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    run = run_cli("explain", "--content", content, "2505.20347")  # SeRL: self-play RL for LLMs
    assert run.code == 0, run.err
    model = learned.load_model(content)
    assert model is not None
    blocks = run.out.split("\n1. ")[1]
    first = blocks.split("\n2. ")[0].splitlines()
    learned_line = next(line for line in first if line.strip().startswith("learned ("))
    assert learned_line.strip().startswith(f"learned ({model.identity}): probability ")
    assert "from the rules' evidence" in learned_line and "from the words" in learned_line
    paper = next(p for p in store.load(content) if p.arxiv == "2505.20347")
    text = f"{paper.title} {paper.abstract}".lower()
    words = [w for w in learned_line.split("the words for it: ")[1].split('"')[1::2]]
    assert words and all(w in text for w in words)
    assert "2. LLM reasoning (llm-reasoning): score 9, the model's probability" in run.out


def test_explain_without_a_model_gives_the_rules_bar(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / learned.MODEL_FILE).unlink()
    run = run_cli("explain", "--content", content, "2505.20347")
    assert run.code == 0, run.err
    assert "learned (" not in run.out and "the bar of" in run.out


def test_the_wrong_topic_issue_names_the_paper_and_its_topics():
    edit = "https://github.com/me/digest/edit/main/content/papers/2026-11-24.yml"
    url = urls.new_issue(edit, "Wrong topic: A <b>&", "Topics now: x\n`topics: [x]`")
    assert url.startswith(
        "https://github.com/me/digest/issues/new?title=Wrong%20topic%3A%20A%20%3Cb%3E%26&body="
    )
    assert "%0A" in url and "\n" not in url and urls.safe_url(url) == url
    gitlab = urls.new_issue("https://gitlab.com/me/digest/-/edit/main/content/papers/x.yml", "T", "B")
    assert gitlab == "https://gitlab.com/me/digest/-/issues/new?issue[title]=T&issue[description]=B"
    assert urls.new_issue("https://example.org/edit/main/x.yml", "T", "B") == ""
    assert urls.repository_path(edit) == "content/papers/2026-11-24.yml"


# --- similar papers ---------------------------------------------------------------------------------


def test_similar_papers_prefer_a_paper_on_the_same_subject():
    def paper(title: str, abstract: str) -> Paper:
        return Paper(title=title, abstract=abstract)

    papers = [
        paper("Robust policies", "robust policies robust training reward agents"),
        paper("Robust training of vision models", "robust training robust policies images vision"),
        paper("Reward agents", "reward agents policies exploration"),
    ]
    words = analyse(papers, neighbours=1).similar
    assert words[0] == (1,)  # most words in common
    topics = [("reinforcement-learning",), ("representation-learning",), ("reinforcement-learning",)]
    assert analyse(papers, topics, neighbours=1).similar[0] == (2,)  # the same subject wins
    assert analyse(papers, [(), (), ()], neighbours=1).similar == words
