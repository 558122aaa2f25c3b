"""`paperfeed explain PAPER`: why a paper has its topics, in words, from the classifier's own hits.

Finding the paper and writing the explanation are pure functions; the CLI reads the store.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from paperfeed.analysis.classify import Classification, TopicScore
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


def render(paper: Paper, result: Classification, taxonomy: Taxonomy, store_file: str = "") -> str:
    """The explanation, one fact a line. The paper's words are in double quotes exactly as it has
    them; everything else is unquoted, so a reader (or a script) can tell the two apart."""
    scoring = taxonomy.scoring
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
    lines.append("")
    chosen = [] if result.manual else [s for s in result.topics if not result.fallback]
    for rank, slug in enumerate(chosen, start=1):
        score = result.score(slug)
        why = "the best score" if rank == 1 else f"at least the bar of {_num(result.bar)}"
        lines += [f"{rank}. {names[slug]} ({slug}): score {_num(score.score)}, {why}", *_hits(score)]
    if result.manual:
        for slug in result.topics:
            score = result.score(slug)
            lines += [f"- {names.get(slug, slug)} ({slug}): set by hand; rules score {_num(score.score)}"]
            lines += _hits(score)
    others = [
        t for t in result.ranked if t.slug not in chosen and not (result.manual and t.slug in result.topics)
    ]
    if others:
        lines += ["", "Runners-up, and why they fell short:"]
        for score in others[:RUNNERS_UP]:
            reason = _short(score, result, taxonomy)
            lines += [f"- {names[score.slug]} ({score.slug}): score {_num(score.score)}, {reason}"]
            lines += _hits(score)
        if len(others) > RUNNERS_UP:
            lines.append(f"  and {len(others) - RUNNERS_UP} more topics with a smaller score")
    if not result.ranked:
        lines.append("No phrase of content/topics.yml occurs in the title or abstract.")
    lines += ["", f"Title: {paper.title}"]
    return "\n".join(lines) + "\n"


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
