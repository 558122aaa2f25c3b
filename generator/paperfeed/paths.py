"""Where paperfeed keeps what it can always make again: `.cache/paperfeed/` beside the content
folder, or beside mkdocs.yml for a build's own files (out of content/ and out of git), with a
folder per use. Deleting it is always safe."""

from __future__ import annotations

from pathlib import Path


def cache_root(beside: Path) -> Path:
    """The cache of the project in the folder `beside` (the one content/ and mkdocs.yml are in)."""
    return beside.resolve() / ".cache" / "paperfeed"


def store_cache(content: Path) -> Path:
    """Parsed store files (store/cache.py)."""
    return cache_root(content.resolve().parent) / "store"


def build_work(config_file: Path) -> Path:
    """A build's own folder (its generated pages, its search index's kept files), one per
    mkdocs.yml (the site's, the offline edition's), so that the two can be built at once."""
    config_file = config_file.resolve()
    return cache_root(config_file.parent) / "build" / config_file.stem
