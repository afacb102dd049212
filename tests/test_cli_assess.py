"""`compliance-check assess` end to end through the CLI, with scripted input line by line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from itertools import cycle
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from compliance_check.assess.wizard import ANSWER_KEYS
from compliance_check.cli import app
from compliance_check.model.answers import Response, load_answers, save_answers
from compliance_check.model.checklist import Answer, Checklist, Requirement
from compliance_check.model.scoring import score
from compliance_check.pages.labels import format_percent, round_figure
from tests.conftest import EXAMPLE_ANSWERS, MINI_CHECKLIST, WriteAnswers, answers_for
from tests.test_corpus import CORPUS, assert_one_error_per_problem, corpus_cases

NEW = [
    "assess",
    "--checklist",
    "lga-data-handling-2008",
    "--authority",
    "Test Borough Council",
    "--authority-type",
    "district",
    "--role",
    "information_governance",
    "--date",
    "2026-11-25",
]
DEFAULT_NAME = "test-borough-council-2026-11-25.answers.yaml"
KEY_OF = {answer: key for key, answer in ANSWER_KEYS.items()}


def script(requirements: list[Requirement]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """What a user types to answer each requirement, and the responses it should produce.

    Every answer code is used; some answers get a note, some evidence, and the items that
    allow it are answered not applicable with the note it needs.
    """
    answers = cycle([Answer.YES, Answer.PARTLY, Answer.NO, Answer.DONT_KNOW])
    typed: list[str] = []
    expected: dict[str, dict[str, Any]] = {}
    for index, requirement in enumerate(requirements):
        answer = Answer.NOT_APPLICABLE if requirement.allow_not_applicable else next(answers)
        response: dict[str, Any] = {"answer": answer.value}
        note = f"Note on {requirement.id}" if answer is not Answer.YES or index % 3 else ""
        evidence = [f"{requirement.id.lower()}.pdf"] if index % 4 == 0 else []
        if note:
            response["note"] = note
        if evidence:
            response["evidence"] = evidence
        typed.append("".join(f"{line}\n" for line in [KEY_OF[answer], note, *evidence, ""]))
        expected[requirement.id] = response
    return typed, expected


def shown_ids(stdout: str) -> list[str]:
    """The requirement ids of the questions shown, in order."""
    return re.findall(r"^([A-Z]{2,5}-\d{2}) \((?:must|should)\): ", stdout, flags=re.MULTILINE)


def test_a_full_core_run_saves_a_file_that_scores_the_same(
    runner: CliRunner, shipped: Checklist, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    profile = shipped.profile("core")
    typed, expected = script(shipped.in_profile(profile))
    assert any(r["answer"] == "not_applicable" for r in expected.values())

    result = runner.invoke(app, [*NEW, "--profile", "core"], input="".join(typed))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert shown_ids(result.stdout) == list(expected)

    path = tmp_path / DEFAULT_NAME
    saved = load_answers(path, shipped)
    assert saved.responses == {rid: Response.model_validate(r) for rid, r in expected.items()}
    assert saved.profile == "core" and saved.checklist_sha256 == shipped.content_sha256
    wanted = score(shipped, answers_for(shipped, expected, profile="core"))

    scored = runner.invoke(app, ["score", DEFAULT_NAME, "--format", "json"])
    data = json.loads(scored.stdout)
    assert data["score"] == round_figure(wanted.score)
    assert data["complete"] is True and data["counts"]["items"] == len(expected)
    assert f"Overall score: {format_percent(wanted.score)}" in result.stdout
    # Without a screen to fit, every section keeps its title and every must item not met is named.
    for section in wanted.sections:
        assert f"  {section.section_id} {section.title}: {format_percent(section.score)} " in (
            result.stdout
        )
    musts = [item for item in wanted.gaps if item.priority.value == "must"]
    assert f"Must items not met: {len(musts)} of " in result.stdout
    assert all(f"  {item.requirement_id} {item.title}: " in result.stdout for item in musts)
    assert f"  compliance-check report {DEFAULT_NAME}\n" in result.stdout
    assert result.stdout.endswith(f"Answers file: {path}\n")
    wide = [
        line
        for line in result.stdout.splitlines()
        if len(line) > 80 and not line.startswith("  compliance-check ") and str(path) not in line
    ]
    assert wide == []


def test_the_start_questions_are_asked_when_no_option_gives_them(
    runner: CliRunner, mini: Checklist, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    typed = "Mini Town Council\n2026-01-31\n\nhead of it\ncore\nq\n"
    result = runner.invoke(app, ["assess", "-c", str(MINI_CHECKLIST)], input=typed)
    assert result.exit_code == 0, result.output
    assert "Your role:" in result.stdout and "Profile (which questions to ask):" in result.stdout
    path = tmp_path / "mini-town-council-2026-01-31.answers.yaml"
    assert f"to:\n  {path}\n" in result.stdout
    saved = load_answers(path, mini)
    assert saved.authority == "Mini Town Council" and saved.authority_type is None
    assert saved.respondent.role == "head_of_it" and saved.profile == "core"
    assert saved.responses == {}
    resume = f"Saved 0 answers to {path}. Resume with: compliance-check assess --resume"
    assert resume in result.stdout


def test_an_existing_answers_file_is_never_overwritten(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    precious = tmp_path / DEFAULT_NAME
    precious.write_text("my answers")
    for extra in ([], ["-o", DEFAULT_NAME]):
        result = runner.invoke(app, [*NEW, "--profile", "core", *extra], input="y\n")
        assert result.exit_code == 3, result.output
        assert result.stderr == (
            f"error: {DEFAULT_NAME}: already exists and cannot be carried on (holds a single "
            "value at the top; expected a mapping (key: value lines)); choose another name with "
            "--output, or start again over it with --force\n"
        )
        assert precious.read_text() == "my answers"


def test_force_starts_again_over_an_existing_file(
    runner: CliRunner, shipped: Checklist, tmp_path: Path
) -> None:
    path = tmp_path / "council.answers.yaml"
    path.write_text("old")
    args = [*NEW, "--profile", "survey-2009", "-o", str(path), "--force"]
    result = runner.invoke(app, args, input="y\n\n\nq\n")
    assert result.exit_code == 0, result.output
    saved = load_answers(path, shipped)
    first = shipped.in_profile(shipped.profile("survey-2009"))[0]
    assert saved.responses == {first.id: Response(answer=Answer.YES)}


def corrupt_cases() -> list[str]:
    return [case for case in corpus_cases() if (CORPUS / case).is_file()]


@pytest.mark.parametrize("case", corrupt_cases())
def test_resume_refuses_a_corrupt_file_and_leaves_it_alone(
    runner: CliRunner, tmp_path: Path, case: str
) -> None:
    path = tmp_path / "corrupt.answers.yaml"
    path.write_bytes((CORPUS / case).read_bytes())
    for option in ("--resume", "--review"):
        result = runner.invoke(app, ["assess", option, str(path)], input="y\n\n\n")
        assert result.exit_code == 3, result.output
        assert result.stdout == ""
        assert_one_error_per_problem(result.stderr, path)
        assert path.read_bytes() == (CORPUS / case).read_bytes()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("checklist_version", "'0.9'", "version 0.9 is not shipped with this release"),
        ("checklist", "another-list", "checklist 'another-list' is not shipped"),
        ("checklist_sha256", f"'{'0' * 64}'", "was answered against different content"),
    ],
)
def test_resume_refuses_answers_to_another_checklist(
    runner: CliRunner,
    shipped: Checklist,
    write_answers: WriteAnswers,
    field: str,
    value: str,
    message: str,
) -> None:
    path = write_answers(shipped, {"GOV-04": "yes"}, checklist_sha256=shipped.content_sha256)
    text = re.sub(f"^{field}: .*$", f"{field}: {value}", path.read_text(), flags=re.MULTILINE)
    path.write_text(text)
    for option in ("--resume", "--review"):
        result = runner.invoke(app, ["assess", option, str(path)], input="y\n\n\n")
        assert result.exit_code == 3 and result.stdout == ""
        assert message in result.stderr and result.stderr.count("\n") == 1
        assert path.read_text() == text


def test_resume_carries_on_at_the_first_unanswered_question_and_finishes(
    runner: CliRunner, shipped: Checklist, write_answers: WriteAnswers
) -> None:
    items = shipped.in_profile(shipped.profile("core"))
    typed, expected = script(items)
    half = len(items) // 2
    given = {r.id: expected[r.id] for r in items[:half]}
    path = write_answers(shipped, given, profile="core")
    result = runner.invoke(app, ["assess", "--resume", str(path)], input="".join(typed[half:]))
    assert result.exit_code == 0, result.output
    assert shown_ids(result.stdout) == [r.id for r in items[half:]]
    saved = load_answers(path, shipped)
    assert saved.responses == {rid: Response.model_validate(r) for rid, r in expected.items()}
    scored = json.loads(runner.invoke(app, ["score", str(path), "--format", "json"]).stdout)
    assert f"Overall score: {format_percent(scored['score'])}" in result.stdout


def test_resume_with_a_larger_profile_asks_the_questions_it_adds(
    runner: CliRunner, shipped: Checklist, write_answers: WriteAnswers
) -> None:
    core = shipped.in_profile(shipped.profile("core"))
    path = write_answers(shipped, {r.id: "yes" for r in core}, profile="core")
    result = runner.invoke(
        app, ["assess", "--resume", str(path), "--profile", "full"], input="n\n\n\nq\n"
    )
    assert result.exit_code == 0, result.output
    added = next(r for r in shipped.in_profile(shipped.profile("full")) if r not in core)
    saved = load_answers(path, shipped)
    assert saved.profile == "full"
    assert saved.responses[added.id] == Response(answer=Answer.NO)
    assert len(saved.responses) == len(core) + 1


def test_review_changes_an_earlier_answer(
    runner: CliRunner, mini: Checklist, write_answers: WriteAnswers
) -> None:
    path = write_answers(mini, {rid: {"answer": "yes", "note": "ok"} for rid in mini.requirements})
    typed = "\nn\n-\n\n\n\n\n"
    result = runner.invoke(
        app, ["assess", "--review", str(path), "-c", str(MINI_CHECKLIST)], input=typed
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Current answer: Yes (ok). Enter keeps it.") == 4
    saved = load_answers(path, mini)
    assert saved.responses["AA-02"] == Response(answer=Answer.NO)
    assert saved.responses["BB-02"] == Response(answer=Answer.YES, note="ok")


def test_input_that_ends_early_keeps_the_answers_and_says_how_to_resume(
    runner: CliRunner, tmp_path: Path, mini: Checklist
) -> None:
    path = tmp_path / "short.answers.yaml"
    args = [*NEW, "-c", str(MINI_CHECKLIST), "--profile", "full", "-o", str(path)]
    result = runner.invoke(app, args, input="y\n\n\np\nhalf\n")
    assert result.exit_code == 3
    assert result.stderr == (
        f"\nThe input ended before the questionnaire did. Saved 2 answers to {path}. "
        f"Resume with: compliance-check assess --resume {path}\n"
    )
    saved = load_answers(path, mini)
    assert saved.responses == {
        "AA-01": Response(answer=Answer.YES),
        "AA-02": Response(answer=Answer.PARTLY, note="half"),
    }


def test_no_input_refuses_before_anything_is_written(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*NEW, "--no-input"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "--no-input" in result.stderr and "template" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--resume", "a.yaml", "--review", "a.yaml"], "--review:"),
        (["--resume", "a.yaml", "--authority", "X"], "--authority:"),
        (["--review", "a.yaml", "--force"], "--force:"),
        (["--resume", "a.yaml", "-o", "b.yaml"], "--output:"),
    ],
)
def test_options_that_contradict_each_other_are_usage_errors(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], named: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["assess", *args])
    assert result.exit_code == 2 and result.stdout == ""
    assert named in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["assess", "template"])
def test_help_has_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and f"compliance-check {command}" in result.stdout


def test_report_is_written_at_the_end_and_matches_score(
    runner: CliRunner, shipped: Checklist, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    typed, _ = script(shipped.in_profile(shipped.profile("survey-2009")))
    args = [*NEW, "--profile", "survey-2009", "--report", "gap.xlsx"]
    result = runner.invoke(app, args, input="".join(typed))
    assert result.exit_code == 0, result.output
    data = json.loads(runner.invoke(app, ["score", DEFAULT_NAME, "--format", "json"]).stdout)
    assert f"Wrote gap.xlsx: overall score {data['score']:.1f}%" in result.stderr
    summary = load_workbook(tmp_path / "gap.xlsx")["Summary"]
    # The headline figures stand in columns C (label) and G (value), percentages as fractions.
    figures = {row[2]: row[6] for row in summary.iter_rows(values_only=True) if row[2]}
    assert figures["Overall score"] == round(data["score"] / 100, 4)


def test_report_is_checked_before_the_first_question_and_skipped_on_quit(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kept.xlsx").write_bytes(b"a plan typed in by hand")
    refused = runner.invoke(app, [*NEW, "--report", "kept.xlsx"], input="")
    assert refused.exit_code == 3 and "already exists" in refused.stderr
    assert not (tmp_path / DEFAULT_NAME).exists()
    assert (tmp_path / "kept.xlsx").read_bytes() == b"a plan typed in by hand"

    quit_early = runner.invoke(
        app, [*NEW, "--profile", "core", "--report", "new.xlsx"], input="y\n\n\nq\n"
    )
    assert quit_early.exit_code == 0, quit_early.output
    assert "was not written: the questionnaire is not finished" in quit_early.stderr
    assert not (tmp_path / "new.xlsx").exists()


def test_a_blank_authority_option_is_asked_for_again(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["assess", "-c", "lga-data-handling-2008", "--authority", "   ", "--role", "it_staff"]
    args += ["--date", "2026-11-25"]
    result = runner.invoke(app, args, input="\n")
    assert "The authority's name is needed" in result.stdout
    assert result.exit_code == 3 and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("locale", [{"LC_ALL": "C.UTF-8"}, {"LC_ALL": "C", "PYTHONUTF8": "0"}])
def test_a_byte_that_is_not_utf8_in_a_note_is_asked_again_not_lost(
    tmp_path: Path, locale: dict[str, str]
) -> None:
    answers = tmp_path / "c.answers.yaml"
    answers.write_bytes(EXAMPLE_ANSWERS.read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "compliance_check", "assess", "--resume", str(answers)],
        input=b"n\n\xff bad \xfe\nfine note\n\nq\n",
        capture_output=True,
        env={**os.environ, **locale},
        timeout=60,
    )
    assert b"Traceback" not in done.stderr
    assert b"not UTF-8 text; please type it again" in done.stdout
    saved = load_answers(answers)
    assert saved.responses["GOV-01"].note == "fine note"


def test_a_folder_that_takes_no_file_is_refused_before_the_first_question(
    runner: CliRunner, mini: Checklist, unprivileged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = unprivileged / "shared"
    folder.mkdir()
    resumed = folder / "resumed.answers.yaml"
    save_answers(resumed, answers_for(mini, {}))
    before = resumed.read_bytes()
    folder.chmod(0o555)
    new = [*NEW, "--profile", "core", "-c", str(MINI_CHECKLIST)]
    for where, args in (
        (unprivileged, [*new, "-o", str(folder / "c.answers.yaml")]),
        (folder, new),
        (unprivileged, ["assess", "--resume", str(resumed), "-c", str(MINI_CHECKLIST)]),
    ):
        monkeypatch.chdir(where)
        result = runner.invoke(app, args, input="y\n\n\nq\n")
        assert result.exit_code == 3, result.output
        assert "Your answer" not in result.stdout
        assert result.stderr.count("\n") == 1
        assert "cannot write into folder" in result.stderr and "denied" in result.stderr
    assert [path.name for path in folder.iterdir()] == [resumed.name]
    assert resumed.read_bytes() == before


@pytest.mark.parametrize("option", ["--resume", "--review"])
def test_a_read_only_answers_file_is_refused_not_replaced(
    runner: CliRunner, mini: Checklist, write_answers: WriteAnswers, option: str
) -> None:
    path = write_answers(mini, {})
    before = path.read_bytes()
    path.chmod(0o444)
    result = runner.invoke(app, ["assess", option, str(path), "-c", str(MINI_CHECKLIST)])
    assert result.exit_code == 3 and "Your answer" not in result.stdout
    assert result.stderr == (
        f"error: {path}: is read-only, so it is not replaced; make it writable first if it "
        "should be\n"
    )
    assert path.read_bytes() == before and oct(path.stat().st_mode & 0o777) == "0o444"


def test_an_answers_file_reached_through_a_link_is_refused(
    runner: CliRunner, mini: Checklist, write_answers: WriteAnswers, tmp_path: Path
) -> None:
    real = write_answers(mini, {})
    link = tmp_path / "link.answers.yaml"
    link.symlink_to(real)
    result = runner.invoke(app, ["assess", "--resume", str(link), "-c", str(MINI_CHECKLIST)])
    assert result.exit_code == 3 and "never written through" in result.stderr
    assert link.is_symlink()


def test_assess_asks_which_checklist_saying_what_each_is_for(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    asked = [arg for arg in NEW if arg not in ("--checklist", "lga-data-handling-2008")]
    result = runner.invoke(app, asked, input="uk-council-data-duties\n\nq\n")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Which checklist?")
    offered = lines[1:3]
    assert [line.split(":")[0].split()[-1] for line in offered] == [
        "lga-data-handling-2008",
        "uk-council-data-duties",
    ]
    assert "2009 survey" in offered[0] and "today's duties" in offered[1]
    assert all(len(line) <= 80 for line in offered)
    saved = next(tmp_path.glob("*.answers.yaml")).read_text()
    assert "checklist: uk-council-data-duties" in saved


@pytest.mark.parametrize("given", [["--version", "1.0"], ["-c", "uk-council-data-duties"]])
def test_the_command_line_can_say_which_checklist(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    asked = [arg for arg in NEW if arg not in ("--checklist", "lga-data-handling-2008")]
    result = runner.invoke(app, [*asked, *given], input="\nq\n")
    assert result.exit_code == 0, result.output
    assert "Which checklist?" not in result.stdout


def finished_2008_assessment(shipped: Checklist, path: Path) -> Path:
    every = {rid: {"answer": "yes"} for rid in shipped.requirements}
    save_answers(
        path,
        answers_for(shipped, every, authority="Test Borough Council", assessed_on="2026-11-25"),
    )
    return path


DUTIES = [
    "assess",
    "--checklist",
    "uk-council-data-duties",
    *NEW[3:],
    "--profile",
    "full",
]


@pytest.mark.parametrize(
    ("options", "taken_by"),
    [
        (DUTIES, "lga-data-handling-2008"),
        (["assess", *NEW[3:], "--version", "1.0", "--profile", "full"], "lga-data-handling-2008"),
    ],
    ids=["another checklist", "another version"],
)
def test_a_finished_assessment_of_another_checklist_that_day_gets_a_name_of_its_own(
    runner: CliRunner,
    shipped: Checklist,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
    taken_by: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    finished = finished_2008_assessment(shipped, tmp_path / DEFAULT_NAME)
    before = finished.read_bytes()
    result = runner.invoke(app, options, input="q\n")
    assert result.exit_code == 0, result.output
    assert f"{DEFAULT_NAME} holds the answers to {taken_by}" in " ".join(result.stdout.split())
    assert "--force" not in result.output
    assert finished.read_bytes() == before
    [own] = [path for path in tmp_path.glob("*.answers.yaml") if path.name != DEFAULT_NAME]
    assert own.name.startswith("test-borough-council-2026-11-25.")
    assert (load_answers(own).checklist, load_answers(own).checklist_version) != (
        shipped.id,
        shipped.version,
    )


def test_an_output_holding_another_checklist_s_answers_is_refused_without_proposing_force(
    runner: CliRunner, shipped: Checklist, tmp_path: Path
) -> None:
    finished = finished_2008_assessment(shipped, tmp_path / "ours.answers.yaml")
    before = finished.read_bytes()
    result = runner.invoke(app, [*DUTIES, "-o", str(finished)], input="q\n")
    assert result.exit_code == 3
    assert result.stderr == (
        f"error: {finished}: holds the answers to lga-data-handling-2008 "
        f"{shipped.version}, not to uk-council-data-duties 1.1, and is left as it is; choose "
        "another name with --output\n"
    )
    assert finished.read_bytes() == before
