"""Hostile workbooks are refused before they are parsed; openpyxl parses with defusedxml."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.files.xlsxio import ooxml_unescape
from compliance_check.pages.cells import ooxml_escape_exact
from compliance_check.questionnaire.workbook import NOTE_COLUMN
from tests.workbooks import LAUGHS, XXE, hostile_corpus, questionnaire, with_shared_strings

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    return hostile_corpus(tmp_path_factory.mktemp("hostile"))


CASES = [
    "zip bomb (60 MB of shared strings)",
    "zip bomb (one part 8 MB of spaces)",
    "XXE in sharedStrings",
    "billion laughs in sharedStrings",
    "XXE in sheet",
    "billion laughs in sheet",
    "a million rows",
    "a 16,384-column dimension",
    "a 1,048,576-row dimension",
    "a formula in an answer cell",
    "a formula in a note cell",
    "a formula with a cached value",
    "an external link",
    "an embedded object",
    "a macro project renamed .xlsx",
    ".xlsm",
    ".xls",
    "an .xls renamed .xlsx",
    "not a zip",
    "a truncated zip",
    "hidden sheet: another checklist",
    "hidden sheet: another version",
    "hidden sheet: another sha256",
    "hidden sheet: nonsense row count",
    "hidden sheet: kind edited",
    "hidden sheet deleted",
    "a duplicate id",
    "an unknown id",
    "a missing id",
    "a sheet of 6,000 rows stored as UTF-16",
    "a sheet of 6,000 rows stored as UTF-16BE",
    "a sheet of 6,000 rows outside xl/worksheets/",
    "70,000 cell styles",
    "250,000 shared strings",
    "a macro project at xl/VBAProject.bin",
    "a macro project under xl/media/, by its content type",
    "a compound (OLE) file under xl/media/",
    "an ActiveX control under xl/media/, by its relationship",
    "an escape to no character: surrogate-note",
    "an escape to no character: low-surrogate-evidence",
    "an escape to no character: noncharacter-authority",
]


def test_the_corpus_is_every_case_listed(corpus: dict[str, tuple[Path, str]]) -> None:
    assert sorted(corpus) == sorted(CASES)


@pytest.mark.parametrize("command", ["score", "import"])
@pytest.mark.parametrize("case", CASES)
def test_a_hostile_workbook_is_refused_with_one_line(
    corpus: dict[str, tuple[Path, str]], case: str, command: str, tmp_path: Path
) -> None:
    path, expected = corpus[case]
    arguments = [command, str(path)]
    if command == "import":
        arguments += ["-o", str(tmp_path / "out.answers.yaml")]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}:")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert expected in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_openpyxl_parses_with_defusedxml(tmp_path: Path) -> None:
    from defusedxml import DTDForbidden, EntitiesForbidden
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")
    assert functions.fromstring.__module__.startswith("defusedxml")
    # Straight through openpyxl, without our checks in front: defusedxml refuses the entities
    # (openpyxl wraps its error in a ValueError that keeps it as the cause).
    base = questionnaire(tmp_path)
    for name, doctype in (("laughs", LAUGHS), ("xxe", XXE)):
        hostile = with_shared_strings(base, tmp_path / f"{name}.xlsx", doctype + b"<sst/>")
        with pytest.raises(ValueError, match="could not read strings") as raised:
            openpyxl.load_workbook(hostile)
        assert isinstance(raised.value.__cause__, EntitiesForbidden | DTDForbidden)


@pytest.mark.parametrize(
    "text",
    ["a\rb", "_x000D_", "_x005F_x000D_", "x005F_", "\x01\x1f\x7f", "\t\n lead", "=1+1", "_x", ""],
)
def test_ooxml_escapes_decode_to_exactly_what_was_written(text: str) -> None:
    assert ooxml_unescape(ooxml_escape_exact(text)) == text


@pytest.mark.parametrize(
    "command",
    [
        ["score", "{wb}", "--format", "json"],
        ["compare", "{wb}", "{wb}", "--format", "json"],
        ["report", "{wb}", "-o", "{out}/gap.xlsx"],
        ["brief", "{wb}", "-o", "{out}/brief.html"],
    ],
    ids=lambda command: command[0],
)
def test_a_cell_escaped_to_half_a_character_is_one_line_in_every_command(
    corpus: dict[str, tuple[Path, str]], command: list[str], tmp_path: Path
) -> None:
    path, _ = corpus["an escape to no character: surrogate-note"]
    arguments = [part.format(wb=path, out=tmp_path) for part in command]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 3, result.output
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr == (
        f"error: {path}: sheet 'Questions', cell {NOTE_COLUMN}3: holds U+D800 at character 6, "
        "half of a "
        "character (a lone surrogate), which no text may hold; retype the text without it\n"
    )
    assert list(tmp_path.iterdir()) == []
