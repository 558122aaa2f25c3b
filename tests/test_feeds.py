"""Feeds (issue 4): the site feed, a feed per topic and the OPML file, read the way feed readers
read them (feedparser) and the way a strict XML parser does (lxml, recover=False).

The unit tests render small hand-made digests; the site tests share one build of the default
content, and the subscription tests import a new listing into a copy of it and build again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import shutil
from collections import Counter
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import lxml.html
import pytest
import yaml
from conftest import run_cli, snapshot
from feedkit import NEW_LISTING, NEW_SLUGS, feed_window, guids, newest_additions, read_feed, strict
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from sitekit import (
    REPO,
    generated_pages,
    plugin_defaults,
    repo_plugins,
    repo_settings,
    site_digest,
    site_settings,
    write_config,
)

from paperfeed import slugs, urls
from paperfeed.analysis.digest import Digest, build_digest
from paperfeed.analysis.taxonomy import Taxonomy, Topic
from paperfeed.errors import InputError
from paperfeed.model import DateSource, Entry, Links, Paper
from paperfeed.plugin import config as plugin_config
from paperfeed.plugin.config import PaperfeedConfig
from paperfeed.site import feeds
from paperfeed.site.build import generate
from paperfeed.site.pages import feeds_page
from paperfeed.site.settings import SiteConfig
from paperfeed.text import shorten

NS = {"atom": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/elements/1.1/"}


# --- Reading feeds (feedkit's read_feed and strict read them as readers do) -----------------------


def raw_items(data: bytes) -> dict[str, bytes]:
    """Each <item> exactly as written, by its guid."""
    items = {}
    for raw in re.findall(rb"<item>.*?</item>", data, re.DOTALL):
        guid = re.search(rb"<guid[^>]*>(.*?)</guid>", raw)
        assert guid, raw
        items[guid.group(1).decode()] = raw
    return items


def description_html(item: etree._Element) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(item.findtext("description") or "", create_parent="div")


def page_url(site: SiteConfig, entry: Entry) -> str:
    return f"{site.site_url}papers/{entry.slug}/"


# --- Hand-made digests -----------------------------------------------------------------------------

SITE = site_settings(site_name="Digest", site_url="https://example.org/digest/", description="Papers.")
TAXONOMY = Taxonomy(
    topics=(
        Topic("agents", "Agents & tools", "Papers about <agents>.", phrases=(("agent", 1.0),)),
        Topic("vision", "Vision", "Seeing things.", phrases=(("image", 1.0),)),
        Topic("empty", "Empty", "No paper is about this.", phrases=(("zzzz", 1.0),)),
    )
)


def paper(title: str, added: str, date: str | None = None, **fields: object) -> Paper:
    fields.setdefault("topics", ("agents",))  # set by hand: the classifier never runs on test text
    fields.setdefault("date_source", DateSource.PUBLISHED)
    return Paper(
        title=title,
        added=dt.date.fromisoformat(added),
        date=dt.date.fromisoformat(date or added),
        **fields,  # type: ignore[arg-type]
    )


def digest_of(*papers: Paper) -> Digest:
    return build_digest(slugs.assign(papers), TAXONOMY)


def rendered(digest: Digest, site: SiteConfig = SITE) -> dict[str, str]:
    return dict(feeds.render_all(digest, site))


def test_rfc822_dates_are_utc_with_their_time_and_the_timezone_written_out() -> None:
    assert feeds.rfc822(dt.datetime(2026, 11, 24, 6, 17, tzinfo=dt.UTC)) == "Tue, 24 Nov 2026 06:17:00 +0000"
    paris = dt.timezone(dt.timedelta(hours=1))
    assert feeds.rfc822(dt.datetime(2024, 2, 29, 13, 0, tzinfo=paris)) == "Thu, 29 Feb 2024 12:00:00 +0000"
    when = parsedate_to_datetime(feeds.rfc822(dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)))
    assert when == dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC) and when.utcoffset() == dt.timedelta(0)


def test_an_item_is_dated_by_the_time_its_paper_was_added_and_says_when_it_was_published() -> None:
    imported = dataclasses.replace(paper("Timed", "2026-11-20", "2025-05-02"), added_time=dt.time(6, 17, 3))
    (item,) = read_feed(rendered(digest_of(imported))[urls.SITE_FEED]).findall("item")
    assert item.findtext("pubDate") == "Fri, 20 Nov 2026 06:17:03 +0000"  # the import's time, that day
    assert description_html(item).xpath("//p")[-1].text.startswith("Published 2 May 2025")


def test_xml_text_escapes_markup_and_drops_characters_xml_cannot_hold() -> None:
    assert feeds.xml_text("a ]]> & <b> \"q\" 'q'") == "a ]]&gt; &amp; &lt;b&gt; &quot;q&quot; &#x27;q&#x27;"
    controls = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]))
    assert feeds.xml_text(f"x{controls}\ud800\udfff\ufffe\uffffy") == "xy"
    assert feeds.xml_text("tab\tline\nemoji 🧪 é ✓") == "tab\tline\nemoji 🧪 é ✓"


HOSTILE = [
    "Ends ]]> a CDATA section",
    "Fish & chips &amp; &#60; entities",
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "Controls\x00\x01\x08\x0b\x0c\x1b\x7f\x85\x9f here",
    "Emoji 🧪🤖 and 👩‍🔬, accents é ü ñ, CJK 深度学习, RTL \u05e9\u05dc\u05d5\u05dd",
    "Quotes \"double\" and 'single' and `back`",
]


def readable(text: str) -> str:
    """What a reader gets back: the text without the characters feeds drop."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]", "", text)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_makes_a_valid_feed_that_reads_back_as_the_same_text(text: str) -> None:
    digest = digest_of(
        paper(
            text, "2026-11-24", abstract=f"Abstract: {text}", authors=(text, "Plain Name"), arxiv="2411.00001"
        )
    )
    for path, xml in rendered(digest).items():
        if path.endswith(".xml"):
            read_feed(xml)
        else:
            strict(xml)
    (item,) = read_feed(rendered(digest)[urls.SITE_FEED]).findall("item")
    assert item.findtext("title") == readable(text)
    assert item.findtext("dc:creator", namespaces=NS) == f"{readable(text)}, Plain Name"
    body = description_html(item)
    assert body.findtext("p") == f"Abstract: {readable(text)}"  # the abstract is text, never markup
    assert [a.get("href") for a in body.iter("a")] == [
        "https://arxiv.org/abs/2411.00001",
        "https://arxiv.org/pdf/2411.00001",
        "https://huggingface.co/papers/2411.00001",
    ]
    entry = feedparser.parse(rendered(digest)[urls.SITE_FEED].encode()).entries[0]
    summary = lxml.html.fragment_fromstring(entry.summary, create_parent="div")
    assert {e.tag for e in summary.iter()} <= {"div", "p", "a"}  # what a reader shows holds no markup of ours


@settings(deadline=None)  # what it checks is the feed, not how fast: a loaded machine is no failure
@given(st.text())
def test_any_text_whatsoever_makes_a_valid_feed(text: str) -> None:
    slugged = paper(text, "2026-11-24", abstract=text, authors=(text,), slug="any")
    digest = build_digest([slugged], TAXONOMY)
    channel = read_feed(rendered(digest)[urls.SITE_FEED])
    expected = readable(text).replace("\r\n", "\n").replace("\r", "\n")  # as XML parsers read line ends
    assert channel.find("item").findtext("title") == expected


def test_an_item_links_its_page_absolutely_with_a_permalink_guid_and_the_day_it_was_added() -> None:
    digest = digest_of(
        paper(
            "A $\\beta$-test",
            "2026-11-20",
            "2026-10-01",
            abstract="We test.",
            arxiv="2410.01234",
            authors=("Ada Lovelace", "Alan Turing"),
            links=Links(code="https://github.com/example/repo?a=1&b=2"),
            topics=("vision", "agents"),
        )
    )
    (item,) = read_feed(rendered(digest)[urls.SITE_FEED]).findall("item")
    slug = digest.by_date[0].slug
    assert item.findtext("link") == f"https://example.org/digest/papers/{slug}/"
    guid = item.find("guid")
    assert guid.text == item.findtext("link") and guid.get("isPermaLink") == "true"
    # added, not published; with no import time known, noon UTC: the same day around the world
    assert item.findtext("pubDate") == "Fri, 20 Nov 2026 12:00:00 +0000"
    assert [c.text for c in item.findall("category")] == ["Vision", "Agents & tools"]
    assert item.findtext("dc:creator", namespaces=NS) == "Ada Lovelace, Alan Turing"
    body = description_html(item)
    assert body.findtext("p") == "We test."
    assert [(a.text, a.get("href")) for a in body.iter("a")] == [
        ("arXiv", "https://arxiv.org/abs/2410.01234"),
        ("PDF", "https://arxiv.org/pdf/2410.01234"),
        ("Hugging Face", "https://huggingface.co/papers/2410.01234"),
        ("Code", "https://github.com/example/repo?a=1&b=2"),
    ]


def test_a_paper_without_an_arxiv_id_links_its_own_page_and_may_have_no_abstract_or_authors() -> None:
    digest = digest_of(paper("Lonely", "2026-11-20", links=Links(url="https://example.com/paper")))
    (item,) = read_feed(rendered(digest)[urls.SITE_FEED]).findall("item")
    body = description_html(item)
    assert [(a.text, a.get("href")) for a in body.iter("a")] == [("Paper", "https://example.com/paper")]
    assert item.find("dc:creator", namespaces=NS) is None


def test_the_channel_describes_the_feed_and_dates_itself_by_its_newest_item_not_the_clock() -> None:
    digest = digest_of(paper("Old", "2020-01-01"), paper("Older", "2019-06-30", topics=("vision",)))
    channel = read_feed(rendered(digest)[urls.SITE_FEED])
    assert channel.findtext("title") == "Digest"
    assert channel.findtext("link") == "https://example.org/digest/"
    assert channel.findtext("description") == "Papers."
    assert channel.findtext("language") == "en"
    self_link = channel.find("atom:link", namespaces=NS)
    assert (self_link.get("rel"), self_link.get("href"), self_link.get("type")) == (
        "self",
        "https://example.org/digest/feed.xml",
        "application/rss+xml",
    )
    assert channel.findtext("lastBuildDate") == "Wed, 01 Jan 2020 12:00:00 +0000"
    topic = read_feed(rendered(digest)[urls.topic_feed("vision")])
    assert topic.findtext("title") == "Digest: Vision"
    assert topic.findtext("link") == "https://example.org/digest/topics/vision/"
    assert topic.findtext("description") == "Seeing things."
    assert (
        topic.find("atom:link", namespaces=NS).get("href")
        == "https://example.org/digest/topics/vision/feed.xml"
    )
    assert topic.findtext("lastBuildDate") == "Sun, 30 Jun 2019 12:00:00 +0000"


def test_feeds_list_the_newest_additions_first_then_the_newest_papers() -> None:
    papers = [
        paper("Added last, old paper", "2026-11-24", "2020-01-01"),
        paper("Added first", "2026-11-01", "2026-10-31", topics=("vision",)),
        paper("Added last, new paper", "2026-11-24", "2026-11-23", topics=("vision", "agents")),
        paper("Added between", "2026-11-10", "2026-11-09"),
        paper("Added last, same day b", "2026-11-24", "2026-05-05"),
        paper("Added last, same day a", "2026-11-24", "2026-05-05"),
    ]
    digest = digest_of(*papers)
    titles = [
        "Added last, new paper",
        "Added last, same day a",  # same days: by slug, a stable order
        "Added last, same day b",
        "Added last, old paper",
        "Added between",
        "Added first",
    ]
    site = dataclasses.replace(SITE, feed_days=1, feed_items=4, topic_feed_items=2)
    everything = read_feed(rendered(digest, site)[urls.SITE_FEED])
    assert [i.findtext("title") for i in everything.findall("item")] == titles[:4]
    agents = read_feed(rendered(digest, site)[urls.topic_feed("agents")])
    assert [i.findtext("title") for i in agents.findall("item")] == titles[:4]  # all of its newest day
    vision = read_feed(rendered(digest, site)[urls.topic_feed("vision")])
    assert [i.findtext("title") for i in vision.findall("item")] == ["Added last, new paper", "Added first"]


def test_a_paper_dated_by_its_listing_alone_follows_the_dated_papers_added_that_day() -> None:
    """A listing's day is when the paper was seen: it does not make the paper the newest."""
    digest = digest_of(
        paper("Seen today, date not known", "2026-11-24", "2026-11-24", date_source=DateSource.LISTING),
        paper("Published last year", "2026-11-24", "2025-01-01"),
        paper("Added before", "2026-11-23", "2026-11-22"),
    )
    channel = read_feed(rendered(digest)[urls.SITE_FEED])
    assert [i.findtext("title") for i in channel.findall("item")] == [
        "Published last year",
        "Seen today, date not known",
        "Added before",
    ]


def test_an_empty_topic_and_an_empty_digest_have_valid_empty_feeds() -> None:
    one = rendered(digest_of(paper("Only", "2026-11-24")))
    none = rendered(build_digest([], TAXONOMY))
    empty = [one[urls.topic_feed("empty")], *(xml for path, xml in none.items() if path.endswith(".xml"))]
    assert len(empty) == 1 + 1 + len(TAXONOMY.topics)
    for xml in empty:
        channel = read_feed(xml)
        assert channel.findall("item") == []
        assert channel.findtext("title") and channel.findtext("link") and channel.findtext("description")
        assert channel.find("atom:link", namespaces=NS) is not None
        assert channel.find("lastBuildDate") is None  # no item, so no date to take it from
    strict(none[urls.OPML])


def test_the_opml_file_lists_every_feed_it_is_rendered_with() -> None:
    digest = digest_of(paper("One", "2026-11-24"))
    files = rendered(digest)
    root = strict(files[urls.OPML])
    assert root.tag == "opml" and root.findtext("head/title") == "Digest feeds"
    outlines = root.findall(".//outline[@type='rss']")
    listed = {o.get("xmlUrl") for o in outlines}
    assert listed == {urls.absolute(SITE.site_url, path) for path in files if path.endswith(".xml")}
    assert all(o.get("text") and o.get("htmlUrl", "").startswith(SITE.site_url) for o in outlines)


def test_rendering_the_same_digest_twice_gives_the_same_bytes() -> None:
    digest = digest_of(paper("One", "2026-11-24"), paper("Two", "2026-11-23", topics=("vision",)))
    assert rendered(digest) == rendered(digest)


def test_the_feed_windows_are_settings_of_mkdocs_yml_with_defaults_of_3_days_50_and_20() -> None:
    defaults = plugin_defaults()
    assert (defaults["feed_days"], defaults["feed_items"], defaults["topic_feed_items"]) == (3, 50, 20)
    repo = repo_settings()
    assert (repo.feed_days, repo.feed_items, repo.topic_feed_items) == (3, 50, 20)


# --- The window: days of additions, not a number of items --------------------------------------------


def added_on(day: str, count: int, name: str, **fields: object) -> list[Paper]:
    """`count` papers added on `day`, titled "NAME 0", "NAME 1", …"""
    return [paper(f"{name} {number}", day, **fields) for number in range(count)]


def titles_in(xml: str) -> list[str]:
    return [item.findtext("title") or "" for item in read_feed(xml).findall("item")]


def test_a_busy_day_is_held_whole_with_the_rest_of_the_newest_three_days_of_additions() -> None:
    busy = added_on("2026-11-30", 70, "Busy agents")
    busy += added_on("2026-11-30", 60, "Busy vision", topics=("vision",))
    papers = [
        *busy,
        *added_on("2026-11-27", 4, "Three days ago"),  # the 28th and 29th had no additions
        *added_on("2026-11-26", 30, "Four days ago", topics=("agents", "vision")),
    ]
    files = rendered(digest_of(*papers))
    everything = titles_in(files[urls.SITE_FEED])
    assert SITE.feed_days == 3 and len(busy) > SITE.feed_items
    assert Counter(t.rsplit(" ", 1)[0] for t in everything) == {
        "Busy agents": 70,
        "Busy vision": 60,
        "Three days ago": 4,
        "Four days ago": 30,  # the window's third day of additions
    }
    agents = Counter(t.rsplit(" ", 1)[0] for t in titles_in(files[urls.topic_feed("agents")]))
    assert agents == {"Busy agents": 70, "Three days ago": 4, "Four days ago": 30}
    vision = Counter(t.rsplit(" ", 1)[0] for t in titles_in(files[urls.topic_feed("vision")]))
    assert vision == {"Busy vision": 60, "Four days ago": 30}  # its own two days of additions


def test_a_quiet_week_reaches_back_to_the_least_number_of_items() -> None:
    days = [dt.date(2026, 11, 30) - dt.timedelta(days=n) for n in range(30)]
    papers = [
        paper(f"Day {n}", day.isoformat(), topics=("vision",) if n % 3 else ("agents", "vision"))
        for n, day in enumerate(days)
    ]
    site = dataclasses.replace(SITE, feed_items=12, topic_feed_items=5)
    files = rendered(digest_of(*papers), site)
    assert titles_in(files[urls.SITE_FEED]) == [f"Day {n}" for n in range(12)]  # three days would be 3
    assert titles_in(files[urls.topic_feed("agents")]) == [f"Day {n}" for n in range(0, 15, 3)]
    assert titles_in(files[urls.topic_feed("vision")]) == [f"Day {n}" for n in range(5)]


def test_a_topics_window_is_its_own_newest_days_of_additions_however_old() -> None:
    papers = [
        *added_on("2026-11-30", 3, "Recent"),
        *added_on("2026-10-02", 25, "October vision", topics=("vision",)),
        *added_on("2026-10-01", 9, "Older vision", topics=("vision",)),
        *added_on("2026-09-01", 9, "Oldest vision", topics=("vision",)),
        *added_on("2026-08-01", 9, "Past the window", topics=("vision",)),
    ]
    vision = titles_in(rendered(digest_of(*papers))[urls.topic_feed("vision")])
    assert len(vision) == 25 + 9 + 9 > SITE.topic_feed_items
    assert not [t for t in vision if t.startswith("Past the window")]


@pytest.mark.parametrize(("days", "expected"), [(1, 50), (2, 50 + 40), (4, 50 + 40 + 5 + 5)])
def test_feed_days_sets_how_many_days_of_additions_a_feed_holds(days: int, expected: int) -> None:
    papers = [
        *added_on("2026-11-30", 50, "Monday"),
        *added_on("2026-11-27", 40, "Friday"),
        *added_on("2026-11-26", 5, "Thursday"),
        *added_on("2026-11-25", 5, "Wednesday"),
        *added_on("2026-11-24", 5, "Tuesday"),
    ]
    site = dataclasses.replace(SITE, feed_days=days, feed_items=10)
    assert len(titles_in(rendered(digest_of(*papers), site)[urls.SITE_FEED])) == expected


def test_the_window_counts_days_of_additions_and_pads_to_the_least() -> None:
    entries = digest_of(
        *added_on("2026-11-30", 2, "a"), *added_on("2026-11-20", 3, "b"), *added_on("2026-11-10", 4, "c")
    ).by_added
    assert len(feeds.window(entries, 1, 1)) == 2
    assert len(feeds.window(entries, 2, 1)) == 5
    assert len(feeds.window(entries, 2, 7)) == 7  # cut inside a day to make up the least
    assert len(feeds.window(entries, 9, 1)) == len(feeds.window(entries, 1, 99)) == 9
    assert feeds.window((), 3, 20) == ()


def test_the_feeds_page_says_how_much_of_each_topic_its_feed_holds() -> None:
    papers = [*added_on("2026-11-30", 60, "Busy"), *added_on("2026-11-01", 30, "Old", topics=("vision",))]
    site = dataclasses.replace(SITE, feed_days=1)
    (page,) = feeds_page.render(digest_of(*papers), site)
    listed = lxml.html.fragment_fromstring(page.body, create_parent="div").xpath("//ul[@class='pf-feeds']/li")
    name, note = "string(*/*[@class='pf-feeds__name'])", "string(*/*[@class='pf-feeds__note'])"
    rows = {row.xpath(name).strip(): row.xpath(note) for row in listed}
    assert rows == {
        "Everything": "the 60 newest of 90 papers",
        "Agents & tools": "60 papers",
        "Vision": "30 papers",  # its own newest day of additions
        "Empty": "0 papers",
    }
    assert "every paper added on its last day of additions, and at least its 20 newest" in page.body


# --- The 1 MB budget ----------------------------------------------------------------------------------

# Words that XML escapes (& <) and that take more than a byte each in UTF-8 (é, 深度): the budget is bytes.
WORDS = ["model", "learning", "généralisation", "深度学习", "R&D", "<policy>", "reward", "agents", "data"]


def long_papers(count: int, words: int, day: str = "2026-11-30") -> list[Paper]:
    rng = random.Random(count)
    return [
        paper(
            f"Paper {number} on agents",
            day,
            abstract=" ".join(rng.choice(WORDS) for _ in range(words)),
            authors=(f"Author {number}", "Ada <Lovelace> & Co"),
            arxiv=f"2611.{number:05d}",
            topics=("agents", "vision"),
        )
        for number in range(count)
    ]


def site_feed(digest: Digest) -> str:
    path, xml = next(feeds.render_all(digest, SITE))  # the site feed comes first: the others wait
    assert path == urls.SITE_FEED
    return xml


def cuts(digest: Digest, xml: str) -> str:
    """Each item's abstract, newest first, as F (whole), S (shortened) or B (none)."""
    by_title = {e.paper.title: e.paper.abstract for e in digest.by_added}
    marks = []
    for item in strict(xml).iter("item"):
        # the abstract's paragraph, when there is one, before the one of the dates and links
        paragraphs = description_html(item).findall("p")
        whole = by_title[item.findtext("title") or ""]
        shown = (paragraphs[0].text or "") if len(paragraphs) == 2 else ""
        assert shown in (whole, shorten(whole, feeds.SHORT_ABSTRACT), ""), shown
        marks.append("F" if shown == whole else "S" if shown else "B")
    return "".join(marks)


def test_past_1_mb_the_oldest_items_abstracts_are_shortened_and_no_item_is_dropped() -> None:
    digest = digest_of(*long_papers(700, 400))
    xml = site_feed(digest)
    size = len(xml.encode("utf-8"))
    assert size < feeds.FEED_BYTES
    channel = read_feed(xml)
    assert guids(channel) == [page_url(SITE, e) for e in digest.by_added]  # all 700, in order
    marks = cuts(digest, xml)
    assert re.fullmatch("F+S+", marks), marks  # the newest keep their whole abstract
    # as many whole abstracts as fit: one more would pass the budget
    first_cut = marks.index("S")
    entry = digest.by_added[first_cut]
    whole = feeds.item(entry, digest, SITE, feeds.Cut.FULL)
    short = feeds.item(entry, digest, SITE, feeds.Cut.SHORT)
    assert size + len(whole.encode()) - len(short.encode()) >= feeds.FEED_BYTES
    for item, entry in zip(channel.findall("item"), digest.by_added, strict=True):
        assert item.findtext("title") == entry.paper.title
        assert item.findtext("dc:creator", namespaces=NS) == ", ".join(entry.paper.authors)
        assert [c.text for c in item.findall("category")] == ["Agents & tools", "Vision"]
        hrefs = [a.get("href") for a in description_html(item).iter("a")]
        assert hrefs == [url for _, url in urls.paper_links(entry.paper, full=False)]


@pytest.mark.slow  # a few seconds: over a thousand long items rendered three ways
def test_past_1_mb_with_every_abstract_short_the_oldest_lose_theirs_and_no_item_is_dropped() -> None:
    digest = digest_of(*long_papers(1300, 300))
    xml = site_feed(digest)
    assert len(xml.encode("utf-8")) < feeds.FEED_BYTES
    assert len(guids(read_feed(xml))) == 1300
    assert re.fullmatch("S+B+", cuts(digest, xml))


@pytest.mark.slow  # a few seconds: over a thousand long items rendered three ways
def test_a_window_too_big_for_1_mb_even_without_abstracts_keeps_its_newest_and_says_so() -> None:
    digest = digest_of(*long_papers(2500, 50))
    notes: list[str] = []
    files = dict(feeds.render_all(digest, SITE, notes.append))
    xml = files[urls.SITE_FEED]
    assert len(xml.encode("utf-8")) < feeds.FEED_BYTES
    held = guids(read_feed(xml))
    assert held == [page_url(SITE, e) for e in digest.by_added[: len(held)]]
    assert 1000 < len(held) < 2500 and re.fullmatch("S*B+", cuts(digest, xml))
    assert re.fullmatch(
        f"feed.xml: its 2,500 papers pass 1,000,000 bytes in full: shortened [0-9,]+ abstracts, left out "
        f"[0-9,]+ abstracts, left out its {2500 - len(held):,} oldest papers",
        notes[0],
    ), notes[0]
    assert len(notes) == 3  # the site feed and both topics'


def test_long_author_lists_are_shortened_first_and_no_item_is_dropped() -> None:
    # Two papers with 2,000 authors of 300 characters (the store's limits), among 60 others.
    crowded = [
        paper(f"Crowded {k}", "2026-11-30", abstract="Many authors.", arxiv=f"2611.0900{k}",
              authors=tuple((f"A{k}x{i:04d}" + "abcdefghij" * 30)[:300] for i in range(2000)))
        for k in range(2)
    ]
    digest = digest_of(*crowded, *long_papers(60, 40))
    notes: list[str] = []
    xml = dict(feeds.render_all(digest, SITE, notes.append))[urls.SITE_FEED]
    assert len(xml.encode("utf-8")) < feeds.FEED_BYTES
    channel = read_feed(xml)
    assert guids(channel) == [page_url(SITE, e) for e in digest.by_added]  # all 62
    assert cuts(digest, xml) == "F" * 62  # every abstract whole
    creators = {i.findtext("title"): i.findtext("dc:creator", namespaces=NS) for i in channel.findall("item")}
    order = [e.paper.title for e in digest.by_added]
    newer, older = sorted(crowded, key=lambda p: order.index(p.title))
    assert creators[older.title] == f"{older.authors[0]}, {older.authors[1]} and 1,998 others"
    assert creators[newer.title] == ", ".join(newer.authors)  # one shortened list was enough
    assert sum(1 for text in creators.values() if "others" in text) == 1
    assert notes[0] == "feed.xml: its 62 papers pass 1,000,000 bytes in full: shortened 1 author list"


def test_a_shortened_abstract_is_cut_at_a_word_and_read_back_as_text() -> None:
    long = "R&D <b>not bold</b> " * 30 + "tail"
    digest = digest_of(paper("T", "2026-11-30", abstract=long, arxiv="2611.00001"))

    def shown(cut: feeds.Cut) -> lxml.html.HtmlElement:
        xml = feeds.item(digest.by_added[0], digest, SITE, cut)
        return description_html(strict(f"<rss>{xml}</rss>").find("item"))

    short = shown(feeds.Cut.SHORT).findtext("p")
    assert short == shorten(long, feeds.SHORT_ABSTRACT) and short.endswith(" R&D <b>not bold</b>…")
    assert len(short) <= feeds.SHORT_ABSTRACT + 1 and long.startswith(short[:-1])
    assert shown(feeds.Cut.FULL).findtext("p") == long
    bare = shown(feeds.Cut.BARE)
    assert bare.find("p/a") is not None and "R&D" not in bare.text_content()  # the links stay


# --- Categories, authors and guids --------------------------------------------------------------------


def test_items_carry_their_topics_as_categories_and_authors_as_dc_creator_escaped() -> None:
    hostile = Taxonomy(
        topics=(
            Topic("odd", "R&D <script>x</script> ]]> \"q\"", "Odd.", phrases=(("zzzz", 1.0),)),
            Topic("plain", "Plain", "Plain.", phrases=(("zzzz", 1.0),)),
        )
    )
    papers = [paper("T", "2026-11-30", authors=("Eve <i>&amp;</i>", "Bob ]]>"), topics=("plain", "odd"))]
    xml = rendered(build_digest(slugs.assign(papers), hostile))[urls.SITE_FEED]
    root = strict(xml)
    assert root.nsmap["dc"] == NS["dc"]  # declared once, on the root
    (item,) = read_feed(xml).findall("item")
    assert [c.text for c in item.findall("category")] == ["Plain", "R&D <script>x</script> ]]> \"q\""]
    assert item.findtext("dc:creator", namespaces=NS) == "Eve <i>&amp;</i>, Bob ]]>"
    assert "<script>" not in xml and "<i>" not in xml
    entry = feedparser.parse(xml.encode()).entries[0]
    assert [t.term for t in entry.tags] == ["Plain", "R&D <script>x</script> ]]> \"q\""]
    assert entry.author == "Eve <i>&amp;</i>, Bob ]]>"


def test_a_guid_is_the_papers_page_and_never_changes_with_what_the_paper_says() -> None:
    first = paper("First title", "2026-11-20", abstract="One.", authors=("A",), slug="kept-slug")
    later = dataclasses.replace(
        first,
        title="A corrected title",
        abstract="Two. " * 400,
        authors=("A", "B"),
        topics=("vision",),
        arxiv="2611.00001",
        date=dt.date(2026, 11, 1),
    )
    (reslugged,) = slugs.assign([later])
    assert reslugged.slug == "kept-slug"  # a stored slug is never recomputed from a new title
    before = read_feed(rendered(build_digest([first], TAXONOMY))[urls.SITE_FEED]).find("item")
    after = read_feed(rendered(build_digest([reslugged], TAXONOMY))[urls.SITE_FEED]).find("item")
    assert before.findtext("guid") == after.findtext("guid") == "https://example.org/digest/papers/kept-slug/"
    assert before.find("guid").get("isPermaLink") == "true"
    for cut in feeds.Cut:  # shortened to fit, an item is the same item
        xml = feeds.item(digest_of(later).by_added[0], digest_of(later), SITE, cut)
        assert "<guid isPermaLink=\"true\">https://example.org/digest/papers/kept-slug/</guid>" in xml


@pytest.mark.parametrize("value", [0, -1, True, "3", 1.5])
def test_feed_days_must_be_a_whole_number_of_at_least_1(value: object) -> None:
    config = PaperfeedConfig()
    config.load_dict({"feed_days": value})
    failed, _ = config.validate()
    assert [(name, str(error)) for name, error in failed] == [
        ("feed_days", f"must be a whole number of at least 1, not {value!r}")
    ]


def test_a_wrong_feed_days_in_mkdocs_yml_stops_mkdocs_naming_the_option(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_config(tmp_path, REPO / "content", plugins={"paperfeed": {"feed_days": 0}})
    with pytest.raises(Abort):
        load_config(str(path))
    assert "Plugin 'paperfeed' option 'feed_days': must be a whole number of at least 1, not 0" in caplog.text
    good = write_config(tmp_path, REPO / "content", plugins=repo_plugins(feed_days=7))
    config = load_config(str(good))
    settings = plugin_config.options(config.plugins["paperfeed"].config)
    assert plugin_config.site_settings(config, settings).feed_days == 7


@pytest.fixture(scope="module")
def config() -> SiteConfig:
    return repo_settings()


@pytest.fixture(scope="module")
def digest(config: SiteConfig) -> Digest:
    return site_digest(config)


def feed_files(site: Path) -> dict[str, bytes]:
    """Every feed of a built site (or docs/ folder) by its path."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*.xml"))
        if p.name not in ("sitemap.xml", "opensearch.xml") and p.parent.name != "sitemaps"
    }


def test_every_feed_of_the_default_site_reads_cleanly_in_feedparser_and_a_strict_parser(
    default_site: Path, digest: Digest
) -> None:
    found = feed_files(default_site)
    expected = {urls.SITE_FEED, *(urls.topic_feed(t.slug) for t in digest.taxonomy.topics)}
    assert expected <= set(found)
    for path, data in found.items():
        channel = read_feed(data)
        assert channel.findtext("title"), path
    strict((default_site / urls.OPML).read_bytes())


def test_the_site_feed_holds_its_window_of_newest_additions_in_order(
    default_site: Path, digest: Digest, config: SiteConfig
) -> None:
    channel = read_feed((default_site / urls.SITE_FEED).read_bytes())
    newest = feed_window(digest.by_date, config.feed_days, config.feed_items)
    # the default content was all added on one day, so the window is all of it, not the 50 newest
    assert len(newest) == digest.size > config.feed_items
    assert guids(channel) == [page_url(config, e) for e in newest]
    assert channel.findtext("lastBuildDate") == feeds.rfc822(newest[0].added_at)
    for item, entry in zip(channel.findall("item"), newest, strict=True):
        assert item.findtext("title") == entry.paper.title
        assert item.findtext("pubDate") == feeds.rfc822(entry.added_at)
        assert [c.text for c in item.findall("category")] == [
            digest.taxonomy.get(t).name
            for t in entry.topics  # type: ignore[union-attr]
        ]
        assert item.findtext("dc:creator", namespaces=NS) == (", ".join(entry.paper.authors) or None)


def test_every_topic_feed_holds_exactly_its_topics_window_of_newest_additions(
    default_site: Path, digest: Digest, config: SiteConfig
) -> None:
    for topic in digest.taxonomy.topics:
        channel = read_feed((default_site / urls.topic_feed(topic.slug)).read_bytes())
        members = [e for e in digest.by_date if topic.slug in e.topics]
        newest = feed_window(members, config.feed_days, config.topic_feed_items)
        assert guids(channel) == [page_url(config, e) for e in newest], topic.slug
        for item in channel.findall("item"):
            assert topic.name in [c.text for c in item.findall("category")]


def test_every_link_in_the_feeds_is_absolute_and_every_guid_a_permalink(
    default_site: Path, config: SiteConfig
) -> None:
    for path, data in feed_files(default_site).items():
        channel = read_feed(data)
        assert channel.findtext("link", "").startswith(config.site_url)
        assert channel.find("atom:link", namespaces=NS).get("href") == config.site_url + path
        for item in channel.findall("item"):
            link = item.findtext("link", "")
            assert re.fullmatch(re.escape(config.site_url) + r"papers/[a-z0-9-]+/", link), link
            assert (default_site / link.removeprefix(config.site_url) / "index.html").is_file(), link
            guid = item.find("guid")
            assert guid.text == link and guid.get("isPermaLink") == "true"
            assert parsedate_to_datetime(item.findtext("pubDate", "")).utcoffset() == dt.timedelta(0)
            hrefs = [a.get("href") for a in description_html(item).iter("a")]
            assert all(h.startswith(("https://", "http://")) for h in hrefs), hrefs


def test_building_again_gives_the_same_feeds_byte_for_byte(
    default_build: Path, digest: Digest, config: SiteConfig
) -> None:
    site = feed_files(default_build / "site")
    assert site == feed_files(generated_pages(default_build))  # MkDocs publishes the feeds as they are
    again = {
        path: xml.encode("utf-8") for path, xml in feeds.render_all(digest, config) if path.endswith(".xml")
    }
    assert again == site


def test_the_opml_file_lists_every_feed_of_the_site(default_site: Path, config: SiteConfig) -> None:
    root = strict((default_site / urls.OPML).read_bytes())
    outlines = root.findall(".//outline[@type='rss']")
    listed = sorted(o.get("xmlUrl") for o in outlines)
    assert listed == sorted(config.site_url + p for p in feed_files(default_site))
    for outline in outlines:
        page = outline.get("htmlUrl", "").removeprefix(config.site_url)
        assert (default_site / page / "index.html").is_file(), outline.get("htmlUrl")


def head_feeds(page: Path, site: Path, config: SiteConfig) -> list[str]:
    """The absolute URLs of the feeds a page's <head> announces."""
    tree = lxml.html.fromstring(page.read_bytes())
    here = config.site_url + page.parent.relative_to(site).as_posix() + "/"
    links = tree.xpath("/html/head/link[@rel='alternate'][@type='application/rss+xml']")
    return [urljoin(here.replace("/./", "/"), link.get("href")) for link in links]


def test_every_page_announces_the_site_feed_and_topic_pages_their_own(
    default_site: Path, config: SiteConfig
) -> None:
    pages = sorted(default_site.rglob("*.html"))
    assert len(pages) > 200
    for page in pages:
        announced = head_feeds(page, default_site, config)
        assert announced[:1] == [config.site_url + urls.SITE_FEED], page
        if page.relative_to(default_site).parts[0] == "papers":
            # Paper pages, most of a digest, announce the site's feed only (their topics' are on
            # the topic pages): 100 bytes a paper.
            assert announced == [config.site_url + urls.SITE_FEED], page
            continue
        parts = page.relative_to(default_site).parts
        if parts[0] == "topics" and len(parts) > 2:  # topics/<slug>/index.html and its later pages
            assert announced[1:] == [config.site_url + urls.topic_feed(parts[1])], page


def subscribe_links(page: Path) -> list[lxml.html.HtmlElement]:
    tree = lxml.html.fromstring(page.read_bytes())
    links = tree.xpath("//a[contains(@class, 'pf-subscribe')]")
    return [a for a in links if a.xpath(".//*[contains(@class, 'pf-rss')]")]


def test_the_home_page_and_every_topic_page_show_a_subscribe_link_with_the_rss_icon(
    default_site: Path, digest: Digest
) -> None:
    (home,) = subscribe_links(default_site / "index.html")
    assert home.get("href") == urls.SITE_FEED and "Subscribe" in home.text_content()
    for topic in digest.taxonomy.topics:
        here = urls.topic_page(topic.slug)
        (link,) = subscribe_links(default_site / here / "index.html")
        assert (
            urljoin(f"https://x.test/{here}", link.get("href"))
            == f"https://x.test/{urls.topic_feed(topic.slug)}"
        )
        assert "Subscribe" in link.text_content()


def test_the_feeds_page_links_every_feed_and_the_opml_file_and_says_how_to_subscribe(
    default_site: Path,
) -> None:
    page = default_site / urls.FEEDS_PAGE / "index.html"
    tree = lxml.html.fromstring(page.read_bytes())
    linked = {urljoin("https://x.test/feeds/", a.get("href")) for a in tree.xpath("//article//a[@href]")}
    for path in [*feed_files(default_site), urls.OPML]:
        assert f"https://x.test/{path}" in linked, path
    text = " ".join(tree.xpath("//article")[0].text_content().split())
    assert "OPML" in text and "feed reader" in text and "subscribe" in text.lower()


def test_the_feeds_page_gives_every_feed_address_with_a_button_that_copies_it(
    default_site: Path, config: SiteConfig
) -> None:
    tree = lxml.html.fromstring((default_site / urls.FEEDS_PAGE / "index.html").read_bytes())
    items = tree.xpath("//article//ul[@class='pf-feeds']/li")
    addresses = []
    for item in items:
        (name,) = item.xpath(".//a[@class='pf-feeds__name']")
        (address,) = item.xpath(".//code[@class='pf-feeds__address']")
        (button,) = item.xpath(".//button[@class='pf-copy']")
        feed = urljoin(config.site_url + urls.FEEDS_PAGE, name.get("href"))
        assert address.text_content() == button.get("data-clipboard-text") == feed
        assert button.get("type") == "button" and button.text_content() == "Copy"
        assert button.get("aria-label") == f"Copy the address of the feed {name.text_content()}"
        addresses.append(feed)
    assert sorted(addresses) == sorted(config.site_url + path for path in feed_files(default_site))


@pytest.mark.parametrize(
    ("url", "markup"),
    [
        ("https://x.test/a/feed.xml", "https://x.test/<wbr>a/<wbr>feed.xml"),
        ("https://x.test/", "https://x.test/<wbr>"),
        ("http://x.test/a&b/<c>", "http://x.test/<wbr>a&amp;b/<wbr>&lt;c&gt;"),
        ("feed.xml", "feed.xml"),
    ],
)
def test_a_feed_address_may_break_only_after_a_slash_of_its_path(url: str, markup: str) -> None:
    assert feeds_page.breakable_url(url) == markup
    assert lxml.html.fragment_fromstring(f"<code>{markup}</code>").text_content() == url


# --- Subscribing: a later import --------------------------------------------------------------------


@pytest.fixture(scope="module")
def subscribed_digest(subscribed_docs: Path) -> Digest:
    return site_digest(repo_settings(subscribed_docs.parent / "content"))


def test_imported_papers_lead_the_site_feed_newest_first(
    subscribed_docs: Path, subscribed_digest: Digest, config: SiteConfig
) -> None:
    channel = read_feed((subscribed_docs / urls.SITE_FEED).read_bytes())
    assert guids(channel)[:4] == [f"{config.site_url}papers/{slug}/" for slug in NEW_SLUGS]
    # two days of additions, both in the window: the new papers and every paper of the day before
    assert len(guids(channel)) == subscribed_digest.size
    assert channel.findtext("lastBuildDate") == "Wed, 25 Nov 2026 12:00:00 +0000"
    for item in channel.findall("item")[:4]:
        assert item.findtext("pubDate") == "Wed, 25 Nov 2026 12:00:00 +0000"


def test_imported_papers_lead_the_feeds_of_their_topics(
    subscribed_docs: Path, subscribed_digest: Digest, config: SiteConfig
) -> None:
    new = [e for e in subscribed_digest.by_date if e.slug in NEW_SLUGS]
    assert len(new) == 4
    topics = {t for e in new for t in e.topics}
    for slug in topics:
        channel = read_feed((subscribed_docs / urls.topic_feed(slug)).read_bytes())
        leading = [page_url(config, e) for e in newest_additions(e for e in new if slug in e.topics)]
        assert guids(channel)[: len(leading)] == leading, slug


def test_an_import_changes_no_published_item_by_a_single_byte(
    default_site: Path, subscribed_docs: Path
) -> None:
    before, after = feed_files(default_site), feed_files(subscribed_docs)
    assert set(before) <= set(after)
    for path, old in before.items():
        old_items, new_items = raw_items(old), raw_items(after[path])
        kept = [guid for guid in new_items if guid in old_items]
        assert kept == list(old_items)[: len(kept)], path  # old items keep their order, oldest drop off
        for guid in kept:
            assert new_items[guid] == old_items[guid], (path, guid)
        fresh = [guid for guid in new_items if guid not in old_items]
        assert list(new_items)[: len(fresh)] == fresh, path  # only new papers come in, at the top
        assert all(guid.removesuffix("/").rsplit("/", 1)[1] in NEW_SLUGS for guid in fresh), path
        if not fresh:
            assert after[path] == old, path  # a feed the import does not touch stays the same file


def test_imported_titles_read_as_plain_text_whatever_they_held(subscribed_docs: Path) -> None:
    channel = read_feed((subscribed_docs / urls.SITE_FEED).read_bytes())
    titles = [item.findtext("title") for item in channel.findall("item")[:4]]
    assert titles[1] == "H₂O-Nav: Embodied Navigation with a Learned World Model"  # LaTeX made readable
    assert titles[2] == "Escaping ]]> & <script>alert('x')</script> in RSS Feeds 🧪"
    hostile = channel.findall("item")[2]
    assert hostile.findtext("dc:creator", namespaces=NS) == "Eve <Hostile> & Co, Frank Ünïcödé"
    body = description_html(hostile)
    assert body.findtext("p").startswith("Text a < b && c > d ]]> ends CDATA;")
    assert "<b>not bold</b> &amp; not an entity." in body.findtext("p")
    assert [a.get("href") for a in body.iter("a")][-1] == "https://github.com/example/feeds?x=1&y=2"


# --- A busy day: 400 papers added at once to the default content ------------------------------------


@pytest.fixture(scope="module")
def busy_day(tmp_path_factory: pytest.TempPathFactory, digest: Digest) -> Path:
    """A copy of the default content with 400 papers added on 2026-11-30 (abstracts borrowed from
    the default content, so they fall into its topics), generated into docs/ twice."""
    work = tmp_path_factory.mktemp("busy-day")
    shutil.copytree(REPO / "content", work / "content")
    seeds = digest.by_date
    busy = [
        {
            "title": f"Busy Day Study {n}: {seeds[n % len(seeds)].paper.title[:80]}",
            "abstract": seeds[n % len(seeds)].paper.abstract,
            "authors": [f"Busy Author {n}"],
            "published": "2026-11-30",
        }
        for n in range(400)
    ]
    listing = work / "busy.yaml"
    listing.write_text(yaml.safe_dump(busy, allow_unicode=True), encoding="utf-8")
    done = run_cli("import", "--content", work / "content", "--added", "2026-11-30", listing)
    assert done.code == 0, done.err
    generate(repo_settings(work / "content"), work / "docs")
    generate(repo_settings(work / "content"), work / "again")
    return work


@pytest.mark.slow  # imports 400 papers and generates the site twice
def test_a_busy_day_of_400_papers_is_in_the_site_feed_and_each_in_every_feed_of_its_topics(
    busy_day: Path, config: SiteConfig
) -> None:
    busy = site_digest(repo_settings(busy_day / "content"))
    docs = busy_day / "docs"
    found = feed_files(docs)
    assert found == feed_files(busy_day / "again")  # byte for byte, build after build
    assert all(len(data) < feeds.FEED_BYTES for data in found.values()), {p: len(d) for p, d in found.items()}
    new = [e for e in busy.by_added if e.added == dt.date(2026, 11, 30)]
    assert len(new) == 400
    site_guids = guids(read_feed(found[urls.SITE_FEED]))
    assert site_guids == [page_url(config, e) for e in busy.by_added]  # the busy day, then the day before
    for topic in busy.taxonomy.topics:
        held = set(guids(read_feed(found[urls.topic_feed(topic.slug)])))
        members = {page_url(config, e) for e in new if topic.slug in e.topics}
        assert members <= held, (topic.slug, len(members - held))
    feed_text = found[urls.SITE_FEED].decode()
    assert feed_text.count("…&lt;/p&gt;") > 0  # past 1 MB: the oldest abstracts are shortened


# --- Refused input publishes nothing ----------------------------------------------------------------


def test_a_refused_import_leaves_the_store_and_so_every_feed_as_it_was(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    before = snapshot(content)
    broken = tmp_path / "broken-2026-11-25.yaml"
    broken.write_text("- title: Fine\n  arxiv: '2611.09999'\n- abstract: [unclosed\n")
    done = run_cli("import", "--content", content, "--added", "2026-11-25", NEW_LISTING, broken)
    assert done.code == 1 and done.err.startswith("error: ")
    assert snapshot(content) == before  # all files or none: the good listing is not imported either


def test_a_build_from_broken_content_writes_no_feed(default_build: Path, tmp_path: Path) -> None:
    content, docs = tmp_path / "content", tmp_path / "docs"
    shutil.copytree(REPO / "content", content)
    generate(repo_settings(content), docs)
    before = snapshot(docs)
    store_file = next((content / "papers").glob("*.yml"))
    store_file.write_text(store_file.read_text(encoding="utf-8") + "- title: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError):
        generate(repo_settings(content), docs)
    assert snapshot(docs) == before
    (content / "papers" / "2026-11-25.yml").write_text("# emptied by hand\n", encoding="utf-8")
    store_file.write_bytes((REPO / "content" / "papers" / store_file.name).read_bytes())
    with pytest.raises(InputError, match="no papers"):
        generate(repo_settings(content), docs)
    assert snapshot(docs) == before


def test_the_description_is_html_escaped_once_as_html_and_once_as_xml() -> None:
    digest = digest_of(paper("T", "2026-11-24", abstract="x < y & z"))
    xml = rendered(digest)[urls.SITE_FEED]
    assert "<description>&lt;p&gt;x &amp;lt; y &amp;amp; z&lt;/p&gt;&lt;p&gt;" in xml
