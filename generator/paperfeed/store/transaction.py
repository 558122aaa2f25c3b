"""Writing the store safely: one writer at a time, and an import lands whole or not at all.

The lock is an flock on the content folder itself (disk.locked), so no lock file is ever left
behind, and the kernel releases it when its holder dies. A second writer waits for it, saying
so, up to a timeout.

An import writes each file first beside the one it replaces, as a hidden `.NAME.tmp` in the same
folder, so that the rename that puts it in place never crosses file systems (content/ may be a
mount of its own). Before the first of them it writes a plan naming them
(`content/.paperfeed-import.plan`); once all are written, the plan is renamed to the journal
(`.paperfeed-import.journal`): the commit point. The files are then renamed into place and the
journal removed. A writer killed at any moment leaves either a plan (the next command removes the
files it names: the store is as before) or a journal (the next command finishes the renames: the
store is as after). Everything that can be refused (a folder that is not writable, a full disk) is
refused before the commit point, with nothing left behind. A journal names its owner; one that
cannot be finished (its files gone, a folder no longer writable) is discarded with a message
naming it, never left to block every later command or to land later.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from paperfeed import disk
from paperfeed.errors import InputError

Notify = Callable[[str], None]
LOCK_TIMEOUT = 120.0  # seconds a writer waits for another before giving up
PLAN = ".paperfeed-import.plan"  # in the content folder: the files an import is writing
JOURNAL = ".paperfeed-import.journal"  # the same, once they are all written: the commit point


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
    with disk.locked(
        content,
        waiting=f"another paperfeed command is writing the store; waiting up to {timeout:g} s",
        busy=f"another paperfeed command held the store for {timeout:g} s; try again when it ends",
        notify=notify,
        timeout=timeout,
        clock=clock,
        sleep=sleep,
    ):
        recover(content, notify)
        yield


def staged_name(target: Path) -> Path:
    """Where the new bytes of `target` are written before the commit: beside it, hidden."""
    return target.with_name(f".{target.name}.tmp")


def commit(
    content: Path, files: list[tuple[Path, bytes]], step: Callable[[str], None] | None = None
) -> None:
    """Writes `files` (paths inside content/) as one step. The caller holds the lock.

    `step` is called after each write, for the tests that interrupt a commit at every step.
    """
    mark = step or (lambda _: None)
    entries = [
        {"staged": _relative(staged_name(path), content), "target": _relative(path, content)}
        for path, _ in files
    ]
    plan, journal = content / PLAN, content / JOURNAL
    try:
        _write(plan, json.dumps({"owner": _owner(), "files": entries}).encode("utf-8"), content)
        for (path, data), entry in zip(files, entries, strict=True):
            staged = content / entry["staged"]
            try:
                staged.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise disk.write_error(path.parent, exc) from None
            _write(staged, data, path)
            mark(f"staged {path.name}")
        for folder in sorted({(content / e["staged"]).parent for e in entries}):
            _fsync_dir(folder)
        os.replace(plan, journal)  # the commit point
        _fsync_dir(content)
    except BaseException:
        _remove(content, entries)  # nothing of it reached the store
        with contextlib.suppress(FileNotFoundError):
            plan.unlink()
        raise
    mark("journal written")
    try:
        _finish(content, entries, mark)
    except OSError as exc:  # the folders took the staged files, yet a rename failed
        done = _discard(content, entries)
        raise InputError(
            content / entries[0]["target"],
            f"cannot write: {exc.strerror or exc}; {done} of {len(entries)} store files were written",
        ) from None


def recover(content: Path, notify: Notify) -> None:
    """Finishes a committed import that was interrupted, or removes an uncommitted one's files."""
    journal, plan = content / JOURNAL, content / PLAN
    if journal.exists():
        record = _read(journal)
        entries = record.get("files", [])
        try:
            _finish(content, entries, lambda _: None)
        except (OSError, KeyError, TypeError) as exc:
            done = _discard(content, entries)
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "its journal is unreadable"
            notify(
                f"{content}: discarded an interrupted import by {_owned_by(record)} that cannot be finished "
                f"here ({why}); {done} of its {len(entries)} store files had been written"
            )
            return
        count = f"{len(entries)} store file{'s' if len(entries) != 1 else ''}"
        notify(f"{content}: finished an import that was interrupted ({count})")
    elif plan.exists():  # files written before the commit point: the import never happened
        entries = _read(plan).get("files", [])
        undone = _remove(content, entries)
        plan.unlink()
        if undone:
            notify(f"{content}: undid an import interrupted before it was written; the store is as before")


def _finish(content: Path, entries: list[dict[str, str]], mark: Callable[[str], None]) -> None:
    for entry in entries:
        stage, target = content / entry["staged"], content / entry["target"]
        if stage.exists():  # else renamed before the interruption
            os.replace(stage, target)
            mark(f"renamed {target.name}")
    for folder in sorted({(content / e["target"]).parent for e in entries}):
        _fsync_dir(folder)
    (content / JOURNAL).unlink()
    mark("journal removed")


def _discard(content: Path, entries: list[dict[str, str]]) -> int:
    """Removes an import's journal and the files not yet renamed; returns how many were."""
    left = _remove(content, entries)
    with contextlib.suppress(FileNotFoundError):
        (content / JOURNAL).unlink()
    return len(entries) - left


def _remove(content: Path, entries: list[dict[str, str]]) -> int:
    """Removes the staged files of `entries` that exist; returns how many did."""
    removed = 0
    for entry in entries:
        try:
            (content / str(entry["staged"])).unlink()
            removed += 1
        except (OSError, KeyError, TypeError):  # gone already, or never written
            pass
    return removed


def _read(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # cut short by a kill while written: nothing was staged yet
        return {}
    return record if isinstance(record, dict) else {}


def _relative(path: Path, content: Path) -> str:
    relative = os.path.relpath(path, content)
    assert not relative.startswith(".."), f"{path} is outside {content}"
    return relative


def _owner() -> dict[str, object]:
    """Who writes: the journal says whose import a later command finishes or discards."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # a uid with no name
        user = f"uid {os.getuid()}"
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return {"user": user, "host": socket.gethostname(), "pid": os.getpid(), "started": started}


def _owned_by(record: dict[str, Any]) -> str:
    owner = record.get("owner")
    if not isinstance(owner, dict):
        return "an unknown writer"
    return f"{owner.get('user')} (process {owner.get('pid')} on {owner.get('host')}, {owner.get('started')})"


def _write(path: Path, data: bytes, names: Path) -> None:
    """Writes `data` to `path` durably; a failure names `names` (the store file it is for)."""
    try:
        # 0o666 less the umask: store files are ordinary files (mkstemp's would be private, 0o600)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise disk.write_error(names, exc) from None


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
