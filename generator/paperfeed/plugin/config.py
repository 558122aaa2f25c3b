"""The plugin's settings, declared for MkDocs to validate, and the site settings made from them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from paperfeed.site.settings import SiteConfig
from paperfeed.urls import safe_url


class Count(c.Type[int]):
    """A whole number of at least 1 (MkDocs' Type(int) would also take True and 0)."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise base.ValidationError(f"must be a whole number of at least 1, not {value!r}")
        return value


class PaperfeedConfig(base.Config):
    """`plugins: - paperfeed: {…}` in mkdocs.yml. MkDocs refuses an unknown or ill-typed option by name."""

    content = c.Type(str, default="content")  # the store and taxonomy, relative to mkdocs.yml
    feed_items = Count(50)  # items in the site feed
    topic_feed_items = Count(20)  # items in each topic's and watch's feed
    home_items = Count(20)  # newest additions on the home page
    page_size = Count(100)  # papers per topic or watch page (further pages follow)
    abstracts = Count(20)  # a topic's newest papers shown with their abstract, atop its first page
    similar = Count(5)  # similar papers on each paper page
    # The offline edition's zip (`make offline` writes dist/paperfeed-offline.zip): when the file
    # is there, the site publishes it at its root and the home page links it; else neither.
    offline_zip = c.Type(str, default="")
    node_modules = c.Type(str, default="node_modules")  # where `npm ci` put the offline polyfill


def content_dir(config: MkDocsConfig, settings: PaperfeedConfig) -> Path:
    """The content folder: a relative one is taken from the folder mkdocs.yml is in."""
    return _beside_config(config, settings.content)


def node_modules(config: MkDocsConfig, settings: PaperfeedConfig) -> Path:
    return _beside_config(config, settings.node_modules)


def site_settings(config: MkDocsConfig, settings: PaperfeedConfig) -> SiteConfig:
    """What the generator needs from MkDocs' config and the plugin's; ValueError for a bad site_url."""
    site_url = config.site_url or ""
    if not safe_url(site_url):
        raise ValueError("site_url must be the site's absolute http(s) URL (feeds link to it)")
    theme: Any = config.theme
    return SiteConfig(
        site_name=str(config.site_name or "paperfeed"),
        site_url=site_url.rstrip("/") + "/",
        description=str(config.site_description or ""),
        language=str(theme.get("language") or "en"),
        directory_urls=bool(config.use_directory_urls),
        content=str(content_dir(config, settings)),
        feed_items=settings.feed_items,
        topic_feed_items=settings.topic_feed_items,
        home_items=settings.home_items,
        page_size=settings.page_size,
        abstracts=settings.abstracts,
        similar=settings.similar,
        offline_zip=zip_path.name if (zip_path := offline_zip(config, settings)) else "",
    )


def offline_zip(config: MkDocsConfig, settings: PaperfeedConfig) -> Path | None:
    """The offline edition's zip to publish, when there is one. The offline edition is the
    download: it does not carry or link a zip of itself."""
    if not settings.offline_zip or _offline(config):
        return None
    path = _beside_config(config, settings.offline_zip)
    return path if path.is_file() else None


def _offline(config: MkDocsConfig) -> bool:
    plugin: Any = config.plugins.get("material/offline") or config.plugins.get("offline")
    return plugin is not None and bool(plugin.config.get("enabled", True))


def _beside_config(config: MkDocsConfig, folder: str) -> Path:
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    return root / folder
