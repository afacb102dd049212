"""The year-on-year progress workbook: a Progress sheet item by item, a Summary with a chart."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from compliance_check.compare import Change, Comparison
from compliance_check.reports.labels import ANSWER_LABEL, CHANGE_LABEL, round_figure
from compliance_check.reports.workbook import (
    BOLD,
    PERCENT_FORMAT,
    TITLE_FONT,
    WRAP,
    cell,
    header_cells,
    header_row,
    print_setup,
    save_workbook,
    set_widths,
    write,
)
from compliance_check.scoring import ItemResult

PROGRESS_HEADERS = (
    "Id",
    "Section",
    "Title",
    "Before answer",
    "After answer",
    "Change",
    "Before note",
    "After note",
)
SUMMARY_HEADERS = ("Section", "Title", "Before", "After", "Change (points)")
CHANGE_FORMAT = "+0.0;-0.0;0.0"
FIGURE_FORMATS = {3: PERCENT_FORMAT, 4: PERCENT_FORMAT, 5: CHANGE_FORMAT}
# The Summary's section rows start here: rows above hold the title and who / when.
SUMMARY_TABLE_ROW = 6


def _answer(item: ItemResult | None) -> str:
    return "" if item is None else ANSWER_LABEL[item.answer]


def _progress_sheet(sheet: Worksheet, comparison: Comparison) -> None:
    sheet.append(header_cells(sheet, PROGRESS_HEADERS))
    for item in comparison.items:
        values = (
            item.requirement_id,
            item.section_id,
            item.title,
            _answer(item.before),
            _answer(item.after),
            CHANGE_LABEL[item.change],
            item.note_before,
            item.note_after,
        )
        sheet.append([cell(sheet, value, alignment=WRAP) for value in values])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    set_widths(sheet, (10, 9, 40, 14, 14, 24, 45, 45))
    print_setup(sheet, title_rows="1:1")


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
    chart = BarChart()
    chart.type = "col"
    chart.title = "Section scores before and after"
    chart.y_axis.title = "Score (%)"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    data = Reference(sheet, min_col=3, max_col=4, min_row=SUMMARY_TABLE_ROW - 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=SUMMARY_TABLE_ROW, max_row=last))
    chart.width, chart.height = 24, 10
    sheet.add_chart(chart, f"A{anchor_row}")


def progress_workbook(comparison: Comparison) -> Workbook:
    """The workbook: Summary first (what a reader wants first), then Progress."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    _summary_sheet(summary, comparison)
    _progress_sheet(workbook.create_sheet("Progress"), comparison)
    return workbook


def write_progress(comparison: Comparison, path: Path) -> None:
    """Build the progress workbook and save it to ``path`` atomically."""
    save_workbook(progress_workbook(comparison), path)
