"""Drive a running LibreOffice Calc through its UNO bridge, as a council's officer would.

Run by the system interpreter (``/usr/bin/python3``), the only one that sees ``uno``; the tests
start one headless ``soffice`` and call this script for each task, with a JSON task on stdin and
a JSON result on stdout. Tasks:

- ``{"task": "pdf", "input": X, "pdf": P}``: print the workbook to PDF, and list the rows of
  each sheet too short for their text, and those more than a line too tall for it (Calc
  prints a row at the height the workbook gives it), and how each sheet opens: its frozen
  column and row, the first column its top-left pane shows, and the width of column A
  (1/100 mm).
- ``{"task": "work", "input": X, "pdf": P, "sheet": S, "columns": [header, ...],
  "row": {header: text}, "status": T}``: sort sheet S's table by each column, checking after
  the sort that each row is tall enough for its text; then sort one copy by every column in
  turn, type a new row under the table, pick its Status from the cell's own list, and print
  the workbook to PDF.
- ``{"task": "quit"}``: close LibreOffice.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.table import TableSortField  # type: ignore[import-not-found]

# A row counts as clipped when Calc's own fitted height is taller by more than this (1/100 mm):
# about half a line of 11 pt text.
CLIPPED_MARGIN = 200
# A line of wrapped 11 pt Carlito, as Calc sets it (1/100 mm).
LINE = 395


def connect(port: int) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            context = resolver.resolve(
                f"uno:socket,host=localhost,port={port};urp;StarOffice.ComponentContext"
            )
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def prop(name: str, value: Any) -> Any:
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def load(desktop: Any, path: str) -> Any:
    url = Path(path).resolve().as_uri()
    return desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))


def to_pdf(doc: Any, pdf: str) -> None:
    doc.storeToURL(Path(pdf).resolve().as_uri(), (prop("FilterName", "calc_pdf_Export"),))


def used_size(sheet: Any) -> tuple[int, int]:
    """(rows, columns) of the sheet's used area."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    address = cursor.getRangeAddress()
    return address.EndRow + 1, address.EndColumn + 1


def fitted(sheet: Any, rows: int) -> list[tuple[int, int, int]]:
    """(row index, height, the height Calc fits the row to) of rows 2 on, in 1/100 mm."""
    found = []
    for index in range(1, rows):
        row = sheet.Rows.getByIndex(index)
        height, optimal = row.Height, row.OptimalHeight
        row.OptimalHeight = True
        found.append((index, height, row.Height))
        if not optimal:
            row.Height = height  # leave the sheet as the user would have it
    return found


def described(sheet: Any, index: int, height: int, fits: int) -> dict[str, Any]:
    first = sheet.getCellByPosition(0, index).getString()
    return {"row": index + 1, "first": first, "height": height, "fits": fits}


def clipped_rows(sheet: Any, rows: int) -> list[dict[str, Any]]:
    """Rows shorter than Calc would fit them to: their text is cut off on screen and on paper."""
    return [
        described(sheet, index, height, fits)
        for index, height, fits in fitted(sheet, rows)
        if fits - height > CLIPPED_MARGIN
    ]


def loose_rows(sheet: Any, rows: int) -> list[dict[str, Any]]:
    """Rows more than a line taller than Calc would fit them to: white space on paper."""
    return [
        described(sheet, index, height, fits)
        for index, height, fits in fitted(sheet, rows)
        if height - fits > LINE
    ]


def sort_by(sheet: Any, rows: int, columns: int, column: int) -> None:
    target = sheet.getCellRangeByPosition(0, 1, columns - 1, rows - 1)
    descriptor = target.createSortDescriptor()
    field = TableSortField()
    field.Field, field.IsAscending = column, True
    for setting in descriptor:
        if setting.Name == "SortFields":
            setting.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
        elif setting.Name == "ContainsHeader":
            setting.Value = False
    target.sort(descriptor)


VALIDATION_TYPE = {"ANY": "any", "LIST": "list", "DATE": "date"}


def validation_of(cell: Any) -> dict[str, Any]:
    validation = cell.Validation
    kind = validation.Type.value
    return {"type": VALIDATION_TYPE.get(kind, kind), "formula": validation.getFormula1()}


def shaded_columns(doc: Any, sheet: Any, row: int, headers: list[str]) -> dict[str, str]:
    """The columns of ``row`` (0-based) that a conditional format shades, with the colour
    (RRGGBB): each format whose range covers the row, its condition worked out by Calc."""
    styles = doc.StyleFamilies.getByName("CellStyles")
    spare = sheet.getCellByPosition(len(headers) + 5, row)
    found = {}
    for conditional in sheet.getPropertyValue("ConditionalFormats").getConditionalFormats():
        entry = conditional.getByIndex(0)
        for area in conditional.getPropertyValue("Range").getRangeAddresses():
            if not area.StartRow <= row <= area.EndRow:
                continue
            # The formula is written for the range's first row: moved to ``row`` as Calc would.
            moved = re.sub(
                r"(\$[A-Z]+)" + str(area.StartRow + 1) + r"\b", rf"\g<1>{row + 1}", entry.Formula1
            )
            spare.setFormula("=" + moved)
            if spare.getValue():
                colour = styles.getByName(entry.StyleName).CellBackColor
                for column in range(area.StartColumn, area.EndColumn + 1):
                    found[headers[column]] = f"{colour:06X}"
    spare.setString("")
    return found


def work(desktop: Any, task: dict[str, Any]) -> dict[str, Any]:
    sorts = []
    # Each check fits the rows it measures, so each sort starts from the file as written.
    for column in range(len(task["columns"])):
        doc = load(desktop, task["input"])
        try:
            sheet = doc.Sheets.getByName(task["sheet"])
            rows, columns = used_size(sheet)
            sort_by(sheet, rows, columns, column)
            sorts.append({"by": task["columns"][column], "clipped": clipped_rows(sheet, rows)})
        finally:
            doc.close(True)
    doc = load(desktop, task["input"])
    try:
        sheet = doc.Sheets.getByName(task["sheet"])
        rows, columns = used_size(sheet)
        headers = [sheet.getCellByPosition(c, 0).getString() for c in range(columns)]
        for column in range(columns):
            sort_by(sheet, rows, columns, column)
        new = rows  # the first row under the table, 0-based
        for header, text in task["row"].items():
            sheet.getCellByPosition(headers.index(header), new).setString(text)
        status = sheet.getCellByPosition(headers.index("Status"), new)
        # The list offered in the cell, as Calc shows it: "a";"b";...
        offered = [
            choice.strip().strip('"') for choice in status.Validation.getFormula1().split(";")
        ]
        if task["status"] in offered:
            status.setString(task["status"])
        added = {
            header: validation_of(sheet.getCellByPosition(c, new))
            for c, header in enumerate(headers)
        }
        shaded = shaded_columns(doc, sheet, new, headers)
        to_pdf(doc, task["pdf"])
        return {
            "headers": headers,
            "rows": rows,
            "sorts": sorts,
            "offered": offered,
            "status": status.getString(),
            "added_validation": added,
            "invalid_marked": bool(sheet.showInvalid()),
            "shaded": shaded,
            "clipped_after_all": clipped_rows(sheet, rows + 1),
        }
    finally:
        doc.close(True)


def pdf(desktop: Any, task: dict[str, Any]) -> dict[str, Any]:
    doc = load(desktop, task["input"])
    try:
        to_pdf(doc, task["pdf"])
        sheets = doc.Sheets
        names = sheets.getElementNames()
        # Checked after printing: the check fits the rows it measures.
        rows = {name: used_size(sheets.getByName(name))[0] for name in names}
        loose = {name: loose_rows(sheets.getByName(name), rows[name]) for name in names}
        clipped = {name: clipped_rows(sheets.getByName(name), rows[name]) for name in names}
        return {
            "sheets": list(names),
            "clipped": clipped,
            "loose": loose,
            "opens": {
                name: opens(doc, sheets.getByName(name)) for name in sheets.getElementNames()
            },
        }
    finally:
        doc.close(True)


def opens(doc: Any, sheet: Any) -> dict[str, Any]:
    """How ``sheet`` shows on screen: what is frozen, and what the top-left pane shows."""
    view = doc.getCurrentController()
    view.setActiveSheet(sheet)
    return {
        "frozen": [view.getSplitColumn(), view.getSplitRow()] if view.hasFrozenPanes() else None,
        "first_column": view.getByIndex(0).getFirstVisibleColumn(),
        "column_a_width": sheet.Columns.getByIndex(0).Width,
    }


def main() -> None:
    port = int(sys.argv[1])
    task = json.load(sys.stdin)
    desktop = connect(port)
    if task["task"] == "quit":
        # The bridge may drop as LibreOffice exits: that is the point.
        with contextlib.suppress(Exception):
            desktop.terminate()
        result: dict[str, Any] = {}
    else:
        result = {"pdf": pdf, "work": work}[task["task"]](desktop, task)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
