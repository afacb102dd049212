"""Shared workbook building blocks: text-only cells, styles, layout, printing and atomic saving.

Every workbook the tool writes goes through ``cell`` for values, so user text can never become a
formula, and through ``save_workbook`` so a failed run never leaves half a file.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.chart import BarChart
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from compliance_check.atomic import check_output, write_atomic
from compliance_check.errors import OutputError
from compliance_check.reports.cells import (
    MAX_CELL_CHARS,
    clean_text,
    looks_like_formula,
    ooxml_escape,
    ooxml_escape_exact,
)
from compliance_check.reports.labels import RAG_LABEL
from compliance_check.scoring import Rag

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
PERCENT_FORMAT = '0.0"%"'
DEFAULT_WIDTH = 8.43  # Excel's column width, in characters, when none is set
# Day, month name and year: unambiguous to British and American readers alike.
DATE_FORMAT = "d mmm yyyy"
# Narrow side margins (inches) so wide tables print larger when fitted to one page wide.
TABLE_MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
# Fills light enough to print legibly in greyscale; the RAG word is always written too, so the
# colour is never the only carrier of meaning (colour-blind readers, black-and-white printers).
RAG_FILL = {
    Rag.GREEN: PatternFill("solid", fgColor="C6EFCE"),
    Rag.AMBER: PatternFill("solid", fgColor="FFEB9C"),
    Rag.RED: PatternFill("solid", fgColor="FFC7CE"),
    Rag.NOT_SCORED: PatternFill("solid", fgColor="EDEDED"),
}

CellValue = str | int | float | bool | date | datetime | None


def set_value(target: Cell | WriteOnlyCell, value: CellValue) -> None:
    """Put ``value`` in a cell; text is always stored as text, never as a formula."""
    if isinstance(value, str):
        text = clean_text(value)
        target.value = ooxml_escape(text)
        # openpyxl turns any string starting with "=" into a formula; force plain text, and
        # mark risky text with Excel's quote prefix so editing the cell later keeps it text.
        target.data_type = "s"
        if looks_like_formula(text):
            target.quotePrefix = True
    else:
        target.value = value


def set_exact_text(target: Cell, text: str) -> None:
    """Put ``text`` in a cell people edit and the tool reads back: every character kept.

    Raises ValueError when the text is longer than a cell holds.
    """
    if len(text.encode("utf-16-le", "surrogatepass")) // 2 > MAX_CELL_CHARS:
        raise ValueError(f"is longer than a workbook cell holds ({MAX_CELL_CHARS:,} characters)")
    target.value = ooxml_escape_exact(text)
    target.data_type = "s"
    target.quotePrefix = looks_like_formula(text)


def cell(sheet: Worksheet, value: CellValue, **style: Any) -> Cell:
    """A cell for ``sheet.append`` in write-only or normal mode, text kept as text."""
    new = WriteOnlyCell(sheet, None)
    set_value(new, value)
    for name, setting in style.items():
        setattr(new, name, setting)
    return new


def write(sheet: Worksheet, row: int, column: int, value: CellValue, **style: Any) -> Cell:
    """Write ``value`` at (row, column) of a normal worksheet, text kept as text."""
    target = sheet.cell(row=row, column=column)
    set_value(target, value)
    for name, setting in style.items():
        setattr(target, name, setting)
    return target


def header_row(sheet: Worksheet, row: int, titles: Sequence[str]) -> None:
    """A styled header row."""
    for column, title in enumerate(titles, start=1):
        write(sheet, row, column, title, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP)


def header_cells(sheet: Worksheet, titles: Sequence[str]) -> list[Cell]:
    """A styled header row for ``sheet.append``."""
    return [
        cell(sheet, title, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP) for title in titles
    ]


def set_widths(sheet: Worksheet, widths: Iterable[float]) -> None:
    """Column widths in characters, from column A on."""
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def fit_widths(sheet: Worksheet, minimum: float = 8, maximum: float = 60) -> None:
    """Size each column of a normal worksheet to its longest line, within limits."""
    longest: dict[int, int] = {}
    for row in sheet.iter_rows():
        for item in row:
            if item.value is None:
                continue
            text = str(item.value)
            length = max((len(line) for line in text.splitlines()), default=0)
            longest[item.column] = max(longest.get(item.column, 0), length)
    for column, length in longest.items():
        width = min(max(length + 2, minimum), maximum)
        sheet.column_dimensions[get_column_letter(column)].width = width


def fit_heights(sheet: Worksheet, line_height: float = 15) -> None:
    """Make rows of wrapped text tall enough for all their lines.

    LibreOffice (7.x) keeps the default height of rows written without one, cutting wrapped
    text off on screen and in print, so the height is estimated from the column widths.
    """
    for row in sheet.iter_rows():
        lines = 1
        for item in row:
            if not isinstance(item.value, str) or not item.alignment.wrap_text:
                continue
            letter = item.column_letter
            dimensions = sheet.column_dimensions
            width = dimensions[letter].width if letter in dimensions else DEFAULT_WIDTH
            # Width counts '0' characters; running text averages a little narrower in Calibri
            # and in LibreOffice's fallback fonts alike, bold text a little wider. Erring tall
            # costs only white space.
            capacity = max(int(width * (1.0 if item.font.b else 1.1)), 1)
            wrapped = sum(
                max(1, len(textwrap.wrap(line, width=capacity))) for line in item.value.split("\n")
            )
            lines = max(lines, wrapped)
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = lines * line_height


def print_setup(sheet: Worksheet, *, landscape: bool = True, title_rows: str | None = None) -> None:
    """Print one page wide, as many tall as needed, repeating ``title_rows`` (e.g. '1:1')."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    # The class constant: write-only sheets do not carry it.
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows


def percent_chart(title: str, width: float = 24, height: float = 8) -> BarChart:
    """An empty column chart for percentages: a 0-100% axis, both axes shown, legend below.

    Sizes are in centimetres.
    """
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = "Score (%)"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.majorUnit = 25
    chart.y_axis.number_format = '0"%"'
    # openpyxl marks both axes deleted unless told otherwise, and Excel then hides them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.width, chart.height = width, height
    return chart


def write_rag(sheet: Worksheet, row: int, column: int, rag: Rag) -> Cell:
    """The rating as a bold word on its fill: the word carries the meaning, the colour helps."""
    return write(sheet, row, column, RAG_LABEL[rag], font=BOLD, fill=RAG_FILL[rag], border=BORDER)


def page_footer(sheet: Worksheet) -> None:
    """Print the sheet's name and 'Page N of M' at the foot of every page."""
    sheet.oddFooter.left.text = "&A"
    sheet.oddFooter.right.text = "Page &P of &N"


@dataclass(frozen=True)
class Column:
    """A table column: its header, and the narrowest and widest it may be (in characters)."""

    title: str
    width: float
    minimum: float = 8
    number_format: str = "General"


def table_sheet(
    workbook: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[CellValue]],
    *,
    frozen_columns: int = 0,
) -> Worksheet:
    """A sheet holding one table, ready to work in and to print.

    Header on row 1, frozen (with the first ``frozen_columns`` columns) and repeated on every
    printed page; wrapped, bordered cells; an autofilter; each column as wide as its longest
    line within its limits; landscape, one page wide.
    """
    sheet = workbook.create_sheet(title)
    header_row(sheet, 1, [column.title for column in columns])
    last_row = 1
    for last_row, values in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            write(
                sheet,
                last_row,
                index,
                value,
                alignment=WRAP,
                border=BORDER,
                number_format=column.number_format,
            )
    fit_widths(sheet)
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = min(max(dimension.width, column.minimum), column.width)
    sheet.freeze_panes = sheet.cell(row=2, column=frozen_columns + 1).coordinate
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last_row}"
    print_setup(sheet, title_rows="1:1")
    sheet.page_margins = TABLE_MARGINS
    page_footer(sheet)
    return sheet


def list_validation(sheet: Worksheet, cells: str, choices: Sequence[str]) -> DataValidation:
    """Let ``cells`` (e.g. 'N2:N40') hold only one of ``choices``, offered as a dropdown.

    Choices must not contain commas, and together stay under Excel's 255 characters.
    """
    listed = ", ".join(choices)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Choose from the list",
        error=f"Choose one of: {listed}.",
        showInputMessage=True,
        prompt=f"Choose one of: {listed}.",
    )
    validation.add(cells)
    sheet.add_data_validation(validation)
    return validation


def date_validation(
    sheet: Worksheet, cells: str, earliest: date = date(2000, 1, 1)
) -> DataValidation:
    """Let ``cells`` hold only dates from ``earliest`` on, shown in DATE_FORMAT."""
    validation = DataValidation(
        type="date",
        operator="greaterThanOrEqual",
        formula1=str(int(to_excel(earliest))),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Enter a date",
        error=f"Enter a date on or after {earliest:%d %b %Y}, for example 31 Mar 2027.",
    )
    validation.add(cells)
    sheet.add_data_validation(validation)
    for row in sheet[cells]:
        for target in row:
            target.number_format = DATE_FORMAT
    return validation


def check_xlsx_path(path: Path) -> None:
    """Refuse an output name that Excel would not open as a workbook."""
    if path.suffix.lower() != ".xlsx":
        raise OutputError("must end in .xlsx (an Excel workbook)", path=path)


def check_workbook_target(path: Path, *, replace: bool = False) -> None:
    """Raise OutputError before any work if a workbook may not be saved at ``path``.

    An existing file is replaced only with ``replace`` (the user's --force): a workbook people
    type into (an action plan's owners, dates and statuses) would lose that work.
    """
    check_xlsx_path(path)
    check_output(
        path,
        force=replace,
        instead="it may hold changes typed into it since, so choose another name, or pass "
        "--force to replace it",
    )


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save ``workbook`` to ``path`` atomically; an existing file is replaced only on success."""
    check_xlsx_path(path)

    # Built in memory first: when the disk fills, openpyxl's zip writer would otherwise fail
    # half-way and complain again when it is garbage-collected.
    buffer = io.BytesIO()
    workbook.save(buffer)

    def write_to(handle: IO[bytes]) -> None:
        handle.write(buffer.getbuffer())

    write_atomic(path, write_to)
