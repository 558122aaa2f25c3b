"""The learned layer over the rules: what content/topics-model.json says of a paper's topics.

`paperfeed train` fits it on hand labels only (analysis/training.py) and writes the file; a build
or an import only reads it, with NumPy, so nothing here trains, and nothing depends on the rest of
the digest. Two parts, both logistic regressions:

- the text part: for each topic, weights over TF-IDF terms of the paper's title (twice), abstract
  and arXiv categories (the idf from the training papers' document frequencies), giving the
  probability that a hand labeller gives the paper that topic;
- the combining part: for each topic, that probability (as log-odds) beside what the rules found
  (the topic's score, its share of the best score, its rank, whether the rules chose it), with
  weights shared by every topic and a bias per topic, giving the probability the topic is decided.

classify.py decides with it: the rules' best topic first, then the topics the model gives at least
`threshold`, most probable first (see content/topics.yml).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from paperfeed.analysis.tfidf import TOKEN, smooth_idf, terms, vector
from paperfeed.errors import InputError
from paperfeed.model import Paper

MODEL_FILE = "topics-model.json"  # in the content folder, beside topics.yml
FORMAT = 1
CATEGORY = "arxiv:"  # the term of an arXiv category: "arxiv:cs.lg"
# What the combining part reads of the rules and of the text part, for each topic, in this order.
FEATURES = (
    "rules: log(1 + score)",
    "rules: score / best score",
    "rules: first topic",
    "rules: chosen",
    "rules: second best score",
    "rules: third best score",
    "text: log-odds",
    "text: probability, when the rules' first topic",
)
_RULES = sum(f.startswith("rules:") for f in FEATURES)  # the features from the rules come first
_CLIP = 1e-4  # probabilities kept inside [1e-4, 1 - 1e-4] before their log-odds


@dataclass(frozen=True, slots=True)
class Judgement:
    """What the model makes of one paper, per topic in the model's (the taxonomy's) order."""

    probability: tuple[float, ...]  # that the topic is decided
    text: tuple[float, ...]  # the text part's probability alone
    shares: tuple[tuple[float, float], ...]  # the log-odds the (rules, text) features add


# eq=False: compared by identity, like a taxonomy (and loaded once per content folder).
@dataclass(frozen=True, slots=True, eq=False)
class TopicModel:
    topics: tuple[str, ...]  # the taxonomy's slugs, in its order, when trained
    rules: str  # the rules' version when trained (classify.version)
    threshold: float  # a topic after the first needs this probability
    columns: dict[str, int]  # term -> column, in sorted term order
    frequency: np.ndarray  # per column: how many of the training papers have the term
    documents: int  # the training papers
    text_bias: np.ndarray  # per topic
    text_weights: np.ndarray  # topics × columns
    bias: float
    topic_bias: np.ndarray  # per topic
    weights: np.ndarray  # per feature (FEATURES)
    identity: str  # "model-" and the start of the file's SHA-256: names it in the classifier version
    about: dict[str, Any]  # what it was trained on and how it scored (for people; never read)
    _idf: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_idf", smooth_idf(self.frequency, self.documents))

    def fits(self, slugs: Sequence[str]) -> bool:
        """Whether the model knows exactly these topics, in this order (else it is not used)."""
        return tuple(slugs) == self.topics

    def text_logits(self, paper: Paper) -> np.ndarray:
        where, weights = vector(counts(paper), self.columns, self._idf)
        return self.text_bias + self.text_weights[:, where] @ weights

    def judge(self, paper: Paper, scores: Sequence[float], chosen: Sequence[int]) -> Judgement:
        """The model's probabilities for the paper, given the rules' scores (per topic, in order)
        and the topics the rules chose (positions, best first)."""
        text = _sigmoid(self.text_logits(paper))
        features = rule_features(np.asarray(scores, dtype=np.float64), chosen, text)
        rules = features[:, :_RULES] @ self.weights[:_RULES]
        learned = features[:, _RULES:] @ self.weights[_RULES:]
        probability = _sigmoid(self.bias + self.topic_bias + rules + learned)
        return Judgement(
            tuple(map(float, probability)),
            tuple(map(float, text)),
            tuple(zip(map(float, rules), map(float, learned), strict=True)),
        )

    def words(self, paper: Paper, topic: int, count: int = 5) -> list[tuple[str, float]]:
        """The paper's terms that raise the topic's text log-odds most, with what each adds."""
        where, weights = vector(counts(paper), self.columns, self._idf)
        adds = self.text_weights[topic, where] * weights
        names = sorted(self.columns, key=self.columns.__getitem__)
        ranked = sorted(zip(adds, where, strict=True), key=lambda a: (-a[0], a[1]))
        return [(names[int(column)], float(add)) for add, column in ranked[:count] if add > 0]


def counts(paper: Paper) -> Counter[str]:
    """The paper's terms as the text part reads them: its title (twice: it names what the paper is
    about), abstract and arXiv categories."""
    found = terms(f"{paper.title} {paper.title} {paper.abstract}", TOKEN)
    found.update(CATEGORY + c.lower() for c in dict.fromkeys(paper.categories))
    return found


def rule_features(scores: np.ndarray, chosen: Sequence[int], text: np.ndarray) -> np.ndarray:
    """The combining part's features (FEATURES), a row per topic."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])  # stable: ties in taxonomy order
    rank = np.empty(len(scores), dtype=np.int64)
    rank[order] = np.arange(len(scores))
    best = float(scores.max()) if len(scores) else 0.0
    first = np.zeros(len(scores))
    picked = np.zeros(len(scores))
    if chosen:
        first[chosen[0]] = 1.0
        picked[list(chosen)] = 1.0
    clipped = np.clip(text, _CLIP, 1 - _CLIP)
    return np.column_stack(
        [
            np.log1p(scores),
            scores / best if best > 0 else np.zeros(len(scores)),
            first,
            picked,
            (rank == 1).astype(np.float64),
            (rank == 2).astype(np.float64),
            np.log(clipped / (1 - clipped)),
            text * first,
        ]
    )


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def load_model(content: Path) -> TopicModel | None:
    """The content folder's model, or None when it has none; InputError when the file is unreadable."""
    path = content / MODEL_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return parse(data, path)


def parse(data: bytes, where: Path | str = MODEL_FILE) -> TopicModel:
    """A model file's bytes read into a model; InputError when they are not one."""
    try:
        raw = json.loads(data)
        if raw.get("paperfeed topic model") != FORMAT:
            raise InputError(where, f"not a paperfeed topic model of format {FORMAT} (run `paperfeed train`)")
        topics = tuple(raw["topics"])
        text, combine = raw["text"], raw["combine"]
        vocabulary = sorted(text["terms"])
        columns = {term: i for i, term in enumerate(vocabulary)}
        weights = np.zeros((len(topics), len(columns)))
        for row, slug in enumerate(topics):
            for term, weight in text["weights"][slug].items():
                weights[row, columns[term]] = weight
        model = TopicModel(
            topics=topics,
            rules=str(raw["rules"]),
            threshold=float(raw["threshold"]),
            columns=columns,
            frequency=np.array([int(text["terms"][t]) for t in vocabulary], dtype=np.int64),
            documents=int(text["documents"]),
            text_bias=np.array([text["bias"][s] for s in topics], dtype=np.float64),
            text_weights=weights,
            bias=float(combine["bias"]),
            topic_bias=np.array([combine["topics"][s] for s in topics], dtype=np.float64),
            weights=np.array([combine["features"][f] for f in FEATURES], dtype=np.float64),
            identity="model-" + hashlib.sha256(data).hexdigest()[:10],
            about=dict(raw.get("about", {})),
        )
    except InputError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        problem = f"{type(exc).__name__}: {exc}"[:200]
        raise InputError(where, f"not a readable topic model ({problem}); run `paperfeed train`") from None
    numbers = np.concatenate([model.weights, model.topic_bias, model.text_bias, model.text_weights.ravel()])
    if not 0 < model.threshold < 1 or not np.isfinite(numbers).all() or model.documents < 1:
        raise InputError(
            where, "not a readable topic model (a threshold or weight out of range); run `paperfeed train`"
        )
    if (model.frequency < 1).any() or (model.frequency > model.documents).any():
        raise InputError(
            where, "not a readable topic model (a term's frequency out of range); run `paperfeed train`"
        )
    return model


def dump(model: TopicModel) -> bytes:
    """The model file's bytes: the same model always gives the same bytes. Each topic's weights are
    one line, the heaviest first, so that a reader sees what the model learned of the topic."""
    names = sorted(model.columns, key=model.columns.__getitem__)

    def line(mapping: dict[str, Any]) -> str:
        return json.dumps(mapping, ensure_ascii=False, separators=(", ", ": "))

    weights = {}
    for row, slug in enumerate(model.topics):
        nonzero = [
            (names[c], float(model.text_weights[row, c])) for c in np.flatnonzero(model.text_weights[row])
        ]
        weights[slug] = dict(sorted(nonzero, key=lambda tw: (-tw[1], tw[0])))
    head = {
        "paperfeed topic model": FORMAT,
        "about": model.about,
        "rules": model.rules,
        "topics": list(model.topics),
        "threshold": model.threshold,
        "combine": {
            "bias": model.bias,
            "features": dict(zip(FEATURES, map(float, model.weights), strict=True)),
            "topics": dict(zip(model.topics, map(float, model.topic_bias), strict=True)),
        },
    }
    text = [
        f' "documents": {model.documents}',
        f' "bias": {line(dict(zip(model.topics, map(float, model.text_bias), strict=True)))}',
        ' "weights": {\n' + ",\n".join(f"  {json.dumps(s)}: {line(w)}" for s, w in weights.items()) + "\n }",
        f' "terms": {line({t: int(model.frequency[i]) for i, t in enumerate(names)})}',
    ]
    body = json.dumps(head, indent=1, ensure_ascii=False)[:-2]
    return (body + ',\n "text": {\n' + ",\n".join(text) + "\n }\n}\n").encode()
