"""The plugin's settings, declared for MkDocs to validate, and the site settings made from them."""

from __future__ import annotations

import dataclasses
import posixpath
import typing
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from paperfeed.site.settings import Options, SiteConfig
from paperfeed.store.files import PAPERS
from paperfeed.urls import safe_url


class Count(c.Type[int]):
    """A whole number of at least 1 (MkDocs' Type(int) would also take True and 0)."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise base.ValidationError(f"must be a whole number of at least 1, not {value!r}")
        return value


def _option(field: dataclasses.Field[Any], kind: object) -> c.BaseConfigOption[Any]:
    """The MkDocs option of one field of Options: a count, a yes or no, or text."""
    default: Any = field.default
    if kind is int:
        return Count(default)
    if kind is bool:
        return c.Type(bool, default=default)
    return c.Type(str, default=default)


class PaperfeedConfig(base.Config):
    """`plugins: paperfeed: {…}` in mkdocs.yml: an option for each field of site/settings.py's
    Options, where each is declared once. MkDocs refuses an unknown or ill-typed option by name."""

    _schema = tuple(
        (field.name, _option(field, kind))
        for field in dataclasses.fields(Options)
        for kind in [typing.get_type_hints(Options)[field.name]]
    )


def options(settings: PaperfeedConfig) -> Options:
    """The validated options, typed."""
    return Options(**{field.name: settings[field.name] for field in dataclasses.fields(Options)})


def content_dir(config: MkDocsConfig, settings: Options) -> Path:
    """The content folder: a relative one is taken from the folder mkdocs.yml is in."""
    return _beside_config(config, settings.content)


def site_settings(config: MkDocsConfig, settings: Options) -> SiteConfig:
    """What the generator needs from MkDocs' config and the plugin's; ValueError for a bad site_url."""
    site_url = config.site_url or ""
    if not safe_url(site_url):
        raise ValueError("site_url must be the site's absolute http(s) URL (feeds link to it)")
    theme: Any = config.theme
    given = {field.name: getattr(settings, field.name) for field in dataclasses.fields(Options)}
    return SiteConfig(
        **{**given, "content": str(content_dir(config, settings))},
        site_name=str(config.site_name or "paperfeed"),
        site_url=site_url.rstrip("/") + "/",
        description=str(config.site_description or ""),
        language=str(theme.get("language") or "en"),
        directory_urls=bool(config.use_directory_urls),
        offline_download=zip_path.name if (zip_path := offline_zip(config, settings)) else "",
        store_edit_url=store_edit_url(config, settings),
    )


def store_edit_url(config: MkDocsConfig, settings: Options) -> str:
    """The URL that opens content/papers/ for editing on the repository host, or "".

    MkDocs' edit_uri leads from repo_url to the docs folder ("edit/main/docs/"); the store's
    folder is found the same way from the repository's root, where mkdocs.yml is. Without
    repo_url and edit_uri, or with a layout this cannot follow, there is no link.
    """
    repo, edit = str(config.repo_url or ""), str(config.edit_uri or "")
    if not repo or not edit:
        return ""
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    try:
        docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
        content = content_dir(config, settings).resolve().relative_to(root).as_posix()
    except ValueError:  # docs or content outside the repository mkdocs.yml is in
        return ""
    docs_url = urljoin(repo.rstrip("/") + "/", edit).rstrip("/") + "/"
    suffix = "" if docs == "." else docs.rstrip("/") + "/"
    if not docs_url.endswith("/" + suffix) and suffix:
        return ""
    folder = PAPERS if content == "." else posixpath.join(content, PAPERS)
    url = docs_url[: len(docs_url) - len(suffix)] + folder + "/"
    return url if safe_url(url) else ""


def offline_zip(config: MkDocsConfig, settings: Options) -> Path | None:
    """The offline edition's zip to publish, when there is one. The offline edition is the
    download: it does not carry or link a zip of itself."""
    if not settings.offline_zip or settings.offline:
        return None
    path = _beside_config(config, settings.offline_zip)
    return path if path.is_file() else None


def _beside_config(config: MkDocsConfig, folder: str) -> Path:
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    return root / folder
