"""Shared workbook building blocks: text-only cells, styles, layout, printing and atomic saving.

Every workbook the tool writes goes through ``cell`` for values, so user text can never become a
formula, and through ``save_workbook`` so a failed run never leaves half a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from compliance_check.atomic import write_atomic
from compliance_check.errors import OutputError
from compliance_check.reports.cells import clean_text, looks_like_formula, ooxml_escape
from compliance_check.scoring import Rag

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
PERCENT_FORMAT = '0.0"%"'
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


def check_xlsx_path(path: Path) -> None:
    """Refuse an output name that Excel would not open as a workbook."""
    if path.suffix.lower() != ".xlsx":
        raise OutputError("must end in .xlsx (an Excel workbook)", path=path)


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save ``workbook`` to ``path`` atomically; an existing file is replaced only on success."""
    check_xlsx_path(path)

    def write_to(handle: IO[bytes]) -> None:
        workbook.save(handle)

    write_atomic(path, write_to)
