"""`import`, and workbooks wherever answers files are taken: the round trips of issue 13."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.files.locking import AnswersLock
from compliance_check.model.answers import (
    Action,
    ActionStatus,
    AnswersFile,
    load_answers,
    save_answers,
)
from compliance_check.model.checklist import Answer
from tests.workbooks import fill_with_openpyxl, full_answers, questionnaire, shipped

CHECKLIST = shipped()


def invoke(runner: CliRunner, *args: Any) -> Any:
    return runner.invoke(app, [str(arg) for arg in args])


def score_json(runner: CliRunner, path: Path) -> dict[str, Any]:
    result = invoke(runner, "score", path, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def filled_form(folder: Path, answers: AnswersFile) -> Path:
    """A blank questionnaire from the CLI, filled in through openpyxl."""
    blank = folder / "blank.xlsx"
    result = invoke(CliRunner(), "template", "--format", "xlsx", "-o", blank)
    assert result.exit_code == 0, result.output
    filled = folder / "filled.xlsx"
    fill_with_openpyxl(blank, filled, answers, CHECKLIST)
    return filled


def test_a_filled_questionnaire_imports_and_scores_as_its_yaml(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers = full_answers(CHECKLIST)
    kinds = {response.answer for response in answers.responses.values()}
    assert kinds == {*Answer, None} and len(answers.responses) == 61
    yaml_path = tmp_path / "typed.answers.yaml"
    save_answers(yaml_path, answers)
    form = filled_form(tmp_path, answers)

    imported = tmp_path / "council.answers.yaml"
    result = invoke(runner, "import", form, "-o", imported)
    assert result.exit_code == 0, result.output
    assert f"Wrote {imported}" in result.stderr
    assert load_answers(imported) == answers.model_copy(
        update={
            "authority_type": "district",
            "responses": {
                k: v for k, v in answers.responses.items() if v.answer or v.note or v.evidence
            },
        }
    )
    expected = score_json(runner, yaml_path)
    for scored in (score_json(runner, imported), score_json(runner, form)):
        assert scored["score"] == expected["score"]
        assert scored["sections"] == expected["sections"]
        assert scored["items"] == expected["items"]


def test_import_shows_the_changes_and_writes_over_a_file_only_with_force(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers = full_answers(CHECKLIST)
    target = tmp_path / "council.answers.yaml"
    save_answers(target, answers)
    before = target.read_bytes()
    changed = answers.model_copy(update={"authority": "Example Borough Council"})
    form = questionnaire(tmp_path, answers=changed)

    dry = invoke(runner, "import", form, "-o", target, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.startswith("authority: '=HYPERLINK")
    assert "→ 'Example Borough Council'" in dry.stdout
    assert "nothing written" in dry.stderr and target.read_bytes() == before

    refused = invoke(runner, "import", form, "-o", target)
    assert refused.exit_code == 3
    assert "written over it with --force" in refused.stderr and target.read_bytes() == before

    forced = invoke(runner, "import", form, "-o", target, "--force")
    assert forced.exit_code == 0, forced.output
    assert load_answers(target).authority == "Example Borough Council"
    again = invoke(runner, "import", form, "-o", target)
    assert again.exit_code == 0 and "nothing to change" in again.stderr


def test_an_evidence_reference_with_a_line_break_is_refused_not_split(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Typed in an editor: one reference over two lines. The Evidence cell holds one reference a
    # line, so the workbook would give it back as two.
    typed = tmp_path / "typed.answers.yaml"
    typed.write_text(
        'checklist: lga-data-handling-2008\nchecklist_version: "1.1"\n'
        "authority: Example Borough Council\nrespondent: {role: information_governance}\n"
        "assessed_on: 2026-11-25\nresponses:\n"
        "  GOV-04:\n    answer: partly\n    evidence:\n      - https://example.gov.uk/charter\n"
        "      - |-\n        Information Charter v2\n        approved by Cabinet, March 2026\n",
        encoding="utf-8",
    )
    form = tmp_path / "review.xlsx"
    refused = invoke(runner, "template", "-o", form, "--from", typed)
    assert refused.exit_code == 3 and refused.stdout == ""
    assert refused.stderr == (
        f"error: {typed}: evidence reference 2 of GOV-04 ('Information Charter v2\\napproved by "
        "Cabi…') holds a line break, but the questionnaire's Evidence cell holds one reference "
        "a line, so it would come back as two; write it on one line, or as two references, in "
        "the answers file\n"
    )
    assert not form.exists()
    # The file itself still loads and scores, as every answers file written before did.
    assert invoke(runner, "score", typed).exit_code == 0
    # Written on one line, it goes out and comes back as it was.
    one_line = typed.read_text(encoding="utf-8").replace(
        "      - |-\n        Information Charter v2\n        approved",
        "      - Information Charter v2, approved",
    )
    typed.write_text(one_line, encoding="utf-8")
    assert invoke(runner, "template", "-o", form, "--from", typed).exit_code == 0
    back = tmp_path / "back.answers.yaml"
    assert invoke(runner, "import", form, "-o", back).exit_code == 0
    assert [entry.reference for entry in load_answers(back).responses["GOV-04"].evidence] == [
        "https://example.gov.uk/charter",
        "Information Charter v2, approved by Cabinet, March 2026",
    ]


def _type_into_plan(report: Path, rows: dict[str, dict[str, Any]]) -> None:
    """Type values into the gap report's action plan, by id and column title."""
    workbook = openpyxl.load_workbook(report)
    sheet = workbook["Action plan"]
    header = {cell.value: cell.column_letter for cell in sheet[1]}
    for row in range(2, sheet.max_row + 1):
        requirement_id = sheet[f"{header['Id']}{row}"].value
        for title, value in rows.get(requirement_id, {}).items():
            sheet[f"{header[title]}{row}"] = value
    workbook.save(report)


def _fill_plan(report: Path, rows: dict[str, tuple[str, Any, str]]) -> None:
    """Type owner, target date and status into the gap report's action plan, by id."""
    titles = ("Owner", "Target date", "Status")
    _type_into_plan(report, {rid: dict(zip(titles, row, strict=True)) for rid, row in rows.items()})


def _reported(folder: Path) -> tuple[Path, AnswersFile, Path]:
    """An answers file with every answer kind, and its gap report."""
    answers_path = folder / "2026.answers.yaml"
    answers = full_answers(CHECKLIST)
    save_answers(answers_path, answers)
    report = folder / "2026-gap-report.xlsx"
    assert invoke(CliRunner(), "report", answers_path, "-o", report).exit_code == 0
    return answers_path, answers, report


def _plan(
    report: Path, titles: tuple[str, ...] = ("Owner", "Target date", "Status")
) -> dict[str, tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(report)["Action plan"]
    header = {cell.value: cell.column_letter for cell in sheet[1]}
    return {
        sheet[f"{header['Id']}{row}"].value: tuple(
            sheet[f"{header[title]}{row}"].value for title in titles
        )
        for row in range(2, sheet.max_row + 1)
    }


def test_an_action_plan_comes_back_and_carries_into_next_year(
    runner: CliRunner, tmp_path: Path
) -> None:
    last_year, answers, report = _reported(tmp_path)
    gaps = list(_plan(report))
    first, second, third, fourth = gaps[:4]
    _fill_plan(
        report,
        {
            first: ("Head of IT", date(2020, 1, 31), "In progress"),
            second: ("SIRO", date(2099, 3, 31), "not started"),
            third: ("DPO", date(2027, 6, 30), "Not started"),
            fourth: ("Records manager", date(2020, 6, 30), "Not started"),
        },
    )
    imported = invoke(runner, "import", report, "-o", last_year, "--force")
    assert imported.exit_code == 0, imported.output
    assert f"{first} action owner: (empty) → 'Head of IT'" in imported.stdout
    held = load_answers(last_year)
    assert held.responses[first].actions is not None
    assert held.responses[first].actions.owner == "Head of IT"
    assert held.responses[first].actions.target_date == date(2020, 1, 31)
    assert held.responses[second].actions is not None
    assert held.responses[second].actions.status is ActionStatus.NOT_STARTED
    assert held.responses[first].answer == answers.responses[first].answer

    # The next report of the same file shows the plan as it was filled in.
    again = tmp_path / "again.xlsx"
    assert invoke(runner, "report", last_year, "-o", again).exit_code == 0
    plan = _plan(again)
    assert plan[first][0] == "Head of IT" and plan[first][2] == "In progress"
    assert plan[second][0] == "SIRO"

    # Next year: third is met now; the report carries the open actions forward with owners.
    this_year = tmp_path / "2027.answers.yaml"
    responses = dict(answers.responses)
    responses[third] = responses[third].model_copy(update={"answer": Answer.YES})
    save_answers(
        this_year,
        answers.model_copy(update={"assessed_on": date(2027, 11, 25), "responses": responses}),
    )
    next_report = tmp_path / "2027-gap-report.xlsx"
    result = invoke(runner, "report", this_year, "-o", next_report, "--previous", last_year)
    assert result.exit_code == 0, result.output
    plan = _plan(next_report)
    assert plan[first][0] == "Head of IT" and plan[second][0] == "SIRO"
    assert third not in plan

    # The council marks the first action done and imports the plan into this year's file.
    _fill_plan(next_report, {first: ("Head of IT", date(2020, 1, 31), "Done")})
    assert invoke(runner, "import", next_report, "-o", this_year, "--force").exit_code == 0
    compared = invoke(runner, "compare", last_year, this_year)
    assert compared.exit_code == 0, compared.output
    # first: done; third: met now. fourth stays open past its date: overdue.
    assert "2 actions done since 25 Nov 2026, 1 overdue" in " ".join(compared.stdout.split())
    data = json.loads(invoke(runner, "compare", last_year, this_year, "-f", "json").stdout)
    actions = data["actions"]
    assert actions["done"] == sorted([first, third], key=gaps.index)
    assert actions["overdue"] == [fourth]

    # The members' briefing says the same, and gives the open items their owners.
    brief = tmp_path / "brief.html"
    briefed = invoke(runner, "brief", this_year, "--previous", last_year, "-o", brief)
    assert briefed.exit_code == 0, briefed.output
    page = brief.read_text(encoding="utf-8")
    assert "Action plan: 2 actions done since then" in page and f"1 overdue ({fourth})" in page
    assert "No owner or target date is recorded" not in page and "Head of IT" in page


def test_the_plan_comment_and_date_completed_come_back_into_the_actions(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers_path, answers, report = _reported(tmp_path)
    first, second, third = list(_plan(report))[:3]
    comment = "Signed off by Cabinet 3 Dec.\n=Review in March (see minutes, item 7)"
    # As a council fills the plan in Excel: a date picked in the cell, a date typed as text,
    # a comment over two lines (Alt+Enter) that starts like a formula on its second line.
    titles = ("Owner", "Status", "Comment", "Date completed")
    typed = {
        first: ("Head of IT", "Done", comment, datetime(2026, 12, 3)),
        second: ("SIRO", "In progress", "Waiting for the new records system", None),
        third: ("DPO", "Done", None, "15/01/2027"),
    }
    _type_into_plan(
        report, {rid: dict(zip(titles, row, strict=True)) for rid, row in typed.items()}
    )

    dry = invoke(runner, "import", report, "-o", answers_path, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f"{third} action completed_on: (empty) → '2027-01-15'" in dry.stdout
    assert f"{second} action comment: (empty) → 'Waiting for the new records system'" in (
        dry.stdout
    )
    imported = invoke(runner, "import", report, "-o", answers_path, "--force")
    assert imported.exit_code == 0, imported.output
    held = load_answers(answers_path)
    actions = {rid: held.responses[rid].actions for rid in typed}
    assert actions == {
        first: Action(
            owner="Head of IT",
            status=ActionStatus.DONE,
            comment=comment,
            completed_on=date(2026, 12, 3),
        ),
        second: Action(
            owner="SIRO",
            status=ActionStatus.IN_PROGRESS,
            comment="Waiting for the new records system",
        ),
        third: Action(owner="DPO", status=ActionStatus.DONE, completed_on=date(2027, 1, 15)),
    }
    assert all(held.responses[rid].answer == answers.responses[rid].answer for rid in typed)
    # The next report shows them where they were typed.
    again = tmp_path / "again.xlsx"
    assert invoke(runner, "report", answers_path, "-o", again).exit_code == 0
    shown = _plan(again, ("Comment", "Date completed"))
    assert shown[first] == (comment, datetime(2026, 12, 3))
    assert shown[third] == (None, datetime(2027, 1, 15))


def test_a_gap_report_needs_the_answers_file_it_was_made_from(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers_path = tmp_path / "a.answers.yaml"
    save_answers(answers_path, full_answers(CHECKLIST))
    report = tmp_path / "r.xlsx"
    assert invoke(runner, "report", answers_path, "-o", report).exit_code == 0
    result = invoke(runner, "import", report, "-o", tmp_path / "new.answers.yaml")
    assert result.exit_code == 3
    assert "give that file with -o" in result.stderr
    bad = invoke(runner, "score", report)
    assert bad.exit_code == 3 and "is a gap report, not a questionnaire" in bad.stderr


def test_batch_scores_yaml_files_and_workbooks_together(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "submissions"
    folder.mkdir()
    base = full_answers(CHECKLIST)
    gap = next(rid for rid, response in base.responses.items() if response.answer is Answer.NO)
    late = Action(owner="SIRO", target_date=date(2020, 1, 1), status=ActionStatus.IN_PROGRESS)
    for index in range(10):
        council = base.model_copy(
            update={"authority": f"Council {index}", "authority_code": f"E07{index:06d}"}
        )
        if index == 0:
            council = council.with_actions({gap: late})
        save_answers(folder / f"council-{index}.answers.yaml", council)
        workbook = base.model_copy(
            update={"authority": f"Workbook council {index}", "authority_code": f"W06{index:06d}"}
        )
        questionnaire(folder, f"council-{index}.xlsx", workbook)
    json_path = tmp_path / "cohort.json"
    result = invoke(runner, "batch", folder, "--json", json_path, "-j", "2")
    assert result.exit_code == 0, result.output
    assert "20 files: 20 scored, 0 rejected" in result.stdout
    data = json.loads(json_path.read_text())
    overdue = {a["name"]: a["overdue_actions"] for a in data["authorities"]}
    assert len(overdue) == 20
    assert overdue.pop("Council 0") == 1 and set(overdue.values()) == {0}


def _comment_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if "#" in line]


def commented(path: Path, answers: AnswersFile) -> Path:
    """``answers`` saved, with comments a person added: above the keys, after a value."""
    save_answers(path, answers)
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(iter(CHECKLIST.requirements))
    at = next(index for index, line in enumerate(lines) if line.startswith(f"  {first}:"))
    lines.insert(at, "  # Asked Jane in Legal on 3 March: she will send the policy")
    lines.insert(0, "# Kept by the information governance team; do not share outside")
    lines[lines.index("responses:")] = "responses:  # in checklist order"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_force_changes_only_values_and_keeps_every_comment(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers = full_answers(CHECKLIST)
    target = commented(tmp_path / "council.answers.yaml", answers)
    comments = _comment_lines(target)
    form = questionnaire(
        tmp_path, answers=answers.model_copy(update={"authority": "Example Borough Council"})
    )
    result = invoke(runner, "import", form, "-o", target, "--force")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        f"{target}: its 2 comment lines and its layout are kept; only changed values are rewritten."
    )
    assert _comment_lines(target) == comments
    assert load_answers(target).authority == "Example Borough Council"


def test_import_of_a_gap_report_s_plan_keeps_the_comments_too(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers = full_answers(CHECKLIST)
    target = commented(tmp_path / "council.answers.yaml", answers)
    comments = _comment_lines(target)
    report = tmp_path / "gaps.xlsx"
    assert invoke(runner, "report", target, "-o", report).exit_code == 0
    workbook = openpyxl.load_workbook(report)
    plan = workbook["Action plan"]
    [owner] = [cell.column_letter for cell in plan[1] if cell.value == "Owner"]
    plan[f"{owner}2"] = "Head of IT"
    workbook.save(report)
    result = invoke(runner, "import", report, "-o", target, "--force")
    assert result.exit_code == 0, result.output
    assert "action owner: (empty) → 'Head of IT'" in result.stdout
    assert _comment_lines(target) == comments


def test_import_into_an_answers_file_open_in_assess_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers = full_answers(CHECKLIST)
    target = tmp_path / "council.answers.yaml"
    save_answers(target, answers)
    before = target.read_bytes()
    form = questionnaire(tmp_path, answers=answers.model_copy(update={"authority": "Renamed"}))
    with AnswersLock(target):  # as an open `assess` holds it
        result = invoke(runner, "import", form, "-o", target, "--force")
        started = invoke(runner, "import", form, "-o", tmp_path / "new.answers.yaml")
        with AnswersLock(tmp_path / "held.answers.yaml"):  # a new file assess is about to write
            fresh = invoke(runner, "import", form, "-o", tmp_path / "held.answers.yaml")
    assert result.exit_code == 3 and target.read_bytes() == before
    assert result.stderr.startswith(f"error: {target}: is open in another compliance-check ")
    assert started.exit_code == 0, started.output
    assert fresh.exit_code == 3 and "is open in another" in fresh.stderr
    assert not (tmp_path / "held.answers.yaml").exists()


def _with_profile_cell(form: Path, profile: str) -> Path:
    workbook = openpyxl.load_workbook(form)
    meta = workbook["compliance-check"]
    [cell] = [row[1] for row in meta.iter_rows() if row[0].value == "profile"]
    cell.value = profile
    tampered = form.with_name(f"tampered-{profile}.xlsx")
    workbook.save(tampered)
    return tampered


@pytest.mark.parametrize(("made", "profile"), [("core", "full"), ("survey-2009", "core")])
def test_a_tampered_profile_cell_never_clears_items_the_workbook_does_not_list(
    runner: CliRunner, tmp_path: Path, made: str, profile: str
) -> None:
    answers = full_answers(CHECKLIST).model_copy(update={"profile": "full"})
    target = tmp_path / "council.answers.yaml"
    save_answers(target, answers)
    form = tmp_path / f"{made}.xlsx"
    written = invoke(runner, "template", "-o", form, "-p", made, "--from", target)
    assert written.exit_code == 0, written.output
    result = invoke(runner, "import", _with_profile_cell(form, profile), "-o", target, "--force")
    assert result.exit_code == 0, result.output
    listed = {item.id for item in CHECKLIST.in_profile(CHECKLIST.profile(made))}
    kept = load_answers(target).responses
    outside = {rid: r for rid, r in answers.responses.items() if rid not in listed and r.answer}
    assert outside and {rid: kept.get(rid) for rid in outside} == outside
