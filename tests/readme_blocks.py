"""The README's two quick-start blocks, for the test that runs them and for CI.

`python tests/readme_blocks.py assess` (or `tests`) prints one block as a shell script, so that
CI runs the test block exactly as the README gives it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
QUICK_START = "## Quick start"


def quick_start_blocks(text: str) -> tuple[str, str]:
    """The first two fenced blocks under the Quick start heading: to assess, to run the tests."""
    section = text.split(QUICK_START, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)
    if len(blocks) < 2:
        raise ValueError(f"{README.name}: the {QUICK_START} section needs two code blocks")
    return blocks[0], blocks[1]


def as_script(block: str) -> str:
    """A block as a bash script that stops at the first command that fails."""
    return f"set -euo pipefail\n{block}"


if __name__ == "__main__":
    which = {"assess": 0, "tests": 1}
    if len(sys.argv) != 2 or sys.argv[1] not in which:
        sys.exit(f"usage: {sys.argv[0]} assess|tests")
    print(as_script(quick_start_blocks(README.read_text())[which[sys.argv[1]]]), end="")
