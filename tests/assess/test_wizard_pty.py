"""The questionnaire in a real pseudo-terminal: killed and resumed, and stopped by Ctrl-C."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pyte
import pytest

from compliance_check.files.yamlio import read_yaml
from compliance_check.model.answers import Response, load_answers
from compliance_check.model.checklist import Checklist
from compliance_check.model.scoring import score
from compliance_check.pages.labels import ANSWER_LABEL, RAG_LABEL, format_percent, round_figure
from tests.conftest import MINI_CHECKLIST, answers_for
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
    # Closing a child still running its exit would hang it up (SIGHUP) and change its status.
    child.wait()
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


# What a person sees: the output replayed through a terminal emulator of the same size.
SIZES = [pytest.param(80, id="80x24"), pytest.param(60, id="60x24")]
ROWS = 24


def sized(arguments: list[str], cwd: Path, columns: int) -> tuple[pexpect.spawn, io.StringIO]:
    """The questionnaire in a pty of ``columns`` x 24, with everything it prints recorded."""
    child = spawn(arguments, cwd)
    child.setwinsize(ROWS, columns)
    record = io.StringIO()
    child.logfile_read = record
    return child, record


def screen(record: io.StringIO, columns: int) -> list[str]:
    """The 24 lines on screen after everything recorded so far."""
    terminal = pyte.Screen(columns, ROWS)
    pyte.Stream(terminal).feed(record.getvalue())
    return [line.rstrip() for line in terminal.display]


def visible_text(lines: list[str]) -> str:
    # A long path wraps at the edge; joined without breaks it reads as it was printed.
    return "".join(line.ljust(len(line)) for line in lines)


def one_answered(tmp_path: Path, columns: int) -> tuple[pexpect.spawn, io.StringIO]:
    """A new assessment of the mini checklist with AA-01 answered, waiting at AA-02."""
    child, record = sized([*NEW, "-c", str(MINI_CHECKLIST), "--profile", "full"], tmp_path, columns)
    type_answer(child, "y\n\n\n")
    child.expect_exact("Your answer: ")
    return child, record


@pytest.mark.parametrize("columns", SIZES)
def test_the_headline_and_the_full_path_are_the_last_lines_on_screen(
    tmp_path: Path, shipped: Checklist, columns: int
) -> None:
    items = shipped.in_profile(shipped.profile("survey-2009"))
    typed, expected = script(items)
    child, record = sized([*NEW, "--profile", "survey-2009"], tmp_path, columns)
    for block in typed:
        type_answer(child, block)
    finish(child)
    assert child.exitstatus == 0
    assessment = score(shipped, answers_for(shipped, expected, profile="survey-2009"))
    path = tmp_path / DEFAULT_NAME
    lines = screen(record, columns)
    shown = [line for line in lines if line]
    bottom = " ".join(shown[-6:])
    assert f"Overall score: {format_percent(assessment.score)}, rating" in bottom
    assert f"rating {RAG_LABEL[assessment.rag]}." in bottom
    assert f"Complete: all {len(items)} questions answered." in bottom
    assert f"Must items not met: {assessment.must_not_met}." in bottom
    assert str(path) in visible_text(shown[-4:])
    assert "What next:" in "\n".join(lines) and "compliance-check report" in "\n".join(lines)
    assert all(len(line) <= columns for line in lines)


def test_the_end_of_a_full_assessment_fits_one_80x24_screen_above_the_headline(
    tmp_path: Path, shipped: Checklist
) -> None:
    items = shipped.in_profile(shipped.profile("full"))
    typed, expected = script(items)
    child, record = sized([*NEW, "--profile", "full"], tmp_path, 80)
    for block in typed:
        type_answer(child, block)
    finish(child)
    assert child.exitstatus == 0
    assessment = score(shipped, answers_for(shipped, expected))
    musts = [item for item in assessment.gaps if item.priority.value == "must"]
    assert len(musts) > 10  # more than the screen holds: the list must be cut, and say so
    lines = screen(record, 80)
    # Everything from the first section line down is on the one screen, headline last.
    start = next(n for n, line in enumerate(lines) if line.startswith("Sections: "))
    end = [line for line in lines[start:] if line]
    headline = next(n for n, line in enumerate(end) if line.startswith("Overall score: "))
    assert end[headline : headline + 2] == [
        f"Overall score: {format_percent(assessment.score)}, rating {RAG_LABEL[assessment.rag]}.",
        f"Complete: all {len(items)} questions answered. Must items not met: {len(musts)}.",
    ]
    # The full path may wrap at the edge: joined, it is the last thing on screen.
    assert visible_text(end[headline + 2 :]) == f"Answers file: {tmp_path / DEFAULT_NAME}"
    text = " ".join(end)
    for section in assessment.sections:
        assert f"{section.section_id} {format_percent(section.score)} " in text
    assert f"Must items not met: {len(musts)} of " in text
    shown = [
        line
        for line in end
        if line.startswith("  ")
        and line[2:].split(" ")[0] in {item.requirement_id for item in musts}
    ]
    # The first must items in action order, each with its title, on one whole row.
    assert shown == [
        f"  {item.requirement_id} {item.title}: {ANSWER_LABEL[item.answer].lower()}"
        for item in musts[: len(shown)]
    ]
    assert len(shown) >= 3
    assert f"  … and {len(musts) - len(shown)} more: compliance-check score lists every gap." in end
    assert "What next:" in end and f"  compliance-check report {DEFAULT_NAME}" in end


@pytest.mark.parametrize("columns", SIZES)
def test_l_lists_what_is_left_and_g_goes_to_a_question_or_a_section(
    tmp_path: Path, columns: int
) -> None:
    child, record = one_answered(tmp_path, columns)
    child.sendline("l")
    child.expect_exact("Your answer: ")
    lines = screen(record, columns)
    text = " ".join(lines)
    assert "Answered so far, by section:" in text
    assert "AA First section: 1 of 2; open here: AA-02" in " ".join(text.split())
    # Other sections say how far they are, without their ids.
    assert any(line.strip() == "BB Second section: 0 of 2" for line in lines)
    # The question is repeated under the list, its choices whole, the prompt last.
    assert lines[-1].startswith("Your answer:")
    assert any(line.startswith("AA-02 (") for line in lines[-8:])
    assert any("[y] yes" in line for line in lines[-6:])
    child.sendline("g BB-02")
    child.expect(QUESTION)
    assert child.match.group(1) == "BB-02"
    child.expect_exact("Your answer: ")
    child.sendline("g aa")
    child.expect(QUESTION)
    assert child.match.group(1) == "AA-01"
    child.expect_exact("Your answer: ")
    child.sendline("g ZZ-99")
    child.expect_exact("There is no question or section 'ZZ-99'")
    child.expect_exact("Your answer: ")
    child.sendline("q")
    finish(child)
    assert child.exitstatus == 0

    for option, start, shown in (("--question", "BB-02", "BB-02"), ("--section", "BB", "BB-01")):
        again = ["assess", "-c", str(MINI_CHECKLIST), "--review", DEFAULT_NAME, option, start]
        child, record = sized(again, tmp_path, columns)
        child.expect(QUESTION)
        assert child.match.group(1) == shown
        child.expect_exact("Your answer: ")
        child.sendline("q")
        child.expect_exact("0 answers changed in this review.")
        finish(child)
    resume = ["assess", "-c", str(MINI_CHECKLIST), "--resume", DEFAULT_NAME, "--section", "BB"]
    child, record = sized(resume, tmp_path, columns)
    child.expect(QUESTION)
    assert child.match.group(1) == "BB-01"
    child.sendeof()  # Ctrl-D is q: saved, exit 0, with the resume line
    child.expect_exact("Resume with: compliance-check assess --resume")
    finish(child)
    assert child.exitstatus == 0


def test_l_fits_one_screen_and_marks_what_was_skipped(tmp_path: Path, shipped: Checklist) -> None:
    items = shipped.in_profile(shipped.profile("full"))
    typed, _ = script(items)
    child, record = sized([*NEW, "--profile", "full"], tmp_path, 80)
    type_answer(child, typed[0])
    child.expect_exact("Your answer: ")
    child.sendline("s")  # the second question, skipped for now
    child.expect_exact("Your answer: ")
    child.sendline("l")
    child.expect_exact("Your answer: ")
    lines = screen(record, 80)
    # The whole list, the question and its choices and the prompt: all on the 24 rows.
    assert "Answered so far, by section:" in lines
    first, second, third = items[0], items[1], items[2]
    section = shipped.section_of[first.id]
    at = next(
        n for n, line in enumerate(lines) if line.startswith(f"  {section.id} {section.title}:")
    )
    here = " ".join(lines[at : at + 2])  # the open ids may wrap onto a second row
    open_ids = [r.id for r in items if shipped.section_of[r.id] is section][1:]
    assert here.startswith(f"  {section.id} {section.title}: 1 of {len(open_ids) + 1}; open here:")
    assert f"{second.id} (skipped), {third.id}," in here
    assert f"{third.id} (skipped)" not in here
    others = [line for line in lines if line.startswith("  ") and ": " in line and " of " in line]
    assert len(others) == len(shipped.sections)
    assert [line for line in others if "open here" in line] == [lines[at]]
    assert lines[-1].startswith("Your answer:")
    assert any(line.startswith(f"{third.id} (") for line in lines[-6:])
    child.sendline("q")
    finish(child)


@pytest.mark.parametrize("columns", SIZES)
def test_an_existing_file_is_offered_as_soon_as_its_name_is_known(
    tmp_path: Path, columns: int
) -> None:
    child, _ = one_answered(tmp_path, columns)
    child.sendline("q")
    finish(child)

    # Only the name and the date are given: type, role and profile would be asked next.
    few = ["assess", "-c", str(MINI_CHECKLIST), "--authority", "Test Borough Council"]
    child, record = sized([*few, "--date", "2026-11-25"], tmp_path, columns)
    child.expect_exact("Your choice (r, v or q): ")
    text = " ".join(screen(record, columns))
    assert "already exists:" in text and "1 of 4 questions answered (profile full)." in text
    assert "Type of authority" not in text and "Your role" not in text
    child.sendline("r")
    child.expect_exact("Welcome back: 1 of 4 answered; carrying on at AA-02.")
    child.expect(QUESTION)
    assert child.match.group(1) == "AA-02"
    child.sendline("q")
    finish(child)

    child, record = sized(few, tmp_path, columns)
    child.expect_exact("Date of the assessment, YYYY-MM-DD")
    child.sendline("2026-11-25")
    child.expect_exact("Your choice (r, v or q): ")
    child.sendline("v")
    child.expect(QUESTION)
    assert child.match.group(1) == "AA-01"
    child.expect_exact("Your answer: ")
    child.sendline("n")
    child.expect(NOTE_PROMPT)
    child.sendline("")
    child.expect(r"[Ee]vidence reference \(.*?\): ")
    child.sendline("")
    child.expect_exact("Your answer: ")
    child.sendline("q")
    child.expect_exact("1 answer changed in this review.")
    finish(child)

    child, record = sized([*few, "--date", "2026-11-25"], tmp_path, columns)
    child.expect_exact("Your choice (r, v or q): ")
    child.sendline("q")
    child.expect_exact("Nothing changed:")
    finish(child)
    assert child.exitstatus == 0


@pytest.mark.parametrize("columns", SIZES)
def test_after_guidance_the_question_and_choices_are_on_screen_again(
    tmp_path: Path, shipped: Checklist, columns: int
) -> None:
    child, record = sized([*NEW, "--profile", "core"], tmp_path, columns)
    first = shipped.in_profile(shipped.profile("core"))[0]
    child.expect_exact("Your answer: ")
    child.sendline("?")
    child.expect_exact("Your answer: ")
    lines = screen(record, columns)
    assert lines[-1].startswith("Your answer:")
    tail = [line for line in lines[-8:] if line]
    assert any(line.startswith(f"{first.id} ({first.priority.value}): ") for line in tail)
    words = first.question.split()
    assert " ".join(words[:3]) in " ".join(tail)
    assert any(line.startswith("[y] yes  [p] partly  [n] no") for line in tail)
    assert any("[?] guidance" in line for line in tail)
    child.sendline("q")
    finish(child)
