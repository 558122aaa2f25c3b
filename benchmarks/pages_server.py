"""A built site served on 127.0.0.1 as GitHub Pages serves it, for the benchmarks that load pages
in Chromium (lighthouse.py, search_bytes.py): under its site_url path, gzip for text,
`Cache-Control: max-age=600`, ETag and Last-Modified, a directory without its slash redirected,
404.html for what is missing.
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import gzip
import hashlib
import mimetypes
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("PAPERFEED_CHROMIUM", "/usr/bin/chromium")
# What GitHub Pages compresses: text of every kind the site holds.
COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
MAX_AGE = 600  # seconds: GitHub Pages' Cache-Control for every file


class PagesHandler(BaseHTTPRequestHandler):
    """A built site under `prefix`, served as GitHub Pages serves it (see the module's doc)."""

    protocol_version = "HTTP/1.1"  # keep-alive, as browsers use it
    site: Path
    prefix: str  # "/paperfeed/"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        file, status = self._find(path)
        if file is None:  # a directory asked for without its slash
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = file.read_bytes()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if kind.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = _gzipped(file, file.stat().st_mtime_ns)
            encoded = True
        else:
            encoded = False
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text/") else kind)
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(file.stat().st_mtime, usegmt=True))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _find(self, path: str) -> tuple[Path | None, int]:
        """The file for a URL path and its status; (None, 301) for a directory without its slash."""
        missing = (self.site / "404.html", 404)
        if not path.startswith(self.prefix):
            return missing
        target = (self.site / path[len(self.prefix) :]).resolve()
        if not target.is_relative_to(self.site.resolve()):
            return missing
        if target.is_dir():
            if not path.endswith("/"):
                return None, 301
            target = target / "index.html"
        return (target, 200) if target.is_file() else missing


@functools.lru_cache(maxsize=256)
def _gzipped(file: Path, mtime: int) -> bytes:
    return gzip.compress(file.read_bytes(), compresslevel=6, mtime=0)


@contextlib.contextmanager
def serve(site: Path, prefix: str, kind: type[PagesHandler] = PagesHandler) -> Iterator[str]:
    """The base URL of `site` served under `prefix` on a free port of 127.0.0.1."""
    handler = type("Handler", (kind,), {"site": site, "prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def site_prefix() -> str:
    """The URL path the site is built for ("/paperfeed/"), from site_url in mkdocs.yml."""
    path = urlsplit(load_config(str(REPO / "mkdocs.yml"))["site_url"] or "/").path
    return path if path.endswith("/") else path + "/"
