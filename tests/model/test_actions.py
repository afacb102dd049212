"""The action plan worked out once: where each action stands, and what carries forward."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from compliance_check.model.actions import Standing, action_plan
from compliance_check.model.checklist import Checklist
from tests.conftest import answers_for

ASSESSED = date(2026, 11, 25)


def _with(mini: Checklist, answer: str, action: dict[str, Any], **header: Any) -> Any:
    first = next(iter(mini.requirements))
    return answers_for(mini, {first: {"answer": answer, "actions": action}}, **header), first


@pytest.mark.parametrize(
    ("answer", "action", "expected"),
    [
        ("no", {"status": "done"}, Standing.DONE),
        ("no", {"completed_on": "2026-01-10", "target_date": "2020-01-01"}, Standing.DONE),
        # The answer finishes the action whatever its status says.
        ("yes", {"status": "not_started", "target_date": "2020-01-01"}, Standing.DONE),
        ("no", {"status": "risk_accepted", "target_date": "2020-01-01"}, Standing.RISK_ACCEPTED),
        ("no", {"status": "in_progress", "target_date": "2026-11-24"}, Standing.OVERDUE),
        ("no", {"target_date": "2026-11-24"}, Standing.OVERDUE),
        # Due on the day is not yet overdue.
        ("no", {"status": "in_progress", "target_date": "2026-11-25"}, Standing.IN_PROGRESS),
        ("partly", {"status": "not_started"}, Standing.NOT_STARTED),
        ("dont_know", {"owner": "SIRO"}, Standing.NO_STATUS),
    ],
)
def test_where_an_action_stands(
    mini: Checklist, answer: str, action: dict[str, Any], expected: Standing
) -> None:
    answers, first = _with(mini, answer, action)
    plan = action_plan(answers)
    entry = plan.get(first)
    assert entry is not None and entry.standing is expected
    assert plan.as_of == ASSESSED
    assert plan.overdue == ((first,) if expected is Standing.OVERDUE else ())
    assert entry.carried_from is None and plan.carried == () and plan.done == ()


def test_overdue_is_judged_on_the_date_given(mini: Checklist) -> None:
    answers, first = _with(mini, "no", {"owner": "SIRO", "target_date": "2027-03-31"})
    assert action_plan(answers).overdue == ()
    assert action_plan(answers, date(2027, 4, 1)).overdue == (first,)


def test_last_year_s_open_actions_carry_forward_and_finished_ones_count_as_done(
    mini: Checklist,
) -> None:
    ids = list(mini.requirements)
    last = answers_for(
        mini,
        {
            ids[0]: {"answer": "no", "actions": {"owner": "Ann", "target_date": "2026-03-31"}},
            ids[1]: {"answer": "no", "actions": {"owner": "Bo", "status": "in_progress"}},
            ids[2]: {"answer": "no", "actions": {"owner": "Cy", "status": "done"}},
            ids[3]: {"answer": "no", "actions": {"owner": "Di", "status": "risk_accepted"}},
        },
        assessed_on="2025-11-20",
    )
    now = answers_for(
        mini,
        {
            ids[0]: {"answer": "no"},
            # Met now: finished, never carried.
            ids[1]: {"answer": "yes"},
            ids[2]: {"answer": "no"},
            ids[3]: {"answer": "no"},
        },
    )
    plan = action_plan(now, previous=last)
    assert plan.previous_on == date(2025, 11, 20)
    assert plan.done == (ids[1],)
    # The done action stays finished; the risk accepted one carries, never overdue.
    assert plan.carried == (ids[0], ids[3])
    first = plan.get(ids[0])
    assert first is not None and first.action.owner == "Ann"
    assert first.standing is Standing.OVERDUE and first.carried_from == date(2025, 11, 20)
    accepted = plan.get(ids[3])
    assert accepted is not None and accepted.standing is Standing.RISK_ACCEPTED
    assert plan.overdue == (ids[0],) and plan.get(ids[2]) is None


def test_this_year_s_own_action_replaces_last_year_s(mini: Checklist) -> None:
    first = next(iter(mini.requirements))
    last = answers_for(
        mini,
        {first: {"answer": "no", "actions": {"owner": "Ann", "target_date": "2026-01-31"}}},
        assessed_on="2025-11-20",
    )
    now = answers_for(
        mini, {first: {"answer": "no", "actions": {"owner": "Ann", "status": "done"}}}
    )
    plan = action_plan(now, previous=last)
    entry = plan.get(first)
    assert entry is not None and entry.standing is Standing.DONE and entry.carried_from is None
    assert plan.done == (first,) and plan.overdue == () and plan.carried == ()
