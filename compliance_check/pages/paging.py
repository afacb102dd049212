"""Where a sheet's printed pages break, worked out before Calc or Excel prints it.

Calc prints rows at the heights the workbook gives them (``measure``), so the page breaks can be
foreseen: a heading is kept with the rows it heads, and the last page never holds a line or two
alone. Both are done with manual row breaks, which Excel and Calc honour.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from compliance_check.pages.measure import (
    DEFAULT_WIDTH,
    POINTS_PER_WIDTH,
    PRINT_WIDTH_POINTS,
)

# A4 within the table margins (0.6 inch top and bottom, 0.4 inch at the sides), in points.
BODY_HEIGHT = {"landscape": 595.3 - 86.4, "portrait": 841.9 - 86.4}
BODY_WIDTH = {"landscape": PRINT_WIDTH_POINTS, "portrait": 595.3 - 57.6}
DEFAULT_ROW_POINTS = 15  # a row written without a height
# A page with fewer lines of text than this, after the first, is near-empty.
MIN_LINES = 4


@dataclass(frozen=True)
class Row:
    """A sheet's row as it prints: its height in points and the lines of text it shows."""

    points: float
    lines: int


def print_scale(widths: Iterable[float], *, landscape: bool, pages_across: int = 1) -> float:
    """The scale Calc and Excel print a sheet of columns ``widths`` at, fitted to
    ``pages_across`` pages wide."""
    body = BODY_WIDTH["landscape" if landscape else "portrait"] * pages_across
    return min(1.0, body / max(sum(widths) * POINTS_PER_WIDTH, 1.0))


def breaks(
    rows: Sequence[Row],
    *,
    page_points: float,
    repeated: int = 0,
    keep: Mapping[int, int] | None = None,
) -> list[int]:
    """The rows (numbered from 1) after which a page must break.

    ``page_points`` is the page's height in the sheet's own points (the body height over the
    scale); the first ``repeated`` rows print again at the top of every page. ``keep`` maps a
    heading's row to how many rows after it must share its page.
    """
    keep = keep or {}
    top = sum(row.points for row in rows[:repeated])
    manual: list[int] = []
    starts = [1]  # the first row of each page
    used = 0.0
    for number, row in enumerate(rows, start=1):
        room = page_points - (top if len(starts) > 1 else 0.0)
        held = sum(later.points for later in rows[number - 1 : number + keep.get(number, 0)])
        first_on_page = number == starts[-1]
        if not first_on_page and used + held > room:
            if number in keep:
                manual.append(number - 1)
            starts.append(number)
            used = 0.0
        used += row.points
    if len(starts) > 1:
        last = starts[-1]
        lines = sum(row.lines for row in rows[last - 1 :])
        # Rows from the page before join the last page until it holds MIN_LINES of text.
        while lines < MIN_LINES and last - 1 > max(starts[-2], repeated + 1):
            last -= 1
            lines += rows[last - 1].lines
        if last != starts[-1]:
            manual = [row for row in manual if row < last - 1] + [last - 1]
    return sorted(set(manual))


def _rows(sheet: Worksheet) -> list[Row]:
    found = []
    for number in range(1, sheet.max_row + 1):
        height = sheet.row_dimensions[number].height if number in sheet.row_dimensions else None
        points = height or DEFAULT_ROW_POINTS
        filled = any(cell.value not in (None, "") for cell in next(sheet.iter_rows(number, number)))
        found.append(Row(points, max(round((points - 1.5) / 11.2), 1) if filled else 0))
    return found


def _widths(sheet: Worksheet) -> list[float]:
    dimensions = sheet.column_dimensions
    return [
        (dimensions[letter].width if letter in dimensions else None) or DEFAULT_WIDTH
        for letter in (cell.column_letter for cell in next(sheet.iter_rows(1, 1)))
    ]


def keep_together(sheet: Worksheet, headings: Iterable[int] = (), keep: int = 2) -> None:
    """Break ``sheet``'s printed pages so that no heading in ``headings`` (row numbers) ends a
    page without ``keep`` rows under it, and the last page is not near-empty.

    For a sheet set up by ``print_setup``, its rows written and fitted. The breaks are
    foreseen from the row heights the workbook gives, which Calc prints at; Calc fits a sheet
    to the page's width at a whole percentage, a little under the widths' ratio, so it breaks
    at most a row or so later than foreseen on each page: meant for sheets of a few pages.
    """
    setup = sheet.page_setup
    landscape = setup.orientation == "landscape"
    scale = print_scale(_widths(sheet), landscape=landscape, pages_across=setup.fitToWidth or 1)
    body = BODY_HEIGHT["landscape" if landscape else "portrait"]
    titles = sheet.print_title_rows
    repeated = int(titles.split(":")[-1].lstrip("$")) if titles else 0
    for row in breaks(
        _rows(sheet),
        page_points=body / scale,
        repeated=repeated,
        keep=dict.fromkeys(headings, keep),
    ):
        sheet.row_breaks.append(Break(id=row))
