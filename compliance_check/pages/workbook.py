"""Shared workbook building blocks: text-only cells, styles, layout, printing and atomic saving.

Every workbook the tool writes goes through ``cell`` for values, so user text can never become a
formula; through ``print_setup`` so every printed page says whose it is, when and how it is
marked; and through ``save_workbook`` so a failed run never leaves half a file.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import repeat
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.chart import BarChart
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from compliance_check.errors import OutputError
from compliance_check.files.atomic import check_output, write_atomic
from compliance_check.model.scoring import Rag
from compliance_check.pages.cells import (
    MAX_CELL_CHARS,
    clean_text,
    looks_like_formula,
    ooxml_escape,
    ooxml_escape_exact,
)
from compliance_check.pages.labels import RAG_LABEL

# Fonts name their face: a font with none makes LibreOffice fall back to a serif face.
FONT_NAME = "Calibri"
HEADER_FONT = Font(name=FONT_NAME, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=14)
BOLD = Font(name=FONT_NAME, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
# Figures beside wrapped text stand level with its first line.
TOP = Alignment(vertical="top")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# Percentages are stored as fractions (0.5625) under a % format, so Excel's % button, sums and
# charts treat them as the percentages they are.
PERCENT_FORMAT = "0.0%"
# Cells the council fills in: the light yellow of the usual "input cell" convention, unlocked so
# that protecting the sheet leaves them editable.
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
UNLOCKED = Protection(locked=False)
# The last row of a sheet, for validations that must cover rows the council adds.
LAST_ROW = 1_048_576
# How much text a line of a wrapped cell holds, in ems of DejaVu Sans (the face LibreOffice
# prints in when Calibri is missing, and wider than Calibri, so what fits it fits Excel):
# EM_PER_WIDTH for each unit of column width, less EM_PADDING. Measured in LibreOffice 7.4 over
# 182 texts in columns 8 to 60 wide, regular and bold: 0.61 never wrapped short; 0.58 leaves
# room for Excel, whose columns are a little narrower for the same width.
EM_PER_WIDTH = 0.58
EM_PADDING = 1.0
# DejaVu Sans advance widths of the printable ASCII characters (space to '~'), in 1/2048 em,
# regular and bold; any other character is taken as a full em.
GLYPH_UNITS = 2048
_REGULAR = (
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087,
    2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612,
    1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024,
    1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253,
    1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
)  # fmt: skip
_BOLD = (
    713, 934, 1067, 1716, 1425, 2052, 1786, 627, 936, 936, 1071, 1716, 778, 850, 778, 748,
    1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 819, 819, 1716, 1716, 1716, 1188,
    2048, 1585, 1561, 1503, 1700, 1399, 1399, 1681, 1714, 762, 762, 1587, 1305, 2038, 1714, 1741,
    1501, 1741, 1577, 1475, 1397, 1663, 1585, 2259, 1579, 1483, 1485, 936, 748, 936, 1716, 1024,
    1024, 1382, 1466, 1214, 1466, 1389, 891, 1466, 1458, 702, 702, 1362, 702, 2134, 1458, 1407,
    1466, 1466, 1010, 1219, 979, 1458, 1335, 1892, 1321, 1335, 1192, 1458, 748, 1458, 1716,
)  # fmt: skip
# Excel's tallest row, in points, and the height it gives a line of 11 pt text.
ROW_LIMIT_POINTS = 409
LINE_POINTS = 15
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


def fraction(percent: float | None) -> float | None:
    """A percentage (56.25) as the fraction a % format shows (0.5625), at the reports' precision."""
    return None if percent is None else round(percent / 100, 4)


_ASCII = [chr(code) for code in range(32, 127)]
_REGULAR_UNITS = dict(zip(_ASCII, _REGULAR, strict=True))
_BOLD_UNITS = dict(zip(_ASCII, _BOLD, strict=True))


def text_width(text: str, *, bold: bool = False) -> float:
    """The width of ``text`` on one line, in ems (see EM_PER_WIDTH)."""
    units = _BOLD_UNITS if bold else _REGULAR_UNITS
    # Every string cell of a cohort's rows is measured: the lookup is kept out of Python's loop.
    return sum(map(units.get, text, repeat(GLYPH_UNITS))) / GLYPH_UNITS


def line_capacity(width: float) -> float:
    """The ems a line of a column ``width`` wide holds."""
    return max(EM_PER_WIDTH * width - EM_PADDING, 1.0)


def wrapped_lines(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` wide, word by word as
    LibreOffice wraps, a word longer than a line broken across lines."""
    capacity = line_capacity(width)
    space = text_width(" ", bold=bold)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        if text_width(paragraph, bold=bold) <= capacity:
            continue  # most cells: the whole paragraph on one line
        used = 0.0
        for word in paragraph.split(" "):
            needed = text_width(word, bold=bold)
            if used and used + space + needed <= capacity:
                used += space + needed
                continue
            if used:
                lines += 1
            used = needed
            while used > capacity:
                lines += 1
                used -= capacity
    return lines


class AutoHeightRow(RowDimension):  # type: ignore[misc]
    """A row height that the application may refit: written without Excel's customHeight flag.

    Excel shows the height given until the row's text changes; LibreOffice refits such rows
    when it opens the file and after every sort. A custom height would stay with its row
    number while sorting moves the text, clipping long text that lands on a short row.
    """

    @property
    def customHeight(self) -> bool:
        return False


def set_row_height(sheet: Worksheet, row: int, lines: int) -> None:
    """Give ``row`` room for ``lines`` lines, within Excel's limit, as a height apps may refit."""
    sheet.row_dimensions[row] = AutoHeightRow(
        sheet, index=row, ht=min(lines * LINE_POINTS, ROW_LIMIT_POINTS)
    )


def fit_heights(sheet: Worksheet) -> None:
    """Make rows of wrapped text tall enough for all their lines.

    LibreOffice (7.x) keeps the default height of rows written without one, cutting wrapped
    text off on screen and in print, so the height is estimated from the column widths; it is
    written as a height LibreOffice and Excel refit (see ``AutoHeightRow``).
    """
    for row in sheet.iter_rows():
        lines = max((_lines_in(sheet, item) for item in row), default=1)
        if lines > 1:
            set_row_height(sheet, row[0].row, lines)


def _column_width(sheet: Worksheet, letter: str) -> float:
    dimensions = sheet.column_dimensions
    width = dimensions[letter].width if letter in dimensions else None
    return width or DEFAULT_WIDTH


def _lines_in(sheet: Worksheet, item: Cell) -> int:
    return _cell_lines(item, _column_width(sheet, get_column_letter(item.column)))


def _cell_lines(item: Any, width: float) -> int:
    # A cell of either mode (openpyxl's WriteOnlyCell is a factory, not a class), or a raw value.
    if not isinstance(getattr(item, "value", None), str) or not item.alignment.wrap_text:
        return 1
    return wrapped_lines(item.value, width, bold=bool(item.font.b))


def row_lines(cells: Sequence[Any], widths: Sequence[float]) -> int:
    """The lines the tallest of a row's wrapped cells takes in columns ``widths`` wide."""
    return max(
        (_cell_lines(item, width) for item, width in zip(cells, widths, strict=False)),
        default=1,
    )


# LibreOffice without Calibri (DejaVu Sans) takes about 7.4 points per character of column
# width; A4 landscape within TABLE_MARGINS is 784 points wide. Sheets wider than fits at
# PRINT_SCALE print on more pages across, their key columns repeated.
POINTS_PER_WIDTH = 7.4
PRINT_WIDTH_POINTS = 784
PRINT_SCALE = 0.7


def pages_wide(widths: Sequence[float]) -> int:
    """Pages across that a table of columns ``widths`` wide needs to print at PRINT_SCALE."""
    needed = sum(widths) * POINTS_PER_WIDTH * PRINT_SCALE / PRINT_WIDTH_POINTS
    return max(1, math.ceil(needed))


@dataclass(frozen=True)
class Letterhead:
    """What every printed page says about itself: whose, when, how marked, and any warning."""

    name: str  # the authority, or the cohort
    dated: str  # the assessment date (or dates), as people write them
    marking: str  # the protective marking, e.g. OFFICIAL-SENSITIVE
    warning: str | None = None  # e.g. that the pages hold personal data


# Header and footer text is limited to 255 characters for each of the two, codes included.
_HEADER_PART_CHARS = 80


def _header_text(text: str) -> str:
    """User text for a header or footer: '&' starts a code there, so it is doubled."""
    flat = " ".join(clean_text(text).split())
    if len(flat) > _HEADER_PART_CHARS:
        flat = flat[: _HEADER_PART_CHARS - 1] + "…"
    return flat.replace("&", "&&")


def print_setup(
    sheet: Worksheet,
    letterhead: Letterhead,
    *,
    landscape: bool = True,
    title_rows: str | None = None,
    one_page: bool = False,
    pages_across: int = 1,
) -> None:
    """A4, ``pages_across`` pages wide (or one page in all with ``one_page``), repeating
    ``title_rows`` (e.g. '1:1'), under a header naming the authority, the date and the marking,
    over a footer with the sheet's name, the marking, any warning and 'Page N of M'."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    # The class constant: write-only sheets do not carry it.
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = pages_across
    sheet.page_setup.fitToHeight = 1 if one_page else 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = TABLE_MARGINS
    if title_rows:
        sheet.print_title_rows = title_rows
    marking = f"&B{_header_text(letterhead.marking)}&B"
    # Under the page's content, where the footer's short sides leave it room on one line.
    warning = f" &B{_header_text(letterhead.warning)}&B" if letterhead.warning else ""
    sheet.oddHeader.left.text = _header_text(letterhead.name)
    sheet.oddHeader.center.text = marking
    sheet.oddHeader.right.text = _header_text(letterhead.dated)
    sheet.oddFooter.left.text = "&A"
    sheet.oddFooter.center.text = marking + warning
    sheet.oddFooter.right.text = "Page &P of &N"


def percent_chart(title: str, width: float = 24, height: float = 8) -> BarChart:
    """An empty column chart for percentages: a 0-100% axis, both axes shown, legend below.

    Sizes are in centimetres.
    """
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = "Score (%)"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.majorUnit = 0.25
    chart.y_axis.number_format = "0%"
    # openpyxl marks both axes deleted unless told otherwise, and Excel then hides them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.width, chart.height = width, height
    return chart


def write_rag(sheet: Worksheet, row: int, column: int, rag: Rag) -> Cell:
    """The rating as a bold word on its fill: the word carries the meaning, the colour helps."""
    return write(sheet, row, column, RAG_LABEL[rag], font=BOLD, fill=RAG_FILL[rag], border=BORDER)


@dataclass(frozen=True)
class Column:
    """A table column: its header, and the narrowest and widest it may be (in characters).

    An ``entry`` column is for the council to fill in: shaded and unlocked.
    """

    title: str
    width: float
    minimum: float = 8
    number_format: str = "General"
    entry: bool = False


# Lines of 11 pt text a row can hold within Excel's limit, one kept for the cross-reference.
MAX_LINES = ROW_LIMIT_POINTS // LINE_POINTS - 1


def split_to_fit(text: str, width: float, suffix: str) -> tuple[str, str]:
    """``text`` cut where it stops fitting a row of a column ``width`` wide, leaving room for
    ``suffix``; the rest is returned apart ('' when it all fits)."""
    if wrapped_lines(text, width) <= MAX_LINES:
        return text, ""

    def fits(cut: int) -> bool:
        return wrapped_lines(text[:cut] + suffix, width) <= MAX_LINES

    low, high = 0, len(text)  # fits(low) holds, fits(high) does not
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    # At the last word break, unless the word runs on for more than a line.
    space = max(text.rfind(" ", 0, low), text.rfind("\n", 0, low))
    cut = space if space >= 0 and text_width(text[space:low]) <= line_capacity(width) else low
    return text[:cut], text[cut:].lstrip()


@dataclass
class Notes:
    """Text too long for one row (Excel's limit is 409 points), continued on a Notes sheet.

    The cross-reference names a note number, the item and the column, never a cell address, so
    it still holds after the table is sorted.
    """

    rows: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def fit(self, text: str, width: float, *, sheet: str, item: str, column: str) -> str:
        """``text`` as it fits its row, any rest kept here for the Notes sheet."""
        reference = f"N{len(self.rows) + 1}"
        suffix = f" … [continued on the Notes sheet, {reference}]"
        head, rest = split_to_fit(text, width, suffix)
        if not rest:
            return text
        # The item names the row (an Id, an authority): a long one is cut, its text being the
        # row's own and printed there.
        if len(item) > NOTE_ITEM_CHARS:
            item = item[: NOTE_ITEM_CHARS - 1] + "…"
        part = 1
        while rest:
            later = f"{reference} part {part + 1}"
            piece, after = split_to_fit(rest, NOTE_COLUMNS[-1].width, f" … [continued in {later}]")
            label = reference if part == 1 else f"{reference} part {part}"
            self.rows.append(
                (
                    label,
                    sheet,
                    item,
                    column,
                    piece + (f" … [continued in {later}]" if after else ""),
                )
            )
            rest, part = after, part + 1
        return head + suffix

    def sheet(self, workbook: Workbook, letterhead: Letterhead) -> Worksheet | None:
        """The Notes sheet, when any text needed one."""
        if not self.rows:
            return None
        return table_sheet(
            workbook, NOTES, NOTE_COLUMNS, self.rows, letterhead=letterhead, table_name="Notes"
        )


NOTES = "Notes"
NOTE_ITEM_CHARS = 40
NOTE_COLUMNS = (
    Column("Note", 10),
    Column("Sheet", 14),
    Column("Item", 16),
    Column("Column", 14),
    Column("Text continued", 90),
)
TABLE_STYLE = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)


def add_table(sheet: Worksheet, name: str, columns: int, last_row: int, first_row: int = 1) -> None:
    """Make the rows ``first_row`` (the header) to ``last_row`` an Excel Table called ``name``,
    so that sorting, filtering, banding and added rows behave as Excel users expect."""
    reference = f"A{first_row}:{get_column_letter(columns)}{max(last_row, first_row + 1)}"
    sheet.add_table(Table(displayName=name, ref=reference, tableStyleInfo=TABLE_STYLE))


def table_sheet(
    workbook: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[CellValue]],
    *,
    letterhead: Letterhead,
    table_name: str,
    notes: Notes | None = None,
    key_column: int = 0,
    frozen_columns: int = 0,
) -> Worksheet:
    """A sheet holding one Excel Table, ready to work in and to print.

    Header on row 1, frozen (with the first ``frozen_columns`` columns) and repeated on every
    printed page; wrapped, bordered cells; each column as wide as its longest line within its
    limits; entry columns shaded and unlocked; landscape, one page wide. With ``notes``, text
    too long for a row goes on in the Notes sheet, referenced by the row's ``key_column`` value.
    """
    sheet = workbook.create_sheet(title)
    header_row(sheet, 1, [column.title for column in columns])
    last_row = 1
    for last_row, values in enumerate(rows, start=2):
        item = str(values[key_column])
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            if notes is not None and isinstance(value, str):
                value = notes.fit(value, column.width, sheet=title, item=item, column=column.title)
            style: dict[str, Any] = (
                {"fill": INPUT_FILL, "protection": UNLOCKED} if column.entry else {}
            )
            write(
                sheet,
                last_row,
                index,
                value,
                alignment=WRAP,
                border=BORDER,
                number_format=column.number_format,
                **style,
            )
    fit_widths(sheet)
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = min(max(dimension.width, column.minimum), column.width)
    sheet.freeze_panes = sheet.cell(row=2, column=frozen_columns + 1).coordinate
    if last_row > 1:
        add_table(sheet, table_name, len(columns), last_row)
    shade_entries_of_added_rows(sheet, columns)
    print_setup(sheet, letterhead, title_rows="1:1")
    fit_heights(sheet)
    return sheet


def shade_entries_of_added_rows(sheet: Worksheet, columns: Sequence[Column]) -> None:
    """Shade the entry columns of any row the council fills in under the table, as its own
    rows are: Excel extends a Table's formats to a row typed under it, LibreOffice does not."""
    last = get_column_letter(len(columns))
    # A conditional format's solid fill takes its colour from the background colour.
    fill = PatternFill("solid", fgColor=INPUT_FILL.fgColor, bgColor=INPUT_FILL.fgColor)
    rule = FormulaRule(formula=[f"COUNTA($A2:${last}2)>0"], fill=fill)
    for number, column in enumerate(columns, start=1):
        if column.entry:
            letter = get_column_letter(number)
            sheet.conditional_formatting.add(f"{letter}2:{letter}{LAST_ROW}", rule)


def column_cells(sheet: Worksheet, title: str, first_row: int = 2) -> str:
    """Every cell of the column headed ``title`` on row 1, from ``first_row`` to the sheet's end:
    rules set on them hold for the rows a council adds too."""
    for header in sheet[1]:
        if header.value == title:
            return f"{header.column_letter}{first_row}:{header.column_letter}{LAST_ROW}"
    raise KeyError(title)


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
    """Let ``cells`` hold only dates from ``earliest`` on, shown in DATE_FORMAT (the cells in
    use now; a whole column's later rows take the format from the column)."""
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
    first, last = cells.split(":")
    letter = first.rstrip("0123456789")
    sheet.column_dimensions[letter].number_format = DATE_FORMAT
    for row in sheet.iter_rows(
        min_row=int(first[len(letter) :]),
        max_row=min(int(last[len(letter) :]), sheet.max_row),
        min_col=sheet[first].column,
        max_col=sheet[first].column,
    ):
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


def save_workbook(workbook: Workbook, path: Path, *, replace: bool = False) -> None:
    """Save ``workbook`` to ``path`` atomically; an existing file is replaced only with
    ``replace``, and only on success."""
    check_xlsx_path(path)

    # Built in memory first: when the disk fills, openpyxl's zip writer would otherwise fail
    # half-way and complain again when it is garbage-collected.
    buffer = io.BytesIO()
    workbook.save(buffer)

    def write_to(handle: IO[bytes]) -> None:
        handle.write(buffer.getbuffer())

    write_atomic(path, write_to, replace=replace)
