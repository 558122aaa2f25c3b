"""The morning read, as built: a page per day of additions, the home page on the newest day,
upvotes, term vectors for "For you", and the id files behind /abs/ID."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from conftest import LISTINGS, run_cli
from sitekit import REPO, build_site, repo_settings

from paperfeed import urls
from paperfeed.analysis import similar
from paperfeed.analysis.digest import Digest, load_digest
from paperfeed.site.ids import shard
from paperfeed.site.pages import day_pages
from paperfeed.site.pages.markup import term_vector
from paperfeed.store import files as store

UPVOTED = LISTINGS / "hf-daily-upvoted.json"
NEW_DAY, OLD_DAY = "2026-11-26", "2026-11-24"


@pytest.fixture(scope="module")
def morning(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default content and a day of Hugging Face papers with upvotes, built."""
    work = tmp_path_factory.mktemp("morning")
    shutil.copytree(REPO / "content", work / "content")
    assert run_cli("import", "--content", work / "content", "--added", NEW_DAY, UPVOTED).code == 0
    done = build_site(work, work / "content")
    assert done.returncode == 0, done.stderr
    return work


@pytest.fixture(scope="module")
def digest(morning: Path) -> Digest:
    return load_digest(morning / "content")


def page(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / path / "index.html").read_bytes())


def listed(tree: lxml.html.HtmlElement) -> list[str]:
    """The slugs of a page's list entries, in order."""
    hrefs = tree.xpath("//ul[contains(@class, 'pf-entries')]/li/*[self::h2 or self::h3]/a/@href")
    return [re.search(r"papers/([a-z0-9-]+)/", h).group(1) for h in hrefs]  # type: ignore[union-attr]


def test_a_day_page_lists_every_paper_added_that_day_most_upvoted_first(morning: Path) -> None:
    day = page(morning / "site", urls.day_page(NEW_DAY))
    papers = store.load(morning / "content")
    stored = {p.slug: p for p in papers if p.added and p.added.isoformat() == NEW_DAY}
    assert len(stored) == 6
    assert listed(day) == sorted(stored, key=lambda slug: -(stored[slug].upvotes or 0))
    text = day.text_content().replace("\u00a0", " ")
    assert "157 upvotes" in text and "0 upvotes" in text  # every count shown, zero too
    assert "most upvoted first" in text
    # each abstract readable in the list: the page carries it
    summaries = day.xpath("//ul[contains(@class, 'pf-entries')]/li/details/summary")
    assert [s.text_content() for s in summaries] == [stored[s].abstract for s in listed(day)]


def test_a_day_without_upvotes_comes_newest_publication_first(morning: Path, digest: Digest) -> None:
    old = page(morning / "site", urls.day_page(OLD_DAY))
    day = next(d for d in digest.days if d.key == OLD_DAY)
    assert listed(old) == [e.slug for e in day.entries] and len(listed(old)) == 168
    dates = [e.date for e in day.entries if e.paper.date_source.label == "published"]
    assert dates == sorted(dates, reverse=True)
    assert "newest publication first" in old.text_content()


def test_the_days_link_to_each_other_and_the_days_index_lists_them_by_month(morning: Path) -> None:
    site = morning / "site"
    new, old = page(site, urls.day_page(NEW_DAY)), page(site, urls.day_page(OLD_DAY))
    assert new.xpath("//a[@rel='prev']/@href") == [f"../../days/{OLD_DAY}/"]
    assert old.xpath("//a[@rel='next']/@href") == [f"../../days/{NEW_DAY}/"]
    assert not new.xpath("//a[@rel='next']") and not old.xpath("//a[@rel='prev']")
    index = page(site, urls.DAYS)
    assert index.xpath("//h2[@class='pf-day']")[0].text_content().startswith("November 2026")
    days = index.xpath("//ul[@class='pf-months']/li/a/@href")
    assert days == [f"../days/{NEW_DAY}/", f"../days/{OLD_DAY}/"]


def test_the_home_page_is_the_newest_day_with_a_link_to_its_page(morning: Path, digest: Digest) -> None:
    home = page(morning / "site", "")
    newest = digest.days[0]
    assert listed(home) == [e.slug for e in newest.entries]
    assert home.xpath("//h2/a/@href")[0] == f"days/{NEW_DAY}/"
    assert f"days/{NEW_DAY}/" in home.xpath("//p[@class='pf-lead']/a/@href")


def test_a_day_beyond_the_recent_ones_fetches_its_abstracts_on_demand(
    morning: Path, digest: Digest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(day_pages, "RECENT_DAYS", 1)  # the day before the newest is an old one
    pages = {p.path: p.body for p in day_pages.render(digest, repo_settings(morning / "content"))}
    assert "<details>" in pages[urls.day_page(NEW_DAY)]
    old = pages[urls.day_page(OLD_DAY)]
    assert "<details>" not in old and 'data-v="' in old  # abstracts fetched when opened; terms still there


def test_list_entries_carry_their_papers_terms_for_for_you(morning: Path, digest: Digest) -> None:
    site = morning / "site"
    day, topic = page(site, urls.day_page(OLD_DAY)), page(site, urls.topic_page("reinforcement-learning"))
    for tree in (day, topic):
        vectors = tree.xpath("//ul[contains(@class, 'pf-entries')]/li/@data-v")
        assert len(vectors) == len(listed(tree))
        assert all(re.fullmatch(r"([0-9a-z]{4}[1-9] ?){1,8}", v) for v in vectors)
    authors = (site / "authors" / "a" / "index.html").read_text(encoding="utf-8")
    assert "data-v=" not in authors  # only the lists a reader orders "For you"
    slug = listed(day)[0]
    assert day.xpath("//li/@data-v")[0] == term_vector(digest.terms[slug])
    paper = page(site, urls.paper_page(slug))
    assert paper.xpath("//div[@class='pf-paper']/@data-v") == [term_vector(digest.terms[slug])]


def test_a_term_vector_is_the_papers_strongest_terms_hashed_the_same_everywhere() -> None:
    vector = term_vector([("reinforcement", 1.0), ("learning", 0.5), ("rare", 0.01)])
    tokens = vector.split()
    assert [t[-1] for t in tokens] == ["9", "4", "1"]  # weights 1 to 9
    assert term_vector([("reinforcement", 0.2)])[:4] == tokens[0][:4]  # the same term, the same token
    assert len({t[:4] for t in tokens}) == 3
    # Weights that move a little as papers arrive, and round the same, write the same vector.
    near = [("alpha", 0.60), ("beta", 0.61), ("gamma", 0.59)]
    assert term_vector(near) == term_vector([("beta", 0.60), ("gamma", 0.61), ("alpha", 0.605)])


def test_a_papers_terms_are_its_strongest_first(digest: Digest) -> None:
    index = similar.analyse([e.paper for e in digest.by_date[:40]], terms=8)
    for terms in index.terms:
        weights = [w for _, w in terms]
        assert 0 < len(terms) <= 8 and weights == sorted(weights, reverse=True) and max(weights) <= 1


def test_every_arxiv_id_is_in_its_months_id_file(morning: Path, digest: Digest) -> None:
    site = morning / "site"
    for entry in digest.by_date:
        if entry.paper.arxiv:
            name, key = shard(entry.paper.arxiv)
            ids = json.loads((site / "ids" / f"{name}.json").read_text(encoding="utf-8"))
            assert ids[key] == entry.slug
    assert shard("hep-th/9901001") == ("old", "hep-th/9901001")
    assert shard("2505.01619") == ("2505", "01619")


def test_the_upvotes_of_a_paper_are_on_its_page(morning: Path, digest: Digest) -> None:
    top = next(d for d in digest.days if d.key == NEW_DAY).entries[0]
    text = page(morning / "site", urls.paper_page(top.slug)).text_content().replace("\u00a0", " ")
    assert "157 upvotes" in text
