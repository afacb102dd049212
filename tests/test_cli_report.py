"""`compliance-check report`: the gap report workbook from the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.model.checklist import Answer, Checklist
from tests.conftest import EXAMPLE_ANSWERS, MINI_CHECKLIST, WriteAnswers, every
from tests.gap_report.test_workbook import facts, read_both, records, table_after

RAG_WORD = {"green": "GREEN", "amber": "AMBER", "red": "RED", "not scored": "NOT SCORED"}


def mixed_responses(checklist: Checklist) -> dict[str, Any]:
    """All five answers, plus unanswered items; not applicable only where allowed, with a note."""
    cycle = ["yes", "partly", "no", "dont_know", None]
    responses: dict[str, Any] = {}
    for index, (rid, requirement) in enumerate(checklist.requirements.items()):
        if requirement.allow_not_applicable:
            responses[rid] = {"answer": "not_applicable", "note": "We never joined GCSx or PSN"}
        elif (answer := cycle[index % len(cycle)]) is not None:
            responses[rid] = {"answer": answer, "note": f"=note on {rid}"}
    return responses


def score_json(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["score", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def report(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, ["report", *args])


def test_help_has_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "compliance-check report" in result.stdout


def test_summary_figures_equal_score_json(
    runner: CliRunner, shipped: Checklist, write_answers: WriteAnswers, tmp_path: Path
) -> None:
    answers = write_answers(shipped, mixed_responses(shipped))
    output = tmp_path / "gap-report.xlsx"
    result = report(runner, str(answers), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = score_json(runner, str(answers))
    assert {answer.value for answer in Answer} <= {k for k, v in data["counts"].items() if v}
    assert data["counts"]["unanswered"] > 0
    # The JSON rounds to 2 places and the message to 1: compare the message's figures within
    # rounding, so that 39.5522 (39.55 in JSON, 39.6 in the message) is not a failure.
    pattern = (
        rf"Wrote {re.escape(str(output))}: overall score (\d+\.\d)% \(incomplete; "
        rf"(\d+\.\d)% over the {data['counts']['answered']} answered items\), rating "
        rf"{RAG_WORD[data['rag']]}, {len(data['gaps'])} items in the action plan\.\n"
    )
    said = re.fullmatch(pattern, result.stderr)
    assert said, result.stderr
    assert abs(float(said[1]) - data["score"]) <= 0.051
    assert abs(float(said[2]) - data["answered_score"]) <= 0.051
    sheets = read_both(output)
    summary = facts(sheets["Summary"])
    counts = data["counts"]
    # An incomplete assessment says so at the top, with the score of what is answered.
    assert any(str(row[0]).startswith("Incomplete: ") for row in sheets["Summary"][:3])
    answered = f"Score over the {counts['answered']} answered items"
    assert round(summary[answered] * 100, 2) == data["answered_score"] and not data["complete"]
    assert {
        "score": summary["Overall score"],
        "gap": summary["Gap to 100%"],
        "rag": summary["Rating (RAG)"],
        "items": summary["Items in the profile"],
        "unanswered": summary["Not answered"],
        "compliance_gaps": summary["Compliance gaps (no / partly)"],
        "assurance_gaps": summary["Assurance gaps (don't know)"],
        "must_not_met": summary["Must items not met"],
    } == {
        # The workbook stores percentages as fractions under a % format.
        "score": round(data["score"] / 100, 4),
        "gap": round(data["gap"] / 100, 4),
        "rag": RAG_WORD[data["rag"]],
        "items": counts["items"],
        "unanswered": counts["unanswered"],
        "compliance_gaps": counts["compliance_gaps"],
        "assurance_gaps": counts["assurance_gaps"],
        "must_not_met": counts["must_not_met"],
    }
    assert [
        (row["Section"], row["Score"], row["Gap"], row["Rating"])
        for row in table_after(sheets["Summary"], "Section")
    ] == [
        (s["id"], round(s["score"] / 100, 4), round(s["gap"] / 100, 4), RAG_WORD[s["rag"]])
        for s in data["sections"]
    ]
    assert [(row["Id"], row["Note"]) for row in records(sheets["Action plan"])] == [
        (gap["id"], gap["note"] or "") for gap in data["gaps"]
    ]
    assert [row["Id"] for row in records(sheets["Responses"])] == [i["id"] for i in data["items"]]


def test_profile_and_checklist_options(
    runner: CliRunner, mini: Checklist, write_answers: WriteAnswers, tmp_path: Path
) -> None:
    answers = write_answers(mini, {"AA-01": "yes", "BB-02": "no", "AA-02": "no"})
    output = tmp_path / "core.xlsx"
    args = [str(answers), "--checklist", str(MINI_CHECKLIST), "--profile", "core"]
    result = report(runner, *args, "-o", str(output))
    assert result.exit_code == 0, result.output
    data = score_json(runner, *args)
    summary = facts(read_both(output)["Summary"])
    assert summary["Profile"] == "Core" and summary["Items in the profile"] == 2
    assert summary["Overall score"] == data["score"] / 100 == 0.5


def test_an_existing_workbook_is_replaced_only_with_force(
    runner: CliRunner, mini: Checklist, write_answers: WriteAnswers, tmp_path: Path
) -> None:
    answers = write_answers(mini, every(mini, "yes"))
    output = tmp_path / "plan.xlsx"
    output.write_bytes(b"owners and dates typed in by hand")
    args = [str(answers), "-c", str(MINI_CHECKLIST), "-o", str(output)]
    refused = report(runner, *args)
    assert refused.exit_code == 3 and refused.stdout == ""
    assert refused.stderr == (
        f"error: {output}: already exists; it may hold changes typed into it since, so choose "
        "another name, or pass --force to replace it\n"
    )
    assert output.read_bytes() == b"owners and dates typed in by hand"
    replaced = report(runner, *args, "--force")
    assert replaced.exit_code == 0, replaced.output
    assert facts(read_both(output)["Summary"])["Overall score"] == 1


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/report.xlsx", "folder {folder} does not exist; create it first"),
        ("a-file.txt/report.xlsx", "{folder} is a file, not a folder; choose another place"),
        ("report.xls", "must end in .xlsx (an Excel workbook)"),
        ("report.csv", "must end in .xlsx (an Excel workbook)"),
        ("folder.xlsx", "is a folder, not a file"),
    ],
)
def test_output_path_problems_are_one_line_before_any_work(
    runner: CliRunner, tmp_path: Path, where: str, message: str
) -> None:
    (tmp_path / "a-file.txt").write_text("not a folder")
    (tmp_path / "folder.xlsx").mkdir()
    # The answers file is invalid too: the output is checked first, before any reading.
    answers = tmp_path / "bad.answers.yaml"
    answers.write_text("checklist: [")
    output = tmp_path / where
    result = report(runner, str(answers), "-o", str(output))
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.startswith(f"error: {output}: {message.format(folder=output.parent)}")
    assert result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a-file.txt",
        "bad.answers.yaml",
        "folder.xlsx",
    ]


def test_a_read_only_folder_is_refused(runner: CliRunner, unprivileged: Path) -> None:
    folder = unprivileged / "locked"
    folder.mkdir(mode=0o555)
    result = report(runner, str(EXAMPLE_ANSWERS), "-o", str(folder / "report.xlsx"))
    assert result.exit_code == 3
    assert "Permission denied" in result.stderr and result.stderr.count("\n") == 1
    assert list(folder.iterdir()) == []


def test_invalid_answers_write_nothing(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "bad.answers.yaml"
    answers.write_text(EXAMPLE_ANSWERS.read_text().replace("GOV-05:", "GOV-5:"))
    output = tmp_path / "report.xlsx"
    result = report(runner, str(answers), "-o", str(output))
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.startswith(f"error: {answers}:10:3: unknown requirement id 'GOV-5'")
    assert not output.exists()


def test_a_failed_write_is_one_line_and_keeps_the_old_report(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "report.xlsx"
    assert report(runner, str(EXAMPLE_ANSWERS), "-o", str(output)).exit_code == 0
    before = output.read_bytes()

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("compliance_check.files.atomic.os.fsync", disk_full)
    result = report(runner, str(EXAMPLE_ANSWERS), "-o", str(output), "--force")
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr == f"error: {output}: cannot write: No space left on device\n"
    assert output.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
