"""How right the topics are: precision, recall and F1 per topic, on papers labelled by hand.

    python -m benchmarks.classifier_eval              # both sets, a table each
    python -m benchmarks.classifier_eval --markdown   # the same as Markdown tables (benchmarks/README.md)

Two sets: the held-out papers (benchmarks/heldout/papers.yml, real arXiv papers from outside
content/) and the default content (content/papers/, labels in
benchmarks/heldout/default-content-labels.yml). Topics come from the build's own code: one digest
is made of both sets together, as a digest holding those papers would be, so whatever the
classifier learns from the digest it learns here too (never from the labels, which only score).

A predicted topic counts as right when it is among the paper's labels; micro-F1 pools every
(paper, topic) decision of the set.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from paperfeed import slugs
from paperfeed.analysis.classify import TopicClassifier
from paperfeed.analysis.taxonomy import TOPICS_FILE, Taxonomy, load_taxonomy
from paperfeed.model import Paper
from paperfeed.store import files as store

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
HELDOUT = Path(__file__).parent / "heldout" / "papers.yml"
DEFAULT_LABELS = Path(__file__).parent / "heldout" / "default-content-labels.yml"
_HELDOUT_ADDED = dt.date(2026, 11, 25)  # any day: the build needs one, topics never read it


@dataclass(frozen=True, slots=True)
class Labelled:
    paper: Paper
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Score:
    right: int  # true positives
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


@dataclass(frozen=True, slots=True)
class Report:
    name: str
    papers: int
    micro: Score
    per_topic: tuple[tuple[str, Score], ...]  # in the taxonomy's order
    any_right: int  # papers with at least one right topic
    without_topic: int


def heldout_set() -> list[Labelled]:
    items = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    return [
        Labelled(
            Paper(
                title=item["title"],
                abstract=item["abstract"],
                arxiv=item["arxiv"],
                categories=tuple(item.get("categories", ())),
                added=_HELDOUT_ADDED,
            ),
            tuple(item["topics"]),
        )
        for item in items
    ]


def default_set() -> list[Labelled]:
    labels = yaml.safe_load(DEFAULT_LABELS.read_text(encoding="utf-8"))
    papers = slugs.assign(store.load(CONTENT))
    missing = [p.slug for p in papers if p.slug not in labels]
    if missing:
        raise SystemExit(f"error: {DEFAULT_LABELS}: no labels for {len(missing)} papers, e.g. {missing[0]}")
    return [Labelled(p, tuple(labels[p.slug or ""])) for p in papers]


def classify_all(sets: Sequence[Sequence[Labelled]], taxonomy: Taxonomy) -> list[list[tuple[str, ...]]]:
    """Each set's predicted topics: the classifier's own choice, as an import decides it (the
    topics a curator set by hand, or stored at import, are set aside)."""
    classifier = TopicClassifier(taxonomy)
    return [[classifier.topics(item.paper) for item in group] for group in sets]


def score(
    name: str, items: Sequence[Labelled], predicted: Sequence[tuple[str, ...]], taxonomy: Taxonomy
) -> Report:
    counts = {t.slug: [0, 0, 0] for t in taxonomy.topics}
    any_right = without = 0
    for item, got in zip(items, predicted, strict=True):
        truth = set(item.labels)
        for slug in got:
            counts[slug][1] += 1
            counts[slug][0] += slug in truth
        for slug in truth:
            counts[slug][2] += 1
        any_right += bool(truth & set(got))
        without += not got
    per_topic = tuple((slug, Score(*c)) for slug, c in counts.items())
    micro = Score(*(sum(s) for s in zip(*counts.values(), strict=True)))
    return Report(name, len(items), micro, per_topic, any_right, without)


def evaluate(taxonomy: Taxonomy | None = None) -> tuple[Report, Report]:
    taxonomy = taxonomy or load_taxonomy(CONTENT / TOPICS_FILE)
    heldout, default = heldout_set(), default_set()
    got_heldout, got_default = classify_all([heldout, default], taxonomy)
    return (
        score("held-out", heldout, got_heldout, taxonomy),
        score("default content", default, got_default, taxonomy),
    )


def render(report: Report, markdown: bool) -> str:
    m = report.micro
    head = (
        f"{report.name}: {report.papers} papers; micro precision {m.precision:.2f}, recall {m.recall:.2f}, "
        f"F1 {m.f1:.2f}; {report.any_right / report.papers:.0%} of papers with a right topic "
        f"({report.any_right}), {report.without_topic} without a topic"
    )
    rows = [(slug, s) for slug, s in report.per_topic if s.labelled or s.predicted]
    if markdown:
        lines = [f"**{head}**", "", "| topic | labelled | predicted | right | precision | recall | F1 |"]
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        for slug, s in rows:
            lines.append(
                f"| {slug} | {s.labelled} | {s.predicted} | {s.right} | {s.precision:.2f} | {s.recall:.2f} "
                f"| {s.f1:.2f} |"
            )
        return "\n".join(lines)
    lines = [
        head,
        f"  {'topic':<26} {'labelled':>8} {'predicted':>9} {'right':>5}  {'P':>5} {'R':>5} {'F1':>5}",
    ]
    for slug, s in rows:
        lines.append(
            f"  {slug:<26} {s.labelled:>8} {s.predicted:>9} {s.right:>5}  "
            f"{s.precision:>5.2f} {s.recall:>5.2f} {s.f1:>5.2f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--markdown", action="store_true", help="Markdown tables, for benchmarks/README.md")
    args = parser.parse_args(argv)
    for report in evaluate():
        print(render(report, args.markdown))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
