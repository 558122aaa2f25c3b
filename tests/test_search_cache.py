"""Pagefind's files kept between builds (paperfeed/plugin/search_cache.py): a rebuild reuses the
files of pages that did not change and publishes exactly what a build without them would."""

from __future__ import annotations

import os
import shutil
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
    assert sorted(p.name for p in kept.iterdir()) == ["pagefind", search.SEALED]
    assert len(list((kept / search.SEALED).iterdir())) == 1  # the one slice of this build


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
    shutil.rmtree(kept / search.SEALED)  # no finished bundle to take: the pages are indexed again
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
    assert sorted(os.listdir(kept)) == ["pagefind", search.SEALED]
    assert len(os.listdir(kept / search.SEALED)) == 1  # the slice's bundle, no half-kept copy beside it


# --- Slices by the order papers were added ------------------------------------------------------


def test_slices_fill_the_large_size_first_and_keep_few_small_ones() -> None:
    assert search.slices(0, 100) == [0]
    assert search.slices(100, 100) == [100]
    assert search.slices(80, 100) == [25, 25, 25, 5]  # 100, a quarter (25), a sixteenth (6), the rest
    assert search.slices(3050, 10_000) == [2500, 550]
    for pages in range(0, 3000, 7):
        sizes = search.slices(pages, 100)
        assert sum(sizes) == pages
        assert len(sizes) <= pages // 100 + 3 + 3 + 1


def test_a_day_of_papers_changes_only_the_last_slices() -> None:
    changed = []
    for pages in range(0, 5000, 50):
        before, after = search.slices(pages, 1000), search.slices(pages + 50, 1000)
        same = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), len(before))
        assert same >= before.count(1000)  # full slices never change; small ones may become one larger
        changed.append(sum(after[same:]))
    assert sorted(changed)[len(changed) // 2] <= 250  # most days index a small slice only


def bare_pages(folder: Path, slugs: list[str], outside: str = "", inside: str = "") -> Path:
    """Paper pages as the generator writes them: the indexed part, and beside it what changes
    as papers arrive (their similar papers)."""
    for slug in slugs:
        page = folder / "papers" / slug / "index.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f'---\ntitle: "{slug}"\n---\n\n<div class="pf-paper"><div data-pagefind-body><h1>{slug}</h1>'
            f"<p>The page of {slug}{inside if slug == 'alpha' else ''}.</p></div>"
            f"<ul><li>Similar: {outside}</li></ul></div>\n",
            encoding="utf-8",
        )
    return folder


def counting_indexer(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    runs: list[Path] = []
    real = search._pagefind

    def run(pages_dir: Path, out_dir: Path, language: str) -> None:
        runs.append(out_dir)
        real(pages_dir, out_dir, language)

    monkeypatch.setattr(search, "_pagefind", run)
    return runs


def every_bundle(out: Path) -> dict[str, bytes]:
    return {f"{b.name}/{name}": data for b in sorted(out.iterdir()) for name, data in files_of(b).items()}


def test_a_slice_whose_searchable_text_did_not_change_is_not_indexed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = [f"papers/{slug}/index.md" for slug in ("alpha", "bravo", "charlie")]
    kept = tmp_path / "kept"
    docs = bare_pages(tmp_path / "docs", ["alpha", "bravo", "charlie"])
    two = ["pagefind", "pagefind-2"]
    assert search.index(docs, tmp_path / "first", "en", 2, kept=kept, order=order) == two
    runs = counting_indexer(monkeypatch)

    # Their similar papers changed, not what search reads: both slices are taken as they were.
    bare_pages(docs, ["alpha", "bravo", "charlie"], outside="a paper that arrived today")
    search.index(docs, tmp_path / "second", "en", 2, kept=kept, order=order)
    assert runs == []
    assert every_bundle(tmp_path / "second") == every_bundle(tmp_path / "first")
    search.index(docs, tmp_path / "cold", "en", 2, order=order)
    assert every_bundle(tmp_path / "second") == every_bundle(tmp_path / "cold")
    runs.clear()

    # A new paper, added last: only the last slice is indexed again.
    bare_pages(docs, ["delta"])
    order.append("papers/delta/index.md")
    assert search.index(docs, tmp_path / "third", "en", 2, kept=kept, order=order) == two
    assert runs == [tmp_path / "third" / "pagefind-2"]
    assert {r["url"] for r in search.records(tmp_path / "third") if "pagefind-2" in str(r)} <= {
        "/papers/charlie/",
        "/papers/delta/",
    }
    search.index(docs, tmp_path / "cold-2", "en", 2, order=order)
    assert every_bundle(tmp_path / "third") == every_bundle(tmp_path / "cold-2")

    # The text of the first paper changed: its slice is indexed again, and finds the new word.
    bare_pages(docs, ["alpha"], inside=" and zanzibar")
    runs.clear()
    search.index(docs, tmp_path / "fourth", "en", 2, kept=kept, order=order)
    assert runs == [tmp_path / "fourth" / "pagefind"]
    assert any("zanzibar" in r["content"] for r in search.records(tmp_path / "fourth"))
    assert len(list((kept / search.SEALED).iterdir())) == 2  # the slices of the last build only


def test_the_bundles_published_from_a_kept_slice_share_no_file_a_build_writes_to(tmp_path: Path) -> None:
    docs, kept = bare_pages(tmp_path / "docs", ["alpha", "bravo"]), tmp_path / "kept"
    search.index(docs, tmp_path / "first", "en", kept=kept)
    search.index(docs, tmp_path / "second", "en", kept=kept)
    # Removing the published bundle (as the next publish does) leaves the kept one whole.
    before = every_bundle(kept / search.SEALED)
    for bundle in (tmp_path / "first", tmp_path / "second"):
        for path in sorted(bundle.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    assert every_bundle(kept / search.SEALED) == before
    search.index(docs, tmp_path / "third", "en", kept=kept)
    search.index(docs, tmp_path / "cold", "en")
    assert files_of(tmp_path / "third" / "pagefind") == files_of(tmp_path / "cold" / "pagefind")
