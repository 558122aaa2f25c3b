"""Paper pages, made by the plugin from a shell that MkDocs renders once per section.

A digest is mostly paper pages, and they all come from one template (overrides/lean.html) at one
depth of the site: MkDocs renders one shell page per section a paper can belong to, its title,
head, body and footer set to markers (site/pages/paper_pages.py), and each paper page is its
shell with the paper's parts in the markers' places, minified as MkDocs' pages are. The template,
the theme's words and colours, the tabs and the section marked are MkDocs' and Material's own;
only the per-page work is not repeated 100,000 times (Jinja took most of a large build's time).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

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


def render(source: str, slug: str, shells: dict[str, Shell]) -> tuple[str, str, str | None]:
    """A paper page from its source (as site/pages/markup.SourcePage writes it): its HTML, its
    canonical URL and the day it last changed (for the sitemap)."""
    meta, body = _split(source)
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
    url = shell.url.replace(SHELLS[str(meta["section"])], slug)
    updated = meta.get("updated")
    return minify(page), url, str(updated) if updated else None


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


def write(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
