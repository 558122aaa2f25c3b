"""Build memory does not depend on the longest word (a 200,000-character word took the build to
10 GB). The store's rules now refuse an abstract that long at every door; the text analysis must
hold the bound by itself all the same, so it is measured on papers made directly."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO

# Similar papers (TF-IDF) for the default content plus one paper whose abstract is
# read from stdin; prints the process's peak resident memory in MB (Linux's ru_maxrss is in KB).
ANALYSE = """
import resource, sys
from pathlib import Path
from paperfeed.analysis.similar import analyse
from paperfeed.model import Paper
from paperfeed.store import files
papers = files.load(Path(sys.argv[1]))
papers.append(Paper(title="A paper with a long abstract", abstract=sys.stdin.read()))
similar = analyse(papers).similar
assert len(similar) == len(papers) and all(len(near) == 5 for near in similar)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def peak_mb(abstract: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", ANALYSE, str(REPO / "content")],
        input=abstract, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return float(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_200000_character_word_is_analysed_in_the_memory_of_any_other_paper() -> None:
    baseline = peak_mb("Enormous " + "word " * 1000 + "here.")
    peak = peak_mb("Enormous " + "x" * 200_000 + " word.")
    # The fixed-width array this replaced needed terms x 200,000 x 4 bytes: gigabytes here.
    assert peak < baseline + 50, (baseline, peak)
