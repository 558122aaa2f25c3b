"""paperfeed/store/cache.py: parsed store files are reused only while nothing a parse depends on
has changed: the file's bytes, any module of the package, Python's and the libraries' versions."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from sitekit import REPO

import paperfeed
from paperfeed.model import Paper
from paperfeed.store import cache
from paperfeed.store import files as store

PACKAGE = Path(paperfeed.__file__).parent


@pytest.fixture
def counted() -> tuple[list[Path], object]:
    """A parse that records each file it really parses."""
    parsed: list[Path] = []

    def parse(path: Path, data: bytes) -> list[Paper]:
        parsed.append(path)
        return store.load_file(path, data)

    return parsed, parse


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(REPO / "content", folder)
    return folder


def test_an_unchanged_file_is_parsed_once_and_read_back_the_same(content: Path, counted: tuple) -> None:
    parsed, parse = counted
    (path,) = store.store_files(content)
    folder = cache.cache_dir(content)
    first = cache.load(path, folder, parse)
    second = cache.load(path, folder, parse)
    assert parsed == [path]
    assert second == first == store.load_file(path)


def test_a_changed_file_is_parsed_again(content: Path, counted: tuple) -> None:
    parsed, parse = counted
    (path,) = store.store_files(content)
    folder = cache.cache_dir(content)
    cache.load(path, folder, parse)
    path.write_text(path.read_text(encoding="utf-8").replace("DebCSE", "DebCSE2", 1), encoding="utf-8")
    cache.load(path, folder, parse)
    assert parsed == [path, path]


def test_the_key_changes_with_any_module_of_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "paperfeed"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", copy)
    cache.code_version.cache_clear()
    try:
        before = cache.code_version()
        # A module that parsing does not import today: a parse could come to depend on it.
        (copy / "site" / "feeds.py").write_text("# changed\n", encoding="utf-8")
        cache.code_version.cache_clear()
        assert cache.code_version() != before
    finally:
        cache.code_version.cache_clear()


def test_the_key_changes_with_a_library_version(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.code_version.cache_clear()
    before = cache.code_version()
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "0.0.1" if name == "pylatexenc" else real(name))
    cache.code_version.cache_clear()
    try:
        assert cache.code_version() != before
    finally:
        monkeypatch.undo()
        cache.code_version.cache_clear()


COUNT_CODE_LINKS = """
import sys
from pathlib import Path
from paperfeed.errors import InputError
from paperfeed.store import files
try:
    papers = files.load(Path(sys.argv[1]), cached=sys.argv[2] == "cached")
except InputError as exc:
    print(f"error: {exc}")
else:
    print(sum(1 for p in papers if p.links.code), "code links")
"""


def load_in(package_root: Path, content: Path, mode: str) -> str:
    """What a store load by the package under `package_root` gives: its code links, or its error."""
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    done = subprocess.run(
        [sys.executable, "-c", COUNT_CODE_LINKS, str(content), mode],
        capture_output=True, text=True, env=env, cwd=package_root, timeout=120, check=True,
    )
    return done.stdout.strip()


def test_a_changed_parsing_rule_is_seen_by_a_cached_load(tmp_path: Path, content: Path) -> None:
    """The reproduction from the issue: with a stricter safe-URL rule, the uncached load (the one
    `paperfeed check` uses) refuses the store's GitHub code links; the cached load must too."""
    root = tmp_path / "code"
    shutil.copytree(PACKAGE, root / "paperfeed", ignore=shutil.ignore_patterns("__pycache__"))
    assert load_in(root, content, "cached") == "31 code links"  # now in the cache
    urls = root / "paperfeed" / "urls.py"
    source = urls.read_text(encoding="utf-8")
    stricter = source.replace('_SAFE = re.compile(r"https?://', '_SAFE = re.compile(r"https?://(?!github\\.com)')
    assert stricter != source
    urls.write_text(stricter, encoding="utf-8")
    uncached = load_in(root, content, "uncached")
    assert uncached.startswith("error: ") and "code link is not an http(s) URL" in uncached
    assert load_in(root, content, "cached") == uncached
