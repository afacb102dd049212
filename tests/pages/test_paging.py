"""Page breaks foreseen from row heights: headings kept with their rows, no near-empty page."""

from __future__ import annotations

from openpyxl import Workbook

from compliance_check.pages.paging import Row, breaks, keep_together, print_scale
from compliance_check.pages.workbook import Letterhead, print_setup, write

LINE = Row(15, 1)
BLANK = Row(15, 0)


def test_rows_that_fit_one_page_need_no_break() -> None:
    assert breaks([LINE] * 10, page_points=150) == []


def test_a_heading_at_the_foot_of_a_page_starts_the_next_one() -> None:
    # Ten rows a page; the heading on row 10 would end page 1 with its rows on page 2.
    rows = [LINE] * 9 + [LINE, LINE, LINE] + [LINE] * 3
    assert breaks(rows, page_points=150, keep={10: 2}) == [9]
    # With room for the heading and two rows under it, it stays where it is.
    assert breaks(rows, page_points=150, keep={8: 2}) == []


def test_a_last_page_of_a_line_or_two_takes_rows_from_the_page_before() -> None:
    rows = [LINE] * 12  # ten on page 1, two left over
    assert breaks(rows, page_points=150) == [8]  # page 2 starts at row 9: four lines
    # Blank rows hold no text: the page needs four lines of text, not four rows.
    assert breaks([LINE] * 10 + [BLANK, BLANK, LINE], page_points=150) == [7]


def test_repeated_header_rows_take_room_on_every_page_after_the_first() -> None:
    rows = [LINE] * 25
    # Page 1: rows 1-10; then the header and 9 rows a page: 11-19, 20-25 (six lines, kept).
    assert breaks(rows, page_points=150, repeated=1) == []


def test_the_print_scale_is_the_ratio_of_the_page_to_the_columns() -> None:
    assert print_scale([100], landscape=True) == 1.0
    assert round(print_scale([216], landscape=True), 3) == round(784 / (216 * 5.55), 3)
    assert print_scale([216], landscape=True, pages_across=2) == 1.0


def test_a_sheet_of_sections_gets_manual_breaks_before_headings() -> None:
    workbook = Workbook()
    sheet = workbook.active
    headings = []
    row = 1
    for section in range(6):
        headings.append(row)
        write(sheet, row, 1, f"Section {section}")
        for line in range(1, 7):
            write(sheet, row + line, 1, f"line {line}")
        row += 8  # a blank row between sections
    print_setup(sheet, Letterhead("Council", "Assessed 1 Jan 2026", "OFFICIAL"))
    keep_together(sheet, headings)
    # A4 landscape holds 33 rows of 15 points: the section heading on row 33 would end page 1
    # alone, so page 2 starts with it.
    assert [brk.id for brk in sheet.row_breaks.brk] == [32]
