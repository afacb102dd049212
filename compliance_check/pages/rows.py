"""A write-only sheet's rows written as SpreadsheetML text, and spliced into the saved workbook.

openpyxl builds an object, a style lookup and an XML element for every cell it writes: about
half a millisecond a row of the cohort's Respondents sheet, more than reading the file the row
comes from. Here each style is looked up once, and a row is formatted as text straight into a
temporary file; openpyxl still writes everything else (columns, panes, filters, printing,
charts, styles), and ``splice_rows`` puts the rows into its saved sheets.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# A cell as written: its value (text already made safe for a cell, see workbook.set_value) and
# its style's index in the workbook, or None for a cell with no style.
RowCell = tuple[str | int | float | None, int | None]

_COLUMN_LETTERS = [get_column_letter(number) for number in range(1, 16_385)]
_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")
_COPY_CHUNK = 1 << 20


def row_cell(item: Any) -> RowCell:
    """An openpyxl cell (``workbook.cell``) as ``RowStream.append`` takes it."""
    return item.value, item.style_id if item.has_style else None


def _text_xml(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    stripped = text.strip()
    # As openpyxl writes it: XML drops leading and trailing spaces unless told to keep them.
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f"<is><t{space}>{escaped}</t></is>"


class RowStream:
    """The rows of one write-only ``sheet``, as text in a temporary file until the save.

    Nothing may be appended to the sheet through openpyxl: its rows are all here.
    """

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.rows = 0
        # Closed by ``close``: it outlives this method, so no `with` can hold it.
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._text = io.TextIOWrapper(self._file, encoding="utf-8", newline="")
        self._styles: dict[Any, int] = {}

    def style_id(self, key: Any, **style: Any) -> int:
        """The workbook's index of the cell style ``style`` (openpyxl's attributes, e.g. font
        or alignment), remembered under ``key`` so that openpyxl looks it up only once."""
        found = self._styles.get(key)
        if found is None:
            prototype = WriteOnlyCell(self.sheet, None)
            for name, setting in style.items():
                setattr(prototype, name, setting)
            found = self._styles[key] = prototype.style_id
        return found

    def append(self, cells: Sequence[RowCell], height: float | None = None) -> int:
        """Write the next row, ``height`` points tall (None: the sheet's default), and return
        its number. A cell with neither value nor style is left out, as Excel writes it."""
        self.rows += 1
        number = str(self.rows)
        tall = f' ht="{safe_string(height)}"' if height else ""
        parts = [f'<row r="{number}"{tall}>']
        for letter, (value, style) in zip(_COLUMN_LETTERS, cells, strict=False):
            if value is None and style is None:
                continue
            styled = "" if style is None else f' s="{style}"'
            head = f'<c r="{letter}{number}"{styled}'
            if isinstance(value, str):
                parts.append(
                    f'{head} t="inlineStr">{_text_xml(value)}</c>'
                    if value
                    else f'{head} t="inlineStr" />'
                )
            elif value is None:
                parts.append(f'{head} t="n" />')
            elif isinstance(value, bool):
                parts.append(f'{head} t="b"><v>{int(value)}</v></c>')
            else:
                parts.append(f'{head} t="n"><v>{safe_string(value)}</v></c>')
        parts.append("</row>")
        self._text.write("".join(parts))
        return self.rows

    def copy_to(self, target: Any) -> None:
        """Write the rows' XML to the binary file ``target``."""
        self._text.flush()
        self._file.seek(0)
        shutil.copyfileobj(self._file, target, _COPY_CHUNK)

    def close(self) -> None:
        self._text.close()


def splice_rows(saved: bytes, streams: Iterable[RowStream]) -> io.BytesIO:
    """The workbook ``saved`` by openpyxl with each stream's rows in its sheet's (empty) data."""
    by_member = {stream.sheet.path.lstrip("/"): stream for stream in streams}
    spliced = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(saved)) as source,
        # The fastest deflate: the rows are most of the work of saving a cohort, and squeezing
        # them as hard as openpyxl does would take three times as long for a quarter less.
        zipfile.ZipFile(
            spliced, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1
        ) as target,
    ):
        for member in source.infolist():
            content = source.read(member)
            stream = by_member.pop(member.filename, None)
            if stream is None:
                target.writestr(member, content, zipfile.ZIP_DEFLATED, compresslevel=1)
                continue
            empty = _SHEET_DATA.search(content)
            if empty is None:
                raise ValueError(f"{member.filename} has rows of its own; cannot add more")
            with target.open(member.filename, "w", force_zip64=True) as out:
                out.write(content[: empty.start()] + b"<sheetData>")
                stream.copy_to(out)
                out.write(b"</sheetData>" + content[empty.end() :])
    if by_member:
        raise ValueError(f"no sheet saved at {', '.join(by_member)}")
    return spliced
