"""`paperfeed build`: the site built whole and swapped in, one build at a time.

`mkdocs build` empties its site folder and writes it anew, in place: two at once, or one that is
stopped, leave it half-written. This builds into a folder beside it (SITE.new), under the lock of
the build's own folder (paths.build_work, which the plugin takes too, so `mkdocs build` and
`mkdocs serve` wait for it as well), then swaps the new folder in with one rename
(disk.swap_in) and removes the old one. A build killed at any moment leaves the previous site
whole; the next one removes what it left behind, before it starts.

The offline edition (`--offline`) is also packed into its zip, written beside the zip's place
and renamed over it, so that a site build carrying the zip finds the old one or the new one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from paperfeed import disk, paths
from paperfeed.errors import InputError
from paperfeed.plugin import compat
from paperfeed.plugin.config import options

NEW, ASIDE = ".new", ".swap"  # the folders beside the site a build writes and swaps through


@contextlib.contextmanager
def build_lock(work: Path, notify: Callable[[str], None]) -> Iterator[None]:
    """Holds the lock of a build's own folder (paths.build_work; made if need be): a second build
    waits for the first, saying so. Reentrant within a process."""
    work.mkdir(parents=True, exist_ok=True)
    with disk.locked(
        work,
        waiting="another build of this site is running; waiting for it to end",
        busy="",
        notify=notify,
        timeout=None,
        reentrant=True,
    ):
        yield


def build(config_file: Path, *, offline_zip: bool, verbose: bool, notify: Callable[[str], None]) -> int:
    """Builds the site of `config_file` and swaps it in; returns MkDocs' exit status. A build
    that fails (MkDocs says why) leaves the site as it was."""
    config = _loaded(config_file)
    site = Path(config.site_dir)
    new = site.with_name(site.name + NEW)
    with build_lock(paths.build_work(config_file), notify):
        tidy(site)
        quiet = [] if verbose else ["--quiet"]
        arguments = ["build", "--strict", "-f", str(config_file), "--site-dir", str(new), *quiet]
        status = compat.run_mkdocs(arguments)
        if status != 0:
            shutil.rmtree(new, ignore_errors=True)
            return status
        disk.swap_in(new, site)
        if offline_zip:
            pack(site, zip_of(config_file))
    return 0


def tidy(site: Path) -> None:
    """Removes what a build killed beside `site` left; if it was killed in the middle of a
    swap made in two renames, puts the previous site back first. The caller holds the lock."""
    aside = site.with_name(site.name + ASIDE)
    if aside.is_dir() and not os.path.lexists(site):
        os.rename(aside, site)
    for leftover in (site.with_name(site.name + NEW), aside):
        shutil.rmtree(leftover, ignore_errors=True)


def _loaded(config_file: Path) -> MkDocsConfig:
    """The configuration as MkDocs reads it; InputError for one it refuses (MkDocs says why)."""
    if not config_file.is_file():
        raise InputError(config_file, "missing: the MkDocs configuration to build")
    try:
        return load_config(str(config_file))
    except (ConfigurationError, Abort) as exc:  # MkDocs has logged each mistake
        raise InputError(config_file, " ".join(str(exc).split()) or "MkDocs refuses it") from None


def zip_of(config_file: Path) -> Path:
    """Where the offline edition's zip goes: the plugin's `offline_zip` option."""
    config = _loaded(config_file)
    if "paperfeed" not in config.plugins:
        raise InputError(config_file, "the paperfeed plugin is not among its plugins")
    settings = options(config.plugins["paperfeed"].config)
    if not settings.offline_zip:
        raise InputError(config_file, "the paperfeed plugin's 'offline_zip' names no file for the edition")
    return config_file.resolve().parent / settings.offline_zip


def pack(site: Path, archive: Path) -> None:
    """`site` zipped into `archive`, in a folder named after it (paperfeed-offline/), replacing it
    in one rename."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    temp = archive.with_name(f".{archive.name}.tmp")
    try:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as packed:
            for folder, subfolders, names in os.walk(site):
                subfolders.sort()
                for name in sorted(names):
                    path = Path(folder, name)
                    packed.write(path, Path(archive.stem, path.relative_to(site)).as_posix())
        os.replace(temp, archive)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise disk.write_error(archive, exc) from None
