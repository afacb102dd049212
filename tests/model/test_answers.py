"""Answers files: their shape, how they must fit their checklist, and saving them."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.errors import AnswersError, ComplianceCheckError
from compliance_check.model.answers import (
    ActionStatus,
    AnswersFile,
    AuthorityType,
    Role,
    load_answers,
    load_answers_and_checklist,
    save_answers,
)
from compliance_check.model.checklist import Answer, Checklist, find_shipped_checklist
from compliance_check.model.evidence import Evidence
from tests.conftest import EXAMPLE_ANSWERS, WriteAnswers, answers_for

HEADER = """\
checklist: mini-checklist
checklist_version: "2.1"
authority: Test Council
respondent: {role: it_staff}
assessed_on: 2026-11-25
"""


def write_text(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hand.answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(path: Path, checklist: Checklist) -> ComplianceCheckError:
    with pytest.raises(ComplianceCheckError) as caught:
        load_answers(path, checklist)
    return caught.value


def test_unquoted_yes_and_no_are_read_as_answers(tmp_path: Path, mini: Checklist) -> None:
    path = write_text(tmp_path, HEADER + "responses:\n  AA-01: {answer: yes}\n  AA-02: no\n")
    answers = load_answers(path, mini)
    assert answers.responses["AA-01"].answer is Answer.YES
    assert answers.responses["AA-02"].answer is Answer.NO


def test_an_empty_response_is_unanswered_not_an_error(tmp_path: Path, mini: Checklist) -> None:
    path = write_text(tmp_path, HEADER + "responses:\n  AA-01:\n  AA-02: {answer: }\n")
    answers = load_answers(path, mini)
    assert answers.responses["AA-01"].answer is None
    assert answers.responses["AA-02"].answer is None


def test_unknown_requirement_id_suggests_the_closest(tmp_path: Path, mini: Checklist) -> None:
    error = error_for(write_text(tmp_path, HEADER + "responses:\n  AA-1: {answer: yes}\n"), mini)
    assert "unknown requirement id 'AA-1' (did you mean 'AA-01'?)" in str(error)
    assert str(error).startswith(f"{tmp_path / 'hand.answers.yaml'}:7:3:")


def test_unknown_answer_lists_the_valid_ones_as_people_write_them(
    tmp_path: Path, mini: Checklist
) -> None:
    error = error_for(write_text(tmp_path, HEADER + "responses:\n  AA-01: {answer: maybe}\n"), mini)
    assert "'maybe' is not an answer; write yes, partly, no, don't know or not applicable" in (
        str(error)
    )
    assert "dont_know" not in str(error)
    assert error.location is not None and error.location.line == 7


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("don't know", Answer.DONT_KNOW),
        ("Don\u2019t Know", Answer.DONT_KNOW),
        ("dont know", Answer.DONT_KNOW),
        ("DONT KNOW", Answer.DONT_KNOW),
        ("n/a", Answer.NOT_APPLICABLE),
        ("N/A", Answer.NOT_APPLICABLE),
        ("Not applicable", Answer.NOT_APPLICABLE),
        ("not_applicable", Answer.NOT_APPLICABLE),
    ],
)
def test_the_labels_people_type_are_read_as_answers(
    tmp_path: Path, mini: Checklist, written: str, expected: Answer
) -> None:
    body = f'responses:\n  AA-02: {{answer: "{written}", note: Done by the county}}\n'
    assert load_answers(write_text(tmp_path, HEADER + body), mini).responses["AA-02"].answer is (
        expected
    )


def test_up_to_ten_problems_are_listed_then_counted(tmp_path: Path, mini: Checklist) -> None:
    body = "responses:\n" + "".join(f"  AA-{n:02}: {{answer: maybe}}\n" for n in range(1, 13))
    error = error_for(write_text(tmp_path, HEADER + body), mini)
    first, *listed, count = error.lines()
    assert first.endswith(
        "responses.AA-01.answer: 'maybe' is not an answer; write yes, partly, "
        "no, don't know or not applicable (12 problems in all)"
    )
    assert [line.split(": ")[1] for line in listed] == [
        f"responses.AA-{n:02}.answer" for n in range(2, 11)
    ]
    assert all(line.startswith(f"{tmp_path / 'hand.answers.yaml'}:") for line in listed)
    assert count == "12 problems in all; the first 10 are listed."
    assert str(error).endswith("(12 problems in all)")


def test_a_response_typed_twice_is_an_error(tmp_path: Path, mini: Checklist) -> None:
    text = HEADER + "responses:\n  AA-01: {answer: yes}\n  AA-01: {answer: no}\n"
    error = error_for(write_text(tmp_path, text), mini)
    assert "'AA-01' is given twice" in str(error)


def test_unknown_keys_are_errors_with_a_suggestion(tmp_path: Path, mini: Checklist) -> None:
    text = HEADER + "responses:\n  AA-01: {answer: yes, notes: typo}\n"
    error = error_for(write_text(tmp_path, text), mini)
    assert "unknown key 'notes' (did you mean 'note'?)" in str(error)


def test_wrong_types_are_errors(tmp_path: Path, mini: Checklist) -> None:
    error = error_for(write_text(tmp_path, HEADER.replace("2026-11-25", "yesterday")), mini)
    assert "assessed_on" in str(error)


def test_not_applicable_where_not_allowed(tmp_path: Path, mini: Checklist) -> None:
    text = HEADER + "responses:\n  AA-01: {answer: not_applicable, note: why}\n"
    assert "AA-01 cannot be answered not_applicable" in str(
        error_for(write_text(tmp_path, text), mini)
    )


def test_not_applicable_needs_a_note(tmp_path: Path, mini: Checklist) -> None:
    text = HEADER + "responses:\n  AA-02: {answer: not_applicable}\n"
    assert "without a note" in str(error_for(write_text(tmp_path, text), mini))


def test_another_checklist_version_names_both(tmp_path: Path, mini: Checklist) -> None:
    text = HEADER.replace('"2.1"', '"1.9"') + "responses: {}\n"
    error = error_for(write_text(tmp_path, text), mini)
    assert "version 1.9" in str(error) and "version 2.1" in str(error)


def test_another_checklist_id_is_an_error(tmp_path: Path, mini: Checklist) -> None:
    text = HEADER.replace("mini-checklist", "other-list") + "responses: {}\n"
    assert "'other-list'" in str(error_for(write_text(tmp_path, text), mini))


def test_a_different_content_hash_is_refused(write_answers: WriteAnswers, mini: Checklist) -> None:
    path = write_answers(mini, {}, checklist_sha256="0" * 64)
    assert "different content" in str(error_for(path, mini))


def test_saved_answers_load_back_equal_with_quoted_answers(tmp_path: Path, mini: Checklist) -> None:
    answers = answers_for(
        mini,
        {
            "AA-01": {"answer": "yes", "note": "=1+1", "evidence": ["https://x.example"]},
            "AA-02": {"answer": "no"},
            "BB-01": {},
        },
        checklist_sha256=mini.content_sha256,
    )
    path = tmp_path / "saved.answers.yaml"
    save_answers(path, answers)
    text = path.read_text(encoding="utf-8")
    assert "answer: 'yes'" in text and "answer: 'no'" in text
    assert load_answers(path, mini) == answers


def test_the_readme_example_scores_against_the_shipped_checklist() -> None:
    checklist, answers = load_answers_and_checklist(EXAMPLE_ANSWERS)
    assert checklist.id == answers.checklist == "lga-data-handling-2008"
    assert answers.responses["GOV-04"].evidence == [
        Evidence(reference="https://example.gov.uk/charter")
    ]


def test_an_unshipped_version_points_at_the_file(tmp_path: Path) -> None:
    text = EXAMPLE_ANSWERS.read_text().replace(
        'checklist_version: "1.0"', 'checklist_version: "9.9"'
    )
    path = write_text(tmp_path, text)
    with pytest.raises(AnswersError, match=r"version 9\.9 is not shipped.*--checklist"):
        load_answers_and_checklist(path)


def test_answers_model_has_no_computed_fields() -> None:
    # Scores are always derived from the answers, never stored beside them.
    assert not {"score", "gap", "rag"} & set(AnswersFile.model_fields)


def test_an_empty_required_field_says_to_fill_it_in(tmp_path: Path, mini: Checklist) -> None:
    text = HEADER.replace("authority: Test Council", "authority:") + "responses: {}\n"
    error = error_for(write_text(tmp_path, text), mini)
    assert "authority is empty; fill it in" in str(error)
    assert error.location is not None and error.location.line == 3


def test_answer_codes_are_read_whatever_their_case(tmp_path: Path, mini: Checklist) -> None:
    path = write_text(
        tmp_path, HEADER + "responses:\n  AA-01: Partly\n  AA-02: {answer: DONT_KNOW}\n"
    )
    answers = load_answers(path, mini)
    assert answers.responses["AA-01"].answer is Answer.PARTLY
    assert answers.responses["AA-02"].answer is Answer.DONT_KNOW


@pytest.mark.parametrize("written", ["no", "No", "off", "0", "false", "1.50", "2024-01-01", "yes"])
def test_a_note_is_kept_word_for_word_whatever_yaml_makes_of_it(
    tmp_path: Path, mini: Checklist, written: str
) -> None:
    path = write_text(
        tmp_path, HEADER + f"responses:\n  AA-01: {{answer: 'no', note: {written}}}\n"
    )
    assert load_answers(path, mini).responses["AA-01"].note == written


@pytest.mark.parametrize("written", ["~", "null", "[]", "{}"])
def test_a_note_that_is_not_text_is_refused_with_the_fix(
    tmp_path: Path, mini: Checklist, written: str
) -> None:
    path = write_text(
        tmp_path, HEADER + f"responses:\n  AA-01: {{answer: 'no', note: {written}}}\n"
    )
    error = error_for(path, mini)
    assert "responses.AA-01.note" in str(error) and "quotes" in str(error)
    assert error.location is not None and error.location.line == 7


def test_names_and_evidence_keep_what_was_written(tmp_path: Path, mini: Checklist) -> None:
    text = HEADER.replace("Test Council", "1066").replace(
        "{role: it_staff}", "{role: it_staff, name: Off}"
    )
    path = write_text(
        tmp_path, text + "responses:\n  AA-01: {answer: 'yes', evidence: [2019, on]}\n"
    )
    answers = load_answers(path, mini)
    assert (answers.authority, answers.respondent.name) == ("1066", "Off")
    assert [entry.reference for entry in answers.responses["AA-01"].evidence] == ["2019", "on"]


@pytest.mark.parametrize("written", ["0001-01-01", "1899-12-31", "9999-12-31", "1989-12-31"])
def test_an_implausible_assessment_date_is_refused(
    tmp_path: Path, mini: Checklist, written: str
) -> None:
    error = error_for(write_text(tmp_path, HEADER.replace("2026-11-25", written)), mini)
    assert f"assessed_on: {written} is not a plausible assessment date" in str(error)
    assert "from 1990 to" in str(error)


@pytest.mark.parametrize(
    ("written", "kept"),
    [("E07000112", "E07000112"), ("W06000001", "W06000001"), ("' s12000033 '", "S12000033")],
)
def test_an_authority_code_is_kept_in_its_canonical_form(
    tmp_path: Path, mini: Checklist, written: str, kept: str
) -> None:
    path = write_text(tmp_path, HEADER + f"authority_code: {written}\nresponses: {{}}\n")
    assert load_answers(path, mini).authority_code == kept


@pytest.mark.parametrize("written", ["E0700011", "X07000112", "E07000112A", "'E07 000112'", "7"])
def test_an_authority_code_of_the_wrong_shape_is_refused_at_its_line(
    tmp_path: Path, mini: Checklist, written: str
) -> None:
    path = write_text(tmp_path, HEADER + f"authority_code: {written}\nresponses: {{}}\n")
    error = error_for(path, mini)
    assert str(error).startswith(f"{path}:6:")
    assert "authority_code" in error.message
    assert "e.g. E07000112" in error.message


def test_a_file_without_an_authority_code_still_loads(tmp_path: Path, mini: Checklist) -> None:
    path = write_text(tmp_path, HEADER + "authority_code:\nresponses: {}\n")
    assert load_answers(path, mini).authority_code is None
    assert load_answers(write_text(tmp_path, HEADER), mini).authority_code is None


# ---------------------------------------------------------------------------------------------
# Files a survey platform writes with PyYAML: null wherever an optional field was left empty

SURVEY_LGA = find_shipped_checklist("lga-data-handling-2008")
SURVEY_WORDS = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs"]), min_size=1
)
SURVEY_DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
SURVEY_WORDS = SURVEY_WORDS.filter(lambda text: text.strip() == text and text.strip())


def none_or(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), values)


def absent_or(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A person's text: given, or left out (a null there is refused: see the next test)."""
    return st.one_of(st.just(SURVEY_ABSENT), values)


SURVEY_ABSENT = object()
SURVEY_ACTIONS = st.fixed_dictionaries(
    {
        "owner": absent_or(SURVEY_WORDS),
        "target_date": none_or(SURVEY_DAYS),
        "status": none_or(st.sampled_from([status.value for status in ActionStatus])),
        "comment": absent_or(SURVEY_WORDS),
        "completed_on": none_or(SURVEY_DAYS),
    }
)
SURVEY_RESPONSE = st.fixed_dictionaries(
    {
        "answer": none_or(st.sampled_from(["yes", "partly", "no", "dont_know"])),
        "note": absent_or(SURVEY_WORDS),
        "evidence": none_or(st.lists(SURVEY_WORDS, max_size=2)),
        "actions": none_or(SURVEY_ACTIONS),
        "proposal": st.none(),
    }
)
SURVEY_HEADER = st.fixed_dictionaries(
    {
        "format_version": none_or(st.just("1.0")),
        "checklist_sha256": none_or(st.just(SURVEY_LGA.content_sha256)),
        "profile": none_or(st.sampled_from([profile.id for profile in SURVEY_LGA.profiles])),
        "authority_code": none_or(st.just("E07000112")),
        "authority_type": none_or(st.sampled_from([kind.value for kind in AuthorityType])),
        "nation": none_or(st.just("E")),
        "respondent": st.fixed_dictionaries(
            {"name": none_or(SURVEY_WORDS), "role": st.sampled_from([role.value for role in Role])}
        ),
        "responses": none_or(
            st.dictionaries(
                st.sampled_from(list(SURVEY_LGA.requirements)), SURVEY_RESPONSE, max_size=4
            )
        ),
    }
)


def _without_absent(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_absent(v) for k, v in value.items() if v is not SURVEY_ABSENT}
    return value


def safe_dumped(header: dict[str, Any]) -> str:
    data = {
        "checklist": SURVEY_LGA.id,
        "checklist_version": SURVEY_LGA.version,
        "authority": "Example Borough Council",
        "assessed_on": date(2026, 11, 25),
        **_without_absent(header),
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@settings(max_examples=60, deadline=None)
@given(header=SURVEY_HEADER)
def test_a_file_pyyaml_safe_dump_wrote_with_none_in_any_optional_field_scores(
    header: dict[str, Any],
) -> None:
    text = safe_dumped(header)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "survey.answers.yaml"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(app, ["score", str(path), "--format", "json"])
    assert result.exit_code == 0, text + result.stderr
    assert json.loads(result.stdout)["authority"] == "Example Borough Council"


@pytest.mark.parametrize(
    ("written", "where"),
    [
        ("note: null", "responses.GOV-01.note is 'null'"),
        ("note: ~", "responses.GOV-01.note is '~'"),
        ("evidence: [policy.pdf, null]", "responses.GOV-01.evidence.1 is 'null'"),
        ("actions: {owner: Null}", "responses.GOV-01.actions.owner is 'Null'"),
        ("actions: {comment: NULL}", "responses.GOV-01.actions.comment is 'NULL'"),
    ],
)
def test_null_written_in_a_person_s_text_is_still_refused(
    tmp_path: Path, written: str, where: str
) -> None:
    path = tmp_path / "c.answers.yaml"
    path.write_text(
        safe_dumped({"respondent": {"role": "other", "name": None}})
        + f"responses:\n  GOV-01:\n    answer: partly\n    {written}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["score", str(path)])
    assert result.exit_code == 3
    assert f"{where}, which YAML reads as 'no value'; leave it blank" in result.stderr
