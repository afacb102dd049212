"""The one place that reads workbooks: the zip and its sheets are sized up before any XML is parsed.

A workbook is a zip of XML written by whoever sent it. Before openpyxl parses anything, the zip's
entries are counted, measured and streamed through once: a zip bomb, a sheet that declares or
holds a million rows, too many styles or shared strings, a DTD (XXE, billion laughs), a macro
project, ActiveX controls, external links and embedded objects are refused there, in one pass
bounded by ``MAX_UNCOMPRESSED``. Every part is scanned whatever its name, and a part in any
encoding but UTF-8 is refused, so the byte patterns see what the parser would. openpyxl then
parses with defusedxml (a dependency for that reason) as a second line of defence.

Cell text is read exactly: openpyxl 3.1 drops every ``x005F_`` from shared strings and leaves the
other ``_xHHHH_`` escapes undecoded, so shared strings are read here raw, and every text cell is
decoded once with ``ooxml_unescape``.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import column_index_from_string
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from compliance_check.errors import CellLocation, WorkbookError
from compliance_check.files.yamlio import read_input
from compliance_check.visible import no_character

WORKBOOK_SUFFIX = ".xlsx"
# Excel's other spellings, each refused with its own reason rather than read.
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
OLD_SUFFIXES = (".xls", ".xlt")
WORKBOOK_SUFFIXES = (WORKBOOK_SUFFIX, *MACRO_SUFFIXES, *OLD_SUFFIXES)

MEGABYTE = 1024 * 1024
# Bounds far above any questionnaire or gap report (about 20 entries, 200 KB of XML, 100 rows
# of 20 columns, even after LibreOffice or Excel saved them again), far below harm.
MAX_ENTRIES = 500
MAX_UNCOMPRESSED = 50 * MEGABYTE
MAX_RATIO = 100  # XML of real workbooks compresses 5-30 times
RATIO_FROM = MEGABYTE  # tiny entries compress oddly and cannot hurt
MAX_ROWS = 5_000
MAX_COLUMNS = 100
MAX_CELLS = 200_000
MAX_STRINGS = MAX_CELLS  # shared strings: one a cell at most, in a workbook of our own
MAX_STYLES = 65_490  # cell formats, fonts, fills and borders: Excel's own limit on formats
CHUNK = MEGABYTE

_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_STRING = re.compile(rb"<(?:\w+:)?si[\s/>]")
_STYLE = re.compile(rb"<(?:\w+:)?(?:xf|dxf|font|fill|border|numFmt)[\s/>]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"')
_OVERLAP = 32  # longer than any pattern above but the dimension, which is read from the head
_DECLARED = re.compile(rb"\s*<\?xml\s[^>]*?encoding\s*=\s*[\"']([^\"']{0,40})[\"']")
_UTF8_NAMES = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}
# Longest first: the UTF-32 little-endian mark begins with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
    (b"<\x00", "UTF-16"),
    (b"\x00<", "UTF-16"),
)
MACRO = "holds a macro project (VBA): save it as a plain Excel Workbook (.xlsx)"
ACTIVE_X = "holds ActiveX controls: remove them, or copy the answers into a fresh questionnaire"
# By name (OPC part names are case-insensitive), by declared type and by relationship: a part
# stored under another name is still found by what the workbook says it is.
_FOREIGN_PARTS = {
    "xl/vbaproject.bin": MACRO,
    "xl/externallinks/": "links to other workbooks: remove the links (Excel: Data > Edit Links > "
    "Break Link) or copy the answers into a fresh questionnaire",
    "xl/embeddings/": "holds embedded objects: remove them, or copy the answers into a fresh "
    "questionnaire",
    "xl/activex/": ACTIVE_X,
}
_FOREIGN_TYPES = (
    (re.compile(rb"macroEnabled|vbaProject", re.IGNORECASE), MACRO),
    (re.compile(rb"activeX", re.IGNORECASE), ACTIVE_X),
)
_FOREIGN_RELATIONSHIPS = (
    (re.compile(rb"/vbaProject", re.IGNORECASE), MACRO),
    (re.compile(rb"/activeXControl", re.IGNORECASE), ACTIVE_X),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
STRING_ITEM = f"{{{SHEET_MAIN_NS}}}si"

CellValue = str | int | float | bool | date | datetime | None

# The sheets that say what a workbook the tool reads is: a questionnaire's hidden sheet, and a
# gap report's plan (a questionnaire has no such sheet).
QUESTIONNAIRE_SHEET = "compliance-check"
ACTION_PLAN = "Action plan"
_SHEET_NAME = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"')
_WORKBOOK_PART_LIMIT = MEGABYTE


def input_kind(path: Path) -> str | None:
    """ "a questionnaire" or "a gap report" when the file at ``path`` is a workbook the tool
    reads as input (by its sheet names alone); None for anything else, a link included."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        with zipfile.ZipFile(path) as archive:
            part = archive.getinfo("xl/workbook.xml")
            if part.file_size > _WORKBOOK_PART_LIMIT:
                return None
            names = {
                name.decode("utf-8", "replace") for name in _SHEET_NAME.findall(archive.read(part))
            }
    except (
        OSError,
        KeyError,
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        NotImplementedError,
    ):
        return None
    if QUESTIONNAIRE_SHEET in names:
        return "a questionnaire"
    return "a gap report" if ACTION_PLAN in names else None


def _refuse(path: Path, message: str) -> WorkbookError:
    return WorkbookError(message, path=path)


def _check_kind(path: Path, head: bytes) -> None:
    suffix = path.suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise _refuse(
            path,
            "is a macro-enabled workbook, which is never opened; save it as a plain Excel "
            "Workbook (.xlsx) and try again",
        )
    if suffix in OLD_SUFFIXES:
        raise _refuse(
            path,
            "is in the old Excel 97-2003 format; save it as an Excel Workbook (.xlsx) "
            "and try again",
        )
    if head.startswith(_OLE_MAGIC):
        raise _refuse(
            path,
            "is an Excel 97-2003 file or a password-protected workbook; save it as an "
            "Excel Workbook (.xlsx) without a password and try again",
        )
    if not head.startswith(_ZIP_MAGIC):
        raise _refuse(path, "is not an Excel workbook (.xlsx files are zip archives; this is not)")


def _check_entries(path: Path, archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise _refuse(path, f"holds {len(entries):,} parts, more than a workbook ever needs")
    names = [entry.filename for entry in entries]
    if len(set(names)) != len(names):
        raise _refuse(path, "holds two parts with one name, which readers resolve differently")
    declared = sum(entry.file_size for entry in entries)
    if declared > MAX_UNCOMPRESSED:
        raise _refuse(
            path,
            f"unpacks to {declared / MEGABYTE:,.0f} MB, over the "
            f"{MAX_UNCOMPRESSED // MEGABYTE} MB a workbook may (a zip bomb?)",
        )
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise _refuse(path, f"part {entry.filename} is encrypted; save it without a password")
        if entry.file_size > RATIO_FROM and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            raise _refuse(
                path,
                f"part {entry.filename} unpacks {entry.file_size // max(entry.compress_size, 1):,}"
                " times its packed size (a zip bomb?)",
            )
        for prefix, reason in _FOREIGN_PARTS.items():
            if entry.filename.casefold().startswith(prefix):
                raise _refuse(path, reason)
    for required in ("[Content_Types].xml", "xl/workbook.xml"):
        if required not in names:
            raise _refuse(path, f"is a zip file but not an Excel workbook (no {required})")
    return entries


def _sheet_name(entry: str) -> str:
    return entry.rsplit("/", 1)[-1]


def _check_dimension(path: Path, entry: str, head: bytes) -> None:
    match = _DIMENSION.search(head)
    if match is None:
        return
    last_column = match.group(3) or match.group(1)
    last_row = match.group(4) or match.group(2)
    columns = column_index_from_string(last_column.decode()) if len(last_column) <= 3 else 1 << 20
    rows = int(last_row) if len(last_row) <= 9 else 1 << 30
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise _refuse(
            path,
            f"worksheet {_sheet_name(entry)} declares {rows:,} rows by {columns:,} columns; "
            f"a questionnaire has at most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns",
        )


def _check_head(path: Path, name: str, head: bytes) -> None:
    """Refuse a part in another encoding than UTF-8, or a compound file (VBA, OLE object)."""
    if head.startswith(_OLE_MAGIC):
        raise _refuse(
            path,
            f"part {name} is a compound file, as a macro project (VBA) or an embedded object "
            "is; save the workbook as a plain Excel Workbook (.xlsx) without them",
        )
    encoding = next((label for bom, label in _BOMS if head.startswith(bom)), None)
    declared = _DECLARED.match(head.removeprefix(codecs.BOM_UTF8))
    if encoding is None and declared and declared.group(1).lower() not in _UTF8_NAMES:
        encoding = declared.group(1).decode("ascii", "replace")
    if encoding is not None:
        raise _refuse(
            path,
            f"part {name} is encoded as {encoding}, which Excel and LibreOffice never write; "
            "save the workbook again from either",
        )


class _Tally:
    """What the parts of one workbook hold in all: bytes, shared strings and styles."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.unpacked = 0
        self.strings = 0
        self.styles = 0

    def add(self, data: bytes, tail: bytes) -> None:
        self.unpacked += len(data) - len(tail)
        if self.unpacked > MAX_UNCOMPRESSED:
            raise _refuse(
                self.path, f"unpacks to more than {MAX_UNCOMPRESSED // MEGABYTE} MB (a zip bomb?)"
            )
        self.strings += len(_STRING.findall(data)) - len(_STRING.findall(tail))
        if self.strings > MAX_STRINGS:
            raise _refuse(
                self.path,
                f"holds more than {MAX_STRINGS:,} shared strings; a questionnaire has far fewer",
            )
        self.styles += len(_STYLE.findall(data)) - len(_STYLE.findall(tail))
        if self.styles > MAX_STYLES:
            raise _refuse(
                self.path,
                f"holds more than {MAX_STYLES:,} cell styles (formats, fonts, fills, borders); "
                "a questionnaire has a few dozen",
            )


def _refuse_foreign(path: Path, name: str, data: bytes) -> None:
    checks: tuple[tuple[re.Pattern[bytes], str], ...] = ()
    if name == "[Content_Types].xml":
        checks = _FOREIGN_TYPES
    elif name.casefold().endswith(".rels"):
        checks = _FOREIGN_RELATIONSHIPS
    for pattern, reason in checks:
        if pattern.search(data):
            raise _refuse(path, reason)


def _scan(path: Path, archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Stream every part once, whatever its name: encodings, DTDs, macro and ActiveX parts,
    the declared size and real row, cell, string and style counts."""
    tally = _Tally(path)
    for entry in entries:
        name = entry.filename
        rows = cells = 0
        tail = b""
        with archive.open(entry) as source:
            first = True
            while chunk := source.read(CHUNK):
                data = tail + chunk
                if first:
                    _check_head(path, name, data[:4096])
                    _check_dimension(path, name, data[:4096])
                tally.add(data, tail)
                if _DTD.search(data):
                    raise _refuse(
                        path,
                        f"part {name} declares a DTD or entities, which no workbook needs "
                        "(an XML entity attack?)",
                    )
                _refuse_foreign(path, name, data)
                # Any part may be a sheet: the workbook's relationships say which, not the name.
                rows += len(_ROW.findall(data)) - len(_ROW.findall(tail))
                cells += len(_CELL.findall(data)) - len(_CELL.findall(tail))
                if rows > MAX_ROWS or cells > MAX_CELLS:
                    raise _refuse(
                        path,
                        f"worksheet {_sheet_name(name)} holds more than "
                        f"{min(rows, MAX_ROWS):,} rows or {MAX_CELLS:,} cells; a "
                        "questionnaire has far fewer",
                    )
                first = False
                tail = data[-_OVERLAP:]


def _string_items(source: IO[bytes]) -> Iterator[Any]:
    for _, node in iterparse(source):
        if node.tag == STRING_ITEM:
            yield node
            node.clear()


class _ExactTextReader(ExcelReader):  # type: ignore[misc]
    """openpyxl's reader, with shared strings kept as stored (decoded later, once, exactly)."""

    def read_strings(self) -> None:
        found = self.package.find(SHARED_STRINGS)
        if found is None:
            return
        with self.archive.open(found.PartName[1:]) as source:
            self.shared_strings = [Text.from_tree(node).content for node in _string_items(source)]


def open_workbook(
    path: Path, *, max_bytes: int = 5 * MEGABYTE, follow_links: bool = True
) -> Workbook:
    """The workbook at ``path``, checked for every hostile shape before it is parsed.

    The file is read once, into memory (it is at most ``max_bytes``), so what is checked is
    what is parsed. Raises WorkbookError or InputFileError (one line, naming the file).
    """
    raw = read_input(path, max_bytes=max_bytes, follow_links=follow_links)
    _check_kind(path, raw[:8])
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = _check_entries(path, archive)
            _scan(path, archive, entries)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as error:
        raise _refuse(path, f"is a damaged zip file ({error}); save the workbook again") from None
    reader = _ExactTextReader(
        io.BytesIO(raw), read_only=False, keep_vba=False, data_only=False, keep_links=False
    )
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it drops (LibreOffice's validation extensions, say).
            warnings.simplefilter("ignore")
            reader.read()
    # Parsing a file from anyone can fail in any of the parser's ways (defusedxml's refusals,
    # KeyError for a missing part, ValueError for a bad attribute): each is one refusal here.
    except Exception as error:
        raise _refuse(
            path,
            f"cannot be read as a workbook ({type(error).__name__}); save it again from "
            "Excel or LibreOffice",
        ) from None
    workbook: Workbook = reader.wb
    return workbook


def cell_value(path: Path, sheet: Worksheet, coordinate: str) -> CellValue:
    """The value a person typed at ``coordinate``; a formula is refused with its address.

    A formula is never evaluated and its cached result never trusted: the answer must be typed.
    """
    target = sheet[coordinate]
    value = target.value
    if target.data_type == "f" or (
        value is not None and not isinstance(value, str | int | float | bool | date | datetime)
    ):
        raise WorkbookError(
            "holds a formula; type the value itself (formulas are never calculated here; to "
            "keep text that starts with =, type an apostrophe before it: '=see policy)",
            path=path,
            location=CellLocation(sheet.title, coordinate),
        )
    if target.data_type == "e":
        raise WorkbookError(
            f"holds the error value {value}; type the value itself",
            path=path,
            location=CellLocation(sheet.title, coordinate),
        )
    if isinstance(value, str):
        text = ooxml_unescape(value)
        problem = no_character(text)
        if problem is not None:
            raise WorkbookError(problem, path=path, location=CellLocation(sheet.title, coordinate))
        return text
    return value


_OOXML_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_unescape(value: str) -> str:
    """Cell text as OOXML stores it (``_xHHHH_`` escapes), decoded to what was written."""
    return _OOXML_ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), value)
