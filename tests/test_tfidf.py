"""generator/tfidf.py: TF-IDF with NumPy and SciPy, checked against scikit-learn's."""

from __future__ import annotations

import numpy as np
import pytest
from sitekit import REPO
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from paperfeed.analysis.similar import TOKEN
from paperfeed.analysis.tfidf import STOP_WORDS, tfidf
from paperfeed.store import files as store


def test_the_stop_words_are_scikit_learns() -> None:
    assert frozenset(ENGLISH_STOP_WORDS) == STOP_WORDS


@pytest.mark.parametrize(("max_df", "min_df"), [(1.0, 1), (0.5, 1), (0.1, 1), (1.0, 2), (0.5, 3)])
def test_weights_match_scikit_learn_on_the_default_content(max_df: float, min_df: int) -> None:
    documents = [f"{p.title} {p.title} {p.abstract}" for p in store.load(REPO / "content")]
    ours = tfidf(documents, TOKEN, max_df=max_df, min_df=min_df)
    reference = TfidfVectorizer(
        stop_words="english",
        token_pattern=TOKEN.pattern,
        sublinear_tf=True,
        max_df=max_df,
        min_df=min_df,
        dtype=np.float32,
    )
    expected = reference.fit_transform(documents).tocsr()
    expected.sort_indices()
    assert list(ours.vocabulary) == list(reference.get_feature_names_out())
    np.testing.assert_allclose(ours.idf, reference.idf_, rtol=1e-6)
    assert ours.matrix.shape == expected.shape
    assert np.array_equal(ours.matrix.indptr, expected.indptr)
    assert np.array_equal(ours.matrix.indices, expected.indices)
    np.testing.assert_allclose(ours.matrix.data, expected.data, rtol=1e-5)


def test_terms_are_lowercased_words_with_hyphens_kept_and_stop_words_dropped() -> None:
    weights = tfidf(["The Chain-of-Thought of a model", "A model, a MODEL", ""], TOKEN)
    assert list(weights.vocabulary) == ["chain-of-thought", "model"]
    dense = weights.matrix.toarray()
    np.testing.assert_allclose(np.linalg.norm(dense[:2], axis=1), [1, 1], rtol=1e-6)
    assert not dense[2].any()  # an empty document is a zero row, not a division by zero
    # "model" is in both documents, so it weighs less than "chain-of-thought" in the first
    assert dense[0, 0] > dense[0, 1] > 0
    # sublinear tf: "model" three times in the second is 1 + log 3, alone in its row: weight 1
    assert dense[1, 1] == pytest.approx(1)


def test_terms_in_too_many_documents_are_dropped() -> None:
    weights = tfidf(["alpha beta", "alpha gamma", "alpha delta"], TOKEN, max_df=0.5)
    assert list(weights.vocabulary) == ["beta", "delta", "gamma"]
