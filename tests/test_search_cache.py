"""Pagefind's files kept between builds (paperfeed/plugin/search_cache.py): a rebuild reuses the
files of pages that did not change and publishes exactly what a build without them would."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from searchkit import failing_indexer, paper_docs

from paperfeed.plugin import search, search_cache


def files_of(bundle: Path) -> dict[str, bytes]:
    files = sorted(p for p in bundle.rglob("*") if p.is_file())
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in files}


def test_a_rebuild_reuses_the_kept_files_and_publishes_the_same_bundle(tmp_path: Path) -> None:
    docs, kept = paper_docs(tmp_path / "docs", ["alpha", "bravo", "charlie"]), tmp_path / "kept"
    search.index(docs, tmp_path / "first", "en", kept=kept)
    search.index(docs, tmp_path / "second", "en", kept=kept)
    search.index(docs, tmp_path / "cold", "en")
    first, second = tmp_path / "first" / "pagefind", tmp_path / "second" / "pagefind"
    assert files_of(second) == files_of(first) == files_of(tmp_path / "cold" / "pagefind")
    # The fragments were not written again: the second bundle's are the kept files themselves.
    fragments = sorted((second / "fragment").iterdir())
    assert len(fragments) == 3
    for fragment in fragments:
        assert fragment.stat().st_ino == (kept / "pagefind" / "fragment" / fragment.name).stat().st_ino


def test_a_paper_gone_leaves_no_file_in_the_bundle_or_the_kept_copy(tmp_path: Path) -> None:
    docs, kept = paper_docs(tmp_path / "docs", ["alpha", "bravo", "charlie"]), tmp_path / "kept"
    search.index(docs, tmp_path / "before", "en", kept=kept)
    (docs / "papers" / "charlie" / "index.md").unlink()
    search.index(docs, tmp_path / "after", "en", kept=kept)
    search.index(docs, tmp_path / "cold", "en")
    after = files_of(tmp_path / "after" / "pagefind")
    assert after == files_of(tmp_path / "cold" / "pagefind")
    assert len([name for name in after if name.startswith("fragment/")]) == 2
    hashed = {n for n in after if n.split("/")[0] in search_cache.HASHED or n.endswith(".pf_meta")}
    assert set(files_of(kept / "pagefind")) == hashed  # the kept copy does not grow with old files


def test_a_bundle_a_smaller_digest_no_longer_needs_is_not_kept(tmp_path: Path) -> None:
    docs, kept = paper_docs(tmp_path / "docs", ["alpha", "bravo", "charlie"]), tmp_path / "kept"
    assert search.index(docs, tmp_path / "two", "en", 2, kept=kept) == ["pagefind", "pagefind-2"]
    (docs / "papers" / "charlie" / "index.md").unlink()
    assert search.index(docs, tmp_path / "one", "en", 2, kept=kept) == ["pagefind"]
    assert sorted(p.name for p in kept.iterdir()) == ["pagefind"]


def test_a_failed_build_leaves_the_kept_copy_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, kept = paper_docs(tmp_path / "docs", ["alpha", "bravo"]), tmp_path / "kept"
    search.index(docs, tmp_path / "good", "en", kept=kept)
    before = files_of(kept)
    (docs / "papers" / "bravo" / "index.md").unlink()
    failing_indexer(tmp_path, monkeypatch, "Error: killed", 137)
    with pytest.raises(search.SearchIndexError, match="killed"):
        search.index(docs, tmp_path / "failed", "en", kept=kept)
    assert files_of(kept) == before


def test_a_kept_file_cut_short_is_written_again(tmp_path: Path) -> None:
    docs, kept = paper_docs(tmp_path / "docs", ["alpha", "bravo"]), tmp_path / "kept"
    search.index(docs, tmp_path / "first", "en", kept=kept)
    broken = sorted((kept / "pagefind" / "fragment").iterdir())[0]
    broken.unlink()
    broken.write_bytes(b"")  # as a crash can leave a file
    search.index(docs, tmp_path / "second", "en", kept=kept)
    search.index(docs, tmp_path / "cold", "en")
    assert files_of(tmp_path / "second" / "pagefind") == files_of(tmp_path / "cold" / "pagefind")
    assert (kept / "pagefind" / "fragment" / broken.name).read_bytes()[:2] == search_cache.GZIP


def test_metadata_this_reader_does_not_know_means_a_bundle_written_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, kept = paper_docs(tmp_path / "docs", ["alpha", "bravo", "charlie"]), tmp_path / "kept"
    search.index(docs, tmp_path / "first", "en", kept=kept)
    (docs / "papers" / "charlie" / "index.md").unlink()

    def unknown(bundle: Path, language: str) -> None:
        raise ValueError("Pagefind's metadata has an unknown layout")

    monkeypatch.setattr(search_cache, "prune", unknown)
    search.index(docs, tmp_path / "second", "en", kept=kept)
    search.index(docs, tmp_path / "cold", "en")
    assert files_of(tmp_path / "second" / "pagefind") == files_of(tmp_path / "cold" / "pagefind")
    assert not (kept / "pagefind").exists()


def test_the_metadata_names_every_file_a_fresh_bundle_holds(default_site: Path) -> None:
    bundle = default_site / "pagefind"
    hashed = {p.relative_to(bundle).as_posix() for p in search_cache._hashed_files(bundle)}
    assert search_cache.referenced(bundle, "en") == hashed
    assert len([name for name in hashed if name.startswith("fragment/")]) == 168


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (bytes([0x83, 0x01, 0x18, 0xB3, 0x62]) + b"en", [1, 179, "en"]),
        (bytes([0x81, 0x19, 0x01, 0x00]), [256]),
        (bytes([0x82, 0x80, 0x43]) + b"abc", [[], b"abc"]),
    ],
)
def test_the_metadata_reader_reads_what_pagefind_writes(data: bytes, expected: object) -> None:
    assert search_cache._cbor(data, 0) == (expected, len(data))


@pytest.mark.parametrize("data", [bytes([0xA1, 0x01, 0x02]), bytes([0x9F, 0xFF]), bytes([0x82, 0x01])])
def test_the_metadata_reader_refuses_what_pagefind_does_not_write(data: bytes) -> None:
    # a map, an array of unknown length, an array cut short
    with pytest.raises(ValueError, match="metadata"):
        search_cache._cbor(data, 0)


def test_nothing_is_left_beside_the_kept_copy(tmp_path: Path) -> None:
    docs, kept = paper_docs(tmp_path / "docs", ["alpha"]), tmp_path / "kept"
    search.index(docs, tmp_path / "one", "en", kept=kept)
    search.index(docs, tmp_path / "two", "en", kept=kept)
    assert sorted(os.listdir(kept)) == ["pagefind"]
