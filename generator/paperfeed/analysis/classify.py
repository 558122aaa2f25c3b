"""A paper's topics: the rules' best-scoring topic first, then the secondary topics (those the
learned model, content/topics-model.json, finds probable enough; without a model, those scoring
close enough to the best), with the hits that earned each; the taxonomy's fallback for a paper no
topic scores on; the curator's own `topics:` over all of it.

`classification` is the one path from a paper to its topics: the import that decides and stores
a new paper's topics (`TopicClassifier`), the site's "why", `paperfeed explain` and `retopic` all
take theirs from it, so none of them can disagree.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from paperfeed.analysis.learned import Judgement, TopicModel, load_model
from paperfeed.analysis.matcher import Hit, Matcher
from paperfeed.analysis.taxonomy import MAX_TOPICS, TOPICS_FILE, Taxonomy, load_taxonomy
from paperfeed.model import Paper


@dataclass(frozen=True, slots=True)
class TopicScore:
    slug: str
    score: float  # the sum of the hits' points
    hits: tuple[Hit, ...]  # most points first


@dataclass(frozen=True, slots=True)
class Classification:
    """A paper's topics and what earned them."""

    topics: tuple[str, ...]  # 1 to 3 slugs, best first: what the site shows
    manual: bool  # set by hand in the store (its `topics:` list), winning over the rules
    fallback: bool  # no topic scored scoring.min_score: the taxonomy's fallback topic
    ranked: tuple[TopicScore, ...]  # every topic with a hit, best first (ties: taxonomy order)
    bar: float  # the score a topic after the first needed (0 when the fallback was given)
    # what the learned model made of the paper: when it decided, or `everything` was asked
    learned: Judgement | None = None
    threshold: float = 0.0  # the probability the model asked of a topic after the first
    decided: tuple[str, ...] = ()  # what the classifier decides today (stored topics may differ)

    def score(self, slug: str) -> TopicScore:
        return next((t for t in self.ranked if t.slug == slug), TopicScore(slug, 0.0, ()))


@functools.lru_cache(maxsize=16)  # a taxonomy compares by identity: one compile per file read
def matcher(taxonomy: Taxonomy) -> Matcher:
    return Matcher(taxonomy)


def classification(
    paper: Paper,
    taxonomy: Taxonomy,
    *,
    everything: bool = True,
    rules_only: bool = False,
    model: TopicModel | None = None,
) -> Classification:
    """The paper's topics with the evidence for them.

    The topics are the curator's (`topics:`), else those stored when the paper was imported
    (`auto_topics`), else what the classifier (the rules, with the `model` if it fits the
    taxonomy) decides now; `rules_only` asks the classifier alone, what an import stores and
    `retopic` compares with. With `everything`, every topic that scored is there with its hits,
    quoting the paper's words as written, and the model's judgement (for `paperfeed explain`);
    without, only the topics shown, their hits naming the words in lowercase (cheaper: what a paper
    page shows), and the model is asked only when the topics are not stored.
    """
    compiled = matcher(taxonomy)
    contributions, title, abstract = compiled.contributions(paper)
    scores = [0.0] * len(compiled.slugs)
    for contribution in contributions:
        scores[contribution.topic] += contribution.points
    chosen, bar = compiled.choose(scores)
    manual = () if rules_only else _known(paper.topics, taxonomy)
    stored = () if rules_only else _known(paper.auto_topics, taxonomy)
    judgement, threshold = None, 0.0
    if model is not None and model.fits(compiled.slugs) and (everything or not (manual or stored)):
        judgement = model.judge(paper, scores, [compiled.index[s] for s in chosen])
        threshold = model.threshold
        chosen = _decide(chosen[0], judgement, compiled.slugs, threshold, taxonomy.scoring.max_topics)
    topics = manual or stored or chosen
    wanted = None if everything else {compiled.index[slug] for slug in topics}
    hits = compiled.hits(paper, contributions, title, abstract, wanted, quote=everything)
    order = sorted(hits, key=lambda i: (-scores[i], i))  # best first; ties in the taxonomy's order
    ranked = tuple(TopicScore(compiled.slugs[i], scores[i], hits[i]) for i in order)
    fallback = topics[:1] == chosen[:1] and bar == 0.0
    return Classification(topics, bool(manual), fallback, ranked, bar, judgement, threshold, chosen)


def _decide(
    first: str, judgement: Judgement, slugs: tuple[str, ...], threshold: float, most: int
) -> tuple[str, ...]:
    """The rules' first topic, then up to `most` - 1 more that the model finds at least `threshold`
    probable, the most probable first (ties: the taxonomy's order)."""
    order = sorted(range(len(slugs)), key=lambda i: -judgement.probability[i])
    more = [slugs[i] for i in order if slugs[i] != first and judgement.probability[i] >= threshold]
    return (first, *more[: most - 1])


def topic_scores(paper: Paper, taxonomy: Taxonomy) -> dict[str, float]:
    """Every topic's score for the paper's title, abstract and categories: what the rules rank."""
    ranked = classification(paper, taxonomy, rules_only=True)
    return {topic.slug: ranked.score(topic.slug).score for topic in taxonomy.topics}


def _known(slugs: tuple[str, ...], taxonomy: Taxonomy) -> tuple[str, ...]:
    known = [slug for slug in dict.fromkeys(slugs) if taxonomy.get(slug) is not None]
    return tuple(known[:MAX_TOPICS])


class TopicClassifier:
    """The taxonomy's rules and the learned model, as an import uses them (store/importer.Classifier):
    which topics exist, and the topics a new paper gets, stored with `version`, which names the
    rules and the model that decided."""

    def __init__(self, taxonomy: Taxonomy, where: str = TOPICS_FILE, model: TopicModel | None = None) -> None:
        self.taxonomy = taxonomy
        self.where = where
        # A model trained for other topics is not used (`paperfeed check` says so).
        self.model = model if model is not None and model.fits([t.slug for t in taxonomy.topics]) else None
        self.version = version(taxonomy) + (f"+{self.model.identity}" if self.model else "")

    @classmethod
    def of(cls, content: Path) -> TopicClassifier | None:
        """The classifier of a content folder, or None when it has no taxonomy yet."""
        path = content / TOPICS_FILE
        return cls(load_taxonomy(path), str(path), load_model(content)) if path.exists() else None

    def knows(self, topic: str) -> bool:
        return self.taxonomy.get(topic) is not None

    def topics(self, paper: Paper) -> tuple[str, ...]:
        decided = classification(paper, self.taxonomy, everything=False, rules_only=True, model=self.model)
        return decided.topics


def version(taxonomy: Taxonomy) -> str:
    """A short name of the rules: the same rules give the same name, a changed rule another."""
    digest = hashlib.sha256(repr((taxonomy.topics, taxonomy.fallback, taxonomy.scoring)).encode())
    return f"rules-{digest.hexdigest()[:10]}"
