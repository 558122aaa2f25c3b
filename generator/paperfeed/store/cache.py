"""A cache of parsed store files, so a build re-reads only the files that changed.

A digest grows by one small file a day, yet parsing every YAML file is the largest part of the
generator's time. Parsed papers are kept in `.cache/paperfeed/` next to content/, under a key
made of the file's bytes, every module of the package and the versions of Python and of the
libraries parsing uses, so a change to any of them is always seen. Deleting the folder is always
safe.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from paperfeed import disk, paths
from paperfeed.model import Paper

PACKAGE = Path(__file__).resolve().parents[1]  # paperfeed/
# The distributions whose code a parse runs (YAML, TeX to text, slugs), besides the package's own.
LIBRARIES = ("pyyaml", "pylatexenc", "python-slugify", "text-unidecode")


@functools.cache
def code_version() -> bytes:
    """What a parse depends on besides the file: every module of the package (not only the
    parsing ones, since those may come to import others), Python's version and the libraries'."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return digest.digest()


def cache_dir(content: Path) -> Path:
    return paths.store_cache(content)


def load(path: Path, folder: Path, parse: Callable[[Path, bytes], list[Paper]]) -> list[Paper]:
    """`parse(path, data)`, or its result from the cache when the file's bytes are the same."""
    data = disk.read_regular(path)
    key = hashlib.sha256(code_version() + str(path.resolve()).encode() + b"\0" + data).hexdigest()
    cached = folder / f"{key}.pickle"
    try:
        papers: list[Paper] = pickle.loads(cached.read_bytes())
        return papers
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass  # not cached yet, or from another version: parse again
    papers = parse(path, data)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(papers, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(name, cached)
    except OSError:
        pass  # a read-only checkout still builds, only without the cache
    return papers
