"""The JSON text every output writes: indented, characters as they are, a final newline."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from compliance_check.model.actions import ActionPlan


def render_json(data: dict[str, Any]) -> str:
    """Indented JSON text ending in a newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def plan_to_data(plan: ActionPlan) -> dict[str, Any]:
    """The action plan as every JSON output gives it: each action and where it stands."""
    return {
        "as_of": plan.as_of.isoformat(),
        "previous_assessed_on": plan.previous_on.isoformat() if plan.previous_on else None,
        "done": list(plan.done),  # open at the previous assessment, done now
        "overdue": list(plan.overdue),
        "carried_forward": list(plan.carried),
        "items": [
            {
                "id": entry.requirement_id,
                "owner": entry.action.owner,
                "target_date": _iso(entry.action.target_date),
                "status": entry.action.status.value if entry.action.status else None,
                "comment": entry.action.comment,
                "completed_on": _iso(entry.action.completed_on),
                "standing": entry.standing.value,
                "overdue": entry.overdue,
                "carried_from": _iso(entry.carried_from),
            }
            for entry in plan.entries.values()
        ],
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
