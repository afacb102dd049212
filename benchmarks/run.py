"""Benchmark `compliance-check batch` against the floor of parsing the same files with libyaml.

Usage: python benchmarks/run.py --n 1000 10000 [--repeat 3] [--jobs N] [--keep FOLDER]

For each cohort size it prints, in one run:
(a) the floor: seconds for yaml.load(..., CSafeLoader) alone over the same files, one process;
(b) `compliance-check batch FOLDER -o cohort.xlsx` end to end, in a subprocess, with Python's
    compiled bytecode kept (in the cohorts' folder) as an installed package has it;
(c) the ratio b/a;
(d) the peak memory of (b): the sum over the process and its workers, sampled from /proc
    (PSS shares copy-on-write pages fairly between them; RSS counts them in each), and
    the largest single process (getrusage RUSAGE_CHILDREN ru_maxrss).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from generate import generate


def floor_seconds(files: list[Path]) -> float:
    """Parse every file with libyaml and nothing else: what no YAML tool can beat."""
    started = time.perf_counter()
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as handle:
                # The command name may hold spaces; fields after its closing bracket do not.
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(parent, []).append(int(entry))
    found, pending = [root], [root]
    while pending:
        children = parents.get(pending.pop(), [])
        found.extend(children)
        pending.extend(children)
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in kB, or zeros once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line and "-" not in line)
    except OSError:
        return 0, 0
    return int(fields["Pss"].split()[0]), int(fields["Rss"].split()[0])


@dataclass
class Peak:
    pss_kb: int = 0
    rss_kb: int = 0


def _watch(pid: int, peak: Peak, done: threading.Event) -> None:
    while not done.wait(0.05):
        tree = [_memory_kb(member) for member in _descendants(pid)]
        peak.pss_kb = max(peak.pss_kb, sum(pss for pss, _ in tree))
        peak.rss_kb = max(peak.rss_kb, sum(rss for _, rss in tree))


def batch_run(
    folder: Path, workbook: Path, jobs: int | None, watch: bool = False
) -> tuple[float, Peak]:
    """Seconds for the batch command end to end and, when watched, its peak memory.

    Watching samples /proc every 50 ms, which costs CPU: timed runs are not watched.
    """
    # Each run replaces the workbook the run before it wrote, which batch refuses without --force.
    command = [
        *(sys.executable, "-m", "compliance_check", "batch", str(folder)),
        *("-o", str(workbook), "--force"),
    ]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    # Compiled bytecode kept, as an installed package has it (pip compiles it when it installs):
    # a machine with PYTHONDONTWRITEBYTECODE set would otherwise compile every module of an
    # editable install on every run (about 0.15 s), which no user's batch pays.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(workbook.parent / "pycache")
    peak, done = Peak(), threading.Event()
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    watcher = threading.Thread(target=_watch, args=(child.pid, peak, done), daemon=True)
    if watch:
        watcher.start()
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    done.set()
    if watch:
        watcher.join()
    if child.returncode != 0:
        sys.exit(f"batch failed ({child.returncode}):\n{err.decode()}")
    if watch:
        print(f"    batch said: {out.decode().strip().splitlines()[-1]}")
    return seconds, peak


def measure(n: int, root: Path, seed: int, repeat: int, jobs: int | None) -> dict[str, float]:
    folder = root / f"cohort-{n}"
    started = time.perf_counter()
    if folder.is_dir():
        files = sorted(folder.rglob("*.yaml"))
        made = "reused"
    else:
        files = generate(folder, n, seed)
        made = f"generated in {time.perf_counter() - started:.1f} s"
    assert len(files) == n, f"{folder} holds {len(files)} files, not {n}"
    print(f"n={n} files ({made}, seed {seed}), {os.cpu_count()} CPUs, --jobs {jobs or 'default'}")
    floors, runs = [], []
    for attempt in range(1, repeat + 1):
        floors.append(floor_seconds(files))
        runs.append(batch_run(folder, root / f"cohort-{n}.xlsx", jobs)[0])
        print(
            f"    run {attempt}: floor {floors[-1]:.2f} s, batch {runs[-1]:.2f} s, "
            f"ratio {runs[-1] / floors[-1]:.2f}"
        )
    _, peak = batch_run(folder, root / f"cohort-{n}.xlsx", jobs, watch=True)
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    a, b = statistics.median(floors), statistics.median(runs)
    pss, rss = peak.pss_kb / 1024, peak.rss_kb / 1024
    print(f"(a) floor, yaml.load CSafeLoader, one process: {a:7.2f} s   (median of {repeat})")
    print(f"(b) compliance-check batch -o cohort.xlsx:     {b:7.2f} s   (median of {repeat})")
    print(f"(c) ratio b/a:                                 {b / a:7.2f}")
    print(
        f"(d) peak memory of (b), process and workers:   {pss:7.0f} MB PSS, {rss:.0f} MB RSS "
        f"summed; largest process {largest / 1024:.0f} MB"
    )
    print()
    return {"a": a, "b": b, "pss": pss, "rss": rss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="cohort sizes")
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; medians shown")
    parser.add_argument("--jobs", type=int, default=None, help="passed to batch --jobs")
    parser.add_argument(
        "--keep", type=Path, default=None, help="folder to keep (and reuse) the cohorts in"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cc-bench-") as scratch:
        root = args.keep or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        results = {n: measure(n, root, args.seed, args.repeat, args.jobs) for n in args.n}
    if len(results) > 1:
        small, large = min(results), max(results)
        growth = results[large]["pss"] / results[small]["pss"]
        print(f"peak memory (PSS) grows {growth:.2f}x from n={small} to n={large}")


if __name__ == "__main__":
    main()
