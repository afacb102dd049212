"""Answers carried to a later version: kept where the question is unchanged, else proposals."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance_check.errors import AnswersError
from compliance_check.model.checklist import Answer, Priority, load_checklist
from compliance_check.model.scoring import score
from compliance_check.model.upgrade import carry_to_version, versioned_name
from tests.conftest import answers_for
from tests.versions import CARRIED, NEWER, OLDER

OLD = load_checklist(OLDER)
NEW = load_checklist(NEWER)
ANSWERED = {
    "AA-01": {"answer": "yes", "note": "Policy approved", "evidence": ["policy.pdf"]},
    "AA-02": "partly",
    "AA-03": {"answer": "no", "note": "Not yet"},
    "BB-01": "yes",
    "BB-02": "yes",
}


def test_unchanged_questions_keep_their_answers_and_changed_ones_become_proposals() -> None:
    upgrade = carry_to_version(OLD, answers_for(OLD, ANSWERED), NEW)
    carried = upgrade.answers
    assert (carried.checklist_version, carried.checklist_sha256) == ("1.2", NEW.content_sha256)
    assert upgrade.kept == ("AA-01", "AA-02", "BB-02")
    kept = carried.responses["AA-01"]
    assert kept.answer is Answer.YES and kept.note == "Policy approved"
    assert [entry.reference for entry in kept.evidence] == ["policy.pdf"]
    # AA-03's question changed: its answer is proposed, its note stays.
    assert upgrade.proposed == ("AA-03",)
    changed = carried.responses["AA-03"]
    assert changed.answer is None and changed.note == "Not yet"
    assert changed.proposal is not None and changed.proposal.answer is Answer.NO
    assert changed.proposal.provenance() == (
        "from carry-checklist 1.1: AA-03 no (question re-worded, v1.2)"
    )
    assert changed.proposal.review == "the question changed; 1.1 asked: Is the old thing done?"
    # Re-graded, dropped and new items are named.
    [regraded] = upgrade.regraded
    assert regraded.requirement_id == "AA-02"
    assert (regraded.priority_before, regraded.priority_after) == (Priority.SHOULD, Priority.MUST)
    assert upgrade.dropped == ("BB-01",) and "BB-01" not in carried.responses
    assert upgrade.added == ("BB-03",)
    assert upgrade.sentences() == CARRIED


def test_the_carried_answers_score_against_the_new_version_without_the_proposals() -> None:
    carried = carry_to_version(OLD, answers_for(OLD, ANSWERED), NEW).answers
    assessment = score(NEW, carried)
    answered = {item.requirement_id for item in assessment.items if item.answer is not None}
    assert answered == {"AA-01", "AA-02", "BB-02"}


def test_an_answer_the_new_version_no_longer_accepts_is_left_to_decide() -> None:
    given = answers_for(OLD, {"BB-02": {"answer": "not_applicable", "note": "No such service"}})
    carried = carry_to_version(OLD, given, NEW).answers.responses["BB-02"]
    assert carried.answer is None and carried.proposal is not None
    assert carried.proposal.answer is None
    assert carried.proposal.review == "answered not applicable in 1.1, which 1.2 does not allow"
    assert carried.proposal.provenance() == (
        "from carry-checklist 1.1: BB-02 not_applicable (answer no longer allowed, v1.2)"
    )


def test_answers_carry_forward_only() -> None:
    with pytest.raises(AnswersError, match="carry forward only, to a later version"):
        carry_to_version(NEW, answers_for(NEW, {}), OLD)
    assert carry_to_version(OLD, answers_for(OLD, {}), NEW).answers.responses == {}


def test_the_carried_file_is_named_beside_the_earlier_one(tmp_path: Path) -> None:
    assert versioned_name(tmp_path / "c.answers.yaml", "1.2") == tmp_path / "c.v1.2.answers.yaml"
    assert versioned_name(tmp_path / "c.yml", "1.2") == tmp_path / "c.v1.2.yml"
