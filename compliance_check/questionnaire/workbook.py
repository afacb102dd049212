"""The questionnaire workbook: the checklist's questions to answer in Excel, then read back in.

People fill in the shaded cells of two sheets (Start and Questions). A hidden sheet records the
checklist (id, version, content hash), the profile and where every answer is; the import trusts
it and the ids on the Questions sheet, never row positions or question text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

from compliance_check import __version__
from compliance_check.errors import AnswersError
from compliance_check.files.xlsxio import QUESTIONNAIRE_SHEET
from compliance_check.model.answers import AnswersFile, Response
from compliance_check.model.checklist import Answer, Checklist, Profile, Requirement
from compliance_check.pages.labels import (
    ANSWER_LABEL,
    AUTHORITY_TYPE_LABEL,
    MARKING_SENSITIVE,
    ROLE_LABEL,
)
from compliance_check.pages.workbook import (
    BOLD,
    DATE_FORMAT,
    TITLE_FONT,
    WRAP,
    CellValue,
    Column,
    Letterhead,
    date_validation,
    fit_heights,
    list_validation,
    print_setup,
    save_workbook,
    set_exact_text,
    set_widths,
    table_sheet,
    write,
)

START = "Start"
QUESTIONS = "Questions"
META = QUESTIONNAIRE_SHEET  # the hidden sheet
KIND = "questionnaire"
FORMAT_VERSION = "1"
# Excel's own colour for cells to type into ("Input" style): light, and prints in greyscale.
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
UNLOCKED = Protection(locked=False)
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)

# 192 units print at 73% on A4 landscape, six or more questions a page: the guidance, the
# longest text, gets the widest column so that rows stay few lines high; a section's name
# breaks between words, not inside one.
QUESTION_COLUMNS = (
    Column("Section", 15),
    Column("Id", 8),
    Column("Priority", 7),
    Column("Question", 28, minimum=26),
    Column("What yes needs", 30, minimum=24),
    Column("Guidance", 50, minimum=30),
    # On paper, where no dropdown shows, each row says which answers it takes.
    Column("Answers allowed", 11, minimum=11),
    Column("Answer", 11, minimum=11),
    Column("Note", 18, minimum=18),
    Column("Evidence", 14, minimum=14),
)
ANSWER, NOTE, EVIDENCE = 8, 9, 10  # the columns people fill in, after the checklist's own
ID_COLUMN = get_column_letter(2)
ANSWER_COLUMN = get_column_letter(ANSWER)
NOTE_COLUMN = get_column_letter(NOTE)
EVIDENCE_COLUMN = get_column_letter(EVIDENCE)
# The header fields of the Start sheet: (key in the hidden sheet, label, hint).
HEADER_FIELDS = (
    ("authority", "Authority", "The authority's full name, e.g. Example Borough Council."),
    (
        "authority_code",
        "Authority code (optional)",
        "Its ONS/GSS code, e.g. E07000112.",
    ),
    ("authority_type", "Type of authority", "Choose from the list."),
    ("name", "Your name (optional)", "Personal data: leave it empty if the file is shared."),
    ("role", "Your role", "Choose from the list."),
    ("assessed_on", "Date of the assessment", "A date, e.g. 31 Mar 2027."),
)
FIRST_FIELD_ROW = 12
INPUT_COLUMN = 2


def answer_choices(requirement: Requirement) -> list[str]:
    """The words the Answer dropdown offers for ``requirement``."""
    answers = [Answer.YES, Answer.PARTLY, Answer.NO, Answer.DONT_KNOW]
    if requirement.allow_not_applicable:
        answers.append(Answer.NOT_APPLICABLE)
    return [ANSWER_LABEL[answer] for answer in answers]


def _input(sheet: Worksheet, row: int, column: int) -> None:
    target = sheet.cell(row=row, column=column)
    target.fill = INPUT_FILL
    target.protection = UNLOCKED
    target.alignment = WRAP


def _exact(sheet: Worksheet, row: int, column: int, text: str | None, what: str) -> None:
    if not text:
        return
    try:
        set_exact_text(sheet.cell(row=row, column=column), text)
    except ValueError as error:
        raise AnswersError(f"{what} {error}; shorten it to fit the workbook") from None


def _evidence_cell(requirement_id: str, evidence: list[str]) -> str:
    """The Evidence cell: one reference a line, as the import reads it back.

    A reference holding a line break would come back as two, so it is refused here: an answers
    file is the only place one can be typed, and it is fixed there.
    """
    for number, reference in enumerate(evidence, start=1):
        if "\n" in reference:
            shown = repr(reference if len(reference) <= 40 else reference[:39] + "…")
            raise AnswersError(
                f"evidence reference {number} of {requirement_id} ({shown}) holds a line break, "
                "but the questionnaire's Evidence cell holds one reference a line, so it would "
                "come back as two; write it on one line, or as two references, in the answers "
                "file"
            )
    return "\n".join(evidence)


def _protect(sheet: Worksheet) -> None:
    # A guard against accidental edits, not security: no password, so anyone can lift it.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False


INSTRUCTIONS = (
    "This workbook holds the questions of {title}, version {version}, profile {profile} "
    "({count} questions). Answer them here instead of in the terminal.",
    "1. Fill in the shaded cells below: who is answering, and when.",
    "2. On the Questions sheet, choose an Answer for each question from its list: Yes, Partly, "
    "No or Don't know (Not applicable only where the item allows it, with a note saying why).",
    "3. Add a Note saying what is in place or missing, and in Evidence one reference per line "
    "(document names, links), with its date in brackets if it has one: Policy v3 (2025-03-01), "
    "or with a review date: Policy v3 (2025-03-01, review by 2026-03-01). Leave an Answer empty "
    "if you do not know it yet.",
    "4. Save the workbook (keep it .xlsx) and send it back, or read it in yourself with: "
    "compliance-check import FILE.xlsx -o council.answers.yaml",
    "Only the shaded cells can be changed: the sheets are protected against accidental edits, "
    "without a password. The hidden sheet tells the tool which checklist this is; do not edit it.",
)


def _letterhead(answers: AnswersFile | None) -> Letterhead:
    # Filled in, a questionnaire holds what a council says of its own weaknesses.
    if answers is None:
        return Letterhead(name="Questionnaire", dated="", marking=MARKING_SENSITIVE)
    return Letterhead(
        name=answers.authority,
        dated=f"Assessed {answers.assessed_on:%d %b %Y}",
        marking=MARKING_SENSITIVE,
    )


def _header_values(answers: AnswersFile | None) -> dict[str, CellValue]:
    if answers is None:
        return {"assessed_on": date.today()}
    return {
        "authority": answers.authority,
        "authority_code": answers.authority_code,
        "authority_type": (
            AUTHORITY_TYPE_LABEL[answers.authority_type] if answers.authority_type else None
        ),
        "name": answers.respondent.name,
        "role": ROLE_LABEL[answers.respondent.role],
        "assessed_on": answers.assessed_on,
    }


def _start(
    sheet: Worksheet,
    checklist: Checklist,
    profile: Profile,
    answers: AnswersFile | None,
) -> dict[str, str]:
    sheet.title = START
    set_widths(sheet, [28, 46, 52])
    write(sheet, 1, 1, f"Questionnaire: {checklist.title}", font=TITLE_FONT)
    count = len(checklist.in_profile(profile))
    row = 3
    for line in INSTRUCTIONS:
        text = line.format(
            title=checklist.title, version=checklist.version, profile=profile.title, count=count
        )
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        write(sheet, row, 1, text, alignment=WRAP)
        # Merged cells are not fitted by fit_heights: two lines hold the longest instruction.
        sheet.row_dimensions[row].height = 30
        row += 1
    write(sheet, FIRST_FIELD_ROW - 1, 1, "About this assessment", font=BOLD)
    values = _header_values(answers)
    cells: dict[str, str] = {}
    for row, (key, label, hint) in enumerate(HEADER_FIELDS, start=FIRST_FIELD_ROW):
        write(sheet, row, 1, label, font=BOLD)
        write(sheet, row, 3, hint, alignment=WRAP)
        _input(sheet, row, INPUT_COLUMN)
        coordinate = f"{get_column_letter(INPUT_COLUMN)}{row}"
        cells[key] = coordinate
        value = values.get(key)
        if isinstance(value, str):
            _exact(sheet, row, INPUT_COLUMN, value, label)
        elif value is not None:
            write(sheet, row, INPUT_COLUMN, value, alignment=LEFT, number_format=DATE_FORMAT)
    list_validation(sheet, cells["authority_type"], list(AUTHORITY_TYPE_LABEL.values()))
    list_validation(sheet, cells["role"], list(ROLE_LABEL.values()))
    date_validation(sheet, f"{cells['assessed_on']}:{cells['assessed_on']}")
    row = FIRST_FIELD_ROW + len(HEADER_FIELDS) + 1
    write(sheet, row, 1, "Checklist", font=BOLD)
    write(sheet, row, 2, f"{checklist.id} version {checklist.version}")
    write(sheet, row + 1, 1, "Profile", font=BOLD)
    write(sheet, row + 1, 2, f"{profile.title} ({profile.id})")
    write(sheet, row + 2, 1, "Written by", font=BOLD)
    write(sheet, row + 2, 2, f"compliance-check {__version__}")
    print_setup(sheet, _letterhead(answers), landscape=False)
    _protect(sheet)
    return cells


def _question_rows(
    checklist: Checklist, questions: Sequence[Requirement]
) -> Iterator[list[CellValue]]:
    for requirement in questions:
        yield [
            checklist.section_of[requirement.id].title,
            requirement.id,
            requirement.priority.value.capitalize(),
            requirement.question,
            requirement.expectation,
            requirement.guidance,
            ", ".join(answer_choices(requirement)),
            None,
            None,
            None,
        ]


def _questions(
    workbook: Workbook,
    checklist: Checklist,
    questions: Sequence[Requirement],
    responses: dict[str, Response],
    letterhead: Letterhead,
) -> None:
    sheet = table_sheet(
        workbook,
        QUESTIONS,
        QUESTION_COLUMNS,
        _question_rows(checklist, questions),
        letterhead=letterhead,
        table_name="Questions",
        frozen_columns=2,
    )
    by_choices: dict[tuple[str, ...], list[int]] = {}
    for row, requirement in enumerate(questions, start=2):
        for column in (ANSWER, NOTE, EVIDENCE):
            _input(sheet, row, column)
        by_choices.setdefault(tuple(answer_choices(requirement)), []).append(row)
        response = responses.get(requirement.id)
        if response is None:
            continue
        if response.answer is not None:
            write(sheet, row, ANSWER, ANSWER_LABEL[response.answer])
        _exact(sheet, row, NOTE, response.note, f"the note of {requirement.id}")
        evidence = _evidence_cell(requirement.id, [entry.line() for entry in response.evidence])
        _exact(sheet, row, EVIDENCE, evidence, f"the evidence of {requirement.id}")
    for choices, rows in by_choices.items():
        validation = list_validation(sheet, f"{ANSWER_COLUMN}{rows[0]}", choices)
        for row in rows[1:]:
            validation.add(f"{ANSWER_COLUMN}{row}")
    _protect(sheet)


def _meta(
    workbook: Workbook,
    checklist: Checklist,
    profile: Profile,
    questions: Sequence[Requirement],
    header_cells: dict[str, str],
) -> None:
    sheet = workbook.create_sheet(META)
    rows: list[tuple[CellValue, CellValue]] = [
        ("Written by compliance-check to read this workbook back. Do not edit.", None),
        ("kind", KIND),
        ("format_version", FORMAT_VERSION),
        ("checklist", checklist.id),
        ("checklist_version", checklist.version),
        ("checklist_sha256", checklist.content_sha256),
        ("profile", profile.id),
        *((f"start:{key}", coordinate) for key, coordinate in header_cells.items()),
        ("column:id", ID_COLUMN),
        ("column:answer", ANSWER_COLUMN),
        ("column:note", NOTE_COLUMN),
        ("column:evidence", EVIDENCE_COLUMN),
        ("rows", len(questions)),
        *((row, requirement.id) for row, requirement in enumerate(questions, start=2)),
    ]
    for row, (key, value) in enumerate(rows, start=1):
        write(sheet, row, 1, key)
        write(sheet, row, 2, value)
    set_widths(sheet, [40, 70])
    sheet.sheet_state = "hidden"
    _protect(sheet)


def build_questionnaire(
    checklist: Checklist, profile: Profile, answers: AnswersFile | None = None
) -> Workbook:
    """The questionnaire for ``profile``, filled in with ``answers`` when given.

    Raises AnswersError for answers the workbook cannot carry back exactly.
    """
    questions = checklist.in_profile(profile)
    workbook = Workbook()
    workbook.properties.creator = f"compliance-check {__version__}"
    workbook.properties.title = f"Questionnaire: {checklist.title}"
    header_cells = _start(workbook.active, checklist, profile, answers)
    responses = answers.responses if answers else {}
    _questions(workbook, checklist, questions, responses, _letterhead(answers))
    _meta(workbook, checklist, profile, questions, header_cells)
    # The Start sheet's instructions are merged across columns, which fit_heights cannot measure.
    fit_heights(workbook[QUESTIONS])
    # Sheets cannot be added, deleted or unhidden by accident; again without a password.
    workbook.security = WorkbookProtection(lockStructure=True)
    return workbook


def write_questionnaire(
    path: Path,
    checklist: Checklist,
    profile: Profile,
    answers: AnswersFile | None = None,
    *,
    source: Path | None = None,
    replace: bool = False,
) -> None:
    """Write the questionnaire workbook to ``path`` atomically; errors in ``answers`` name the
    file ``source`` they were read from. An existing file is replaced only with ``replace``."""
    try:
        workbook = build_questionnaire(checklist, profile, answers)
    except AnswersError as error:
        if source is None or error.path is not None:
            raise
        raise AnswersError(error.message, path=source) from None
    save_workbook(workbook, path, replace=replace)
