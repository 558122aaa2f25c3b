"""What the pages and feeds are made with: the site's settings, validated by the plugin's config."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """MkDocs' own settings the pages need, and the plugin's (paperfeed.plugin.config declares
    those, with their defaults and rules)."""

    site_name: str
    site_url: str  # absolute, ends with "/": feeds need absolute links
    content: str  # the content folder
    feed_days: int  # each feed holds every paper added on its newest this many days of additions
    feed_items: int  # and the site feed at least this many
    topic_feed_items: int  # and each topic's and watch's feed at least this many
    home_items: int  # newest additions on the home page
    page_size: int  # papers per topic or watch page (further pages follow)
    abstracts: int  # a topic's newest papers shown with their abstract, atop its first page
    similar: int  # similar papers on each paper page
    offline_zip: str  # the offline edition's zip at the site's root, linked from the home page ("" for none)
    description: str = ""
    language: str = "en"
    directory_urls: bool = True
    # The search engine: "pagefind" for the site online, "material" (Material's own search, which
    # works from file://) for the offline edition.
    search: Literal["pagefind", "material"] = "pagefind"
    # The store's folder (content/papers/) opened for editing on the repository host, from
    # mkdocs.yml's repo_url and edit_uri; "" for none. A paper's "Wrong topic?" link adds its file.
    store_edit_url: str = ""

    @property
    def content_dir(self) -> Path:
        return Path(self.content)
