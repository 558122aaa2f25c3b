"""`/saved/`: the papers the reader saved, kept in their browser (localStorage) and listed there
by assets/paperfeed-reader.js, with a BibTeX export of them. The page itself holds only its frame:
what a reader saves is never sent anywhere, and the site knows nothing of it. The offline edition's
page loads every paper's BibTeX entry (site/bib.py): from file:// it cannot fetch a paper's page
for it, as the site's page does."""

from __future__ import annotations

from collections.abc import Iterator

from paperfeed import urls
from paperfeed.analysis.digest import Digest
from paperfeed.site.pages.markup import Linker, SourcePage
from paperfeed.site.settings import SiteConfig


def render(digest: Digest, site: SiteConfig) -> Iterator[SourcePage]:
    # Deferred, it runs before the reader's script, which is deferred too and comes after it.
    citations = f'<script defer src="{Linker(urls.SAVED, site)(urls.SAVED_CITATIONS)}"></script>'
    body = "\n\n".join(
        [
            "<h1>Saved</h1>",
            '<p class="pf-lead">The papers you saved, newest first. They are kept in this browser only: '
            "nothing is sent anywhere. Save a paper with its ☆ button, or with <kbd>s</kbd> on a "
            "selected paper (<kbd>?</kbd> shows the keys).</p>",
            '<div class="pf-saved" data-pf-saved></div>',
            '<noscript><p class="pf-empty">Saving papers needs JavaScript.</p></noscript>',
            *([citations] if site.offline else []),
        ]
    )
    yield SourcePage(path=urls.SAVED, title="Saved", body=body, section=urls.SAVED)
