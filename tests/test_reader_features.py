"""What researchers reach for next: similar papers, citations, trends and authors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import bibtexparser
import lxml.html
import pytest
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from sitekit import REPO, site_digest, site_settings

from paperfeed.analysis import authors, bibtex
from paperfeed.analysis.digest import Digest
from paperfeed.analysis.lists import MONTHS, dated
from paperfeed.analysis.similar import analyse
from paperfeed.model import DateSource, Entry, Paper
from paperfeed.site import bib

SITE = site_settings(content=str(REPO / "content"))


@pytest.fixture(scope="module")
def digest() -> Digest:
    return site_digest(SITE)


def parse_bib(text: str) -> list[dict[str, str]]:
    """Entries as dicts with "ID" and fields, whichever major version of bibtexparser is installed."""
    if hasattr(bibtexparser, "parse_string"):  # 2.x
        library = bibtexparser.parse_string(text)
        assert not library.failed_blocks, [b.error for b in library.failed_blocks]
        return [{"ID": e.key, **{f.key: str(f.value) for f in e.fields}} for e in library.entries]
    return list(bibtexparser.loads(text).entries)  # pragma: no cover - 1.x


# --- similar papers -----------------------------------------------------------------------------


def _paper(title: str, abstract: str, **extra: object) -> Paper:
    return Paper(title=title, abstract=abstract, date=dt.date(2025, 1, 1), added=dt.date(2026, 1, 1), **extra)  # type: ignore[arg-type]


def test_a_near_duplicate_ranks_first_among_similar_papers(digest: Digest) -> None:
    papers = [e.paper for e in digest.by_date]
    original = next(p for p in papers if p.title.startswith("2 OLMo 2 Furious"))
    twin = dataclasses.replace(
        original,
        title="OLMo 2 Furious: a second version",
        abstract=original.abstract.replace("We present", "This paper presents"),
        arxiv=None,
        slug="twin",
    )
    similar = analyse([*papers, twin]).similar
    assert similar[len(papers)][0] == papers.index(original)
    assert similar[papers.index(original)][0] == len(papers)


def test_similar_papers_are_identical_across_runs_and_never_the_paper_itself(digest: Digest) -> None:
    papers = [e.paper for e in digest.by_date]
    first, second = analyse(papers).similar, analyse(papers).similar
    assert first == second
    for i, near in enumerate(first):
        assert i not in near and len(near) == len(set(near)) <= 5
    assert sum(1 for near in first if len(near) == 5) >= 0.95 * len(papers)


def test_similar_papers_share_field_vocabulary() -> None:
    papers = [
        _paper("Policy gradient for robots", "reinforcement learning policy gradient reward robot control"),
        _paper(
            "Reward shaping for robot control", "reinforcement learning reward shaping robot control policy"
        ),
        _paper(
            "Protein folding with transformers", "protein structure prediction transformer folding biology"
        ),
        _paper("Protein design by diffusion", "protein structure design diffusion biology generative"),
    ]
    similar = analyse(papers).similar
    assert similar[0][0] == 1 and similar[2][0] == 3


def test_every_paper_page_shows_similar_papers_with_shared_topics(default_site: Path, digest: Digest) -> None:
    for entry in digest.by_date:
        tree = lxml.html.fromstring((default_site / "papers" / entry.slug / "index.html").read_bytes())
        heading = tree.xpath("//h2[@id='similar']")
        expected = digest.similar[entry.slug]
        assert heading, entry.slug
        listed = [a.get("href").split("/")[-2] for a in heading[0].getnext().xpath("./li/a")]
        assert listed == [e.slug for e in expected]
        for item, other in zip(heading[0].getnext().xpath("./li"), expected, strict=True):
            shared = {digest.taxonomy.get(t).name for t in other.topics if t in entry.topics}  # type: ignore[union-attr]
            shown = item.xpath("./span[@class='pf-shared']")
            assert set(shown[0].text_content().split(" · ")) == shared if shared else not shown


# --- citations ----------------------------------------------------------------------------------


def test_every_paper_page_has_a_bibtex_entry_that_parses(default_site: Path, digest: Digest) -> None:
    keys = []
    for entry in digest.by_date:
        tree = lxml.html.fromstring((default_site / "papers" / entry.slug / "index.html").read_bytes())
        code = tree.xpath("//h2[@id='cite']/following-sibling::pre[1]/code")[0].text_content()
        [parsed] = parse_bib(code)
        keys.append(parsed["ID"])
        assert code == digest.bibtex[entry.slug]
        if entry.paper.arxiv:
            assert parsed["eprint"] == entry.paper.arxiv and parsed["archivePrefix"] == "arXiv"
    assert len(keys) == len(set(keys)) == 168


def test_bib_files_list_exactly_their_topics_papers(default_site: Path, digest: Digest) -> None:
    whole = parse_bib((default_site / "papers.bib").read_text(encoding="utf-8"))
    key_of = {slug: parse_bib(text)[0]["ID"] for slug, text in digest.bibtex.items()}
    assert [e["ID"] for e in whole] == [key_of[e.slug] for e in digest.by_date]
    # Each names its topics, by which a topic's whole BibTeX is taken from it in the browser.
    assert [e.get("keywords", "").split(", ") for e in whole] == [list(e.topics) for e in digest.by_date]
    for topic in digest.taxonomy.topics:
        bib = default_site / "topics" / topic.slug / "papers.bib"
        listed = {e["ID"] for e in parse_bib(bib.read_text(encoding="utf-8"))}
        assert listed == {key_of[e.slug] for e in digest.topic(topic.slug).entries}, topic.slug
        page = (default_site / "topics" / topic.slug / "index.html").read_text(encoding="utf-8")
        assert re.search(r"href=[\"']?papers\.bib", page)  # beside the topic's page


def test_a_topics_bib_file_holds_its_first_pages_papers_online_and_all_of_them_offline(
    digest: Digest,
) -> None:
    topic = max(digest.topics, key=lambda t: t.size)
    for offline, held in ((False, 10), (True, topic.size)):
        files = dict(bib.render_files(digest, dataclasses.replace(SITE, page_size=10, offline=offline)))
        keys = [e["ID"] for e in parse_bib(files[f"topics/{topic.key}/papers.bib"])]
        first = [parse_bib(digest.bibtex[e.slug])[0]["ID"] for e in topic.entries[:held]]
        assert keys == first
        assert len(parse_bib(files["papers.bib"])) == digest.size  # every paper, either way


def test_bibtex_escapes_latex_specials_and_keeps_keys_stable_when_a_namesake_arrives() -> None:
    old = Entry(
        _paper(
            "Attention & 50% of {all} you_need",
            "x",
            authors=("Ada Lovelace",),
            slug="attention-50-of-all-you-need",
        ),
        (),
    )
    text = bibtex.entry_text(old, "lovelace2025attention")
    assert r"Attention \& 50\% of \{all\} you\_need" in text
    assert parse_bib(text)[0]["title"].startswith("{Attention")
    first = bibtex.keys([old])
    newcomer = Entry(
        dataclasses.replace(
            old.paper, slug="attention-again", added=dt.date(2026, 2, 1), title="Attention again"
        ),
        (),
    )
    second = bibtex.keys([newcomer, old])
    assert (
        first["attention-50-of-all-you-need"]
        == second["attention-50-of-all-you-need"]
        == "lovelace2025attention"
    )
    assert second["attention-again"] == "lovelace2025attentionb"


def test_bibtex_gives_a_year_only_when_the_publication_date_is_known() -> None:
    paper = _paper("Seen", "x", authors=("Ada Lovelace",), slug="seen", date_source=DateSource.LISTING)
    (undated,) = parse_bib(bibtex.entry_text(Entry(paper, ()), "lovelace2026seen"))
    assert "year" not in undated
    month_only = dataclasses.replace(paper, arxiv="2501.00656", date_source=DateSource.ARXIV_ID)
    (dated_entry,) = parse_bib(bibtex.entry_text(Entry(month_only, ()), "lovelace2025seen"))
    assert dated_entry["year"] == "2025"


def test_bibtex_keeps_group_authors_and_names_holding_and_whole() -> None:
    names = ("Team OLMo", "Ada Lovelace", "Tom and Jerry", "DeepSeek-AI", "Alan M. Turing")
    entry = Entry(_paper("Groups", "x", authors=names, slug="groups"), ())
    (parsed,) = parse_bib(bibtex.entry_text(entry, "olmo2025groups"))
    people = split_multiple_persons_names(parsed["author"])
    assert people == ["{Team OLMo}", "Lovelace, Ada", "{Tom and Jerry}", "{DeepSeek-AI}", "Turing, Alan M."]
    assert parse_single_name_into_parts(people[0]).last == ["{Team OLMo}"]  # not "OLMo, Team"


# --- trends -------------------------------------------------------------------------------------


def _chart_counts(svg: lxml.html.HtmlElement) -> dict[tuple[int, int], int]:
    counts = {}
    for title in svg.xpath(".//rect/title"):
        month, year, count = re.fullmatch(r"(\w+) (\d{4}): (\d+)", title.text).groups()
        counts[(int(year), MONTHS.index(month) + 1)] = int(count)
    return counts


def test_topic_charts_match_the_papers_per_month(default_site: Path, digest: Digest) -> None:
    # Papers whose date is not known (a listing's day) are in no month's bar.
    index = lxml.html.fromstring((default_site / "topics" / "index.html").read_bytes())
    expected = Counter((e.date.year, e.date.month) for e in digest.by_date if dated(e))
    [chart] = index.xpath("//figure[@class='pf-chart']/svg")
    assert _chart_counts(chart) == dict(expected)
    dated_papers = sum(expected.values())
    assert dated_papers == digest.size - 2  # the default content has two papers dated by their listing
    assert chart.get("role") == "img" and f"{dated_papers} papers" in chart.get("aria-label")
    sparks = index.xpath("//svg[@class='pf-spark']/polyline/@points")
    assert len(sparks) == 20  # one trend line per topic, each over the same months: they line up
    assert len({len(points.split()) for points in sparks}) == 1
    for topic in digest.taxonomy.topics:
        tree = lxml.html.fromstring((default_site / "topics" / topic.slug / "index.html").read_bytes())
        [figure] = tree.xpath("//figure[@class='pf-chart']")
        [svg] = figure.xpath("./svg")
        papers = [e for e in digest.topic(topic.slug).entries if dated(e)]
        want = Counter((e.date.year, e.date.month) for e in papers)
        assert _chart_counts(svg) == dict(want), topic.slug
        # The caption gives the topic's own months, not the digest's.
        first, last = min(e.date for e in papers), max(e.date for e in papers)
        caption = figure.xpath("./figcaption")[0].text_content()
        span = f"from {MONTHS[first.month - 1]} {first.year} to {MONTHS[last.month - 1]} {last.year}"
        assert span in caption
        # The bars may stretch; no text is drawn where it would stretch with them.
        assert not svg.xpath(".//text") and figure.xpath(".//*[@class='pf-chart__years']/span")


# --- authors ------------------------------------------------------------------------------------


def test_author_index_names_every_author_once_with_their_count_and_paper_pages_name_them(
    default_site: Path, digest: Digest
) -> None:
    listed: dict[str, tuple[str, int]] = {}
    for page in (default_site / "authors").glob("*/index.html"):
        tree = lxml.html.fromstring(page.read_bytes())
        for item in tree.xpath("//ul[@class='pf-authors']/li"):
            assert item.get("id") not in listed
            listed[item.get("id")] = (item.text.strip(), int(item.xpath("./span[@class='pf-count']")[0].text))
            assert not item.xpath(".//a")  # no paper repeated under each of its authors
    written: Counter[str] = Counter()
    for entry in digest.by_date:
        written.update({authors.anchor(name) for name in entry.paper.authors})
    assert {anchor: count for anchor, (_, count) in listed.items()} == dict(written)
    assert listed["hanping-zhang"][0] == "Hanping Zhang"
    # A paper page names its authors as text, and exactly in its citation tags, from which the
    # search box's script makes each a link to the author's papers (test_browser_search.py).
    paper = next(e for e in digest.by_date if "Hanping Zhang" in e.paper.authors)
    tree = lxml.html.fromstring((default_site / "papers" / paper.slug / "index.html").read_bytes())
    line = tree.xpath("//p[@class='pf-paper__authors']")[0]
    assert line.text_content() == ", ".join(paper.paper.authors) and not line.xpath(".//a")
    assert tree.xpath("//meta[@name='citation_author']/@content") == list(paper.paper.authors)


def test_authors_differing_only_in_accents_are_one_person() -> None:
    a = Entry(_paper("A", "x", authors=("José García",), slug="a"), ())
    b = Entry(dataclasses.replace(a.paper, slug="b", authors=("Jose Garcia",)), ())
    index = authors.index([a, b])
    [(name, people)] = index.pages.items()
    assert name == "g" and len(people) == 1 and people[0].papers == 2
