"""The command line: exit codes, both output streams, help with examples, JSON output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from compliance_check import __version__
from compliance_check.cli import app
from compliance_check.files.yamlio import read_yaml
from compliance_check.model.checklist import Checklist, Priority, shipped_checklist_paths
from tests.conftest import EXAMPLE_ANSWERS, MINI_CHECKLIST, WriteAnswers, every


def test_no_arguments_shows_the_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert "Usage" in result.output and "score" in result.output
    assert result.exit_code == 2


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"compliance-check {__version__}\n"


@pytest.mark.parametrize(
    "command",
    [
        ["score"],
        ["assess"],
        ["template"],
        ["import"],
        ["report"],
        ["compare"],
        ["schema"],
        ["checklist", "show"],
        ["checklist", "validate"],
    ],
)
def test_every_command_help_has_an_example(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "compliance-check" in result.stdout


def test_score_table_shows_score_gap_sections_and_top_gaps(runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", str(EXAMPLE_ANSWERS)])
    assert result.exit_code == 0, result.output
    assert "Example Borough Council" in result.stdout
    assert "Overall score:" in result.stdout and "Gap to 100%:" in result.stdout
    assert "Incomplete:" in result.stdout
    assert "GOV Governance" in result.stdout.replace("\n", " ") or "GOV " in result.stdout
    assert "gaps, in action order" in result.stdout
    assert result.stderr == ""


def test_score_json_has_every_figure(runner: CliRunner, shipped_1_0: Checklist) -> None:
    result = runner.invoke(app, ["score", str(EXAMPLE_ANSWERS), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # The example answers 1.0, and is scored against 1.0's weights.
    assert data["checklist"]["version"] == "1.0"
    # GOV-04 yes (weight w1), INC-01 partly: earned is yes + half of INC-01's weight.
    weights = {rid: shipped_1_0.weight_of(req) for rid, req in shipped_1_0.requirements.items()}
    assert data["possible"] == sum(weights.values())
    assert data["earned"] == weights["GOV-04"] + weights["INC-01"] / 2
    assert data["score"] == round(100 * data["earned"] / data["possible"], 2)
    assert data["gap"] == round(100 - 100 * data["earned"] / data["possible"], 2)
    assert data["counts"]["yes"] == 1 and data["counts"]["dont_know"] == 1
    assert data["counts"]["assurance_gaps"] == 1 and data["counts"]["compliance_gaps"] == 2
    assert data["counts"]["unanswered"] == len(shipped_1_0.requirements) - 4
    assert data["complete"] is False and data["compliant"] is False
    assert len(data["items"]) == len(shipped_1_0.requirements)
    assert [s["id"] for s in data["sections"]] == [s.id for s in shipped_1_0.sections]
    assert data["checklist"]["sha256"] == shipped_1_0.content_sha256


def test_fail_under_exits_1_below_and_0_at_or_above(
    runner: CliRunner, write_answers: WriteAnswers, shipped: Checklist
) -> None:
    path = write_answers(shipped, every(shipped, "yes"))
    assert runner.invoke(app, ["score", str(path), "--fail-under", "100"]).exit_code == 0
    low = runner.invoke(app, ["score", str(EXAMPLE_ANSWERS), "--fail-under", "80"])
    assert low.exit_code == 1
    assert "below --fail-under 80%" in low.stderr


def test_score_with_another_checklist_and_profile(
    runner: CliRunner, write_answers: WriteAnswers, mini: Checklist
) -> None:
    path = write_answers(mini, {"AA-01": "yes", "BB-02": "no", "AA-02": "no"})
    args = ["score", str(path), "--checklist", str(MINI_CHECKLIST), "--format", "json"]
    full = json.loads(runner.invoke(app, args).stdout)
    core = json.loads(runner.invoke(app, [*args, "--profile", "core"]).stdout)
    assert full["profile"]["id"] == "full" and full["score"] == 25
    assert core["profile"]["id"] == "core" and core["score"] == 50


def test_unknown_profile_is_a_one_line_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", str(EXAMPLE_ANSWERS), "--profile", "cor"])
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert "unknown profile 'cor' (did you mean 'core'?)" in result.stderr


def test_invalid_answers_give_one_line_with_file_and_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "bad.answers.yaml"
    path.write_text(EXAMPLE_ANSWERS.read_text().replace("GOV-05:", "GOV-5:"))
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.startswith(f"error: {path}:10:3: unknown requirement id 'GOV-5'")
    assert result.stderr.count("\n") == 1


def test_a_missing_file_is_exit_3(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 3 and "does not exist" in result.stderr


def test_usage_errors_stay_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(app, ["score"]).exit_code == 2
    assert runner.invoke(app, ["score", "x.yaml", "--format", "xml"]).exit_code == 2


def test_checklist_show_lists_sections_and_requirements(runner: CliRunner) -> None:
    result = runner.invoke(app, ["checklist", "show"], env={"COLUMNS": "400"})
    assert result.exit_code == 0
    assert "v1.2 — 61 requirements" in result.stdout
    assert "GOV-04" in result.stdout and "PUB-03" in result.stdout
    assert "[2009: 45% no or don't know: at most 55% yes; of respondents, not councils" in (
        result.stdout
    )
    assert "44% regularly send sensitive data by post or courier" in result.stdout
    assert "(not comparable one to one)" in result.stdout


def test_checklist_show_names_the_basis_of_every_must_item(
    runner: CliRunner, shipped_1_1: Checklist
) -> None:
    result = runner.invoke(app, ["checklist", "show", "--version", "1.1"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for requirement in shipped_1_1.requirements.values():
        [at] = [i for i, line in enumerate(lines) if f" {requirement.id} " in line]
        basis = re.sub(r"^[\s│├└─]+", "", lines[at + 1])
        if requirement.priority is Priority.MUST:
            assert basis.startswith(("law today: ", "required where connected: ")), basis
            assert " ".join((requirement.basis or "").split()) in basis


def test_checklist_show_and_validate_work_on_both_versions(runner: CliRunner) -> None:
    old = runner.invoke(app, ["checklist", "show", "--version", "1.0"], env={"COLUMNS": "400"})
    assert old.exit_code == 0 and "v1.0 — 58 requirements" in old.stdout.replace("\n", " ")
    missing = runner.invoke(app, ["checklist", "show", "--version", "0.9"])
    assert missing.exit_code == 3 and "shipped: 1.0, 1.1" in missing.stderr
    both = runner.invoke(app, ["checklist", "validate"])
    assert both.exit_code == 0
    assert "v1.0 (format 1.0)" in both.stdout and "v1.1 (format 1.1)" in both.stdout


def test_checklist_show_a_profile(runner: CliRunner, shipped: Checklist) -> None:
    result = runner.invoke(app, ["checklist", "show", "--profile", "survey-2009"])
    assert result.exit_code == 0
    listed = [rid for rid in shipped.requirements if f"{rid} " in result.stdout]
    assert listed == [r.id for r in shipped.requirements.values() if r.baseline is not None]


def test_checklist_validate_passes_on_the_shipped_checklists(runner: CliRunner) -> None:
    for path in shipped_checklist_paths():
        result = runner.invoke(app, ["checklist", "validate", str(path)])
        assert result.exit_code == 0 and "valid" in result.stdout


def test_checklist_validate_names_a_duplicated_id(runner: CliRunner, tmp_path: Path) -> None:
    path = shipped_checklist_paths()[0]
    copy = tmp_path / "dup.yaml"
    copy.write_text(path.read_text(encoding="utf-8").replace("id: GOV-02", "id: GOV-01", 1))
    result = runner.invoke(app, ["checklist", "validate", str(copy)])
    assert result.exit_code == 3
    assert "'GOV-01' is used twice" in result.stderr
    assert result.stderr.count("\n") == 1


def test_schema_answers_validates_the_readme_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema", "answers"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    example = json.loads(json.dumps(read_yaml(EXAMPLE_ANSWERS).data, default=str))
    jsonschema.validate(example, schema)
    example["responses"]["GOV-04"]["answer"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(example, schema)


def test_schema_checklist_validates_the_shipped_checklist(runner: CliRunner) -> None:
    schema = json.loads(runner.invoke(app, ["schema", "checklist"]).stdout)
    for path in shipped_checklist_paths():
        jsonschema.validate(json.loads(json.dumps(read_yaml(path).data, default=str)), schema)


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "compliance_check", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stdout == f"compliance-check {__version__}\n"


def readme_answers_example() -> str:
    """The example answers file exactly as the reference (docs/files.md) shows it."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "files.md").read_text(encoding="utf-8")
    section = page[page.index("## Answers files") :]
    start = section.index("```yaml\n") + len("```yaml\n")
    return section[start : section.index("\n```", start)]


def test_the_readme_example_validates_against_the_schema_and_scores(
    runner: CliRunner, tmp_path: Path
) -> None:
    schema = json.loads(runner.invoke(app, ["schema", "answers"]).stdout)
    path = tmp_path / "readme.answers.yaml"
    path.write_text(readme_answers_example(), encoding="utf-8")
    jsonschema.validate(json.loads(json.dumps(read_yaml(path).data, default=str)), schema)
    result = runner.invoke(app, ["score", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["authority"] == "Example Borough Council"


def test_answers_outside_the_profile_are_not_scored_and_a_warning_says_so(
    runner: CliRunner, write_answers: WriteAnswers, shipped: Checklist
) -> None:
    path = write_answers(shipped, {"GOV-01": "yes", "GOV-04": "yes"}, profile="survey-2009")
    result = runner.invoke(app, ["score", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["counts"]["yes"] == 1
    assert "1 answered item(s) (GOV-01) are not in profile survey-2009" in result.stderr
    assert "--profile full scores them" in result.stderr


def test_an_unquoted_version_number_is_read_as_written(runner: CliRunner, tmp_path: Path) -> None:
    # YAML reads 1.0 as a number (and 1.10 as 1.1); the version is text, so it is taken as typed.
    path = tmp_path / "v.answers.yaml"
    path.write_text(EXAMPLE_ANSWERS.read_text().replace('"1.0"', "1.0"))
    result = runner.invoke(app, ["score", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["checklist"]["version"] == "1.0"


@pytest.mark.parametrize("size", ["inf", "nan", "1e308", "30000", "0", "-1"])
def test_the_file_size_limit_is_bounded(runner: CliRunner, size: str) -> None:
    result = runner.invoke(app, ["score", str(EXAMPLE_ANSWERS), "--max-file-size", size])
    assert result.exit_code == 2
    assert "give a size in MB from 0.001 to 100" in result.stderr


@pytest.mark.parametrize("key", ['"\ufeffauthority"', "auth\u200bority", '"authority\\r"'])
def test_an_unknown_key_shows_its_invisible_character(
    runner: CliRunner, tmp_path: Path, key: str
) -> None:
    path = tmp_path / "a.answers.yaml"
    path.write_text(EXAMPLE_ANSWERS.read_text().replace("authority:", f"{key}:", 1))
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 3
    assert "unknown key 'authority'" not in result.stderr
    assert any(escape in result.stderr for escape in ("\\ufeff", "\\u200b", "\\r"))
    assert result.stderr.count("\n") == 1


def test_a_file_name_with_escapes_and_a_newline_stays_one_visible_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "evil\x1b[31m\nname.yaml"
    path.write_text("")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 3
    assert "\x1b" not in result.stderr and "evil\\e[31m\\nname.yaml:1:1: is empty" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("command", [["score"], ["report", "-o", "x.xlsx"], ["assess", "--resume"]])
def test_a_folder_given_as_answers_is_one_line_and_exit_3(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    args = (
        [*command, str(tmp_path)]
        if command[0] != "report"
        else [
            "report",
            str(tmp_path),
            "-o",
            str(tmp_path / "x.xlsx"),
        ]
    )
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output
    assert result.stderr == f"error: {tmp_path}: is a folder, not a file\n"


def test_assess_with_standard_input_closed_says_so_before_asking(tmp_path: Path) -> None:
    answers = tmp_path / "c.answers.yaml"
    answers.write_bytes(EXAMPLE_ANSWERS.read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "compliance_check", "assess", "--resume", str(answers)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        preexec_fn=lambda: __import__("os").close(0),
        timeout=60,
    )
    assert done.returncode == 3
    assert "standard input is closed" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
    assert answers.read_bytes() == EXAMPLE_ANSWERS.read_bytes()


def test_schema_answers_checks_the_shape_of_an_authority_code(runner: CliRunner) -> None:
    schema = json.loads(runner.invoke(app, ["schema", "answers"]).stdout)
    example = json.loads(json.dumps(read_yaml(EXAMPLE_ANSWERS).data, default=str))
    jsonschema.validate({**example, "authority_code": "W06000001"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**example, "authority_code": "Kent"}, schema)
