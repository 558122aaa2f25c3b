"""`paperfeed explain PAPER`: why a paper has its topics, in words, from the classifier's own hits.

Finding the paper and writing the explanation are pure functions; the CLI reads the store.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from paperfeed.analysis.classify import Classification, TopicScore
from paperfeed.analysis.learned import CATEGORY, TopicModel
from paperfeed.analysis.matcher import Hit, Where
from paperfeed.analysis.taxonomy import Taxonomy
from paperfeed.model import Paper, arxiv_id

RUNNERS_UP = 5  # topics shown that fell short, best first


@dataclass(frozen=True, slots=True)
class Found:
    paper: Paper | None
    problem: str = ""  # why none was found, or which papers the key could mean


def find(papers: Sequence[Paper], key: str) -> Found:
    """The paper `key` names: its slug, its arXiv id (with or without a version, or its URL), or
    its title (case and spacing aside)."""
    key = key.strip()
    by_slug = [p for p in papers if p.slug == key]
    if by_slug:
        return Found(by_slug[0])
    wanted = arxiv_id(key)
    by_id = [p for p in papers if wanted and p.arxiv == wanted]
    if by_id:
        return Found(by_id[0])
    title = _folded(key)
    by_title = [p for p in papers if _folded(p.title) == title]
    if len(by_title) == 1:
        return Found(by_title[0])
    if by_title:
        slugs = ", ".join(str(p.slug) for p in by_title[:5])
        return Found(None, f"{len(by_title)} papers have that title ({slugs}): give a slug")
    return Found(None, f"no paper {key!r} (give its slug, its arXiv id or its title)")


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def render(
    paper: Paper,
    result: Classification,
    taxonomy: Taxonomy,
    store_file: str = "",
    model: TopicModel | None = None,
) -> str:
    """The explanation, one fact a line. The paper's words are in double quotes exactly as it has
    them; everything else is unquoted, so a reader (or a script) can tell the two apart. With the
    `model` that judged it (result.learned), each topic's line of the learned part beside its
    phrases: its probability, and what the rules' evidence and the paper's words added to it."""
    scoring = taxonomy.scoring
    learned = _Learned(paper, result, model, taxonomy) if model is not None and result.learned else None
    names = {t.slug: t.name for t in taxonomy.topics}
    head = " · ".join(
        part
        for part in (str(paper.slug or ""), f"arXiv {paper.arxiv}" if paper.arxiv else "", store_file)
        if part
    )
    lines = [head, "Topics: " + ", ".join(f"{names.get(s, s)} ({s})" for s in result.topics)]
    if result.manual:
        lines.append(
            "  set by hand: the paper's `topics:` list in the store wins over the rules; "
            "what the rules find is below"
        )
    elif result.fallback:
        lines.append(
            f"  no topic reached scoring.min_score ({_num(scoring.min_score)}): the taxonomy's fallback topic"
        )
    stale = not result.manual and bool(result.decided) and result.decided != result.topics
    if stale:
        decided = ", ".join(result.decided)
        lines.append(
            f"  stored when it was imported ({paper.classifier or 'by an earlier classifier'}); today's "
            f"classifier would give {decided} (`paperfeed retopic` applies it)"
        )
    lines.append("")
    chosen = [] if result.manual else [s for s in result.topics if not result.fallback]
    for rank, slug in enumerate(chosen, start=1):
        score = result.score(slug)
        if stale:  # what earned it then is not known: say what today's classifier makes of it
            kept = slug in result.decided
            why = "stored; today's classifier " + ("keeps it" if kept else "would not give it")
        elif rank == 1:
            why = "the best score"
        elif learned:
            why = f"the model's probability {learned.probability(slug)}, at least {_num(result.threshold)}"
        else:
            why = f"at least the bar of {_num(result.bar)}"
        lines += [f"{rank}. {names[slug]} ({slug}): score {_num(score.score)}, {why}", *_hits(score)]
        lines += learned.lines(slug) if learned else []
    if result.manual:
        for slug in result.topics:
            score = result.score(slug)
            lines += [f"- {names.get(slug, slug)} ({slug}): set by hand; rules score {_num(score.score)}"]
            lines += _hits(score)
            lines += learned.lines(slug) if learned else []
    shown = {*chosen, *(result.topics if result.manual else ())}
    others = [t for t in result.ranked if t.slug not in shown]
    if learned:  # the topics the model weighed most, with or without a phrase
        others += [result.score(slug) for slug in learned.likely() if slug not in shown]
        others = sorted(dict((t.slug, t) for t in others).values(), key=lambda t: -learned.chance(t.slug))
    if others:
        lines += ["", "Runners-up, and why they fell short:"]
        for score in others[:RUNNERS_UP]:
            if learned and not result.manual:
                reason = learned.short(score.slug)
            else:
                reason = _short(score, result, taxonomy)
            lines += [f"- {names[score.slug]} ({score.slug}): score {_num(score.score)}, {reason}"]
            lines += _hits(score)
            lines += learned.lines(score.slug) if learned else []
        if len(others) > RUNNERS_UP:
            lines.append(f"  and {len(others) - RUNNERS_UP} more topics with a smaller score")
    if not result.ranked:
        lines.append("No phrase of content/topics.yml occurs in the title or abstract.")
    lines += ["", f"Title: {paper.title}"]
    return "\n".join(lines) + "\n"


class _Learned:
    """The learned part's say on each topic of one paper, in words."""

    def __init__(self, paper: Paper, result: Classification, model: TopicModel, taxonomy: Taxonomy) -> None:
        assert result.learned is not None
        self.paper, self.result, self.model = paper, result, model
        self.judgement = result.learned
        self.index = {slug: i for i, slug in enumerate(model.topics)}
        self.most = taxonomy.scoring.max_topics

    def chance(self, slug: str) -> float:
        return self.judgement.probability[self.index[slug]]

    def probability(self, slug: str) -> str:
        return f"{self.chance(slug):.2f}"

    def likely(self) -> list[str]:
        """Topics the model gives at least half its threshold, most probable first."""
        half = self.result.threshold / 2
        return sorted((s for s in self.model.topics if self.chance(s) >= half), key=lambda s: -self.chance(s))

    def short(self, slug: str) -> str:
        said = f"the model's probability {self.probability(slug)}"
        if self.chance(slug) >= self.result.threshold:
            return f"{said} is enough, but only {self.most} topics are shown"
        return f"{said}, below {_num(self.result.threshold)}"

    def lines(self, slug: str) -> list[str]:
        i = self.index[slug]
        rules, text = self.judgement.shares[i]
        prior = self.model.bias + float(self.model.topic_bias[i])
        found = self.model.words(self.paper, i)
        words = ", ".join(f"{self._term(term)} {_signed(add)}" for term, add in found)
        return [
            f"    learned ({self.model.identity}): probability {self.probability(slug)}; log-odds "
            f"{_signed(rules)} from the rules' evidence, {_signed(text)} from the words, "
            f"{_signed(prior)} for the topic" + (f"; the words for it: {words}" if words else "")
        ]

    def _term(self, term: str) -> str:
        """A word of the paper in quotes, as the model reads it (lowercase); a category as the paper
        writes it, unquoted."""
        if not term.startswith(CATEGORY):
            return f'"{term}"'
        name = term[len(CATEGORY) :]
        return "arXiv " + next((c for c in self.paper.categories if c.lower() == name), name)


def _signed(value: float) -> str:
    return f"{value:+.2f}"


def _hits(score: TopicScore) -> list[str]:
    return [f"    {_hit(hit)}" for hit in score.hits]


def _hit(hit: Hit) -> str:
    rules = ", ".join(hit.rules)
    if hit.where is Where.CATEGORY:
        return f"arXiv category {hit.text}: +{_num(hit.points)} (categories: {rules})"
    where = "in the title" if hit.where is Where.TITLE else "in the abstract"
    times = f" {hit.times} times" if hit.times > 1 else ""
    return f'"{hit.text}" {where}{times}: +{_num(hit.points)} (phrase: {rules})'


def _short(score: TopicScore, result: Classification, taxonomy: Taxonomy) -> str:
    scoring = taxonomy.scoring
    if result.manual:
        return "not among the topics set by hand"
    if result.fallback:
        return f"below scoring.min_score ({_num(scoring.min_score)})"
    if score.score >= result.bar:
        return f"enough, but only {scoring.max_topics} topics are shown"
    return (
        f"below the bar of {_num(result.bar)} (scoring: {_num(scoring.secondary_ratio)} of the best "
        f"score, and at least {_num(scoring.secondary_min_score)})"
    )


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
