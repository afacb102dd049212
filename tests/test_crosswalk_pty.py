"""Proposals carried from 2008 are confirmed in the questionnaire, in a real pseudo-terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.model.answers import load_answers, save_answers
from compliance_check.model.checklist import Answer, find_shipped_checklist
from tests.assess.test_wizard_pty import NOTE_PROMPT, finish, spawn
from tests.conftest import answers_for

pytestmark = pytest.mark.slow


def test_assess_review_confirms_proposals_and_only_those_are_scored(tmp_path: Path) -> None:
    lga = find_shipped_checklist("lga-data-handling-2008")
    duties = find_shipped_checklist("uk-council-data-duties")
    source = tmp_path / "c2008.answers.yaml"
    every = {item: {"answer": "yes"} for item in lga.requirements}
    save_answers(source, answers_for(lga, every, authority_code="E07000112"))
    today = tmp_path / "today.answers.yaml"
    carried = CliRunner().invoke(
        app, ["crosswalk", str(source), "--to", "uk-council-data-duties", "-o", str(today)]
    )
    assert carried.exit_code == 0, carried.output
    before = load_answers(today, duties).responses
    # The first three items with a proposal (the DPO items have no 2008 counterpart).
    first = [i for i in duties.requirements if i in before and before[i].proposal is not None][:3]
    assert len(first) == 3

    child = spawn(["assess", "--review", str(today)], tmp_path)
    shown = list(duties.requirements)
    for item in shown[: shown.index(first[-1]) + 1]:
        if item not in first:  # no proposal: skipped, left for later
            child.expect_exact(f"{item} (")
            child.expect_exact("Your answer: ")
            child.sendline("s")
            continue
        proposal = before[item].proposal
        assert proposal is not None and proposal.answer is not None
        child.expect_exact(f"{item} (")
        child.expect(r"Proposed: .*?from\s+lga-data-handling-2008 1\.2:")
        child.expect(r"Enter\s+accepts\s+it")  # a long provenance wraps the line
        child.expect_exact("Your answer: ")
        child.sendline("")
        child.expect(NOTE_PROMPT)
        child.sendline("")
        child.expect(r"[Ee]vidence reference \(.*?\): ")
        child.sendline("")
    child.expect_exact("Your answer: ")
    child.sendline("q")
    finish(child)

    after = load_answers(today, duties).responses
    for item in first:
        assert after[item].answer is before[item].proposal.answer  # type: ignore[union-attr]
        assert after[item].proposal is None
    data = json.loads(CliRunner().invoke(app, ["score", str(today), "--format", "json"]).stdout)
    assert data["counts"]["answered"] == 3
    assert not set(first) & set(data["proposed_not_confirmed"])
    assert (
        len(data["proposed_not_confirmed"])
        == sum(1 for r in before.values() if r.proposal is not None) - 3
    )
    assert Answer.YES.value in {after[item].answer.value for item in first}  # type: ignore[union-attr]
