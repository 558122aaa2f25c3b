"""Topics that explain themselves: the classifier's hits, `paperfeed explain`, and the paper pages'
"Why?" with its "Wrong topic?" link (issue 16)."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest
import yaml
from conftest import REPO, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from sitekit import site_settings

from paperfeed.analysis.classify import classification, topic_scores
from paperfeed.analysis.matcher import Where, _spans
from paperfeed.analysis.matcher import words as _words
from paperfeed.analysis.taxonomy import Scoring, Taxonomy, Topic, load_taxonomy
from paperfeed.errors import InputError
from paperfeed.model import Paper
from paperfeed.plugin import config as plugin_config
from paperfeed.site.build import generate
from paperfeed.store import files as store


def classify(paper: Paper, taxonomy: Taxonomy) -> tuple[str, ...]:
    """A paper's topics as the site shows them (from the one path, `classification`)."""
    return classification(paper, taxonomy, everything=False).topics


CONTENT = REPO / "content"


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONTENT / "topics.yml")


@pytest.fixture(scope="module")
def seed() -> list[Paper]:
    return store.load(CONTENT)


def norm(text: str) -> str:
    """As the acceptance check compares: lowercase, runs of anything but a-z0-9 as one space."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


# --- Hits ------------------------------------------------------------------------------------------


def test_every_hit_quotes_the_paper_and_the_hits_add_up_to_what_classify_ranks(taxonomy, seed):
    for paper in seed:
        result = classification(paper, taxonomy)
        assert result.topics == classify(paper, taxonomy), paper.title
        scores = topic_scores(paper, taxonomy)
        assert {t.slug: t.score for t in result.ranked} == {s: v for s, v in scores.items() if v}
        for topic in result.ranked:
            assert sum(hit.points for hit in topic.hits) == pytest.approx(topic.score)
            for hit in topic.hits:
                if hit.where is Where.CATEGORY:
                    assert hit.text in paper.categories and hit.text.startswith(hit.rules[0])
                    continue
                source = paper.title if hit.where is Where.TITLE else paper.abstract
                assert hit.text in source, (paper.title, hit)  # as written, not rewritten
                assert hit.rules and all(norm(r) in norm(hit.text) or r.endswith("s") for r in hit.rules)


def test_the_cheap_evidence_the_pages_get_is_the_same_choice_with_the_shown_topics_only(taxonomy, seed):
    for paper in seed:
        full, cheap = classification(paper, taxonomy), classification(paper, taxonomy, everything=False)
        assert cheap.topics == full.topics and cheap.bar == full.bar
        assert {t.slug for t in cheap.ranked} == {t.slug for t in full.ranked} & set(full.topics)
        for topic in cheap.ranked:
            assert [h.rules for h in topic.hits] == [h.rules for h in full.score(topic.slug).hits]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_quoting_finds_every_word_that_matching_reads(text):
    text = text + " http://x.org/a-b see " + text
    words = _words(text)
    spans = _spans(text, words)
    assert spans is not None and len(spans) == len(words)
    if text.isascii():  # beyond ASCII, lowercasing a word alone may differ from the whole text's
        assert [text[a:b].lower().encode() for a, b in spans] == words


def test_a_hit_quotes_the_words_as_the_paper_writes_them():
    tax = Taxonomy(topics=(Topic("cot", "CoT", "About.", (("chain of thought", 2.0),)),))
    paper = Paper(
        title="Chain-of-Thought, again", abstract="See https://x.org/chain-of-thought and CHAIN of\nthought."
    )
    hits = classification(paper, tax).score("cot").hits
    assert [(h.text, h.where, h.points) for h in hits] == [
        ("Chain-of-Thought", Where.TITLE, 6.0),
        ("CHAIN of thought", Where.ABSTRACT, 2.0),
    ]


def test_a_topic_scores_the_arxiv_categories_it_lists_and_an_archive_counts_once():
    tax = Taxonomy(
        topics=(
            Topic("robots", "Robots", "About.", (("robot", 3.0),), categories=(("cs.RO", 4.0),)),
            Topic("bio", "Bio", "About.", (("protein", 3.0),), categories=(("q-bio", 2.0),)),
        ),
        scoring=Scoring(min_score=1),
    )
    paper = Paper(title="Plain", abstract="Nothing.", categories=("q-bio.QM", "q-bio.BM", "cs.RO"))
    assert topic_scores(paper, tax) == {"robots": 4.0, "bio": 2.0}
    hits = classification(paper, tax).score("bio").hits
    assert [(h.text, h.where, h.rules) for h in hits] == [("q-bio.QM", Where.CATEGORY, ("q-bio",))]


@pytest.mark.parametrize(
    ("categories", "message"),
    [
        ("{cs.RO: 3, cs.ro: 1}", "'categories' lists 'cs.ro' twice"),
        ("{'cs RO': 3}", "'categories' entry 1 must be an arXiv category such as 'cs.RO'"),
        ("{cs.RO: none}", "the weight of 'cs.RO' in 'categories' must be a number above 0"),
        ("[cs.RO]", "'categories' must be a mapping of arXiv categories to weights"),
    ],
)
def test_bad_category_rules_are_refused_with_their_line(tmp_path, categories, message):
    path = tmp_path / "topics.yml"
    path.write_text(
        "topics:\n  - slug: a\n    name: A\n    description: D.\n    phrases: {alpha: 1}\n"
        f"    categories: {categories}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_taxonomy(path)
    assert caught.value.line == 6
    assert message in caught.value.message


# --- paperfeed explain ------------------------------------------------------------------------------


@pytest.fixture
def store_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


@pytest.fixture(scope="module")
def own_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the default content: explain takes the store's lock, which would make other tests
    reading the repository's content/ meanwhile wait (and say so)."""
    content = tmp_path_factory.mktemp("explain") / "content"
    shutil.copytree(CONTENT, content)
    return content


def quoted(text: str) -> list[str]:
    return re.findall(r'"([^"]{2,60})"', text)


@pytest.mark.parametrize(
    "key",
    [
        "a-definition-of-continual-reinforcement-learning",
        "2307.11046",
        "2307.11046v2",
        "https://arxiv.org/abs/2307.11046",
        "  a definition of CONTINUAL reinforcement-learning ",
    ],
)
def test_explain_finds_a_paper_by_slug_arxiv_id_or_title(own_store, key):
    run = run_cli("explain", "--content", own_store, key)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].startswith("a-definition-of-continual-reinforcement-learning · arXiv 2307.11046 · ")
    assert lines[0].endswith("papers/2026-11-24.yml")
    assert lines[1].startswith("Topics: Continual learning (continual-learning)")


def test_explain_quotes_phrases_found_in_the_paper_for_each_of_its_topics(own_store, taxonomy, seed):
    for paper in seed[::7]:
        run = run_cli("explain", "--content", own_store, paper.arxiv or paper.title)
        assert run.code == 0, run.err
        text = norm(f"{paper.title} {paper.abstract}")
        quotes = quoted(run.out)
        assert quotes and all(norm(q) in text for q in quotes), paper.title
        result = classification(paper, taxonomy)
        for rank, slug in enumerate(result.topics, start=1):  # each topic: its score, then its phrases
            score = result.score(slug)
            block = run.out.split(f"{rank}. ")[1].split("\n")
            assert block[0].startswith(f"{taxonomy.get(slug).name} ({slug}): score ")
            assert f'"{score.hits[0].text}" in the {score.hits[0].where.value}' in block[1]


@pytest.mark.parametrize("model", [True, False])
def test_explain_gives_the_runners_up_and_why_they_fell_short(store_copy, model):
    if not model:  # the rules alone: the bar a second topic's score must reach
        (store_copy / "topics-model.json").unlink()
    run = run_cli("explain", "--content", store_copy, "2305.20050")  # Let's Verify Step by Step
    out = run.out
    assert "1. LLM reasoning (llm-reasoning): score " in out
    runners = out.split("Runners-up, and why they fell short:\n")[1]
    short = r"the model's probability 0\.\d\d, below 0\.3\n" if model else r"below the bar of [\d.]+ "
    assert re.search(r"- Active learning \(active-learning\): score 5, " + short, runners)
    assert '"active learning" in the abstract: +5 (phrase: active learning)' in runners
    assert out.rstrip().endswith("Title: Let's Verify Step by Step")


def test_explain_marks_topics_set_by_hand(store_copy):
    path = store_copy / "papers" / "2026-11-24.yml"
    text = path.read_text(encoding="utf-8")
    marker = "  slug: a-definition-of-continual-reinforcement-learning\n"
    path.write_text(text.replace(marker, marker + "  topics: [learning-theory]\n"), encoding="utf-8")
    run = run_cli("explain", "--content", store_copy, "2307.11046")
    assert run.code == 0, run.err
    assert "Topics: Learning theory (learning-theory)\n  set by hand:" in run.out
    assert "- Learning theory (learning-theory): set by hand; rules score 0" in run.out
    assert "- Continual learning (continual-learning): score " in run.out  # what the rules would say
    assert "not among the topics set by hand" in run.out


def test_explain_of_an_unknown_paper_is_one_error_line(own_store):
    run = run_cli("explain", "--content", own_store, "no such paper at all")
    assert run.code == 1 and run.out == ""
    assert run.err_lines == [
        f"error: {own_store / 'papers'}: no paper 'no such paper at all' "
        "(give its slug, its arXiv id or its title)"
    ]


# --- The paper page's "Why?" ------------------------------------------------------------------------


def generated(tmp_path: Path, content: Path, **settings: str) -> Path:
    docs = tmp_path / "docs"
    generate(site_settings(content=str(content), **settings), docs)
    return docs


def why_block(docs: Path, slug: str) -> lxml.html.HtmlElement:
    body = (docs / "papers" / slug / "index.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    return lxml.html.fromstring(body).xpath("//details[@class='pf-why']")[0]


def test_paper_pages_fold_away_the_phrases_that_earned_each_topic(tmp_path, own_store, taxonomy, seed):
    docs = generated(tmp_path, own_store)
    paper = next(p for p in seed if p.arxiv == "2305.20050")
    details = why_block(docs, str(paper.slug))
    assert details.xpath("summary")[0].text_content() == "Why?"
    names = [b.text_content() for b in details.xpath("b")]
    result = classification(paper, taxonomy)
    assert names == [taxonomy.get(s).name for s in result.topics]
    text = details.text_content()
    assert (
        "LLM reasoning: process supervision, step by step, outcome supervision, multi step reasoning" in text
    )
    assert "Wrong topic?" not in text  # mkdocs.yml sets no repo_url


def test_wrong_topic_opens_an_issue_naming_the_paper_and_the_edit_of_its_file(tmp_path, own_store, seed):
    docs = generated(
        tmp_path, own_store, store_edit_url="https://github.com/me/digest/edit/main/content/papers/"
    )
    paper = seed[0]
    block = why_block(docs, str(paper.slug))
    assert "Wrong topic? Say which or set its topics:" in block.text_content()
    report, edit = block.xpath("a")
    assert edit.get("href") == "https://github.com/me/digest/edit/main/content/papers/2026-11-24.yml"
    assert report.get("href").startswith("https://github.com/me/digest/issues/new?title=Wrong%20topic%3A%20")
    body = unquote(report.get("href").split("&body=")[1])
    assert f"Paper: {paper.title}\n" in body and f"arXiv: {paper.arxiv}\n" in body
    assert f"Topics now: {', '.join(paper.auto_topics)}\n" in body
    assert f"give the paper `{paper.slug}` in content/papers/2026-11-24.yml a list such as `topics: [" in body
    assert "Page: https://" in body and f"/papers/{paper.slug}/" in body


def test_wrong_topic_on_another_host_opens_the_store_file_alone(tmp_path, own_store, seed):
    docs = generated(tmp_path, own_store, store_edit_url="https://git.example.org/me/digest/edit/content/papers/")
    (edit,) = why_block(docs, str(seed[0].slug)).xpath("a")
    assert edit.get("href") == "https://git.example.org/me/digest/edit/content/papers/2026-11-24.yml"


def test_why_escapes_topic_names_and_phrases_and_marks_topics_set_by_hand(tmp_path):
    content = tmp_path / "content"
    (content / "papers").mkdir(parents=True)
    (content / "topics.yml").write_text(
        yaml.safe_dump(
            {
                "topics": [
                    {
                        "slug": "x",
                        "name": "<i>X</i> & co",
                        "description": "D.",
                        "phrases": {"<b>zebra</b>": 3},
                    },
                    {"slug": "y", "name": "Y", "description": "D.", "phrases": {"yak": 3}},
                ]
            }
        ),
        encoding="utf-8",
    )
    (content / "papers" / "2026-11-20.yml").write_text(
        "- title: 'Zebra <script>alert(1)</script>'\n  slug: zebra\n  added: 2026-11-20\n"
        "  abstract: A b zebra b.\n"
        "- title: Yak\n  slug: yak\n  added: 2026-11-20\n  abstract: yak\n  topics: [x]\n",
        encoding="utf-8",
    )
    docs = generated(tmp_path, content)
    raw = (docs / "papers" / "zebra" / "index.md").read_text(encoding="utf-8")
    assert "<b>&lt;i&gt;X&lt;/i&gt; &amp; co</b>: &lt;b&gt;zebra&lt;/b&gt;</details>" in raw
    assert "<script>" not in raw
    assert why_block(docs, "yak").text_content() == "Why?<i>X</i> & co: set by hand"


def test_why_names_the_topic_model_for_a_secondary_topic_no_phrase_earned(tmp_path):
    content = tmp_path / "content"
    (content / "papers").mkdir(parents=True)
    shutil.copy(CONTENT / "topics.yml", content / "topics.yml")
    (content / "papers" / "2026-11-20.yml").write_text(
        "- title: Policy gradients\n  slug: pg\n  added: 2026-11-20\n  abstract: Reinforcement learning.\n"
        "  auto_topics: [reinforcement-learning, robotics-embodied]\n  classifier: rules-x+model-y\n",
        encoding="utf-8",
    )
    text = why_block(generated(tmp_path, content), "pg").text_content()
    assert "Reinforcement learning: policy gradient, reinforcement learning" in text
    assert "Robotics & embodied AI: no phrase: the topic model's choice" in text


def test_the_store_edit_url_follows_repo_url_and_edit_uri(tmp_path):
    def settings_for(**extra: str) -> str:
        (tmp_path / "docs").mkdir(exist_ok=True)
        config = {"site_name": "t", "site_url": "https://example.org/", "plugins": ["paperfeed"], **extra}
        (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        loaded = load_config(str(tmp_path / "mkdocs.yml"))
        return plugin_config.store_edit_url(loaded, plugin_config.options(loaded.plugins["paperfeed"].config))

    github = "https://github.com/me/digest"
    assert (
        settings_for(repo_url=github) == f"{github}/edit/master/content/papers/"
    )  # MkDocs' default edit_uri
    assert settings_for(repo_url=github, edit_uri="edit/main/docs/") == f"{github}/edit/main/content/papers/"
    nested = settings_for(repo_url=github, edit_uri="-/edit/main/site/docs")  # mkdocs.yml in site/
    assert nested == f"{github}/-/edit/main/site/content/papers/"
    assert settings_for(repo_url=github, edit_uri="edit/main/documentation/") == ""  # not the docs folder
    assert settings_for(repo_url="https://example.org/repo") == ""  # a host without a default edit_uri
    assert settings_for() == ""


def test_the_default_site_settings_have_no_edit_link():
    loaded = load_config(str(REPO / "mkdocs.yml"))
    settings = plugin_config.site_settings(loaded, plugin_config.options(loaded.plugins["paperfeed"].config))
    assert settings.store_edit_url == ""
    assert dataclasses.replace(settings, store_edit_url="x").store_edit_url == "x"
