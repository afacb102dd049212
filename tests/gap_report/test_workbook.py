"""The gap report workbook, read back with openpyxl and python-calamine."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.escape import unescape
from python_calamine import CalamineWorkbook

from compliance_check.errors import OutputError
from compliance_check.gap_report.workbook import (
    ACTION_COLUMNS,
    COMMENT,
    DATE_COMPLETED,
    OWNER,
    RESPONSE_COLUMNS,
    STATUS,
    TARGET_DATE,
    write_gap_report,
)
from compliance_check.model.actions import action_plan
from compliance_check.model.answers import AnswersFile, load_answers
from compliance_check.model.baselines import as_printed, yes_share
from compliance_check.model.checklist import Answer, Checklist
from compliance_check.model.scoring import Assessment, Rag, score
from compliance_check.pages.labels import ANSWER_LABEL, RAG_LABEL
from compliance_check.pages.workbook import (
    PERCENT_FORMAT,
    RAG_FILL,
)
from tests.conftest import WriteAnswers, answers_for, every
from tests.pages.test_cells import payloads

SHEETS = ["Summary", "Action plan", "Responses", "Survey", "Method"]
ACTION_TITLES = [column.title for column in ACTION_COLUMNS]
RESPONSE_TITLES = [column.title for column in RESPONSE_COLUMNS]

# AA-01 must yes 2/2, AA-02 should partly 0.5/1, BB-01 weight-3 should don't know 0/3,
# BB-02 must no 0/2: 2.5 of 8 points.
MIXED = {
    "AA-01": {"answer": "yes", "note": "Signed off", "evidence": ["Minute 12", "https://x.test/a"]},
    "AA-02": {"answer": "partly", "note": "Half done"},
    "BB-01": {"answer": "dont_know"},
    "BB-02": {"answer": "no", "note": "Nothing yet"},
}


def write_report(
    tmp_path: Path, checklist: Checklist, answers: AnswersFile, profile: str | None = None
) -> tuple[Path, Assessment]:
    assessment = score(checklist, answers, checklist.profile(profile))
    path = tmp_path / "report.xlsx"
    write_gap_report(path, checklist, answers, assessment, replace=True)
    return path, assessment


def plain(value: Any) -> Any:
    """A value as both readers should agree on it: openpyxl does not decode _xHHHH_ escapes
    (Excel and calamine do), gives datetimes for dates, and calamine gives floats for numbers
    and '' for empty cells."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unescape(value)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def read_both(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's values by openpyxl, after checking that calamine reads the same."""
    by_openpyxl = load_workbook(path)
    calamine = CalamineWorkbook.from_path(str(path))
    names = by_openpyxl.sheetnames
    assert names == calamine.sheet_names
    # Evidence to check is there only when a yes answer rests on stale evidence or none.
    assert [name for name in names if name != "Evidence to check"] == SHEETS
    sheets: dict[str, list[list[Any]]] = {}
    for name in names:
        rows = [[plain(c.value) for c in row] for row in by_openpyxl[name].iter_rows()]
        other = [
            [plain(value) for value in row] for row in calamine.get_sheet_by_name(name).to_python()
        ]
        width = max(len(row) for row in rows)
        assert [row + [""] * (width - len(row)) for row in other] == rows, name
        sheets[name] = rows
    return sheets


def facts(rows: list[list[Any]]) -> dict[str, Any]:
    """The Summary's label / value pairs above its rating bands: the facts in columns A and B,
    the headline figures beside them in C and G."""
    end = next(index for index, row in enumerate(rows) if row[0] == "Rating bands")
    pairs = [pair for row in rows[2:end] for pair in ((row[0], row[1]), (row[2], row[6]))]
    return {label: value for label, value in pairs if label}


def table_after(rows: list[list[Any]], first_header: str) -> list[dict[str, Any]]:
    """The rows of the Summary table whose header row starts with ``first_header``, up to the
    first empty row."""
    start = next(index for index, row in enumerate(rows) if row[0] == first_header)
    header = [title for title in rows[start] if title]
    table = []
    for row in rows[start + 1 :]:
        if not any(row):
            break
        if not row[0]:
            continue  # a note under the row before
        table.append(dict(zip(header, row, strict=False)))
    return table


def survey_part(rows: list[list[Any]]) -> list[list[Any]]:
    """The Summary's rows from its sector survey heading on."""
    return rows[next(index for index, row in enumerate(rows) if "sector survey" in row[0]) :]


def records(rows: list[list[Any]]) -> list[dict[str, Any]]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_summary_shows_who_what_and_every_figure(tmp_path: Path, mini: Checklist) -> None:
    answers = answers_for(mini, MIXED, respondent={"name": "Jo Bloggs", "role": "head_of_it"})
    path, _ = write_report(tmp_path, mini, answers)
    summary = facts(read_both(path)["Summary"])
    assert summary == {
        "Authority": "Test Borough Council",
        "Type": "District council",
        "Respondent": "Jo Bloggs",
        "Role": "Head of IT",
        "Assessed on": date(2026, 11, 25),
        "Checklist": "Mini checklist",
        "Checklist version": "2.1",
        "Profile": "Everything",
        "Yes answers' evidence": "0 current, 0 stale, 1 undated, 0 none",
        "Overall score": 0.3125,
        "Gap to 100%": 0.6875,
        "Rating (RAG)": "RED",
        "Items in the profile": 4,
        "Not answered": 0,
        "Compliance gaps (no / partly)": 2,
        "Assurance gaps (don't know)": 1,
        "Must items not met": 1,
    }


def test_summary_figures_are_numbers_shown_as_percentages_and_the_rating_has_a_fill(
    tmp_path: Path, mini: Checklist
) -> None:
    path, _ = write_report(tmp_path, mini, answers_for(mini, MIXED))
    sheet = load_workbook(path)["Summary"]
    cells = {row[2].value: row[6] for row in sheet.iter_rows(max_col=7) if row[2].value}
    for label in ("Overall score", "Gap to 100%"):
        assert cells[label].data_type == "n" and cells[label].number_format == PERCENT_FORMAT
    rating = cells["Rating (RAG)"]
    assert rating.value == "RED" and rating.fill.fgColor.rgb.endswith(
        RAG_FILL[Rag.RED].fgColor.rgb[-6:]
    )


def test_section_table_and_unscored_profile(tmp_path: Path, mini: Checklist) -> None:
    path, _ = write_report(tmp_path, mini, answers_for(mini, MIXED))
    sections = table_after(read_both(path)["Summary"], "Section")
    # AA: 2.5 of 3 points; BB: 0 of 5.
    assert sections == [
        {
            "Section": "AA",
            "Title": "First section",
            "Items": 2,
            "Answered": 2,
            "Score": round(250 / 3 / 100, 4),
            "Gap": round(50 / 3 / 100, 4),
            "Rating": "AMBER",
            "Target": 1,
        },
        {
            "Section": "BB",
            "Title": "Second section",
            "Items": 2,
            "Answered": 2,
            "Score": 0,
            "Gap": 1,
            "Rating": "RED",
            "Target": 1,
        },
    ]


def test_a_section_with_nothing_to_score_says_so(tmp_path: Path, mini: Checklist) -> None:
    # A checklist allowing not applicable on every item of a section can leave nothing to score.
    na = {"answer": "not_applicable", "note": "No such service"}
    path, _ = write_report(tmp_path, mini, answers_for(mini, {"AA-01": na, "AA-02": na}))
    first = table_after(read_both(path)["Summary"], "Section")[0]
    assert (first["Score"], first["Gap"], first["Rating"]) == ("n/a", "n/a", "NOT SCORED")


def test_chart_plots_section_scores_against_the_target(tmp_path: Path, mini: Checklist) -> None:
    path, _ = write_report(tmp_path, mini, answers_for(mini, MIXED))
    sheet = load_workbook(path)["Summary"]
    (chart,) = sheet._charts
    assert type(chart).__name__ == "BarChart" and chart.type == "col"
    assert chart.y_axis.scaling.min == 0 and chart.y_axis.scaling.max == 1
    bars, target = chart._charts
    assert type(target).__name__ == "LineChart"
    header = next(row[0].row for row in sheet.iter_rows(max_col=1) if row[0].value == "Section")
    (score_series,) = bars.series
    (target_series,) = target.series
    assert score_series.tx.strRef.f == f"'Summary'!E{header}"
    assert score_series.val.numRef.f == f"'Summary'!$E${header + 1}:$E${header + 2}"
    assert score_series.cat.numRef.f == f"'Summary'!$A${header + 1}:$A${header + 2}"
    assert target_series.val.numRef.f == f"'Summary'!$H${header + 1}:$H${header + 2}"
    assert [sheet.cell(header, 5).value, sheet.cell(header, 8).value] == ["Score", "Target"]


def test_survey_items_sit_beside_the_sector_figure(
    tmp_path: Path, shipped: Checklist, mini: Checklist
) -> None:
    answers = answers_for(shipped, {"GOV-04": "yes", "INC-01": "partly"})
    path, _ = write_report(tmp_path, shipped, answers)
    sheets = read_both(path)
    # The Survey sheet gives each figure in full; the Summary the same rows at a glance.
    rows = sheets["Survey"]
    table = table_after(rows, "Id")
    glance = table_after(survey_part(sheets["Summary"]), "Id")
    assert [
        [row[key] for key in ("Id", "This council", "Sector: yes", "Year")] for row in glance
    ] == [[row[key] for key in ("Id", "This council", "Sector: yes", "Year")] for row in table]
    measured = [r for r in shipped.requirements.values() if r.baseline is not None]
    assert [row["Id"] for row in table] == [r.id for r in measured]
    by_id = {row["Id"]: row for row in table}
    assert by_id["GOV-04"]["This council"] == "Yes"
    assert by_id["INC-01"]["This council"] == "Partly"
    assert by_id["TRF-01"]["This council"] == "Not answered"
    for requirement in measured:
        assert requirement.baseline is not None
        assert by_id[requirement.id]["Sector: yes"] == yes_share(requirement.baseline)
        assert by_id[requirement.id]["Sector figure as published"] == as_printed(
            requirement.baseline
        )
        assert by_id[requirement.id]["Year"] == requirement.baseline.year
    notes = [row[1] for row in rows if str(row[1]).startswith("About the figure: ")]
    assert len(notes) == sum(
        1 for r in measured if r.baseline and (r.baseline.caveat or r.baseline.note)
    )
    # The core profile of the mini checklist has no survey item but AA-01.
    path, _ = write_report(tmp_path, mini, answers_for(mini, {}), profile="core")
    sheets = read_both(path)
    assert [row["Id"] for row in table_after(sheets["Survey"], "Id")] == ["AA-01"]
    assert [row["Id"] for row in table_after(survey_part(sheets["Summary"]), "Id")] == ["AA-01"]


def test_action_plan_lists_every_gap_in_action_order(tmp_path: Path, mini: Checklist) -> None:
    path, assessment = write_report(tmp_path, mini, answers_for(mini, MIXED))
    rows = records(read_both(path)["Action plan"])
    assert list(rows[0]) == ACTION_TITLES
    # Must before should, then by points lost: BB-02 (must, 2 lost), BB-01 (3), AA-02 (0.5).
    assert [row["Id"] for row in rows] == ["BB-02", "BB-01", "AA-02"]
    assert [row["Id"] for row in rows] == [item.requirement_id for item in assessment.gaps]
    assert rows[0] == {
        "#": 1,
        "Priority": "Must",
        "Id": "BB-02",
        "Section": "Second section",
        "Requirement": "Second must",
        "Current answer": "No",
        "Note": "Nothing yet",
        "Recommended action": "Do the second must thing.",
        "Today's equivalent": "",
        "Owner": "",
        "Target date": "",
        "Status": "",
        "Comment": "",
        "Date completed": "",
        "Standing": "",
    }
    assert rows[1]["Current answer"] == ANSWER_LABEL[Answer.DONT_KNOW]


def test_action_plan_shows_todays_equivalents(tmp_path: Path, shipped: Checklist) -> None:
    path, _ = write_report(tmp_path, shipped, answers_for(shipped, {}))
    rows = {row["Id"]: row for row in records(read_both(path)["Action plan"])}
    crosswalk = shipped.requirements["GOV-01"].crosswalk
    lines = rows["GOV-01"]["Today's equivalent"].split("\n")
    assert lines[0] == "UK GDPR: " + "; ".join(crosswalk.uk_gdpr)
    assert "CAF: " + "; ".join(crosswalk.caf_lg) in lines
    assert len(rows) == len(shipped.requirements)
    assert {row["Current answer"] for row in rows.values()} == {ANSWER_LABEL[None]}


def test_action_plan_is_ready_to_work_in_and_to_print(tmp_path: Path, mini: Checklist) -> None:
    path, _ = write_report(tmp_path, mini, answers_for(mini, MIXED))
    sheet = load_workbook(path)["Action plan"]
    last = 4  # header and three gaps
    assert sheet.freeze_panes == "D2"
    (table,) = sheet.tables.values()
    assert table.displayName == "ActionPlan" and table.ref == f"A1:O{last}"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.oddFooter.right.text == "Page &P of &N"
    assert sheet.oddHeader.left.text == "Test Borough Council"
    assert sheet.oddHeader.center.text == "&BOFFICIAL-SENSITIVE&B"
    assert all(c.alignment.wrap_text for row in sheet.iter_rows(min_row=2) for c in row)
    entries = {OWNER, TARGET_DATE, STATUS, COMMENT, DATE_COMPLETED}
    for header, *cells in sheet.iter_cols():
        shaded = {c.fill.fgColor.rgb[-6:] == "FFF2CC" and not c.protection.locked for c in cells}
        assert shaded == {header.value in entries}, header.value
    widths = [sheet.column_dimensions[chr(ord("A") + i)].width for i in range(len(ACTION_COLUMNS))]
    for width, column in zip(widths, ACTION_COLUMNS, strict=True):
        assert column.minimum <= width <= column.width
    # Whole columns: rows the council adds get the same checks.
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert set(validations) == {"K2:K1048576", "L2:L1048576", "N2:N1048576"}
    status, target = validations["L2:L1048576"], validations["K2:K1048576"]
    assert status.type == "list" and status.showErrorMessage
    assert status.formula1 == '"Not started,In progress,Done,Risk accepted"'
    for dates in (target, validations["N2:N1048576"]):
        assert dates.type == "date" and dates.showErrorMessage
        assert dates.operator == "greaterThanOrEqual" and dates.formula1 == "36526"  # 1 Jan 2000
    assert sheet["K2"].number_format == sheet["N2"].number_format == "d mmm yyyy"


def test_a_fully_compliant_council_gets_an_empty_plan_that_says_so(
    tmp_path: Path, mini: Checklist
) -> None:
    path, _ = write_report(tmp_path, mini, answers_for(mini, every(mini, "yes")))
    sheets = read_both(path)
    assert sheets["Action plan"][1][0] == "No gaps: every item in the profile is fully met."
    assert not load_workbook(path)["Action plan"].tables
    assert facts(sheets["Summary"])["Rating (RAG)"] == RAG_LABEL[Rag.GREEN]


def test_responses_hold_every_item_with_points(tmp_path: Path, mini: Checklist) -> None:
    path, _ = write_report(tmp_path, mini, answers_for(mini, MIXED))
    rows = records(read_both(path)["Responses"])
    assert list(rows[0]) == RESPONSE_TITLES
    assert [row["Id"] for row in rows] == list(mini.requirements)
    first = rows[0]
    assert first["Answer"] == "Yes" and first["Note"] == "Signed off"
    assert first["Evidence"] == "Minute 12\nhttps://x.test/a"
    assert [(row["Points earned"], row["Points available"], row["Weight"]) for row in rows] == [
        (2, 2, 2),
        (0.5, 1, 1),
        (0, 3, 3),
        (0, 2, 2),
    ]
    sheet = load_workbook(path)["Responses"]
    assert sheet.freeze_panes == "B2" and sheet.print_title_rows == "$1:$1"


def test_method_explains_scoring_sources_and_evidence_tags(
    tmp_path: Path, shipped: Checklist
) -> None:
    path, _ = write_report(tmp_path, shipped, answers_for(shipped, {}))
    rows = read_both(path)["Method"]
    text = "\n".join(" | ".join(str(value) for value in row) for row in rows)
    explained = {row[0]: row[1] for row in rows if row[0]}
    assert explained["Points"].startswith(
        "Each answer earns a share of the item's weight: yes 1, partly 0.5, no 0, don't know 0"
    )
    assert explained["Weights"].startswith("Must items weigh 2, should items 1")
    assert explained["Rating (RAG)"].startswith("GREEN at 100% or more, AMBER from 75%, RED below")
    assert "must before should, then by weighted points lost" in explained["Action order"]
    for tag, meaning in shipped.evidence_levels.items():
        assert explained[tag] == meaning
    for answer in [*Answer, None]:
        assert ANSWER_LABEL[answer] in explained
    assert explained["Title"] == shipped.guideline.title
    assert "at most 55% yes" in explained["GOV-05"]
    assert "of respondents, not councils" in explained["GOV-05"]
    assert explained["The must rule"] == shipped.priority_rule.statement  # type: ignore[union-attr]
    assert (
        "CAF v3.2"
        in explained["NCSC Cyber Assessment Framework, as used by the CAF for local government"]
    )
    assert "UK GDPR as amended" in explained["UK GDPR"]
    assert shipped.content_sha256 in text


def test_method_follows_the_checklists_own_scoring(tmp_path: Path, mini: Checklist) -> None:
    custom = mini.model_copy(deep=True)
    custom.scoring.points.partly = 0.25
    custom.scoring.rag.amber = 60
    path, _ = write_report(tmp_path, custom, answers_for(mini, MIXED))
    explained = {row[0]: row[1] for row in read_both(path)["Method"] if row[0]}
    assert "partly 0.25" in explained["Points"]
    assert "AMBER from 60%" in explained["Rating (RAG)"]


def no_formulas(path: Path) -> None:
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for item in row:
                assert item.data_type != "f", (sheet.title, item.coordinate, item.value)


def gap_text(sheets: dict[str, list[list[Any]]]) -> dict[str, dict[str, str]]:
    """The note per requirement id, from the Action plan and from Responses."""
    return {
        name: {row["Id"]: row["Note"] for row in records(sheets[name])}
        for name in ("Action plan", "Responses")
    }


def test_every_injection_payload_from_an_answers_file_stays_text(
    tmp_path: Path, shipped: Checklist, write_answers: WriteAnswers
) -> None:
    values = payloads()
    ids = list(shipped.requirements)[: len(values)]
    responses = {
        rid: {"answer": "no", "note": value, "evidence": [value]}
        for rid, value in zip(ids, values, strict=True)
    }
    answers_path = write_answers(shipped, responses, authority=values[0])
    answers = load_answers(answers_path, shipped)
    # A note is the respondent's own text: read and written exactly, leading tab or CR included.
    expected = values
    assert [answers.responses[rid].note for rid in ids] == expected
    path, _ = write_report(tmp_path, shipped, answers)
    no_formulas(path)
    sheets = read_both(path)
    for sheet_text in gap_text(sheets).values():
        assert [sheet_text[rid] for rid in ids] == expected
    evidence = {row["Id"]: row["Evidence"] for row in records(sheets["Responses"])}
    assert [evidence[rid] for rid in ids] == expected
    assert facts(sheets["Summary"])["Authority"] == values[0]


def test_control_characters_from_an_answers_file_are_replaced_visibly(
    tmp_path: Path, mini: Checklist, write_answers: WriteAnswers
) -> None:
    note = "bell\x07 nul\x00 escape\x1b tab\tkept"
    answers_path = write_answers(mini, {"BB-02": {"answer": "no", "note": note}})
    path, _ = write_report(tmp_path, mini, load_answers(answers_path, mini))
    shown = "bell\u2407 nul\u2400 escape\u241b tab\tkept"
    for sheet_text in gap_text(read_both(path)).values():
        assert sheet_text["BB-02"] == shown


def test_a_failed_save_leaves_no_partial_file_and_the_old_one_intact(
    tmp_path: Path, mini: Checklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, assessment = write_report(tmp_path, mini, answers_for(mini, MIXED))
    before = path.read_bytes()

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    # The disk fills while the new workbook is being written beside the old one.
    with monkeypatch.context() as patch:
        patch.setattr("compliance_check.files.atomic.os.fsync", disk_full)
        answers = answers_for(mini, every(mini, "yes"))
        with pytest.raises(OutputError, match="No space left on device"):
            write_gap_report(path, mini, answers, score(mini, answers))
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["report.xlsx"]
    fresh = tmp_path / "fresh.xlsx"
    monkeypatch.setattr(Workbook, "save", lambda self, handle: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_gap_report(fresh, mini, answers, assessment)
    assert sorted(os.listdir(tmp_path)) == ["report.xlsx"]


def test_an_incomplete_assessment_says_so_at_the_top_and_every_page_is_marked(
    tmp_path: Path, mini: Checklist
) -> None:
    answers = answers_for(mini, {"AA-01": "yes"})
    assessment = score(mini, answers)
    path = tmp_path / "report.xlsx"
    write_gap_report(path, mini, answers, assessment, "OFFICIAL")
    workbook = load_workbook(path)
    banner = workbook["Summary"]["A2"].value
    assert banner.startswith("Incomplete: 3 of 4 items not answered.")
    for sheet in workbook.worksheets:
        assert sheet.oddHeader.left.text == "Test Borough Council", sheet.title
        assert sheet.oddHeader.center.text == "&BOFFICIAL&B", sheet.title
        assert sheet.oddHeader.right.text == "Assessed 25 Nov 2026", sheet.title
        assert sheet.oddFooter.right.text == "Page &P of &N", sheet.title


def test_the_plan_shows_each_action_s_standing_and_the_summary_counts_them(
    tmp_path: Path, mini: Checklist
) -> None:
    last = answers_for(
        mini,
        {
            **MIXED,
            "BB-02": {"answer": "no", "actions": {"owner": "SIRO", "target_date": "2026-03-31"}},
            "AA-02": {"answer": "partly", "actions": {"owner": "DPO", "status": "in_progress"}},
        },
        assessed_on="2025-11-20",
    )
    answers = answers_for(
        mini,
        {
            **MIXED,
            "BB-01": {
                "answer": "dont_know",
                "actions": {"owner": "Head of IT", "status": "done", "completed_on": "2026-05-14"},
            },
        },
    )
    plan = action_plan(answers, date(2026, 12, 6), previous=last)
    assessment = score(mini, answers)
    path = tmp_path / "report.xlsx"
    write_gap_report(path, mini, answers, assessment, plan=plan)
    sheets = read_both(path)
    rows = {row["Id"]: row for row in records(sheets["Action plan"])}
    # A done action says so beside its status; a carried one says where it came from.
    assert (rows["BB-01"]["Status"], rows["BB-01"]["Standing"]) == ("Done", "Done 14 May 2026")
    assert rows["BB-02"]["Owner"] == "SIRO"
    assert rows["BB-02"]["Standing"] == "Overdue; carried forward from 20 Nov 2025"
    assert rows["AA-02"]["Standing"] == "In progress; carried forward from 20 Nov 2025"
    figures = facts(sheets["Summary"])
    assert figures["Actions in the plan"] == 3 and figures["Of these, done"] == 1
    assert figures["Of these, overdue on 6 Dec 2026"] == 1
    assert figures["Carried forward from 20 Nov 2025"] == 2
    assert figures["Done since 20 Nov 2025"] == 0
