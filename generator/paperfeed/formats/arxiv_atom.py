"""arXiv API results: an Atom feed whose entries are papers (`<id>http://arxiv.org/abs/…v1</id>`)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from paperfeed.formats.listing import Format, Listing, links_in_text, make_paper
from paperfeed.model import Paper
from paperfeed.text import clean

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
# A web page saved as HTML or XHTML, perhaps after an XML declaration and comments.
_HTML = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)


def detect(listing: Listing) -> bool:
    return listing.head == "<"


def parse_feed(listing: Listing) -> ET.Element:
    """The feed element; refuses DTDs (no entity expansion) and anything that is not Atom."""
    if _HTML.match(listing.text):
        raise listing.error("an HTML page, not a listing (save the page as text, or use a feed or API)")
    if "<!DOCTYPE" in listing.text or "<!ENTITY" in listing.text:
        raise listing.error("XML with a DTD is not accepted")
    try:
        root = ET.fromstring(listing.text)
    except ET.ParseError as exc:
        message = str(exc).split(":", 1)[0]  # expat's reason, without its own line/column
        raise listing.error(f"malformed XML: {message}", exc.position[0]) from None
    if root.tag != f"{ATOM}feed":
        raise listing.error(f"not an arXiv Atom feed (root element {root.tag!r})")
    return root


def parse(listing: Listing) -> list[Paper]:
    papers = []
    for number, entry in enumerate(parse_feed(listing).iter(f"{ATOM}entry"), start=1):
        ident = entry.findtext(f"{ATOM}id", "").strip()
        if "/api/errors" in ident:
            raise listing.error(f"arXiv API error: {clean(entry.findtext(f'{ATOM}summary', ''))}")
        primary = entry.find(f"{ARXIV}primary_category")
        categories = [primary.get("term", "")] if primary is not None else []
        categories += [c.get("term", "") for c in entry.iter(f"{ATOM}category")]
        title = entry.findtext(f"{ATOM}title", "")
        with listing.record(title=title, label=f"entry {number}"):
            papers.append(
                make_paper(
                    listing,
                    title=title,
                    abstract=entry.findtext(f"{ATOM}summary", ""),
                    arxiv=ident or None,
                    authors=[a.findtext(f"{ATOM}name", "") for a in entry.iter(f"{ATOM}author")],
                    published=entry.findtext(f"{ATOM}published") or None,
                    # "Code: https://..." often sits in the comment rather than the abstract
                    links=links_in_text(clean(entry.findtext(f"{ARXIV}comment", ""))),
                    categories=dict.fromkeys(c for c in categories if c),
                )
            )
    return papers


FORMAT = Format("arXiv Atom feed", detect, parse)
