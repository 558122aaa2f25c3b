"""What the pages and feeds are made with: the plugin's options, declared here once, and the site's
settings made from them and from MkDocs' own configuration.

An option is one field of `Options`, with its default and a comment: plugin/config.py makes the
MkDocs option from it (a whole number of at least 1, or text), MkDocs validates it in mkdocs.yml
and names a wrong one, and `SiteConfig` carries it to the generator under the same name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """`plugins: paperfeed: {…}` in mkdocs.yml, with the defaults the README shows."""

    content: str = "content"  # the store and taxonomy, relative to mkdocs.yml
    feed_days: int = 3  # each feed holds every paper added on its newest 3 days of additions,
    feed_items: int = 50  # and the site feed at least 50 papers
    topic_feed_items: int = 20  # and each topic's and watch's feed at least 20
    home_items: int = 50  # papers of the newest day on the home page (the day's page has them all)
    page_size: int = 100  # papers per topic or watch page (further pages follow)
    abstracts: int = 20  # a topic's newest papers shown with their abstract, atop its first page
    similar: int = 5  # similar papers on each paper page
    # The offline edition's zip (`make offline` writes dist/paperfeed-offline.zip): when the file
    # is there, the site publishes it at its root and the home page links it; else neither.
    offline_zip: str = ""
    search_slice: int = 10_000  # paper pages per search index; more make several, merged
    # The offline edition (mkdocs.offline.yml): pages read from file://, the search index in
    # scripts (plugin/search_offline.py), lists carry every abstract (a page cannot fetch
    # another to show one), no link to the offline zip (it is the download).
    offline: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteConfig(Options):
    """The options, with `content` made absolute, and MkDocs' own settings the pages need."""

    site_name: str
    site_url: str  # absolute, ends with "/": feeds need absolute links
    description: str = ""
    language: str = "en"
    directory_urls: bool = True
    # The offline edition's zip as the site carries it, at its root: its name, "" for none.
    offline_download: str = ""
    # The store's folder (content/papers/) opened for editing on the repository host, from
    # mkdocs.yml's repo_url and edit_uri; "" for none. A paper's "Wrong topic?" link adds its file.
    store_edit_url: str = ""

    @property
    def content_dir(self) -> Path:
        return Path(self.content)
