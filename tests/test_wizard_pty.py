"""The questionnaire in a real pseudo-terminal: killed and resumed, and stopped by Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from compliance_check.answers import Response, load_answers
from compliance_check.checklist import Checklist
from compliance_check.reports.labels import format_percent, round_figure
from compliance_check.scoring import score
from compliance_check.yamlio import read_yaml
from tests.conftest import answers_for
from tests.test_cli_assess import DEFAULT_NAME, NEW, script

pytestmark = pytest.mark.slow

# Rich still marks prompts bold under NO_COLOR; a figure may sit inside such codes.
STYLE = r"(?:\x1b\[[0-9;]*m)*"
QUESTION = r"([A-Z]{2,5}-\d{2}) \((?:must|should)\): "
NOTE_PROMPT = (
    r"(?:Note|What is missing\?|What would you need to find out\?|Why does it not apply\?) "
    r"\(.*?\): "
)


def spawn(arguments: list[str], cwd: Path) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    # The timeout only stops a hung test; nothing here measures speed.
    child = pexpect.spawn(
        sys.executable,
        ["-m", "compliance_check", *arguments],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=120,
        dimensions=(24, 80),
    )
    # Each line is typed at its prompt, so pexpect's pause before every send is not needed.
    child.delaybeforesend = None
    return child


def type_answer(child: pexpect.spawn, block: str) -> None:
    """Type one answer, its note and evidence lines, each at its own prompt."""
    answer, note, *evidence = block.splitlines()
    child.expect_exact("Your answer: ")
    child.sendline(answer)
    child.expect(NOTE_PROMPT)
    child.sendline(note)
    for line in evidence:
        child.expect(r"[Ee]vidence reference \(.*?\): ")
        child.sendline(line)


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    output: str = child.before
    assert "Traceback" not in output
    return output


def test_a_killed_run_loses_no_confirmed_answer_and_resumes(
    tmp_path: Path, shipped: Checklist
) -> None:
    items = shipped.in_profile(shipped.profile("core"))
    typed, expected = script(items)
    half = len(items) // 2
    path = tmp_path / DEFAULT_NAME

    child = spawn([*NEW, "--profile", "core"], tmp_path)
    for block in typed[:half]:
        type_answer(child, block)
    # The next question is on screen, so every answer before it is confirmed.
    child.expect(QUESTION)
    assert child.match.group(1) == items[half].id
    child.expect_exact("Your answer: ")
    child.send("p")  # being typed, not confirmed: this one may be lost
    child.kill(signal.SIGKILL)
    child.close(force=True)
    assert child.signalstatus == signal.SIGKILL

    assert read_yaml(path).data["responses"]  # valid YAML, as every version of it is
    given = {rid: Response.model_validate(r) for rid, r in list(expected.items())[:half]}
    assert load_answers(path, shipped).responses == given
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]

    child = spawn(["assess", "--resume", DEFAULT_NAME], tmp_path)
    child.expect(QUESTION)
    assert child.match.group(1) == items[half].id
    for block in typed[half:]:
        type_answer(child, block)
    child.expect(rf"Overall score: {STYLE}([0-9.]+)%")
    shown = child.match.group(1)
    finish(child)
    assert child.exitstatus == 0

    wanted = score(shipped, answers_for(shipped, expected, profile="core"))
    everything = {rid: Response.model_validate(r) for rid, r in expected.items()}
    assert load_answers(path, shipped).responses == everything
    scored = subprocess.run(
        [sys.executable, "-m", "compliance_check", "score", DEFAULT_NAME, "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(scored.stdout)["score"] == round_figure(wanted.score)
    assert f"{shown}%" == format_percent(wanted.score)


@pytest.mark.parametrize("at_note", [False, True], ids=["at-a-question", "at-a-note"])
def test_ctrl_c_says_what_was_saved_and_exits_130(
    tmp_path: Path, shipped: Checklist, at_note: bool
) -> None:
    items = shipped.in_profile(shipped.profile("survey-2009"))
    typed, expected = script(items)
    child = spawn([*NEW, "--profile", "survey-2009"], tmp_path)
    for block in typed[:2]:
        type_answer(child, block)
    child.expect_exact("Your answer: ")
    if at_note:
        child.sendline("n")
        child.expect_exact("What is missing? (optional; Enter to skip): ")
        child.send("half a no")
    child.sendintr()
    count = 3 if at_note else 2
    path = tmp_path / DEFAULT_NAME
    child.expect_exact(
        f"Saved {count} answers to {path}. Resume with: compliance-check assess --resume {path}"
    )
    finish(child)
    assert child.exitstatus == 130 and child.signalstatus is None
    saved = load_answers(tmp_path / DEFAULT_NAME, shipped).responses
    assert list(saved) == [r.id for r in items[:count]]
    assert [saved[r.id] for r in items[:2]] == [
        Response.model_validate(expected[r.id]) for r in items[:2]
    ]
