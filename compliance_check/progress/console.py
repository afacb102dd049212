"""Rich renderables for the terminal: the comparison of two assessments."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from compliance_check.model.compare import Change, Comparison, ItemChange
from compliance_check.model.scoring import ItemResult
from compliance_check.pages.labels import (
    ANSWER_LABEL,
    CHANGE_LABEL,
    format_percent,
    like_for_like_sentence,
    plan_sentence,
)
from compliance_check.pages.layout import Layout, lines, plan_table, rag_text
from compliance_check.visible import visible


def format_change(value: float | None) -> str:
    """A change in percentage points with its sign, or 'n/a' when either side has no score."""
    return "n/a" if value is None else f"{value:+.1f} pts"


def _answer_in(item: ItemResult | None) -> str:
    # An item missing from one assessment has no answer there, which is not "not answered".
    return "—" if item is None else ANSWER_LABEL[item.answer]


def _points(change: float | None) -> str:
    if change is None:
        return "n/a"
    return "0" if change == 0 else f"{change:+g}"


def _side(then: str, now: str) -> str:
    return then if then == now else f"{then} → {now}"


def comparison_warnings(comparison: Comparison) -> list[str]:
    """What the user should know before trusting the comparison, one sentence each."""
    before, after = comparison.before, comparison.after
    warnings: list[str] = []
    if comparison.authority_differs:
        warnings.append(
            f"BEFORE is from {before.authority!r} and AFTER from {after.authority!r}: this "
            "compares two different authorities, not one authority's progress"
        )
    if comparison.dates_reversed:
        warnings.append(
            f"AFTER was assessed on {after.assessed_on}, before BEFORE ({before.assessed_on}); "
            "give the earlier file first if the files are the wrong way round"
        )
    if comparison.profile_differs:
        warnings.append(
            f"BEFORE covers profile {before.profile_id!r} and AFTER {after.profile_id!r}: the "
            "scores cover different items; pass --profile to compare the same items"
        )
    if regraded := comparison.regraded:
        ids = ", ".join(revision.requirement_id for revision in regraded)
        warnings.append(
            f"{len(regraded)} item(s) were re-graded between checklist v{before.checklist_version}"
            f" and v{after.checklist_version} ({ids}): part of the score change comes from the "
            "new weights, not from progress; they are listed apart"
        )
    return warnings


def comparison_overview(comparison: Comparison) -> Text:
    """Who, which checklist versions, when, and the overall score then and now."""
    before, after = comparison.before, comparison.after
    text = Text()
    text.append(_side(before.authority, after.authority), style="bold")
    text.append(
        f" — {after.checklist_title} "
        f"{_side('v' + before.checklist_version, 'v' + after.checklist_version)}, profile "
        f"{_side(before.profile_id, after.profile_id)}, assessed {before.assessed_on} → "
        f"{after.assessed_on}\n"
    )
    text.append("Overall score: ")
    text.append(f"{format_percent(before.score)} → {format_percent(after.score)}", style="bold")
    text.append(f" ({format_change(comparison.score_change)})   Rating: ")
    text.append_text(rag_text(before.rag))
    text.append(" → ")
    text.append_text(rag_text(after.rag))
    # Empty groups are left out to keep the line short, except the two everyone looks for.
    shown = [
        change
        for change in Change
        if comparison.count(change) or change in (Change.IMPROVED, Change.REGRESSED)
    ]
    text.append(
        "\n" + "   ".join(f"{CHANGE_LABEL[change]}: {comparison.count(change)}" for change in shown)
    )
    if like := like_for_like_sentence(comparison):
        text.append("\n" + like, style="bold")
    if comparison.actions.recorded:
        text.append("\n" + plan_sentence(comparison.actions))
    if comparison.no_change:
        text.append(
            f"\nNo change: every item has the same answer as on {before.assessed_on}.",
            style="bold",
        )
    return text


def section_change_table(comparison: Comparison) -> Table:
    """Each section's score then and now, with the change in percentage points."""
    table = Table(title="Sections", title_justify="left")
    table.add_column("Section")
    table.add_column("Then", justify="right")
    table.add_column("Now", justify="right")
    table.add_column("Change", justify="right")
    for section in comparison.sections:
        table.add_row(
            Text(f"{section.section_id} {section.title}"),
            format_percent(section.score_before),
            format_percent(section.score_after),
            format_change(section.change),
        )
    return table


def change_table(change: Change, items: tuple[ItemChange, ...]) -> Table:
    """The items of one group, ranked, with their answers then and now."""
    table = Table(title=f"{CHANGE_LABEL[change]} ({len(items)})", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Id")
    table.add_column("Priority")
    table.add_column("Title", ratio=1)
    table.add_column("Then")
    table.add_column("Now")
    table.add_column("Points", justify="right")
    for rank, item in enumerate(items, start=1):
        table.add_row(
            str(rank),
            item.requirement_id,
            item.priority.value,
            Text(item.title),
            _answer_in(item.before),
            _answer_in(item.after),
            _points(item.points_change),
        )
    return table


def _note(text: str | None) -> str:
    # A note keeps its line breaks; any other control character is shown, not obeyed.
    return "\n".join(visible(line) for line in (text or "—").split("\n"))


def notes_table(items: tuple[ItemChange, ...]) -> Table:
    """Notes that changed, side by side."""
    table = Table(title=f"Notes that changed ({len(items)})", title_justify="left")
    table.add_column("Id")
    table.add_column("Then", ratio=1)
    table.add_column("Now", ratio=1)
    for item in items:
        # Text, not str: a note is the user's words, and "[" in it must not be read as markup.
        table.add_row(
            item.requirement_id,
            Text(_note(item.note_before)),
            Text(_note(item.note_after)),
        )
    return table


def revision_table(comparison: Comparison) -> Table:
    """Items re-graded or re-worded between the two checklist versions, with their answers."""
    before, after = comparison.before, comparison.after
    table = Table(
        title=(
            f"Changed by the checklist, not by the council: v{before.checklist_version} → "
            f"v{after.checklist_version} ({len(comparison.revised)})"
        ),
        title_justify="left",
    )
    table.add_column("Id")
    table.add_column("Title", ratio=1)
    table.add_column("Priority")
    table.add_column("Wording")
    table.add_column("Then")
    table.add_column("Now")
    table.add_column("Why", ratio=2)
    answers = {item.requirement_id: item for item in comparison.items}
    for revision in comparison.revised:
        item = answers.get(revision.requirement_id)
        priority = revision.priority_after.value
        if revision.regraded:
            priority = f"{revision.priority_before.value} → {priority}"
        table.add_row(
            revision.requirement_id,
            Text(revision.title),
            priority,
            "re-worded" if revision.reworded else "same",
            _answer_in(item.before if item else None),
            _answer_in(item.after if item else None),
            Text(" ".join(revision.why)),
        )
    return table


def comparison_summary(comparison: Comparison, layout: Layout = Layout.TABLE) -> RenderableType:
    """The whole terminal view of a comparison; unchanged items are counted, not listed."""
    parts: list[RenderableType] = [
        comparison_overview(comparison),
        Text(),
        lines(section_change_table(comparison), layout),
    ]
    for change in Change:
        items = comparison.group(change)
        if items and change is not Change.UNCHANGED:
            parts += [Text(), lines(change_table(change, items), layout)]
    if comparison.notes_changed:
        parts += [Text(), lines(notes_table(comparison.notes_changed), layout)]
    if comparison.revised:
        parts += [Text(), lines(revision_table(comparison), layout)]
    if comparison.actions.entries:
        gaps = [item.requirement_id for item in comparison.after.gaps]
        parts += [Text(), lines(plan_table(comparison.actions, gaps), layout)]
    return Group(*parts)
