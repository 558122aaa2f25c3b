"""Builds sites for the tests: the repository's mkdocs.yml over any content folder, into tmp."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config

from paperfeed import paths
from paperfeed.analysis.digest import Digest, load_digest
from paperfeed.plugin import config as plugin_config
from paperfeed.plugin.config import PaperfeedConfig
from paperfeed.site.settings import SiteConfig

REPO = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).with_name("mkdocs")


def plugin_defaults() -> dict[str, Any]:
    """The plugin's options as MkDocs validates them when mkdocs.yml sets none."""
    config = PaperfeedConfig()
    config.load_dict({})
    failed, _ = config.validate()
    assert not failed, failed
    return dict(config)


def site_settings(**overrides: Any) -> SiteConfig:
    """The generator's settings: the plugin's defaults, a site name and URL, and `overrides`."""
    settings = {**plugin_defaults(), "site_name": "paperfeed", "site_url": "https://example.org/"}
    return SiteConfig(**{**settings, **overrides})


def generated_pages(work: Path) -> Path:
    """Where a build of work/mkdocs.yml (write_config's) has the generator write its pages."""
    return paths.build_work(work / "mkdocs.yml") / "pages"


def site_digest(site: SiteConfig) -> Digest:
    """The digest a build with these settings makes."""
    return load_digest(site.content_dir, neighbours=site.similar)


def repo_settings(content: Path = REPO / "content") -> SiteConfig:
    """The settings the build reads from the repository's mkdocs.yml (through MkDocs), over `content`."""
    config = load_config(str(REPO / "mkdocs.yml"))
    settings = plugin_config.site_settings(config, plugin_config.options(config.plugins["paperfeed"].config))
    return dataclasses.replace(settings, content=str(content))


def repo_plugins(**paperfeed: Any) -> dict[str, Any]:
    """mkdocs.yml's plugins, with paperfeed's options updated by `paperfeed`."""
    plugins = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    return {**plugins, "paperfeed": {**plugins["paperfeed"], **paperfeed}}


def write_config(work: Path, content: Path, **overrides: Any) -> Path:
    """A mkdocs.yml in `work` that inherits the repository's, with every path made absolute."""
    (work / "docs").mkdir(parents=True, exist_ok=True)  # MkDocs wants docs_dir to exist
    config: dict[str, Any] = {
        "INHERIT": str(REPO / "mkdocs.yml"),
        "docs_dir": str(work / "docs"),
        "site_dir": str(work / "site"),
        "theme": {"name": "material", "custom_dir": str(REPO / "overrides")},
        "plugins": repo_plugins(content=str(content)),
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(config.get(key), dict):
            config[key] = {**config[key], **value}
        else:
            config[key] = value
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def build_site(
    work: Path, content: Path, *, strict: bool = True, **overrides: Any
) -> subprocess.CompletedProcess[str]:
    """Runs `mkdocs build` on `content` into work/site; returns the finished process."""
    config = write_config(work, content, **overrides)
    args = [str(MKDOCS), "build", "-q", "-f", str(config)] + (["--strict"] if strict else [])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=work, timeout=600)


def pagefind_records(site: Path, bundle: str = "pagefind") -> list[dict[str, Any]]:
    """What Pagefind stored in `bundle` for each page it indexed: its URL, metadata and text (each
    fragment file is gzip'd "pagefind_dcd" followed by JSON)."""
    records = []
    for path in sorted((site / bundle / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        records.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return records
