"""paperfeed/store/transaction.py: one writer at a time, and an import lands whole or not at all,
whenever it is interrupted."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, snapshot, with_taxonomy

from paperfeed.errors import InputError
from paperfeed.store import files as store
from paperfeed.store import transaction


def papers(first: int, count: int, **fields: object) -> list[dict[str, object]]:
    return [
        {
            "title": f"Transaction Probe Paper Number {n} on Careful Stores",
            "abstract": f"We study probe {n}. It is about writing stores carefully.",
            "authors": [f"Probe Author {n}"],
            "published": "2025-01-01",
            **fields,
        }
        for n in range(first, first + count)
    ]


def listing(folder: Path, name: str, items: list[dict[str, object]]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(items, sort_keys=False), encoding="utf-8")
    return path


def paperfeed(*args: str | Path, cwd: Path, script: str | None = None) -> subprocess.CompletedProcess[str]:
    """The `paperfeed` command in its own process (`script` runs first, in the same process)."""
    code = (script or "") + "\nimport sys\nfrom paperfeed import cli\nsys.exit(cli.main(sys.argv[1:]))\n"
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A git repository with the project's .gitignore and a store of two days, committed."""
    root = tmp_path / "project"
    content = with_taxonomy(root / "content")
    shutil.copy(REPO / ".gitignore", root / ".gitignore")
    for day, first in (("2026-11-20", 0), ("2026-11-21", 10)):
        done = paperfeed("import", "--content", content, "--added", day,
                         listing(tmp_path, f"{day}.yaml", papers(first, 3)), cwd=root)
        assert done.returncode == 0, done.stderr
    git("init", "-q", cwd=root)
    git("add", "-A", cwd=root)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "store", cwd=root)
    return root


# Interrupts the commit at step K with the exit a kill -9 gives: no cleanup, no finally.
KILL_AT_STEP = """
import os
from paperfeed.store import transaction
_commit, _steps = transaction.commit, iter(range(10**6))
def commit(content, files, step=None):
    def kill(label):
        if next(_steps) == {k}:
            os._exit(137)
    _commit(content, files, kill)
transaction.commit = commit
"""


def test_an_import_killed_at_any_step_leaves_the_store_as_before_or_after(
    project: Path, tmp_path: Path
) -> None:
    content = project / "content"
    # Updates both stored days (a code link where none was known) and adds a third: three files.
    update = [{**p, "links": {"code": "https://github.com/probe/code"}} for p in papers(0, 1) + papers(10, 1)]
    arriving = listing(tmp_path, "arriving.yaml", update + papers(20, 2, added="2026-11-22"))
    before = snapshot(content)
    whole = tmp_path / "whole"
    shutil.copytree(project, whole)
    done = paperfeed("import", "--content", whole / "content", "--added", "2026-11-22", arriving, cwd=whole)
    assert done.returncode == 0 and done.stdout.startswith("2 new, 2 updated"), done.stderr
    after = snapshot(whole / "content")
    assert len(set(after) - set(before)) == 1 and after != before

    outcomes = []
    for k in range(2 * 3 + 2):  # 3 files staged, the journal, 3 renames, the journal removed
        killed = paperfeed("import", "--content", content, "--added", "2026-11-22", arriving,
                           cwd=project, script=KILL_AT_STEP.format(k=k))
        assert killed.returncode == 137, (k, killed.stderr)
        check = paperfeed("check", "--content", content, cwd=project)  # the next command recovers
        assert check.returncode == 0, (k, check.stderr)
        state = snapshot(content)
        assert state in (before, after), f"half an import after a kill at step {k}"
        outcomes.append("after" if state == after else "before")
        said = "undid" if k < 3 else "finished" if k < 7 else ""  # after the journal's removal: done
        assert (f"{said} an import" in check.stderr) if said else check.stderr == "", (k, check.stderr)
        changes = git("status", "--porcelain", "--untracked-files=all", cwd=project).split("\n")
        assert all(line.endswith(".yml") for line in changes if line), changes  # nothing stray for git
        git("checkout", "-q", "--", "content", cwd=project)
        git("clean", "-qfd", "content", cwd=project)
        shutil.rmtree(project / ".cache", ignore_errors=True)
    assert outcomes == ["before"] * 3 + ["after"] * 5  # the journal is the commit point


def test_two_imports_at_once_both_land_whole(project: Path, tmp_path: Path) -> None:
    content = project / "content"
    one = listing(tmp_path, "one.yaml", papers(100, 150))
    two = listing(tmp_path, "two.yaml", papers(300, 150))
    code = "\nimport sys\nfrom paperfeed import cli\nsys.exit(cli.main(sys.argv[1:]))\n"
    started = [
        subprocess.Popen(
            [sys.executable, "-c", code, "import", "--content", str(content), "--added", "2026-12-01", f],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for f in (one, two)
    ]
    results = [p.communicate(timeout=120) for p in started]
    assert [p.returncode for p in started] == [0, 0], results
    titles = [p.title for p in store.load(content)]
    assert len(titles) == len(set(titles)) == 6 + 300


def test_a_second_writer_waits_for_the_first_saying_so(project: Path, tmp_path: Path) -> None:
    content = project / "content"
    arriving = listing(tmp_path, "late.yaml", papers(500, 2))
    with transaction.locked(content):
        waiting = subprocess.Popen(
            [sys.executable, "-m", "paperfeed", "import", "--content", str(content), str(arriving)],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        # The lock is released only once the import says it waits for it, however long a busy
        # machine takes to start it: no sleep to guess that time.
        assert waiting.stderr is not None
        said = []
        while not said or "waiting" not in said[-1]:
            line = waiting.stderr.readline()
            assert line, f"the import ended without waiting for the lock: {said}"
            said.append(line)
        assert "another paperfeed command is writing the store; waiting" in said[-1]
        assert waiting.poll() is None, "the import did not wait for the lock"
        assert len(store.load(content)) == 6
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, "".join(said) + err
    assert out.startswith("2 new") and len(store.load(content)) == 8


def test_a_writer_that_waits_too_long_gives_up_with_one_clear_error(project: Path) -> None:
    content = project / "content"
    now = [0.0]
    waits: list[float] = []
    heard: list[str] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    waiting = transaction.locked(content, heard.append, timeout=5, clock=lambda: now[0], sleep=sleep)
    with transaction.locked(content), pytest.raises(InputError, match="held the store for 5 s"), waiting:
        pass
    assert 4.9 <= sum(waits) <= 5.2 and len(heard) == 1


def test_the_lock_leaves_no_file_behind(project: Path) -> None:
    content = project / "content"
    before = snapshot(content)
    with transaction.locked(content):
        pass
    assert snapshot(content) == before


def test_an_uncommitted_import_is_undone_and_a_committed_one_finished(project: Path) -> None:
    content = project / "content"
    day = content / "papers" / "2026-11-20.yml"
    staged = transaction.staged_name(day)
    files = [{"staged": "papers/.2026-11-20.yml.tmp", "target": "papers/2026-11-20.yml"}]
    before = snapshot(content)
    staged.write_text("- junk\n", encoding="utf-8")
    (content / transaction.PLAN).write_text(json.dumps({"files": files}), encoding="utf-8")
    heard: list[str] = []
    transaction.recover(content, heard.append)
    assert snapshot(content) == before and "undid an import" in heard[0]

    replacement = day.read_bytes().replace(b"We study probe 0.", b"We study probe zero.")
    staged.write_bytes(replacement)
    (content / transaction.JOURNAL).write_text(json.dumps({"files": files}), encoding="utf-8")
    transaction.recover(content, heard.append)
    assert day.read_bytes() == replacement and not staged.exists()
    assert not (content / transaction.JOURNAL).exists()
    assert "finished an import that was interrupted (1 store file)" in heard[1]


def test_a_plan_cut_short_by_a_kill_is_removed_silently(project: Path) -> None:
    content = project / "content"
    before = snapshot(content)
    (content / transaction.PLAN).write_text('{"owner": {"user": "x"}, "fil', encoding="utf-8")
    heard: list[str] = []
    transaction.recover(content, heard.append)
    assert snapshot(content) == before and heard == []


def test_a_journal_that_cannot_be_finished_is_discarded_naming_its_owner(project: Path) -> None:
    content = project / "content"
    before = snapshot(content)
    owner = {"user": "someone", "host": "elsewhere", "pid": 4242, "started": "2026-11-20T06:00:00+00:00"}
    # its staged file is there, but its target's folder is gone: the rename cannot happen
    files = [{"staged": "papers/.2026-11-22.yml.tmp", "target": "gone/2026-11-22.yml"}]
    (content / "papers" / ".2026-11-22.yml.tmp").write_text("- title: x\n", encoding="utf-8")
    (content / transaction.JOURNAL).write_text(json.dumps({"owner": owner, "files": files}), encoding="utf-8")
    heard: list[str] = []
    transaction.recover(content, heard.append)
    assert snapshot(content) == before  # the journal and its staged file are gone
    assert len(heard) == 1
    assert "discarded an interrupted import by someone (process 4242 on elsewhere" in heard[0]
    transaction.recover(content, heard.append)  # and nothing is left to discard again
    assert len(heard) == 1


def test_an_import_that_cannot_write_a_file_leaves_nothing_that_lands_later(
    project: Path, tmp_path: Path
) -> None:
    content = project / "content"
    before = snapshot(content)
    # A folder where the new day file is staged: no one, root included, can write that file.
    blocker = transaction.staged_name(content / "papers" / "2026-11-22.yml")
    blocker.mkdir()
    update = [{**p, "links": {"code": "https://github.com/probe/code"}} for p in papers(0, 1)]
    arriving = listing(tmp_path, "arriving.yaml", update + papers(600, 2, added="2026-11-22"))
    refused = paperfeed("import", "--content", content, "--added", "2026-11-22", arriving, cwd=project)
    assert refused.returncode == 1
    day = content / "papers" / "2026-11-22.yml"
    assert refused.stderr.splitlines() == [f"error: {day}: cannot write: Is a directory"]
    blocker.rmdir()
    assert snapshot(content) == before  # the other file staged is gone, and no plan or journal is left
    check = paperfeed("check", "--content", content, cwd=project)  # the next command finds nothing to land
    assert check.returncode == 0 and check.stderr == "", check.stderr
    assert snapshot(content) == before


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
def test_a_full_disk_is_one_line_naming_the_store_file_and_leaves_nothing(
    project: Path, tmp_path: Path
) -> None:
    content = project / "content"
    before = snapshot(content)
    transaction.staged_name(content / "papers" / "2026-11-22.yml").symlink_to("/dev/full")
    arriving = listing(tmp_path, "arriving.yaml", papers(700, 2, added="2026-11-22"))
    refused = paperfeed("import", "--content", content, arriving, cwd=project)
    day = content / "papers" / "2026-11-22.yml"
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [f"error: {day}: cannot write: No space left on device"]
    assert snapshot(content) == before
