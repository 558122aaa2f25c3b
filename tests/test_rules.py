"""paperfeed/rules.py: the one set of rules import, fetch, check and the build apply to papers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from conftest import LISTINGS, run_cli, with_taxonomy
from sitekit import build_site, site_digest, site_settings

from paperfeed import rules
from paperfeed.errors import InputError
from paperfeed.model import Paper
from paperfeed.store import files as store

TODAY = dt.date(2026, 12, 4)
GOOD = Paper(
    title="A Paper",
    abstract="Words.",
    authors=("Ada Lovelace",),
    date=dt.date(2026, 11, 1),
    added=dt.date(2026, 11, 20),
    slug="a-paper",
    arxiv="2611.01234",
)


def problem(**changes: object) -> str | None:
    return rules.paper_problem(dataclasses.replace(GOOD, **changes), TODAY)  # type: ignore[arg-type]


def test_a_sound_paper_has_no_problem() -> None:
    assert problem() is None
    assert problem(title="T" * rules.MAX_TITLE, abstract="w" * rules.MAX_ABSTRACT) is None
    assert problem(date=TODAY + dt.timedelta(days=1), added=TODAY) is None  # a day of slack
    assert problem(arxiv="hep-th/9901001") is None and problem(arxiv="0704.0001") is None


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"title": "T" * 1001}, "the title is 1,001 characters long"),
        ({"abstract": "w" * 20_001}, "the abstract is 20,001 characters long"),
        ({"authors": ("N",) * 2001}, "2,001 authors"),
        ({"authors": ("N" * 301,)}, "an author's name is 301 characters long"),
        ({"slug": "A Paper"}, "'slug' must be lowercase words"),
        ({"slug": "../x"}, "'slug' must be lowercase words"),
        ({"slug": "a" * 101}, "'slug' is 101 characters long"),
        ({"date": dt.date(2026, 12, 6)}, "'date' 2026-12-06 is in the future"),
        ({"date": dt.date(1990, 12, 31)}, "'date' 1990-12-31 is before 1991"),
        ({"added": dt.date(9999, 12, 31)}, "'added' 9999-12-31 is in the future"),
        ({"added": dt.date(1, 1, 1)}, "'added' 0001-01-01 is before 1991"),
        ({"date": dt.date(2026, 11, 23)}, "dated 2026-11-23, after it was added (2026-11-20)"),
        ({"arxiv": "9912.12345"}, "9912.12345 is not an arXiv id"),
        ({"arxiv": "2613.00001"}, "2613.00001 is not an arXiv id"),
        ({"arxiv": "0612.0001"}, "0612.0001 is not an arXiv id"),  # new-style ids began in 0704
    ],
)
def test_each_rule_names_what_is_wrong(changes: dict[str, object], words: str) -> None:
    found = problem(**changes)
    assert found is not None and words in found


def test_extreme_dates_give_a_problem_not_an_overflow() -> None:
    assert "in the future" in (problem(date=dt.date.max, added=dt.date.max) or "")
    assert "before 1991" in (problem(date=dt.date.min, added=dt.date.min) or "")


def test_shared_slugs_are_found_with_their_papers() -> None:
    other = dataclasses.replace(GOOD, title="Another")
    assert rules.duplicate_slugs([GOOD, other, dataclasses.replace(GOOD, slug="b")]) == [
        ("a-paper", [GOOD, other])
    ]


@pytest.fixture
def store_with(tmp_path: Path):  # type: ignore[no-untyped-def]
    content = with_taxonomy(tmp_path / "content")
    assert (
        run_cli("import", "--content", content, "--added", "2026-11-20", LISTINGS / "papers.yaml").code == 0
    )

    def edit(old: str, new: str) -> Path:
        path = content / store.PAPERS / "2026-11-20.yml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return content

    return edit


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("slug: learning-to-navigate-the-web", "slug: '../../outside'", "'slug' must be lowercase words"),
        ("slug: learning-to-navigate-the-web", "slug: 'x\"><img src=x onerror=alert(1)>'", "'slug' must be"),
        ("added: 2026-11-20", "added: 9999-12-31", "is in the future"),
    ],
)
def test_the_build_and_check_refuse_what_import_refuses(store_with, old: str, new: str, words: str) -> None:  # type: ignore[no-untyped-def]
    content = store_with(old, new)
    with pytest.raises(InputError, match=words.replace("(", r"\(")):
        site_digest(site_settings(content=str(content)))
    checked = run_cli("check", "--content", content)
    assert checked.code == 1 and words in checked.err


def test_the_build_refuses_two_papers_with_one_slug(store_with) -> None:  # type: ignore[no-untyped-def]
    content = store_with(
        "slug: instructgie-towards-generalizable-image-editing", "slug: learning-to-navigate-the-web"
    )
    with pytest.raises(InputError, match="two papers have the slug 'learning-to-navigate-the-web'"):
        site_digest(site_settings(content=str(content)))
    assert "share the slug 'learning-to-navigate-the-web'" in run_cli("check", "--content", content).err


@pytest.mark.slow
def test_mkdocs_build_of_a_store_with_a_climbing_slug_fails_and_writes_nothing_outside(
    store_with, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    content = store_with("slug: learning-to-navigate-the-web", "slug: ../../../../outside/PWNED")
    done = build_site(tmp_path / "work", content)
    assert done.returncode != 0
    assert "'slug' must be lowercase words" in done.stderr and "2026-11-20.yml" in done.stderr
    assert not any(tmp_path.rglob("PWNED*")) and not (tmp_path / "work" / "site" / "index.html").exists()
