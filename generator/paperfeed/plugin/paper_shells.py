"""Paper pages, made by the plugin from a shell that MkDocs renders once per section.

A digest is mostly paper pages, and they all come from one template (overrides/lean.html) at one
depth of the site: MkDocs renders one shell page per section a paper can belong to, its title,
head, body and footer set to markers (site/pages/paper_pages.py), and each paper page is its
shell with the paper's parts in the markers' places, minified as MkDocs' pages are. The template,
the theme's words and colours, the tabs and the section marked are MkDocs' and Material's own;
only the per-page work is not repeated 100,000 times (Jinja took most of a large build's time).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from paperfeed.plugin import minify as minify_module
from paperfeed.plugin.minify import minify
from paperfeed.site.pages.markup import GENERATOR
from paperfeed.site.pages.paper_pages import MARKERS, SHELLS

_SECTION_OF = {slug: section for section, slug in SHELLS.items()}
_PARTS = re.compile("(" + "|".join(MARKERS.values()) + "|" + "|".join(SHELLS.values()) + ")")
_FOOTER = re.compile(r'<footer class="md-footer">' + MARKERS["footer"] + "</footer>")
# Pagefind reads the paper's source (search.py); the published page does without its marks.
_PAGEFIND = re.compile(r' data-pagefind-[a-z-]+(?:="[^"]*")?')


class ShellError(ValueError):
    """The template no longer renders a marker once: paper pages cannot be made from it."""


@dataclass(frozen=True, slots=True)
class Shell:
    html: str  # the rendered page, minified
    url: str  # its canonical URL, in which its own slug stands for the paper's

    @classmethod
    def of(cls, html: str, url: str) -> Shell:
        for marker in MARKERS.values():
            if html.count(marker) != 1:
                times = html.count(marker)
                raise ShellError(f"overrides/lean.html renders {marker} {times} times, not once")
        return cls(html, url)


def shell_section(src_uri: str) -> str | None:
    """The section whose shell a generated file is, or None."""
    parts = src_uri.split("/")
    return _SECTION_OF.get(parts[1]) if len(parts) == 3 and parts[0] == "papers" else None


def is_paper(src_uri: str) -> bool:
    """Whether a generated file is a paper page's source (made from a shell, not by MkDocs)."""
    return src_uri.startswith("papers/") and src_uri.endswith("/index.md") and shell_section(src_uri) is None


# The code a page is made with: a cached page made by another version is not taken.
_CODE = b"".join(Path(module).read_bytes() for module in (__file__, minify_module.__file__))


class Cache:
    """The paper pages of the last build, by what each was made of (its source and the shells),
    so that a rebuild makes again only the pages that changed: a day's papers change a few
    hundred of a digest's pages (their similar papers, their neighbours in a topic). Pages are
    hard-linked into the site (copied where the file system cannot link); a cached file is
    never written again once it has its name, and those this build did not use are removed."""

    def __init__(self, folder: Path, shells: dict[str, Shell]) -> None:
        self.folder = folder
        self.shells = shells
        made = hashlib.sha256(_CODE)
        for section in sorted(shells):
            made.update(f"{section}\n{shells[section].url}\n{shells[section].html}\n".encode())
        self._shells = made.digest()
        self._used: set[str] = set()
        folder.mkdir(parents=True, exist_ok=True)

    def place(self, source: str, slug: str, target: Path) -> tuple[str, str | None]:
        """Puts the paper page of `source` at `target`; returns its canonical URL and the day it
        last changed."""
        meta, body = _split(source)
        key = hashlib.sha256(self._shells + f"{slug}\n{source}".encode()).hexdigest()[:32]
        cached = self.folder / f"{key}.html"
        self._used.add(cached.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # a page of an earlier build left in the site (--dirty)
        try:
            os.link(cached, target)
        except FileNotFoundError:  # new or changed: made, then kept under its name once whole
            target.write_text(_html(meta, body, slug, self.shells), encoding="utf-8")
            with contextlib.suppress(OSError):  # kept or not, the page is right
                os.link(target, cached)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(cached, target)
        return _address(meta, slug, self.shells)

    def prune(self) -> None:
        for path in self.folder.iterdir():
            if path.name not in self._used:
                path.unlink(missing_ok=True)


def _address(meta: dict[str, object], slug: str, shells: dict[str, Shell]) -> tuple[str, str | None]:
    section = str(meta["section"])
    updated = meta.get("updated")
    return shells[section].url.replace(SHELLS[section], slug), str(updated) if updated else None


def _html(meta: dict[str, object], body: str, slug: str, shells: dict[str, Shell]) -> str:
    shell = shells[str(meta["section"])]
    footer = str(meta.get("footer") or "")
    title = str(escape(Markup(str(meta["title"])).striptags()))  # as the template's `striptags | e`
    values = {
        MARKERS["title"]: title,
        MARKERS["head"]: str(meta.get("head") or ""),
        MARKERS["body"]: _PAGEFIND.sub("", body),
        MARKERS["footer"]: footer,
    }
    html = shell.html if footer else _FOOTER.sub("", shell.html)  # the template writes none
    page = "".join(values.get(part, slug if part in _SECTION_OF else part) for part in _PARTS.split(html))
    return minify(page)


def _split(source: str) -> tuple[dict[str, object], str]:
    """Front matter (one JSON value a line, as SourcePage.render writes it) and body."""
    head, _, body = source.removeprefix("---\n").partition("\n---\n")
    meta: dict[str, object] = {}
    for line in head.splitlines():
        key, _, value = line.partition(": ")
        meta[key] = json.loads(value)
    if meta.get("generator") != GENERATOR:
        raise ShellError("not a page the generator wrote")
    return meta, body.lstrip("\n")

