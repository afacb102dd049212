"""CPU time a batch worker spends on one file: read, validate, check and score, in this process.

    python benchmarks/worker_cpu.py COHORT [--files 1000] [--repeat 6]
    BEFORE=/tmp/old-tree python benchmarks/worker_cpu.py COHORT   # the same, for another tree

CPU time (not wall-clock) and the fastest of ``--repeat`` passes: on a shared machine the load
stretches wall-clock times and slows a pass, never speeds it up. Run the two trees alternately
(A/B interleaved) so that the load falls on both alike. ``BEFORE`` is a copy of the source tree
to measure instead of the installed one (``git archive main | tar -x -C /tmp/old-tree``).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

if os.environ.get("BEFORE"):  # measure that tree: the editable install's finder comes first
    sys.meta_path = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
    sys.path.insert(0, os.environ["BEFORE"])

import compliance_check
from compliance_check.cohort.workers import Scorer, cohort_checklists


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cohort", type=Path)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=6)
    args = parser.parse_args()
    paths = [str(path) for path in sorted(args.cohort.rglob("*.yaml"))[: args.files]]
    scorer = Scorer(cohort_checklists([]), None, 5 * 1024 * 1024, False)
    gc.set_threshold(100_000, *gc.get_threshold()[1:])  # as a worker runs (cohort/workers.py)
    fastest = float("inf")
    for _ in range(args.repeat):
        started = time.process_time()
        for path in paths:
            scorer(path)
        fastest = min(fastest, time.process_time() - started)
    tree = Path(compliance_check.__file__).parent.parent
    print(f"{tree}: {fastest / len(paths) * 1000:.3f} ms CPU per file")


if __name__ == "__main__":
    main()
