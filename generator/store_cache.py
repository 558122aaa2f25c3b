"""A cache of parsed store files, so a build re-reads only the files that changed.

A digest grows by one small file a day, yet parsing every YAML file is the largest part of the
generator's time. Parsed papers are kept in `.cache/paperfeed/` next to content/, under a key
made of the file's bytes and the code that parses them, so an edit to either is always seen.
Deleting the folder is always safe.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

from .model import Paper

_PARSER_MODULES = ("model.py", "text.py", "store.py", "sources/listing.py", "sources/paper_list.py")


@functools.cache
def _code_version() -> bytes:
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _PARSER_MODULES:
        digest.update((here / name).read_bytes())
    return digest.digest()


def cache_dir(content: Path) -> Path:
    return content.resolve().parent / ".cache" / "paperfeed" / "store"


def load(path: Path, folder: Path, parse: Callable[[Path, bytes], list[Paper]]) -> list[Paper]:
    """`parse(path, data)`, or its result from the cache when the file's bytes are the same."""
    data = path.read_bytes()
    key = hashlib.sha256(_code_version() + str(path.resolve()).encode() + b"\0" + data).hexdigest()
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
