"""HTML minification of every built page: about a third of a page is indentation."""

from __future__ import annotations

import minify_html


def minify(html: str) -> str:
    # Scripts and styles inline in Material's templates are minified already.
    return str(
        minify_html.minify(
            html,
            minify_js=False,
            minify_css=False,
            keep_html_and_head_opening_tags=True,
            keep_closing_tags=True,
        )
    )
