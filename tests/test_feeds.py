"""Feeds (issue 4): the site feed, a feed per topic and the OPML file, read the way feed readers
read them (feedparser) and the way a strict XML parser does (lxml, recover=False).

The unit tests render small hand-made digests; the site tests share one build of the default
content, and the subscription tests import a new listing into a copy of it and build again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import lxml.html
import pytest
from conftest import run_cli, snapshot
from feedkit import NEW_LISTING, NEW_SLUGS, guids, newest_additions, read_feed, strict
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from sitekit import REPO, plugin_defaults, repo_settings, site_settings

from paperfeed import slugs, urls
from paperfeed.analysis.digest import Digest, make_digest
from paperfeed.analysis.topics import Taxonomy, Topic
from paperfeed.errors import InputError
from paperfeed.model import DateSource, Entry, Links, Paper
from paperfeed.site import feeds
from paperfeed.site.build import generate, load_digest
from paperfeed.site.settings import SiteConfig

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
    return make_digest(slugs.assign(papers), TAXONOMY)


def rendered(digest: Digest, site: SiteConfig = SITE) -> dict[str, str]:
    return dict(feeds.render_all(digest, site))


def test_rfc822_dates_are_midnight_utc_with_the_timezone_written_out() -> None:
    assert feeds.rfc822(dt.date(2026, 11, 24)) == "Tue, 24 Nov 2026 00:00:00 +0000"
    assert feeds.rfc822(dt.date(2024, 2, 29)) == "Thu, 29 Feb 2024 00:00:00 +0000"
    when = parsedate_to_datetime(feeds.rfc822(dt.date(2026, 1, 5)))
    assert when == dt.datetime(2026, 1, 5, tzinfo=dt.UTC) and when.utcoffset() == dt.timedelta(0)


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
    ]
    entry = feedparser.parse(rendered(digest)[urls.SITE_FEED].encode()).entries[0]
    summary = lxml.html.fragment_fromstring(entry.summary, create_parent="div")
    assert {e.tag for e in summary.iter()} <= {"div", "p", "a"}  # what a reader shows holds no markup of ours


@given(st.text())
def test_any_text_whatsoever_makes_a_valid_feed(text: str) -> None:
    slugged = paper(text, "2026-11-24", abstract=text, authors=(text,), slug="any")
    digest = make_digest([slugged], TAXONOMY)
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
    assert item.findtext("pubDate") == "Fri, 20 Nov 2026 00:00:00 +0000"  # added, not published
    assert [c.text for c in item.findall("category")] == ["Vision", "Agents & tools"]
    assert item.findtext("dc:creator", namespaces=NS) == "Ada Lovelace, Alan Turing"
    body = description_html(item)
    assert body.findtext("p") == "We test."
    assert [(a.text, a.get("href")) for a in body.iter("a")] == [
        ("arXiv", "https://arxiv.org/abs/2410.01234"),
        ("PDF", "https://arxiv.org/pdf/2410.01234"),
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
    assert channel.findtext("lastBuildDate") == "Wed, 01 Jan 2020 00:00:00 +0000"
    topic = read_feed(rendered(digest)[urls.topic_feed("vision")])
    assert topic.findtext("title") == "Digest: Vision"
    assert topic.findtext("link") == "https://example.org/digest/topics/vision/"
    assert topic.findtext("description") == "Seeing things."
    assert (
        topic.find("atom:link", namespaces=NS).get("href")
        == "https://example.org/digest/topics/vision/feed.xml"
    )
    assert topic.findtext("lastBuildDate") == "Sun, 30 Jun 2019 00:00:00 +0000"


def test_feeds_list_the_newest_additions_first_then_the_newest_papers_up_to_their_size() -> None:
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
    site = dataclasses.replace(SITE, feed_items=4, topic_feed_items=2)
    everything = read_feed(rendered(digest, site)[urls.SITE_FEED])
    assert [i.findtext("title") for i in everything.findall("item")] == titles[:4]
    agents = read_feed(rendered(digest, site)[urls.topic_feed("agents")])
    assert [i.findtext("title") for i in agents.findall("item")] == titles[:2]
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
    none = rendered(make_digest([], TAXONOMY))
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


def test_the_feed_sizes_are_settings_of_mkdocs_yml_with_defaults_of_50_and_20() -> None:
    assert (plugin_defaults()["feed_items"], plugin_defaults()["topic_feed_items"]) == (50, 20)
    repo = repo_settings()
    assert (repo.feed_items, repo.topic_feed_items) == (50, 20)


@pytest.fixture(scope="module")
def config() -> SiteConfig:
    return repo_settings()


@pytest.fixture(scope="module")
def digest(config: SiteConfig) -> Digest:
    return load_digest(config)


def feed_files(site: Path) -> dict[str, bytes]:
    """Every feed of a built site (or docs/ folder) by its path."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*.xml"))
        if p.name != "sitemap.xml" and p.parent.name != "sitemaps"
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


def test_the_site_feed_holds_the_newest_additions_in_order(
    default_site: Path, digest: Digest, config: SiteConfig
) -> None:
    channel = read_feed((default_site / urls.SITE_FEED).read_bytes())
    newest = newest_additions(digest.by_date)[: config.feed_items]
    assert len(newest) == config.feed_items == 50  # the default content has more than 50 papers
    assert guids(channel) == [page_url(config, e) for e in newest]
    assert channel.findtext("lastBuildDate") == feeds.rfc822(newest[0].added)
    for item, entry in zip(channel.findall("item"), newest, strict=True):
        assert item.findtext("title") == entry.paper.title
        assert item.findtext("pubDate") == feeds.rfc822(entry.added)
        assert [c.text for c in item.findall("category")] == [
            digest.taxonomy.get(t).name
            for t in entry.topics  # type: ignore[union-attr]
        ]
        assert item.findtext("dc:creator", namespaces=NS) == (", ".join(entry.paper.authors) or None)


def test_every_topic_feed_holds_exactly_its_topics_newest_additions(
    default_site: Path, digest: Digest, config: SiteConfig
) -> None:
    for topic in digest.taxonomy.topics:
        channel = read_feed((default_site / urls.topic_feed(topic.slug)).read_bytes())
        members = [e for e in digest.by_date if topic.slug in e.topics]
        newest = newest_additions(members)[: config.topic_feed_items]
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
    assert site == feed_files(default_build / "docs")  # MkDocs publishes the generator's feeds as they are
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


# --- Subscribing: a later import --------------------------------------------------------------------


@pytest.fixture(scope="module")
def subscribed_digest(subscribed_docs: Path) -> Digest:
    return load_digest(repo_settings(subscribed_docs.parent / "content"))


def test_imported_papers_lead_the_site_feed_newest_first(subscribed_docs: Path, config: SiteConfig) -> None:
    channel = read_feed((subscribed_docs / urls.SITE_FEED).read_bytes())
    assert guids(channel)[:4] == [f"{config.site_url}papers/{slug}/" for slug in NEW_SLUGS]
    assert len(guids(channel)) == config.feed_items
    assert channel.findtext("lastBuildDate") == "Wed, 25 Nov 2026 00:00:00 +0000"
    for item in channel.findall("item")[:4]:
        assert item.findtext("pubDate") == "Wed, 25 Nov 2026 00:00:00 +0000"


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


# --- Refused input publishes nothing ----------------------------------------------------------------


def test_a_refused_import_leaves_the_store_and_so_every_feed_as_it_was(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    before = snapshot(content)
    broken = tmp_path / "broken-2026-11-25.yaml"
    broken.write_text("- title: Fine\n  arxiv: '2611.09999'\n- abstract: a paper without a title\n")
    done = run_cli("import", "--content", content, "--added", "2026-11-25", NEW_LISTING, broken)
    assert done.code == 1 and done.err.startswith("error: ")
    assert snapshot(content) == before  # all files or none: the good listing is not imported either


def test_a_build_from_broken_content_writes_no_feed(default_build: Path, tmp_path: Path) -> None:
    content, docs = tmp_path / "content", tmp_path / "docs"
    shutil.copytree(REPO / "content", content)
    shutil.copytree(default_build / "docs", docs)
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
    assert "<description>&lt;p&gt;x &amp;lt; y &amp;amp; z&lt;/p&gt;</description>" in xml
