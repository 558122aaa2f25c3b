"""After setup, building needs no network: `make site`, `make offline` and `mkdocs build` run in a
network namespace with nothing but loopback, and no page of either edition loads a resource from
another host.

The builds run in a copy of the working tree (as a fresh clone after setup would be, with docs/
emptied), reusing the repository's .venv, so the tree itself is never touched. Neither edition
needs anything from npm: the copy has no node_modules.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from editions import built_once, external_resources
from sitekit import REPO

pytestmark = pytest.mark.slow

# Not copied: what setup installs (linked instead), what builds write, and version control.
SKIP_TOP = {".git", ".venv", "node_modules", "site", "site-offline", "dist", "build", ".cache"}
SKIP_ANY = {
    "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis",
    "screenshots", ".work",  # test screenshots, benchmark workspaces
}  # fmt: skip
STEPS = {
    "make site": ["make", "site"],
    "make offline": ["make", "offline"],
    "mkdocs build": [".venv/bin/mkdocs", "build", "--strict", "--quiet", "--site-dir", "plain-site"],
}


def without_network() -> list[str]:
    """The command prefix that runs a command with no network but loopback: `unshare -n` as root
    (as CI runs .ci/run), else a user namespace, else sudo."""
    if os.geteuid() == 0:
        candidates = [["unshare", "--net"]]
    else:
        uid, gid = os.getuid(), os.getgid()
        candidates = [
            ["unshare", "--map-root-user", "--net"],
            ["sudo", "-n", "unshare", "--net", "setpriv", f"--reuid={uid}", f"--regid={gid}",
             "--clear-groups", "--", "env", f"PATH={os.environ['PATH']}", f"HOME={Path.home()}"],
        ]  # fmt: skip
    for prefix in candidates:
        if shutil.which(prefix[0]) and subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    pytest.fail(
        "cannot run a build without network: `unshare --net` needs root (CI runs .ci/run as root), "
        "unprivileged user namespaces, or password-less sudo"
    )


def check_setup_is_current() -> None:
    """The copy shares .venv: a stale stamp would make `make` reinstall into it (and fail, with no
    network). `make test` brings it up to date first."""
    for stamp, source in ((".venv/.installed", "pyproject.toml"),):
        stamp_path, source_path = REPO / stamp, REPO / source
        if not stamp_path.exists() or stamp_path.stat().st_mtime < source_path.stat().st_mtime:
            pytest.fail(f"{stamp} is older than {source}: run the tests through `make test`")


def copy_tree(target: Path) -> None:
    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = {name for name in names if name in SKIP_ANY or name.endswith(".egg-info")}
        if Path(folder) == REPO:
            skip |= {
                name for name in names if name in SKIP_TOP or name.startswith(("site.", "site-offline."))
            }
        if Path(folder) == REPO / "docs":
            skip |= set(names) - {".gitignore"}  # as `git clean -fdX docs` leaves it
        return skip

    shutil.copytree(REPO, target, ignore=ignore, symlinks=True)  # copy2 keeps times: stamps stay current
    (target / ".venv").symlink_to(REPO / ".venv")


def build_without_network(work: Path) -> None:
    prefix = without_network()
    tree = work / "tree"
    copy_tree(tree)
    results: dict[str, Any] = {}
    interfaces = [sys.executable, "-c", "import socket; print(*sorted(n for _, n in socket.if_nameindex()))"]
    results["interfaces"] = subprocess.run(
        [*prefix, *interfaces], capture_output=True, text=True
    ).stdout.split()
    for name, command in STEPS.items():
        done = subprocess.run(
            [*prefix, *command],
            cwd=tree,
            capture_output=True,
            text=True,
            timeout=900,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        results[name] = {"returncode": done.returncode, "output": done.stdout + done.stderr}
    (work / "results.json").write_text(json.dumps(results), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    check_setup_is_current()
    work = built_once(tmp_path_factory, "no-network", build_without_network)
    return work / "tree", json.loads((work / "results.json").read_text(encoding="utf-8"))


def assert_ran(results: dict[str, Any], step: str) -> None:
    result = results[step]
    assert result["returncode"] == 0, f"`{step}` failed without network:\n{result['output']}"


def test_the_builds_run_with_loopback_only(built: tuple[Path, dict[str, Any]]) -> None:
    _, results = built
    assert results["interfaces"] == ["lo"]


def test_make_site_builds_without_network(built: tuple[Path, dict[str, Any]]) -> None:
    tree, results = built
    assert_ran(results, "make site")
    assert (tree / "site" / "index.html").is_file()
    assert (tree / "site" / "pagefind" / "pagefind-entry.json").is_file()


def test_make_offline_builds_the_offline_edition_and_its_zip_without_network(
    built: tuple[Path, dict[str, Any]],
) -> None:
    tree, results = built
    assert_ran(results, "make offline")
    offline = tree / "site-offline"
    assert (offline / "index.html").is_file()
    assert (offline / "search" / "search_index.js").is_file()  # the site's index, as scripts
    assert list((offline / "pagefind" / "fragment").glob("*.pf_fragment.js"))
    with zipfile.ZipFile(tree / "dist" / "paperfeed-offline.zip") as archive:
        names = set(archive.namelist())
    expected = {p.relative_to(offline).as_posix() for p in offline.rglob("*") if p.is_file()}
    assert names >= {f"paperfeed-offline/{name}" for name in expected}


def test_mkdocs_build_runs_without_network(built: tuple[Path, dict[str, Any]]) -> None:
    tree, results = built
    assert_ran(results, "mkdocs build")
    assert (tree / "plain-site" / "index.html").is_file()


@pytest.mark.parametrize("edition", ["site", "site-offline", "plain-site"])
def test_no_page_or_stylesheet_loads_a_resource_from_another_host(
    built: tuple[Path, dict[str, Any]], edition: str
) -> None:
    tree, _ = built
    site = tree / edition
    assert (site / "index.html").is_file(), f"{edition} was not built"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 5
    assert external_resources(site) == []
