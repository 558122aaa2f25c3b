"""The words beside each search bundle (plugin/search_words.py), which the search box checks a
query against before it trusts Pagefind's answer, and what the box is told about topics and the
author index (site/search_box.py)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from searchkit import paper_docs

from paperfeed.analysis.lists import Collection, Kind
from paperfeed.plugin import search, search_cache, search_words
from paperfeed.site import search_box


def test_a_word_is_folded_as_pagefind_folds_a_query() -> None:
    # Punctuation (dashes, brackets, quotes, the rest) dropped; symbols and "_" kept; lowercased;
    # accents removed.
    assert search_words.fold("GPT-4o") == "gpt4o"
    assert search_words.fold("(GRPO),") == "grpo"
    assert search_words.fold("2402.15198") == "240215198"
    assert search_words.fold("Kjellström") == "kjellstrom"
    assert search_words.fold("TÜLU") == "tulu"
    assert search_words.fold("«don't»") == "dont"
    assert search_words.fold("C++") == "c++" and search_words.fold("a$b") == "a$b"
    assert search_words.fold("foo_bar") == "foo_bar"
    assert search_words.fold("—") == ""


def test_a_words_forms_are_it_folded_and_its_parts_between_punctuation() -> None:
    assert search_words.forms("GPT-4o") == {"gpt4o", "gpt", "4o"}
    assert search_words.forms("arXiv 2402.15198.") == {"arxiv", "240215198", "2402", "15198"}
    assert search_words.forms("Kjellström·Lee") == {"kjellstromlee", "kjellstrom", "lee"}
    assert search_words.forms("— · ,") == set()


def test_the_vocabulary_is_every_form_once_in_the_order_a_browser_compares_strings() -> None:
    words = search_words.vocabulary(["Zeta alpha", "alpha Émile 😀x ｚ"])
    assert words == sorted(set(words), key=lambda w: w.encode("utf-16-be", "surrogatepass"))
    assert set(words) == {"zeta", "alpha", "emile", "😀x", "x", "ｚ"}
    # UTF-16 order, not code points: an emoji (surrogates, D8xx) sorts before a full-width letter (FFxx).
    assert words.index("😀x") < words.index("ｚ")


def test_chunks_are_of_about_the_same_size_and_keep_the_order() -> None:
    words = sorted(f"word{n:05d}" for n in range(5000))
    chunks = search_words.chunks(words)
    assert [w for chunk in chunks for w in chunk] == words
    sizes = [sum(len(w) + 1 for w in chunk) for chunk in chunks]
    assert len(chunks) > 5 and max(sizes[:-1]) - min(sizes[:-1]) < 20


def fragment(folder: Path, name: str, record: dict[str, object]) -> None:
    (folder / "fragment").mkdir(parents=True, exist_ok=True)
    data = search_cache.MAGIC + json.dumps(record).encode()
    (folder / "fragment" / f"{name}.pf_fragment").write_bytes(gzip.compress(data))


def test_a_bundles_words_are_written_beside_it_and_looked_up_as_the_search_box_does(tmp_path: Path) -> None:
    fragment(tmp_path, "en_1", {"content": "Reinforcement learning. Richard Su.", "meta": {"title": "RL"}})
    fragment(
        tmp_path,
        "en_2",
        {"content": "Distillation (GPT-4o) arXiv 2402.15198.", "meta": {"date": "June 2025"}},
    )
    assert search_words.write(tmp_path) == len(search_words.vocabulary(search_words.bundle_text(tmp_path)))
    manifest = json.loads((tmp_path / search_words.MANIFEST).read_text(encoding="utf-8"))
    for first, name in manifest["chunks"]:
        assert (tmp_path / "words" / f"{name}.txt").read_text(encoding="utf-8").split("\n")[0] == first
    for word in ("reinforcement", "reinforcem", "su", "distill", "gpt4o", "4o", "240215198", "rl", "june"):
        assert search_words.has(tmp_path, word), word
    # What Pagefind would answer with a shorter word ("su" for "sutton") is not there.
    for word in ("sutton", "zebra", "xylophonequartz", "reinforcements", "2402151980"):
        assert not search_words.has(tmp_path, word), word


def test_the_words_of_a_large_bundle_are_found_across_chunk_boundaries(tmp_path: Path) -> None:
    words = [f"w{n:05d}" for n in range(3000)]
    fragment(tmp_path, "en_1", {"content": " ".join(words), "meta": {}})
    search_words.write(tmp_path)
    manifest = json.loads((tmp_path / search_words.MANIFEST).read_text(encoding="utf-8"))
    assert len(manifest["chunks"]) > 3
    for first, _ in manifest["chunks"]:
        assert search_words.has(tmp_path, first) and search_words.has(tmp_path, first[:-1])
    assert not search_words.has(tmp_path, "w99999")


def test_the_indexer_writes_each_bundles_words_from_what_pagefind_indexed(tmp_path: Path) -> None:
    docs = paper_docs(tmp_path / "docs", ["alpha", "bravo", "charlie"])
    out = tmp_path / "out"
    assert search.index(docs, out, "en", 2) == ["pagefind", "pagefind-2"]
    assert search_words.has(out / "pagefind", "alpha") and search_words.has(out / "pagefind", "bravo")
    assert not search_words.has(out / "pagefind", "charlie")  # in the second slice only
    assert search_words.has(out / "pagefind-2", "charlie")
    # The front matter (its own word "frontmatter") is no paper's text.
    assert not search_words.has(out / "pagefind", "frontmatter")


# --- site/search_box.py ---------------------------------------------------------------------------------


def test_the_search_box_is_told_the_topics_names_and_pages() -> None:
    topic = Collection(Kind.TOPIC, "rl", "Reinforcement learning", "", (), "topics/rl/")
    assert search_box.hints([topic]) == {"topics": [["Reinforcement learning", "topics/rl/"]]}
