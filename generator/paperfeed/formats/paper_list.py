"""A YAML or JSON list of papers: hand-written lists, arXiv metadata, and the store's own files.

Accepted keys are the store's (title, slug, arxiv, date, date_source, added, authors, categories,
topics, links, abstract) and the usual aliases (published, summary, id, code, pdf, project).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any

import yaml

from paperfeed import rules
from paperfeed.errors import InputError, describe, must_be, unknown_key
from paperfeed.formats.listing import Format, Listing, count, make_paper, parse_date
from paperfeed.model import LINK_KINDS, DateSource, Links, Paper
from paperfeed.text import clean
from paperfeed.urls import safe_url

KEYS = frozenset(
    {"title", "slug", "arxiv", "arxiv_id", "id", "date", "date_source", "published", "added",
     "authors", "categories", "topics", "links", "abstract", "summary", "upvotes", "comments",
     *LINK_KINDS}
)
# A store file of another digest may be imported: its classifier's topics are its own, and this
# digest decides its own at import (store/importer.py).
IGNORED = frozenset({"auto_topics", "classifier"})
# YAML that is structured rather than prose: a list item, a `key:` line or a document marker.
_YAML_SHAPE = re.compile(r"^(?:---|- |-$|[\w\"'-]+:(?: |$))", re.MULTILINE)


def detect(listing: Listing) -> bool:
    if listing.head in ("[", "{"):
        return True
    first = next(
        (ln for ln in listing.text.split("\n") if ln.strip() and not ln.lstrip().startswith("#")), ""
    )
    if not _YAML_SHAPE.match(first):
        return False
    if first.startswith(("---", "- ")) or first.rstrip().endswith(":"):
        return True
    # "Title: Subtitle" opens many plain-text listings too: YAML only if it parses as records.
    try:
        return bool(_records(listing.yaml))
    except InputError:
        return False


def parse(listing: Listing) -> list[Paper]:
    data = listing.json if listing.head in ("[", "{") else listing.yaml
    records = _records(data)
    if records is None:
        raise listing.error("expected a list of papers (or a mapping with a 'papers' list)")
    papers = []
    for index, record in enumerate(records):
        title = record.get("title") if isinstance(record, dict) else None
        locate = functools.partial(item_line, listing, index)
        with listing.record(title=title, label=f"paper {index + 1}", locate=locate):
            papers.append(paper_from_mapping(record, listing))
    return papers


def paper_from_mapping(record: object, listing: Listing) -> Paper:
    """A paper from one mapping of the list; InputError (without a line) says what is wrong."""
    if not isinstance(record, dict):
        raise InputError(listing.where, must_be("a paper", "a mapping", describe(record)))
    unknown = sorted(str(k) for k in record if k not in KEYS and k not in IGNORED)
    if unknown:
        raise InputError(listing.where, unknown_key(unknown[0], sorted(KEYS)))
    links = record.get("links") or {}
    if not isinstance(links, dict):
        raise InputError(listing.where, must_be("'links'", "a mapping", describe(links)))
    if unknown := [str(k) for k in links if k not in LINK_KINDS]:
        raise InputError(listing.where, "'links': " + unknown_key(unknown[0], LINK_KINDS))
    link_values = {k: record.get(k) or links.get(k) for k in LINK_KINDS}
    for kind, url in link_values.items():
        if url is not None and safe_url(url) is None:
            raise InputError(listing.where, f"{kind} link is not an http(s) URL: {str(url)[:60]!r}")
    for key in ("title", "abstract", "summary", "slug"):
        if key in record and not isinstance(record[key], str | int | float | type(None)):
            raise InputError(listing.where, must_be(repr(key), "text", describe(record[key])))
    published = record.get("published")
    paper = make_paper(
        listing,
        title=record.get("title"),
        abstract=record.get("abstract") or record.get("summary") or "",
        arxiv=_arxiv_field(record, listing),
        authors=_names(record.get("authors"), "authors", listing),
        published=published,
        links=Links(**{k: safe_url(v) for k, v in link_values.items()}),
        categories=_names(record.get("categories"), "categories", listing),
        check=False,  # below, once the store's own fields (slug, added, date) are in
    )
    changes: dict[str, Any] = {}
    if record.get("date") not in (None, "") and published in (None, ""):
        label = record.get("date_source", DateSource.PUBLISHED.label)
        try:
            source = DateSource.from_label(str(label))
        except KeyError:
            labels = ", ".join(s.label for s in DateSource)
            message = must_be("'date_source'", f"one of {labels}", describe(label))
            raise InputError(listing.where, message) from None
        changes.update(date=parse_date(record["date"], listing, key="date"), date_source=source)
    if record.get("added") not in (None, ""):
        changes["added"] = parse_date(record["added"], listing, key="added")
    if record.get("topics"):
        topics = (clean(name) for name in _names(record.get("topics"), "topics", listing))
        changes["topics"] = tuple(topic for topic in topics if topic)
    if record.get("slug"):
        changes["slug"] = str(record["slug"])
    for key in ("upvotes", "comments"):
        if record.get(key) not in (None, ""):
            changes[key] = count(record[key], key, listing)
    if changes:
        paper = dataclasses.replace(paper, **changes)
    if problem := rules.paper_problem(paper):
        raise InputError(listing.where, problem)
    return paper


def _records(data: object) -> list[Any] | None:
    if isinstance(data, dict) and isinstance(data.get("papers"), list):
        data = data["papers"]
    # a list with an item that is not a mapping is still a paper list: the item gets the error
    return data if isinstance(data, list) else None


def _arxiv_field(record: dict[str, Any], listing: Listing) -> object:
    for key in ("arxiv", "arxiv_id", "id"):
        value = record.get(key)
        if isinstance(value, float):  # JSON: 2505.10000 arrives as 2505.1, its zeros lost
            raise InputError(listing.where, f"the arXiv id {value} is a number: quote it (\"{key}\": \"…\")")
        if value not in (None, ""):
            return value
    return None


def _names(value: object, key: str, listing: Listing) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):  # "A, B and C"
        return [p for p in re.split(r",\s*|\s+and\s+", value) if p.strip()]
    if isinstance(value, list):
        names = []
        for item in value:
            if isinstance(item, dict) and "name" in item:
                item = item["name"]
            if not isinstance(item, str | int | float):
                raise InputError(listing.where, must_be(repr(key), "a list of names", describe(item)))
            names.append(str(item))
        return names
    raise InputError(listing.where, must_be(repr(key), "a list", describe(value)))


def item_line(listing: Listing, index: int) -> int | None:
    """The line a list item starts on, found again only when reporting a warning or an error."""
    if listing.head in ("[", "{"):
        return None
    node = listing.nodes
    if isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if getattr(k, "value", None) == "papers"), None)
    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        return int(node.value[index].start_mark.line) + 1
    return None


FORMAT = Format("paper list", detect, parse)
