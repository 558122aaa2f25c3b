"""How right the topics are, on papers never seen: the hand-labelled sets of benchmarks/heldout/.

    .venv/bin/python -m benchmarks.classifier_eval              # tables per set
    .venv/bin/python -m benchmarks.classifier_eval --markdown   # the tables of benchmarks/README.md

Each set's papers are decided twice: by the rules of content/topics.yml alone, and by the rules
with a topic model fitted on the other folds of every labelled set (10-fold cross-validation,
analysis/training.py, the examples and folds `make model` uses): no paper is scored by a model
that saw its labels. A predicted topic counts as right when it is among the paper's labels;
micro-F1 pools every (paper, topic) decision of the set. Each figure comes with a 95 % bootstrap
interval (papers drawn with replacement, BOOTSTRAP times, seeded).

Similar papers: the share of "similar papers" links whose two papers share a hand-labelled topic,
on the default content as the site builds it, and on every labelled paper as one digest (topics
as the classifier decides them, cross-validated), with words alone (no topic agreement) and with
topic agreement (analysis/similar.py).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from paperfeed import slugs
from paperfeed.analysis import similar, training
from paperfeed.analysis.digest import build_digest
from paperfeed.analysis.taxonomy import TOPICS_FILE, Taxonomy, load_taxonomy
from paperfeed.analysis.training import Example, Score, score
from paperfeed.model import Paper
from paperfeed.store import files as store

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
HELDOUT_DIR = Path(__file__).parent / "heldout"
DEFAULT_LABELS = HELDOUT_DIR / "default-content-labels.yml"
HELDOUT = HELDOUT_DIR / "papers.yml"  # the broad arXiv stream
LIKE_DEFAULT = HELDOUT_DIR / "like-default.yml"
BROAD_2 = HELDOUT_DIR / "broad-2.yml"
# The labelled sets, in the order `make model` gives them to `paperfeed train` (the folds follow it).
LABEL_FILES = (DEFAULT_LABELS, HELDOUT, LIKE_DEFAULT, BROAD_2)
NAMES = {
    DEFAULT_LABELS.name: "default content",
    HELDOUT.name: "broad arXiv",
    LIKE_DEFAULT.name: "like the default content",
    BROAD_2.name: "broad arXiv, second draw",
}
BOOTSTRAP = 2000
SEED = 25


@dataclass(frozen=True, slots=True)
class Interval:
    value: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.value:.3f} [{self.low:.2f}, {self.high:.2f}]"

    def percent(self) -> str:
        return f"{self.value:.0%} [{self.low:.0%}, {self.high:.0%}]"


@dataclass(frozen=True, slots=True)
class Figures:
    """One classifier's figures on one set."""

    micro: Score
    f1: Interval
    any_right: Interval  # share of papers with at least one right topic
    first_right: float  # share of papers whose first topic is right
    without_topic: int
    per_topic: tuple[tuple[str, Score], ...]  # in the taxonomy's order, topics labelled or predicted


@dataclass(frozen=True, slots=True)
class Report:
    name: str
    file: str
    papers: int
    rules: Figures
    model: Figures


@dataclass(frozen=True, slots=True)
class Links:
    """The share of similar-papers links whose papers share a hand-labelled topic."""

    name: str
    links: int
    words: Interval  # ranked by words alone
    topics: Interval  # with topic agreement


def examples(taxonomy: Taxonomy) -> list[Example]:
    """Every hand label: the store's own `topics:`, then the labelled sets (as `make model`)."""
    papers = slugs.assign(store.load(CONTENT))
    found = training.store_examples(papers)
    for path in LABEL_FILES:
        found += training.read_labels(path, papers, taxonomy)
    return training.deduplicated(found)


def evaluate(taxonomy: Taxonomy | None = None) -> tuple[list[Report], list[Links]]:
    taxonomy = taxonomy or load_taxonomy(CONTENT / TOPICS_FILE)
    validation = training.cross_validate(examples(taxonomy), taxonomy)
    reports = []
    for source in validation.sources():
        items, rules, model = validation.of(source)
        reports.append(
            Report(
                NAMES.get(source, source),
                source,
                len(items),
                figures(items, rules, taxonomy),
                figures(items, model, taxonomy),
            )
        )
    return reports, similar_links(validation, taxonomy)


def figures(items: Sequence[Example], predicted: Sequence[tuple[str, ...]], taxonomy: Taxonomy) -> Figures:
    counts = {t.slug: [0, 0, 0] for t in taxonomy.topics}
    for item, got in zip(items, predicted, strict=True):
        for slug in got:
            counts[slug][1] += 1
            counts[slug][0] += slug in item.labels
        for slug in item.labels:
            counts[slug][2] += 1
    right = np.array([len(set(p) & set(i.labels)) for i, p in zip(items, predicted, strict=True)])
    made = np.array([len(p) for p in predicted])
    labelled = np.array([len(i.labels) for i in items])
    hit = (right > 0).astype(float)
    return Figures(
        micro=score(items, predicted),
        f1=_bootstrap(
            lambda rows: _f1(right[rows].sum(), made[rows].sum(), labelled[rows].sum()), len(items)
        ),
        any_right=_bootstrap(lambda rows: float(hit[rows].mean()), len(items)),
        first_right=float(
            np.mean([bool(p) and p[0] in i.labels for i, p in zip(items, predicted, strict=True)])
        ),
        without_topic=int((made == 0).sum()),
        per_topic=tuple((slug, Score(*c)) for slug, c in counts.items() if c[1] or c[2]),
    )


def _f1(right: float, predicted: float, labelled: float) -> float:
    return 2 * right / (predicted + labelled) if predicted + labelled else 0.0


def _bootstrap(statistic: Callable[[np.ndarray], float], size: int) -> Interval:
    """The statistic on every row, and its 95 % interval over resamples of the rows."""
    rng = np.random.default_rng(SEED)
    values = np.sort([statistic(rng.integers(0, size, size)) for _ in range(BOOTSTRAP)])
    return Interval(
        statistic(np.arange(size)),
        float(values[int(0.025 * BOOTSTRAP)]),
        float(values[int(0.975 * BOOTSTRAP) - 1]),
    )


def similar_links(validation: training.CrossValidation, taxonomy: Taxonomy) -> list[Links]:
    """The share of links sharing a hand-labelled topic, words alone and with topic agreement."""
    stored = slugs.assign(store.load(CONTENT))  # the default content as the site has it: topics stored
    labels = {e.paper.slug: e.labels for e in validation.examples if e.source == DEFAULT_LABELS.name}
    everything = slugs.assign(
        [
            replace(e.paper, slug=None, auto_topics=t)
            for e, t in zip(validation.examples, validation.model, strict=True)
        ]
    )  # each labelled paper with its topics as the classifier decides them (cross-validated)
    return [
        _links("default content (the site's topics)", stored, [labels[p.slug] for p in stored], taxonomy),
        _links("every labelled paper (cross-validated topics)", everything,
               [e.labels for e in validation.examples], taxonomy),
    ]  # fmt: skip


def _links(name: str, papers: list[Paper], labels: list[tuple[str, ...]], taxonomy: Taxonomy) -> Links:
    """The digest of `papers` as the site builds it, its links with topic agreement and without."""
    digest = build_digest(papers, taxonomy)
    order = [e.paper for e in digest.by_date]
    label = {p.slug: labels[i] for i, p in enumerate(papers)}
    words = similar.analyse(order).similar  # no topics: words alone
    agreed = similar.analyse(order, [e.topics for e in digest.by_date]).similar
    assert [tuple(order[j].slug for j in near) for near in agreed] == [
        tuple(o.slug for o in digest.similar[p.slug or ""]) for p in order
    ]  # what the site links

    def interval(neighbours: tuple[tuple[int, ...], ...]) -> Interval:
        shared = np.array([sum(bool(set(label[p.slug]) & set(label[order[j].slug])) for j in near)
                           for p, near in zip(order, neighbours, strict=True)], dtype=float)  # fmt: skip
        counted = np.array([len(near) for near in neighbours], dtype=float)
        return _bootstrap(lambda rows: float(shared[rows].sum() / max(counted[rows].sum(), 1)), len(order))

    return Links(name, sum(map(len, agreed)), interval(words), interval(agreed))


def render(report: Report, markdown: bool) -> str:
    def head(f: Figures) -> str:
        m = f.micro
        return (
            f"P {m.precision:.2f}, R {m.recall:.2f}, F1 {f.f1}; a right topic {f.any_right.percent()}, "
            f"first topic right {f.first_right:.0%}, {f.without_topic} without a topic"
        )

    lines = [
        f"{report.name} ({report.file}, {report.papers} papers)",
        f"  rules alone:    {head(report.rules)}",
        f"  with the model: {head(report.model)}",
    ]
    rows = report.model.per_topic
    before = dict(report.rules.per_topic)
    if markdown:
        lines = [
            f"**{lines[0]}**",
            "",
            f"- rules alone: {head(report.rules)}",
            f"- with the model: {head(report.model)}",
        ]
        lines += [
            "",
            "| topic | labelled | rules P / R / F1 | with the model P / R / F1 |",
            "|---|---:|---|---|",
        ]
        for slug, s in rows:
            r = before.get(slug, Score(0, 0, s.labelled))
            lines.append(
                f"| {slug} | {s.labelled} | {r.precision:.2f} / {r.recall:.2f} / {r.f1:.2f} "
                f"| {s.precision:.2f} / {s.recall:.2f} / {s.f1:.2f} |"
            )
        return "\n".join(lines)
    lines.append(f"  {'topic':<26} {'labelled':>8}   rules P / R / F1    model P / R / F1")
    for slug, s in rows:
        r = before.get(slug, Score(0, 0, s.labelled))
        lines.append(
            f"  {slug:<26} {s.labelled:>8}   {r.precision:.2f} / {r.recall:.2f} / {r.f1:.2f}    "
            f"{s.precision:.2f} / {s.recall:.2f} / {s.f1:.2f}"
        )
    return "\n".join(lines)


def render_links(links: Links) -> str:
    return (
        f"{links.name}: {links.links} links; sharing a hand-labelled topic: words alone "
        f"{links.words.percent()}, with topic agreement {links.topics.percent()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--markdown", action="store_true", help="Markdown tables, for benchmarks/README.md")
    args = parser.parse_args(argv)
    reports, links = evaluate()
    for report in reports:
        print(render(report, args.markdown))
        print()
    for link in links:
        print(("- " if args.markdown else "") + render_links(link))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
