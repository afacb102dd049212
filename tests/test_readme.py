"""The README's quick start, run as a newcomer runs it: from a plain copy, in a fresh venv.

The first block (install, then `assess`) runs in full, in a pseudo-terminal, up to the first
question. The second block (install with the test extras, then `pytest`) runs in full except
that its last line collects the tests instead of running them: running the whole suite inside
one of its own tests would double CI's time. CI itself runs that block word for word
(`.ci/run` takes it from the README with tests/readme_blocks.py), so the full `pytest` is run
exactly as written once per CI run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.readme_blocks import README, as_script, quick_start_blocks

pytestmark = pytest.mark.slow

ROOT = README.parent
# Bounds a hang only: a fresh venv installs from the package index, which a loaded machine slows.
INSTALL_TIMEOUT = 1800
# What a plain clone does not have: the developer's own venv, caches and build output.
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", "venv", "__pycache__", "*.egg-info", ".*_cache", "build", "dist"
)
ASSESS, TESTS = quick_start_blocks(README.read_text())


def plain_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "compliance-check"
    shutil.copytree(ROOT, copy, ignore=NOT_IN_A_CLONE, symlinks=True)
    return copy


def newcomer_environment(home: Path) -> dict[str, str]:
    """This shell's environment without its venv: as a person who just opened a terminal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTEST"))}
    venv_bin = str(Path(sys.prefix) / "bin")
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != venv_bin)
    env.update(HOME=str(home), TERM="xterm", NO_COLOR="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("COLUMNS", None)
    # pip's cache lives under the real home: a fresh venv, not a cold download every run.
    env["PIP_CACHE_DIR"] = os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    return env


def test_the_blocks_are_the_two_commands_each_in_a_fresh_venv() -> None:
    for block, install, last in (
        (ASSESS, "pip install .", "compliance-check assess"),
        (TESTS, "pip install -e '.[test]'", "pytest"),
    ):
        lines = [line.split("#")[0].strip() for line in block.strip().splitlines()]
        assert lines == ["python3 -m venv .venv", ". .venv/bin/activate", f"{install} && {last}"]
        assert "Windows: .venv\\Scripts\\activate" in block


def test_the_first_block_installs_and_starts_the_questionnaire(tmp_path: Path) -> None:
    copy = plain_copy(tmp_path)
    (copy / "quick-start.sh").write_text(as_script(ASSESS))
    child = pexpect.spawn(
        "bash",
        ["quick-start.sh"],
        cwd=str(copy),
        env=newcomer_environment(tmp_path),
        encoding="utf-8",
        timeout=INSTALL_TIMEOUT,
        dimensions=(24, 80),
    )
    # Enter takes the offered default at each question about the assessment (date, type of
    # authority, profile...); a choice without one (checklist, role) takes the first.
    prompts = [r"\(Enter[^)]*\): ", r"Number or name[^:]*: ", "Name of the authority: "]
    while (seen := child.expect([*prompts, "Your answer: "])) != len(prompts):
        child.sendline(["", "1", "Example Borough Council"][seen])
        child.timeout = 120  # installed: from here on, only a hang is bounded
    child.sendline("q")
    child.expect(pexpect.EOF)
    # Closing a child still running its exit would hang it up (SIGHUP) and change its status.
    child.wait()
    child.close()
    assert "Resume with: compliance-check assess --resume" in child.before
    assert "Traceback" not in child.before
    assert child.exitstatus == 0
    saved = re.search(r"Saved 0 answers to (\S+)\. Resume", child.before)
    assert saved, child.before
    written = Path(saved.group(1))
    assert written.parent == copy
    assert written.name.startswith("example-borough-council-")
    assert written.is_file()


def test_the_second_block_installs_what_the_tests_need(tmp_path: Path) -> None:
    copy = plain_copy(tmp_path)
    command = "&& pytest"
    assert command in TESTS
    block = TESTS.replace(command, f"{command} --collect-only -q -p no:cacheprovider", 1)
    (copy / "quick-start.sh").write_text(as_script(block))
    ran = subprocess.run(
        ["bash", "quick-start.sh"],
        cwd=copy,
        env=newcomer_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    # Every test module imported: nothing the tests need is missing from the [test] extra.
    assert "error" not in ran.stdout.splitlines()[-1], ran.stdout[-3000:]
    assert " tests collected" in ran.stdout.splitlines()[-1]
