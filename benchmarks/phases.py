"""Where a batch's time goes: each phase's end, in wall-clock seconds and the parent's CPU.

    python benchmarks/phases.py COHORT [batch options...]   # e.g. -o /tmp/cohort.xlsx --force

Runs `compliance-check batch COHORT ...` in this process, marking when the checks end, the
first and last files are scored, the cohort is summed up and the workbook saved, then prints
the marks and the CPU time of the worker processes. Only one core works before the first file
and after the last one: those phases are what two workers cannot share.
"""

from __future__ import annotations

import contextlib
import functools
import resource
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

STARTED = time.perf_counter()
marks: list[tuple[str, float, float]] = []


def mark(name: str) -> None:
    marks.append((name, time.perf_counter() - STARTED, time.process_time()))


def timed(module: Any, name: str) -> None:
    """Mark when ``module.name`` ends."""
    function = getattr(module, name)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        mark(f"{name} done")
        return result

    setattr(module, name, wrapper)


def main() -> None:
    from compliance_check.cli import main as cli
    from compliance_check.cohort import batch, run, workbook

    mark("imported")
    timed(run, "check_batch")
    timed(batch, "summarise")
    timed(workbook, "save_workbook")
    scored: Callable[..., Iterator[Any]] = batch.score_files

    def score_files(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for count, outcome in enumerate(scored(*args, **kwargs)):
            if count == 0:
                mark("first file scored")
            yield outcome
        mark("last file scored")

    batch.score_files = score_files  # type: ignore[assignment]
    sys.argv = ["compliance-check", "batch", *sys.argv[1:]]
    with contextlib.suppress(SystemExit):
        cli()
    mark("end")
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print("\n   wall   parent CPU  phase ended", file=sys.stderr)
    for name, wall, cpu in marks:
        print(f"{wall:7.2f} s {cpu:7.2f} s   {name}", file=sys.stderr)
    print(f"workers' CPU: {workers.ru_utime + workers.ru_stime:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
