"""Build memory does not depend on the longest word: a paper with one enormous "word" builds in
the memory any other paper takes (issue: a 200,000-character word took the build to 10 GB)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_cli, with_taxonomy

# Generates the site's Markdown and feeds for a content folder, then prints the process's peak
# resident memory in MB (Linux's ru_maxrss is in KB).
GENERATE = """
import resource, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from sitekit import site_settings
from paperfeed.site.build import generate
generate(site_settings(content=sys.argv[1]), Path(sys.argv[2]))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def peak_mb(content: Path, docs: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", GENERATE, str(content), str(docs), str(REPO / "tests")],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return float(done.stdout.strip().splitlines()[-1])


def content_with(tmp_path: Path, name: str, abstract: str) -> Path:
    content = with_taxonomy(tmp_path / name)
    listing = tmp_path / f"{name}.yaml"
    paper = {"title": "A Paper With a Long Abstract", "abstract": abstract, "authors": ["Ada Lovelace"],
             "published": "2025-01-02"}
    listing.write_text(yaml.safe_dump([paper]), encoding="utf-8")
    for source in (REPO / "tests" / "fixtures" / "site" / "papers.yaml", listing):
        assert run_cli("import", "--content", content, "--added", "2026-11-20", source).code == 0
    return content


@pytest.mark.slow
def test_a_200000_character_word_builds_in_the_memory_of_any_other_paper(tmp_path: Path) -> None:
    plain = content_with(tmp_path, "plain", "Enormous " + "word " * 1000 + "here.")
    enormous = content_with(tmp_path, "enormous", "Enormous " + "x" * 200_000 + " word.")
    baseline = peak_mb(plain, tmp_path / "docs-plain")
    peak = peak_mb(enormous, tmp_path / "docs-enormous")
    # The fixed-width array this replaces needed terms x 200,000 x 4 bytes: gigabytes here.
    assert peak < baseline + 50, (baseline, peak)
