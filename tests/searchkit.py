"""Helpers of the search tests: paper pages as the generator writes them, and a failing indexer."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperfeed.plugin import search


def failing_indexer(folder: Path, monkeypatch: pytest.MonkeyPatch, said: str, status: int) -> None:
    """Pagefind replaced by a script that prints `said` and exits with `status`."""
    fake = folder / "pagefind"
    fake.write_text(f"#!/bin/sh\necho '{said}' >&2\nexit {status}\n")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "executable", lambda: fake)


def paper_docs(folder: Path, slugs: list[str]) -> Path:
    """A docs/ of bare paper pages as the generator writes them (a front matter, then the paper's
    HTML), each marked for the index and holding the word "common"; the front matter holds markup
    and a word of its own, neither of which is the paper's."""
    for slug in slugs:
        page = folder / "papers" / slug / "index.md"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'---\ntitle: "frontmatter {slug}"\n'
            'head: "<meta name=\\"description\\" content=\\"frontmatter\\">'
            '<h1 data-pagefind-body>frontmatter</h1>"\n'
            "---\n\n"
            f'<div class="pf-paper"><nav>Breadcrumb</nav><div data-pagefind-body><h1>{slug}</h1>'
            f"<p>A common word, and the page's own: {slug}.</p></div></div>\n"
        )
    return folder
