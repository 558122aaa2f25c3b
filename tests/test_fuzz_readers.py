"""Any input to any reader: either an import that `paperfeed check` accepts, or one `error:` line
and the store byte-identical. Never a traceback, never an 'unexpected' error, in bounded time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import LISTINGS, Run, run_cli, snapshot, with_taxonomy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# The readers' own inputs, which the strategies below cut, splice and corrupt: inputs near a
# valid listing reach far deeper into a reader than random bytes.
SAMPLES = {path.name: path.read_bytes() for path in sorted(LISTINGS.iterdir()) if path.is_file()}
SUFFIXES = (".txt", ".yaml", ".json", ".xml")


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SAMPLES)))
    data = bytearray(SAMPLES[name])
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 400)))
        data[start:end] = draw(
            st.one_of(
                st.binary(max_size=40),
                st.text(max_size=40).map(lambda t: t.encode("utf-8")),
                st.sampled_from([b"", b"\n", b"- ", b": ", b"{", b"[", b"<entry>", b"\xef\xbb\xbf", b"\x00",
                                 b"slug: ../x", b"9999-12-31", b"NaN", b"1" * 5000, b"title: a\ntitle: b\n"]),
            )
        )
    suffix = draw(st.sampled_from((Path(name).suffix, *SUFFIXES)))
    return f"fuzz{suffix}", bytes(data)


def one_error_line(run: Run) -> bool:
    lines = run.err.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    return len(errors) == 1 and "PAPERFEED_DEBUG" not in run.err and "Traceback" not in run.err  # no bug


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding papers: an import must leave it byte-identical or checkable."""
    content = with_taxonomy(tmp_path_factory.mktemp("seeded") / "content")
    for name in ("papers.yaml", "arxiv-atom.xml"):
        assert run_cli("import", "--content", content, "--added", "2026-11-20", LISTINGS / name).code == 0
    return content


def import_and_check(seeded: Path, tmp: Path, name: str, data: bytes) -> None:
    content = tmp / "content"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(seeded, content)
    listing = tmp / name
    listing.write_bytes(data)
    before = snapshot(content)
    run = run_cli("import", "--content", content, "--added", "2026-11-21", listing)
    if run.code == 0:
        checked = run_cli("check", "--content", content)
        assert checked.code == 0, (data[:200], checked.err)
    else:
        assert run.code == 1 and one_error_line(run), run.err
        assert snapshot(content) == before


@pytest.mark.slow
@settings(max_examples=300, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sample=mutated())
def test_a_corrupted_listing_imports_cleanly_or_is_refused_in_one_line(
    seeded: Path, tmp_path: Path, sample: tuple[str, bytes]
) -> None:
    import_and_check(seeded, tmp_path / "work", *sample)


@pytest.mark.slow
@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=3000))
def test_random_bytes_are_refused_in_one_line_or_imported_cleanly(
    seeded: Path, tmp_path: Path, suffix: str, data: bytes
) -> None:
    import_and_check(seeded, tmp_path / "work", f"random{suffix}", data)
