"""What the pages and feeds are made with: the site's settings, validated by the plugin's config."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """MkDocs' own settings the pages need, and the plugin's (paperfeed.plugin.config declares
    those, with their defaults and rules)."""

    site_name: str
    site_url: str  # absolute, ends with "/": feeds need absolute links
    content: str  # the content folder
    feed_items: int  # items in the site feed
    topic_feed_items: int  # items in each topic's and watch's feed
    home_items: int  # newest additions on the home page
    page_size: int  # papers per topic or watch page (further pages follow)
    abstracts: int  # a topic's newest papers shown with their abstract, atop its first page
    similar: int  # similar papers on each paper page
    offline_zip: str  # the offline edition's zip at the site's root, linked from the home page ("" for none)
    description: str = ""
    language: str = "en"
    directory_urls: bool = True

    @property
    def content_dir(self) -> Path:
        return Path(self.content)
