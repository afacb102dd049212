"""The gap report workbook: summary, action plan, responses and method, safe for any answer text."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from compliance_check import __version__
from compliance_check.files.xlsxio import ACTION_PLAN
from compliance_check.gap_report.evidence import evidence_sheet
from compliance_check.model.actions import ActionPlan, action_plan
from compliance_check.model.answers import Action, AnswersFile
from compliance_check.model.baselines import TIER_WORDS, as_printed, sentence, yes_share
from compliance_check.model.checklist import (
    NATION_NAMES,
    Answer,
    Baseline,
    Checklist,
    Crosswalk,
    FrameworkStatus,
    Priority,
)
from compliance_check.model.crosswalk import Coverage
from compliance_check.model.evidence import CURRENT_MONTHS, Evidence, EvidenceAge
from compliance_check.model.scoring import Assessment, GapKind, ItemResult, Rag
from compliance_check.pages.labels import (
    ACTION_STATUS_LABEL,
    ANSWER_LABEL,
    AUTHORITY_TYPE_LABEL,
    MARKING_SENSITIVE,
    RAG_LABEL,
    ROLE_LABEL,
    day_text,
    round_figure,
    standing_words,
)
from compliance_check.pages.paging import keep_together
from compliance_check.pages.workbook import (
    BOLD,
    BORDER,
    DATE_FORMAT,
    FONT_NAME,
    PERCENT_FORMAT,
    TITLE_FONT,
    WRAP,
    CellValue,
    Column,
    Letterhead,
    Notes,
    column_cells,
    date_validation,
    fit_heights,
    fraction,
    header_row,
    list_validation,
    percent_chart,
    print_setup,
    save_workbook,
    set_widths,
    table_sheet,
    write,
    write_rag,
)

SUMMARY = "Summary"
RESPONSES = "Responses"
SURVEY = "Survey"
SURVEY_WIDTHS = (9, 40, 10, 22, 14, 7)
METHOD = "Method"
NOTES = "Notes"
# The action plan's columns the council fills in; importing a plan reads them back by these
# names, so they stay as they are.
OWNER, TARGET_DATE, STATUS, COMMENT, DATE_COMPLETED = (
    "Owner",
    "Target date",
    "Status",
    "Comment",
    "Date completed",
)
STANDING = "Standing"
STATUSES = ("Not started", "In progress", "Done", "Risk accepted")
# The Summary lists this many must items not met, then says how many more there are.
MUST_LISTED = 10
INCOMPLETE_FILL = PatternFill("solid", fgColor="FFEB9C")

ANSWER_MEANING: dict[Answer | None, str] = {
    Answer.YES: "In place across the council, with evidence to show it.",
    Answer.PARTLY: "In place in part: in some services, some of the time, or not written down.",
    Answer.NO: "Not in place: a compliance gap.",
    Answer.DONT_KNOW: "The respondent cannot say whether it is in place: an assurance gap.",
    Answer.NOT_APPLICABLE: "Does not apply to this council. Allowed only where the item says so, "
    "with a note saying why; the item is left out of the score.",
    None: "Not answered yet: the assessment is incomplete.",
}
ANSWER_HEADER = ("Answer", "Meaning", "Share of the weight")
# Short names for the action plan's cells, full names for the Method sheet.
CROSSWALK_LABEL = {
    "uk_gdpr": ("UK GDPR", "UK GDPR articles"),
    "ico_accountability": ("ICO", "ICO Accountability Framework categories"),
    "caf_lg": ("CAF", "NCSC Cyber Assessment Framework outcomes for local government"),
    "dspt": ("DSPT", "NHS Data Security and Protection Toolkit standards"),
    "other": ("Other", "other codes and statutes"),
}
# Colours that stay apart in greyscale and for red-green colour blindness: a dark blue bar
# against a dashed near-black target line.
BAR_COLOUR = "2F5597"
TARGET_COLOUR = "262626"
SECTION_HEADERS = ("Section", "Title", "Items", "Answered", "Score", "Gap", "Rating", "Target")
SUMMARY_WIDTHS = (14, 45, 8, 10, 8, 8, 11, 8)
FACTS_ROW = 4  # the facts and, beside them, the headline figures start here
FIGURE_LABEL, FIGURE = 3, 7  # the headline figures' label (to column F) and value columns
CHART_COLUMN = 4  # the section chart's left edge, right of the must items' three columns
PERCENT_HEADERS = {"Score", "Gap", "Target"}
SCORE_COLUMN = SECTION_HEADERS.index("Score") + 1  # the chart plots this column
TARGET_COLUMN = SECTION_HEADERS.index("Target") + 1  # and this one as its target line
CM_PER_ROW = 0.53  # a default-height row (15 points)
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
TOP = Alignment(horizontal="left", vertical="top")
HEADING_FONT = Font(name=FONT_NAME, bold=True, size=12)


def crosswalk_text(crosswalk: Crosswalk) -> str | None:
    """Today's equivalents of an item, one regime a line."""
    lines = [
        f"{short}: {'; '.join(values)}"
        for field, (short, _) in CROSSWALK_LABEL.items()
        if (values := getattr(crosswalk, field))
    ]
    return "\n".join(lines) or None


def evidence_text(evidence: Sequence[Evidence]) -> str | None:
    """Evidence references, one a line, each with its dates."""
    return "\n".join(entry.line() for entry in evidence) or None


def percent_or_na(value: float | None) -> float | str:
    """A score or gap as the fraction a % format shows, or 'n/a' when nothing was scored."""
    shown = fraction(round_figure(value))
    return "n/a" if shown is None else shown


def letterhead_for(answers: AnswersFile, marking: str = MARKING_SENSITIVE) -> Letterhead:
    """The header every page of a council's report carries."""
    return Letterhead(
        name=answers.authority, dated=f"Assessed {answers.assessed_on:%d %b %Y}", marking=marking
    )


def _fact(sheet: Worksheet, row: int, label: str, value: CellValue, **style: Any) -> int:
    write(sheet, row, 1, label, font=BOLD, alignment=WRAP)
    write(sheet, row, 2, value, alignment=LEFT, **style)
    return row + 1


def _figure(sheet: Worksheet, row: int, label: str, value: CellValue, **style: Any) -> None:
    """A headline figure in the Summary's right-hand block, beside the facts."""
    # Merged cells are not wrapped: Calc would fit the row to the first column's width alone.
    write(sheet, row, FIGURE_LABEL, label, font=BOLD, alignment=TOP)
    sheet.merge_cells(start_row=row, end_row=row, start_column=FIGURE_LABEL, end_column=FIGURE - 1)
    write(sheet, row, FIGURE, value, alignment=TOP, **style)
    sheet.merge_cells(
        start_row=row, end_row=row, start_column=FIGURE, end_column=len(SECTION_HEADERS)
    )


def _heading(sheet: Worksheet, row: int, text: str, font: Font = HEADING_FONT) -> int:
    write(sheet, row, 1, text, font=font)
    return row + 1


def _section_chart(sheet: Worksheet, header: int, last: int) -> BarChart:
    """Section scores as columns, with the 100% target as a dashed line across them."""
    chart = percent_chart("Section scores against the 100% target", width=11.5, height=6.5)
    chart.add_data(
        Reference(sheet, min_col=SCORE_COLUMN, min_row=header, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    bars = chart.series[0]
    # No value labels: at a dozen sections they print over each other, and the Sections table
    # beside the chart gives every figure.
    bars.graphicalProperties = GraphicalProperties(solidFill=BAR_COLOUR)
    target = LineChart()
    target.add_data(
        Reference(sheet, min_col=TARGET_COLUMN, min_row=header, max_row=last), titles_from_data=True
    )
    line = target.series[0]
    line.graphicalProperties = GraphicalProperties(
        ln=LineProperties(solidFill=TARGET_COLOUR, prstDash="dash", w=28575)
    )
    line.marker.symbol = "none"
    line.smooth = False
    chart += target
    return chart


def _banner(sheet: Worksheet, assessment: Assessment) -> None:
    """Row 2 of the Summary: that the assessment is incomplete, when it is."""
    if assessment.complete:
        return
    write(
        sheet,
        2,
        1,
        f"Incomplete: {assessment.unanswered} of {len(assessment.items)} items not answered. "
        "They score nothing until they are answered.",
        font=BOLD,
        fill=INCOMPLETE_FILL,
        border=BORDER,
        alignment=TOP,
    )
    sheet.merge_cells(start_row=2, end_row=2, start_column=1, end_column=len(SECTION_HEADERS))


def _headline(sheet: Worksheet, row: int, assessment: Assessment, plan: ActionPlan) -> int:
    """The headline figures, beside the facts from ``row`` down; returns the row under them."""
    _figure(
        sheet,
        row,
        "Overall score",
        percent_or_na(assessment.score),
        number_format=PERCENT_FORMAT,
        font=TITLE_FONT,
    )
    offset = 1
    if not assessment.complete:
        # Beside the overall score, so that a partial score is never read as a final one.
        answered = len(assessment.items) - assessment.unanswered
        _figure(
            sheet,
            row + 1,
            f"Score over the {answered} answered items",
            percent_or_na(assessment.answered_score),
            number_format=PERCENT_FORMAT,
        )
        offset = 2
    row += offset - 1
    _figure(
        sheet, row + 1, "Gap to 100%", percent_or_na(assessment.gap), number_format=PERCENT_FORMAT
    )
    write(sheet, row + 2, FIGURE_LABEL, "Rating (RAG)", font=BOLD, alignment=TOP)
    write_rag(sheet, row + 2, FIGURE, assessment.rag)
    figures = (
        ("Items in the profile", len(assessment.items)),
        ("Not answered", assessment.unanswered),
        ("Compliance gaps (no / partly)", assessment.count(GapKind.COMPLIANCE)),
        ("Assurance gaps (don't know)", assessment.count(GapKind.ASSURANCE)),
        ("Must items not met", assessment.must_not_met),
        *_plan_figures(plan),
    )
    for offset, (label, value) in enumerate(figures, start=row + 3):
        _figure(sheet, offset, label, value)
    return row + 3 + len(figures)


def _plan_figures(plan: ActionPlan) -> list[tuple[str, CellValue]]:
    """The action plan's figures, as every output gives them (``plan_sentence``); none for a
    plan with nothing recorded."""
    if not plan.recorded:
        return []
    on = day_text(plan.as_of)
    done = sum(1 for entry in plan.entries.values() if entry.done)
    figures: list[tuple[str, CellValue]] = [
        ("Actions in the plan", len(plan.entries)),
        ("Of these, done", done),
        (f"Of these, overdue on {on}", len(plan.overdue)),
    ]
    if plan.previous_on is not None:
        since = day_text(plan.previous_on)
        figures += [
            (f"Done since {since}", len(plan.done)),
            (f"Carried forward from {since}", len(plan.carried)),
        ]
    return figures


def _rag_legend(sheet: Worksheet, row: int, checklist: Checklist) -> int:
    """The checklist's rating bands, each word on its colour."""
    bands = checklist.scoring.rag
    row = _heading(sheet, row, "Rating bands")
    meanings = (
        (Rag.GREEN, f"{bands.green:g}% or more"),
        (Rag.AMBER, f"{bands.amber:g}% to under {bands.green:g}%"),
        (Rag.RED, f"under {bands.amber:g}%"),
        (Rag.NOT_SCORED, "nothing in the profile could be scored"),
    )
    for offset, (rag, meaning) in enumerate(meanings):
        write_rag(sheet, row + offset, 1, rag)
        write(sheet, row + offset, 2, meaning)
    return row + len(meanings) + 1


def _sections(sheet: Worksheet, row: int, assessment: Assessment) -> tuple[int, BarChart | None]:
    """The section table, and its chart to place; returns the first free row under the table."""
    row = _heading(sheet, row, "Sections")
    header = row
    header_row(sheet, header, SECTION_HEADERS)
    for row, section in enumerate(assessment.sections, start=header + 1):
        values = (
            section.section_id,
            section.title,
            section.items,
            section.answered,
            percent_or_na(section.score),
            percent_or_na(section.gap),
            RAG_LABEL[section.rag],
            1.0,
        )
        for column, (title, value) in enumerate(zip(SECTION_HEADERS, values, strict=True), 1):
            number_format = PERCENT_FORMAT if title in PERCENT_HEADERS else "General"
            write(
                sheet,
                row,
                column,
                value,
                alignment=WRAP,
                border=BORDER,
                number_format=number_format,
            )
        write_rag(sheet, row, SECTION_HEADERS.index("Rating") + 1, section.rag)
    if not assessment.sections:
        return row + 2, None
    return row + 2, _section_chart(sheet, header, row)


def _must_not_met(sheet: Worksheet, row: int, assessment: Assessment) -> int:
    """The must items not met, the first ``MUST_LISTED`` of them in action order."""
    musts = [item for item in assessment.gaps if item.priority is Priority.MUST]
    row = _heading(sheet, row, "Must items not met")
    if not musts:
        write(sheet, row, 1, "None: every must item in the profile is met.")
        return row + 2
    header_row(sheet, row, ["Id", "Requirement", "Answer"])
    for item in musts[:MUST_LISTED]:
        row += 1
        write(sheet, row, 1, item.requirement_id, alignment=WRAP, border=BORDER)
        write(sheet, row, 2, item.title, alignment=WRAP, border=BORDER)
        write(sheet, row, 3, ANSWER_LABEL[item.answer], alignment=WRAP, border=BORDER)
    if len(musts) > MUST_LISTED:
        row += 1
        write(
            sheet, row, 1, f"and {len(musts) - MUST_LISTED} more: the Action plan lists them all."
        )
    return row + 2


def _summary(
    sheet: Worksheet,
    checklist: Checklist,
    answers: AnswersFile,
    assessment: Assessment,
    letterhead: Letterhead,
    plan: ActionPlan,
) -> None:
    sheet.title = SUMMARY
    set_widths(sheet, SUMMARY_WIDTHS)
    _heading(sheet, 1, f"Gap report: {answers.authority}", TITLE_FONT)
    _banner(sheet, assessment)
    row = FACTS_ROW
    below_figures = _headline(sheet, row, assessment, plan)
    respondent = answers.respondent
    authority_type = answers.authority_type
    row = _fact(sheet, row, "Authority", answers.authority)
    row = _fact(
        sheet, row, "Type", AUTHORITY_TYPE_LABEL[authority_type] if authority_type else "Not given"
    )
    row = _fact(sheet, row, "Respondent", respondent.name or "Not given")
    row = _fact(sheet, row, "Role", ROLE_LABEL[respondent.role])
    row = _fact(sheet, row, "Assessed on", answers.assessed_on, number_format=DATE_FORMAT)
    row = _fact(sheet, row, "Checklist", checklist.title)
    row = _fact(sheet, row, "Checklist version", checklist.version)
    row = _fact(sheet, row, "Profile", assessment.profile_title)
    ages = assessment.evidence_ages()
    row = _fact(
        sheet,
        row,
        "Yes answers' evidence",
        f"{ages[EvidenceAge.CURRENT]} current, {ages[EvidenceAge.STALE]} stale, "
        f"{ages[EvidenceAge.UNDATED]} undated, {ages[EvidenceAge.NONE]} none",
    )
    row = _rag_legend(sheet, max(row, below_figures) + 1, checklist)
    row, chart = _sections(sheet, row, assessment)
    if chart is not None:
        # Beside the must items (columns A to C), so that the Summary stays on one page.
        sheet.add_chart(chart, f"{get_column_letter(CHART_COLUMN)}{row}")
    below = _must_not_met(sheet, row, assessment)
    if chart is not None:
        below = max(below, row + 1 + int(chart.height / CM_PER_ROW))
    _survey_glance(sheet, below, checklist, assessment)
    # One page: the summary a SIRO or a committee reads at a glance.
    print_setup(sheet, letterhead, landscape=False, one_page=True)


def _measured(checklist: Checklist, assessment: Assessment) -> list[tuple[ItemResult, Baseline]]:
    """The items of the profile a sector survey measured, with the survey's figure."""
    return [
        (item, baseline)
        for item in assessment.items
        if (baseline := checklist.requirements[item.requirement_id].baseline) is not None
    ]


def _survey_glance(
    sheet: Worksheet, row: int, checklist: Checklist, assessment: Assessment
) -> None:
    """The Summary's short survey comparison: the Survey sheet gives each figure in full."""
    measured = _measured(checklist, assessment)
    row = _heading(sheet, row, "This council beside the sector survey")
    if not measured:
        write(sheet, row, 1, "No item in this profile was measured by a sector survey.")
        return
    header_row(sheet, row, ["Id", "Requirement", "This council", "Sector: yes", "Year"])
    for item, baseline in measured:
        row += 1
        write(sheet, row, 1, item.requirement_id, alignment=WRAP, border=BORDER)
        write(sheet, row, 2, item.title, alignment=WRAP, border=BORDER)
        write(sheet, row, 3, ANSWER_LABEL[item.answer], alignment=WRAP, border=BORDER)
        write(sheet, row, 4, yes_share(baseline), alignment=WRAP, border=BORDER)
        write(sheet, row, 5, baseline.year, alignment=WRAP, border=BORDER)
    # Wrapped within the table's width: text running on to the right would widen the print.
    write(
        sheet,
        row + 1,
        2,
        f"Shares of respondents, not of councils. The {SURVEY} sheet gives each figure as "
        "published and what it can and cannot say.",
        alignment=WRAP,
    )


def _survey_comparison(
    sheet: Worksheet, row: int, checklist: Checklist, assessment: Assessment
) -> None:
    """This council's answer beside the sector figure, for every item a survey measured."""
    measured = _measured(checklist, assessment)
    row = _heading(sheet, row, "This council beside the sector survey", TITLE_FONT)
    sources = sorted({f"{baseline.source} ({baseline.year})" for _, baseline in measured})
    write(
        sheet,
        row,
        2,
        f"Sector figures as published in {'; '.join(sources)}, with what they say about the "
        "share answering yes. They are shares of respondents, not of councils.",
        alignment=WRAP,
    )
    header_row(
        sheet,
        row + 1,
        ["Id", "Requirement", "This council", "Sector figure as published", "Sector: yes", "Year"],
    )
    row += 2
    for item, baseline in measured:
        write(sheet, row, 1, item.requirement_id, alignment=WRAP, border=BORDER)
        write(sheet, row, 2, item.title, alignment=WRAP, border=BORDER)
        write(sheet, row, 3, ANSWER_LABEL[item.answer], alignment=WRAP, border=BORDER)
        write(sheet, row, 4, as_printed(baseline), alignment=WRAP, border=BORDER)
        write(sheet, row, 5, yes_share(baseline), alignment=WRAP, border=BORDER)
        write(sheet, row, 6, baseline.year, alignment=WRAP, border=BORDER)
        row += 1
        if about := (baseline.caveat or baseline.note):
            write(sheet, row, 2, f"About the figure: {about}", alignment=WRAP)
            row += 1


def _survey(
    workbook: Workbook, checklist: Checklist, assessment: Assessment, letterhead: Letterhead
) -> None:
    if not _measured(checklist, assessment):
        return  # a sheet saying only that there is nothing would print a blank page
    sheet = workbook.create_sheet(SURVEY)
    set_widths(sheet, SURVEY_WIDTHS)
    _survey_comparison(sheet, 1, checklist, assessment)
    print_setup(sheet, letterhead, landscape=False)
    fit_heights(sheet)


# The text columns are wide enough that a row of realistic notes takes a few lines: 223 units
# print at 63% on A4 landscape, and hold 8 to 15 rows a page (narrower columns printed larger
# but stood each row a dozen lines high, 4 rows a page).
ACTION_COLUMNS = (
    Column("#", 4, minimum=4),
    Column("Priority", 8),
    Column("Id", 8),
    Column("Section", 13),
    Column("Requirement", 24),
    Column("Current answer", 10),
    Column("Note", 30),
    Column("Recommended action", 34),
    Column("Today's equivalent", 24),
    Column(OWNER, 10, minimum=10, entry=True),
    Column(TARGET_DATE, 11, minimum=11, number_format=DATE_FORMAT, entry=True),
    Column(STATUS, 11, minimum=11, entry=True),
    Column(COMMENT, 12, minimum=12, entry=True),
    Column(DATE_COMPLETED, 11, minimum=11, number_format=DATE_FORMAT, entry=True),
    # Worked out from the columns before it and the report's date; never read back.
    Column(STANDING, 10, minimum=10),
)


def _action_rows(
    checklist: Checklist, plan: ActionPlan, assessment: Assessment
) -> Iterator[list[CellValue]]:
    for rank, item in enumerate(assessment.gaps, start=1):
        requirement = checklist.requirements[item.requirement_id]
        entry = plan.get(item.requirement_id)
        action = entry.action if entry is not None else Action()
        yield [
            rank,
            item.priority.value.capitalize(),
            item.requirement_id,
            checklist.section_of[item.requirement_id].title,
            item.title,
            ANSWER_LABEL[item.answer],
            item.note,
            item.action,
            crosswalk_text(requirement.crosswalk),
            action.owner,
            action.target_date,
            ACTION_STATUS_LABEL[action.status] if action.status else None,
            action.comment,
            action.completed_on,
            standing_words(entry) if entry is not None else None,
        ]


def _action_plan(
    workbook: Workbook,
    checklist: Checklist,
    plan: ActionPlan,
    assessment: Assessment,
    letterhead: Letterhead,
    notes: Notes,
) -> None:
    rows = _action_rows(checklist, plan, assessment)
    sheet = table_sheet(
        workbook,
        ACTION_PLAN,
        ACTION_COLUMNS,
        rows,
        letterhead=letterhead,
        table_name="ActionPlan",
        notes=notes,
        frozen_columns=3,
        key_column=2,
    )
    if not assessment.gaps:
        write(sheet, 2, 1, "No gaps: every item in the profile is fully met.")
    # Whole columns, so rows the council adds get the same checks in Excel and LibreOffice.
    for title in (TARGET_DATE, DATE_COMPLETED):
        date_validation(sheet, column_cells(sheet, title))
    list_validation(sheet, column_cells(sheet, STATUS), STATUSES)


RESPONSE_COLUMNS = (
    Column("Id", 8),
    Column("Section", 16),
    Column("Requirement", 26),
    Column("Priority", 9),
    Column("Answer", 10),
    Column("Points earned", 9),
    Column("Points available", 10),
    Column("Weight", 8),
    Column("Note", 34),
    Column("Evidence", 28),
)


def _responses(
    workbook: Workbook,
    checklist: Checklist,
    assessment: Assessment,
    letterhead: Letterhead,
    notes: Notes,
) -> None:
    rows = (
        [
            item.requirement_id,
            checklist.section_of[item.requirement_id].title,
            item.title,
            item.priority.value.capitalize(),
            ANSWER_LABEL[item.answer],
            item.earned,
            item.possible,
            item.weight,
            item.note,
            evidence_text(item.evidence),
        ]
        for item in assessment.items
    )
    table_sheet(
        workbook,
        RESPONSES,
        RESPONSE_COLUMNS,
        rows,
        letterhead=letterhead,
        table_name="Responses",
        notes=notes,
        frozen_columns=1,
    )


def _method_rows(checklist: Checklist, assessment: Assessment) -> Iterator[tuple[str, ...]]:
    """The Method sheet as (heading,) or (term, explanation[, figure]) rows."""
    scoring = checklist.scoring
    points, weights, bands = scoring.points, scoring.weights, scoring.rag
    profile = checklist.profile(assessment.profile_id)
    yield ("How scores are computed",)
    if assessment.nation is not None:
        left_out = ", ".join(assessment.not_in_nation) or "none"
        yield (
            "Nation",
            f"Scored for {NATION_NAMES[assessment.nation]}. Items that do not apply there are "
            f"left out of the score, as a not-applicable answer is: {left_out}.",
        )
    yield (
        "Points",
        f"Each answer earns a share of the item's weight: yes {points.yes:g}, partly "
        f"{points.partly:g}, no {points.no:g}, don't know {points.dont_know:g}, not answered 0. "
        "Not applicable takes the item out of the sum altogether.",
    )
    yield (
        "Weights",
        f"Must items weigh {weights.must:g}, should items {weights.should:g}, unless the "
        "checklist sets an item's own weight (the Responses sheet shows each item's weight).",
    )
    yield (
        "Score and gap",
        "Score = points earned as a percentage of points available, overall and per section; "
        "the gap is 100 minus the score. The target is 100%: an authority is compliant only at "
        "100% with every item answered.",
    )
    yield (
        "Rating (RAG)",
        f"GREEN at {bands.green:g}% or more, AMBER from {bands.amber:g}%, RED below; NOT SCORED "
        "when no item could be scored. The rating is always written as a word: the fill colour "
        "only helps.",
    )
    yield (
        "Gaps",
        "Compliance gaps (no, partly): the council knows it falls short. Assurance gaps "
        "(don't know): the council cannot say. Unanswered items are listed as not answered.",
    )
    yield (
        "Action order",
        "The Action plan lists every item not fully met: must before should, then by weighted "
        "points lost (most first), then in checklist order.",
    )
    yield (
        "Standing",
        "Where each action stands on the report's date (the Summary gives it): Done when its "
        "status is Done, it has a date completed, or the item is now met; Overdue when it is "
        "not done, not risk accepted, and its target date has passed. An action carried forward "
        "is one the previous assessment's plan left open and this file has no action for. The "
        "terminal, JSON, progress workbook and briefing give the same standing.",
    )
    yield (
        "Evidence",
        "Beside the score, not part of it: a yes answer's evidence is current when its newest "
        f"dated entry is from the {CURRENT_MONTHS} months before the assessment and not past "
        "its review date, stale when older or past review, undated when no entry has a date. "
        "Evidence to check lists the stale and missing.",
    )
    yield (
        "Profile",
        f"A profile scores only its own items. This report uses {profile.title} "
        f"({profile.id}): {profile.description}",
    )
    yield (
        "Precision",
        "Scores and gaps are stored to two decimals, the same figures as "
        "compliance-check score --format json gives, and shown to one.",
    )
    yield ("Answers",)
    share = {
        Answer.YES: f"{points.yes:g}",
        Answer.PARTLY: f"{points.partly:g}",
        Answer.NO: f"{points.no:g}",
        Answer.DONT_KNOW: f"{points.dont_know:g}",
        Answer.NOT_APPLICABLE: "left out",
        None: "0",
    }
    yield ANSWER_HEADER
    for answer, meaning in ANSWER_MEANING.items():
        yield (ANSWER_LABEL[answer], meaning, share[answer])
    guideline = checklist.guideline
    yield ("The guideline",)
    yield ("Title", guideline.title)
    yield ("Publisher", guideline.publisher)
    if guideline.partners:
        yield ("Partners", "; ".join(guideline.partners))
    yield ("Published", guideline.published)
    if guideline.note:
        yield ("About the source", guideline.note)
    yield ("Survey figures",)
    measured = [r for r in checklist.requirements.values() if r.baseline is not None]
    for requirement in measured:
        assert requirement.baseline is not None
        yield (requirement.id, sentence(requirement.baseline))
    if measured:
        yield (
            "How they are used",
            "Each figure is shown as published, with what it counts and what it says about the "
            "share answering yes (a ceiling is shown as 'at most'). Survey figures are never "
            "part of the score.",
        )
    else:
        yield ("None", "This checklist holds no sector survey figures.")
    if checklist.priority_rule is not None:
        yield ("Priority",)
        yield ("The must rule", checklist.priority_rule.statement)
        for tier, words in TIER_WORDS.items():
            priority = checklist.priority_rule.priority_of(tier).value
            yield (
                words.capitalize(),
                f"{priority}; each item names its basis (compliance-check checklist show)",
            )
    if checklist.frameworks:
        yield ("Framework versions",)
        for framework in checklist.frameworks:
            status = " (withdrawn)" if framework.status is FrameworkStatus.WITHDRAWN else ""
            note = f" {framework.note}" if framework.note else ""
            yield (
                framework.title + status,
                f"Version: {framework.version}. Applies: {framework.applies}{note}",
            )
    yield ("Evidence tags",)
    yield (
        "Why tags",
        "Each requirement cites its sources with a tag saying how directly they tie it to the "
        "guideline (the checklist file lists them for every item).",
    )
    for tag, meaning in checklist.evidence_levels.items():
        yield (tag, meaning)
    yield ("Today's equivalent",)
    yield (
        "Crosswalk",
        "The Action plan maps each gap to what it means today: "
        + "; ".join(f"{short}: {full}" for short, full in CROSSWALK_LABEL.values())
        + ".",
    )
    yield ("This report",)
    yield (
        "Checklist",
        f"{checklist.id} version {checklist.version}, released {checklist.released}",
    )
    yield ("Checklist content", f"sha256 {checklist.content_sha256}")
    yield ("Written by", f"compliance-check {__version__}")


PROPOSALS = "Proposals"
PROPOSAL_HEADER = ("Id", "Requirement", "Proposed answer", "To decide", "Carried from")


def _proposals(
    workbook: Workbook, answers: AnswersFile, assessment: Assessment, letterhead: Letterhead
) -> None:
    """For answers carried across from another checklist: how far they go, and each one."""
    carried = [
        (item, proposal)
        for item in assessment.items
        if (response := answers.responses.get(item.requirement_id)) is not None
        and response.answer is None
        and (proposal := response.proposal) is not None
    ]
    if not carried:
        return
    sheet = workbook.create_sheet(PROPOSALS)
    set_widths(sheet, [9, 34, 12, 26, 44])
    source = f"{carried[0][1].checklist} {carried[0][1].checklist_version}"
    coverage = Coverage.of(
        (item.requirement_id for item in assessment.items),
        {item.requirement_id: item.answer for item in assessment.items},
        {item.requirement_id: proposal.answer for item, proposal in carried},
    )
    row = _heading(sheet, 1, "Answers carried across, not yet confirmed", TITLE_FONT)
    write(sheet, row, 1, coverage.sentence(source, assessment.checklist_id), alignment=WRAP)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    write(
        sheet,
        row + 1,
        1,
        "None of these is scored until a person confirms it: compliance-check assess --review "
        "shows each with where it came from; Enter accepts it, any other answer replaces it.",
        alignment=WRAP,
    )
    sheet.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=5)
    header_row(sheet, row + 3, PROPOSAL_HEADER)
    for offset, (item, proposal) in enumerate(carried, start=row + 4):
        values = (
            item.requirement_id,
            item.title,
            ANSWER_LABEL[proposal.answer] if proposal.answer is not None else "",
            proposal.review or "",
            proposal.provenance(),
        )
        for column, value in enumerate(values, start=1):
            write(sheet, offset, column, value, alignment=WRAP)
    print_setup(sheet, letterhead, title_rows=f"{row + 3}:{row + 3}")
    fit_heights(sheet)
    # The two sentences span the table's width; fitted to the first column alone they would
    # stand a page high.
    for merged in (row, row + 1):
        sheet.row_dimensions[merged].height = 30


def _method(
    workbook: Workbook, checklist: Checklist, assessment: Assessment, letterhead: Letterhead
) -> None:
    sheet = workbook.create_sheet(METHOD)
    set_widths(sheet, [26, 90, 12])
    row = _heading(sheet, 1, "How this report was made", TITLE_FONT)
    headings = []
    for values in _method_rows(checklist, assessment):
        if len(values) == 1:
            headings.append(row + 1)
            row = _heading(sheet, row + 1, values[0])
            continue
        if values is ANSWER_HEADER:
            header_row(sheet, row, values)
            row += 1
            continue
        write(sheet, row, 1, values[0], alignment=WRAP, font=BOLD)
        for column, value in enumerate(values[1:], start=2):
            write(sheet, row, column, value, alignment=WRAP)
        row += 1
    print_setup(sheet, letterhead)
    fit_heights(sheet)
    keep_together(sheet, headings)


def build_gap_report(
    checklist: Checklist,
    answers: AnswersFile,
    assessment: Assessment,
    marking: str = MARKING_SENSITIVE,
    plan: ActionPlan | None = None,
) -> Workbook:
    """The gap report workbook, in memory, each page marked ``marking``.

    ``plan`` is the action plan to show (default: the file's own, on its assessment date).
    """
    plan = plan or action_plan(answers)
    workbook = Workbook()
    workbook.properties.creator = f"compliance-check {__version__}"
    workbook.properties.title = f"Gap report: {checklist.title}"
    letterhead = letterhead_for(answers, marking)
    notes = Notes()
    _summary(workbook.active, checklist, answers, assessment, letterhead, plan)
    fit_heights(workbook.active)
    _action_plan(workbook, checklist, plan, assessment, letterhead, notes)
    _responses(workbook, checklist, assessment, letterhead, notes)
    evidence_sheet(workbook, assessment, letterhead, notes)
    _survey(workbook, checklist, assessment, letterhead)
    _proposals(workbook, answers, assessment, letterhead)
    _method(workbook, checklist, assessment, letterhead)
    notes.sheet(workbook, letterhead)
    return workbook


def write_gap_report(
    path: Path,
    checklist: Checklist,
    answers: AnswersFile,
    assessment: Assessment,
    marking: str = MARKING_SENSITIVE,
    plan: ActionPlan | None = None,
    *,
    replace: bool = False,
) -> None:
    """Write the gap report workbook to ``path`` atomically (an existing file is replaced
    only with ``replace``)."""
    save_workbook(
        build_gap_report(checklist, answers, assessment, marking, plan), path, replace=replace
    )
