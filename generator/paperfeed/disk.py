"""The file system, used warily: a file is read only when it is a regular file of bounded size, a
folder is locked by one holder at a time, and a folder is swapped for another in one step.

Whatever a folder holds (a FIFO, a link to nowhere, to itself or to /dev/zero, a folder named like
a file, a disk that is full), the answer is an InputError naming the file, never a traceback or
a hang.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from paperfeed.errors import InputError

MAX_FILE = 50 * 1024 * 1024  # bytes: a day file is a few hundred KB, a listing a few MB
_CHUNK = 1024 * 1024
_POLL = 0.1  # seconds between two tries of a lock


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file at `path` (links followed); InputError "cannot read: why"
    for anything else, or for a file larger than `limit` bytes (MAX_FILE)."""
    limit = MAX_FILE if limit is None else limit
    try:
        # O_NONBLOCK: opening a FIFO would otherwise wait for a writer, forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise InputError(path, f"cannot read: {_unopenable(path, exc)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, f"cannot read: {_not_a_file(info.st_mode)}")
        if info.st_size > limit:
            raise InputError(path, f"cannot read: {info.st_size:,} bytes, more than {_most(limit)}")
        data = bytearray()
        while chunk := os.read(fd, _CHUNK):
            data += chunk
            if len(data) > limit:  # it grew while read
                raise InputError(path, f"cannot read: more than {_most(limit)}")
        return bytes(data)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _unopenable(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a link that leads back to itself"
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return f"a link to {os.readlink(path)!r}, which does not exist"
    return exc.strerror or str(exc)


def _not_a_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"not a regular file ({kind})"


def _most(limit: int) -> str:
    return f"the {limit:,} bytes a file may hold"


def write_error(path: Path, exc: OSError) -> InputError:
    """A failed write as one line naming the file: "cannot write: No space left on device"."""
    return InputError(path, f"cannot write: {exc.strerror or exc}")


# --- Locks ---------------------------------------------------------------------------------------

# The folders this process holds a reentrant lock on, by (device, inode), with how often.
_held: dict[tuple[int, int], tuple[int, int]] = {}


@contextlib.contextmanager
def locked(
    folder: Path,
    *,
    waiting: str,
    busy: str,
    notify: Callable[[str], None],
    timeout: float | None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    reentrant: bool = False,
) -> Iterator[None]:
    """Holds an flock on `folder` itself (no lock file to leave behind; the kernel releases it
    when the holder dies). A second holder says `waiting` once through `notify` and waits, up to
    `timeout` seconds (None: as long as it takes), then gives up with InputError(folder, busy).

    `reentrant`: a holder in this process that asks again goes on at once (a build run by
    `paperfeed build` holds the lock that the plugin inside it asks for too)."""
    fd = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
    key = (os.fstat(fd).st_dev, os.fstat(fd).st_ino)
    if reentrant and key in _held:
        os.close(fd)
        held_fd, count = _held[key]
        _held[key] = (held_fd, count + 1)
        try:
            yield
        finally:
            _release(key)
        return
    try:
        _acquire(fd, folder, waiting, busy, notify, timeout, clock, sleep)
    except BaseException:
        os.close(fd)
        raise
    if reentrant:
        _held[key] = (fd, 1)
        try:
            yield
        finally:
            _release(key)
    else:
        try:
            yield
        finally:
            os.close(fd)  # closing releases the lock


def _release(key: tuple[int, int]) -> None:
    fd, count = _held[key]
    if count > 1:
        _held[key] = (fd, count - 1)
    else:
        del _held[key]
        os.close(fd)


def _acquire(
    fd: int,
    folder: Path,
    waiting: str,
    busy: str,
    notify: Callable[[str], None],
    timeout: float | None,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
) -> None:
    deadline: float | None = None
    said = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
        if not said:
            said = True
            deadline = None if timeout is None else clock() + timeout
            notify(f"{folder}: {waiting}")
        if deadline is not None and clock() >= deadline:
            raise InputError(folder, busy)
        sleep(_POLL)


# --- Swapping a folder in ------------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2() -> Callable[..., int] | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not Linux, or a C library before glibc 2.28
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


def exchange(one: Path, other: Path) -> bool:
    """Swaps the folders `one` and `other` in one step, so that `other` is never missing or
    half-written; False when the kernel or the file system cannot (the caller swaps in two)."""
    function = _renameat2()
    if function is None:
        return False
    done = function(_AT_FDCWD, os.fsencode(one), _AT_FDCWD, os.fsencode(other), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(other))


def swap_in(new: Path, target: Path) -> None:
    """Puts the folder `new` at `target` and removes what was there. With renameat2 the swap is
    one step; without it there is a moment with no `target` (never a half-written one)."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    if not exchange(new, target):
        aside = target.with_name(target.name + ".swap")
        shutil.rmtree(aside, ignore_errors=True)
        os.rename(target, aside)
        os.rename(new, target)
        os.rename(aside, new)
    shutil.rmtree(new)
