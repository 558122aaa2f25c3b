"""MkDocs hook: runs the generator before every build, so `mkdocs build` and `mkdocs serve`
work on the repository as it is, and watches content/ while serving.

MkDocs loads this file by its path, outside the package: hence the absolute imports.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from generator.build import generate
from generator.errors import InputError
from generator.site_config import from_mkdocs

log = logging.getLogger("mkdocs.plugins.paperfeed")


def on_pre_build(config: Any) -> None:
    try:
        site = from_mkdocs(config, str(config.config_file_path or "mkdocs.yml"))
        generate(site, Path(config.docs_dir), progress=log.info)
    except InputError as exc:
        raise PluginError(f"paperfeed: {exc}") from None


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    content = from_mkdocs(config).content_dir
    server.watch(str(content.resolve()))
    return server
