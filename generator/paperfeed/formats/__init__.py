"""Stage 1, listing formats: each module reads one kind of listing into papers.

A listing's format is detected from its content, in the order of FORMATS: the first format whose
`detect` accepts the text parses it. To add a format, add a module with `detect` and `parse` and
one line here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from paperfeed import disk
from paperfeed.errors import InputError, RecordWarning
from paperfeed.formats import arxiv_atom, hf_daily_api, hf_listing, paper_list
from paperfeed.formats.listing import Format, Listing
from paperfeed.model import Paper

FORMATS: tuple[Format, ...] = (
    hf_daily_api.FORMAT,
    arxiv_atom.FORMAT,
    paper_list.FORMAT,
    hf_listing.FORMAT,  # plain text: the fallback
)


@dataclass(frozen=True, slots=True)
class Parsed:
    """What one listing holds: its format, its papers, and the warnings of its records that did
    not land as they were (skipped, or cut to a field limit)."""

    format: str
    papers: list[Paper]
    warnings: list[RecordWarning]


def read_file(path: Path, default_date: dt.date) -> Parsed:
    """One listing file read; InputError names the file."""
    return parse_bytes(disk.read_regular(path), str(path), default_date)


def parse_bytes(raw: bytes, where: str, default_date: dt.date) -> Parsed:
    """A listing's bytes (a file's, or an HTTP response's) read. A record that cannot be a paper
    is skipped with a warning; a listing none of whose records can be one is refused, with the
    first of them as its error."""
    listing = Listing.from_bytes(raw, where, default_date)
    for fmt in FORMATS:
        if fmt.detect(listing):
            papers = fmt.parse(listing)
            if not papers:
                raise _nothing_to_import(listing, fmt.name)
            return Parsed(fmt.name, papers, listing.warnings)
    raise InputError(where, "unknown format")  # unreachable while a fallback format exists


def _nothing_to_import(listing: Listing, name: str) -> InputError:
    skipped = [w for w in listing.warnings if w.skipped]
    if not skipped:
        return InputError(listing.where, f"no papers found in this {name}")
    more = f" (and {len(skipped) - 1:,} more records that cannot be papers)" if len(skipped) > 1 else ""
    first = skipped[0]
    return InputError(first.where, first.message + more, first.line)
