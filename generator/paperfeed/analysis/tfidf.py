"""TF-IDF weights with NumPy and SciPy sparse matrices.

The weighting of scikit-learn's `TfidfVectorizer(sublinear_tf=True)` (smoothed idf, rows scaled
to unit length; a test checks that the two agree), without importing scikit-learn, whose import
alone cost a third of a small digest's build (benchmarks/README.md).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

# English stop words: the list scikit-learn uses (BSD-3-Clause), from the Glasgow Information
# Retrieval Group (http://ir.dcs.gla.ac.uk/resources/linguistic_utils/stop_words).
_STOP_LIST = """
a about above across after afterwards again against all almost alone along already also although
always am among amongst amoungst amount an and another any anyhow anyone anything anyway
anywhere are around as at back be became because become becomes becoming been before beforehand
behind being below beside besides between beyond bill both bottom but by call can cannot cant co
con could couldnt cry de describe detail do done down due during each eg eight either eleven
else elsewhere empty enough etc even ever every everyone everything everywhere except few
fifteen fifty fill find fire first five for former formerly forty found four from front full
further get give go had has hasnt have he hence her here hereafter hereby herein hereupon hers
herself him himself his how however hundred i ie if in inc indeed interest into is it its itself
keep last latter latterly least less ltd made many may me meanwhile might mill mine more
moreover most mostly move much must my myself name namely neither never nevertheless next nine
no nobody none noone nor not nothing now nowhere of off often on once one only onto or other
others otherwise our ours ourselves out over own part per perhaps please put rather re same see
seem seemed seeming seems serious several she should show side since sincere six sixty so some
somehow someone something sometime sometimes somewhere still such system take ten than that the
their them themselves then thence there thereafter thereby therefore therein thereupon these
they thick thin third this those though three through throughout thru thus to together too top
toward towards twelve twenty two un under until up upon us very via was we well were what
whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever
whether which while whither who whoever whole whom whose why will with within without would yet
you your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_LIST.split())
TOKEN = re.compile(r"\b\w[\w-]*\w\b")  # words of two or more characters, hyphenated ones whole


@dataclass(frozen=True, slots=True)
class Weights:
    matrix: sparse.csr_matrix  # documents × terms, float32, each row of unit length
    vocabulary: np.ndarray  # the terms (Python strings), sorted; column j is vocabulary[j]
    idf: np.ndarray  # per term


def terms(document: str, token: re.Pattern[str]) -> Counter[str]:
    """A document's terms and how often each occurs: lowercased `token` matches, stop words dropped."""
    return Counter(t for t in token.findall(document.lower()) if t not in STOP_WORDS)


def tfidf(
    documents: Sequence[str], token: re.Pattern[str], *, max_df: float = 1.0, min_df: int = 1
) -> Weights:
    """TF-IDF of `documents`: their `terms`, those in more than `max_df` of the documents or in fewer
    than `min_df` of them dropped; term frequency sublinear (1 + log tf)."""
    ids: dict[str, int] = {}
    indptr, indices, counts = [0], [], []
    for document in documents:
        for term, count in terms(document, token).items():
            indices.append(ids.setdefault(term, len(ids)))
            counts.append(count)
        indptr.append(len(indices))
    # Columns in sorted term order, so the same documents always give the same matrix. The terms
    # stay Python strings: a fixed-width NumPy string array would take the longest term's width
    # for every term, and one enormous "word" would take the build's memory with it.
    vocabulary = np.array(sorted(ids), dtype=object)
    column = np.empty(len(ids), dtype=np.int64)
    column[[ids[term] for term in vocabulary]] = np.arange(len(ids))
    matrix = sparse.csr_matrix(
        (np.array(counts, dtype=np.float32), column[np.array(indices, dtype=np.int64)], np.array(indptr)),
        shape=(len(documents), len(ids)),
    )
    matrix.sort_indices()
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    keep = np.flatnonzero((frequency <= max_df * len(documents)) & (frequency >= min_df))
    if len(keep) < matrix.shape[1]:
        matrix, vocabulary, frequency = matrix[:, keep], vocabulary[keep], frequency[keep]
    idf = smooth_idf(frequency, len(documents)).astype(np.float32)
    matrix.data = (1 + np.log(matrix.data)) * idf[matrix.indices]
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    matrix.data /= np.repeat(norms, np.diff(matrix.indptr)).astype(np.float32)
    return Weights(matrix.tocsr(), vocabulary, idf)


def smooth_idf(frequency: np.ndarray, documents: int) -> np.ndarray:
    """The idf of terms in `frequency` of `documents` documents (smoothed: as if one more document
    held every term)."""
    return np.log((1 + documents) / (1 + np.asarray(frequency, dtype=np.float64))) + 1


def vector(
    counts: Mapping[str, int], columns: Mapping[str, int], idf: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A document's term `counts` weighed as `tfidf` weighs a corpus, over a vocabulary fixed before
    (each term's column, and the idf of each column): the columns of its terms, ascending, and their
    weights, of unit length. What a model trained on a corpus needs of a paper it never saw."""
    found = sorted((columns[t], count) for t, count in counts.items() if t in columns)
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    where = np.array([c for c, _ in found], dtype=np.int64)
    weights = (1 + np.log(np.array([n for _, n in found], dtype=np.float64))) * idf[where]
    return where, weights / np.linalg.norm(weights)
