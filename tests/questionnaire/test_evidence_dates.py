"""Evidence dates through the questionnaire workbook: written, typed by a person, read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.model.answers import load_answers, save_answers
from compliance_check.model.evidence import Evidence
from compliance_check.questionnaire.workbook import EVIDENCE_COLUMN, QUESTIONS
from tests.conftest import answers_for
from tests.workbooks import shipped

CHECKLIST = shipped()
DATED = [
    {"reference": "Information risk policy v4", "dated": "2026-03-01", "review_by": "2027-03-01"},
    "https://example.gov.uk/siro",
    {"reference": "Internal audit report", "dated": "2025-06-30"},
]


def invoke(*args: Any) -> Any:
    return CliRunner().invoke(app, [str(arg) for arg in args])


def evidence_row(path: Path, requirement_id: str) -> Any:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[QUESTIONS]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet[f"B{r}"].value == requirement_id)
    return workbook, sheet, f"{EVIDENCE_COLUMN}{row}"


def test_a_round_trip_through_the_workbook_keeps_evidence_dates(tmp_path: Path) -> None:
    answers = answers_for(CHECKLIST, {"GOV-01": {"answer": "yes", "evidence": DATED}})
    source = tmp_path / "council.answers.yaml"
    save_answers(source, answers)
    form = tmp_path / "review.xlsx"
    assert invoke("template", "-o", form, "--from", source).exit_code == 0
    _, sheet, cell = evidence_row(form, "GOV-01")
    assert sheet[cell].value == (
        "Information risk policy v4 (2026-03-01, review by 2027-03-01)\n"
        "https://example.gov.uk/siro\nInternal audit report (2025-06-30)"
    )
    back = tmp_path / "back.answers.yaml"
    result = invoke("import", form, "-o", back)
    assert result.exit_code == 0, result.output
    assert load_answers(back).responses["GOV-01"].evidence == answers.responses["GOV-01"].evidence


def test_dates_a_person_types_are_read_and_a_wrong_one_is_named(tmp_path: Path) -> None:
    form = tmp_path / "blank.xlsx"
    assert invoke("template", "-o", form).exit_code == 0
    workbook, sheet, cell = evidence_row(form, "GOV-01")
    start = workbook["Start"]
    start["B12"], start["B16"], start["B17"] = "Example BC", "Information governance", "2026-11-25"
    sheet[cell] = "Policy v4 (01/03/2026, review by 01/03/2027)\nData Protection Act (2018)"
    typed = tmp_path / "typed.xlsx"
    workbook.save(typed)
    out = tmp_path / "typed.answers.yaml"
    result = invoke("import", typed, "-o", out)
    assert result.exit_code == 0, result.output
    assert load_answers(out).responses["GOV-01"].evidence == [
        Evidence(reference="Policy v4", dated=date(2026, 3, 1), review_by=date(2027, 3, 1)),
        Evidence(reference="Data Protection Act (2018)"),
    ]

    sheet[cell] = "Policy v4 (31/02/2026)"
    workbook.save(typed)
    result = invoke("import", typed, "-o", tmp_path / "other.answers.yaml")
    assert result.exit_code == 3
    assert f"cell {cell}" in result.stderr and "31/02/2026 is not a date" in result.stderr
