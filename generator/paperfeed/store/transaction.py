"""Writing the store safely: one writer at a time, and an import lands whole or not at all.

The lock is an flock on the content folder itself, so no lock file is ever left behind, and the
kernel releases it when its holder dies. A second writer waits for it, saying so, up to a
timeout.

An import's files are first written to a staging folder beside the store's cache; a journal
naming them is then written in one rename (the commit point), the files are renamed into
content/papers/, and the journal is removed. A writer killed at any moment leaves either no
journal (the next command removes the staged files: the store is as before) or a journal (the
next command finishes the renames: the store is as after). Nothing temporary is ever written
inside content/.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from paperfeed import paths
from paperfeed.errors import InputError

Notify = Callable[[str], None]
LOCK_TIMEOUT = 120.0  # seconds a writer waits for another before giving up
_POLL = 0.1


def work_dir(content: Path) -> Path:
    """Where an import stages its files: beside the parse cache, out of content/ and out of git."""
    return paths.import_work(content)


@contextlib.contextmanager
def locked(
    content: Path,
    notify: Notify = lambda _: None,
    timeout: float = LOCK_TIMEOUT,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    create: bool = False,
) -> Iterator[None]:
    """Holds the store's lock; first finishes or undoes an import that was interrupted.

    A content folder that does not exist has nothing to lock or recover: a reader goes on
    without the lock, a writer (`create`) makes the folder first.
    """
    if create:
        content.mkdir(parents=True, exist_ok=True)
    elif not content.is_dir():
        yield
        return
    fd = os.open(content, os.O_RDONLY)
    try:
        _acquire(fd, content, notify, timeout, clock, sleep)
        recover(content, notify)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _acquire(
    fd: int, content: Path, notify: Notify, timeout: float, clock: Callable[[], float],
    sleep: Callable[[float], None],
) -> None:
    deadline = None
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
        if deadline is None:
            deadline = clock() + timeout
            notify(f"{content}: another paperfeed command is writing the store; waiting up to {timeout:g} s")
        if clock() >= deadline:
            raise InputError(
                content, f"another paperfeed command held the store for {timeout:g} s; try again when it ends"
            )
        sleep(_POLL)


def commit(
    content: Path, files: list[tuple[Path, bytes]], step: Callable[[str], None] | None = None
) -> None:
    """Writes `files` (paths inside content/) as one step. The caller holds the lock.

    `step` is called after each write, for the tests that interrupt a commit at every step.
    """
    mark = step or (lambda _: None)
    work = work_dir(content)
    staged = work / "staged"
    shutil.rmtree(work, ignore_errors=True)
    entries = []
    try:
        staged.mkdir(parents=True)
        for number, (path, data) in enumerate(files):
            _write(staged / str(number), data)
            entries.append({"staged": str(number), "target": os.path.relpath(path, content)})
            mark(f"staged {path.name}")
        _fsync_dir(staged)
        _write(work / "journal.tmp", json.dumps(entries).encode("utf-8"))
        os.replace(work / "journal.tmp", work / "journal.json")  # the commit point
        _fsync_dir(work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)  # nothing of it reached the store
        raise
    mark("journal written")
    # From here the import stands: if a rename fails, the journal stays and the next command
    # finishes it.
    _finish(content, work, entries, mark)


def recover(content: Path, notify: Notify) -> None:
    """Finishes a committed import that was interrupted, or removes an uncommitted one's files."""
    work = work_dir(content)
    if not work.exists():
        return
    journal = work / "journal.json"
    if journal.exists():
        entries = json.loads(journal.read_text(encoding="utf-8"))
        _finish(content, work, entries, lambda _: None)
        count = f"{len(entries)} store file{'s' if len(entries) != 1 else ''}"
        notify(f"{content}: finished an import that was interrupted ({count})")
    else:  # staged files without a journal: the import never reached its commit point
        staged = work / "staged"
        undone = staged.is_dir() and any(staged.iterdir())
        shutil.rmtree(work, ignore_errors=True)
        if undone:  # (an empty folder is what a finished import leaves if killed while tidying)
            notify(f"{content}: undid an import interrupted before it was written; the store is as before")


def _finish(content: Path, work: Path, entries: list[dict[str, str]], mark: Callable[[str], None]) -> None:
    for entry in entries:
        stage, target = work / "staged" / entry["staged"], content / entry["target"]
        if stage.exists():  # else renamed before the interruption
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage, target)
            mark(f"renamed {target.name}")
    for folder in {(content / e["target"]).parent for e in entries}:
        _fsync_dir(folder)
    (work / "journal.json").unlink()
    mark("journal removed")
    shutil.rmtree(work, ignore_errors=True)


def _write(path: Path, data: bytes) -> None:
    # 0o666 less the umask: store files are ordinary files (mkstemp's would be private, 0o600)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
