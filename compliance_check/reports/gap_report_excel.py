"""The gap report workbook: summary, action plan, responses and method, safe for any answer text."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from compliance_check import __version__
from compliance_check.answers import Action, AnswersFile
from compliance_check.baselines import TIER_WORDS, as_printed, sentence, yes_share
from compliance_check.checklist import Answer, Checklist, Crosswalk, FrameworkStatus
from compliance_check.reports.labels import (
    ACTION_STATUS_LABEL,
    ANSWER_LABEL,
    AUTHORITY_TYPE_LABEL,
    GAP_LABEL,
    RAG_LABEL,
    ROLE_LABEL,
    round_figure,
)
from compliance_check.reports.workbook import (
    BOLD,
    BORDER,
    DATE_FORMAT,
    PERCENT_FORMAT,
    TITLE_FONT,
    WRAP,
    CellValue,
    Column,
    date_validation,
    fit_heights,
    header_row,
    list_validation,
    page_footer,
    percent_chart,
    print_setup,
    save_workbook,
    set_widths,
    table_sheet,
    write,
    write_rag,
)
from compliance_check.scoring import Assessment, GapKind

SUMMARY = "Summary"
ACTION_PLAN = "Action plan"
RESPONSES = "Responses"
METHOD = "Method"
STATUSES = tuple(ACTION_STATUS_LABEL.values())

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
PERCENT_HEADERS = {"Score", "Gap", "Target"}
SCORE_COLUMN = SECTION_HEADERS.index("Score") + 1  # the chart plots this column
TARGET_COLUMN = SECTION_HEADERS.index("Target") + 1  # and this one as its target line
CM_PER_ROW = 0.53  # a default-height row (15 points)
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)


def crosswalk_text(crosswalk: Crosswalk) -> str | None:
    """Today's equivalents of an item, one regime a line."""
    lines = [
        f"{short}: {'; '.join(values)}"
        for field, (short, _) in CROSSWALK_LABEL.items()
        if (values := getattr(crosswalk, field))
    ]
    return "\n".join(lines) or None


def evidence_text(evidence: Sequence[str]) -> str | None:
    """Evidence references, one a line."""
    return "\n".join(evidence) or None


def percent_or_na(value: float | None) -> float | str:
    """A score or gap at the precision every report uses, or 'n/a' when nothing was scored."""
    rounded = round_figure(value)
    return "n/a" if rounded is None else rounded


def _fact(sheet: Worksheet, row: int, label: str, value: CellValue, **style: Any) -> int:
    write(sheet, row, 1, label, font=BOLD, alignment=WRAP)
    write(sheet, row, 2, value, alignment=LEFT, **style)
    return row + 1


def _heading(sheet: Worksheet, row: int, text: str) -> int:
    write(sheet, row, 1, text, font=TITLE_FONT)
    return row + 1


def _section_chart(sheet: Worksheet, header: int, last: int) -> BarChart:
    """Section scores as columns, with the 100% target as a dashed line across them."""
    chart = percent_chart("Section scores against the 100% target")
    chart.add_data(
        Reference(sheet, min_col=SCORE_COLUMN, min_row=header, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    bars = chart.series[0]
    bars.graphicalProperties = GraphicalProperties(solidFill=BAR_COLOUR)
    bars.dLbls = DataLabelList(
        showVal=True, showSerName=False, showCatName=False, showLegendKey=False, showPercent=False
    )
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


def _summary(
    sheet: Worksheet, checklist: Checklist, answers: AnswersFile, assessment: Assessment
) -> None:
    sheet.title = SUMMARY
    set_widths(sheet, [30, 44, 11, 11, 11, 11, 13, 11])
    row = _heading(sheet, 1, f"Gap report: {checklist.title}") + 1
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
    row = _fact(sheet, row, "Profile", f"{assessment.profile_title} ({assessment.profile_id})")
    row += 1
    row = _fact(
        sheet,
        row,
        "Overall score",
        percent_or_na(assessment.score),
        number_format=PERCENT_FORMAT,
        font=TITLE_FONT,
    )
    if not assessment.complete:
        # Beside the figure, so that a partial score is never read as a final one.
        write(sheet, row - 1, 3, "Incomplete: not every question is answered", font=BOLD)
        answered = len(assessment.items) - assessment.unanswered
        row = _fact(
            sheet,
            row,
            f"Score over the {answered} answered items",
            percent_or_na(assessment.answered_score),
            number_format=PERCENT_FORMAT,
        )
    row = _fact(
        sheet, row, "Gap to 100%", percent_or_na(assessment.gap), number_format=PERCENT_FORMAT
    )
    write(sheet, row, 1, "Rating (RAG)", font=BOLD)
    write_rag(sheet, row, 2, assessment.rag)
    row += 1
    row = _fact(sheet, row, "Items in the profile", len(assessment.items))
    row = _fact(sheet, row, "Not answered", assessment.unanswered)
    row = _fact(sheet, row, "Compliance gaps (no / partly)", assessment.count(GapKind.COMPLIANCE))
    row = _fact(sheet, row, "Assurance gaps (don't know)", assessment.count(GapKind.ASSURANCE))
    row = _fact(sheet, row, "Must items not met", assessment.must_not_met)
    row = _heading(sheet, row + 1, "Sections")
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
            100.0,
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
    if assessment.sections:
        # The chart starts a page, so that printing never cuts it in two.
        sheet.row_breaks.append(Break(id=row + 1))
        chart = _section_chart(sheet, header, row)
        sheet.add_chart(chart, f"A{row + 2}")
        row += 3 + int(chart.height / CM_PER_ROW)
    _survey_comparison(sheet, row, checklist, assessment)
    print_setup(sheet)
    page_footer(sheet)


def _survey_comparison(
    sheet: Worksheet, row: int, checklist: Checklist, assessment: Assessment
) -> None:
    """This council's answer beside the sector figure, for every item a survey measured."""
    measured = [
        (item, baseline)
        for item in assessment.items
        if (baseline := checklist.requirements[item.requirement_id].baseline) is not None
    ]
    row = _heading(sheet, row, "This council beside the sector survey")
    if not measured:
        write(sheet, row, 1, "No item in this profile was measured by a sector survey.")
        return
    sources = sorted({f"{baseline.source} ({baseline.year})" for _, baseline in measured})
    write(
        sheet,
        row,
        1,
        f"Sector figures as published in {'; '.join(sources)}, with what they say about the "
        "share answering yes. They are shares of respondents, not of councils.",
    )
    header_row(
        sheet,
        row + 1,
        ["Id", "Requirement", "This council", "Sector figure as published", "Sector: yes", "Year"],
    )
    row += 2
    for item, baseline in measured:
        write(sheet, row, 1, item.requirement_id, border=BORDER)
        write(sheet, row, 2, item.title, alignment=WRAP, border=BORDER)
        write(sheet, row, 3, ANSWER_LABEL[item.answer], border=BORDER)
        write(sheet, row, 4, as_printed(baseline), alignment=WRAP, border=BORDER)
        write(sheet, row, 5, yes_share(baseline), alignment=WRAP, border=BORDER)
        write(sheet, row, 6, baseline.year, border=BORDER)
        row += 1
        if about := (baseline.caveat or baseline.note):
            write(sheet, row, 2, f"About the figure: {about}", alignment=WRAP)
            row += 1


ACTION_COLUMNS = (
    Column("#", 5, minimum=4),
    Column("Priority", 9),
    Column("Id", 8),
    Column("Section", 14),
    Column("Requirement", 22),
    Column("Current answer", 10),
    Column("Gap kind", 11),
    Column("Note", 24),
    Column("Evidence", 18),
    Column("Recommended action", 30),
    Column("Today's equivalent", 22),
    Column("Owner", 14, minimum=14),
    Column("Target date", 12, minimum=12),
    Column("Status", 12, minimum=12),
)


def _action_rows(
    checklist: Checklist, answers: AnswersFile, assessment: Assessment
) -> Iterator[list[CellValue]]:
    for rank, item in enumerate(assessment.gaps, start=1):
        requirement = checklist.requirements[item.requirement_id]
        response = answers.responses.get(item.requirement_id)
        action = (response.actions if response else None) or Action()
        yield [
            rank,
            item.priority.value.capitalize(),
            item.requirement_id,
            checklist.section_of[item.requirement_id].title,
            item.title,
            ANSWER_LABEL[item.answer],
            GAP_LABEL[item.gap_kind],
            item.note,
            evidence_text(item.evidence),
            item.action,
            crosswalk_text(requirement.crosswalk),
            action.owner,
            action.target_date,
            ACTION_STATUS_LABEL[action.status] if action.status else None,
        ]


def _action_plan(
    workbook: Workbook, checklist: Checklist, answers: AnswersFile, assessment: Assessment
) -> None:
    sheet = table_sheet(
        workbook,
        ACTION_PLAN,
        ACTION_COLUMNS,
        _action_rows(checklist, answers, assessment),
        frozen_columns=3,
    )
    last = len(assessment.gaps) + 1
    if last == 1:
        write(sheet, 2, 1, "No gaps: every item in the profile is fully met.")
        return
    letters = {
        column.title: get_column_letter(index)
        for index, column in enumerate(ACTION_COLUMNS, start=1)
    }
    date_validation(sheet, f"{letters['Target date']}2:{letters['Target date']}{last}")
    list_validation(sheet, f"{letters['Status']}2:{letters['Status']}{last}", STATUSES)


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


def _responses(workbook: Workbook, checklist: Checklist, assessment: Assessment) -> None:
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
    table_sheet(workbook, RESPONSES, RESPONSE_COLUMNS, rows, frozen_columns=1)


def _method_rows(checklist: Checklist, assessment: Assessment) -> Iterator[tuple[str, ...]]:
    """The Method sheet as (heading,) or (term, explanation[, figure]) rows."""
    scoring = checklist.scoring
    points, weights, bands = scoring.points, scoring.weights, scoring.rag
    profile = checklist.profile(assessment.profile_id)
    yield ("How scores are computed",)
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


def _method(workbook: Workbook, checklist: Checklist, assessment: Assessment) -> None:
    sheet = workbook.create_sheet(METHOD)
    set_widths(sheet, [26, 90, 12])
    row = _heading(sheet, 1, "How this report was made")
    for values in _method_rows(checklist, assessment):
        if len(values) == 1:
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
    print_setup(sheet)
    page_footer(sheet)


def build_gap_report(
    checklist: Checklist, answers: AnswersFile, assessment: Assessment
) -> Workbook:
    """The gap report workbook, in memory."""
    workbook = Workbook()
    workbook.properties.creator = f"compliance-check {__version__}"
    workbook.properties.title = f"Gap report: {checklist.title}"
    _summary(workbook.active, checklist, answers, assessment)
    _action_plan(workbook, checklist, answers, assessment)
    _responses(workbook, checklist, assessment)
    _method(workbook, checklist, assessment)
    for sheet in workbook.worksheets:
        fit_heights(sheet)
    return workbook


def write_gap_report(
    path: Path, checklist: Checklist, answers: AnswersFile, assessment: Assessment
) -> None:
    """Write the gap report workbook to ``path`` atomically (an existing file is replaced)."""
    save_workbook(build_gap_report(checklist, answers, assessment), path)
