"""Words shown to people for the codes stored in files, shared by every report."""

from __future__ import annotations

from datetime import date

from compliance_check.model.actions import ActionPlan, PlannedAction, Standing
from compliance_check.model.answers import ActionStatus, AuthorityType, Role, RoleGroup
from compliance_check.model.checklist import Answer
from compliance_check.model.compare import Change, Comparison
from compliance_check.model.scoring import Assessment, GapKind, Rag

ANSWER_LABEL: dict[Answer | None, str] = {
    Answer.YES: "Yes",
    Answer.PARTLY: "Partly",
    Answer.NO: "No",
    Answer.DONT_KNOW: "Don't know",
    Answer.NOT_APPLICABLE: "Not applicable",
    None: "Not answered",
}

ACTION_STATUS_LABEL: dict[ActionStatus, str] = {
    ActionStatus.NOT_STARTED: "Not started",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.RISK_ACCEPTED: "Risk accepted",
}

STANDING_LABEL: dict[Standing, str] = {
    Standing.DONE: "Done",
    Standing.RISK_ACCEPTED: "Risk accepted",
    Standing.OVERDUE: "Overdue",
    Standing.IN_PROGRESS: "In progress",
    Standing.NOT_STARTED: "Not started",
    Standing.NO_STATUS: "No status",
}

GAP_LABEL: dict[GapKind | None, str] = {
    GapKind.COMPLIANCE: "Compliance gap",
    GapKind.ASSURANCE: "Assurance gap",
    GapKind.UNANSWERED: "Not answered",
    None: "",
}

RAG_LABEL: dict[Rag, str] = {
    Rag.GREEN: "GREEN",
    Rag.AMBER: "AMBER",
    Rag.RED: "RED",
    Rag.NOT_SCORED: "NOT SCORED",
}


# Words shown to people for each group, in the terminal and the workbook; JSON uses the codes.
CHANGE_LABEL: dict[Change, str] = {
    Change.IMPROVED: "Improved",
    Change.REGRESSED: "Regressed",
    Change.NEWLY_KNOWN: "Newly known",
    Change.STILL_OPEN: "Still open",
    Change.NEWLY_NOT_APPLICABLE: "Newly not applicable",
    Change.NO_LONGER_NOT_APPLICABLE: "No longer not applicable",
    Change.UNCHANGED: "Unchanged",
    Change.ADDED: "Added (only in AFTER)",
    Change.REMOVED: "Removed (only in BEFORE)",
}


# Protective markings (Government Security Classifications) printed on every page: a council's
# own gaps and a regional body's respondent details are sensitive; a published cohort is not.
MARKING_SENSITIVE = "OFFICIAL-SENSITIVE"
MARKING_PUBLIC = "OFFICIAL"

ROLE_LABEL = {
    Role.CHIEF_EXECUTIVE: "Chief executive",
    Role.SENIOR_CORPORATE_OFFICER: "Senior corporate officer",
    Role.ELECTED_MEMBER: "Elected member",
    Role.HEAD_OF_IT: "Head of IT",
    Role.IT_STAFF: "IT staff",
    Role.DEPARTMENTAL_MANAGER: "Departmental manager",
    Role.DEPARTMENTAL_STAFF: "Departmental staff",
    Role.INFORMATION_GOVERNANCE: "Information governance",
    Role.OTHER: "Other",
}
ROLE_GROUP_LABEL = {
    RoleGroup.LEADERSHIP: "Leadership",
    RoleGroup.TECHNOLOGY: "Technology",
    RoleGroup.DEPARTMENTAL: "Departmental",
    RoleGroup.INFORMATION_GOVERNANCE: "Information governance",
    RoleGroup.OTHER: "Other",
}
AUTHORITY_TYPE_LABEL = {
    AuthorityType.COUNTY: "County council",
    AuthorityType.DISTRICT: "District council",
    AuthorityType.UNITARY: "Unitary authority",
    AuthorityType.METROPOLITAN: "Metropolitan borough",
    AuthorityType.LONDON_BOROUGH: "London borough",
    AuthorityType.WELSH_UNITARY: "Welsh unitary authority",
    AuthorityType.SCOTTISH: "Scottish council",
    AuthorityType.NORTHERN_IRELAND: "Northern Ireland council",
    AuthorityType.OTHER: "Other",
}


def format_percent(value: float | None) -> str:
    """A percentage to one decimal place, or 'n/a' when nothing could be scored."""
    return "n/a" if value is None else f"{value:.1f}%"


def round_figure(value: float | None) -> float | None:
    """The precision every report shows figures at, so they agree with each other."""
    return None if value is None else round(value, 2)


def score_words(assessment: Assessment) -> str:
    """The overall score; an incomplete one says so, with the score over the answered items."""
    figure = format_percent(assessment.score)
    if assessment.complete:
        return figure
    answered = len(assessment.items) - assessment.unanswered
    return (
        f"{figure} (incomplete; {format_percent(assessment.answered_score)} over the "
        f"{answered} answered item{'' if answered == 1 else 's'})"
    )


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` and the noun agreeing with it: '1 item', '3 items'."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def day_text(day: date) -> str:
    """19 Nov 2025: the dates of the action plan, the same in every output."""
    return f"{day.day} {day:%b} {day.year}"


def standing_words(entry: PlannedAction) -> str:
    """Where an action stands, worded alike in every output: 'Overdue', 'Done 14 May 2026',
    'In progress; carried forward from 19 Nov 2025'."""
    words = STANDING_LABEL[entry.standing]
    completed = entry.action.completed_on
    if entry.done and completed is not None:
        words += f" {day_text(completed)}"
    if entry.carried_from is not None:
        words += f"; carried forward from {day_text(entry.carried_from)}"
    return words


def plan_sentence(plan: ActionPlan) -> str:
    """The action plan in one sentence, the same in every output that has a plan."""
    if plan.previous_on is not None:
        parts = [f"{plural(len(plan.done), 'action')} done since {day_text(plan.previous_on)}"]
    else:
        done = sum(1 for entry in plan.entries.values() if entry.done)
        parts = [f"{done} of {plural(len(plan.entries), 'action')} done"]
    parts.append(f"{len(plan.overdue)} overdue")
    if plan.carried:
        parts.append(f"{len(plan.carried)} carried forward")
    return f"Action plan on {day_text(plan.as_of)}: {', '.join(parts)}."


def points_text(change: float | None) -> str:
    """A change in percentage points with its sign, to one decimal: '+8.0', '-2.5', 'n/a'."""
    return "n/a" if change is None else f"{change:+.1f}"


def like_for_like_sentence(comparison: Comparison) -> str | None:
    """Across checklist versions, the like-for-like change and the headline's two parts, in
    the words every output uses; None within one version."""
    like = comparison.like_for_like
    if like is None:
        return None
    return (
        f"Like for like (the {like.items} items both versions hold, both scored under "
        f"v{like.version}): {format_percent(like.before)} → {format_percent(like.after)} "
        f"({points_text(like.change)} points). Of the headline's "
        f"{points_text(comparison.score_change)} points, the council's change is "
        f"{points_text(comparison.council_change)} and the checklist's change "
        f"{points_text(comparison.checklist_change)}."
    )
