"""The answers JSON Schema accepts what the tool accepts: codes, words people type, shorthand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.files.yamlio import read_yaml
from compliance_check.model.answers import ANSWER_SPELLINGS, AnswersFile, load_answers
from compliance_check.model.checklist import Checklist
from tests.conftest import EXAMPLE_ANSWERS
from tests.workbooks import full_answers, questionnaire


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    result = CliRunner().invoke(app, ["schema", "answers"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def as_json(path: Path) -> Any:
    """The YAML document as a JSON validator sees it (dates as text)."""
    return json.loads(json.dumps(read_yaml(path).data, default=str))


# An answers file as a person fills in `template` in an editor: the answers in their own words.
TYPED_BY_HAND = """\
checklist: lga-data-handling-2008
checklist_version: "1.1"
authority: Example Borough Council
authority_code: " e07000112"
respondent: {role: information_governance}
assessed_on: 2026-11-25
responses:
  GOV-01: {answer: Yes}
  GOV-02: {answer: "Don't know", note: Asking the SIRO}
  GOV-03: {answer: "Don\u2019t  Know"}
  GOV-04: partly
  GOV-05: yes
  GOV-06: NO
  GOV-07:
  GOV-08: {answer: do not know}
  GOV-09: {answer: dont_know, evidence: [https://example.gov.uk/policy]}
"""


def test_real_answers_files_are_valid_against_the_schema(
    validator: jsonschema.Draft202012Validator, shipped: Checklist, tmp_path: Path
) -> None:
    typed = tmp_path / "typed.answers.yaml"
    typed.write_text(TYPED_BY_HAND, encoding="utf-8")
    # A questionnaire filled in and imported; a file the tool wrote with every answer kind.
    form = questionnaire(tmp_path, answers=full_answers(shipped))
    imported = tmp_path / "imported.answers.yaml"
    result = CliRunner().invoke(app, ["import", str(form), "-o", str(imported)])
    assert result.exit_code == 0, result.output
    files = [EXAMPLE_ANSWERS, typed, imported]
    for path in files:
        load_answers(path, checklist=None)  # the tool reads it...
        errors = [error.message for error in validator.iter_errors(as_json(path))]
        assert errors == [], path  # ...and so does the schema
    data = as_json(typed)
    # YAML 1.1 reads the unquoted yes as true: the tool takes it as yes, and so does the schema.
    assert data["responses"]["GOV-05"] is True


def accepted_by_tool(document: dict[str, Any]) -> bool:
    try:
        AnswersFile.model_validate(document)
    except ValidationError:
        return False
    return True


BASE: dict[str, Any] = {
    "checklist": "lga-data-handling-2008",
    "checklist_version": "1.1",
    "authority": "Example Borough Council",
    "respondent": {"role": "information_governance"},
    "assessed_on": "2026-11-25",
}


KELVIN = "don't \u212anow"  # the Kelvin sign, which Python lowers to k


@pytest.mark.parametrize(
    "answer",
    [
        "N/A",
        " not_applicable ",
        "Not Applicable",
        "DONT KNOW",
        "dont_know",
        "'yes'",
        True,
        None,
        KELVIN,
    ],
)
def test_labels_the_tool_reads_are_valid(
    validator: jsonschema.Draft202012Validator, answer: Any
) -> None:
    for response in ({"answer": answer, "note": "Why"}, answer):
        document = {**BASE, "responses": {"GOV-04": response}}
        assert accepted_by_tool(document)
        assert validator.is_valid(document), answer


@pytest.mark.parametrize("answer", ["maybe", "yes please", "", "  ", "n / a", 1, ["yes"]])
def test_what_the_tool_refuses_the_schema_refuses(
    validator: jsonschema.Draft202012Validator, answer: Any
) -> None:
    document = {**BASE, "responses": {"GOV-04": {"answer": answer}}}
    assert not accepted_by_tool(document)
    assert not validator.is_valid(document), answer


# Spellings of answers as people might type them: every letter in either case, white space,
# underscores and apostrophes between and around the words, and now and then a slip.
NOISE = st.sampled_from([" ", "\t", "_", "'", "\u2019", "\u00a0", "\u3000", "-", ".", "x"])


@st.composite
def typed_answers(draw: st.DrawFn) -> str:
    spelling = draw(st.sampled_from([*ANSWER_SPELLINGS, "not known", "yess", "n"]))
    typed = "".join(
        draw(st.sampled_from([char, char.upper(), "\u212a" if char == "k" else char]))
        + draw(st.text(NOISE, max_size=1 if draw(st.integers(0, 3)) else 2))
        for char in spelling
    )
    return draw(st.text(NOISE, max_size=2)) + typed


@settings(max_examples=300, deadline=None)
@given(answer=st.one_of(typed_answers(), st.text(max_size=8)))
def test_the_schema_accepts_an_answer_exactly_when_the_tool_does(
    validator: jsonschema.Draft202012Validator, answer: str
) -> None:
    document = {**BASE, "responses": {"GOV-04": {"answer": answer}}}
    assert validator.is_valid(document) == accepted_by_tool(document), repr(answer)


@pytest.mark.parametrize(
    ("code", "valid"),
    [("E07000112", True), (" w06000001 ", True), ("", True), ("E0700011", False), ("X1", False)],
)
def test_the_authority_code_as_the_tool_reads_it(
    validator: jsonschema.Draft202012Validator, code: str, valid: bool
) -> None:
    document = {**BASE, "authority_code": code}
    assert accepted_by_tool(document) is valid
    assert validator.is_valid(document) is valid
