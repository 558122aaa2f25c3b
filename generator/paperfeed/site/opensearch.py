"""`/opensearch.xml`: the OpenSearch description that lets a browser add the site as a search
engine. Its URL template is the site's home page with `?q=`, which every page answers by opening
search with those terms (overrides/assets/paperfeed-search.js)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from paperfeed.site.settings import SiteConfig

PATH = "opensearch.xml"


def render(site: SiteConfig) -> str:
    # ShortName is at most 16 characters (the specification's limit).
    name = site.site_name[:16]
    description = f"Search {site.site_name}"[:1024]
    template = quoteattr(f"{site.site_url}?q={{searchTerms}}")
    itself = quoteattr(site.site_url + PATH)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">\n'
        f"  <ShortName>{escape(name)}</ShortName>\n"
        f"  <Description>{escape(description)}</Description>\n"
        "  <InputEncoding>UTF-8</InputEncoding>\n"
        f'  <Url type="text/html" method="get" template={template}/>\n'
        f'  <Url type="application/opensearchdescription+xml" rel="self" template={itself}/>\n'
        "</OpenSearchDescription>\n"
    )
