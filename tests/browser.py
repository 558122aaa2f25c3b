"""Headless Chromium for the tests: Debian's chromium driven by Playwright for Python (Playwright's
own browser download is not used), and a folder served on 127.0.0.1.

Every page opened through `new_page` records the requests it makes to other hosts (and blocks
them), so a test can check that the site loads nothing from elsewhere while it runs.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Playwright, Request, Route, sync_playwright

# Debian's chromium; on GitHub's Ubuntu runners /usr/bin/chromium exists too.
CHROMIUM = os.environ.get("PAPERFEED_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}  # "" is file://


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium, closed on exit."""
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).is_file()):
        raise RuntimeError(
            f"no Chromium at {CHROMIUM}: install Debian's chromium (.ci/run does) "
            "or set PAPERFEED_CHROMIUM to a Chromium binary"
        )
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


def _launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)


class OffsiteRequests(list[str]):
    """URLs a page asked for on other hosts (each was blocked)."""


def new_page(
    browser: Browser, width: int = 1280, height: int = 900, **options: Any
) -> tuple[Page, OffsiteRequests]:
    """A page in a fresh context of the given viewport (and Playwright's context `options`, such
    as color_scheme), and the list of its offsite requests. Below 500 px it is a phone's unless
    told otherwise: the window widens to whatever the page overflows to, as on a phone."""
    options.setdefault("is_mobile", width < 500)
    context = browser.new_context(
        viewport={"width": width, "height": height}, service_workers="block", **options
    )
    offsite = OffsiteRequests()

    def guard(route: Route, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about") or (parts.hostname or "") in LOCAL_HOSTS:
            route.continue_()
        else:
            offsite.append(request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page, offsite


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serves `folder` on 127.0.0.1 from a thread; yields its base URL, ending with "/"."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def serve_as_pages(site: Path, path: str) -> Iterator[str]:
    """Serves a built `site` as GitHub Pages does: under its site_url's `path` ("paperfeed"), a
    missing file answered with the site's own 404.html (status 404). Yields the site's URL."""
    root = site.parent / f".served-{site.name}"
    mount = root / path if path else root
    if not mount.exists():
        mount.parent.mkdir(parents=True, exist_ok=True)
        if path:
            mount.symlink_to(site.resolve(), target_is_directory=True)
    not_found = site / "404.html"

    class Pages(_QuietHandler):
        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            if code != 404 or not not_found.is_file():
                super().send_error(code, message, explain)
                return
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    handler = functools.partial(Pages, directory=str(root if path else site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/" + (f"{path}/" if path else "")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
