"""The cohort's outputs stay the same, cell for cell, while batch is made faster.

The expected outputs were written by the code before the speed work, from the benchmark's own
synthetic cohort. A change that means to alter an output writes them anew with
``COMPLIANCE_CHECK_WRITE_EXPECTED=1 pytest tests/cohort/test_outputs_unchanged.py`` and shows
the difference in its commit.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from typer.testing import CliRunner

from compliance_check import __version__
from compliance_check.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests" / "data" / "benchmark-cohort.expected.json"
# The cohort is of the version the expected outputs were written for, whatever ships newest.
VERSION = "1.1"
FILES = 150


def _generate() -> Any:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate", module)
    spec.loader.exec_module(module)
    return module.generate


def _plain(value: Any) -> Any:
    """A cell's value as JSON keeps it; the tool's own version is not part of the output."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return value.replace(__version__, "VERSION")
    return value


def _outputs(folder: Path, tmp_path: Path) -> dict[str, Any]:
    workbook, cohort_json = tmp_path / "cohort.xlsx", tmp_path / "cohort.json"
    result = CliRunner().invoke(
        app,
        ["batch", str(folder), "-o", str(workbook), "--json", str(cohort_json), "--jobs", "2"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(cohort_json.read_text(encoding="utf-8"))
    data["tool_version"] = "VERSION"
    book = load_workbook(workbook, read_only=True)
    sheets = {
        sheet.title: [[_plain(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }
    book.close()
    return {"json": data, "sheets": sheets}


def test_the_benchmark_cohort_gives_the_same_json_and_cells(tmp_path: Path) -> None:
    folder = tmp_path / "cohort"
    _generate()(folder, FILES, 2009, VERSION)
    # Paths in the outputs name the temporary folder: made relative to it, they compare.
    outputs = json.loads(json.dumps(_outputs(folder, tmp_path)).replace(str(folder), "COHORT"))
    if os.environ.get("COMPLIANCE_CHECK_WRITE_EXPECTED"):
        EXPECTED.write_text(json.dumps(outputs, indent=1, ensure_ascii=False) + "\n")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert outputs["json"] == expected["json"]
    assert outputs["sheets"].keys() == expected["sheets"].keys()
    for name, rows in expected["sheets"].items():
        assert outputs["sheets"][name] == rows, name
