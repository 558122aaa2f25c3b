"""`paperfeed build` (what `make site` and `make offline` run): the site swapped in whole, one build
at a time, whatever stops it; and what a build left out said even by `mkdocs build --quiet`."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import make_fixture_content, run_cli, snapshot
from sitekit import MKDOCS, generated_pages, pagefind_records, write_config

from paperfeed import disk, paths
from paperfeed.plugin import publish, search

COMMAND = [sys.executable, "-m", "paperfeed"]


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of the fixture content (mkdocs.yml in the folder, its site in site/), built once."""
    work = tmp_path_factory.mktemp("build")
    write_config(work, make_fixture_content(work))
    done = run_cli("build", "-f", work / "mkdocs.yml")
    assert done.code == 0, done.err
    return work


def test_a_build_swaps_the_new_site_in_whole_and_leaves_nothing_beside_it(project: Path) -> None:
    site = project / "site"
    assert (site / "index.html").is_file() and (site / "pagefind" / "pagefind.js").is_file()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]
    work = paths.build_work(project / "mkdocs.yml")
    assert not list(work.glob(".pagefind-*"))


def test_a_second_build_waits_for_the_first_saying_so_and_the_site_stays_whole(project: Path) -> None:
    site = project / "site"
    before = tree(site)
    with publish.build_lock(paths.build_work(project / "mkdocs.yml"), lambda _: None):
        waiting = subprocess.Popen(
            [*COMMAND, "build", "-f", str(project / "mkdocs.yml")],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert waiting.stderr is not None
        line = waiting.stderr.readline()  # released only once it says it waits: no sleep to guess
        assert "another build of this site is running; waiting for it to end" in line, line
        assert waiting.poll() is None
        assert tree(site) == before
    _, err = waiting.communicate(timeout=600)
    assert waiting.returncode == 0, err
    assert tree(site) == before


def test_mkdocs_build_itself_waits_for_a_build_and_says_so_even_quiet(project: Path) -> None:
    with publish.build_lock(paths.build_work(project / "mkdocs.yml"), lambda _: None):
        waiting = subprocess.Popen(
            [str(MKDOCS), "build", "-q", "--strict", "-f", str(project / "mkdocs.yml"), "-d",
             str(project / "plain")],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        assert waiting.stderr is not None
        line = waiting.stderr.readline()
        assert "paperfeed: " in line and "another build of this site is running" in line, line
        assert waiting.poll() is None
    _, err = waiting.communicate(timeout=600)
    assert waiting.returncode == 0, err
    assert (project / "plain" / "index.html").is_file()
    shutil.rmtree(project / "plain")


def test_a_build_killed_at_any_moment_leaves_the_site_whole_and_the_next_removes_its_leftovers(
    project: Path,
) -> None:
    site = project / "site"
    before = tree(site)
    work = paths.build_work(project / "mkdocs.yml")
    for wait in (0.0, 0.5, 1.5, 3.0):  # moments of the build: whichever it hits, the site stands
        killed = subprocess.Popen([*COMMAND, "build", "-f", str(project / "mkdocs.yml")], cwd=project)
        time.sleep(wait)
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        assert tree(site) == before, f"killed after {wait} s"
    # and what a kill -9 can leave: a new site half-written, an index's folders
    (project / "site.new" / "half").mkdir(parents=True, exist_ok=True)
    (work / ".pagefind-x1y2" / "fragment").mkdir(parents=True)
    (work / ".pagefind-slice-z3").mkdir()
    done = run_cli("build", "-f", project / "mkdocs.yml")
    assert done.code == 0, done.err
    assert tree(site) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]
    assert not list(work.glob(".pagefind-*"))


def test_a_swap_cut_short_between_its_two_renames_is_put_back_by_the_next_build(tmp_path: Path) -> None:
    site, aside = tmp_path / "site", tmp_path / "site.swap"
    aside.mkdir()
    (aside / "index.html").write_text("the previous site")
    publish.tidy(site)  # what a build does first, under its lock
    assert (site / "index.html").read_text() == "the previous site" and not aside.exists()


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_swap_in_replaces_a_folder_and_removes_the_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(disk, "exchange", lambda one, other: False)
    site, new = tmp_path / "site", tmp_path / "site.new"
    for folder, text in ((site, "old"), (new, "new")):
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "page.html").write_text(text)
    disk.swap_in(new, site)
    assert (site / "sub" / "page.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    disk.swap_in(tmp_path / "site", tmp_path / "fresh")  # no site yet: a plain rename
    assert (tmp_path / "fresh" / "sub" / "page.html").read_text() == "new"


def test_a_failed_build_leaves_the_site_as_it_was_and_exits_non_zero(project: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(project / "content", content)
    work = tmp_path / "work"
    write_config(work, content)
    (work / "site").mkdir()
    (work / "site" / "index.html").write_text("the previous site")
    (content / "papers" / "2026-01-02.yml").symlink_to("missing.yml")  # a link to nowhere
    done = subprocess.run([*COMMAND, "build", "-f", str(work / "mkdocs.yml")], cwd=work,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    day = content / "papers" / "2026-01-02.yml"
    assert f"paperfeed: {day}: cannot read: a link to 'missing.yml', which does not exist" in done.stderr
    assert snapshot(work / "site") == {"index.html": b"the previous site"}
    assert sorted(p.name for p in work.iterdir() if p.name.startswith("site")) == ["site"]


def test_what_a_build_leaves_out_is_said_even_quiet_and_search_takes_a_bounded_part(tmp_path: Path) -> None:
    content = make_fixture_content(tmp_path)
    words = [f"word{n:04d}" for n in range(600)]  # 5,400 characters: past what search takes
    crowd = [f"Author Number{n:03d}" for n in range(120)]  # 2,280 characters of names
    listing = tmp_path / "long.yaml"
    listing.write_text(
        yaml.safe_dump([{"title": "A Paper Longer Than Search Takes", "abstract": " ".join(words),
                         "authors": crowd, "published": "2026-11-02"}]),
        encoding="utf-8",
    )
    assert run_cli("import", "--content", content, "--added", "2026-11-22", listing).code == 0
    work = tmp_path / "work"
    config = write_config(work, content)
    done = subprocess.run(
        [str(MKDOCS), "build", "-q", "--strict", "-f", str(config)], cwd=work, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "INFO    -  paperfeed: 1 paper holds more than the search index takes (2,000 characters of "
        "abstract, 1,000 of authors' names): their pages show it all, and search finds them by what it took"
    ]
    page = next(generated_pages(work).glob("papers/a-paper-longer*/index.md")).read_text(encoding="utf-8")
    assert all(word in page for word in words) and all(name in page for name in crowd)  # shown whole
    (record,) = [r for r in pagefind_records(work / "site") if "Longer" in r["meta"]["title"]]
    assert "word0000" in record["content"] and "word0150" in record["content"]
    assert "word0599" not in record["content"]
    assert "Author Number000" in record["meta"]["authors"]
    assert "Author Number119" not in record["meta"]["authors"]


def test_search_tidy_removes_only_an_indexings_folders(tmp_path: Path) -> None:
    for name in (".pagefind-abc", ".pagefind-slice-def", "pages", "pagefind-1.5.2-en"):
        (tmp_path / name).mkdir()
    search.tidy(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pagefind-1.5.2-en", "pages"]
