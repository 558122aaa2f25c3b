"""The benchmark's memory of a build: MkDocs and the Pagefind process it starts, summed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/ is not an installed package
from benchmarks import run

# A process holding 80 MiB that starts, from a thread as the plugin starts Pagefind, a child
# holding 80 MiB more, both alive for a second.
HOLD = "b = b'x' * (80 * 2**20); import time; time.sleep(1.2)"
START = f"subprocess.run([sys.executable, '-c', {HOLD!r}])"
PARENT = (
    f"import subprocess, sys, threading; {HOLD.split(';')[0]}; "
    f"t = threading.Thread(target=lambda: {START}); t.start(); t.join()"
)


def test_the_memory_of_a_build_counts_the_processes_it_starts() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT])
    memory = run.TreeMemory(parent.pid)
    assert parent.wait() == 0
    memory.finish()
    # Each process's own peak is about 90 MB; together they held over 160 MB at once.
    assert memory.peak_kb / 1024 > 160


def test_a_process_that_is_gone_holds_no_memory() -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert run._tree_rss_kb(gone.pid) == 0
