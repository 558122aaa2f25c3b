"""The store: `content/papers/YYYY-MM-DD.yml`, one YAML list of papers per `added` date.

A daily import adds one small file and leaves the others alone. The files an import changes are
written together or not at all (store/transaction.py), so a crash or a refused import never
leaves a half-written store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from itertools import groupby
from pathlib import Path
from typing import Any

import yaml

from paperfeed import disk
from paperfeed.errors import InputError
from paperfeed.model import Paper
from paperfeed.schema import PaperYamlLoader, decoded, load_yaml
from paperfeed.store import cache as store_cache
from paperfeed.store import records, transaction

PAPERS = "papers"
_HEADER = (
    "# Papers added to this digest on {date}, written by `paperfeed import`.\n"
    "# Hand edits are welcome: `paperfeed check` validates them.\n"
)



class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True  # one paper per entry, readable alone: no &id001 anchors


def store_files(content: Path) -> list[Path]:
    """The day files of the store. Hidden files are not: an editor's lock (`.#2026-11-24.yml`,
    a link to nowhere while the file is open), its swap files, an import's staged files."""
    folder = content / PAPERS
    if not folder.is_dir():
        return []
    return sorted(p for p in [*folder.glob("*.yml"), *folder.glob("*.yaml")] if not p.name.startswith("."))


def refuse_misplaced(content: Path) -> None:
    """InputError when `content` is the store's own papers/ folder rather than the content folder
    that holds it: papers imported there would go to a papers/ inside it, which nothing reads."""
    inside = content.name == PAPERS and (content.parent / PAPERS).resolve() == content.resolve()
    if inside and (any(content.glob("*.yml")) or (content.parent / "topics.yml").exists()):
        raise InputError(
            content, f"this is the store's {PAPERS}/ folder: give the content folder that holds it "
            f"(--content {content.parent})"
        )


def load(content: Path, *, cached: bool = False) -> list[Paper]:
    """Every paper in the store, in file order; InputError names the file and line of a bad one.

    `cached` reuses the parse of files unchanged since an earlier build (see store_cache).
    """
    papers: list[Paper] = []
    folder = store_cache.cache_dir(content)
    for path in store_files(content):
        papers.extend(store_cache.load(path, folder, load_file) if cached else load_file(path))
    return papers


def load_file(path: Path, raw: bytes | None = None) -> list[Paper]:
    """The papers of one day file, exactly as stored; InputError names the file and the line."""
    expected = _date_of(path)
    if expected is None:
        raise InputError(path, "store files are named YYYY-MM-DD.yml after the papers' added date")
    raw = disk.read_regular(path) if raw is None else raw
    text = decoded(raw, path, "a store file")
    data = load_yaml(text, str(path), PaperYamlLoader)
    if data is None or data == []:
        raise InputError(path, "holds no papers (delete the file instead)")
    if not isinstance(data, list):
        raise InputError(path, "a store file is a list of papers")
    papers = []
    for index, record in enumerate(data):
        try:
            paper = records.from_record(record)
        except InputError as exc:
            raise InputError(path, exc.message, _line(text, index)) from None
        if paper.added is None:
            raise InputError(path, "a paper without its 'added' date", _line(text, index))
        if paper.added != expected:
            message = f"added {paper.added} but stored in the file of {expected}"
            raise InputError(path, message, _line(text, index))
        papers.append(paper)
    return papers


def save(
    content: Path,
    papers: Iterable[Paper],
    dates: Iterable[dt.date],
    step: Callable[[str], None] | None = None,
    also: Iterable[tuple[Path, bytes]] = (),
) -> list[Path]:
    """Writes the files of the given added dates from `papers`, and the files `also` gives (other
    files of content/, with their bytes), all or none; returns those that changed. The caller
    holds the store's lock (transaction.locked)."""
    wanted = set(dates)
    by_date = {
        day: list(group)
        for day, group in groupby(
            sorted((p for p in papers if p.added in wanted), key=_file_order), key=lambda p: p.added
        )
    }
    pending: list[tuple[Path, bytes]] = []
    for day in sorted(wanted):
        path = content / PAPERS / f"{day.isoformat()}.yml"
        if not path.exists() and path.with_suffix(".yaml").exists():
            path = path.with_suffix(".yaml")  # a hand-made file of that day: a second one would double it
        pending.append((path, dump(day, by_date.get(day, []))))
    pending = [(path, data) for path, data in [*pending, *also] if _changes(path, data)]
    if pending:
        transaction.commit(content, pending, step)
    return [path for path, _ in pending]


def _changes(path: Path, data: bytes) -> bool:
    return not path.exists() or disk.read_regular(path) != data


def dump(day: dt.date, papers: list[Paper]) -> bytes:
    body = yaml.dump(
        [records.to_record(p) for p in papers],
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
    )
    return (_HEADER.format(date=day.isoformat()) + body).encode("utf-8")


def _file_order(paper: Paper) -> tuple[dt.date, str]:
    return (paper.added or dt.date.min, paper.slug or "")


def _date_of(path: Path) -> dt.date | None:
    try:
        return dt.date.fromisoformat(path.stem)
    except ValueError:
        return None


def _line(text: str, index: int) -> int | None:
    """The line the file's paper `index` starts on, found again only when reporting an error."""
    try:
        node = yaml.compose(text, Loader=PaperYamlLoader)
    except yaml.YAMLError:
        return None
    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        return int(node.value[index].start_mark.line) + 1
    return None
