"""The year-on-year progress workbook: a Progress sheet item by item, a Summary with a chart."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import Reference
from openpyxl.worksheet.worksheet import Worksheet

from compliance_check.compare import Change, Comparison
from compliance_check.reports.labels import ANSWER_LABEL, CHANGE_LABEL, round_figure
from compliance_check.reports.workbook import (
    BOLD,
    PERCENT_FORMAT,
    TITLE_FONT,
    Column,
    fit_heights,
    header_row,
    percent_chart,
    print_setup,
    save_workbook,
    set_widths,
    table_sheet,
    write,
)
from compliance_check.scoring import ItemResult

PROGRESS_COLUMNS = (
    Column("Id", 10),
    Column("Section", 9),
    Column("Title", 40, minimum=20),
    Column("Before answer", 14),
    Column("After answer", 14),
    Column("Change", 24),
    Column("Before note", 45, minimum=20),
    Column("After note", 45, minimum=20),
)
SUMMARY_HEADERS = ("Section", "Title", "Before", "After", "Change (points)")
CHANGE_FORMAT = "+0.0;-0.0;0.0"
FIGURE_FORMATS = {3: PERCENT_FORMAT, 4: PERCENT_FORMAT, 5: CHANGE_FORMAT}
# The Summary's section rows start here: rows above hold the title and who / when.
SUMMARY_TABLE_ROW = 6


def _answer(item: ItemResult | None) -> str:
    return "" if item is None else ANSWER_LABEL[item.answer]


def _progress_rows(comparison: Comparison) -> list[tuple[str | None, ...]]:
    return [
        (
            item.requirement_id,
            item.section_id,
            item.title,
            _answer(item.before),
            _answer(item.after),
            CHANGE_LABEL[item.change],
            item.note_before,
            item.note_after,
        )
        for item in comparison.items
    ]


def _summary_sheet(sheet: Worksheet, comparison: Comparison) -> None:
    before, after = comparison.before, comparison.after
    write(sheet, 1, 1, f"Progress: {after.checklist_title}", font=TITLE_FONT)
    for row, (label, side) in enumerate((("Before", before), ("After", after)), start=2):
        write(sheet, row, 1, label, font=BOLD)
        write(
            sheet,
            row,
            2,
            f"{side.authority}, assessed {side.assessed_on}, checklist "
            f"v{side.checklist_version}, profile {side.profile_id}",
        )
    header_row(sheet, SUMMARY_TABLE_ROW - 1, SUMMARY_HEADERS)
    rows = [
        (s.section_id, s.title, s.score_before, s.score_after, s.change)
        for s in comparison.sections
    ]
    # Overall last, as a total row: the chart takes the section rows above it.
    rows.append(("Overall", "All sections", before.score, after.score, comparison.score_change))
    for row, (section_id, title, *figures) in enumerate(rows, start=SUMMARY_TABLE_ROW):
        write(sheet, row, 1, section_id)
        write(sheet, row, 2, title)
        for column, figure in enumerate(figures, start=3):
            write(sheet, row, column, round_figure(figure), number_format=FIGURE_FORMATS[column])
    overall_row = SUMMARY_TABLE_ROW + len(rows) - 1
    for column in range(1, len(SUMMARY_HEADERS) + 1):
        sheet.cell(row=overall_row, column=column).font = BOLD
    counts_row = overall_row + 2
    header_row(sheet, counts_row, ("Group", "Items"))
    for row, change in enumerate(Change, start=counts_row + 1):
        write(sheet, row, 1, CHANGE_LABEL[change])
        write(sheet, row, 2, comparison.count(change))
    set_widths(sheet, (24, 40, 10, 10, 16))
    _section_chart(sheet, overall_row - 1, anchor_row=counts_row + len(Change) + 2)
    print_setup(sheet, landscape=False)


def _section_chart(sheet: Worksheet, last: int, anchor_row: int) -> None:
    # Bars of the Before and After columns, one pair per section row up to ``last``.
    chart = percent_chart("Section scores before and after", height=10)
    data = Reference(sheet, min_col=3, max_col=4, min_row=SUMMARY_TABLE_ROW - 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=SUMMARY_TABLE_ROW, max_row=last))
    sheet.add_chart(chart, f"A{anchor_row}")


def progress_workbook(comparison: Comparison) -> Workbook:
    """The workbook: Summary first (what a reader wants first), then Progress."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    _summary_sheet(summary, comparison)
    progress = table_sheet(workbook, "Progress", PROGRESS_COLUMNS, _progress_rows(comparison))
    # LibreOffice does not grow rows to fit wrapped text in an xlsx file: set the heights.
    fit_heights(progress)
    return workbook


def write_progress(comparison: Comparison, path: Path) -> None:
    """Build the progress workbook and save it to ``path`` atomically."""
    save_workbook(progress_workbook(comparison), path)
