"""Dated evidence: written as before when undated, read back from a workbook line, and aged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from compliance_check.model.answers import answers_to_data, load_answers
from compliance_check.model.checklist import Checklist
from compliance_check.model.evidence import (
    Evidence,
    EvidenceAge,
    evidence_age,
    parse_line,
    yes_evidence_sentence,
)
from compliance_check.model.scoring import score
from tests.conftest import EXAMPLE_ANSWERS, answers_for, every

ASSESSED = date(2026, 11, 25)


def test_an_undated_entry_is_written_as_the_plain_reference_it_was(mini: Checklist) -> None:
    answers = answers_for(
        mini,
        {
            "AA-01": {"answer": "yes", "evidence": ["policy.pdf"]},
            "AA-02": {
                "answer": "yes",
                "evidence": [{"reference": "audit", "dated": "2026-05-01"}],
            },
        },
    )
    data = answers_to_data(answers)["responses"]
    assert data["AA-01"]["evidence"] == ["policy.pdf"]
    assert data["AA-02"]["evidence"] == [{"reference": "audit", "dated": "2026-05-01"}]


def test_old_files_load_and_score_the_same(shipped: Checklist) -> None:
    answers = load_answers(EXAMPLE_ANSWERS)
    assert answers.responses["GOV-04"].evidence == [
        Evidence(reference="https://example.gov.uk/charter")
    ]
    # Written back exactly as it was read.
    assert answers_to_data(answers)["responses"]["GOV-04"]["evidence"] == [
        "https://example.gov.uk/charter"
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Policy v3", Evidence(reference="Policy v3")),
        ("Policy v3 (2025-03-01)", Evidence(reference="Policy v3", dated=date(2025, 3, 1))),
        (
            "Policy v3 (01/03/2025, review by 01/03/2026)",
            Evidence(reference="Policy v3", dated=date(2025, 3, 1), review_by=date(2026, 3, 1)),
        ),
        (
            "Policy (review by 2027-01-31)",
            Evidence(reference="Policy", review_by=date(2027, 1, 31)),
        ),
        ("Data Protection Act (2018)", Evidence(reference="Data Protection Act (2018)")),
        ("Minutes (March 2026)", Evidence(reference="Minutes (March 2026)")),
    ],
)
def test_a_workbook_line_reads_back(line: str, expected: Evidence) -> None:
    assert parse_line(line) == expected
    assert parse_line(expected.line()) == expected


def test_a_date_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="2025-02-30 is not a date"):
        parse_line("Policy (2025-02-30)")


@pytest.mark.parametrize(
    ("entries", "age"),
    [
        ([], EvidenceAge.NONE),
        ([Evidence(reference="x")], EvidenceAge.UNDATED),
        ([Evidence(reference="x", dated=date(2025, 11, 25))], EvidenceAge.CURRENT),
        ([Evidence(reference="x", dated=date(2025, 11, 24))], EvidenceAge.STALE),
        (
            [
                Evidence(reference="old", dated=date(2019, 1, 1)),
                Evidence(reference="new", dated=date(2026, 6, 1)),
            ],
            EvidenceAge.CURRENT,
        ),
        (
            [Evidence(reference="x", dated=date(2026, 6, 1), review_by=date(2026, 11, 1))],
            EvidenceAge.STALE,
        ),
    ],
    ids=["none", "undated", "twelve months", "a day older", "newest decides", "past review"],
)
def test_the_newest_dated_entry_decides_the_age(entries: list[Evidence], age: EvidenceAge) -> None:
    assert evidence_age(entries, ASSESSED) is age


def test_score_counts_yes_answers_by_evidence_and_is_unchanged(mini: Checklist) -> None:
    plain = answers_for(mini, every(mini, "yes"))
    dated = answers_for(
        mini,
        {
            **every(mini, "yes"),
            "AA-01": {"answer": "yes", "evidence": [{"reference": "a", "dated": "2026-01-01"}]},
            "AA-02": {"answer": "yes", "evidence": [{"reference": "b", "dated": "2020-01-01"}]},
            "BB-01": {"answer": "yes", "evidence": ["c"]},
        },
    )
    assert score(mini, dated).score == score(mini, plain).score
    counts = score(mini, dated).evidence_ages()
    assert counts == {
        EvidenceAge.CURRENT: 1,
        EvidenceAge.STALE: 1,
        EvidenceAge.UNDATED: 1,
        EvidenceAge.NONE: len(mini.requirements) - 3,
    }
    assert score(mini, dated).evidence_to_check[0].requirement_id == "AA-02"
    sentence = yes_evidence_sentence(counts)
    assert sentence is not None
    assert sentence.startswith(f"Of the {len(mini.requirements)} yes answers, 1 rests on ")


def test_a_yaml_entry_read_as_a_date_keeps_its_words(tmp_path: Path, mini: Checklist) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        f"checklist: {mini.id}\nchecklist_version: '{mini.version}'\nauthority: A\n"
        "respondent: {role: it_staff}\nassessed_on: 2026-11-25\n"
        "responses:\n  AA-01: {answer: 'yes', evidence: [2019-01-01, no]}\n"
    )
    evidence = load_answers(path, mini).responses["AA-01"].evidence
    assert [entry.reference for entry in evidence] == ["2019-01-01", "no"]


def test_the_schema_describes_dated_evidence_and_accepts_old_and_new() -> None:
    import jsonschema

    from compliance_check.codes import SchemaKind
    from compliance_check.model.schemas import json_schema

    schema = json_schema(SchemaKind.ANSWERS)
    evidence = schema["$defs"]["Evidence"]
    assert {"type": "string", "minLength": 1} in evidence["anyOf"]
    mapping = next(option for option in evidence["anyOf"] if option.get("type") == "object")
    assert set(mapping["properties"]) == {"reference", "dated", "review_by"}
    base = {
        "checklist": "x",
        "checklist_version": "1.0",
        "authority": "A",
        "respondent": {"role": "it_staff"},
        "assessed_on": "2026-11-25",
    }
    for entry in ["policy.pdf", {"reference": "audit", "dated": "2026-01-01"}]:
        jsonschema.validate({**base, "responses": {"A-1": {"evidence": [entry]}}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {**base, "responses": {"A-1": {"evidence": [{"dated": "2026-01-01"}]}}}, schema
        )
