"""`paperfeed import` and `paperfeed check` end to end, in a content folder of each test's own."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import LISTINGS, Run, run_cli, snapshot, with_taxonomy
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from paperfeed import checks, disk
from paperfeed.analysis.digest import load_digest
from paperfeed.errors import InputError
from paperfeed.model import DateSource
from paperfeed.store import files as store

ADDED = "2026-11-21"
FIXTURE_COUNTS = {
    "hf-papers-2026-11-20.txt": 6,
    "hf-papers-crlf.txt": 6,
    "hf-papers-blank-lines.txt": 6,
    "hf-papers-stray-spaces.txt": 6,
    "hf-papers-wrapped.txt": 6,
    "hf-papers-no-final-period.txt": 6,
    "hf-daily-papers.json": 3,
    "hf-daily-upvoted.json": 6,
    "arxiv-atom.xml": 3,
    "papers.yaml": 4,
    "papers.json": 2,
}


def test_every_listing_fixture_is_counted_here() -> None:
    assert sorted(p.name for p in LISTINGS.iterdir()) == sorted(FIXTURE_COUNTS)


def imported(content: Path, *files: str | Path, added: str = ADDED) -> Run:
    paths = [f if isinstance(f, Path) else LISTINGS / f for f in files]
    return run_cli("import", "--content", content, "--added", added, *paths)


def by_title(content: Path) -> dict:
    return {p.title: p for p in store.load(content)}


# -- importing each format --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FIXTURE_COUNTS))
def test_each_fixture_imports_into_an_empty_store(content: Path, name: str) -> None:
    run = imported(content, name)
    assert run.code == 0, run.err
    assert run.out == f"{FIXTURE_COUNTS[name]} new, 0 updated, 0 unchanged\n"
    assert run.err_lines == [f"{LISTINGS / name}: {FIXTURE_COUNTS[name]} papers ({_format(name)})"]
    assert [p.name for p in (content / "papers").iterdir()] == [f"{ADDED}.yml"]
    papers = store.load(content)
    assert len(papers) == FIXTURE_COUNTS[name]
    assert {p.added for p in papers} == {dt.date(2026, 11, 21)}
    assert all(p.slug for p in papers)


def _format(name: str) -> str:
    if name.startswith("hf-papers"):
        return "Hugging Face papers listing"
    return {
        "hf-daily-papers.json": "Hugging Face daily-papers JSON",
        "hf-daily-upvoted.json": "Hugging Face daily-papers JSON",
        "arxiv-atom.xml": "arXiv Atom feed",
    }.get(name, "paper list")


@pytest.mark.parametrize("name", sorted(FIXTURE_COUNTS))
def test_importing_a_fixture_twice_adds_nothing_and_changes_nothing(content: Path, name: str) -> None:
    assert imported(content, name).code == 0
    before = snapshot(content)
    again = imported(content, name, added="2026-11-25")
    assert again.code == 0
    assert again.out == f"0 new, 0 updated, {FIXTURE_COUNTS[name]} unchanged\n"
    assert snapshot(content) == before


def test_every_fixture_together_then_each_again_adds_nothing(content: Path) -> None:
    with_taxonomy(content)
    first = imported(content, *sorted(FIXTURE_COUNTS))
    assert first.code == 0, first.err
    assert first.out == "18 new, 0 updated, 0 unchanged\n"
    before = snapshot(content)
    for name in sorted(FIXTURE_COUNTS):
        run = imported(content, name, added="2026-11-26")
        assert run.code == 0 and run.out.startswith("0 new, 0 updated, "), (name, run.out)
    assert snapshot(content) == before
    assert run_cli("check", "--content", content).code == 0


def test_the_same_file_twice_in_one_import_counts_once(content: Path) -> None:
    run = imported(content, "arxiv-atom.xml", "arxiv-atom.xml")
    assert run.out == "3 new, 0 updated, 0 unchanged\n"
    assert run.err.count("warning:") == 0


def test_messy_copies_of_a_listing_are_the_same_papers(content: Path) -> None:
    assert imported(content, "hf-papers-2026-11-20.txt").code == 0
    before = snapshot(content)
    variants = [n for n in FIXTURE_COUNTS if n.startswith("hf-papers-") and n != "hf-papers-2026-11-20.txt"]
    run = imported(content, *variants)
    assert run.out == "0 new, 0 updated, 6 unchanged\n"
    assert "warning:" not in run.err  # a lost final period or a wrapped line is no conflict
    assert snapshot(content) == before


def test_dry_run_reports_and_writes_nothing(content: Path) -> None:
    run = run_cli("import", "--content", content, "--dry-run", LISTINGS / "papers.yaml")
    assert run.code == 0
    assert run.out == "4 new, 0 updated, 0 unchanged (dry run: nothing written)\n"
    assert not content.exists()


def test_without_added_new_papers_are_added_today(content: Path) -> None:
    run = run_cli("import", "--content", content, LISTINGS / "papers.json")
    assert run.code == 0
    assert {p.added for p in store.load(content)} == {dt.date.today()}


def test_added_is_set_once_and_later_imports_add_to_their_own_day(content: Path) -> None:
    assert imported(content, "hf-papers-2026-11-20.txt", added="2026-11-20").code == 0
    run = imported(content, "hf-daily-papers.json", added="2026-11-21")
    assert run.out == "1 new, 2 updated, 0 unchanged\n"
    papers = by_title(content)
    assert papers["2 OLMo 2 Furious"].added == dt.date(2026, 11, 20)  # known: its day stays
    assert papers["Skill-based Safe Reinforcement Learning with Risk Planning"].added == dt.date(2026, 11, 21)
    assert sorted(p.name for p in (content / "papers").iterdir()) == ["2026-11-20.yml", "2026-11-21.yml"]


# -- gap filling and conflicts ----------------------------------------------------------------------


def test_later_listings_fill_the_gaps_of_a_text_listing(content: Path) -> None:
    assert imported(content, "hf-papers-2026-11-20.txt").code == 0
    placeholder = by_title(content)["H³DP: Triply-Hierarchical Diffusion Policy for Visuomotor Learning"]
    assert (placeholder.arxiv, placeholder.date_source, placeholder.authors) == (None, DateSource.LISTING, ())
    slug = placeholder.slug

    run = imported(content, "arxiv-atom.xml", "hf-daily-papers.json", "papers.yaml")
    assert run.code == 0
    assert run.out == "5 new, 4 updated, 0 unchanged\n"
    papers = by_title(content)
    h3dp = papers["H³DP: Triply-Hierarchical Diffusion Policy for Visuomotor Learning"]
    # known by its title, it gains its id, authors, categories and a real date; keeps slug and added
    assert h3dp.arxiv == "2505.07819"
    assert (h3dp.date, h3dp.date_source) == (dt.date(2025, 5, 12), DateSource.PUBLISHED)
    assert h3dp.authors[0] == "Yiyang Lu" and h3dp.categories[0] == "cs.RO"
    assert (h3dp.slug, h3dp.added) == (slug, placeholder.added)
    assert h3dp.abstract == placeholder.abstract
    icl = papers["Can In-context Learning Really Generalize to Out-of-distribution Tasks?"]
    assert (icl.arxiv, icl.date) == ("2410.09695", dt.date(2024, 10, 13))
    navigate = papers["Learning to Navigate the Web"]
    assert navigate.arxiv is None and navigate.authors[0] == "Izzeddin Gur"
    assert navigate.date_source == DateSource.LISTING  # nothing better known
    assert "warning:" not in run.err


def test_a_conflicting_abstract_keeps_the_stored_text_and_warns(content: Path, write) -> None:
    assert imported(content, "hf-daily-papers.json").code == 0
    stored = by_title(content)["2 OLMo 2 Furious"]
    other = write(
        "olmo.yaml",
        "- title: 2 OLMo 2 Furious\n  arxiv: '2501.00656'\n  abstract: A shorter summary of OLMo 2.\n"
        "  links:\n    code: https://github.com/allenai/OLMo\n",
    )
    run = imported(content, other)
    assert run.code == 0
    assert run.out == "0 new, 1 updated, 0 unchanged\n"
    warnings = [line for line in run.err_lines if line.startswith("warning:")]
    assert warnings == [
        f"warning: {other}: '2 OLMo 2 Furious': abstract differs from the stored one; kept the stored text"
    ]
    olmo = by_title(content)["2 OLMo 2 Furious"]
    assert olmo.abstract == stored.abstract
    assert olmo.links.code == "https://github.com/allenai/OLMo"  # the rest still fills gaps


# -- bad input ---------------------------------------------------------------------------------------

BAD_INPUTS = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"\n \r\n\t\n", "empty file"),
    ("garbage.bin", bytes(range(256)) * 8, "binary file"),
    ("latin1.txt", "Caf\xe9 Title\nAn abstract.\n".encode("latin-1"), "1: not UTF-8 text"),
    ("truncated.json", b'[{"paper": {"id": "2505.01619", "title": "x"', "1: malformed JSON"),
    (
        "truncated.xml",
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title>',
        "1: malformed XML",
    ),
    ("truncated.yaml", b"- title: A Paper\n  arxiv: '2505.0", "2: malformed YAML"),
    ("broken.yaml", b'papers:\n  - title: "unterminated\n    abstract: [1, 2\n', "4: malformed YAML"),
    ("broken.json", b'{"papers": [{"title": "A",}]}', "1: malformed JSON"),
    ("control.yaml", b"- title: A\x0bPaper\n", "malformed YAML: unacceptable character #x000b"),
    (
        "bad-date.yaml",
        b"- title: A Paper\n  published: 2025-13-01\n",
        "1: 'A Paper': 'published' must be a date (YYYY",
    ),
    ("broken.xml", b"<feed><entry></feed>", "1: malformed XML"),
    ("page.html", b"<!doctype html><html><body><p>Papers</p></body></html>", "an HTML page, not a listing"),
    (
        "page.xhtml",
        b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
        "an HTML page, not a listing",
    ),
    ("other.xml", b"<rss><channel><item/></channel></rss>", "not an arXiv Atom feed"),
    ("table.csv", b"title,arxiv\nA Paper,2505.01619\n", "1: not a recognised listing: expected a paper"),
    ("object.json", b'{"name": "paperfeed", "version": "1.0"}', "expected a list of papers"),
    ("empty-list.json", b"[]", "no papers found in this paper list"),
    (
        "empty-feed.xml",
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>q</title></feed>',
        "no papers found",
    ),
    (
        "chrome-only.txt",
        b"Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n",
        "no papers found in this Hugging Face papers listing",
    ),
    (
        "title-only.txt",
        b"Attention Is All You Need\n",
        "1: the paper 'Attention Is All You Need' has no abstract",
    ),
    # The store's rules, applied at import as check and the build apply them.
    (
        "hostile-slug.yaml",
        b"- title: A Paper\n  slug: 'x\"><img src=x onerror=alert(1)>'\n",
        "1: 'A Paper': 'slug' must be",
    ),
    (
        "climbing-slug.yaml",
        b"- title: A Paper\n  slug: ../../../../outside/PWNED\n",
        "1: 'A Paper': 'slug' must be",
    ),
    (
        "long-slug.yaml",
        b"- title: A Paper\n  slug: " + b"a" * 101 + b"\n",
        "'slug' is 101 characters long (at most 100)",
    ),
    (
        "shared-slug.yaml",
        b"- title: A Paper\n  slug: same\n- title: B Paper\n  slug: same\n",
        "both have the slug 'same'",
    ),
    (
        "added-9999.yaml",
        b"- title: A Paper\n  added: 9999-12-31\n",
        "1: 'A Paper': 'added' 9999-12-31 is in the future",
    ),
    (
        "added-0001.yaml",
        b"- title: A Paper\n  added: 0001-01-01\n",
        "1: 'A Paper': 'added' 0001-01-01 is before 1991",
    ),
    (
        "published-9999.yaml",
        b"- title: A Paper\n  published: 9999-12-31\n",
        "'date' 9999-12-31 is in the future",
    ),
    ("id-2099.yaml", b"- title: A Paper\n  arxiv: '9912.12345'\n", "9912.12345 is not an arXiv id"),
    ("id-month-13.yaml", b"- title: A Paper\n  arxiv: '2613.12345'\n", "2613.12345 is not an arXiv id"),
    ("id-dots.yaml", b"- title: A Paper\n  arxiv: a../1234567\n", "not an arXiv id: 'a../1234567'"),
    # Values a parser would take silently: a key given twice keeps the last, NaN becomes "nan".
    ("twice.json", b'[{"title": "A Paper", "title": "B"}]', "malformed JSON: the key 'title' is given twice"),
    ("twice.yaml", b"- title: A Paper\n  title: B\n", "2: malformed YAML: the key 'title' is given twice"),
    ("nan.json", b'[{"title": NaN}]', "malformed JSON: NaN is not a value a listing holds"),
    ("inf.json", b'[{"title": 1e999}]', "malformed JSON: 1e999 is too large a number for a listing"),
    ("filler-title.yaml", "- title: \u3164\u3164\n- title: \u2800\n".encode(), "1: a paper without a title"),
    ("huge.json", b"[" + b"1" * 5000 + b"]", "huge.json: malformed JSON: a number of more than 4,300 digits"),
    # Junk the plain-text reader once turned into papers (891 from 100 KB of noise).
    ("noise.txt", b"h" * 100_000, "1: not a recognised listing"),
    ("printable.txt", bytes(random.Random(4).choice(range(32, 127)) for _ in range(99_999)), "not a"),
    ("words.txt", b" ".join(random.Random(5).choice([b"qrst,", b"uv01."]) for _ in range(9999)), "not a"),
    ("comments.yaml", b"# only a comment\n# and another\n", "1: not a recognised listing"),
    ("double-bom.yaml", "\ufeff\ufeff- cs.CL\n- cs.LG\n- cs.AI\n- cs.CV\n".encode(), "not a recognised"),
]


# One record that cannot be a paper among good ones, or text over a field limit: a warning, and
# the rest lands (--strict refuses the file instead).
WARNED_INPUTS = [
    (
        "bad-record.yaml",
        b"- title: A Paper\n- title: B Paper\n  arxiv: 12\n",
        ":2: 'B Paper': not an arXiv id: '12'",
        "1 new, 0 updated, 0 unchanged, 1 skipped",
    ),
    (
        "long-title.yaml",
        b"- title: " + b"T" * 1001 + b"\n",
        ":1: '" + "T" * 60 + "': the title is 1,001 characters long (at most 1,000): cut to 1,000",
        "1 new, 0 updated, 0 unchanged, 1 cut",
    ),
    (
        "long-abstract.yaml",
        b"- title: A\n  abstract: " + b"w " * 10_001 + b"\n",
        ":1: 'A': the abstract is 20,001 characters long (at most 20,000): cut to 20,000",
        "1 new, 0 updated, 0 unchanged, 1 cut",
    ),
    (
        "long-author.yaml",
        b"- title: A\n  authors: [" + b"N" * 301 + b"]\n",
        ":1: 'A': an author's name is over 300 characters: cut to 300",
        "1 new, 0 updated, 0 unchanged, 1 cut",
    ),
    (
        "many-authors.json",
        b'[{"title": "A", "authors": [' + b",".join([b'"N"'] * 2001) + b"]}]",
        ": paper 1: 'A': 2,001 authors (at most 2,000): kept the first 2,000",
        "1 new, 0 updated, 0 unchanged, 1 cut",
    ),
    (
        "impossible-date.yaml",
        b"- title: A Paper\n  published: 2025-11-02\n- title: B Paper\n  published: 2025-13-45\n"
        b"- title: C Paper\n",
        ":3: 'B Paper': 'published' must be a date (YYYY-MM-DD), not '2025-13-45'",
        "2 new, 0 updated, 0 unchanged, 1 skipped",
    ),
    (
        "dated-after-added.yaml",
        b"- title: A Paper\n- title: B Paper\n  published: 2026-11-25\n",
        ": 'B Paper': dated 2026-11-25, after it was added (2026-11-21)",
        "1 new, 0 updated, 0 unchanged, 1 skipped",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "warning", "summary"), WARNED_INPUTS, ids=[w[0] for w in WARNED_INPUTS]
)
def test_a_record_skipped_or_cut_is_one_warning_and_the_rest_lands_unless_strict(
    seeded: Path, write, name: str, data: bytes, warning: str, summary: str
) -> None:
    before, stored = snapshot(seeded), len(store.load(seeded))
    path = write(name, data)
    strict = run_cli("import", "--strict", "--content", seeded, "--added", ADDED, path)
    assert strict.code == 1 and strict.out == ""
    assert strict.err_lines == [f"error: {path}{warning} (--strict refuses the file)"]
    assert snapshot(seeded) == before
    run = imported(seeded, path)
    assert run.code == 0, run.err
    assert run.out == summary + "\n"
    assert [line for line in run.err_lines if line.startswith("warning:")] == [f"warning: {path}{warning}"]
    assert len(store.load(seeded)) == stored + int(summary.split()[0])  # a sound store, with the new ones


@pytest.fixture
def seeded(content: Path) -> Path:
    """A content folder that already holds papers: a refused import must leave it byte-for-byte."""
    assert imported(content, "arxiv-atom.xml", "papers.yaml").code == 0
    return content


@pytest.mark.parametrize(("name", "data", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_one_error_line_exit_1_and_the_store_unchanged(
    seeded: Path, write, name: str, data: bytes, message: str
) -> None:
    before = snapshot(seeded)
    path = write(name, data)
    run = imported(seeded, path)
    assert run.code == 1
    assert run.out == ""
    assert len(run.err_lines) == 1, run.err
    assert run.err_lines[0].startswith(f"error: {path}")
    assert message in run.err_lines[0]
    assert "Traceback" not in run.err and "error: unexpected" not in run.err
    assert snapshot(seeded) == before


def test_missing_file_and_folder_are_errors_that_name_them(seeded: Path, tmp_path: Path) -> None:
    before = snapshot(seeded)
    for path in (tmp_path / "missing.txt", tmp_path):
        run = imported(seeded, path)
        assert run.code == 1
        assert run.err_lines == [f"error: {path}: cannot read: " + run.err_lines[0].rsplit(": ", 1)[1]]
    assert snapshot(seeded) == before


@pytest.mark.parametrize("bad_first", [True, False])
def test_a_multi_file_import_is_all_or_nothing(seeded: Path, write, bad_first: bool) -> None:
    before = snapshot(seeded)
    bad = write("broken.yaml", b'papers:\n  - title: "unterminated\n')
    files = [bad, LISTINGS / "hf-papers-2026-11-20.txt"]
    run = imported(seeded, *(files if bad_first else files[::-1]))
    assert run.code == 1
    assert len(run.err_lines) == 1 and run.err_lines[0].startswith(f"error: {bad}:")
    assert snapshot(seeded) == before


def test_a_bad_store_file_refuses_the_import(seeded: Path) -> None:
    (seeded / "papers" / "2026-11-19.yml").write_text("- title: Without an added date\n")
    before = snapshot(seeded)
    run = imported(seeded, "hf-papers-2026-11-20.txt")
    assert run.code == 1
    assert run.err_lines == [
        f"error: {seeded / 'papers' / '2026-11-19.yml'}:1: a paper without its 'added' date"
    ]
    assert snapshot(seeded) == before


@pytest.mark.parametrize(
    "args",
    [
        ["import"],
        ["import", "--added", "2026-13-01", str(LISTINGS / "papers.yaml")],
        ["import", "--added", "yesterday", str(LISTINGS / "papers.yaml")],
        ["import", "--frobnicate", str(LISTINGS / "papers.yaml")],
        ["check", "extra-argument"],
    ],
)
def test_usage_errors_exit_2_and_write_nothing(content: Path, args: list[str]) -> None:
    run = run_cli(args[0], "--content", content, *args[1:])
    assert run.code == 2
    assert "usage: paperfeed" in run.err and "Traceback" not in run.err
    assert not content.exists()


@pytest.mark.parametrize("args", [[], ["no-such-command"]])
def test_a_missing_or_unknown_command_is_a_usage_error(args: list[str]) -> None:
    run = run_cli(*args)
    assert run.code == 2
    assert "usage: paperfeed" in run.err


def test_the_installed_command_runs_and_never_shows_a_traceback(content: Path, tmp_path: Path) -> None:
    command = Path(sys.executable).with_name("paperfeed")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "paperfeed"]
    good = subprocess.run(
        [
            *argv,
            "import",
            "--content",
            str(content),
            "--added",
            ADDED,
            str(LISTINGS / "hf-daily-papers.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (good.returncode, good.stdout) == (0, "3 new, 0 updated, 0 unchanged\n")
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x00\xff" * 100)
    bad = subprocess.run(
        [*argv, "import", "--content", str(content), str(garbage)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [f"error: {garbage}: binary file, not a listing (it holds NUL bytes)"]
    usage = subprocess.run([*argv, "import"], capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


# -- what else a store folder holds --------------------------------------------------------------------


def _stray(kind: str, papers: Path) -> tuple[Path, str]:
    """A file in content/papers/ that is not a day file to read, and what reading it says."""
    if kind == "dangling-link":
        (papers / "2026-01-02.yml").symlink_to("missing.yml")
        return papers / "2026-01-02.yml", "cannot read: a link to 'missing.yml', which does not exist"
    if kind == "link-loop":
        (papers / "2026-01-04.yml").symlink_to("2026-01-04.yml")
        return papers / "2026-01-04.yml", "cannot read: a link that leads back to itself"
    if kind == "folder":
        (papers / "2026-01-03.yml").mkdir()
        return papers / "2026-01-03.yml", "cannot read: a folder, not a file"
    if kind == "fifo":
        os.mkfifo(papers / "2026-01-05.yml")
        return papers / "2026-01-05.yml", "cannot read: not a regular file (a FIFO)"
    (papers / "2026-01-06.yml").symlink_to("/dev/zero")
    return papers / "2026-01-06.yml", "cannot read: not a regular file (a device)"


@pytest.mark.parametrize("kind", ["dangling-link", "link-loop", "folder", "fifo", "dev-zero"])
def test_a_store_file_that_is_not_a_regular_file_is_one_line_at_every_door(seeded: Path, kind: str) -> None:
    with_taxonomy(seeded)
    path, message = _stray(kind, seeded / "papers")
    command = Path(sys.executable).with_name("paperfeed")
    for args in (["check"], ["import", str(LISTINGS / "papers.yaml")]):  # its own process: a FIFO could hang
        done = subprocess.run([str(command), *args, "--content", str(seeded)], capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 1, done
        assert done.stderr.splitlines() == [f"error: {path}: {message}"]
    with pytest.raises(InputError, match=re.escape(f"{path}: {message}")):
        load_digest(seeded)


def test_a_store_file_over_the_size_limit_is_refused(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    day = next((seeded / "papers").iterdir())
    monkeypatch.setattr(disk, "MAX_FILE", day.stat().st_size - 1)
    run = run_cli("check", "--content", seeded)
    assert run.code == 1
    assert f"error: {day}: cannot read: {day.stat().st_size:,} bytes, more than the " in run.err


def test_dot_files_and_editor_leftovers_in_the_store_are_ignored(seeded: Path) -> None:
    with_taxonomy(seeded)
    papers = seeded / "papers"
    (papers / ".#2026-11-24.yml").symlink_to("root@host.1234:1700000000")  # Emacs's lock: a link to nowhere
    (papers / ".2026-11-21.yml.swp").write_bytes(b"\x00vim swap")
    (papers / "2026-11-21.yml~").write_text("- not: a store file\n")
    (papers / ".hidden.yml").write_text("junk: [\n")
    stored = store.load(seeded)
    assert run_cli("check", "--content", seeded).code == 0
    assert imported(seeded, "hf-daily-papers.json").code == 0
    assert len(load_digest(seeded).by_date) == len(stored) + 3


def test_the_papers_folder_given_as_the_content_folder_is_refused_saying_which_to_give(seeded: Path) -> None:
    with_taxonomy(seeded)
    before = snapshot(seeded)
    for args in (["import", "--added", ADDED, LISTINGS / "papers.yaml"], ["check"]):
        run = run_cli(args[0], "--content", seeded / "papers", *args[1:])
        assert run.code == 1
        assert run.err_lines == [
            f"error: {seeded / 'papers'}: this is the store's papers/ folder: give the content folder that "
            f"holds it (--content {seeded})"
        ]
    assert snapshot(seeded) == before


def test_a_title_typed_with_a_lookalike_letter_is_the_same_paper(content: Path, write) -> None:
    assert imported(content, write("a.yaml", "- title: Attention Is All You Need\n")).code == 0
    again = imported(content, write("b.yaml", "- title: Attention Is All Yоu Need\n"))  # a Cyrillic о
    assert again.code == 0 and again.out.startswith("0 new")
    assert [p.title for p in store.load(content)] == ["Attention Is All You Need"]


# -- any input at all: a clean error or a clean import ----------------------------------------------

FRAGMENTS = [
    "- ",
    "title: ",
    "arxiv: ",
    "abstract: ",
    "authors: ",
    "published: ",
    "added: ",
    "slug: ",
    "topics: ",
    "date_source: ",
    "links: ",
    "code: ",
    "papers:",
    "\n",
    "  ",
    "\r\n",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ",",
    '"',
    "'",
    "#",
    "2505.01619",
    "2505.10000v2",
    "2025-05-02",
    "2025-13-45",
    "null",
    "true",
    "1e999",
    "A Title",
    "An abstract sentence.",
    "Subscribe",
    "Get trending papers in your email inbox!",
    "$^{",
    "\\textemdash",
    "\\",
    "🤖",
    "\x00",
    "\ufeff",
    '{"paper": ',
    '"title": ',
    '"id": ',
    '"summary": ',
    '"authors": [{"name": 7}]',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    "<entry>",
    "</entry>",
    "</feed>",
    "<id>",
    "</id>",
    "<title>",
    "</title>",
    "<summary>",
    "</summary>",
    "<!DOCTYPE x>",
    "&amp;",
    "javascript:x",
    "https://github.com/a/b",
    "\x0b",
    "\x85",
    "\u2028",
]
ANY_INPUT = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(lambda parts: "".join(parts).encode("utf-8")),
    st.tuples(
        st.sampled_from(sorted(FIXTURE_COUNTS)),
        st.integers(0, 10_000),
        st.integers(0, 400),
        st.binary(max_size=8),
    ).map(lambda t: _mutated((LISTINGS / t[0]).read_bytes(), *t[1:])),
)


# the problems `check` finds in topics a paper was given by hand
_MANUAL_TOPIC = re.compile(
    r": paper .* (?:has topic .* which is not in the taxonomy|lists topic|has \d+ topics)"
)


def _mutated(raw: bytes, at: int, cut: int, insert: bytes) -> bytes:
    """A fixture truncated, cut into or spliced at some point: the realistic ways a file breaks."""
    at %= len(raw) + 1
    return raw[:at] + insert + raw[at + cut :] if cut else raw[:at]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = with_taxonomy(tmp_path_factory.mktemp("small-store") / "content")
    assert imported(content, "papers.yaml").code == 0
    return content


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=ANY_INPUT)
def test_any_input_ends_in_a_clean_error_or_a_clean_import(small_store: Path, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(small_store, content)
        before = snapshot(content)
        path = Path(folder) / "input"
        path.write_bytes(data)
        run = imported(content, path)
        assert "Traceback" not in run.err
        event(f"exit {run.code}")
        if run.code == 1:
            assert len(run.err_lines) == 1, run.err
            assert run.err_lines[0].startswith(f"error: {path}")
            assert "error: unexpected" not in run.err
            assert snapshot(content) == before
            return
        assert run.code == 0, run.err
        # what was imported is a sound store: it checks clean and imports again as nothing new
        # (import keeps manual topics as written; only check holds them to the taxonomy)
        problems, _ = checks.check_content(content)
        assert [p for p in problems if not _MANUAL_TOPIC.search(p)] == []
        after = snapshot(content)
        again = imported(content, path, added="2026-11-22")
        assert again.code == 0 and again.out.startswith("0 new, ")
        assert snapshot(content) == after


# -- paperfeed check ---------------------------------------------------------------------------------


def test_check_passes_on_imported_content(content: Path) -> None:
    with_taxonomy(content)
    assert imported(content, *sorted(FIXTURE_COUNTS)).code == 0
    run = run_cli("check", "--content", content)
    assert run.code == 0
    assert run.out == f"{content}: 18 papers, all clean\n"
    assert run.err == ""


def _store_file(content: Path, day: str, records: list[dict]) -> Path:
    path = content / "papers" / f"{day}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(records, sort_keys=False))
    return path


def _record(title: str, day: str, **fields: object) -> dict:
    return {
        "title": title,
        "slug": fields.pop("slug", title.lower().replace(" ", "-")),
        "added": day,
        **fields,
    }


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        (
            {
                "2026-11-20": [_record("A Paper", "2026-11-20", arxiv="2505.01619")],
                "2026-11-21": [_record("Another Title", "2026-11-21", arxiv="2505.01619")],
            },
            "2 papers share the arXiv id 2505.01619",
        ),
        (
            {
                "2026-11-20": [
                    _record("A Paper", "2026-11-20"),
                    _record("Other Paper", "2026-11-20", slug="a-paper"),
                ]
            },
            "2 papers share the slug 'a-paper'",
        ),
        (
            {
                "2026-11-20": [_record("A Paper", "2026-11-20")],
                "2026-11-21": [_record("a paper!", "2026-11-21", slug="x")],
            },
            "2 papers share the title 'A Paper'",
        ),
        (
            {"2026-11-20": [_record("A Paper", "2026-11-20", slug="A Paper!")]},
            ":1: 'A Paper': 'slug' must be lowercase words (a-z, 0-9) joined by hyphens, not 'A Paper!'",
        ),
        (
            {"2026-11-20": [_record("A Paper", "2026-11-20", date="2026-11-25", date_source="published")]},
            "2026-11-20.yml:1: 'A Paper': dated 2026-11-25, after it was added (2026-11-20)",
        ),
        (
            {"2026-11-20": [_record("A Paper", "2026-11-21")]},
            "added 2026-11-21 but stored in the file of 2026-11-20",
        ),
        ({"2026-11-20": [_record("A Paper", "2026-11-20", colour="red")]}, "unknown key 'colour'"),
        (
            {"2026-11-20": [_record("A Paper", "2026-11-20", date="someday")]},
            "'date' must be a date (YYYY-MM-DD), not 'someday'",
        ),
        (  # the store keeps its own keys: a listing's aliases are for `paperfeed import`
            {"2026-11-20": [_record("A Paper", "2026-11-20", published="2026-11-19")]},
            "unknown key 'published'",
        ),
        ({"latest": [_record("A Paper", "2026-11-20")]}, "store files are named YYYY-MM-DD.yml"),
    ],
)
def test_check_reports_each_problem_naming_the_file(content: Path, files: dict, problem: str) -> None:
    with_taxonomy(content)
    for day, records in files.items():
        _store_file(content, day, records)
    before = snapshot(content)
    run = run_cli("check", "--content", content)
    assert run.code == 1
    assert run.out == ""
    assert any(problem in line for line in run.err_lines), run.err
    assert all(line.startswith(f"error: {content / 'papers'}") for line in run.err_lines), run.err
    assert snapshot(content) == before  # check only reads


def test_check_allows_the_same_title_for_papers_with_different_ids(content: Path) -> None:
    with_taxonomy(content)
    _store_file(
        content,
        "2026-11-20",
        [
            _record("Scaling Laws", "2026-11-20", arxiv="2001.08361"),
            _record("Scaling Laws", "2026-11-20", arxiv="2203.15556", slug="scaling-laws-2203-15556"),
        ],
    )
    assert run_cli("check", "--content", content).code == 0


def test_check_without_a_store_says_so(content: Path) -> None:
    with_taxonomy(content)
    run = run_cli("check", "--content", content)
    assert run.code == 1
    assert run.err_lines == [f"error: {content / 'papers'}: missing (import a listing to start the store)"]


def test_a_topic_not_in_the_taxonomy_is_refused_at_import(
    content: Path, write: Callable[[str, str], Path]
) -> None:
    with_taxonomy(content)
    listing = write("picks.yaml", "- title: A Paper\n  abstract: Text.\n  topics: [no-such-topic]\n")
    before = snapshot(content)
    run = run_cli("import", "--content", content, listing)
    assert run.code == 1
    assert run.err_lines == [
        f"error: {listing}: 'A Paper': topic 'no-such-topic' is not in {content / 'topics.yml'}"
    ]
    assert snapshot(content) == before


def test_check_notes_papers_whose_topics_were_never_stored_and_migrate_stores_them(tmp_path: Path) -> None:
    content = with_taxonomy(tmp_path / "content")
    (content / "papers").mkdir()
    (content / "papers" / "2026-11-20.yml").write_text(  # written by hand, as an earlier paperfeed would
        "- title: Policy gradients -- a tour\n  added: 2026-11-20\n"
        "  abstract: Reinforcement learning with policy gradient methods.\n",
        encoding="utf-8",
    )
    run = run_cli("check", "--content", content)
    assert run.code == 0
    assert "1 papers hold text that is not final and 1 have no topics stored" in run.err
    assert "paperfeed migrate" in run.err and "error" not in run.err
    done = run_cli("migrate", "--content", content)
    assert done.code == 0 and done.out.startswith("1 papers: 1 with text made final, 1 with their topics")
    (paper,) = store.load(content)
    assert paper.title == "Policy gradients – a tour" and paper.auto_topics == ("reinforcement-learning",)
    assert paper.classifier and paper.classifier.startswith("rules-")
    again = run_cli("check", "--content", content)
    assert again.code == 0 and again.err == ""
