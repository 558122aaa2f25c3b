"""The offline edition's search: the site's own Pagefind bundles, as scripts a page read from
disk can load.

A page opened from file:// may run the scripts beside it, but fetch nothing, import no module and
start no worker. So every file of the bundles becomes a script that hands its bytes to the search
box (paperfeed-search.js, which calls back `__paperfeedSearch`); the box answers Pagefind's
fetches from them, and imports pagefind.js, a module, from a blob: URL made of its text. The
files every search needs (Pagefind's script and wasm, each bundle's entry, metadata and word
index) are one script, search/search_index.js; every other file (an index chunk, a page's
fragment, a chunk of words) is a script of its own, FILE.js, loaded when a search asks for FILE,
as a browser online fetches it. The same index, searched by the same code: the same papers in the
same order, with the same excerpts.

Binary files are written in base64 (a third more than the file, which was gzipped already), text
files as JavaScript strings.
"""

from __future__ import annotations

import base64
import fnmatch
import json
from pathlib import Path

ENTRY = "search/search_index.js"  # the script every page's first search loads
CALLBACK = "__paperfeedSearch"  # what each script calls with its files (paperfeed-search.js)
# The files of a bundle that every search reads, by their path in the bundle.
AT_START = ("pagefind.js", "pagefind-entry.json", "*.pf_meta", "wasm.*.pagefind", "words/index.json")
TEXT = (".js", ".json", ".txt")


def embed(site_dir: Path, bundles: list[str]) -> list[str]:
    """Turns the bundles in site_dir into scripts, and writes ENTRY; returns the scripts written,
    relative to site_dir."""
    start: dict[str, list[str]] = {}
    written = []
    for bundle in bundles:
        for path in sorted(p for p in (site_dir / bundle).rglob("*") if p.is_file()):
            name = path.relative_to(site_dir).as_posix()
            inside = path.relative_to(site_dir / bundle).as_posix()
            if any(fnmatch.fnmatchcase(inside, pattern) for pattern in AT_START):
                start[name] = _encoded(path)
            else:
                _write(path.with_name(path.name + ".js"), {name: _encoded(path)})
                written.append(name + ".js")
            path.unlink()
    _write(site_dir / ENTRY, start)
    return [ENTRY, *written]


def _encoded(path: Path) -> list[str]:
    """["t", text] or ["b", base64 of the bytes]."""
    data = path.read_bytes()
    if path.suffix in TEXT:
        return ["t", data.decode("utf-8")]
    return ["b", base64.b64encode(data).decode("ascii")]


def _write(script: Path, files: dict[str, list[str]]) -> None:
    script.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(files, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # JSON is JavaScript but for two line separators, which older engines end a string at.
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    script.write_text(f"{CALLBACK}({data});\n", encoding="utf-8")


def files(script: Path) -> dict[str, bytes]:
    """What a script of the edition holds, decoded: for tests and checks."""
    text = script.read_text(encoding="utf-8")
    if not (text.startswith(CALLBACK + "(") and text.endswith(");\n")):
        raise ValueError(f"{script} is not a search file script")
    return {
        name: value.encode("utf-8") if kind == "t" else base64.b64decode(value)
        for name, (kind, value) in json.loads(text[len(CALLBACK) + 1 : -3]).items()
    }
