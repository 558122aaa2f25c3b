"""The benchmark's figures of issue 26: the marginal bytes per paper between two sizes (the fixed
part cancels out), the ratios to the hand-built site and of the daily rebuild, and their targets."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/ is not an installed package
from benchmarks import run


def result(papers: int, site_mb: float, total: float, hand: float, daily: float) -> run.Result:
    return run.Result(
        papers=papers,
        site_bytes=int(site_mb * 1e6),
        seconds={"total": total},
        bare_seconds=total,
        hand_seconds=hand,
        daily_seconds=daily,
    )


def test_the_bytes_per_paper_added_leave_the_fixed_part_out() -> None:
    small, large = result(1000, 15.0, 3.0, 2.5, 2.4), result(10000, 105.0, 30.0, 40.0, 10.0)
    assert run._marginal(small, large) == "10.0 KB"  # 90 MB over 9,000 papers, not 10.5 KB a paper
    found = {name: (ok, figures) for name, ok, figures in run.targets([small, large])}
    assert found["at most 10 KB per paper added (1,000 to 10,000)"] == (True, "10.0 KB")
    assert found["cold build at most 0.85x the hand-built site (1,000)"] == (False, "1.20x")
    assert found["cold build at most 0.85x the hand-built site (10,000)"] == (True, "0.75x")
    assert found["next day rebuilt in at most 0.4x the cold build (1,000)"] == (False, "0.80x")
    assert found["next day rebuilt in at most 0.4x the cold build (10,000)"] == (True, "0.33x")
    assert found["100,000 papers: at most 1 GB of site, 4 GB peak"] == (None, "not measured")


def test_a_size_measured_without_the_hand_built_site_says_so() -> None:
    old = run.Result(papers=1000, seconds={"total": 3.0}, bare_seconds=2.0)
    found = {name: (ok, figures) for name, ok, figures in run.targets([old])}
    assert found["cold build at most 0.85x the hand-built site (1,000)"] == (None, "not measured")
    assert "-" in run.table([old])
