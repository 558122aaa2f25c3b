"""Whitespace removal keeps what the page shows."""

from paperfeed.plugin.minify import minify


def test_line_breaks_between_tags_and_indentation_go() -> None:
    html = "<ul>\n    <li>a</li>\n    <li>b</li>\n</ul>\n<p>\n    text\n</p>"
    assert minify(html) == "<ul><li>a</li><li>b</li></ul><p>\ntext\n</p>"


def test_preformatted_text_and_spaces_within_a_line_are_kept() -> None:
    html = "<p><a>x</a> · <a>y</a></p>\n  <pre><code>@misc{k,\n  title = {T}\n}</code>\n</pre>\n  <p>z</p>"
    # next to a <pre> one line break stays: harmless, and the <pre> itself is untouched
    assert (
        minify(html)
        == "<p><a>x</a> · <a>y</a></p>\n<pre><code>@misc{k,\n  title = {T}\n}</code>\n</pre>\n<p>z</p>"
    )
