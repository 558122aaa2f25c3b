"""The two editions as the tests build them, and the check that a built site loads nothing from
other hosts.

The site is sitekit's build of the repository's mkdocs.yml; the offline edition applies
mkdocs.offline.yml on top, read from the file, so the tests exercise the real offline settings.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from sitekit import REPO, build_site, repo_plugins

OFFLINE_CONFIG = REPO / "mkdocs.offline.yml"


def offline_settings() -> dict[str, Any]:
    """mkdocs.offline.yml without its INHERIT line, and without its site_dir: a test's build goes
    to its own folder."""
    settings = yaml.safe_load(OFFLINE_CONFIG.read_text(encoding="utf-8"))
    settings.pop("INHERIT")
    settings.pop("site_dir")
    return settings


def build_offline(work: Path, content: Path, **paperfeed: Any) -> Path:
    """Builds the offline edition of `content` into work/site (with more of paperfeed's options);
    returns that folder."""
    settings = offline_settings()
    # INHERIT merges mappings deeply: the offline options join the repository's (and the content
    # folder sitekit sets), as `make offline` merges them.
    settings["plugins"] = repo_plugins(content=str(content), **settings["plugins"]["paperfeed"], **paperfeed)
    done = build_site(work, content, **settings)
    if done.returncode != 0:
        raise AssertionError(f"offline build failed:\n{done.stdout}\n{done.stderr}")
    return work / "site"


def build_online(work: Path, content: Path, **paperfeed: Any) -> Path:
    """Builds the site of `content` into work/site (with more of paperfeed's options); returns
    that folder."""
    done = build_site(work, content, plugins=repo_plugins(content=str(content), **paperfeed))
    if done.returncode != 0:
        raise AssertionError(f"build failed:\n{done.stdout}\n{done.stderr}")
    return work / "site"


def built_once(tmp_path_factory: Any, name: str, build: Callable[[Path], object]) -> Path:
    """A folder that `build` fills once per test run, shared by the xdist workers: the first
    worker to ask builds it while the others wait."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / f"{name}.built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            build(folder)
            (root / f"{name}.built").touch()
    return folder


# --- Resources loaded from other hosts ------------------------------------------------------

# <link rel> values that make the browser fetch the href (alternate, canonical… only point).
LOADING_RELS = {
    "stylesheet", "preload", "prefetch", "modulepreload", "preconnect", "dns-prefetch",
    "icon", "apple-touch-icon", "mask-icon", "manifest",
}  # fmt: skip
# Elements whose attribute is fetched as the page loads.
LOADING_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]*)\3""", re.IGNORECASE)
EXTERNAL = re.compile(r"^\s*(?:https?:|//)", re.IGNORECASE)


def external_resources(site: Path) -> list[str]:
    """Every resource a page or stylesheet of `site` loads from another host, as
    "file: what -> url"; links to other sites (<a href>) are not resources."""
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            where = path.relative_to(site)
            found += (f"{where}: {what} -> {url}" for what, url in _html_resources(path.read_text("utf-8")))
        elif path.suffix == ".css":
            where = path.relative_to(site)
            found += (f"{where}: url() -> {url}" for url in _css_urls(path.read_text("utf-8")))
    return [item for item in found if EXTERNAL.match(item.rsplit(" -> ", 1)[1])]


def urls_in(html: str) -> list[tuple[str, str]]:
    """Every (tag, URL) a page's href and src attributes hold, however they are quoted."""
    parser = _UrlParser()
    parser.feed(html)
    parser.close()
    return parser.found


class _UrlParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += ((tag, value) for name, value in attrs if name in ("href", "src") and value is not None)


def _css_urls(css: str) -> Iterator[str]:
    for match in CSS_URL.finditer(css):
        yield (match.group(2) if match.group(2) is not None else match.group(4)).strip()


def _html_resources(html: str) -> list[tuple[str, str]]:
    parser = _ResourceParser()
    parser.feed(html)
    parser.close()
    return parser.found


class _ResourceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and LOADING_RELS & set(values.get("rel", "").lower().split()):
            self.found.append((f"<link rel={values['rel']}>", values.get("href", "")))
        for name in LOADING_ATTRS.get(tag, ()):
            if name in values:
                urls = [part.split()[0] for part in values[name].split(",") if part.split()]
                urls = urls if name == "srcset" else [values[name]]
                self.found += ((f"<{tag} {name}>", url) for url in urls)
        if "style" in values:
            self.found += ((f"<{tag} style>", url) for url in _css_urls(values["style"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += (("<style>", url) for url in _css_urls(data))
