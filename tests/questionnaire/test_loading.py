"""Opening what a command names: answers (YAML or a workbook) with their checklist and profile."""

from __future__ import annotations

from pathlib import Path

from compliance_check.model.checklist import Checklist
from compliance_check.questionnaire.loading import load_assessment
from tests.conftest import MINI_CHECKLIST, WriteAnswers, every

MAX_BYTES = 5 * 1024 * 1024


def test_answers_the_file_s_own_profile_leaves_out_are_warned_of(
    write_answers: WriteAnswers, mini: Checklist
) -> None:
    path = write_answers(mini, every(mini, "yes"), profile="core")
    warned: list[str] = []

    (checklist, answers), profile = load_assessment(
        path, MINI_CHECKLIST, None, MAX_BYTES, warned.append
    )

    assert (checklist.id, profile.id, len(answers.responses)) == (mini.id, "core", 4)
    assert warned == [
        f"{path}: 2 answered item(s) (AA-02, BB-01) are not in profile core and are not "
        "scored; --profile full scores them"
    ]


def test_a_profile_asked_for_leaves_answers_out_without_a_warning(
    write_answers: WriteAnswers, mini: Checklist
) -> None:
    path = write_answers(mini, every(mini, "yes"))
    warned: list[str] = []

    _, profile = load_assessment(path, MINI_CHECKLIST, "core", MAX_BYTES, warned.append)

    assert profile.id == "core" and warned == []


def test_answers_are_read_from_a_questionnaire_workbook_too(
    write_answers: WriteAnswers, mini: Checklist, tmp_path: Path
) -> None:
    from compliance_check.questionnaire.workbook import write_questionnaire

    path = write_answers(mini, every(mini, "partly"))
    (_, answers), profile = load_assessment(
        path, MINI_CHECKLIST, None, MAX_BYTES, lambda message: None
    )
    workbook = tmp_path / "form.xlsx"
    write_questionnaire(workbook, mini, profile, answers)

    (_, read), _ = load_assessment(workbook, MINI_CHECKLIST, None, MAX_BYTES, lambda message: None)

    assert {item: response.answer for item, response in read.responses.items()} == {
        item: response.answer for item, response in answers.responses.items()
    }
