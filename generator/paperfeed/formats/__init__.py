"""Stage 1, listing formats: each module reads one kind of listing into papers.

A listing's format is detected from its content, in the order of FORMATS: the first format whose
`detect` accepts the text parses it. To add a format, add a module with `detect` and `parse` and
one line here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from paperfeed.errors import InputError
from paperfeed.formats import arxiv_atom, hf_daily_api, hf_listing, paper_list
from paperfeed.formats.listing import Format, Listing
from paperfeed.model import Paper

FORMATS: tuple[Format, ...] = (
    hf_daily_api.FORMAT,
    arxiv_atom.FORMAT,
    paper_list.FORMAT,
    hf_listing.FORMAT,  # plain text: the fallback
)


def read_file(path: Path, default_date: dt.date) -> tuple[str, list[Paper]]:
    """The format name and papers of one listing file; InputError names the file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    return parse_bytes(raw, str(path), default_date)


def parse_bytes(raw: bytes, where: str, default_date: dt.date) -> tuple[str, list[Paper]]:
    """The format name and papers of a listing's bytes (a file's, or an HTTP response's)."""
    listing = Listing.from_bytes(raw, where, default_date)
    for fmt in FORMATS:
        if fmt.detect(listing):
            papers = fmt.parse(listing)
            if not papers:
                raise InputError(where, f"no papers found in this {fmt.name}")
            return fmt.name, papers
    raise InputError(where, "unknown format")  # unreachable while a fallback format exists
