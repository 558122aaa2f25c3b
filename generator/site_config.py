"""The site's settings: MkDocs' own (site_name, site_url, …) and `extra.paperfeed`, validated here."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Any

from .errors import InputError
from .urls import safe_url


@dataclass(frozen=True, slots=True)
class SiteConfig:
    site_name: str
    site_url: str  # absolute, ends with "/": feeds need absolute links
    description: str = ""
    language: str = "en"
    directory_urls: bool = True
    # extra.paperfeed, with defaults
    content: str = "content"
    feed_items: int = 50  # items in the site feed
    topic_feed_items: int = 20  # items in each topic's and watch's feed
    home_items: int = 20  # newest additions on the home page
    page_size: int = 100  # papers per topic or watch page (further pages follow)
    abstracts: int = 20  # a topic's newest papers shown with their abstract, atop its first page
    similar: int = 5  # similar papers on each paper page
    offline_zip: str = ""  # URL of the offline edition's zip, linked from the home page

    @property
    def content_dir(self) -> Path:
        return Path(self.content)


_DEFAULTS = {f.name: f.default for f in fields(SiteConfig) if f.default is not MISSING}
_SETTINGS = (
    "content",
    "feed_items",
    "topic_feed_items",
    "home_items",
    "page_size",
    "abstracts",
    "similar",
    "offline_zip",
)


def from_mkdocs(config: Any, where: str = "mkdocs.yml") -> SiteConfig:
    """SiteConfig from a loaded MkDocs config (a mapping); InputError names a bad key.

    A relative `content` folder is taken from the folder mkdocs.yml is in.
    """
    site_url = config.get("site_url") or ""
    if not safe_url(site_url):
        raise InputError(where, "site_url must be the site's absolute http(s) URL (feeds link to it)")
    extra = (config.get("extra") or {}).get("paperfeed") or {}
    if not isinstance(extra, dict):
        raise InputError(where, "extra.paperfeed must be a mapping")
    settings: dict[str, Any] = {}
    for key, value in extra.items():
        if key not in _SETTINGS:
            raise InputError(where, f"extra.paperfeed.{key}: unknown setting (known: {', '.join(_SETTINGS)})")
        default = _DEFAULTS[key]
        if isinstance(default, int) and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise InputError(where, f"extra.paperfeed.{key}: must be a whole number of at least 1")
        if isinstance(default, str) and not isinstance(value, str):
            raise InputError(where, f"extra.paperfeed.{key}: must be text")
        settings[key] = value
    root = Path(config.get("config_file_path") or where).resolve().parent
    settings["content"] = str(root / settings.get("content", _DEFAULTS["content"]))
    theme = config.get("theme")
    language = getattr(theme, "get", lambda *_: None)("language") or "en"
    return SiteConfig(
        site_name=str(config.get("site_name") or "paperfeed"),
        site_url=site_url.rstrip("/") + "/",
        description=str(config.get("site_description") or ""),
        language=str(language),
        directory_urls=bool(config.get("use_directory_urls", True)),
        **settings,
    )
