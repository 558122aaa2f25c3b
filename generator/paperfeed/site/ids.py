"""`/ids/<YYMM>.json`: which paper page each arXiv id leads to, for `/abs/ID`, `/abs/IDvN` and
`/pdf/ID` (a reader's habit of swapping arxiv.org for the site's host).

A static host has no redirects: such a URL gets the site's 404 page, whose script (overrides/404.html)
reads the id from the address, fetches the one small file of the id's month and goes to the paper's
page. One file per month of ids (old-style ids share one) keeps what a lookup downloads small at
any digest size, and the whole costs about 80 bytes a paper, against some 300 bytes and a file
each for redirect pages.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

from paperfeed.analysis.digest import Digest

FOLDER = "ids"
OLD_STYLE = "old"  # hep-th/9901001 and the like: one file for all


def shard(arxiv: str) -> tuple[str, str]:
    """(the file's name, the key in it) of a versionless id: ("2505", "01619") or ("old", id)."""
    if "/" in arxiv:
        return OLD_STYLE, arxiv
    month, _, number = arxiv.partition(".")
    return month, number


def render_files(digest: Digest) -> Iterator[tuple[str, str]]:
    files: dict[str, dict[str, str]] = defaultdict(dict)
    for entry in digest.by_date:
        if entry.paper.arxiv:
            name, key = shard(entry.paper.arxiv)
            files[name][key] = entry.slug
    for name in sorted(files):
        body = json.dumps(dict(sorted(files[name].items())), separators=(",", ":"), ensure_ascii=False)
        yield f"{FOLDER}/{name}.json", body + "\n"
