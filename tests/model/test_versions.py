"""Checklists 1.0 and 1.1 side by side: defaults, compare across versions, mixed batches."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.model.answers import save_answers
from compliance_check.model.checklist import Checklist, Priority
from compliance_check.model.compare import revisions
from tests.conftest import WriteAnswers, answers_for, every

REGRADED = {
    "GOV-01", "GOV-02", "GOV-08", "RISK-04", "CLS-01", "ACC-04",
    "RET-01", "RET-02", "RET-03", "PUB-01", "SHR-02", "INC-04", "SEC-05", "TRF-01", "TRF-03",
    "TRF-05",
}  # fmt: skip


def test_revisions_are_the_items_whose_priority_changed(
    shipped_1_1: Checklist, shipped_1_0: Checklist
) -> None:
    found = {revision.requirement_id: revision for revision in revisions(shipped_1_0, shipped_1_1)}
    assert set(found) == REGRADED
    assert found["RET-01"].priority_before is Priority.SHOULD
    assert found["RET-01"].priority_after is Priority.MUST
    assert not any(revision.reworded for revision in found.values())
    assert all(revision.why for revision in found.values())
    assert revisions(shipped_1_1, shipped_1_1) == ()


def test_compare_of_a_1_0_and_a_1_1_file_reports_the_regraded_items_apart(
    runner: CliRunner, write_answers: WriteAnswers, shipped_1_1: Checklist, shipped_1_0: Checklist
) -> None:
    before = write_answers(shipped_1_0, every(shipped_1_0, "yes"), name="2025.answers.yaml")
    after = write_answers(shipped_1_1, every(shipped_1_1, "yes"), name="2026.answers.yaml")
    result = runner.invoke(app, ["compare", str(before), str(after), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["version_changed"] is True
    revised = {item["id"]: item for item in data["revised_between_versions"]}
    assert set(revised) == REGRADED
    assert (revised["GOV-01"]["priority_before"], revised["GOV-01"]["priority_after"]) == (
        "must",
        "should",
    )
    table = runner.invoke(app, ["compare", str(before), str(after)], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "Changed by the checklist, not by the council: v1.0 → v1.1 (16)" in table.stdout
    assert "re-graded between checklist v1.0 and v1.1" in " ".join(table.stderr.split())


def test_the_progress_workbook_lists_the_items_the_checklist_changed(
    runner: CliRunner,
    write_answers: WriteAnswers,
    shipped_1_1: Checklist,
    shipped_1_0: Checklist,
    tmp_path: Path,
) -> None:
    before = write_answers(
        shipped_1_0,
        every(shipped_1_0, "partly"),
        name="2025.answers.yaml",
        assessed_on="2025-11-20",
    )
    after = write_answers(
        shipped_1_1, {**every(shipped_1_1, "yes"), "RET-01": "no"}, name="2026.yaml"
    )
    target = tmp_path / "progress.xlsx"
    args = ["compare", str(before), str(after), "--format", "json", "-o", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    revised = json.loads(result.stdout)["revised_between_versions"]
    assert len(revised) == 16

    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["Summary", "Progress", "Checklist changes"]
    expected = [
        [
            item["id"],
            item["title"],
            item["priority_before"].capitalize(),
            item["priority_after"].capitalize(),
            "Re-worded" if item["reworded"] else "Same",
            "Partly",
            "No" if item["id"] == "RET-01" else "Yes",
            " ".join(item["why"]),
        ]
        for item in revised
    ]
    by_calamine = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Checklist changes")
    by_openpyxl = workbook["Checklist changes"].iter_rows(values_only=True)
    for rows in (by_calamine.to_python(), [list(row) for row in by_openpyxl]):
        assert rows[0] == [
            "Id", "Title", "Priority v1.0", "Priority v1.1", "Wording",
            "Answer 20 Nov 2025", "Answer 25 Nov 2026", "Why (checklist v1.1)",
        ]  # fmt: skip
        assert rows[1:] == expected
    # RET-01 is must now, and its answer fell: the council sees both on one row.
    assert next(row for row in expected if row[0] == "RET-01")[2:7] == [
        "Should", "Must", "Same", "Partly", "No",
    ]  # fmt: skip
    # Printed like the other tables: a filterable Table, header repeated, landscape, marked.
    sheet = workbook["Checklist changes"]
    assert "ChecklistChanges" in sheet.tables and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.oddHeader.center.text == workbook["Progress"].oddHeader.center.text
    assert sheet.oddFooter.right.text == "Page &P of &N"
    summary = [c for row in workbook["Summary"].iter_rows(values_only=True) for c in row if c]
    assert (
        "Changed by the checklist, not by the council: 16 item(s) re-graded and 0 re-worded "
        "between v1.0 and v1.1; see the Checklist changes sheet."
    ) in summary


def test_template_defaults_to_the_newest_version_and_takes_a_version(runner: CliRunner) -> None:
    new = runner.invoke(app, ["template"])
    assert new.exit_code == 0, new.output
    assert 'checklist_version: "1.2"' in new.stdout or "checklist_version: '1.2'" in new.stdout
    assert "2009 survey: In 2009, 45% no or don't know: at most 55% yes" in " ".join(
        line.lstrip("# ") for line in new.stdout.splitlines()
    )
    old = runner.invoke(app, ["template", "--version", "1.0"])
    assert old.exit_code == 0, old.output
    assert "1.0" in old.stdout.split("checklist_version:")[1].splitlines()[0]
    both = runner.invoke(app, ["template", "--version", "1.0", "--checklist", "x.yaml"])
    assert both.exit_code == 3 and "not both" in both.stderr


def test_template_from_a_file_fills_in_the_version_asked_for(
    runner: CliRunner, write_answers: WriteAnswers, shipped_1_0: Checklist, tmp_path: Path
) -> None:
    old = write_answers(shipped_1_0, {"GOV-04": "yes"}, name="2025.answers.yaml")
    form = tmp_path / "review.xlsx"
    for version in ("1.0", "1.1"):
        args = ["template", "-o", str(form), "--from", str(old), "--version", version, "--force"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        back = runner.invoke(app, ["score", str(form), "--format", "json"])
        assert back.exit_code == 0, back.output
        data = json.loads(back.stdout)
        assert data["checklist"]["version"] == version
        # GOV-04 asks the same in both: its answer is kept.
        assert {i["id"]: i["answer"] for i in data["items"]}["GOV-04"] == "yes"
    assert "Kept 1 answers from lga-data-handling-2008 1.0" in result.stderr


def test_a_batch_of_both_versions_says_which_version_each_figure_comes_from(
    runner: CliRunner, tmp_path: Path, shipped_1_1: Checklist, shipped_1_0: Checklist
) -> None:
    folder = tmp_path / "returns"
    folder.mkdir()
    for index, checklist in enumerate([shipped_1_0, shipped_1_0, shipped_1_1, shipped_1_1]):
        save_answers(
            folder / f"{index}.yaml",
            answers_for(
                checklist,
                {**every(checklist, "yes" if index % 2 else "no"), "GOV-01": "yes"},
                authority=f"Council {index}",
                respondent={"name": f"R{index}", "role": "information_governance"},
            ),
        )
    out = tmp_path / "cohort.json"
    result = runner.invoke(app, ["batch", str(folder), "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["checklist"]["versions"] == ["1.0", "1.1"]
    assert set(data["checklist"]["regraded_between_versions"]) == REGRADED
    assert {r["checklist_version"] for r in data["respondents"]} == {"1.0", "1.1"}
    for item in data["requirements"]:
        assert item["checklist_versions"] == ["1.0", "1.1"]
        assert item["wording_version"] == "1.1"
    assert {item["figure_from_version"] for item in data["survey_2009"]} == {"1.1"}
    # Each file is scored against its own version: 1.0's weights for the 1.0 files.
    scores = {Path(r["file"]).name: r["score"] for r in data["respondents"]}
    assert scores["1.yaml"] == scores["3.yaml"] == 100.0
    for name, checklist in (("0.yaml", shipped_1_0), ("2.yaml", shipped_1_1)):
        weights = [checklist.weight_of(r) for r in checklist.requirements.values()]
        gov01 = checklist.weight_of(checklist.requirements["GOV-01"])
        assert scores[name] == round(100 * gov01 / sum(weights), 2)
    assert scores["0.yaml"] != scores["2.yaml"]  # GOV-01 is must in 1.0, should in 1.1
