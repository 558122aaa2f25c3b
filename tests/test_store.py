"""The store: one YAML file per added date, read back exactly, written atomically, refused when bad."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
import yaml
from conftest import run_cli, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperfeed.errors import InputError
from paperfeed.model import DateSource, Links, Paper
from paperfeed.store import files as store
from paperfeed.store import importer
from paperfeed.text import clean

DAY1 = dt.date(2026, 11, 20)
DAY2 = dt.date(2026, 11, 21)

FULL = Paper(
    title="H³DP: Triply-Hierarchical Diffusion Policy for Visuomotor Learning",
    abstract="Visuomotor policy learning has witnessed substantial progress. Project Page: https://lyy-iiis.github.io/h3dp/.",
    arxiv="2505.07810",
    authors=("Yiyang Lu", "Yufeng Tian"),
    date=dt.date(2025, 5, 12),
    date_source=DateSource.PUBLISHED,
    added=DAY1,
    links=Links(project="https://lyy-iiis.github.io/h3dp/", code="https://github.com/example/h3dp"),
    categories=("cs.RO", "cs.LG"),
    topics=("robotics",),
    slug="h3dp-triply-hierarchical-diffusion-policy-for-visuomotor-learning",
)
SPARSE = Paper(
    title="Learning to Navigate the Web", date=DAY2, added=DAY2, slug="learning-to-navigate-the-web"
)


def test_papers_are_stored_one_file_per_added_date_and_read_back_unchanged(tmp_path: Path) -> None:
    written = store.save(tmp_path, [FULL, SPARSE], {DAY1, DAY2})
    assert written == [tmp_path / "papers" / "2026-11-20.yml", tmp_path / "papers" / "2026-11-21.yml"]
    assert store.load(tmp_path) == [FULL, SPARSE]


def test_a_store_file_is_readable_yaml_with_a_header_and_fixed_key_order(tmp_path: Path) -> None:
    store.save(tmp_path, [FULL], {DAY1})
    text = (tmp_path / "papers" / "2026-11-20.yml").read_text(encoding="utf-8")
    assert text.startswith("# Papers added to this digest on 2026-11-20")
    assert "arxiv: '2505.07810'" in text  # an id stays text, trailing zero and all
    assert "\n  date: 2025-05-12\n  date_source: published\n  added: 2026-11-20\n" in text
    assert "&id" not in text and "*id" not in text  # no YAML anchors
    assert "H³DP" in text  # unicode as is, not escaped
    (record,) = yaml.safe_load(text)
    assert list(record) == [
        "title",
        "slug",
        "arxiv",
        "date",
        "date_source",
        "added",
        "authors",
        "categories",
        "topics",
        "links",
        "abstract",
    ]
    assert record["links"] == {
        "code": "https://github.com/example/h3dp",
        "project": "https://lyy-iiis.github.io/h3dp/",
    }


def test_saving_unchanged_papers_writes_nothing(tmp_path: Path) -> None:
    store.save(tmp_path, [FULL, SPARSE], {DAY1, DAY2})
    path = tmp_path / "papers" / "2026-11-20.yml"
    os.utime(path, (1_000_000, 1_000_000))
    assert store.save(tmp_path, [FULL, SPARSE], {DAY1, DAY2}) == []
    assert path.stat().st_mtime == 1_000_000


def test_only_the_files_of_the_given_dates_are_written(tmp_path: Path) -> None:
    store.save(tmp_path, [FULL, SPARSE], {DAY1, DAY2})
    before = (tmp_path / "papers" / "2026-11-20.yml").read_bytes()
    renamed = Paper(title="Web Navigation", date=DAY2, added=DAY2, slug="web-navigation")
    assert store.save(tmp_path, [FULL, SPARSE, renamed], {DAY2}) == [tmp_path / "papers" / "2026-11-21.yml"]
    assert (tmp_path / "papers" / "2026-11-20.yml").read_bytes() == before
    assert [p.title for p in store.load(tmp_path)] == [FULL.title, SPARSE.title, "Web Navigation"]


def test_store_files_are_ordinary_files_not_private_temporaries(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        store.save(tmp_path, [FULL], {DAY1})
    finally:
        os.umask(mask)
    mode = stat.S_IMODE((tmp_path / "papers" / "2026-11-20.yml").stat().st_mode)
    assert mode == 0o644


def test_a_write_that_fails_halfway_leaves_every_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(tmp_path, [FULL, SPARSE], {DAY1, DAY2})
    before = snapshot(tmp_path)
    calls = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:  # the second of two files (after the plan naming them, and the first)
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    changed = [
        Paper(title=p.title, abstract="Changed.", date=p.date, added=p.added, slug=p.slug)
        for p in (FULL, SPARSE)
    ]
    with pytest.raises(InputError) as refused:
        store.save(tmp_path, changed, {DAY1, DAY2})
    day2 = tmp_path / "papers" / f"{DAY2}.yml"
    assert str(refused.value) == f"{day2}: cannot write: No space left on device"
    assert snapshot(tmp_path) == before  # neither file replaced, no temporary file left behind


def test_a_rename_that_fails_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_replace(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(PermissionError):
        store.save(tmp_path, [FULL], {DAY1})
    assert snapshot(tmp_path) == {}


def test_an_empty_or_missing_store_has_no_papers(tmp_path: Path) -> None:
    assert store.load(tmp_path / "nowhere") == []
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "README.md").write_text("not a store file")
    assert store.load(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "text", "message", "line"),
    [
        ("notes.yml", "- title: A\n  added: 2026-11-20\n", "store files are named YYYY-MM-DD.yml", None),
        ("2026-11-20.yml", "", "empty file", None),
        ("2026-11-20.yml", "# nothing here\n[]\n", "holds no papers", None),
        (
            "2026-11-20.yml",
            "- title: A\n  added: 2026-11-20\n- title: B\n",
            "a paper without its 'added' date",
            3,
        ),
        (
            "2026-11-20.yml",
            "- title: A\n  added: 2026-11-20\n- title: B\n  added: 2026-11-21\n",
            "added 2026-11-21 but stored in the file of 2026-11-20",
            3,
        ),
        ("2026-11-20.yml", "- title: A\n  added: 2026-11-20\n  colour: red\n", "unknown key 'colour'", 1),
        ("2026-11-20.yml", "- title: 'A\n  added: 2026-11-20\n", "malformed YAML", 3),
    ],
)
def test_a_bad_store_file_is_refused_naming_file_and_line(
    tmp_path: Path, name: str, text: str, message: str, line: int | None
) -> None:
    path = tmp_path / "papers" / name
    path.parent.mkdir()
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        store.load(tmp_path)
    assert message in caught.value.message
    assert caught.value.where == str(path)
    assert caught.value.line == line


def test_import_writes_new_papers_to_their_added_date_and_fills_gaps_in_place(tmp_path: Path) -> None:
    store.save(tmp_path, [SPARSE], {DAY2})
    gap = Paper(title="Learning to Navigate the Web", authors=("Izzeddin Gur",), date=DAY1)
    new = Paper(title="A New Paper", abstract="Fresh.", date=DAY1)
    report = importer.import_papers(
        tmp_path, [("x", gap), ("x", new)], added=dt.date(2026, 11, 25), today=dt.date(2026, 11, 26)
    )
    assert report.summary() == "1 new, 1 updated, 0 unchanged"
    navigate, fresh = store.load(tmp_path)
    assert (navigate.added, navigate.authors, navigate.slug) == (DAY2, ("Izzeddin Gur",), SPARSE.slug)
    assert (fresh.added, fresh.slug) == (dt.date(2026, 11, 25), "a-new-paper")
    assert sorted(p.name for p in (tmp_path / "papers").iterdir()) == ["2026-11-21.yml", "2026-11-25.yml"]


def test_import_without_an_added_date_adds_papers_today(tmp_path: Path) -> None:
    importer.import_papers(tmp_path, [("x", Paper(title="A Paper"))], added=None, today=dt.date(2026, 11, 26))
    assert [p.added for p in store.load(tmp_path)] == [dt.date(2026, 11, 26)]


def test_dry_run_and_refused_imports_write_nothing(tmp_path: Path) -> None:
    store.save(tmp_path, [SPARSE], {DAY2})
    before = snapshot(tmp_path)
    report = importer.import_papers(
        tmp_path, [("x", Paper(title="A Paper"))], added=DAY2, today=DAY2, dry_run=True
    )
    assert report.new == 1
    assert snapshot(tmp_path) == before
    (tmp_path / "papers" / "2026-11-22.yml").write_text("- title: broken\n")  # no added date
    before = snapshot(tmp_path)
    with pytest.raises(InputError):
        importer.import_papers(tmp_path, [("x", Paper(title="A Paper"))], added=DAY2, today=DAY2)
    assert snapshot(tmp_path) == before


def test_a_hand_made_yaml_file_of_a_day_is_updated_not_doubled(tmp_path: Path) -> None:
    (tmp_path / "papers").mkdir()
    hand_made = tmp_path / "papers" / "2026-11-21.yaml"
    hand_made.write_text("- title: Learning to Navigate the Web\n  added: 2026-11-21\n")
    new = Paper(title="A New Paper", abstract="Fresh.", date=DAY2)
    importer.import_papers(tmp_path, [("x", new)], added=DAY2, today=DAY2)
    assert [p.name for p in (tmp_path / "papers").iterdir()] == ["2026-11-21.yaml"]
    assert [p.title for p in store.load(tmp_path)] == ["A New Paper", "Learning to Navigate the Web"]


# --- Final text: what is stored is what is shown -----------------------------------------------------

_ANY_TEXT = st.text(min_size=1, max_size=80).map(clean).filter(bool)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=_ANY_TEXT,
    abstract=st.one_of(st.just(""), _ANY_TEXT),
    authors=st.lists(_ANY_TEXT, max_size=4),
    upvotes=st.one_of(st.none(), st.integers(0, 10**6)),
    time=st.one_of(st.none(), st.times().map(lambda t: t.replace(microsecond=0))),
)
def test_any_clean_text_is_stored_and_read_back_byte_for_byte(
    tmp_path_factory: pytest.TempPathFactory,
    title: str,
    abstract: str,
    authors: list[str],
    upvotes: int | None,
    time: dt.time | None,
) -> None:
    content = tmp_path_factory.mktemp("store")
    paper = Paper(
        title=title, abstract=abstract, authors=tuple(authors), added=DAY1, added_time=time,
        upvotes=upvotes, auto_topics=("robotics",), classifier="rules-test", slug="a-paper",
    )  # fmt: skip
    written = store.dump(DAY1, [paper])
    (content / store.PAPERS).mkdir()
    path = content / store.PAPERS / "2026-11-20.yml"
    path.write_bytes(written)
    (read,) = store.load_file(path)
    assert read == paper  # store -> load: the same paper, nothing cleaned again
    assert store.dump(DAY1, [read]) == written  # -> store: the same bytes


def test_a_later_import_of_the_same_day_leaves_a_stored_title_as_it_was(tmp_path: Path) -> None:
    # A title imported as `Pricing \$x\$ Tokens` is stored as `Pricing $x$ Tokens`; reading the
    # store must not clean it again (which would read $x$ as math), so the next import of that
    # day only adds its own paper.
    content = tmp_path / "content"
    one = tmp_path / "one.yaml"
    one.write_text("- title: Pricing \\$x\\$ Tokens\n  published: 2026-11-10\n", encoding="utf-8")
    two = tmp_path / "two.yaml"
    two.write_text("- title: An Unrelated Study\n  published: 2026-11-11\n", encoding="utf-8")
    assert run_cli("import", "--content", content, "--added", "2026-11-20", one).code == 0
    day = content / store.PAPERS / "2026-11-20.yml"
    before = day.read_text(encoding="utf-8")
    assert "title: Pricing $x$ Tokens\n" in before
    assert run_cli("import", "--content", content, "--added", "2026-11-20", two).code == 0
    after = day.read_text(encoding="utf-8")
    assert [line for line in before.splitlines() if line not in after.splitlines()] == []
    assert [p.title for p in store.load(content)] == ["An Unrelated Study", "Pricing $x$ Tokens"]


def test_a_store_file_holding_a_control_character_is_refused_with_its_line(tmp_path: Path) -> None:
    (tmp_path / store.PAPERS).mkdir()
    path = tmp_path / store.PAPERS / "2026-11-20.yml"
    path.write_text(
        '# a hand edit\n- title: Fine\n  added: 2026-11-20\n- title: "Bell\\a here"\n  added: 2026-11-20\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        store.load_file(path)
    message = "'title' holds an invisible or control character (U+0007)"
    assert (caught.value.line, caught.value.message) == (4, message)


def test_an_import_keeps_the_time_it_ran_for_papers_added_that_day(tmp_path: Path) -> None:
    # The feeds date an item by when its paper was added: the time of the import that day; a
    # paper added on another day (`--added`, a backfill) has no time of its own.
    content = tmp_path / "content"
    now = dt.datetime(2026, 11, 20, 6, 17, 3, 500, tzinfo=dt.UTC)
    today = Paper(title="Arrived this morning", slug="arrived-this-morning")
    before = DAY1 - dt.timedelta(days=1)
    earlier = Paper(title="Backfilled from the day before", slug="backfilled", added=before)
    importer.import_papers(content, [("a", today), ("b", earlier)], added=None, today=DAY1, now=now)
    stored = {p.slug: p for p in store.load(content)}
    assert stored["arrived-this-morning"].added_time == dt.time(6, 17, 3)
    assert stored["backfilled"].added_time is None
    written = (content / store.PAPERS / "2026-11-20.yml").read_text(encoding="utf-8")
    assert "added: '2026-11-20T06:17:03Z'\n" in written
