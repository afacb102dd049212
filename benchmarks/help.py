"""Benchmark `compliance-check --help` against a three-command Typer app, in the same run.

Usage: python benchmarks/help.py [--runs 20]

Both are started as fresh Python processes, alternately, so that the machine's load falls on
both alike; it prints the median and fastest wall-clock time of each and the ratio of medians
(goal: at most 1.2).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

THREE_COMMANDS = '''
import typer

app = typer.Typer()


@app.command()
def one(name: str) -> None:
    """First."""


@app.command()
def two(count: int = 1) -> None:
    """Second."""


@app.command()
def three(flag: bool = False) -> None:
    """Third."""


app()
'''


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    environment = {**os.environ, "COLUMNS": "80"}
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=environment)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="Runs of each (default 20).")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        baseline = Path(folder) / "three.py"
        baseline.write_text(THREE_COMMANDS)
        commands = {
            "three-command Typer app --help": [sys.executable, str(baseline), "--help"],
            "compliance-check --help": [sys.executable, "-m", "compliance_check", "--help"],
        }
        for command in commands.values():  # warm the page cache and the bytecode
            seconds(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(seconds(command))
    for name, measured in times.items():
        print(
            f"{name:32} median {statistics.median(measured):.3f} s, "
            f"fastest {min(measured):.3f} s ({runs} runs)"
        )
    ours, theirs = (statistics.median(times[name]) for name in reversed(list(commands)))
    print(f"ratio compliance-check / Typer app: {ours / theirs:.2f} (goal: at most 1.2)")


if __name__ == "__main__":
    main()
