"""Reading workbooks back: a filled-in questionnaire as answers, a gap report's plan as actions.

Every problem is one WorkbookError naming the sheet and cell and what to do about it. Values are
read as typed: a formula is refused (never evaluated, its cached value never trusted), and an
answer typed outside the dropdown is read when it means exactly one answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from compliance_check.errors import (
    CellLocation,
    ChecklistError,
    ComplianceCheckError,
    OutputError,
    WorkbookError,
)
from compliance_check.files.atomic import check_output, output_exists, write_text_atomic
from compliance_check.files.xlsxio import ACTION_PLAN, CellValue, cell_value, open_workbook
from compliance_check.files.yamlio import read_text
from compliance_check.model.answers import (
    Action,
    ActionStatus,
    AnswersFile,
    AuthorityType,
    Response,
    Rewrite,
    Role,
    load_answers_and_checklist,
    rewrite_answers,
)
from compliance_check.model.checklist import (
    Answer,
    Checklist,
    Profile,
    find_shipped_checklist,
    open_checklist,
)
from compliance_check.model.evidence import Evidence, parse_line
from compliance_check.pages.labels import (
    ACTION_STATUS_LABEL,
    ANSWER_LABEL,
    AUTHORITY_TYPE_LABEL,
    ROLE_LABEL,
)
from compliance_check.questionnaire.workbook import (
    FORMAT_VERSION,
    KIND,
    META,
    QUESTIONS,
    START,
)

# Resolves a checklist id and version to the checklist; raises ComplianceCheckError if unknown.
ChecklistResolver = Callable[[str, str], Checklist]

_COORDINATE = re.compile(r"^[A-Z]{1,2}[1-9][0-9]{0,3}$")
_COLUMN = re.compile(r"^[A-Z]{1,2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
FRESH = "make a fresh one with `compliance-check template -o FILE.xlsx --from ANSWERS.yaml`"


def _fold(text: str) -> str:
    """Text as compared with a list's words: case, spacing, quotes and underscores ignored."""
    text = text.replace("_", " ").replace("\u2019", "'").replace("'", "").replace("/", "")
    return " ".join(text.split()).casefold()


def _words(labels: dict[Any, str], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    words = {_fold(label): code for code, label in labels.items() if code is not None}
    words.update({_fold(str(code)): code for code in labels if code is not None})
    words.update(extra or {})
    return words


ANSWER_WORDS = _words(
    ANSWER_LABEL,
    {"y": Answer.YES, "n": Answer.NO, "dk": Answer.DONT_KNOW, "na": Answer.NOT_APPLICABLE},
)
ROLE_WORDS = _words(ROLE_LABEL)
AUTHORITY_TYPE_WORDS = _words(AUTHORITY_TYPE_LABEL)
STATUS_WORDS = _words(ACTION_STATUS_LABEL)


@dataclass
class _Reader:
    """Cells of one workbook, each read with its address for the error message."""

    path: Path
    workbook: Workbook

    def sheet(self, name: str) -> Worksheet:
        if name not in self.workbook.sheetnames:
            raise WorkbookError(
                f"has no sheet {name!r}; it is not a questionnaire this tool wrote, or a sheet "
                f"was renamed; {FRESH}",
                path=self.path,
            )
        sheet: Worksheet = self.workbook[name]
        return sheet

    def value(self, sheet: Worksheet, coordinate: str) -> CellValue:
        return cell_value(self.path, sheet, coordinate)

    def fail(self, sheet: Worksheet, coordinate: str, message: str) -> WorkbookError:
        return WorkbookError(
            message, path=self.path, location=CellLocation(sheet.title, coordinate)
        )

    def text(self, sheet: Worksheet, coordinate: str) -> str | None:
        value = self.value(sheet, coordinate)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, datetime):
            return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return value if isinstance(value, str) else str(value)

    def choice(
        self, sheet: Worksheet, coordinate: str, words: dict[str, Any], labels: list[str]
    ) -> Any:
        typed = self.text(sheet, coordinate)
        if typed is None or not typed.strip():
            return None
        found = words.get(_fold(typed))
        if found is None:
            raise self.fail(
                sheet,
                coordinate,
                f"{typed.strip()!r} is not one of: {', '.join(labels)}; choose from the list",
            )
        return found

    def ids(self, sheet: Worksheet, column: str) -> Iterator[tuple[int, str, str]]:
        """(row, cell, id) for every row below the header with an id in ``column``."""
        for row in range(2, sheet.max_row + 1):
            coordinate = f"{column}{row}"
            found = self.text(sheet, coordinate)
            if found is not None and found.strip():
                yield row, coordinate, found.strip()

    def date(self, sheet: Worksheet, coordinate: str) -> date | None:
        value = self.value(sheet, coordinate)
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%d %B %Y", "%d-%m-%Y"):
                try:
                    return datetime.strptime(value.strip(), pattern).date()
                except ValueError:
                    continue
        raise self.fail(
            sheet, coordinate, f"{value!r} is not a date; type one like 31/03/2027 or 2027-03-31"
        )


# ---------------------------------------------------------------------------------------------
# The questionnaire


@dataclass(frozen=True)
class _Meta:
    checklist: Checklist
    profile: Profile
    start_cells: dict[str, str]
    columns: dict[str, str]
    ids: dict[str, str]  # id -> the hidden sheet's cell that lists it


def _read_meta(reader: _Reader, resolve: ChecklistResolver) -> _Meta:
    sheet = reader.sheet(META)
    edited = f"the hidden sheet {META!r} was edited; {FRESH}"
    fields: dict[str, tuple[CellValue, str]] = {}
    row = 2
    while True:
        if row > 100:
            raise reader.fail(sheet, "A2", f"has no 'rows' entry: {edited}")
        key = reader.value(sheet, f"A{row}")
        if not isinstance(key, str) or not key:
            raise reader.fail(sheet, f"A{row}", f"is not a key: {edited}")
        fields[key] = (reader.value(sheet, f"B{row}"), f"B{row}")
        row += 1
        if key == "rows":
            break

    def field(key: str, pattern: re.Pattern[str] | None = None) -> tuple[str, str]:
        value, coordinate = fields.get(key, (None, "A2"))
        if not isinstance(value, str) or not value or (pattern and not pattern.match(value)):
            raise reader.fail(sheet, coordinate, f"{key} is missing or wrong: {edited}")
        return value, coordinate

    kind, where = field("kind")
    if kind != KIND:
        raise reader.fail(sheet, where, f"is a {kind!r} workbook, not a questionnaire")
    version, where = field("format_version")
    if version != FORMAT_VERSION:
        raise reader.fail(
            sheet,
            where,
            f"questionnaire format {version} is not one this version of compliance-check "
            f"reads ({FORMAT_VERSION}); update compliance-check",
        )
    checklist_id, id_cell = field("checklist")
    checklist_version, version_cell = field("checklist_version")
    sha256, sha_cell = field("checklist_sha256", _SHA256)
    try:
        checklist = resolve(checklist_id, checklist_version)
    except ComplianceCheckError as error:
        raise reader.fail(sheet, f"{id_cell}:{version_cell}", error.message) from None
    if checklist.id != checklist_id:
        raise reader.fail(
            sheet,
            id_cell,
            f"answers checklist {checklist_id!r}, but the checklist used is {checklist.id!r}; "
            "pass the matching checklist with --checklist",
        )
    if sha256 != checklist.content_sha256:
        raise reader.fail(
            sheet,
            sha_cell,
            f"was made from different content of {checklist.id} {checklist.version} (sha256 "
            f"{sha256[:12]}…, this checklist has {checklist.content_sha256[:12]}…); make a fresh "
            "questionnaire from this checklist and copy the answers across",
        )
    profile_id, profile_cell = field("profile")
    try:
        profile = checklist.profile(profile_id)
    except KeyError:
        raise reader.fail(
            sheet, profile_cell, f"unknown profile {profile_id!r}: {edited}"
        ) from None
    start_cells = {
        key.removeprefix("start:"): field(key, _COORDINATE)[0]
        for key in fields
        if key.startswith("start:")
    }
    columns = {
        key.removeprefix("column:"): field(key, _COLUMN)[0]
        for key in fields
        if key.startswith("column:")
    }
    for needed in ("authority", "role", "assessed_on"):
        if needed not in start_cells:
            raise reader.fail(sheet, "A2", f"start:{needed} is missing: {edited}")
    for needed in ("id", "answer", "note", "evidence"):
        if needed not in columns:
            raise reader.fail(sheet, "A2", f"column:{needed} is missing: {edited}")
    count, count_cell = fields["rows"]
    if not isinstance(count, int) or isinstance(count, bool) or not 0 < count <= 5_000:
        raise reader.fail(sheet, count_cell, f"rows is not a count: {edited}")
    ids: dict[str, str] = {}
    for listed_row in range(row, row + count):
        listed = reader.value(sheet, f"B{listed_row}")
        if not isinstance(listed, str) or not listed:
            raise reader.fail(sheet, f"B{listed_row}", f"an id is missing: {edited}")
        if listed in ids:
            raise reader.fail(sheet, f"B{listed_row}", f"id {listed} is listed twice: {edited}")
        if listed not in checklist.requirements:
            raise reader.fail(
                sheet,
                f"B{listed_row}",
                f"id {listed} is not in {checklist.id} {checklist.version}: {edited}",
            )
        ids[listed] = f"B{listed_row}"
    return _Meta(checklist, profile, start_cells, columns, ids)


def _question_rows(reader: _Reader, sheet: Worksheet, meta: _Meta) -> dict[str, int]:
    """Each id's row on the Questions sheet, found by the id written in it."""
    column = meta.columns["id"]
    rows: dict[str, int] = {}
    for row, coordinate, found in reader.ids(sheet, column):
        if found in rows:
            raise reader.fail(
                sheet, coordinate, f"id {found} appears twice (also in row {rows[found]}); {FRESH}"
            )
        if found not in meta.ids:
            known = found in meta.checklist.requirements
            why = "is not in this questionnaire" if known else "is not in the checklist"
            raise reader.fail(sheet, coordinate, f"id {found} {why}; {FRESH}")
        rows[found] = row
    for requirement_id in meta.ids:
        if requirement_id not in rows:
            raise reader.fail(
                sheet,
                f"{column}2",
                f"id {requirement_id} is missing (its row was deleted or its id changed); {FRESH}",
            )
    return rows


def _evidence(reader: _Reader, sheet: Worksheet, cell: str) -> list[Evidence]:
    # One reference a line, its dates in brackets; blank lines are spacing, not references.
    lines = [line for line in (reader.text(sheet, cell) or "").split("\n") if line.strip()]
    try:
        return [parse_line(line) for line in lines]
    except ValueError as error:
        raise reader.fail(sheet, cell, f"{error}, in brackets after the reference") from None


def _responses(reader: _Reader, meta: _Meta) -> dict[str, Response]:
    sheet = reader.sheet(QUESTIONS)
    responses: dict[str, Response] = {}
    for requirement_id, row in _question_rows(reader, sheet, meta).items():
        answer_cell = f"{meta.columns['answer']}{row}"
        # A row offers Not applicable only where its item allows it: so does the refusal.
        allowed = meta.checklist.requirements[requirement_id].allow_not_applicable
        labels = [
            ANSWER_LABEL[answer]
            for answer in Answer
            if allowed or answer is not Answer.NOT_APPLICABLE
        ]
        answer: Answer | None = reader.choice(sheet, answer_cell, ANSWER_WORDS, labels)
        note = reader.text(sheet, f"{meta.columns['note']}{row}")
        evidence = _evidence(reader, sheet, f"{meta.columns['evidence']}{row}")
        if answer is Answer.NOT_APPLICABLE:
            if not meta.checklist.requirements[requirement_id].allow_not_applicable:
                raise reader.fail(
                    sheet,
                    answer_cell,
                    f"{requirement_id} cannot be Not applicable: every council is expected to "
                    "meet it; choose Yes, Partly, No or Don't know",
                )
            if not note:
                raise reader.fail(
                    sheet,
                    f"{meta.columns['note']}{row}",
                    f"{requirement_id} is Not applicable without a note; say why it does not apply",
                )
        if answer is None and note is None and not evidence:
            continue
        responses[requirement_id] = Response(answer=answer, note=note, evidence=evidence)
    return responses


def read_questionnaire(
    path: Path, workbook: Workbook, resolve: ChecklistResolver
) -> tuple[Checklist, AnswersFile]:
    """The answers in a filled-in questionnaire, checked against the checklist it names."""
    checklist, answers, _ = _read_questionnaire(path, workbook, resolve)
    return checklist, answers


def _read_questionnaire(
    path: Path, workbook: Workbook, resolve: ChecklistResolver
) -> tuple[Checklist, AnswersFile, frozenset[str]]:
    """The checklist, the answers and the ids of the items the questionnaire lists."""
    reader = _Reader(path, workbook)
    if META not in workbook.sheetnames:
        if ACTION_PLAN in workbook.sheetnames:
            raise WorkbookError(
                "is a gap report, not a questionnaire; read its action plan into the answers "
                "file it was made from with `compliance-check import REPORT.xlsx -o ANSWERS.yaml`",
                path=path,
            )
        raise WorkbookError(
            f"is not a questionnaire written by compliance-check (it has no hidden {META!r} "
            "sheet); fill in one made with `compliance-check template -o FILE.xlsx`",
            path=path,
        )
    meta = _read_meta(reader, resolve)
    start = reader.sheet(START)
    cells = meta.start_cells
    respondent_role = reader.choice(start, cells["role"], ROLE_WORDS, list(ROLE_LABEL.values()))
    authority = reader.text(start, cells["authority"])
    assessed_on = reader.date(start, cells["assessed_on"])
    for key, value, what in (
        ("authority", authority, "the authority's name"),
        ("role", respondent_role, "your role, from the list"),
        ("assessed_on", assessed_on, "the date of the assessment"),
    ):
        if value is None:
            raise reader.fail(start, cells[key], f"is empty; fill in {what}")
    authority_type: AuthorityType | None = None
    if "authority_type" in cells:
        authority_type = reader.choice(
            start,
            cells["authority_type"],
            AUTHORITY_TYPE_WORDS,
            list(AUTHORITY_TYPE_LABEL.values()),
        )
    name = reader.text(start, cells["name"]) if "name" in cells else None
    code = reader.text(start, cells["authority_code"]) if "authority_code" in cells else None
    data: dict[str, Any] = {
        "checklist": meta.checklist.id,
        "checklist_version": meta.checklist.version,
        "checklist_sha256": meta.checklist.content_sha256,
        "profile": meta.profile.id,
        "authority": authority,
        "authority_code": code,
        "authority_type": authority_type,
        "respondent": {"name": name, "role": Role(respondent_role)},
        "assessed_on": assessed_on,
        "responses": _responses(reader, meta),
    }
    try:
        answers = AnswersFile.model_validate(data)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        key = str(problem["loc"][0])
        where = cells.get(key, cells.get(str(problem["loc"][-1]), cells["authority"]))
        raise reader.fail(start, where, problem["msg"].removeprefix("Value error, ")) from None
    # The hidden list and the Questions sheet name the same ids (_question_rows checks it).
    return meta.checklist, answers, frozenset(meta.ids)


# ---------------------------------------------------------------------------------------------
# The gap report's action plan

ACTION_HEADERS = {
    "id": "Id",
    "owner": "Owner",
    "target_date": "Target date",
    "status": "Status",
    "comment": "Comment",
    "completed_on": "Date completed",
}


def is_gap_report(workbook: Workbook) -> bool:
    """True for a workbook with the gap report's Action plan sheet and no questionnaire."""
    return ACTION_PLAN in workbook.sheetnames and META not in workbook.sheetnames


def read_action_plan(
    path: Path, workbook: Workbook, checklist: Checklist
) -> dict[str, Action | None]:
    """Each listed item's action as the plan holds it; None where its row was left empty."""
    reader = _Reader(path, workbook)
    sheet = reader.sheet(ACTION_PLAN)
    found: dict[str, str] = {}
    for column in range(1, min(sheet.max_column, 100) + 1):
        coordinate = f"{sheet.cell(row=1, column=column).column_letter}1"
        title = reader.text(sheet, coordinate)
        for key, header in ACTION_HEADERS.items():
            if title is not None and _fold(title) == _fold(header) and key not in found:
                found[key] = coordinate[:-1]
    for needed in ("id", "owner", "target_date", "status"):
        if needed not in found:
            raise reader.fail(
                sheet,
                "A1",
                f"has no {ACTION_HEADERS[needed]!r} column; it is not a gap report's action plan "
                "written by compliance-check report",
            )
    statuses = list(ACTION_STATUS_LABEL.values())
    actions: dict[str, Action | None] = {}
    for row, id_cell, requirement_id in reader.ids(sheet, found["id"]):
        if requirement_id not in checklist.requirements:
            raise reader.fail(
                sheet,
                id_cell,
                f"id {requirement_id} is not in {checklist.id} {checklist.version}; import the "
                "report into the answers file it was made from",
            )
        if requirement_id in actions:
            raise reader.fail(sheet, id_cell, f"id {requirement_id} is listed twice")
        action = Action(
            owner=reader.text(sheet, f"{found['owner']}{row}"),
            target_date=reader.date(sheet, f"{found['target_date']}{row}"),
            status=reader.choice(sheet, f"{found['status']}{row}", STATUS_WORDS, statuses),
            comment=reader.text(sheet, f"{found['comment']}{row}") if "comment" in found else None,
            completed_on=(
                reader.date(sheet, f"{found['completed_on']}{row}")
                if "completed_on" in found
                else None
            ),
        )
        actions[requirement_id] = None if action.empty else action
    return actions


def load_workbook_answers(
    path: Path, resolve: ChecklistResolver, *, max_bytes: int, follow_links: bool = True
) -> tuple[Checklist, AnswersFile]:
    """The answers in the questionnaire workbook at ``path`` (score, report, compare, batch)."""
    workbook = open_workbook(path, max_bytes=max_bytes, follow_links=follow_links)
    return read_questionnaire(path, workbook, resolve)


def resolver(given: Checklist | None) -> ChecklistResolver:
    """Checklists for workbooks: ``given`` (which must match), or the shipped one named."""

    def resolve(checklist_id: str, version: str) -> Checklist:
        if given is None:
            return find_shipped_checklist(checklist_id, version)
        if (checklist_id, version) != (given.id, given.version):
            raise ChecklistError(
                f"answers {checklist_id} version {version}, but the checklist given is "
                f"{given.id} version {given.version}; pass the matching checklist with --checklist"
            )
        return given

    return resolve


# ---------------------------------------------------------------------------------------------
# What an import changes


def _shown(value: object) -> str:
    if value is None or value == []:
        return "(empty)"
    if isinstance(value, Answer):
        return ANSWER_LABEL[value]
    if isinstance(value, ActionStatus):
        return ACTION_STATUS_LABEL[value]
    if isinstance(value, list):
        return "; ".join(item.line() if isinstance(item, Evidence) else str(item) for item in value)
    text = str(value)
    return repr(text) if len(text) <= 40 else repr(text[:37] + "…")


def changes(before: AnswersFile | None, after: AnswersFile) -> list[str]:
    """What writing ``after`` over ``before`` changes, one line per field, in checklist order."""
    lines: list[str] = []
    if before is None:
        # A new file: every answer, note and evidence reference it will hold, as from an empty one.
        before = after.model_copy(update={"responses": {}})
        lines.append(f"new file: {after.authority}, {after.assessed_on}")
    for field in ("authority", "authority_code", "authority_type", "assessed_on", "profile"):
        old, new = getattr(before, field), getattr(after, field)
        if old != new:
            lines.append(f"{field}: {_shown(old)} → {_shown(new)}")
    for field in ("name", "role"):
        old, new = getattr(before.respondent, field), getattr(after.respondent, field)
        if old != new:
            lines.append(f"respondent {field}: {_shown(old)} → {_shown(new)}")
    empty = Response()
    for requirement_id in dict.fromkeys([*before.responses, *after.responses]):
        old_response = before.responses.get(requirement_id, empty)
        new_response = after.responses.get(requirement_id, empty)
        for field in ("answer", "note", "evidence"):
            old, new = getattr(old_response, field), getattr(new_response, field)
            if old != new:
                lines.append(f"{requirement_id} {field}: {_shown(old)} → {_shown(new)}")
        old_action = old_response.actions or Action()
        new_action = new_response.actions or Action()
        for field in Action.model_fields:
            old, new = getattr(old_action, field), getattr(new_action, field)
            if old != new:
                lines.append(f"{requirement_id} action {field}: {_shown(old)} → {_shown(new)}")
    return lines


def merge_questionnaire(
    existing: AnswersFile | None, imported: AnswersFile, asked: frozenset[str]
) -> AnswersFile:
    """``imported`` over ``existing``: its header and items win; actions and other items stay.

    ``asked`` are the ids the questionnaire lists, read from its sheets: an item it does not
    list is never cleared, whatever its (editable) profile cell says.
    """
    if existing is None:
        return imported
    responses = dict(existing.responses)
    for requirement_id, response in imported.responses.items():
        kept = existing.responses.get(requirement_id)
        responses[requirement_id] = response.model_copy(
            update={"actions": kept.actions if kept else None}
        )
    for requirement_id in existing.responses:
        if requirement_id in imported.responses:
            continue
        # Cleared in the workbook (it was asked there), so cleared here too; its plan stays.
        if requirement_id in asked:
            kept = existing.responses[requirement_id]
            if kept.actions is None:
                del responses[requirement_id]
            else:
                responses[requirement_id] = Response(actions=kept.actions)
    return imported.model_copy(update={"responses": responses})


@dataclass(frozen=True)
class Import:
    """What reading a workbook into the answers file ``output`` changes, before it is written."""

    output: Path
    existing: AnswersFile | None  # the answers file already at ``output``
    result: AnswersFile
    lines: list[str]  # the changes, one a line
    rewrite: Rewrite  # the text to write: only the changed values, its comments kept

    @property
    def layout(self) -> str:
        """What becomes of the existing file's comments, in words ("" when it has none)."""
        return self.rewrite.note(self.output)

    @property
    def answered(self) -> int:
        """How many items the result answers."""
        return sum(response.answer is not None for response in self.result.responses.values())

    def write(self, *, force: bool) -> None:
        """Write the result; over an existing answers file only with ``force``.

        Hold the answers file's lock from before ``plan_import`` read it until this returns.
        """
        check_output(
            self.output,
            force=force,
            instead=f"the {len(self.lines)} change(s) above are written over it with --force",
        )
        write_text_atomic(self.output, self.rewrite.text, replace=force)


def plan_import(
    workbook_path: Path, output: Path, checklist_path: Path | None, *, max_bytes: int
) -> Import:
    """Read a questionnaire (its answers) or a gap report (its action plan) for ``output``.

    A questionnaire's answers are merged over the answers file at ``output``, if any; a gap
    report's plan goes into the answers file it was made from, which must be at ``output``.
    """
    given = open_checklist(checklist_path, max_bytes) if checklist_path else None
    workbook = open_workbook(workbook_path, max_bytes=max_bytes)
    loaded = original = None
    if output_exists(output):
        original = read_text(output, max_bytes=max_bytes)
        loaded = load_answers_and_checklist(output, given, max_bytes=max_bytes)

    if is_gap_report(workbook):
        if loaded is None:
            raise OutputError(
                "does not exist; a gap report's action plan is read into the answers file "
                "the report was made from: give that file with -o",
                path=output,
            )
        checklist, existing = loaded
        result = existing.with_actions(read_action_plan(workbook_path, workbook, checklist))
        return _planned(output, original, checklist, existing, result)
    checklist, imported, asked = _read_questionnaire(
        workbook_path, workbook, resolver(given if loaded is None else loaded[0])
    )
    before = None if loaded is None else loaded[1]
    return _planned(
        output, original, checklist, before, merge_questionnaire(before, imported, asked)
    )


def _planned(
    output: Path,
    original: str | None,
    checklist: Checklist,
    before: AnswersFile | None,
    result: AnswersFile,
) -> Import:
    """The import, with the sign-off of ``before`` kept while it still holds, else removed;
    written over ``original`` (the file's text) keeping its comments."""
    lines = changes(before, result)
    signed = before.sign_off if before is not None else None
    if signed is not None and result.digest(checklist) == signed.digest:
        result = result.model_copy(update={"sign_off": signed})
    elif signed is not None:
        lines.append(
            f"sign-off by {signed.signer} on {signed.signed_at:%Y-%m-%d}: removed, as the "
            "answers it covered change; sign them off again with compliance-check sign"
        )
        result = result.model_copy(update={"sign_off": None})
    return Import(output, before, result, lines, rewrite_answers(original, output, result))
