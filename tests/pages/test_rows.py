from contextlib import closing
from pathlib import Path

from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from compliance_check.pages.measure import row_points
from compliance_check.pages.rows import RowStream, row_cell
from compliance_check.pages.workbook import PERCENT_FORMAT, WRAP, cell, save_workbook


def test_streamed_rows_read_back_as_written_with_their_styles(tmp_path: Path) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Rows")
    sheet.column_dimensions["A"].width = 30
    with closing(RowStream(sheet)) as stream:
        wrap = stream.style_id("wrap", alignment=WRAP)
        percent = stream.style_id("percent", number_format=PERCENT_FORMAT)
        quoted = stream.style_id("quoted", quotePrefix=True)
        assert stream.style_id("wrap") == wrap  # looked up once, by its key
        stream.append(
            [
                ("a < b & c > d", wrap),
                ("  starts with spaces ", None),
                (0.5625, percent),
                (3, None),
                (None, wrap),
                ("", None),
            ]
        )
        stream.append([("=1+1", quoted), ("line one\nline two\nline three", wrap)], row_points(3))
        stream.append([])
        stream.append(
            [row_cell(cell(sheet, "from a cell", alignment=WRAP)), row_cell(cell(sheet, None))]
        )
        path = tmp_path / "rows.xlsx"
        save_workbook(workbook, path, streams=[stream])

    back = load_workbook(path)["Rows"]
    assert [[item.value for item in row] for row in back.iter_rows()] == [
        ["a < b & c > d", "  starts with spaces ", 0.5625, 3, None, None],
        ["=1+1", "line one\nline two\nline three", None, None, None, None],
        [None] * 6,
        ["from a cell", None, None, None, None, None],
    ]
    assert back["A1"].alignment.wrap_text and back["C1"].number_format == PERCENT_FORMAT
    assert back["A2"].data_type == "s" and back["A2"].quotePrefix  # text, never a formula
    assert back.row_dimensions[2].height == row_points(3)
    assert back.column_dimensions["A"].width == 30  # what openpyxl wrote is kept
    # Another reader (Rust's calamine) agrees.
    other = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Rows").to_python()
    assert other[0][:4] == ["a < b & c > d", "  starts with spaces ", 0.5625, 3]
    assert other[1][0] == "=1+1"
