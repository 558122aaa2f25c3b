"""The four listing formats, read from their fixtures: detection, pairing, fields, dates, links, errors."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import LISTINGS, SEED_LISTING, SEED_METADATA

from paperfeed.errors import InputError, RecordWarning
from paperfeed.formats import Parsed, parse_bytes, read_file
from paperfeed.formats.listing import Listing, links_in_text, make_paper
from paperfeed.model import DateSource, Links, arxiv_id, arxiv_month
from paperfeed.text import clean
from paperfeed.urls import arxiv_links

TODAY = dt.date(2026, 11, 26)

HF_TITLES = [
    "Class Prior-Free Positive-Unlabeled Learning with Taylor Variational Loss for Hyperspectral "
    "Remote Sensing Imagery",
    # TeX's -- is an en dash
    "Token Reduction Should Go Beyond Efficiency in Generative Models – From Vision, Language to "
    "Multimodality",
    "H³DP: Triply-Hierarchical Diffusion Policy for Visuomotor Learning",
    "Learning to Navigate the Web",
    "Can In-context Learning Really Generalize to Out-of-distribution Tasks?",
    "2 OLMo 2 Furious",
]


def read(name: str) -> Parsed:
    return read_file(LISTINGS / name, TODAY)


def pairs(papers: list) -> list[tuple[str, str]]:
    return [(p.title, p.abstract) for p in papers]


# -- detection --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("hf-papers-2026-11-20.txt", "Hugging Face papers listing"),
        ("hf-papers-wrapped.txt", "Hugging Face papers listing"),
        ("hf-daily-papers.json", "Hugging Face daily-papers JSON"),
        ("arxiv-atom.xml", "arXiv Atom feed"),
        ("papers.yaml", "paper list"),
        ("papers.json", "paper list"),
    ],
)
def test_format_is_detected_from_content_not_name(name: str, fmt: str, tmp_path: Path) -> None:
    renamed = tmp_path / "listing.dat"
    renamed.write_bytes((LISTINGS / name).read_bytes())
    assert read_file(renamed, TODAY).format == fmt


def test_text_listing_whose_first_title_has_a_colon_is_not_taken_for_yaml() -> None:
    text = "DebCSE: Rethinking Sentence Embeddings\nWe study debiasing. It helps a lot.\n"
    parsed = parse_bytes(text.encode(), "x.txt", TODAY)
    fmt, papers = parsed.format, parsed.papers
    assert fmt == "Hugging Face papers listing"
    assert pairs(papers) == [
        ("DebCSE: Rethinking Sentence Embeddings", "We study debiasing. It helps a lot.")
    ]


# -- Hugging Face papers page as text ----------------------------------------------------------


def test_hf_listing_drops_the_page_chrome_and_the_glued_subscribe() -> None:
    papers = read("hf-papers-2026-11-20.txt").papers
    assert [p.title for p in papers] == HF_TITLES
    assert not any("trending papers" in p.title or "Subscribe" in p.title for p in papers)


def test_hf_listing_pairs_each_title_with_its_own_abstract() -> None:
    papers = read("hf-papers-2026-11-20.txt").papers
    starts = [p.abstract[:40] for p in papers]
    assert starts == [
        "Positive-unlabeled learning (PU learning",
        "In Transformer architectures, tokens—dis",
        "Visuomotor policy learning has witnessed",
        "Learning in environments with large stat",
        "In this work, we explore the mechanism o",
        "We present OLMo 2, the next generation o",
    ]
    assert papers[5].title == "2 OLMo 2 Furious"  # a title that starts with a number is a title


def test_hf_listing_gives_code_and_project_links_named_in_the_abstract() -> None:
    papers = read("hf-papers-2026-11-20.txt").papers
    assert papers[0].links == Links(code="https://github.com/Hengwei-Zhao96/T-HOneCls")
    assert papers[2].links == Links(project="https://lyy-iiis.github.io/h3dp/")
    assert papers[3].links == Links()


def test_hf_listing_papers_are_dated_by_the_listing_day_in_the_file_name() -> None:
    papers = read("hf-papers-2026-11-20.txt").papers
    assert {(p.date, p.date_source) for p in papers} == {(dt.date(2026, 11, 20), DateSource.LISTING)}
    assert all(p.arxiv is None and p.added is None for p in papers)


def test_hf_listing_without_a_date_in_its_name_is_dated_by_the_given_day(tmp_path: Path) -> None:
    path = tmp_path / "listing.txt"
    path.write_bytes((LISTINGS / "hf-papers-2026-11-20.txt").read_bytes())
    papers = read_file(path, dt.date(2026, 11, 22)).papers
    assert {p.date for p in papers} == {dt.date(2026, 11, 22)}


@pytest.mark.parametrize(
    "variant",
    [
        "hf-papers-crlf.txt",
        "hf-papers-blank-lines.txt",
        "hf-papers-stray-spaces.txt",
        "hf-papers-wrapped.txt",
    ],
)
def test_messy_copies_of_the_hf_listing_read_like_the_clean_one(variant: str) -> None:
    expected = read("hf-papers-2026-11-20.txt").papers
    papers = read(variant).papers
    assert [p.title for p in papers] == HF_TITLES
    for paper, want in zip(papers, expected, strict=True):
        # the wrapped copy also lost the final period of one abstract
        assert paper.abstract in (want.abstract, want.abstract.removesuffix("."))


def test_fixture_variants_really_are_messy() -> None:
    # guards the test above: each variant must differ from the clean copy the way it says
    assert b"\r\n" in (LISTINGS / "hf-papers-crlf.txt").read_bytes()
    assert "\n\n\n" in (LISTINGS / "hf-papers-blank-lines.txt").read_text()
    assert "\t" in (LISTINGS / "hf-papers-stray-spaces.txt").read_text()
    wrapped = (LISTINGS / "hf-papers-wrapped.txt").read_text().splitlines()
    assert len(wrapped) > 60 and max(len(line) for line in wrapped[3:]) < 120


def test_hf_listing_abstract_without_final_period_keeps_its_own_title() -> None:
    papers = read("hf-papers-no-final-period.txt").papers
    assert [p.title for p in papers] == HF_TITLES
    assert papers[1].abstract.endswith("better align with the objectives of generative modeling")
    assert papers[4].abstract.endswith("the mechanism of ICL in addressing OOD tasks")
    assert papers[2].abstract.startswith("Visuomotor policy learning")


def test_hf_wrapped_abstract_joins_a_word_broken_at_its_hyphen() -> None:
    text = (
        "Hyphen Study: A Title\n"
        "We evaluate Class-Incremental Learning on many benchmarks with a strong state-of-\n"
        "the-art baseline and find it works.\n"
        "Second Paper Title\n"
        "Another abstract that is short but complete, written on one line.\n"
    )
    papers = parse_bytes(text.encode(), "x.txt", TODAY).papers
    assert papers[0].abstract.endswith("a strong state-of-the-art baseline and find it works.")
    assert [p.title for p in papers] == ["Hyphen Study: A Title", "Second Paper Title"]


def seed_pairs() -> list[tuple[str, str]]:
    lines = [line.strip() for line in SEED_LISTING.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = lines[2:]  # after the two lines of page chrome, titles and abstracts strictly alternate
    titles, abstracts = body[0::2], body[1::2]
    titles[0] = titles[0].removeprefix("Subscribe")
    return [(clean(t), clean(a)) for t, a in zip(titles, abstracts, strict=True)]


def test_seed_listing_has_168_papers_each_with_its_own_abstract() -> None:
    parsed = read_file(SEED_LISTING, TODAY)
    fmt, papers = parsed.format, parsed.papers
    assert fmt == "Hugging Face papers listing"
    assert len(papers) == 168
    assert papers[0].title.startswith("Class Prior-Free")  # "Subscribe" glued to it is gone
    assert pairs(papers) == seed_pairs()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("width", "hyphens", "blank", "crlf"),
    [
        (72, True, False, False),
        (80, False, True, False),
        (100, True, False, True),
        (120, False, False, False),
    ],
)
def test_seed_listing_wrapped_by_an_editor_still_pairs_every_paper(
    width: int, hyphens: bool, blank: bool, crlf: bool
) -> None:
    lines = SEED_LISTING.read_text(encoding="utf-8").splitlines()[:2]
    for title, abstract in seed_pairs():
        lines.append(title)
        lines += textwrap.wrap(abstract, width, break_on_hyphens=hyphens, break_long_words=False)
        lines += [""] if blank else []
    text = ("\r\n" if crlf else "\n").join(lines)
    papers = parse_bytes(text.encode(), "seed.txt", TODAY).papers
    assert pairs(papers) == seed_pairs()


@pytest.mark.slow
def test_seed_listing_wrapped_with_abstracts_missing_their_final_period() -> None:
    lines = SEED_LISTING.read_text(encoding="utf-8").splitlines()[:2]
    expected = []
    for index, (title, abstract) in enumerate(seed_pairs()):
        if index % 4 == 0:
            abstract = abstract.rstrip(".")
        expected.append((title, abstract))
        lines += [title, *textwrap.wrap(abstract, 90, break_on_hyphens=False)]
    papers = parse_bytes("\n".join(lines).encode(), "seed.txt", TODAY).papers
    assert pairs(papers) == expected


# -- Hugging Face daily-papers API JSON --------------------------------------------------------


def test_hf_daily_api_gives_ids_authors_dates_and_repository_links() -> None:
    papers = read("hf-daily-papers.json").papers
    assert [(p.arxiv, p.title) for p in papers] == [
        ("2505.01619", "Skill-based Safe Reinforcement Learning with Risk Planning"),
        ("2410.09695", "Can In-context Learning Really Generalize to Out-of-distribution Tasks?"),
        ("2501.00656", "2 OLMo 2 Furious"),
    ]
    skill, icl, olmo = papers
    assert skill.authors == ("Hanping Zhang", "Yuhong Guo")
    assert (skill.date, skill.date_source) == (dt.date(2025, 5, 2), DateSource.PUBLISHED)
    assert skill.links.code == "https://github.com/example/sskp"
    assert olmo.links.project == "https://allenai.org/olmo"
    assert olmo.authors[:2] == ("Team OLMo", "Pete Walsh")
    assert icl.abstract.startswith("In this work, we explore the mechanism of in-context learning")


def test_hf_daily_api_item_without_a_title_is_skipped_naming_the_item(write) -> None:
    item = {"paper": {"id": "2505.01619", "title": "A Title", "summary": "An abstract."}}
    untitled = {"paper": {"id": "2505.01620", "title": "", "summary": "An abstract."}}
    path = write("daily.json", json.dumps([item, untitled]))
    parsed = read_file(path, TODAY)
    assert [p.title for p in parsed.papers] == ["A Title"]
    untitled_warning = RecordWarning(str(path), None, "item 2: a paper without a title", skipped=True)
    assert parsed.warnings == [untitled_warning]
    with pytest.raises(InputError) as caught:  # with no paper left, the file is refused
        read_file(write("untitled.json", json.dumps([untitled])), TODAY)
    assert caught.value.message == "item 1: a paper without a title"


# -- arXiv API Atom ------------------------------------------------------------------------------


def test_arxiv_atom_gives_versionless_ids_clean_titles_and_publication_dates() -> None:
    papers = read("arxiv-atom.xml").papers
    assert [(p.arxiv, p.title) for p in papers] == [
        ("2505.07819", "H³DP: Triply-Hierarchical Diffusion Policy for Visuomotor Learning"),
        ("2412.06207", "Skill-Enhanced Reinforcement Learning Acceleration from Demonstrations"),
        (
            "2309.07396",
            "DebCSE: Rethinking Unsupervised Contrastive Sentence Embedding Learning in the Debiasing "
            "Perspective",
        ),
    ]
    h3dp, _, debcse = papers
    assert (h3dp.date, h3dp.date_source) == (dt.date(2025, 5, 12), DateSource.PUBLISHED)
    assert h3dp.categories == ("cs.RO", "cs.CV", "cs.LG")  # primary first, no repeats
    assert h3dp.authors[0] == "Yiyang Lu" and len(h3dp.authors) == 7
    assert "\n" not in h3dp.abstract and "  " not in h3dp.abstract
    assert h3dp.links.project == "https://lyy-iiis.github.io/h3dp/"
    assert debcse.links.code == "https://github.com/MiaoPu/DebCSE"  # from <arxiv:comment>


def test_arxiv_atom_error_entry_is_reported_as_an_error(write) -> None:
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id</id>'
        "<title>Error</title><summary>incorrect id format for 1234</summary></entry></feed>"
    )
    with pytest.raises(InputError, match="arXiv API error: incorrect id format for 1234"):
        read_file(write("err.xml", feed), TODAY)


# -- YAML and JSON paper lists -------------------------------------------------------------------


def test_yaml_paper_list_reads_the_metadata_keys_and_the_stores_own() -> None:
    papers = read("papers.yaml").papers
    debcse, navigate, reprompt, instruct = papers
    assert debcse.arxiv == "2309.07396" and debcse.categories == ("cs.CL", "cs.AI")
    assert (debcse.date, debcse.date_source) == (dt.date(2023, 9, 14), DateSource.PUBLISHED)
    assert navigate.arxiv is None and navigate.authors[-1] == "Dilek Hakkani-Tur"
    # an unquoted id keeps its trailing zero; "A, B, C and D" is four authors
    assert reprompt.arxiv == "2505.17540"
    assert reprompt.authors == ("Mingrui Wu", "Lu Wang", "Pu Zhao", "Fangkai Yang")
    assert (reprompt.date, reprompt.date_source) == (dt.date(2025, 5, 1), DateSource.ARXIV_ID)
    assert reprompt.topics == ("generative-models",)
    assert instruct.links == Links(project="https://cr8br0ze.github.io/InstructGIE")
    assert instruct.abstract.startswith("Recent advances in image editing")


def test_json_paper_list_reads_aliases_and_arxiv_references() -> None:
    papers = read("papers.json").papers
    search, skill = papers
    assert search.arxiv == "2309.05660"  # from "arXiv:2309.05660v2"
    assert search.abstract.startswith("Inductive reasoning is a core problem-solving capacity")  # "summary"
    assert search.authors[0] == "Ruocheng Wang"  # from [{"name": ...}]
    assert skill.arxiv == "2412.06207"  # from an abs URL under "arxiv_id"
    assert skill.links.code == "https://github.com/example/serla"
    # no publication date: the month of the id
    assert (skill.date, skill.date_source) == (dt.date(2024, 12, 1), DateSource.ARXIV_ID)


def test_seed_metadata_reads_as_a_paper_list() -> None:
    parsed = read_file(SEED_METADATA, TODAY)
    fmt, papers = parsed.format, parsed.papers
    assert fmt == "paper list"
    assert len(papers) == 168
    assert sum(1 for p in papers if p.arxiv) == 166
    raw = yaml.safe_load(SEED_METADATA.read_text(encoding="utf-8"))
    for paper, record in zip(papers, raw, strict=True):
        assert paper.arxiv == record.get("arxiv")
        assert paper.authors == tuple(record.get("authors", ()))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"title": "A", "arxiv": 2505.10000}]', "the arXiv id 2505.1 is a number: quote it"),
        ("- title: A\n  arxiv: not-an-id\n", "not an arXiv id: 'not-an-id'"),
        ("- title: A\n  doi: 10.1/x\n", "unknown key 'doi'"),
        ("- title: A\n  code: javascript:alert(1)\n", "code link is not an http(s) URL"),
        ("- title: A\n  links: {homepage: https://x.org}\n", "'links': unknown key 'homepage' (expected one"),
        ("- title: A\n  published: 2025-13-01\n", "'published' must be a date (YYYY-MM-DD), not '2025-13"),
        ("- title: A\n  date: 2025-01-01\n  date_source: guessed\n", "'date_source' must be one of listing,"),
        ("- title: A\n  authors: {name: x}\n", "'authors' must be a list, not a mapping"),
        ("- title: [A, B]\n", "'title' must be text, not a list"),
        ("- abstract: An abstract without its title.\n", "a paper without a title"),
        ("[1]", "a paper must be a mapping, not 1"),
        ('{"papers": "none"}', "expected a list of papers"),
    ],
)
def test_paper_list_refuses_bad_records_saying_what_is_wrong(write, text: str, message: str) -> None:
    path = write("list.json" if text.startswith(("[", "{")) else "list.yaml", text)
    with pytest.raises(InputError) as caught:
        read_file(path, TODAY)
    assert message in caught.value.message
    assert caught.value.where == str(path)


def test_a_bad_record_is_skipped_naming_its_line_and_title_and_the_rest_lands(write) -> None:
    text = (
        "- title: Good\n  arxiv: '2505.01619'\n- title: Bad\n  arxiv: nope\n- title: A\n"
        "- just a string\n- title: Also Good\n"
    )
    path = write("list.yaml", text)
    parsed = read_file(path, TODAY)
    assert [p.title for p in parsed.papers] == ["Good", "A", "Also Good"]
    assert [str(w) for w in parsed.warnings] == [
        f"{path}:3: 'Bad': not an arXiv id: 'nope'",
        f"{path}:6: a paper must be a mapping, not 'just a string'",
    ]
    assert all(w.skipped for w in parsed.warnings)


def test_text_over_a_field_limit_is_cut_at_a_word_and_the_paper_lands(write) -> None:
    abstract = "Curriculum learning orders tasks. " * 800
    record = {
        "title": "Long Abstract Study", "abstract": abstract, "authors": ["N" * 301, "M" * 400, "Short"],
    }
    crowd = {"title": "Crowded Study", "authors": [f"Author {i}" for i in range(2003)]}
    path = write("list.json", json.dumps([record, crowd]))
    parsed = read_file(path, TODAY)
    long, crowded = parsed.papers
    assert len(long.abstract) <= 20_000 and long.abstract.endswith("tasks…")
    assert abstract.startswith(long.abstract[:-1])
    assert [len(name) for name in long.authors] == [300, 300, 5] and long.authors[0].endswith("…")
    assert crowded.authors == tuple(f"Author {i}" for i in range(2000))
    assert [str(w) for w in parsed.warnings] == [
        f"{path}: paper 1: 'Long Abstract Study': the abstract is 27,199 characters long (at most 20,000): "
        f"cut to {len(long.abstract):,}",
        f"{path}: paper 1: 'Long Abstract Study': 2 authors' names are over 300 characters: cut to 300",
        f"{path}: paper 2: 'Crowded Study': 2,003 authors (at most 2,000): kept the first 2,000",
    ]
    assert not any(w.skipped for w in parsed.warnings)


def test_a_cut_record_that_is_skipped_warns_only_of_the_skip(write) -> None:
    text = "- title: T\n  abstract: " + "word " * 5000 + "\n  published: 2025-13-01\n- title: U\n"
    path = write("list.yaml", text)
    parsed = read_file(path, TODAY)
    assert [p.title for p in parsed.papers] == ["U"]
    assert [str(w) for w in parsed.warnings] == [
        f"{path}:1: 'T': 'published' must be a date (YYYY-MM-DD), not '2025-13-01'"
    ]


# -- bad input at the reader ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "empty file", None),
        (b" \n\t\r\n", "empty file", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", None),
        (b"Title\nAbstract \xff\xfe here.\n", "not UTF-8 text", 2),
        (b'[{"paper": {"id": "2505.01619", "title": "x"', "malformed JSON", 1),
        (b'[{"title": "A"},\n {"title": }]', "malformed JSON", 2),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title>', "malformed XML", 1),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]><feed/>',
            "XML with a DTD is not accepted",
            None,
        ),
        (b"<html><body>Not a feed</body></html>", "an HTML page, not a listing", None),
        (b"<rss><channel/></rss>", "not an arXiv Atom feed (root element 'rss')", None),
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>',
            "no papers found in this arXiv Atom feed",
            None,
        ),
        (b'papers:\n  - title: "unterminated\n    abstract: [1, 2\n', "malformed YAML", 4),
        (b"[]", "no papers found in this paper list", None),
        (b"{}", "expected a list of papers", None),
        (
            b"Get trending papers in your email inbox once a day!\n"
            b"Get trending papers in your email inbox!\n",
            "no papers found in this Hugging Face papers listing",
            None,
        ),
        (b"A Lonely Title Without Abstract\n", "has no abstract", 1),
        (b"starts in lower case, so it is prose\nMore prose.\n", "not a recognised listing: expected a", 1),
    ],
)
def test_bad_input_is_an_input_error_naming_file_and_line(
    write, data: bytes, message: str, line: int | None
) -> None:
    path = write("bad-input", data)
    with pytest.raises(InputError) as caught:
        read_file(path, TODAY)
    assert message in caught.value.message
    assert caught.value.where == str(path)
    assert caught.value.line == line
    assert "\n" not in str(caught.value)


def test_a_file_that_cannot_be_read_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_file(tmp_path / "missing.txt", TODAY)
    with pytest.raises(InputError, match="cannot read"):
        read_file(tmp_path, TODAY)


# -- the model: ids, dates, links -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ident"),
    [
        ("2505.01619", "2505.01619"),
        ("2505.01619v3", "2505.01619"),
        ("http://arxiv.org/abs/2505.01619v1", "2505.01619"),
        ("https://arxiv.org/pdf/2505.01619v2.pdf", "2505.01619"),
        ("arXiv:2412.06207", "2412.06207"),
        ("0704.0001", "0704.0001"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("http://arxiv.org/abs/math.GT/0309136", "math.GT/0309136"),
        ("2505.0161", "2505.0161"),
        ("not an id", None),
        ("https://example.org/2505.01619", None),
        ("12345.6789", None),
    ],
)
def test_arxiv_id_is_versionless(value: str, ident: str | None) -> None:
    assert arxiv_id(value) == ident


def test_arxiv_month_is_the_first_day_of_the_ids_month() -> None:
    assert arxiv_month("2505.01619") == dt.date(2025, 5, 1)
    assert arxiv_month("0704.0001") == dt.date(2007, 4, 1)
    assert arxiv_month("2513.00001") is None  # no 13th month
    assert arxiv_month("hep-th/9901001") is None  # old ids: no month in this form


def test_arxiv_links_are_derived_from_the_id() -> None:
    assert arxiv_links("2505.01619") == [
        ("arXiv", "https://arxiv.org/abs/2505.01619"),
        ("PDF", "https://arxiv.org/pdf/2505.01619"),
        ("Hugging Face", "https://huggingface.co/papers/2505.01619"),
    ]


def test_paper_date_prefers_publication_then_id_month_then_listing_day() -> None:
    listing = Listing("", "x.yaml", dt.date(2026, 11, 20))
    published = make_paper(listing, title="T", arxiv="2505.01619", published="2025-05-02T17:00:00Z")
    by_id = make_paper(listing, title="T", arxiv="2505.01619v2")
    unknown = make_paper(listing, title="T")
    assert (published.date, published.date_source) == (dt.date(2025, 5, 2), DateSource.PUBLISHED)
    assert (by_id.date, by_id.date_source) == (dt.date(2025, 5, 1), DateSource.ARXIV_ID)
    assert (unknown.date, unknown.date_source) == (dt.date(2026, 11, 20), DateSource.LISTING)


def test_date_source_labels_round_trip() -> None:
    for source in DateSource:
        assert DateSource.from_label(source.label) is source
    assert DateSource.ARXIV_ID.label == "arxiv-id"


@pytest.mark.parametrize(
    ("abstract", "links"),
    [
        (
            "Good results. Code is at: https://github.com/Hengwei-Zhao96/T-HOneCls.",
            Links(code="https://github.com/Hengwei-Zhao96/T-HOneCls"),
        ),
        ("We release https://gitlab.com/group/tool (MIT).", Links(code="https://gitlab.com/group/tool")),
        ("Our implementation: https://example.org/impl, demo later.", Links(code="https://example.org/impl")),
        (
            "Project page: https://lyy-iiis.github.io/h3dp/.",
            Links(project="https://lyy-iiis.github.io/h3dp/"),
        ),
        (
            "Code: https://github.com/a/b and website https://a.github.io/b!",
            Links(code="https://github.com/a/b", project="https://a.github.io/b"),
        ),
        ("See the paper https://example.org/paper for details.", Links()),
        # A host a page may not link to (found by the fuzz test): no link, rather than a store
        # file that `paperfeed check` then refuses.
        ("Code is at: https://github.com0\u0800\U000e296d/a/b.", Links()),
        ("No links at all.", Links()),
    ],
)
def test_links_named_in_an_abstract_become_code_and_project_links(abstract: str, links: Links) -> None:
    assert links_in_text(abstract) == links


# -- Hugging Face text: lines that could be read two ways ----------------------------------------

LISTING_LINES = (LISTINGS / "hf-papers-2026-11-20.txt").read_text(encoding="utf-8").splitlines()


def test_a_title_without_letters_is_a_paper_of_its_own_where_titles_and_abstracts_alternate() -> None:
    lines = list(LISTING_LINES)
    lines[6] = "🚀🔥🚀"  # the third paper's title: no letters, so nothing says it is a title but its place
    papers = parse_bytes("\n".join(lines).encode(), "x.txt", TODAY).papers
    assert [p.title for p in papers] == [HF_TITLES[0], HF_TITLES[1], "🚀🔥🚀", *HF_TITLES[3:]]
    assert papers[2].abstract.startswith("Visuomotor policy learning")


@pytest.mark.parametrize(
    "title", ["[RL] Policies That Plan", '"Quoted" Titles Are Titles', "🚀 Rockets Everywhere"]
)
def test_subscribe_glued_to_a_first_title_that_starts_with_punctuation_is_dropped(title: str) -> None:
    lines = list(LISTING_LINES)
    lines[2] = "Subscribe" + title
    papers = parse_bytes("\n".join(lines).encode(), "x.txt", TODAY).papers
    assert papers[0].title == title


def test_the_hf_daily_papers_api_gives_each_papers_upvotes_and_comments() -> None:
    papers = read_file(LISTINGS / "hf-daily-upvoted.json", TODAY).papers
    assert [(p.upvotes, p.comments) for p in papers] == [(12, 1), (157, 15), (48, 4), (0, 0), (73, 7), (5, 0)]


@pytest.mark.parametrize("count", ['"many"', "-3", "true", "2.5"])  # 1e999: see the malformed JSON tests
def test_an_upvote_count_that_is_not_a_whole_number_is_refused(count: str) -> None:
    item = '{"paper": {"id": "2611.30001", "title": "T", "summary": "S.", "upvotes": ' + count + "}}"
    with pytest.raises(InputError, match="'upvotes' must be a whole number of 0 or more"):
        parse_bytes(f"[{item}]".encode(), "day.json", TODAY)
