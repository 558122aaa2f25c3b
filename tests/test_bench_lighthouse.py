"""The Lighthouse benchmark serves a site as GitHub Pages does: under its path, text gzipped, a short
cache lifetime, revalidation, redirects to a directory's slash, 404.html for what is missing."""

from __future__ import annotations

import gzip
import http.client
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/ is not an installed package
from benchmarks import lighthouse

PAGE = "<!doctype html><title>t</title>" + "<p>words</p>" * 200


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int]]:
    site = tmp_path / "site"
    (site / "topics" / "a").mkdir(parents=True)
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "topics" / "a" / "index.html").write_text("topic a", encoding="utf-8")
    (site / "404.html").write_text("not here", encoding="utf-8")
    (site / "logo.png").write_bytes(b"\x89PNG" + bytes(100))
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    with lighthouse.serve(site, "/pf/") as base:
        parts = urlsplit(base)
        assert parts.path == "/pf/"
        yield str(parts.hostname), int(parts.port or 0)


def fetch(served: tuple[str, int], path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*served, timeout=10)
    connection.request("GET", path, headers=headers)
    reply = connection.getresponse()
    return reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read()


def test_text_is_sent_gzipped_to_a_browser_that_accepts_it_with_pages_cache_headers(
    served: tuple[str, int],
) -> None:
    status, headers, body = fetch(served, "/pf/", **{"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body).decode() == PAGE and len(body) < len(PAGE) / 5
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "max-age=600" and headers["vary"] == "Accept-Encoding"
    assert int(headers["content-length"]) == len(body)
    status, plain, body = fetch(served, "/pf/")
    assert status == 200 and "content-encoding" not in plain and body.decode() == PAGE
    assert plain["etag"] == headers["etag"]
    status, _, body = fetch(served, "/pf/", **{"If-None-Match": headers["etag"]})
    assert status == 304 and body == b""


def test_images_are_sent_as_they_are(served: tuple[str, int]) -> None:
    status, headers, body = fetch(served, "/pf/logo.png", **{"Accept-Encoding": "gzip"})
    assert status == 200 and "content-encoding" not in headers and body.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("path", "status", "body"),
    [
        ("/pf/topics/a/", 200, b"topic a"),
        ("/pf/nowhere/", 404, b"not here"),
        ("/pf/../secret.txt", 404, b"not here"),
        ("/pf/%2e%2e/secret.txt", 404, b"not here"),
        ("/elsewhere/index.html", 404, b"not here"),
    ],
)
def test_pages_are_found_under_the_site_path_and_nothing_outside_it(
    served: tuple[str, int], path: str, status: int, body: bytes
) -> None:
    got, _, data = fetch(served, path)
    assert (got, data) == (status, body)


def test_a_directory_without_its_slash_is_redirected_to_it(served: tuple[str, int]) -> None:
    status, headers, _ = fetch(served, "/pf/topics/a")
    assert status == 301 and headers["location"] == "/pf/topics/a/"
