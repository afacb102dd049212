"""Shared workbook building blocks: text-only cells, styles, layout, printing and atomic saving.

Every workbook the tool writes goes through ``cell`` for values, so user text can never become a
formula; through ``print_setup`` so every printed page says whose it is, when and how it is
marked; and through ``save_workbook`` so a failed run never leaves half a file.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
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
from compliance_check.files.atomic import check_not_input, check_output, write_atomic
from compliance_check.files.xlsxio import input_kind
from compliance_check.model.scoring import Rag
from compliance_check.pages.cells import (
    MAX_CELL_CHARS,
    cell_text,
    clean_text,
    looks_like_formula,
    ooxml_escape_exact,
)
from compliance_check.pages.labels import RAG_LABEL
from compliance_check.pages.measure import (
    DEFAULT_WIDTH,
    MAX_LINES,
    line_capacity,
    row_points,
    text_width,
    wrapped_lines,
)
from compliance_check.pages.rows import RowStream, splice_rows

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
        target.value, quoted = cell_text(value)
        # openpyxl turns any string starting with "=" into a formula; force plain text, and
        # mark risky text with Excel's quote prefix so editing the cell later keeps it text.
        target.data_type = "s"
        if quoted:
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


class AutoHeightRow(RowDimension):  # type: ignore[misc]
    """A row height that the application may refit: written without Excel's customHeight flag.

    Excel refits such rows when it opens the file; LibreOffice shows the height given, and
    refits the rows after every sort. A custom height would stay with its row
    number while sorting moves the text, clipping long text that lands on a short row.
    """

    @property
    def customHeight(self) -> bool:
        return False


def set_row_height(sheet: Worksheet, row: int, lines: int) -> None:
    """Give ``row`` room for ``lines`` lines, within Excel's limit, as a height apps may refit."""
    sheet.row_dimensions[row] = AutoHeightRow(sheet, index=row, ht=row_points(lines))


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


def check_workbook_target(
    path: Path,
    *,
    writing: str,
    replace: bool = False,
    inputs: Iterable[Path | None] = (),
) -> None:
    """Raise OutputError before any work if the workbook ``writing`` ("a gap report", say)
    may not be saved at ``path``.

    An existing file is replaced only with ``replace`` (the user's --force): a workbook people
    type into (an action plan's owners, dates and statuses) would lose that work. The
    command's ``inputs``, and a workbook of another kind the tool reads as input (a filled-in
    questionnaire), are never replaced.
    """
    check_xlsx_path(path)
    inputs = list(inputs)
    check_not_input(path, [given for given in inputs if given is not None])
    found = input_kind(path)
    if found is not None and found != writing:
        reads = "answers" if found == "a questionnaire" else "an action plan"
        raise OutputError(
            f"is {found}, which compliance-check reads as {reads}; another kind of workbook "
            "never replaces it, not even with --force; choose another name",
            path=path,
        )
    check_output(
        path,
        force=replace,
        instead="it may hold changes typed into it since, so choose another name, or pass "
        "--force to replace it",
        inputs=inputs,
    )


def save_workbook(
    workbook: Workbook,
    path: Path,
    *,
    replace: bool = False,
    streams: Sequence[RowStream] = (),
) -> None:
    """Save ``workbook``, with the rows of its sheets' ``streams``, to ``path`` atomically; an
    existing file is replaced only with ``replace``, and only on success."""
    check_xlsx_path(path)

    # Built in memory first: when the disk fills, openpyxl's zip writer would otherwise fail
    # half-way and complain again when it is garbage-collected.
    buffer = io.BytesIO()
    workbook.save(buffer)
    if streams:
        buffer = splice_rows(buffer.getvalue(), streams)

    def write_to(handle: IO[bytes]) -> None:
        handle.write(buffer.getbuffer())

    write_atomic(path, write_to, replace=replace)
