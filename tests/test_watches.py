"""Watches (issue 7): saved searches in content/watches.yml, each with a page and a feed, listed on
the Feeds page and in the OPML file.

Loading and matching are tested on small inputs; the pages and feeds on the default site (one
build shared with the feed tests) and on the copy the feed tests import a new listing into.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
from conftest import run_cli
from feedkit import NEW_SLUGS, feed_window, guids, read_feed, strict
from hypothesis import given
from hypothesis import strategies as st
from sitekit import REPO, repo_settings, site_digest, site_settings

from paperfeed import slugs, urls
from paperfeed.analysis import lists, watches
from paperfeed.analysis.digest import Digest, build_digest
from paperfeed.analysis.taxonomy import Taxonomy, Topic
from paperfeed.analysis.watches import WATCHES_FILE, Watch, WatchText, load_watches
from paperfeed.errors import InputError
from paperfeed.model import DateSource, Paper
from paperfeed.site import feeds, pages
from paperfeed.site.settings import SiteConfig

# --- Loading ---------------------------------------------------------------------------------------


def load(tmp_path: Path, text: str | bytes) -> tuple[Watch, ...]:
    path = tmp_path / WATCHES_FILE
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return load_watches(path)


def test_a_content_folder_without_watches_yml_has_no_watches(tmp_path: Path) -> None:
    assert load_watches(tmp_path / WATCHES_FILE) == ()
    assert load(tmp_path, "") == ()
    assert load(tmp_path, "# nothing yet\nwatches:\n") == ()
    assert load(tmp_path, "watches: []\n") == ()


def test_watches_load_with_their_phrases_and_authors_in_file_order(tmp_path: Path) -> None:
    watches = load(
        tmp_path,
        """\
watches:
  - slug: world-models
    name: World models
    description: Models of the world.
    phrases:
      - world model
      - model-based RL
  - slug: guo
    name: "Papers by Yuhong Guo"
    authors: Yuhong Guo   # one name alone is a list of one
  - slug: both
    name: Both
    phrases: [diffusion]
    authors: [Ada Lovelace, "  Alan Turing  "]
""",
    )
    assert watches == (
        Watch("world-models", "World models", "Models of the world.", ("world model", "model-based RL")),
        Watch("guo", "Papers by Yuhong Guo", "", (), ("Yuhong Guo",)),
        Watch("both", "Both", "", ("diffusion",), ("Ada Lovelace", "Alan Turing")),
    )


def test_the_default_watches_load() -> None:
    watches = load_watches(REPO / "content" / WATCHES_FILE)
    assert len(watches) >= 2
    assert any(w.phrases for w in watches) and any(w.authors for w in watches)


WATCH = "watches:\n  - slug: w\n    name: W\n    phrases: [x]\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- slug: w\n", 1, "the file must be a mapping, not a list"),
        ("topics: []\n", 1, "unknown key 'topics'"),
        ("watches: {slug: w}\n", 1, "'watches' must be a list"),
        ("watches:\n  - just a phrase\n", 2, "watch 1 must be a mapping, not 'just a phrase'"),
        ("watches:\n  - name: W\n    phrases: [x]\n", 2, "watch 1: 'slug' is missing"),
        ("watches:\n  - slug: w\n    phrases: [x]\n", 2, "watch 1 (w): 'name' is missing"),
        ("watches:\n  - slug: World Models\n    name: W\n    phrases: [x]\n", 2, "'slug' must be lowercase"),
        ("watches:\n  - slug: [w]\n    name: W\n    phrases: [x]\n", 2, "'slug' must be lowercase words"),
        (
            WATCH + "  - slug: w\n    name: Again\n    phrases: [y]\n",
            5,
            "slug 'w' is already used by watch 1",
        ),
        (WATCH + "    topic: x\n", 5, "watch 1: unknown key 'topic'"),
        (WATCH + "    name: Twice\n", 5, "'name' is given twice"),
        ("watches:\n  - slug: w\n    name: W\n", 2, "watch 1 (w): needs 'phrases' or 'authors'"),
        (
            "watches:\n  - slug: w\n    name: W\n    phrases: []\n    authors:\n",
            2,
            "needs 'phrases' or 'authors'",
        ),
        (
            "watches:\n  - slug: w\n    name: W\n    phrases: {x: 1}\n",
            4,
            "watch 1 (w): 'phrases' must be a list, not a mapping",
        ),
        (
            "watches:\n  - slug: w\n    name: W\n    phrases:\n      - ok\n      - 42\n",
            6,
            "'phrases' entry 2 must be a phrase of one or more words, not 42",
        ),
        (
            "watches:\n  - slug: w\n    name: W\n    phrases: [' -- ']\n",
            4,
            "'phrases' entry 1 must be a phrase of one or more words, not ' -- '",
        ),
        ("watches:\n  - slug: w\n    name: W\n    phrases: [A b, a  B]\n", 4, "'phrases' lists 'a  B' twice"),
        ("watches:\n  - slug: w\n    name: W\n    authors: [Ada, Ada]\n", 4, "'authors' lists 'Ada' twice"),
        (
            "watches:\n  - slug: w\n    name: W\n    authors:\n      - '???'\n",
            5,
            "'authors' entry 1 must be a name, not '???'",
        ),
        (
            "watches:\n  - slug: w\n    name: W\n    authors: [{name: Ada}]\n",
            4,
            "'authors' entry 1 must be a name, not a mapping",
        ),
        (WATCH.replace("name: W", 'name: "one\\ntwo"'), 3, "watch 1 (w): 'name' must be one line"),
        (WATCH + "    description: 3\n", 5, "'description' must be text"),
        ("watches:\n  - slug: w\n    name: [unclosed\n", 4, "malformed YAML"),
    ],
)
def test_a_bad_watches_file_is_refused_with_its_line_and_key(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        load(tmp_path, text)
    assert caught.value.where == str(tmp_path / WATCHES_FILE)
    assert message in caught.value.message
    assert caught.value.line == line, caught.value


def test_a_watches_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not UTF-8") as caught:
        load(tmp_path, b"watches:\n  - slug: w\n    name: \xff\n")
    assert caught.value.line == 3


def test_paperfeed_check_reports_a_bad_watches_file(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    assert run_cli("check", "--content", content).code == 0
    (content / WATCHES_FILE).write_text(WATCH + "    phrase: typo\n", encoding="utf-8")
    done = run_cli("check", "--content", content)
    assert done.code == 1
    assert done.err_lines == [
        f"error: {content / WATCHES_FILE}:5: watch 1: unknown key 'phrase' "
        "(expected one of: slug, name, description, phrases, authors)"
    ]


# --- Matching --------------------------------------------------------------------------------------


def watch(phrases: tuple[str, ...] = (), authors: tuple[str, ...] = ()) -> Watch:
    return Watch("w", "W", phrases=phrases, authors=authors)


def paper(title: str = "A paper", abstract: str = "", authors: tuple[str, ...] = ()) -> Paper:
    return Paper(title=title, abstract=abstract, authors=authors)


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("world model", "We learn a world model of the scene.", True),
        ("world model", "A WORLD MODEL, learned.", True),  # any case
        ("World Model", "a world model", True),
        ("world model", "a world-model approach", True),  # hyphens and punctuation are spaces
        ("world model", "the world\nmodel (learned)", True),
        ("model-based RL", "model based rl works", True),
        ("world model", "world models", False),  # whole words: no plural, no prefix
        ("world model", "underworld model", False),
        ("world model", "the world modelling community", False),
        ("world model", "the world, the model", False),  # the words, but not as the phrase
        ("rl", "curl and url", False),
        ("llm", "LLM-based agents", True),
        ("é", "café é", True),
        ("gpt-4", "GPT-4o", False),
        ("gpt-4", "beats GPT-4.", True),
        ("data data", "metadata data data", True),  # a near miss first, then the phrase
        ("straße", "STRASSE", True),  # casefolded, not only lowercased
    ],
)
def test_a_phrase_matches_whole_words_in_any_case(phrase: str, text: str, found: bool) -> None:
    assert watch_matches(watch((phrase,)), paper(title=text)) is found
    assert watch_matches(watch((phrase,)), paper(abstract=text)) is found


def contains_words(phrase: str, text: str) -> bool:
    """The rule as the docs state it, the slow way: the phrase's words are consecutive words of the text."""
    want, have = (re.findall(r"[^\W_]+", t.casefold()) for t in (phrase, text))
    return any(have[i : i + len(want)] == want for i in range(len(have) - len(want) + 1))


@given(st.text("ab _-.Éé1", max_size=12).filter(lambda p: re.search(r"[^\W_]", p)), st.text("ab _-.Éé1"))
def test_phrase_matching_agrees_with_the_rule_on_any_text(phrase: str, text: str) -> None:
    assert watch_matches(watch((phrase,)), paper(title="", abstract=text)) is contains_words(phrase, text)


def test_a_phrase_must_be_within_the_title_or_within_the_abstract() -> None:
    spanning = paper(title="A world", abstract="model of things")
    assert not watch_matches(watch(("world model",)), spanning)
    assert not watch_matches(watch(("world model",)), paper(authors=("World Model",)))


@pytest.mark.parametrize(
    ("name", "author", "found"),
    [
        ("Yuhong Guo", "Yuhong Guo", True),
        ("yuhong guo", "Yuhong GUO", True),  # any case
        ("Jurgen Schmidhuber", "Jürgen Schmidhuber", True),  # with or without accents
        ("Jürgen Schmidhuber", "Jurgen Schmidhuber", True),
        ("Zoë Kravitz", "ZOE KRAVITZ", True),
        ("Yuhong  Guo ", "Yuhong Guo", True),
        ("Guo", "Yuhong Guo", False),  # the whole name, not a part of it
        ("Yuhong Guo", "Yuhong Guotai", False),
        ("Yuhong Guo", "Guo Yuhong", False),
    ],
)
def test_an_author_matches_the_same_name_whatever_its_case_and_accents(
    name: str, author: str, found: bool
) -> None:
    assert watch_matches(watch(authors=(name,)), paper(authors=("Someone Else", author))) is found


def test_a_watch_matches_any_of_its_phrases_or_any_of_its_authors() -> None:
    both = watch(("world model", "learned simulator"), ("Ada Lovelace", "Alan Turing"))
    assert watch_matches(both, paper(abstract="a learned simulator"))
    assert watch_matches(both, paper(authors=("Alan Turing",)))
    assert watch_matches(both, paper(title="World model", authors=("Nobody",)))
    assert not watch_matches(both, paper(title="Unrelated", abstract="Nothing here.", authors=("Nobody",)))
    assert not watch_matches(watch(("x",)), Paper(title="y"))


def test_the_rule_says_in_words_what_a_watch_matches() -> None:
    assert watch(("world model",)).rule == "mentioning “world model”"
    assert watch(("a", "b", "c"), ("Ada",)).rule == "mentioning “a”, “b” or “c” or by Ada"
    assert watch(authors=("Ada", "Alan")).rule == "by Ada or Alan"


# --- Feeds and pages of hand-made digests ----------------------------------------------------------

SITE = site_settings(site_name="Digest", feed_days=1, topic_feed_items=2, page_size=2)
TAXONOMY = Taxonomy(topics=(Topic("all", "All", "Everything.", phrases=(("zzzz", 1.0),)),))
WORLD = Watch("world-models", "World models", "", ("world model",))
ADA = Watch("ada", "Ada", "By Ada.", authors=("Ada Lovelace",))
NOBODY = Watch("nobody", "Nobody", "", ("no such phrase",))


def digest_with(watches: tuple[Watch, ...]) -> Digest:
    def made(title: str, added: str, date: str, **fields: object) -> Paper:
        day = dt.date.fromisoformat
        return Paper(
            title=title,
            added=day(added),
            date=day(date),
            date_source=DateSource.PUBLISHED,
            topics=("all",),
            **fields,  # type: ignore[arg-type]
        )

    papers = [
        made("A world model", "2026-11-01", "2026-10-01"),
        made("Another world model", "2026-11-20", "2020-01-01", authors=("Ada Lovelace",)),
        made("Unrelated", "2026-11-24", "2026-11-24"),
        made("Yet another world model", "2026-11-10", "2026-11-09"),
        made("By Ada", "2026-11-05", "2026-11-05", authors=("ada lovelace",)),
    ]
    return build_digest(slugs.assign(papers), TAXONOMY, watches)


def watch_matches(watch: Watch, paper: Paper) -> bool:
    return watches.matches(watch, WatchText(paper))


def titles(channel: object) -> list[str]:
    return [item.findtext("title") for item in channel.findall("item")]  # type: ignore[attr-defined]


def test_a_watchs_papers_come_newest_addition_first() -> None:
    digest = digest_with((WORLD, ADA, NOBODY))
    found = {w.key: [e.paper.title for e in w.entries] for w in digest.watches}
    assert found == {
        # added 20, 10 and 1 November: a paper of 2020 added on the 20th leads
        "world-models": ["Another world model", "Yet another world model", "A world model"],
        "ada": ["Another world model", "By Ada"],
        "nobody": [],
    }
    assert lists.watches((), digest.by_added) == ()


def test_a_watch_feed_holds_its_newest_day_of_additions_and_at_least_the_topic_feed_size() -> None:
    files = dict(feeds.render_all(digest_with((WORLD, ADA, NOBODY)), SITE))
    world = read_feed(files[urls.watch_feed("world-models")])
    assert titles(world) == ["Another world model", "Yet another world model"]  # by added; at least 2
    assert world.findtext("title") == "Digest: World models"
    assert world.findtext("link") == "https://example.org/watches/world-models/"
    assert world.findtext("description") == "Papers mentioning “world model”"
    assert read_feed(files[urls.watch_feed("ada")]).findtext("description") == "By Ada."
    empty = read_feed(files[urls.watch_feed("nobody")])
    assert titles(empty) == [] and empty.find("lastBuildDate") is None


def test_the_opml_file_lists_the_watch_feeds_in_a_group_of_their_own() -> None:
    files = dict(feeds.render_all(digest_with((WORLD, ADA)), SITE))
    root = strict(files[urls.OPML])
    (group,) = root.findall("body/outline[@text='Digest watches']")
    assert [o.get("xmlUrl") for o in group] == [
        "https://example.org/watches/world-models/feed.xml",
        "https://example.org/watches/ada/feed.xml",
    ]
    assert [o.get("htmlUrl") for o in group] == [
        "https://example.org/watches/world-models/",
        "https://example.org/watches/ada/",
    ]
    plain = dict(feeds.render_all(digest_with(()), SITE))
    assert not [path for path in plain if path.startswith("watches/")]
    assert "watches" not in plain[urls.OPML]


def test_watch_pages_list_their_papers_newest_first_and_announce_their_feed() -> None:
    rendered = {page.path: page for page in pages.render_all(digest_with((WORLD, ADA)), SITE)}
    first, second = rendered["watches/world-models/"], rendered["watches/world-models/page/2/"]
    assert first.feed == second.feed == urls.watch_feed("world-models")
    assert first.title == "World models" and second.title == "World models (page 2)"
    body = lxml.html.fragment_fromstring(first.body, create_parent="div")
    assert [a.text for a in body.xpath("//ul[@class='pf-entries']/li/h2/a")] == [
        "Another world model",  # added last, though published long before
        "Yet another world model",
    ]
    assert body.xpath("//details") == []  # no abstracts
    (subscribe,) = body.xpath("//a[contains(@class, 'pf-subscribe')]")
    assert subscribe.get("href") == "feed.xml" and subscribe.xpath(".//*[contains(@class, 'pf-rss')]")
    assert "3 papers, page 1 of 2" in body.text_content()
    assert "A world model" in second.body
    index = rendered[urls.WATCHES]
    assert 'href="../watches/world-models/"' in index.body and 'href="../watches/ada/feed.xml"' in index.body
    assert "watches/" not in {p.path for p in pages.render_all(digest_with(()), SITE)}


def test_the_feeds_page_lists_the_watch_feeds_only_when_there_are_watches() -> None:
    with_watches = {p.path: p for p in pages.render_all(digest_with((WORLD, ADA)), SITE)}[urls.FEEDS_PAGE]
    assert 'href="../watches/world-models/feed.xml"' in with_watches.body
    assert 'href="../watches/"' in with_watches.body
    assert "3 papers mentioning “world model”" in with_watches.body
    without = {p.path: p for p in pages.render_all(digest_with(()), SITE)}[urls.FEEDS_PAGE]
    assert "watches" not in without.body.lower()


def test_a_watch_without_papers_says_it_has_none_yet_wherever_it_is_listed() -> None:
    rendered = {p.path: p for p in pages.render_all(digest_with((WORLD, NOBODY)), SITE)}

    def tree(path: str) -> lxml.html.HtmlElement:
        return lxml.html.fragment_fromstring(rendered[path].body, create_parent="div")

    def text(path: str) -> str:
        return " ".join(tree(path).text_content().split())

    page = tree(urls.watch_page("nobody"))
    assert "No papers yet: its feed will bring them as they arrive" in text(urls.watch_page("nobody"))
    assert "0 papers" not in text(urls.watch_page("nobody")) and page.xpath("//ul") == []
    (subscribe,) = page.xpath("//a[contains(@class, 'pf-subscribe')]")  # the way to hear of the first
    feed = posixpath.normpath(posixpath.join(urls.watch_page("nobody"), subscribe.get("href")))
    assert feed == urls.watch_feed("nobody")
    assert "No papers yet" not in text(urls.watch_page("world-models"))
    index = text(urls.WATCHES)  # the count's brackets are CSS
    assert "Nobody no papers yet" in index and "World models 3" in index
    notes = {
        li.xpath(".//a")[0].text_content(): li.xpath(".//*[@class='pf-feeds__note']")[0].text_content()
        for li in tree(urls.FEEDS_PAGE).xpath("//ul[@class='pf-feeds'][2]/li")
    }
    assert notes == {
        "Nobody": "no papers yet: it will list papers mentioning “no such phrase” as they arrive",
        "World models": "the 2 newest of 3 papers mentioning “world model”",
    }


# --- The default site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def config() -> SiteConfig:
    return repo_settings()


@pytest.fixture(scope="module")
def digest(config: SiteConfig) -> Digest:
    return site_digest(config)


def test_each_watch_feed_of_the_default_site_holds_exactly_its_matching_papers(
    default_site: Path, digest: Digest, config: SiteConfig
) -> None:
    watches = load_watches(REPO / "content" / WATCHES_FILE)
    assert [w.key for w in digest.watches] == [w.slug for w in watches]
    for watch in watches:
        matching = [e for e in digest.by_added if watch_matches(watch, e.paper)]
        channel = read_feed((default_site / urls.watch_feed(watch.slug)).read_bytes())
        expected = feed_window(matching, config.feed_days, config.topic_feed_items)
        assert guids(channel) == [f"{config.site_url}papers/{e.slug}/" for e in expected], watch.slug
        page = lxml.html.fromstring((default_site / urls.watch_page(watch.slug) / "index.html").read_bytes())
        listed = [a.get("href") for a in page.xpath("//ul[@class='pf-entries']/li/h2/a")]
        assert [h.rstrip("/").rsplit("/", 1)[-1] for h in listed] == [
            e.slug for e in matching[: config.page_size]
        ]
    by_guo = {w.key: w.entries for w in digest.watches}["yuhong-guo"]
    assert {e.slug for e in by_guo} >= {
        "skill-based-safe-reinforcement-learning-with-risk-planning",
        "skill-enhanced-reinforcement-learning-acceleration-from-demonstrations",
    }


def test_watch_pages_announce_and_link_their_feed_and_every_listing_links_them(
    default_site: Path, config: SiteConfig
) -> None:
    watches = load_watches(REPO / "content" / WATCHES_FILE)
    feeds_page = lxml.html.fromstring((default_site / urls.FEEDS_PAGE / "index.html").read_bytes())
    from_feeds_page = {
        urljoin(config.site_url + urls.FEEDS_PAGE, a.get("href")) for a in feeds_page.xpath("//a")
    }
    index = lxml.html.fromstring((default_site / urls.WATCHES / "index.html").read_bytes())
    from_index = {urljoin(config.site_url + urls.WATCHES, a.get("href")) for a in index.xpath("//a")}
    opml = {o.get("xmlUrl") for o in strict((default_site / urls.OPML).read_bytes()).iter("outline")}
    assert config.site_url + urls.WATCHES in from_feeds_page
    for watch in watches:
        here = config.site_url + urls.watch_page(watch.slug)
        feed = config.site_url + urls.watch_feed(watch.slug)
        page = lxml.html.fromstring((default_site / urls.watch_page(watch.slug) / "index.html").read_bytes())
        announced = [
            urljoin(here, link.get("href"))
            for link in page.xpath("/html/head/link[@rel='alternate'][@type='application/rss+xml']")
        ]
        assert announced == [config.site_url + urls.SITE_FEED, feed]
        (subscribe,) = page.xpath("//a[contains(@class, 'pf-subscribe')]")
        assert urljoin(here, subscribe.get("href")) == feed
        assert subscribe.xpath(".//*[contains(@class, 'pf-rss')]")
        assert feed in from_feeds_page and feed in opml and feed in from_index and here in from_index


def test_an_import_brings_new_matching_papers_to_the_top_of_watch_feeds(
    subscribed_docs: Path, config: SiteConfig
) -> None:
    world = read_feed((subscribed_docs / urls.watch_feed("world-models")).read_bytes())
    h2o_nav = next(slug for slug in NEW_SLUGS if slug.startswith("h2o-nav"))
    assert guids(world)[0] == f"{config.site_url}papers/{h2o_nav}/"  # "a learned world model"
    guo = read_feed((subscribed_docs / urls.watch_feed("yuhong-guo")).read_bytes())
    skill_priors = next(slug for slug in NEW_SLUGS if slug.startswith("skill-priors"))
    assert guids(guo)[0] == f"{config.site_url}papers/{skill_priors}/"
    assert len(guids(guo)) == 3
