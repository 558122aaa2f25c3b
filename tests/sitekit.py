"""Builds sites for the tests: the repository's mkdocs.yml over any content folder, into tmp."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).with_name("mkdocs")


def write_config(work: Path, content: Path, **overrides: Any) -> Path:
    """A mkdocs.yml in `work` that inherits the repository's, with every path made absolute."""
    (work / "docs").mkdir(parents=True, exist_ok=True)  # MkDocs wants docs_dir to exist
    config: dict[str, Any] = {
        "INHERIT": str(REPO / "mkdocs.yml"),
        "docs_dir": str(work / "docs"),
        "site_dir": str(work / "site"),
        "hooks": [str(REPO / "generator" / "hook.py")],
        "theme": {"name": "material", "custom_dir": str(REPO / "overrides")},
        "extra": {"paperfeed": {"content": str(content)}},
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
