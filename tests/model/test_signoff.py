"""The digest a sign-off records: what changes it and what does not; the schema of a sign-off."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from compliance_check.codes import SchemaKind
from compliance_check.model.answers import Action, load_answers
from compliance_check.model.checklist import Checklist
from compliance_check.model.schemas import json_schema
from compliance_check.model.signoff import STATEMENT, SignOff
from tests.conftest import EXAMPLE_ANSWERS, answers_for


def digest(checklist: Checklist, responses: dict[str, Any], **header: Any) -> str:
    return answers_for(checklist, responses, **header).digest(checklist)


BASE = {"AA-01": {"answer": "yes", "note": "in place", "evidence": ["policy.pdf"]}}


@pytest.mark.parametrize(
    "changed",
    [
        {"AA-01": {"answer": "partly", "note": "in place", "evidence": ["policy.pdf"]}},
        {"AA-01": {"answer": "yes", "note": "in place.", "evidence": ["policy.pdf"]}},
        {"AA-01": {"answer": "yes", "note": "in place", "evidence": ["policy2.pdf"]}},
        {**BASE, "AA-02": {"answer": "no"}},
        {"AA-01": {**BASE["AA-01"], "actions": Action(owner="IG team")}},
    ],
    ids=["answer", "note", "evidence", "another answer", "actions"],
)
def test_every_answer_note_evidence_and_action_is_covered(
    mini: Checklist, changed: dict[str, Any]
) -> None:
    assert digest(mini, changed) != digest(mini, BASE)


def test_who_and_when_are_covered(mini: Checklist) -> None:
    assert digest(mini, BASE, authority="Other BC") != digest(mini, BASE)
    assert digest(mini, BASE, assessed_on="2026-01-02") != digest(mini, BASE)


def test_what_the_tool_writes_on_the_way_is_not(mini: Checklist) -> None:
    # An empty item is no answer; the checklist's hash comes from the checklist itself.
    assert digest(mini, {**BASE, "BB-01": None}) == digest(mini, BASE)
    assert digest(mini, BASE, checklist_sha256=mini.content_sha256) == digest(mini, BASE)
    assert digest(mini, BASE, profile=mini.default_profile.id) == digest(mini, BASE)


def test_the_checklist_content_is_covered(mini: Checklist) -> None:
    other = Checklist.model_validate({**mini.model_dump(), "title": mini.title + " (edited)"})
    assert answers_for(mini, BASE).digest(other) != digest(mini, BASE)


def test_signed_message_covers_every_field_but_the_signature() -> None:
    sign_off = SignOff(
        name="Jo Bloggs",
        role="SIRO",
        signed_at=datetime(2026, 3, 31, 14, 5, tzinfo=UTC),
        statement=STATEMENT,
        complete=True,
        digest="sha256:" + "0" * 64,
    )
    message = sign_off.signed_message()
    assert b'"signed_at":"2026-03-31T14:05:00Z"' in message
    assert sign_off.model_copy(update={"signature": "U1NIU0lHAA=="}).signed_message() == message
    for field, value in [("name", "Jo Blogs"), ("complete", False), ("role", "DPO")]:
        assert sign_off.model_copy(update={field: value}).signed_message() != message


def test_signed_at_needs_a_time_zone() -> None:
    with pytest.raises(ValueError, match="needs a time zone"):
        SignOff.model_validate(
            {
                "name": "Jo",
                "role": "SIRO",
                "signed_at": "2026-03-31T14:05:00",
                "statement": STATEMENT,
                "complete": True,
                "digest": "sha256:" + "0" * 64,
            }
        )


def test_schema_describes_the_sign_off_and_old_files_load() -> None:
    schema = json_schema(SchemaKind.ANSWERS)
    definition = schema["$defs"]["SignOff"]
    assert set(definition["required"]) == {
        "name",
        "role",
        "signed_at",
        "statement",
        "complete",
        "digest",
    }
    assert "SSHSIG" in definition["properties"]["signature"]["description"]
    assert "sign_off" in schema["properties"]
    assert load_answers(EXAMPLE_ANSWERS).sign_off is None
