"""Reads feeds the way feed readers (feedparser) and strict XML parsers (lxml) do, and names the
later listing that the feed and watch tests import into a copy of the default content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import feedparser
from lxml import etree

from paperfeed.model import DateSource, Entry

NEW_LISTING = Path(__file__).parent / "fixtures" / "feeds" / "listing-2026-11-25.yaml"
NEW_DAY = dt.date(2026, 11, 25)
# The listing's papers, newest publication first: the order they lead the site feed in.
NEW_SLUGS = (
    "cheaper-chains-pruning-chain-of-thought",  # a new paper's slug: 48 characters at most, not "…-for"
    "h2o-nav-embodied-navigation-with-a-learned-world",
    "escaping-script-alert-x-script-in-rss-feeds",
    "skill-priors-for-safe-offline-reinforcement",  # published in 2025, added last
)


def strict(data: str | bytes) -> etree._Element:
    """The document as a strict XML parser reads it: any error raises."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return etree.fromstring(raw, etree.XMLParser(recover=False, resolve_entities=False, no_network=True))


def read_feed(data: str | bytes) -> etree._Element:
    """The <channel> of an RSS 2.0 feed that both feedparser and lxml read without complaint."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    root = strict(raw)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    return channel


def guids(channel: etree._Element) -> list[str]:
    return [item.findtext("guid") or "" for item in channel.findall("item")]


def newest_additions(entries: Iterable[Entry]) -> list[Entry]:
    """The order feeds list papers in, worked out here independently: newest `added` first, then
    the newest publication date (a listing's day is none: such papers last), then slug."""

    def key(e: Entry) -> tuple[int, bool, int, str]:
        undated = e.paper.date_source == DateSource.LISTING
        return (-e.added.toordinal(), undated, 0 if undated else -e.date.toordinal(), e.slug)

    return sorted(entries, key=key)


def feed_window(entries: Iterable[Entry], days: int, least: int) -> list[Entry]:
    """The papers a feed holds, worked out here independently: those added on the `days` newest
    days the papers were added on, or the `least` newest when those days hold fewer."""
    ordered = newest_additions(entries)
    recent = set(sorted({e.added for e in ordered}, reverse=True)[:days])
    held = [e for e in ordered if e.added in recent]
    return held if len(held) >= least else ordered[:least]
