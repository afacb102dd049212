"""The year-on-year progress workbook: a Summary with a chart, a Progress sheet item by item, and
the items the checklist itself re-graded or re-worded between the two versions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import Reference
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from compliance_check.model.checklist import Answer
from compliance_check.model.compare import Change, Comparison, ItemChange, Revision
from compliance_check.model.scoring import ItemResult, Rag
from compliance_check.pages.labels import (
    ANSWER_LABEL,
    CHANGE_LABEL,
    MARKING_SENSITIVE,
    RAG_LABEL,
    plan_sentence,
    round_figure,
)
from compliance_check.pages.workbook import (
    BOLD,
    PERCENT_FORMAT,
    RAG_FILL,
    TITLE_FONT,
    Column,
    Letterhead,
    Notes,
    fit_heights,
    fraction,
    header_row,
    percent_chart,
    print_setup,
    save_workbook,
    set_widths,
    table_sheet,
    write,
)

NEWLY_UNKNOWN = "Newly unknown"
# What a reader must see first: what got worse, then what is still to do, then what got better.
# A regression to don't know or not answered is shown apart as newly unknown.
GROUP_ORDER = (
    CHANGE_LABEL[Change.REGRESSED],
    NEWLY_UNKNOWN,
    CHANGE_LABEL[Change.STILL_OPEN],
    CHANGE_LABEL[Change.IMPROVED],
    CHANGE_LABEL[Change.NEWLY_KNOWN],
    CHANGE_LABEL[Change.NO_LONGER_NOT_APPLICABLE],
    CHANGE_LABEL[Change.NEWLY_NOT_APPLICABLE],
    CHANGE_LABEL[Change.UNCHANGED],
    CHANGE_LABEL[Change.ADDED],
    CHANGE_LABEL[Change.REMOVED],
)
# The fill beside the word: worse in red, open in amber, better in green.
GROUP_FILL: dict[str, PatternFill] = {
    CHANGE_LABEL[Change.REGRESSED]: RAG_FILL[Rag.RED],
    NEWLY_UNKNOWN: RAG_FILL[Rag.RED],
    CHANGE_LABEL[Change.STILL_OPEN]: RAG_FILL[Rag.AMBER],
    CHANGE_LABEL[Change.IMPROVED]: RAG_FILL[Rag.GREEN],
    CHANGE_LABEL[Change.NEWLY_KNOWN]: RAG_FILL[Rag.GREEN],
}
CHANGE_FORMAT = "+0.0;-0.0;0.0"
POINTS_FORMAT = "+0.##;-0.##;0"
# The Summary's section rows start here: rows above hold the title and who / when.
SUMMARY_TABLE_ROW = 6
OVERDUE_LISTED = 12  # overdue items named on the Summary's one line
CHANGE_COLUMN = 7  # the Progress sheet's column of group words, filled by their colour


def _day(text: str) -> str:
    return f"{date.fromisoformat(text):%d %b %Y}"


def _dates(comparison: Comparison) -> tuple[str, str]:
    """The two assessment dates, as column headers tell them apart."""
    before, after = _day(comparison.before.assessed_on), _day(comparison.after.assessed_on)
    if before == after:
        return f"{before} (before)", f"{after} (after)"
    return before, after


def progress_columns(comparison: Comparison) -> tuple[Column, ...]:
    """The Progress sheet's columns, the answers and notes headed by their dates."""
    before, after = _dates(comparison)
    return (
        Column("Id", 9),
        Column("Section", 8),
        Column("Title", 28, minimum=20),
        Column("Priority", 8),
        Column(f"Answer {before}", 12),
        Column(f"Answer {after}", 12),
        Column("Change", 13),
        Column("Points", 8, number_format=POINTS_FORMAT),
        Column(f"Note {before}", 28, minimum=16),
        Column(f"Note {after}", 28, minimum=16),
    )


def group_of(item: ItemChange) -> str:
    """The group word a row shows: compare's own, with regressions to unknown told apart."""
    if item.change is Change.REGRESSED and item.answer_after in (None, Answer.DONT_KNOW):
        return NEWLY_UNKNOWN
    return CHANGE_LABEL[item.change]


def _answer(item: ItemResult | None) -> str:
    return "" if item is None else ANSWER_LABEL[item.answer]


def ordered_items(comparison: Comparison) -> list[ItemChange]:
    """Every item, in GROUP_ORDER, each group in compare's own ranking."""
    return sorted(comparison.items, key=lambda item: GROUP_ORDER.index(group_of(item)))


def _progress_rows(comparison: Comparison) -> list[tuple[str | float | None, ...]]:
    return [
        (
            item.requirement_id,
            item.section_id,
            item.title,
            item.priority.value.capitalize(),
            _answer(item.before),
            _answer(item.after),
            group_of(item),
            round_figure(item.points_change),
            item.note_before,
            item.note_after,
        )
        for item in ordered_items(comparison)
    ]


REVISED = "Checklist changes"


def revised_columns(comparison: Comparison) -> tuple[Column, ...]:
    """The Checklist changes sheet's columns, priorities headed by version, answers by date."""
    before, after = _dates(comparison)
    then, now = comparison.before.checklist_version, comparison.after.checklist_version
    return (
        Column("Id", 9),
        Column("Title", 28, minimum=20),
        Column(f"Priority v{then}", 10),
        Column(f"Priority v{now}", 10),
        Column("Wording", 11),
        Column(f"Answer {before}", 12),
        Column(f"Answer {after}", 12),
        Column(f"Why (checklist v{now})", 60, minimum=30),
    )


def _revised_rows(comparison: Comparison) -> list[tuple[str | None, ...]]:
    answers = {item.requirement_id: item for item in comparison.items}

    def row(revision: Revision) -> tuple[str | None, ...]:
        item = answers.get(revision.requirement_id)
        return (
            revision.requirement_id,
            revision.title,
            revision.priority_before.value.capitalize(),
            revision.priority_after.value.capitalize(),
            "Re-worded" if revision.reworded else "Same",
            _answer(item.before if item else None),
            _answer(item.after if item else None),
            " ".join(revision.why) or None,
        )

    return [row(revision) for revision in comparison.revised]


def revised_summary(comparison: Comparison) -> str:
    """The Summary's line saying that the checklist, not the council, changed some items."""
    regraded = len(comparison.regraded)
    reworded = sum(1 for revision in comparison.revised if revision.reworded)
    return (
        f"Changed by the checklist, not by the council: {regraded} item(s) re-graded and "
        f"{reworded} re-worded between v{comparison.before.checklist_version} and "
        f"v{comparison.after.checklist_version}; see the {REVISED} sheet."
    )


def _summary_sheet(sheet: Worksheet, comparison: Comparison, letterhead: Letterhead) -> None:
    before, after = comparison.before, comparison.after
    before_date, after_date = _dates(comparison)
    write(sheet, 1, 1, f"Progress: {after.authority}", font=TITLE_FONT)
    for row, (label, side) in enumerate(((before_date, before), (after_date, after)), start=2):
        write(sheet, row, 1, label, font=BOLD)
        write(
            sheet,
            row,
            2,
            f"{side.authority}, {side.checklist_title} v{side.checklist_version}, "
            f"profile {side.profile_title}",
        )
    headers = ("Section", "Title", before_date, after_date, "Change (points)")
    header_row(sheet, SUMMARY_TABLE_ROW - 1, headers)
    rows = [
        (s.section_id, s.title, s.score_before, s.score_after, s.change)
        for s in comparison.sections
    ]
    # Overall last, as a total row: the chart takes the section rows above it.
    rows.append(("Overall", "All sections", before.score, after.score, comparison.score_change))
    rows += _like_for_like_rows(comparison)
    for row, (section_id, title, then, now, change) in enumerate(rows, start=SUMMARY_TABLE_ROW):
        write(sheet, row, 1, section_id)
        write(sheet, row, 2, title)
        write(sheet, row, 3, fraction(round_figure(then)), number_format=PERCENT_FORMAT)
        write(sheet, row, 4, fraction(round_figure(now)), number_format=PERCENT_FORMAT)
        write(sheet, row, 5, round_figure(change), number_format=CHANGE_FORMAT)
    overall_row = SUMMARY_TABLE_ROW + len(comparison.sections)
    for row in range(overall_row, SUMMARY_TABLE_ROW + len(rows)):
        for column in range(1, len(headers) + 1):
            sheet.cell(row=row, column=column).font = BOLD
    counts_row = _standing(sheet, SUMMARY_TABLE_ROW + len(rows) + 1, comparison)
    header_row(sheet, counts_row, ("Group", "Items"))
    groups = [group_of(item) for item in comparison.items]
    for row, group in enumerate(GROUP_ORDER, start=counts_row + 1):
        write(sheet, row, 1, group, fill=GROUP_FILL.get(group, PatternFill()))
        write(sheet, row, 2, groups.count(group))
    if comparison.revised:
        # Under the counts, where a reader of the figures looks next: the chart is above.
        write(sheet, counts_row + len(GROUP_ORDER) + 2, 1, revised_summary(comparison), font=BOLD)
    set_widths(sheet, (22, 36, 12, 12, 14))
    _section_chart(sheet, overall_row - 1)
    print_setup(sheet, letterhead, one_page=True)


def _like_for_like_rows(
    comparison: Comparison,
) -> list[tuple[str, str, float | None, float | None, float | None]]:
    """Across checklist versions: the like-for-like score beside the headline, and the
    headline's change split into the council's part and the checklist's."""
    like = comparison.like_for_like
    if like is None:
        return []
    return [
        (
            "Like for like",
            f"{like.items} items in both, scored under v{like.version}",
            like.before,
            like.after,
            like.change,
        ),
        ("The council's change", "The change like for like", None, None, comparison.council_change),
        (
            "The checklist's change",
            "Re-grading, items added or removed",
            None,
            None,
            comparison.checklist_change,
        ),
    ]


def _standing(sheet: Worksheet, row: int, comparison: Comparison) -> int:
    """The rating then and now and the action plan, under the scores; returns the next row."""
    before, after = comparison.before, comparison.after
    write(sheet, row, 1, "Rating", font=BOLD)
    write(sheet, row, 2, f"{RAG_LABEL[before.rag]} → {RAG_LABEL[after.rag]}", font=BOLD)
    plan = comparison.actions
    write(sheet, row + 1, 1, "Action plan", font=BOLD)
    if not plan.recorded:
        write(sheet, row + 1, 2, "No action is recorded in either file.")
        return row + 3
    write(sheet, row + 1, 2, plan_sentence(plan))
    write(sheet, row + 2, 1, "Overdue", font=BOLD)
    overdue = plan.overdue
    # One line, so the Summary stays one page: the terminal and the gap report list them all.
    listed = ", ".join(overdue[:OVERDUE_LISTED]) or "None"
    if len(overdue) > OVERDUE_LISTED:
        listed += f" and {len(overdue) - OVERDUE_LISTED} more (the gap report lists them all)"
    write(sheet, row + 2, 2, listed)
    return row + 4


def _section_chart(sheet: Worksheet, last: int) -> None:
    # Bars of the two dates' columns, one pair per section row up to ``last``, to the right of
    # the tables so that the Summary stays on one landscape page.
    chart = percent_chart("Section scores at the two dates", width=12, height=9)
    data = Reference(sheet, min_col=3, max_col=4, min_row=SUMMARY_TABLE_ROW - 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=SUMMARY_TABLE_ROW, max_row=last))
    sheet.add_chart(chart, f"G{SUMMARY_TABLE_ROW - 1}")


def letterhead_for(comparison: Comparison, marking: str = MARKING_SENSITIVE) -> Letterhead:
    """The header every page carries: the council, both dates, the marking."""
    before, after = (
        _day(comparison.before.assessed_on),
        _day(comparison.after.assessed_on),
    )
    return Letterhead(
        name=comparison.after.authority, dated=f"{before} to {after}", marking=marking
    )


def progress_workbook(comparison: Comparison, marking: str = MARKING_SENSITIVE) -> Workbook:
    """The workbook: Summary first (what a reader wants first), then Progress, then the items
    the checklist re-graded or re-worded when the two files answer different versions."""
    letterhead = letterhead_for(comparison, marking)
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    _summary_sheet(summary, comparison, letterhead)
    fit_heights(summary)
    notes = Notes()
    progress = table_sheet(
        workbook,
        "Progress",
        progress_columns(comparison),
        _progress_rows(comparison),
        letterhead=letterhead,
        table_name="Progress",
        notes=notes,
    )
    for row in progress.iter_rows(min_row=2, min_col=CHANGE_COLUMN, max_col=CHANGE_COLUMN):
        fill = GROUP_FILL.get(str(row[0].value))
        if fill is not None:
            row[0].fill = fill
    if comparison.revised:
        table_sheet(
            workbook,
            REVISED,
            revised_columns(comparison),
            _revised_rows(comparison),
            letterhead=letterhead,
            table_name="ChecklistChanges",
            notes=notes,
        )
    notes.sheet(workbook, letterhead)
    return workbook


def write_progress(
    comparison: Comparison, path: Path, marking: str = MARKING_SENSITIVE, *, replace: bool = False
) -> None:
    """Build the progress workbook and save it to ``path`` atomically."""
    save_workbook(progress_workbook(comparison, marking), path, replace=replace)
