"""`paperfeed train`: the learned layer (learned.py) fitted on hand labels, and scored on papers it
never saw by cross-validation.

Hand labels only: the curator's own `topics:` in the store, and label files (a list of papers with
their `topics`, or a mapping from the store's slugs to topics). Never the topics the digest decided
itself: a model trained on its own output would drift with every import. Fitting needs
scikit-learn (the `train` extra, `pip install -e '.[train]'`); nothing else in paperfeed imports
this module, so a build never needs it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy import sparse

from paperfeed import slugs
from paperfeed.analysis import learned
from paperfeed.analysis.classify import TopicClassifier, matcher, version
from paperfeed.analysis.learned import FEATURES, TopicModel, rule_features
from paperfeed.analysis.taxonomy import TOPICS_FILE, Taxonomy, load_taxonomy
from paperfeed.analysis.tfidf import smooth_idf, vector
from paperfeed.errors import InputError, quote
from paperfeed.model import Paper, arxiv_id
from paperfeed.store import files as store
from paperfeed.store import transaction

MIN_DF = 2  # a term in fewer training papers than this says nothing the model could learn
TERMS = 100  # the text part weighs this many terms per topic
TEXT_C = 10.0  # inverse regularization strengths (L2) of the text part and the combining part
COMBINE_C = 1.0
INNER_FOLDS = 5  # the text part's probabilities the combining part learns from are out-of-fold
THRESHOLD = 0.3  # a topic after the first needs this probability (chosen by cross-validation)
FOLDS = 10
SEED = 25
STORE = "content/papers (topics:)"  # the source named for the curator's own topics
_DIGITS = 4  # weights are written rounded: the file is reviewable, and the same on every machine


@dataclass(frozen=True, slots=True)
class Example:
    paper: Paper
    labels: tuple[str, ...]
    source: str  # the label file, or STORE


@dataclass(frozen=True, slots=True)
class Score:
    right: int
    predicted: int
    labelled: int

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(examples: Sequence[Example], predicted: Sequence[tuple[str, ...]]) -> Score:
    """Micro-averaged: every (paper, topic) decision counts once."""
    right = sum(len(set(p) & set(e.labels)) for e, p in zip(examples, predicted, strict=True))
    return Score(right, sum(map(len, predicted)), sum(len(e.labels) for e in examples))


@dataclass(frozen=True, slots=True)
class CrossValidation:
    examples: tuple[Example, ...]
    rules: tuple[tuple[str, ...], ...]  # what the rules alone decide for each
    model: tuple[tuple[str, ...], ...]  # what the rules and a model trained without it decide
    folds: int

    def sources(self) -> list[str]:
        return list(dict.fromkeys(e.source for e in self.examples))

    def f1(self, source: str | None = None) -> tuple[float, float]:
        """Micro-F1 of the rules alone and of the rules with the model, on one source's papers (all
        with None)."""
        examples, rules, model = self.of(source)
        return score(examples, rules).f1, score(examples, model).f1

    def of(self, source: str | None) -> tuple[list[Example], list[tuple[str, ...]], list[tuple[str, ...]]]:
        rows = [i for i, e in enumerate(self.examples) if source is None or e.source == source]
        return (
            [self.examples[i] for i in rows],
            [self.rules[i] for i in rows],
            [self.model[i] for i in rows],
        )


# --- the hand labels -------------------------------------------------------------------------


def store_examples(papers: Sequence[Paper]) -> list[Example]:
    """Every paper whose topics the curator set (its `topics:`): a correction is a lesson."""
    return [Example(p, p.topics, STORE) for p in papers if p.topics]


def read_labels(path: Path, papers: Sequence[Paper], taxonomy: Taxonomy) -> list[Example]:
    """A label file: a list of papers (title, abstract, optional arxiv and categories) each with its
    `topics`, or a mapping from the slugs of the store's papers to their topics."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "no such label file") from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"not YAML: {' '.join(str(exc).split())[:200]}") from None
    source = path.name
    examples: list[Example] = []
    if isinstance(data, dict):
        by_slug = {p.slug: p for p in papers if p.slug}
        for slug, topics in data.items():
            if slug not in by_slug:
                raise InputError(path, f"labels for {slug!r}, which is no paper of the store")
            examples.append(Example(by_slug[slug], _topics(path, quote(str(slug)), topics, taxonomy), source))
    elif isinstance(data, list):
        for number, item in enumerate(data, start=1):
            if not isinstance(item, dict) or not item.get("title") or "topics" not in item:
                raise InputError(path, f"entry {number} needs a title and its topics")
            paper = Paper(
                title=str(item["title"]),
                abstract=str(item.get("abstract") or ""),
                arxiv=arxiv_id(str(item["arxiv"])) if item.get("arxiv") else None,
                categories=tuple(str(c) for c in item.get("categories") or ()),
                added=dt.date(2000, 1, 1),  # any day: topics never read it
            )
            examples.append(
                Example(paper, _topics(path, quote(paper.title), item["topics"], taxonomy), source)
            )
    else:
        raise InputError(
            path, "a label file is a list of papers with topics, or a mapping of slugs to topics"
        )
    return examples


def _topics(path: Path, what: str, topics: Any, taxonomy: Taxonomy) -> tuple[str, ...]:
    if not isinstance(topics, list) or not topics or not all(isinstance(t, str) for t in topics):
        raise InputError(path, f"{what}: topics must be a list of topic slugs")
    for slug in topics:
        if taxonomy.get(slug) is None:
            raise InputError(path, f"{what}: topic {slug!r} is not in the taxonomy")
    return tuple(dict.fromkeys(topics))


def deduplicated(examples: Sequence[Example]) -> list[Example]:
    """Each paper once (by arXiv id, else by title): the first labels given for it win, so list the
    curator's own first."""
    seen: set[str] = set()
    kept = []
    for example in examples:
        key = example.paper.arxiv or " ".join(example.paper.title.casefold().split())
        if key not in seen:
            seen.add(key)
            kept.append(example)
    return kept


# --- fitting ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Text:
    columns: dict[str, int]
    frequency: np.ndarray  # per column
    documents: int
    bias: np.ndarray  # per topic
    weights: np.ndarray  # topics × columns


def fit(examples: Sequence[Example], taxonomy: Taxonomy, about: dict[str, Any] | None = None) -> TopicModel:
    """The model of these examples (deterministic: the same examples give the same model)."""
    slugs = tuple(t.slug for t in taxonomy.topics)
    labels = _label_matrix(examples, slugs)
    text = _fit_text(examples, labels)
    # The combining part learns from text probabilities of papers the text part did not see, as
    # it will meet them: each inner fold's papers scored by a text part fitted on the others.
    inner = np.zeros(labels.shape)
    assignment = _folds([e.source for e in examples], INNER_FOLDS, SEED)
    for fold in range(INNER_FOLDS):
        train = [i for i, f in enumerate(assignment) if f != fold]
        held = [i for i, f in enumerate(assignment) if f == fold]
        if train and held:
            part = _fit_text([examples[i] for i in train], labels[train])
            inner[held] = _text_probability(part, [examples[i].paper for i in held])
    features = np.vstack([_combine_rows(e.paper, taxonomy, p) for e, p in zip(examples, inner, strict=True)])
    combine = _logistic(COMBINE_C).fit(features, labels.reshape(-1))
    coef = np.round(combine.coef_[0], _DIGITS)
    return TopicModel(
        topics=slugs,
        rules=version(taxonomy),
        threshold=THRESHOLD,
        columns=text.columns,
        frequency=text.frequency,
        documents=text.documents,
        text_bias=text.bias,
        text_weights=text.weights,
        bias=float(np.round(combine.intercept_[0], _DIGITS)),
        topic_bias=coef[len(FEATURES) :],
        weights=coef[: len(FEATURES)],
        identity="",
        about=about or {},
    )


def written(model: TopicModel) -> TopicModel:
    """The model as its file reads back (named by the file's bytes)."""
    return learned.parse(learned.dump(model))


def _label_matrix(examples: Sequence[Example], slugs: Sequence[str]) -> np.ndarray:
    return np.array([[slug in e.labels for slug in slugs] for e in examples], dtype=np.int64)


def _combine_rows(paper: Paper, taxonomy: Taxonomy, text: np.ndarray) -> np.ndarray:
    compiled = matcher(taxonomy)
    scores = compiled.scores(paper)
    chosen, _ = compiled.choose(scores)
    features = rule_features(np.asarray(scores), [compiled.index[s] for s in chosen], text)
    return np.hstack([features, np.eye(len(scores))])  # and a bias per topic


def _fit_text(examples: Sequence[Example], labels: np.ndarray) -> _Text:
    """Per topic, a logistic regression over TF-IDF terms. A first fit over every term of at least
    MIN_DF papers picks each topic's TERMS heaviest; a second weighs those alone, the vocabulary
    being the terms some topic picked. Measured by cross-validation, as right as weights over every
    term (benchmarks/README.md), in a file of some thousand weights rather than tens of thousands."""
    counts = [learned.counts(e.paper) for e in examples]
    everything = _vocabulary(counts, MIN_DF)
    matrix = _matrix(counts, everything)
    picked: list[list[str]] = []
    for topic in range(labels.shape[1]):
        if _learnable(labels[:, topic]):
            heavy = np.argsort(
                -np.abs(_logistic(TEXT_C).fit(matrix, labels[:, topic]).coef_[0]), kind="stable"
            )
            picked.append([everything.names[c] for c in heavy[:TERMS]])
        else:
            picked.append([])
    vocabulary = _vocabulary(counts, 1, {t for terms in picked for t in terms})
    matrix = _matrix(counts, vocabulary)
    bias = np.zeros(labels.shape[1])
    weights = np.zeros((labels.shape[1], len(vocabulary.names)))
    for topic, terms in enumerate(picked):
        if terms:
            own = [vocabulary.columns[t] for t in terms]
            part = _logistic(TEXT_C).fit(matrix[:, own], labels[:, topic])
            bias[topic] = part.intercept_[0]
            weights[topic, own] = part.coef_[0]
        else:  # nothing to learn from: the share of papers with the topic (smoothed)
            share = (labels[:, topic].sum() + 0.5) / (len(labels) + 1)
            bias[topic] = np.log(share / (1 - share))
    return _Text(
        vocabulary.columns,
        vocabulary.frequency,
        len(examples),
        np.round(bias, _DIGITS),
        np.round(weights, _DIGITS),
    )


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    names: list[str]  # sorted
    columns: dict[str, int]
    frequency: np.ndarray
    idf: np.ndarray


def _vocabulary(counts: Sequence[Counter[str]], least: int, only: set[str] | None = None) -> _Vocabulary:
    frequency = Counter(term for found in counts for term in found)
    names = sorted(t for t, n in frequency.items() if n >= least and (only is None or t in only))
    numbers = np.array([frequency[t] for t in names], dtype=np.int64)
    return _Vocabulary(names, {t: i for i, t in enumerate(names)}, numbers, smooth_idf(numbers, len(counts)))


def _learnable(labels: np.ndarray) -> bool:
    return 0 < int(labels.sum()) < len(labels)


def _matrix(counts: Sequence[Counter[str]], vocabulary: _Vocabulary) -> sparse.csr_matrix:
    """The papers' TF-IDF rows over a vocabulary, as learned.TopicModel weighs a paper."""
    indptr, indices, data = [0], [], []
    for found in counts:
        where, weights = vector(found, vocabulary.columns, vocabulary.idf)
        indices.append(where)
        data.append(weights)
        indptr.append(indptr[-1] + len(where))
    return sparse.csr_matrix(
        (np.concatenate([np.zeros(0), *data]), np.concatenate([np.zeros(0, np.int64), *indices]), indptr),
        shape=(len(counts), len(vocabulary.names)),
    )


def _text_probability(text: _Text, papers: Sequence[Paper]) -> np.ndarray:
    names = sorted(text.columns, key=text.columns.__getitem__)
    vocabulary = _Vocabulary(names, text.columns, text.frequency, smooth_idf(text.frequency, text.documents))
    matrix = _matrix([learned.counts(p) for p in papers], vocabulary)
    return 1 / (1 + np.exp(-(matrix @ text.weights.T + text.bias)))


def _logistic(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression  # the train extra: only `paperfeed train` needs it

    return LogisticRegression(C=c, max_iter=5000)


def _folds(groups: Sequence[str], folds: int, seed: int) -> list[int]:
    """Each example's fold, dealt within each group (label source) in a seeded random order, so every
    fold holds its share of every source."""
    rng = np.random.RandomState(seed)
    assignment = [0] * len(groups)
    for group in dict.fromkeys(groups):
        members = [i for i, g in enumerate(groups) if g == group]
        for position, i in enumerate(rng.permutation(members)):
            assignment[int(i)] = position % folds
    return assignment


# --- scoring on papers never seen ------------------------------------------------------------


def cross_validate(
    examples: Sequence[Example],
    taxonomy: Taxonomy,
    *,
    folds: int = FOLDS,
    seed: int = SEED,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> CrossValidation:
    """Each example's topics as the rules alone decide them, and as the rules with a model fitted on
    the other folds decide them: scores on papers the model never saw."""
    rules = TopicClassifier(taxonomy)
    assignment = _folds([e.source for e in examples], folds, seed)
    decided: list[tuple[str, ...]] = [()] * len(examples)
    for fold in range(folds):
        held = [i for i, f in enumerate(assignment) if f == fold]
        if not held:
            continue
        model = fit([e for e, f in zip(examples, assignment, strict=True) if f != fold], taxonomy)
        classifier = TopicClassifier(taxonomy, model=model)
        for i in held:
            decided[i] = classifier.topics(examples[i].paper)
        progress(fold + 1, folds)
    return CrossValidation(
        tuple(examples), tuple(rules.topics(e.paper) for e in examples), tuple(decided), folds
    )


# --- the command -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Trained:
    model: TopicModel
    path: Path
    validation: CrossValidation


def train(
    content: Path,
    label_files: Sequence[Path] = (),
    *,
    folds: int = FOLDS,
    dry_run: bool = False,
    notify: transaction.Notify = print,
) -> Trained:
    """Fits the model on the store's hand-set topics and the label files, scores it by
    cross-validation, and writes it to CONTENT/topics-model.json (unless `dry_run`)."""
    try:
        import sklearn  # noqa: F401  (the train extra)
    except ImportError:
        raise InputError("paperfeed train", "needs scikit-learn: pip install -e '.[train]'") from None
    taxonomy = load_taxonomy(content / TOPICS_FILE)
    with transaction.locked(content, notify):
        papers = slugs.assign(store.load(content))
    examples = store_examples(papers)
    for path in label_files:
        examples += read_labels(path, papers, taxonomy)
    examples = deduplicated(examples)
    if len(examples) < 2 * folds:
        raise InputError(
            content / store.PAPERS,
            f"{len(examples)} hand-labelled papers: too few to train on "
            "(set `topics:` on papers, or give --labels)",
        )
    validation = cross_validate(examples, taxonomy, folds=folds)
    about = {
        "trained on": {source: sum(e.source == source for e in examples) for source in validation.sources()},
        "cross-validated micro-F1, rules alone and with the model": {
            source or "all": "{:.3f} -> {:.3f}".format(*validation.f1(source))
            for source in [*validation.sources(), None]
        },
    }
    model = written(fit(examples, taxonomy, about))
    path = content / learned.MODEL_FILE
    if not dry_run:
        with transaction.locked(content, notify, create=True):
            transaction.commit(content, [(path, learned.dump(model))])
    return Trained(model, path, validation)
