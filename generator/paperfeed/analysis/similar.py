"""Text similarity over the whole digest: similar papers, and each paper's strongest terms (what
the reader's browser weighs for its "For you" order).

TF-IDF over title and abstract (the baseline arxiv-sanity made familiar), with the neighbour
search kept near-linear: each paper keeps only its strongest terms, and a term shared by too many
papers stops proposing candidates, so the work per paper is bounded however large the digest
grows and no N×N matrix is ever formed. Among the candidates, sharing the paper's topics counts
strongly (AGREEMENT): words alone ranked a third of the links off the paper's subject, measured
against hand labels (benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from paperfeed.analysis.tfidf import TOKEN, tfidf
from paperfeed.model import Paper

TERMS_PER_PAPER = 24  # strongest terms each paper keeps for the neighbour search
MAX_POSTINGS = 400  # a term in more papers' strongest terms than this proposes no candidates
_CHUNK = 2000  # rows of the similarity product computed at once (bounds memory)
# What full topic agreement adds to a cosine similarity (most links score 0.05 to 0.3): half for
# sharing the paper's first topic, half for the share of its topics the other paper has too.
AGREEMENT = 0.2


@dataclass(frozen=True, slots=True)
class TextIndex:
    similar: tuple[tuple[int, ...], ...]  # per paper: its most similar papers, by position
    terms: tuple[tuple[tuple[str, float], ...], ...]  # per paper: its strongest terms, weight in (0, 1]


def analyse(
    papers: Sequence[Paper], topics: Sequence[tuple[str, ...]] = (), *, neighbours: int = 5, terms: int = 8
) -> TextIndex:
    """Each paper's most similar papers and strongest `terms` terms, by position in `papers`
    (deterministic); with `topics` (each paper's, best first), a candidate sharing them ranks
    higher."""
    if len(papers) < 2:
        return TextIndex(tuple(() for _ in papers), tuple(() for _ in papers))
    # The title counts twice: it names what the paper is about. Words in more than half the
    # papers say nothing about any one of them.
    weights = tfidf(
        [f"{p.title} {p.title} {p.abstract}" for p in papers],
        TOKEN,
        max_df=0.5 if len(papers) >= 20 else 1.0,
    )
    strongest = _strongest_terms(weights.matrix, TERMS_PER_PAPER)
    return TextIndex(
        _neighbours(strongest, neighbours, _Topics(topics, len(papers))),
        _top_terms(strongest, weights.vocabulary, terms))


def _top_terms(
    strongest: sparse.csr_matrix, vocabulary: np.ndarray, count: int
) -> tuple[tuple[tuple[str, float], ...], ...]:
    """Each row's `count` largest weights, with their terms, largest first (ties: the term)."""
    out = []
    for i in range(strongest.shape[0]):
        start, end = strongest.indptr[i], strongest.indptr[i + 1]
        cols, vals = strongest.indices[start:end], strongest.data[start:end]
        keep = _order(cols, vals)[:count]
        out.append(tuple((str(vocabulary[cols[k]]), float(vals[k])) for k in keep))
    return tuple(out)


class _Topics:
    """Each paper's topics as columns of a membership table, for the agreement of many candidates
    at once."""

    def __init__(self, topics: Sequence[tuple[str, ...]], size: int) -> None:
        ids: dict[str, int] = {}
        self.own = [[ids.setdefault(t, len(ids)) for t in dict.fromkeys(ts)] for ts in topics]
        self.member = np.zeros((size, len(ids)), dtype=bool)
        for paper, columns in enumerate(self.own):
            self.member[paper, columns] = True

    def agreement(self, paper: int, candidates: np.ndarray) -> np.ndarray:
        """Per candidate: 0.5 if it has the paper's first topic, plus 0.5 × the share of the paper's
        topics it has; 0 for every candidate when the paper has no topics."""
        own = self.own[paper] if paper < len(self.own) else []
        if not own:
            return np.zeros(len(candidates))
        shared = self.member[np.ix_(candidates, np.array(own))]
        return 0.5 * shared[:, 0] + 0.5 * shared.sum(axis=1) / len(own)


def _strongest_terms(matrix: sparse.csr_matrix, count: int) -> sparse.csr_matrix:
    """Each row cut to its `count` largest weights, renormalized to unit length."""
    indptr, indices, data = [0], [], []
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        keep = _order(matrix.indices[start:end], matrix.data[start:end])[:count]
        weights = matrix.data[start:end][keep]
        indices.append(matrix.indices[start:end][keep])
        data.append(weights / (float(np.linalg.norm(weights)) or 1.0))
        indptr.append(indptr[-1] + len(keep))
    return sparse.csr_matrix(
        (np.concatenate(data), np.concatenate(indices), np.array(indptr)), shape=matrix.shape
    )


def _neighbours(strongest: sparse.csr_matrix, count: int, topics: _Topics) -> tuple[tuple[int, ...], ...]:
    postings = np.bincount(strongest.indices, minlength=strongest.shape[1])
    common = np.flatnonzero(postings > MAX_POSTINGS)
    proposers = strongest.copy()
    if len(common):
        proposers.data[np.isin(proposers.indices, common)] = 0
        proposers.eliminate_zeros()
    transposed = proposers.T.tocsr()
    result: list[tuple[int, ...]] = []
    for start in range(0, strongest.shape[0], _CHUNK):
        scores = (strongest[start : start + _CHUNK] @ transposed).tocsr()
        for offset in range(scores.shape[0]):
            i = start + offset
            lo, hi = scores.indptr[offset], scores.indptr[offset + 1]
            cand, vals = scores.indices[lo:hi], scores.data[lo:hi]
            mask = cand != i
            cand, vals = cand[mask], vals[mask] + AGREEMENT * topics.agreement(i, cand[mask])
            vals = np.round(vals, 5)  # rounding keeps ties stable
            if len(vals) > count:  # keep the best few (and all tied with the last) before sorting
                keep = vals >= np.partition(vals, len(vals) - count)[len(vals) - count]
                cand, vals = cand[keep], vals[keep]
            order = np.lexsort((cand, -vals))[:count]  # best score first, then earlier paper
            result.append(tuple(int(c) for c in cand[order]))
    return tuple(result)


def _order(indices: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Positions by weight, largest first; ties go to the lower index, so results are stable."""
    return np.lexsort((indices, -weights))
