"""urls: the URLs found in running text (an abstract's links), by the one rule for URLs."""

from __future__ import annotations

import pytest

from paperfeed import urls


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Code is at https://github.com/ZhaolinGao/A-PO.", ["https://github.com/ZhaolinGao/A-PO"]),
        ("models (https://aka.ms/orca-lm), and", ["https://aka.ms/orca-lm"]),
        ("see https://en.wikipedia.org/wiki/Foo_(bar) here", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("[https://x.org/a]", ["https://x.org/a"]),
        ("two: http://a.org/x; https://b.org/y?q=1&r=2!", ["http://a.org/x", "https://b.org/y?q=1&r=2"]),
        ('at https://x.org/a"><script>alert(1)</script>', ["https://x.org/a"]),
        ("javascript:alert(1) and data:text/html,x and ftp://x.org/", []),
        ("no scheme: github.com/x/y, https:// alone", []),
    ],
)
def test_in_text_finds_plain_http_urls_without_the_punctuation_around_them(
    text: str, found: list[str]
) -> None:
    spans = list(urls.in_text(text))
    assert [url for _, _, url in spans] == found
    assert all(text[start:end] == url for start, end, url in spans)
