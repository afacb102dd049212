"""The cohort in a few lines for the terminal (``batch`` prints it whatever else it writes)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from compliance_check.cohort.records import DISCONNECT_FLAG
from compliance_check.cohort.stats import CohortResult
from compliance_check.cohort.tables import (
    HIDDEN,
    Kind,
    overview_figures,
    profile_text,
    version_text,
)
from compliance_check.pages.labels import format_percent

MOST_NOT_MET = 5


def _shown(value: object, kind: Kind) -> Text:
    # Text, not str: a plain string in a table is read as Rich markup, and "[c]" would vanish.
    if value is None:
        return Text("n/a")
    if kind is Kind.PERCENT and isinstance(value, int | float):
        return Text(format_percent(value))
    return Text(str(value))


def cohort_summary(result: CohortResult) -> RenderableType:
    """The headline figures, the items most often not met, and the disconnect."""
    figures = Table(show_header=False, box=None, pad_edge=False)
    figures.add_column("Figure")
    figures.add_column("Value", justify="right")
    for label, value, kind in overview_figures(result):
        figures.add_row(label, _shown(value, kind))
    parts: list[RenderableType] = [
        Text(f"{version_text(result)}; profile: {profile_text(result)}", style="bold"),
        figures,
    ]
    worst = [item for item in result.ranked if item.percent_not_met is not None][:MOST_NOT_MET]
    if worst:
        listed = ", ".join(f"{item.id} {format_percent(item.percent_not_met)}" for item in worst)
        parts.append(Text(f"Most often not met: {listed}"))
    flagged = sum(item.disconnect_flagged for item in result.requirements)
    parts.append(
        Text(
            f"Leadership and departmental % yes differ by {DISCONNECT_FLAG:g} points or more on "
            f"{flagged} of {len(result.requirements)} items."
        )
    )
    if result.rule.active:
        parts.append(
            Text(
                f"{HIDDEN}: withheld to protect respondents: fewer than {result.min_group} behind "
                "it, or it could be worked out from the totals (the Method sheet says more)."
            )
        )
    return Group(*parts)


def cohort_warnings(result: CohortResult) -> list[str]:
    """What the user should know about the files counted."""
    warnings = [conflict.message for conflict in result.identity_conflicts]
    duplicates = len(result.duplicate_of)
    if duplicates:
        files = "file" if duplicates == 1 else "files"
        warnings.append(
            f"{duplicates} duplicate {files} not counted (same authority, respondent, role, date "
            "and answers: counted once); the Respondents sheet and the JSON list them"
        )
    return warnings


def conflict_lines(result: CohortResult) -> list[str]:
    """One line per conflict: the files of one respondent that give different answers."""
    lines = []
    for conflict in result.conflicts:
        files = ", ".join(conflict.paths)
        if conflict.counted is None:
            outcome = "none counted"
        else:
            outcome = f"counted {conflict.counted} (--on-conflict lowest)"
        first = conflict.first
        lines.append(
            f"{first.authority}, {first.name or 'no name'}, {first.role.value}, "
            f"{first.assessed_on}: {len(conflict.paths)} files with different answers "
            f"({files}); {outcome}"
        )
    return lines


def unsettled_line(result: CohortResult) -> str:
    """Why conflicts make the run exit 3, and the way out."""
    count = len(result.conflicts)
    conflicts = "conflict" if count == 1 else "conflicts"
    return (
        f"{count} {conflicts} left unsettled, listed on the Conflicts sheet and in the JSON: "
        "settle them with the authorities, or choose --on-conflict omit or lowest"
    )


def below_threshold_line(result: CohortResult, fail_under: float) -> str:
    """The authorities under --fail-under, with their scores unless hidden."""
    below = result.below_threshold
    named = [
        authority.name
        if authority.hidden
        else f"{authority.name} ({format_percent(authority.score)})"
        for authority in below
        # Published, a withheld authority is not even said to be below.
        if not (result.published and authority.hidden)
    ]
    withheld = len(below) - len(named)
    if withheld:
        named.append(f"{withheld} withheld {'authority' if withheld == 1 else 'authorities'}")
    return f"Below --fail-under {fail_under:g}%: {', '.join(named)}."
