"""Text measured in Calibri's widths: the lines and row heights Calc gives wrapped cells."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from compliance_check.pages.measure import (
    LINE_POINTS,
    MAX_LINES,
    row_points,
    text_width,
    wrapped_lines,
)
from compliance_check.pages.workbook import WRAP, fit_heights, write

TOOL = Path(__file__).resolve().parents[2] / "tools" / "font_widths.py"

# Lines LibreOffice 7.4 printed these texts in (Carlito, with Calibri's widths), read from the
# heights it fitted their rows to through UNO (a row of n lines is 395n + 51 hundredths of a
# millimetre): wide letters wrap sooner than narrow ones.
PRINTED_LINES = [
    ("WWWWW MMMMM", 13, False, 2),
    ("iiiii lllll", 8, False, 1),
    ("WWWWWWWWWW", 8, False, 3),
    ("Information governance performance reporting", 10, False, 7),
    ("ICO registration", 10, False, 2),
    ("Newly unknown", 10, True, 2),
    ("Information Asset Owners", 16, False, 2),
    ("District council", 13, False, 1),
    (
        "Has your council named an Information Asset Owner for each significant information "
        "asset or system that holds personal data?",
        20,
        True,
        6,
    ),
    (
        "Policy drafted, awaiting sign-off by the SIRO. Only in children's services; adult "
        "social care uses its own process.",
        30,
        False,
        4,
    ),
    (
        "Identify every regular flow of sensitive data to other public bodies and move each one "
        "to a secure network or secure email route, telling staff which route to use.",
        34,
        False,
        5,
    ),
    (
        "UK GDPR: Art 5(1)(f); Art 32\nICO: Records management and security\n"
        "CAF: B3.b Data in transit",
        26,
        False,
        4,
    ),
    # Files' paths, as Calc printed them in a cohort's Respondents sheet (read from the PDF).
    (
        "small/ashby-0003-metropolitan-borough-council/00036-departmental_manager.answers.yaml",
        30,
        False,
        4,
    ),
    (
        "small/ashby-0003-metropolitan-borough-council/00015-departmental_staff.answers.yaml",
        30,
        False,
        3,
    ),
    ("small/carrow-0004-district-council/00002-departmental_staff.answers.yaml", 30, False, 3),
    ("small/carrow-0004-district-council/00006-it_staff.answers.yaml", 30, False, 2),
]


@pytest.mark.parametrize(("text", "width", "bold", "printed"), PRINTED_LINES)
def test_a_wrapped_cell_gets_the_lines_calc_prints_it_in_never_fewer(
    text: str, width: float, bold: bool, printed: int
) -> None:
    # Never fewer, or the row would cut the text off; more only where a narrow column makes
    # the break points uncertain (Calc also breaks after hyphens and inside long words).
    spare = 1 if width >= 26 else 2
    assert printed <= wrapped_lines(text, width, bold=bold) <= printed + spare


def test_calibri_is_narrower_than_a_character_a_unit_and_bold_is_wider() -> None:
    assert text_width("0") == pytest.approx(1038 / 2048)  # a digit sets Excel's width unit
    assert text_width("iiii") < text_width("WWWW") / 3
    assert text_width("Information Asset Owner", bold=True) > text_width("Information Asset Owner")
    # A character Carlito lacks (CJK) is taken as a full em: never narrower than it prints.
    assert text_width("\u4e2d") == 1.0


def test_wrapped_text_gets_rows_as_tall_as_calc_sets_its_lines() -> None:
    workbook = Workbook()
    sheet: Worksheet = workbook.active
    sheet.column_dimensions["A"].width = 10
    write(sheet, 1, 1, "short")
    write(sheet, 2, 1, "one two three four five six seven eight nine ten")
    write(sheet, 3, 1, "first\nsecond\nthird")
    write(sheet, 4, 1, "long text that is not wrapped stays on one line")
    for row in (1, 2, 3):
        sheet.cell(row, 1).alignment = WRAP
    fit_heights(sheet)
    heights = [sheet.row_dimensions[row].height for row in (1, 2, 3, 4)]
    assert heights[0] is None and heights[3] is None
    assert heights[1] == row_points(wrapped_lines(sheet["A2"].value, 10)) >= 4 * LINE_POINTS
    assert heights[2] == row_points(3) == pytest.approx(3 * 11.2 + 1.5)
    # Excel's tallest row (409 points) holds at most MAX_LINES of its own 15-point lines.
    assert row_points(1000) == 409 and MAX_LINES * 15 < 409


def test_the_committed_widths_are_the_installed_carlitos() -> None:
    if importlib.util.find_spec("fontTools") is None:
        pytest.skip("fontTools is not installed: pip install -e '.[test]'")
    if shutil.which("fc-match") is None or "Carlito" not in subprocess.run(
        ["fc-match", "--format=%{family}", "Carlito"], capture_output=True, text=True, check=False
    ).stdout.split(","):
        pytest.skip("Carlito is not installed: apt-get install fonts-crosextra-carlito")
    done = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
