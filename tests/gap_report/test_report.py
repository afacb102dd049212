"""The gap report and the briefing written from answers files, outside the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from compliance_check.briefing.write import write_brief
from compliance_check.errors import OutputError
from compliance_check.files.xlsxio import open_workbook
from compliance_check.gap_report.report import write_report
from compliance_check.model.checklist import Checklist
from compliance_check.questionnaire.importing import read_action_plan
from tests.conftest import MINI_CHECKLIST, WriteAnswers, every

MAX_BYTES = 5 * 1024 * 1024


def report(answers: Path, output: Path, previous: Path | None = None, replace: bool = False) -> str:
    return write_report(
        answers,
        output,
        checklist_path=None,
        profile=None,
        previous=previous,
        max_bytes=MAX_BYTES,
        marking=None,
        replace=replace,
        warn=lambda message: None,
        today=date(2026, 12, 6),
    )


def test_last_year_s_open_actions_are_carried_into_the_plan(
    write_answers: WriteAnswers, shipped: Checklist, tmp_path: Path
) -> None:
    first, second, third = list(shipped.requirements)[:3]
    last = write_answers(
        shipped,
        {
            first: {"answer": "no", "actions": {"owner": "Ann Lee", "status": "in_progress"}},
            second: {"answer": "no", "actions": {"owner": "Bo Ray", "status": "done"}},
            third: {"answer": "no", "actions": {"owner": "Cy Dee", "status": "not_started"}},
        },
        name="last.answers.yaml",
    )
    # The third is met now: its action is finished by the answer.
    now = write_answers(shipped, {**every(shipped, "no"), third: {"answer": "yes"}})
    output = tmp_path / "gaps.xlsx"

    said = report(now, output, previous=last)

    gaps = len(shipped.requirements) - 1
    assert said.startswith(f"Wrote {output}: overall score ")
    # The third is done since last year (met now); the first is carried forward.
    assert said.endswith(
        f", rating RED, {gaps} items in the action plan. Action plan on 6 Dec 2026: "
        "1 action done since 25 Nov 2026, 0 overdue, 1 carried forward."
    )
    plan = read_action_plan(output, open_workbook(output, max_bytes=MAX_BYTES), shipped)
    owners = {item: action.owner for item, action in plan.items() if action is not None}
    assert owners == {first: "Ann Lee"}
    sheet = openpyxl.load_workbook(output)["Action plan"]
    header = [cell.value for cell in sheet[1]]
    standing = {
        row[header.index("Id")]: row[header.index("Standing")]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert standing[first] == "In progress; carried forward from 25 Nov 2026"
    assert standing[second] is None


def test_an_existing_report_is_refused_before_the_answers_are_read(tmp_path: Path) -> None:
    output = tmp_path / "gaps.xlsx"
    output.write_bytes(b"a plan typed into")

    with pytest.raises(OutputError, match="may hold changes typed into it"):
        report(tmp_path / "not-there.answers.yaml", output)
    assert output.read_bytes() == b"a plan typed into"


def test_a_briefing_must_be_an_html_page(write_answers: WriteAnswers, mini: Checklist) -> None:
    answers = write_answers(mini, every(mini, "yes"))
    with pytest.raises(OutputError, match=r"must end in \.html"):
        write_brief(
            answers,
            answers.with_suffix(".pdf"),
            previous=None,
            cohort=None,
            marking=None,
            checklist_path=MINI_CHECKLIST,
            profile=None,
            replace=False,
            max_bytes=MAX_BYTES,
            warn=lambda message: None,
        )
