"""The workbooks as a council uses them in LibreOffice Calc: sorted, extended, printed to PDF."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.cohort.workbook import PRIVATE_WARNING
from compliance_check.gap_report.workbook import STATUSES, _method_rows, write_gap_report
from compliance_check.model.answers import save_answers
from compliance_check.model.checklist import DEFAULT_CHECKLIST_ID, Checklist, find_shipped_checklist
from compliance_check.model.compare import Comparison, compare
from compliance_check.model.scoring import score
from compliance_check.progress.workbook import write_progress
from compliance_check.questionnaire.workbook import write_questionnaire
from tests.conftest import answers_for, every
from tests.pages.conftest import Calc
from tests.pages.printed import Page, pages
from tests.test_cli_publish import write_cohort

pytestmark = pytest.mark.slow

COUNCIL = "Example Borough Council"
LONG_NOTE = " ".join(
    f"Point {index}: the draft policy sits with legal services awaiting sign-off."
    for index in range(1, 40)
)[:1600]
MIN_SCALE = 0.6
MIN_BODY_LINES = 4
ENTRY_COLUMNS = ("Owner", "Target date", "Status", "Comment", "Date completed")


def words(text: str) -> set[str]:
    return set(re.findall(r"[\w'-]+", text))


def check_pages(printed: list[Page], marking: str, name: str = COUNCIL) -> None:
    """Every page names whose it is and its marking, prints at 60% or more, and is not blank;
    no page but a sheet's only one is near-empty."""
    pages_of = Counter(page.sheet for page in printed)
    for page in printed:
        where = f"page {page.number} ({page.sheet})"
        assert name in page.text and marking in page.text, where
        assert page.scale >= MIN_SCALE, (where, round(page.scale, 3))
        assert page.body_lines > 0, f"{where} is blank"
        near_empty = page.body_lines < MIN_BODY_LINES and pages_of[page.sheet] > 1
        assert not near_empty, f"{where} holds {page.body_lines} lines"


def last_line(page: Page) -> str:
    """The page's last line of body text, above the footer."""
    return [line for line in page.text.splitlines() if line.strip()][-2].strip()


def test_an_action_plan_sorted_extended_and_printed_loses_nothing(
    tmp_path: Path, shipped_1_1: Checklist, calc: Calc
) -> None:
    responses = every(shipped_1_1, "partly")
    noted = list(shipped_1_1.requirements)[3]
    responses[noted] = {"answer": "no", "note": LONG_NOTE}
    answers = answers_for(shipped_1_1, responses, authority=COUNCIL)
    assessment = score(shipped_1_1, answers)
    assert len(assessment.gaps) == 58
    workbook = tmp_path / "gap-report.xlsx"
    write_gap_report(workbook, shipped_1_1, answers, assessment)
    pdf = tmp_path / "gap-report.pdf"
    headers = [c.value for c in openpyxl.load_workbook(workbook)["Action plan"][1]]
    result = calc.run(
        {
            "task": "work",
            "input": str(workbook),
            "pdf": str(pdf),
            "sheet": "Action plan",
            "columns": headers,
            "row": {"Id": "NEW-01", "Requirement": "Our own item", "Owner": "J Smith"},
            "status": "Risk accepted",
        }
    )
    # After a sort by any column, every row is still tall enough for its text.
    assert [sort["by"] for sort in result["sorts"]] == headers
    assert {sort["by"]: sort["clipped"] for sort in result["sorts"]} == {h: [] for h in headers}
    assert result["clipped_after_all"] == []
    # The added row has the Status list and the date checks, and takes a status from the list.
    assert result["offered"] == list(STATUSES)
    assert result["status"] == "Risk accepted" and not result["invalid_marked"]
    # Its entry cells are shaded as the table's are, once anything is typed in the row.
    assert result["shaded"] == dict.fromkeys(ENTRY_COLUMNS, "FFF2CC")
    checks = {header: check["type"] for header, check in result["added_validation"].items()}
    assert checks["Status"] == "list"
    assert checks["Target date"] == checks["Date completed"] == "date"

    printed = pages(pdf)
    check_pages(printed, "OFFICIAL-SENSITIVE")
    assert [page.sheet for page in printed].count("Summary") == 1
    text = "\n".join(page.text for page in printed)
    # No text lost: the long note (its end on the Notes sheet), every item, the added row.
    assert words(LONG_NOTE) <= words(text)
    assert all(item.requirement_id in text for item in assessment.items)
    assert "NEW-01" in text and "J Smith" in text
    assert any(page.sheet == "Notes" and "N1" in page.text for page in printed)


# What councils write in their notes: none, a phrase, or several (a few hundred characters).
PHRASES = (
    "Policy drafted, awaiting sign-off by the SIRO.",
    "Covered in the 2024 ICT security policy.",
    "Only in children's services; adult social care uses its own process.",
    "No written procedure yet.",
    "Spot checks in the contact centre found two unlocked screens last quarter.",
    "Training completion is 78% against a 95% target; managers chased monthly.",
    "Legal services reviewing the data sharing agreements with the county and the police.",
    "We rely on the shared service's controls and have not seen their audit.",
    "Retention schedule adopted 2023 but not applied to the housing system.",
    "See the internal audit report IA-2025-07, actions 3 to 5.",
)


def realistic(checklist: Checklist, seed: int) -> dict[str, Any]:
    """Answers as a district council gives them: mixed, with notes of every length, and an
    owner, target and status on most open items."""
    rng = random.Random(seed)
    responses: dict[str, Any] = {}
    for requirement in checklist.requirements:
        answer = rng.choices(["yes", "partly", "no", "dont_know"], (0.4, 0.3, 0.2, 0.1))[0]
        response: dict[str, Any] = {"answer": answer}
        if note := " ".join(rng.sample(PHRASES, rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4]))):
            response["note"] = note
        if answer != "yes" and rng.random() < 0.6:
            response["actions"] = {
                "owner": rng.choice(["J Smith, Head of IT", "SIRO", "DPO", "A Patel"]),
                "target_date": f"2026-{rng.randint(1, 12):02d}-15",
                "status": rng.choice(["not_started", "in_progress", "done"]),
            }
        responses[requirement] = response
    return responses


@pytest.mark.parametrize("checklist_id", [DEFAULT_CHECKLIST_ID, "uk-council-data-duties"])
def test_an_action_plan_of_realistic_notes_prints_eight_rows_a_page_each_as_tall_as_calc_fits(
    tmp_path: Path, calc: Calc, checklist_id: str
) -> None:
    checklist = find_shipped_checklist(checklist_id)
    answers = answers_for(checklist, realistic(checklist, 23), authority=COUNCIL)
    assessment = score(checklist, answers)
    assert len(assessment.gaps) >= 20
    workbook, pdf = tmp_path / "gap-report.xlsx", tmp_path / "gap-report.pdf"
    write_gap_report(workbook, checklist, answers, assessment)
    result = calc.run({"task": "pdf", "input": str(workbook), "pdf": str(pdf)})
    assert result["clipped"]["Action plan"] == []
    # No row more than a line taller than Calc fits its text to: no white space on paper.
    assert result["loose"]["Action plan"] == []
    printed = pages(pdf)
    check_pages(printed, "OFFICIAL-SENSITIVE")
    plan = [page for page in printed if page.sheet == "Action plan"]
    assert len(assessment.gaps) / len(plan) >= 8, len(plan)
    # No heading of the Method sheet ends a page, parted from what it heads.
    headings = [row[0] for row in _method_rows(checklist, assessment) if len(row) == 1]
    for page in printed:
        if page.sheet == "Method":
            assert not any(last_line(page).startswith(h) for h in headings), page.number
    if not any(checklist.requirements[item.requirement_id].baseline for item in assessment.items):
        assert "Survey" not in result["sheets"]  # nothing to show: left out, not printed blank


def test_the_questionnaire_prints_six_questions_a_page_each_saying_which_answers_it_takes(
    tmp_path: Path, shipped: Checklist, calc: Calc
) -> None:
    workbook, pdf = tmp_path / "questionnaire.xlsx", tmp_path / "questionnaire.pdf"
    profile = shipped.profile("full")
    write_questionnaire(workbook, shipped, profile)
    result = calc.run({"task": "pdf", "input": str(workbook), "pdf": str(pdf)})
    assert result["clipped"] == {name: [] for name in result["sheets"]}
    printed = pages(pdf)
    check_pages(printed, "OFFICIAL-SENSITIVE", name="Questionnaire")
    questions = [page for page in printed if page.sheet == "Questions"]
    assert min(page.scale for page in questions) >= 0.7
    count = len(shipped.in_profile(profile))
    assert count / len(questions) >= 6, len(questions)
    # On paper no dropdown shows: every row lists its answers, and those that allow it, N/A.
    text = "\n".join(page.text for page in questions)
    assert text.count("Yes, Partly,") == count
    allowing = sum(1 for item in shipped.in_profile(profile) if item.allow_not_applicable)
    assert 0 < allowing <= text.count("applicable")


def printed_progress(comparison: Comparison, folder: Path, calc: Calc) -> list[Page]:
    """The progress workbook of ``comparison`` printed by Calc: nothing clipped, every page
    named, marked, at 60% or more and not blank."""
    workbook, pdf = folder / "progress.xlsx", folder / "progress.pdf"
    write_progress(comparison, workbook)
    result = calc.run({"task": "pdf", "input": str(workbook), "pdf": str(pdf)})
    assert result["clipped"] == {name: [] for name in result["sheets"]}
    printed = pages(pdf)
    check_pages(printed, "OFFICIAL-SENSITIVE")
    return printed


def test_the_progress_workbook_prints_whole(tmp_path: Path, shipped: Checklist, calc: Calc) -> None:
    before = answers_for(
        shipped, every(shipped, "partly"), authority=COUNCIL, assessed_on="2025-11-20"
    )
    responses = every(shipped, "yes")
    ids = list(shipped.requirements)
    responses[ids[0]] = {"answer": "no", "note": LONG_NOTE}
    responses[ids[1]] = "dont_know"
    after = answers_for(shipped, responses, authority=COUNCIL)
    comparison = compare((shipped, before), (shipped, after))
    printed = printed_progress(comparison, tmp_path, calc)
    assert [page.sheet for page in printed].count("Summary") == 1
    text = "\n".join(page.text for page in printed)
    assert "20 Nov 2025" in text and "25 Nov 2026" in text
    assert words(LONG_NOTE) <= words(text)


# An authority name far too long for a row (Excel's limit is 409 points): it must go on in the
# Notes sheet, every word kept. Numbered words, so that a lost piece would be missed.
LONG_AUTHORITY = "Council of " + " ".join(f"Parish{number} and" for number in range(1, 400))


@pytest.fixture(scope="module")
def cohort_printed(
    tmp_path_factory: pytest.TempPathFactory, calc: Calc
) -> dict[str, tuple[dict[str, Any], list[Page]]]:
    """The forty files of the publishing tests and one from the long-named authority, written
    as the private and the published workbook and printed by LibreOffice."""
    folder = tmp_path_factory.mktemp("cohort-print")
    checklist = find_shipped_checklist(DEFAULT_CHECKLIST_ID)
    write_cohort(folder / "files", checklist)
    save_answers(
        folder / "files" / "long.yaml",
        answers_for(checklist, every(checklist, "no"), authority=LONG_AUTHORITY),
    )
    printed = {}
    runner = CliRunner()
    for name, options in (("private", []), ("published", ["--publish"])):
        workbook, pdf = folder / f"{name}.xlsx", folder / f"{name}.pdf"
        done = runner.invoke(app, ["batch", str(folder / "files"), "-o", str(workbook), *options])
        assert done.exit_code == 0, done.output
        result = calc.run({"task": "pdf", "input": str(workbook), "pdf": str(pdf)})
        printed[name] = ({**result, "input": workbook}, pages(pdf))
    return printed


def sheets_pages(printed: list[Page]) -> dict[str, int]:
    return dict(Counter(page.sheet for page in printed))


def test_the_private_cohort_workbook_prints_readably_and_warns_on_every_page(
    cohort_printed: dict[str, tuple[dict[str, Any], list[Page]]],
) -> None:
    result, printed = cohort_printed["private"]
    check_pages(printed, "OFFICIAL-SENSITIVE", name="Cohort")
    assert all(PRIVATE_WARNING in page.text for page in printed)
    assert result["clipped"] == {name: [] for name in result["sheets"]}
    # Every sheet printed, the summaries on one page each, the authorities on one across two.
    counts = sheets_pages(printed)
    assert list(counts) == result["sheets"]
    assert counts["Overview"] == counts["Survey"] == counts["Method"] == 1
    assert counts["Authorities"] <= 2
    # Every file scored, none in conflict: those sheets, with nothing to show, are left out.
    assert not {"Rejected", "Conflicts"} & set(counts)
    # The Respondents sheet opens with its File column in view, frozen with the header row.
    respondents = result["opens"]["Respondents"]
    assert respondents["frozen"] == [1, 1] and respondents["first_column"] == 0
    assert respondents["column_a_width"] > 5000  # 50 mm: "File" and a short path
    assert any(page.sheet == "Respondents" and "zq01.yaml" in page.text for page in printed)


def test_text_too_long_for_a_row_goes_on_in_the_notes_sheet_and_is_printed_whole(
    cohort_printed: dict[str, tuple[dict[str, Any], list[Page]]],
) -> None:
    result, printed = cohort_printed["private"]
    workbook = openpyxl.load_workbook(result["input"], read_only=True)
    for sheet in ("Authorities", "Authority gaps", "Respondents", "Notes"):
        cut = [
            value
            for row in workbook[sheet].iter_rows(values_only=True)
            for value in row
            if isinstance(value, str) and value.startswith("Council of Parish1 and")
        ]
        assert cut and all(len(value) < len(LONG_AUTHORITY) for value in cut), sheet
        if sheet != "Notes":
            assert re.search(r"… \[continued on the Notes sheet, N\d+\]$", cut[0]), sheet
    # Printed whole: the name's head on the Authorities sheet, the rest on the Notes sheet.
    text = "\n".join(page.text for page in printed if page.sheet in ("Authorities", "Notes"))
    assert words(LONG_AUTHORITY) <= words(text)


def test_the_published_cohort_workbook_prints_readably_with_no_personal_data_warning(
    cohort_printed: dict[str, tuple[dict[str, Any], list[Page]]],
) -> None:
    result, printed = cohort_printed["published"]
    check_pages(printed, "OFFICIAL", name="Cohort")
    assert not any(
        "OFFICIAL-SENSITIVE" in page.text or PRIVATE_WARNING in page.text for page in printed
    )
    assert result["clipped"] == {name: [] for name in result["sheets"]}
    assert "Respondents" not in result["sheets"]
    assert list(sheets_pages(printed)) == result["sheets"]


def test_a_progress_workbook_across_checklist_versions_prints_its_changes(
    tmp_path: Path, shipped_1_1: Checklist, shipped_1_0: Checklist, calc: Calc
) -> None:
    before = answers_for(
        shipped_1_0, every(shipped_1_0, "partly"), authority=COUNCIL, assessed_on="2025-11-20"
    )
    after = answers_for(shipped_1_1, every(shipped_1_1, "yes"), authority=COUNCIL)
    comparison = compare((shipped_1_0, before), (shipped_1_1, after))
    printed = printed_progress(comparison, tmp_path, calc)
    changes = "\n".join(page.text for page in printed if page.sheet == "Checklist changes")
    regraded = [revision.requirement_id for revision in comparison.regraded]
    assert len(regraded) == 16
    assert all(item in changes for item in regraded), regraded
