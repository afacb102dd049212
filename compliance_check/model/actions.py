"""The action plan, worked out once: each item's action, where it stands on a date, and what
became of the previous assessment's open actions. Every output reads this. No I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from compliance_check.model.answers import Action, ActionStatus, AnswersFile
from compliance_check.model.checklist import Answer

_MET = (Answer.YES, Answer.NOT_APPLICABLE)


class Standing(StrEnum):
    """Where an action stands on the plan's date."""

    DONE = "done"  # by its status or a completion date, or the item's answer now meets it
    RISK_ACCEPTED = "risk_accepted"  # closed without doing it: never overdue
    OVERDUE = "overdue"  # open, and its target date has passed
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    NO_STATUS = "no_status"  # open, with no status given


def standing(action: Action, met: bool, as_of: date) -> Standing:
    """Where ``action`` stands on ``as_of``; ``met``: the item's answer has finished it."""
    if action.done or met:
        return Standing.DONE
    if action.status is ActionStatus.RISK_ACCEPTED:
        return Standing.RISK_ACCEPTED
    if action.target_date is not None and action.target_date < as_of:
        return Standing.OVERDUE
    if action.status is ActionStatus.IN_PROGRESS:
        return Standing.IN_PROGRESS
    if action.status is ActionStatus.NOT_STARTED:
        return Standing.NOT_STARTED
    return Standing.NO_STATUS


@dataclass(frozen=True)
class PlannedAction:
    """One item's action as the plan holds it."""

    requirement_id: str
    action: Action  # owner, target date, status, comment and date completed, as recorded
    standing: Standing
    carried_from: date | None = None  # the earlier assessment it is carried forward from

    @property
    def done(self) -> bool:
        """Finished: by its status, a completion date, or the item's answer."""
        return self.standing is Standing.DONE

    @property
    def overdue(self) -> bool:
        """Open past its target date."""
        return self.standing is Standing.OVERDUE


@dataclass(frozen=True)
class ActionPlan:
    """Every item's action on ``as_of``, and which of ``previous_on``'s open ones are done."""

    as_of: date
    entries: Mapping[str, PlannedAction] = field(default_factory=dict)
    previous_on: date | None = None
    done: tuple[str, ...] = ()  # open at the previous assessment, done now

    def get(self, requirement_id: str) -> PlannedAction | None:
        """The item's action, when the plan holds one."""
        return self.entries.get(requirement_id)

    @property
    def overdue(self) -> tuple[str, ...]:
        """The items whose action is open past its target date."""
        return tuple(rid for rid, entry in self.entries.items() if entry.overdue)

    @property
    def carried(self) -> tuple[str, ...]:
        """The items whose action is carried forward from the previous assessment."""
        return tuple(rid for rid, entry in self.entries.items() if entry.carried_from)

    @property
    def recorded(self) -> bool:
        """The plan holds an action, or one of the previous assessment's is done since."""
        return bool(self.entries or self.done)


def action_plan(
    answers: AnswersFile, as_of: date | None = None, previous: AnswersFile | None = None
) -> ActionPlan:
    """The plan of ``answers`` on ``as_of`` (default: its assessment date).

    The file's own actions come first. An action ``previous`` left unfinished is carried
    forward when the file has none for the item and does not meet it. One left open that the
    item now meets, or that the file now marks done, counts as done since.
    """
    on = as_of or answers.assessed_on
    entries: dict[str, PlannedAction] = {}
    done: list[str] = []
    for rid, response in (previous.responses if previous is not None else {}).items():
        action = response.actions
        if action is None or action.done:
            continue
        later = answers.responses.get(rid)
        met = later is not None and later.answer in _MET
        own = later.actions if later is not None else None
        if action.status is not ActionStatus.RISK_ACCEPTED and (met or (own and own.done)):
            done.append(rid)
        if own is None and not met:
            assert previous is not None
            carried = PlannedAction(rid, action, standing(action, False, on), previous.assessed_on)
            entries[rid] = carried
    for rid, response in answers.responses.items():
        if response.actions is not None:
            met = response.answer in _MET
            entries[rid] = PlannedAction(rid, response.actions, standing(response.actions, met, on))
    return ActionPlan(
        as_of=on,
        entries=entries,
        previous_on=previous.assessed_on if previous is not None else None,
        done=tuple(done),
    )
