"""A questionnaire goes out and comes back without losing anything; typed values are read fairly."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from compliance_check.errors import AnswersError, OutputError, WorkbookError
from compliance_check.files.xlsxio import open_workbook
from compliance_check.gap_report.workbook import write_gap_report
from compliance_check.model.answers import (
    Action,
    ActionStatus,
    AnswersFile,
    Response,
    load_answers,
    save_answers,
)
from compliance_check.model.checklist import Answer, Checklist
from compliance_check.model.evidence import Evidence
from compliance_check.model.scoring import score
from compliance_check.questionnaire.importing import (
    changes,
    merge_questionnaire,
    plan_import,
    read_questionnaire,
    resolver,
)
from compliance_check.questionnaire.workbook import (
    ANSWER_COLUMN,
    NOTE_COLUMN,
    QUESTIONS,
    build_questionnaire,
    write_questionnaire,
)
from tests.workbooks import FORMULA_PAYLOADS, full_answers, questionnaire, shipped

MAX_BYTES = 5 * 1024 * 1024

CHECKLIST = shipped()


def round_trip(answers: AnswersFile, folder: Path, checklist: Checklist = CHECKLIST) -> AnswersFile:
    path = folder / "form.xlsx"
    write_questionnaire(path, checklist, checklist.profile(answers.profile), answers, replace=True)
    return read_questionnaire(path, open_workbook(path), resolver(None))[1]


def test_a_full_questionnaire_comes_back_exactly(tmp_path: Path) -> None:
    answers = full_answers(CHECKLIST)
    assert len(answers.responses) == 61
    back = round_trip(answers, tmp_path)
    expected = answers.model_copy(
        update={"responses": {k: v for k, v in answers.responses.items() if v != Response()}}
    )
    assert back == expected


# Text a person could type: any character XML can carry or OOXML can escape, no surrogates.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
# Line breaks included: a reference holding one is refused on the way out (it would come back
# as two references); every other one comes back exactly.
EVIDENCE_ITEM = TEXT.filter(lambda text: text.strip())


@st.composite
def responses(draw: st.DrawFn) -> dict[str, Response]:
    chosen: dict[str, Response] = {}
    ids = list(CHECKLIST.requirements)
    drawn = draw(st.lists(st.sampled_from(ids), max_size=12, unique=True))
    # In checklist order, as every answers file the tool writes has them.
    for requirement_id in sorted(drawn, key=ids.index):
        requirement = CHECKLIST.requirements[requirement_id]
        kinds: list[Answer | None] = [None, *Answer]
        if not requirement.allow_not_applicable:
            kinds.remove(Answer.NOT_APPLICABLE)
        answer = draw(st.sampled_from(kinds))
        note = draw(st.one_of(st.none(), TEXT, st.sampled_from(FORMULA_PAYLOADS)))
        if answer is Answer.NOT_APPLICABLE and not note:
            note = "Does not apply: no such service"
        evidence = draw(
            st.lists(st.one_of(EVIDENCE_ITEM, st.sampled_from(FORMULA_PAYLOADS)), max_size=3)
        )
        response = Response(answer=answer, note=note or None, evidence=evidence)
        if response != Response():
            chosen[requirement.id] = response
    # One example in three has a reference over two lines (random text seldom holds one).
    referenced = [rid for rid, response in chosen.items() if response.evidence]
    if referenced and draw(st.integers(0, 2)) == 0:
        rid = draw(st.sampled_from(referenced))
        first, *rest = chosen[rid].evidence
        evidence = [Evidence(reference=f"{first.reference}\n{draw(TEXT)}"), *rest]
        chosen[rid] = chosen[rid].model_copy(update={"evidence": evidence})
    return chosen


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(responses=responses(), authority=TEXT.filter(lambda text: text.strip()))
def test_yaml_to_workbook_to_yaml_gives_the_same_file(
    tmp_path: Path, responses: dict[str, Response], authority: str
) -> None:
    data = full_answers(CHECKLIST).model_dump()
    try:  # the answers a user could have saved: the model's own rules applied
        answers = AnswersFile.model_validate(
            {**data, "responses": responses, "authority": authority}
        )
    except ValidationError:
        assume(False)
    first = tmp_path / "first.answers.yaml"
    save_answers(first, answers, replace=True)  # one folder for every example
    loaded = load_answers(first, CHECKLIST)
    broken = [
        (rid, number)
        for rid, response in loaded.responses.items()
        for number, entry in enumerate(response.evidence, start=1)
        if "\n" in entry.reference
    ]
    if broken:
        rid, number = broken[0]
        with pytest.raises(AnswersError, match=f"evidence reference {number} of {rid} .* line"):
            round_trip(loaded, tmp_path)
        return
    back = round_trip(loaded, tmp_path)
    second = tmp_path / "second.answers.yaml"
    save_answers(second, back, replace=True)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_every_formula_payload_comes_back_as_text(tmp_path: Path) -> None:
    requirements = list(CHECKLIST.requirements)
    answers = full_answers(CHECKLIST).model_copy(
        update={
            "responses": {
                requirements[index % 58]: Response(
                    answer=Answer.NO, note=payload, evidence=[payload]
                )
                for index, payload in enumerate(FORMULA_PAYLOADS[:58])
            }
        }
    )
    back = round_trip(answers, tmp_path)
    assert back.responses == answers.responses
    sheet = openpyxl.load_workbook(tmp_path / "form.xlsx")[QUESTIONS]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def _typed(tmp_path: Path, cells: dict[str, Any]) -> Path:
    path = questionnaire(tmp_path, answers=full_answers(CHECKLIST))
    workbook = openpyxl.load_workbook(path)
    for coordinate, value in cells.items():
        workbook[QUESTIONS][coordinate] = value
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("yes ", Answer.YES),
        ("YES", Answer.YES),
        ("  dont know", Answer.DONT_KNOW),
        ("Don\u2019t know", Answer.DONT_KNOW),
        ("partly", Answer.PARTLY),
        ("n", Answer.NO),
        ("dont_know", Answer.DONT_KNOW),
        ("", None),
    ],
)
def test_an_answer_typed_outside_the_list_is_read_when_it_means_one_answer(
    tmp_path: Path, typed: str, answer: Answer | None
) -> None:
    path = _typed(tmp_path, {f"{ANSWER_COLUMN}2": typed})
    _, answers = read_questionnaire(path, open_workbook(path), resolver(None))
    first = next(iter(CHECKLIST.requirements))
    assert answers.responses[first].answer is answer


@pytest.mark.parametrize("typed", ["maybe", "yes/no", "1", "Yes please"])
def test_an_answer_that_means_nothing_is_refused_with_its_cell(tmp_path: Path, typed: str) -> None:
    path = _typed(tmp_path, {f"{ANSWER_COLUMN}2": typed})
    with pytest.raises(
        WorkbookError, match=rf"sheet 'Questions', cell {ANSWER_COLUMN}2: .* is not one of"
    ):
        read_questionnaire(path, open_workbook(path), resolver(None))


def test_a_refused_answer_lists_only_the_answers_its_row_offers(tmp_path: Path) -> None:
    rows = list(CHECKLIST.requirements.values())
    for allowed in (False, True):
        row = next(n for n, item in enumerate(rows, 2) if item.allow_not_applicable is allowed)
        folder = tmp_path / str(allowed)
        folder.mkdir()
        path = _typed(folder, {f"{ANSWER_COLUMN}{row}": "Maybe"})
        with pytest.raises(WorkbookError) as refused:
            read_questionnaire(path, open_workbook(path), resolver(None))
        said = str(refused.value)
        assert "'Maybe' is not one of: Yes, Partly, No, Don't know" in said
        assert ("Not applicable" in said) is allowed


def test_a_formula_is_refused_with_the_way_to_keep_it_as_text(tmp_path: Path) -> None:
    path = questionnaire(tmp_path, answers=full_answers(CHECKLIST))
    workbook = openpyxl.load_workbook(path)
    workbook[QUESTIONS][f"{NOTE_COLUMN}2"] = "=see policy"  # what Calc keeps of a typed formula
    workbook.save(path)
    with pytest.raises(WorkbookError, match=r"type an apostrophe before it: '=see policy"):
        read_questionnaire(path, open_workbook(path), resolver(None))


def test_not_applicable_only_where_allowed(tmp_path: Path) -> None:
    rows = list(CHECKLIST.requirements.values())
    row = next(index for index, item in enumerate(rows, 2) if not item.allow_not_applicable)
    path = _typed(tmp_path, {f"{ANSWER_COLUMN}{row}": "Not applicable"})
    with pytest.raises(
        WorkbookError, match=rf"cell {ANSWER_COLUMN}{row}: .* cannot be Not applicable"
    ):
        read_questionnaire(path, open_workbook(path), resolver(None))


def test_the_dropdown_offers_not_applicable_only_where_the_item_allows_it() -> None:
    workbook = build_questionnaire(CHECKLIST, CHECKLIST.profile("full"))
    sheet = workbook[QUESTIONS]
    offered: dict[str, str] = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for (cell,) in (
                sheet[cell_range.coord] if ":" in cell_range.coord else [(sheet[cell_range.coord],)]
            ):
                offered[sheet[f"B{cell.row}"].value] = validation.formula1
    for requirement in CHECKLIST.requirements.values():
        assert ("Not applicable" in offered[requirement.id]) is requirement.allow_not_applicable
    assert sheet.protection.sheet and not sheet.protection.password
    assert sheet[f"{ANSWER_COLUMN}2"].protection.locked is False
    assert sheet["D2"].protection.locked is True
    assert workbook["compliance-check"].sheet_state == "hidden"


def test_import_keeps_actions_and_items_outside_the_profile(tmp_path: Path) -> None:
    existing = full_answers(CHECKLIST)
    plan = Action(
        owner="Head of IT", target_date=date(2027, 3, 31), status=ActionStatus.IN_PROGRESS
    )
    first = next(iter(CHECKLIST.requirements))
    existing = existing.with_actions({first: plan})
    imported = round_trip(existing.model_copy(update={"authority": "Renamed Council"}), tmp_path)
    merged = merge_questionnaire(existing, imported, frozenset(CHECKLIST.requirements))
    assert merged.responses[first].actions == plan
    assert changes(existing, merged) == [
        "authority: '=HYPERLINK(\"http://x\")Borough Council' → 'Renamed Council'"
    ]
    assert changes(existing, existing) == []


def test_a_note_changed_in_the_workbook_is_listed(tmp_path: Path) -> None:
    path = _typed(tmp_path, {f"{NOTE_COLUMN}2": "A new note"})
    _, imported = read_questionnaire(path, open_workbook(path), resolver(None))
    before = full_answers(CHECKLIST)
    first = next(iter(CHECKLIST.requirements))
    [line] = changes(
        before, merge_questionnaire(before, imported, frozenset(CHECKLIST.requirements))
    )
    assert line.startswith(f"{first} note: '=1+1") and line.endswith(" → 'A new note'")


def test_plan_import_shows_the_changes_and_writes_over_a_file_only_with_force(
    tmp_path: Path,
) -> None:
    answers = full_answers(CHECKLIST)
    form = tmp_path / "form.xlsx"
    write_questionnaire(form, CHECKLIST, CHECKLIST.profile(answers.profile), answers)
    output = tmp_path / "council.answers.yaml"

    first = plan_import(form, output, None, max_bytes=MAX_BYTES)
    assert first.existing is None and first.lines[0].startswith("new file: ")
    # A new file lists every answer it will hold, as a change from nothing.
    answered = [rid for rid, response in answers.responses.items() if response.answer]
    assert [line.split(" ")[0] for line in first.lines if " answer: " in line] == answered
    first.write(force=False)

    renamed = answers.model_copy(update={"authority": "Renamed Council"})
    write_questionnaire(form, CHECKLIST, CHECKLIST.profile(answers.profile), renamed, replace=True)
    second = plan_import(form, output, None, max_bytes=MAX_BYTES)
    [line] = second.lines
    assert line.endswith(" → 'Renamed Council'")
    with pytest.raises(OutputError, match=r"the 1 change\(s\) above are written over it"):
        second.write(force=False)
    second.write(force=True)
    assert load_answers(output, CHECKLIST).authority == "Renamed Council"


def test_a_gap_report_is_read_only_into_the_answers_file_it_was_made_from(
    tmp_path: Path,
) -> None:
    answers = full_answers(CHECKLIST)
    report = tmp_path / "gaps.xlsx"
    write_gap_report(report, CHECKLIST, answers, score(CHECKLIST, answers))

    with pytest.raises(OutputError, match="does not exist; a gap report's action plan"):
        plan_import(report, tmp_path / "missing.answers.yaml", None, max_bytes=MAX_BYTES)
