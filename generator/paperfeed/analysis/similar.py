"""Text similarity over the whole digest: similar papers and distinctive keywords.

TF-IDF over title and abstract (the baseline arxiv-sanity made familiar), with the neighbour
search kept near-linear: each paper keeps only its strongest terms, and a term shared by too many
papers stops proposing candidates, so the work per paper is bounded however large the digest
grows and no N×N matrix is ever formed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from paperfeed.analysis.tfidf import tfidf
from paperfeed.model import Paper

TERMS_PER_PAPER = 24  # strongest terms each paper keeps for the neighbour search
MAX_POSTINGS = 400  # a term in more papers' strongest terms than this proposes no candidates
_CHUNK = 2000  # rows of the similarity product computed at once (bounds memory)
LONGEST_KEYWORD = 40  # longer "words" are noise (run-together text, hashes), not what a reader recalls
TOKEN = re.compile(r"\b\w[\w-]*\w\b")  # words of two or more characters, hyphenated ones whole


@dataclass(frozen=True, slots=True)
class TextIndex:
    similar: tuple[tuple[int, ...], ...]  # per paper: indices of its most similar papers
    keywords: tuple[tuple[str, ...], ...]  # per paper: its most distinctive words


def analyse(papers: Sequence[Paper], *, neighbours: int = 5, keywords: int = 24) -> TextIndex:
    """Similar papers and keywords for each paper, by position in `papers` (deterministic)."""
    if len(papers) < 2:
        return TextIndex(tuple(() for _ in papers), tuple(() for _ in papers))
    # The title counts twice: it names what the paper is about. Words in more than half the
    # papers say nothing about any one of them.
    weights = tfidf(
        [f"{p.title} {p.title} {p.abstract}" for p in papers],
        TOKEN,
        max_df=0.5 if len(papers) >= 20 else 1.0,
    )
    matrix = weights.matrix
    strongest = _strongest_terms(matrix, TERMS_PER_PAPER)
    return TextIndex(
        similar=_neighbours(strongest, neighbours),
        keywords=tuple(
            _keywords(papers[i].title, matrix.indices[a:b], weights.idf, weights.vocabulary, keywords)
            for i, (a, b) in enumerate(zip(matrix.indptr[:-1], matrix.indptr[1:], strict=True))
        ),
    )


def _keywords(
    title: str, terms: np.ndarray, idf: np.ndarray, vocabulary: np.ndarray, count: int
) -> tuple[str, ...]:
    """The abstract's rarest words across the digest, the words a reader remembers a paper by;
    the title's words are left out (search reads the title anyway)."""
    in_title = set(title.casefold().split())
    rarest = (str(vocabulary[j]) for j in _top(terms, idf[terms], count + len(in_title)))
    kept = (w for w in rarest if w not in in_title and not w.isdigit() and len(w) <= LONGEST_KEYWORD)
    return tuple(kept)[:count]


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


def _neighbours(strongest: sparse.csr_matrix, count: int) -> tuple[tuple[int, ...], ...]:
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
            cand, vals = cand[mask], np.round(vals[mask], 5)  # rounding keeps ties stable
            if len(vals) > count:  # keep the best few (and all tied with the last) before sorting
                keep = vals >= np.partition(vals, len(vals) - count)[len(vals) - count]
                cand, vals = cand[keep], vals[keep]
            order = np.lexsort((cand, -vals))[:count]  # best score first, then earlier paper
            result.append(tuple(int(c) for c in cand[order]))
    return tuple(result)


def _top(indices: np.ndarray, weights: np.ndarray, count: int) -> np.ndarray:
    """The `count` indices of largest weight, largest first."""
    return indices[_order(indices, weights)[:count]]


def _order(indices: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Positions by weight, largest first; ties go to the lower index, so results are stable."""
    return np.lexsort((indices, -weights))
