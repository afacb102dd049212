"""User text in workbooks and CSV: never a formula, always readable, never a corrupt file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils.escape import unescape
from python_calamine import CalamineWorkbook

from compliance_check.errors import OutputError
from compliance_check.pages.cells import MAX_CELL_CHARS, clean_text, csv_safe
from compliance_check.pages.workbook import cell, save_workbook, write

PAYLOADS_FILE = Path(__file__).resolve().parents[1] / "corpus" / "formula-injection.json"


def payloads() -> list[str]:
    data = json.loads(PAYLOADS_FILE.read_text(encoding="utf-8"))
    items = data["payloads"] if isinstance(data, dict) else data
    return [item["payload"] if isinstance(item, dict) else item for item in items]


def round_trip(tmp_path: Path, values: list[str], write_only: bool) -> tuple[list, list]:
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Notes") if write_only else workbook.active
    if write_only:
        for value in values:
            sheet.append([cell(sheet, value)])
    else:
        sheet.title = "Notes"
        for row, value in enumerate(values, start=1):
            write(sheet, row, 1, value)
    path = tmp_path / "notes.xlsx"
    save_workbook(workbook, path)
    read = load_workbook(path)["Notes"]
    # openpyxl does not decode OOXML's _xHHHH_ escapes when reading; Excel and calamine do.
    by_openpyxl = [(unescape(c.value), c.data_type) for (c,) in read.iter_rows()]
    by_calamine = [
        row[0]
        for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Notes").to_python()
    ]
    return by_openpyxl, by_calamine


def test_the_payload_list_is_complete() -> None:
    assert len(payloads()) == 38


@pytest.mark.parametrize("write_only", [False, True], ids=["normal", "write-only"])
def test_every_injection_payload_is_stored_as_exact_text(tmp_path: Path, write_only: bool) -> None:
    values = payloads()
    by_openpyxl, by_calamine = round_trip(tmp_path, values, write_only)
    assert [value for value, _ in by_openpyxl] == values
    assert {data_type for _, data_type in by_openpyxl} == {"s"}
    assert by_calamine == values


def test_literal_escape_sequences_and_carriage_returns_survive(tmp_path: Path) -> None:
    values = ["\r=1+1", "keep _x000D_ as typed", "a\r\nb", "_x005F_"]
    by_openpyxl, by_calamine = round_trip(tmp_path, values, False)
    assert [value for value, _ in by_openpyxl] == values
    assert by_calamine == values


def test_control_characters_are_replaced_visibly(tmp_path: Path) -> None:
    by_openpyxl, _ = round_trip(tmp_path, ["bell\x07 nul\x00 esc\x1b ok\ttab"], False)
    assert by_openpyxl[0][0] == "bell\u2407 nul\u2400 esc\u241b ok\ttab"


def test_overlong_text_is_cut_with_a_visible_marker() -> None:
    cleaned = clean_text("x" * 100_000)
    assert len(cleaned) == MAX_CELL_CHARS and cleaned.endswith("[truncated]")


def test_the_cell_limit_counts_utf16_units_as_excel_does() -> None:
    cleaned = clean_text("\U0001f600" * 20_000)  # 40,000 UTF-16 units
    assert len(cleaned.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS
    assert cleaned.endswith("[truncated]") and cleaned.startswith("\U0001f600")


@given(st.text())
def test_clean_text_always_gives_storable_text(value: str) -> None:
    cleaned = clean_text(value)
    assert len(cleaned.encode("utf-16-le", "surrogatepass")) // 2 <= MAX_CELL_CHARS
    cleaned.encode("utf-8")


def test_csv_safe_prefixes_only_risky_text() -> None:
    assert csv_safe("=1+1") == "'=1+1"
    assert csv_safe("  @SUM(A1)") == "'  @SUM(A1)"
    assert csv_safe("\uff1dcmd") == "'\uff1dcmd"
    assert csv_safe("Plain note - with a dash") == "Plain note - with a dash"


def test_saving_to_a_non_xlsx_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"must end in \.xlsx"):
        save_workbook(Workbook(), tmp_path / "report.xls")
    assert list(tmp_path.iterdir()) == []
