"""Rich renderables for the terminal: the score summary and the checklist tree."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from compliance_check.answers import AnswersFile
from compliance_check.checklist import Checklist, Priority, Profile
from compliance_check.reports.labels import ANSWER_LABEL, GAP_LABEL, RAG_LABEL, format_percent
from compliance_check.scoring import Assessment, GapKind, Rag

RAG_STYLE = {
    Rag.GREEN: "bold green",
    Rag.AMBER: "bold yellow",
    Rag.RED: "bold red",
    Rag.NOT_SCORED: "dim",
}


def rag_text(rag: Rag) -> Text:
    """The rating as a coloured word: the word carries the meaning, the colour helps."""
    return Text(RAG_LABEL[rag], style=RAG_STYLE[rag])


def section_table(assessment: Assessment) -> Table:
    """Score, gap and rating per section."""
    table = Table(title="Sections", title_justify="left", expand=False)
    table.add_column("Section")
    table.add_column("Items", justify="right")
    table.add_column("Score", justify="right")
    table.add_column("Gap", justify="right")
    table.add_column("RAG")
    for section in assessment.sections:
        table.add_row(
            f"{section.section_id} {section.title}",
            str(section.items),
            format_percent(section.score),
            format_percent(section.gap),
            rag_text(section.rag),
        )
    return table


def gap_table(assessment: Assessment, limit: int) -> Table:
    """The first ``limit`` gaps in action order, with the recommended action."""
    gaps = assessment.gaps
    shown = gaps[:limit]
    title = f"Top {len(shown)} of {len(gaps)} gaps, in action order"
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("Id")
    table.add_column("Priority")
    table.add_column("Answer")
    table.add_column("Gap")
    table.add_column("Action", ratio=1)
    for rank, item in enumerate(shown, start=1):
        table.add_row(
            str(rank),
            item.requirement_id,
            item.priority.value,
            ANSWER_LABEL[item.answer],
            GAP_LABEL[item.gap_kind],
            item.action,
        )
    return table


def overview(answers: AnswersFile, assessment: Assessment) -> Text:
    """Who, what, and the overall figures in a few lines."""
    text = Text()
    text.append(f"{answers.authority}", style="bold")
    text.append(
        f" — {assessment.checklist_title} v{assessment.checklist_version}, profile "
        f"{assessment.profile_id}, assessed {assessment.assessed_on}\n"
    )
    text.append("Overall score: ")
    text.append(format_percent(assessment.score), style="bold")
    text.append(f"   Gap to 100%: {format_percent(assessment.gap)}   Rating: ")
    text.append_text(rag_text(assessment.rag))
    text.append(
        f"\nCompliance gaps (no / partly): {assessment.count(GapKind.COMPLIANCE)}   "
        f"Assurance gaps (don't know): {assessment.count(GapKind.ASSURANCE)}   "
        f"Must items not met: {assessment.must_not_met}"
    )
    if not assessment.complete:
        text.append(
            f"\nIncomplete: {assessment.unanswered} of {len(assessment.items)} items are not "
            "answered yet and score 0.",
            style="bold",
        )
    elif assessment.compliant:
        text.append("\nFully compliant with every item in the profile.", style="bold green")
    return text


def score_summary(answers: AnswersFile, assessment: Assessment, top: int = 10) -> RenderableType:
    """The whole terminal summary of one assessment."""
    parts: list[RenderableType] = [overview(answers, assessment), Text(), section_table(assessment)]
    if assessment.gaps:
        parts += [Text(), gap_table(assessment, top)]
    return Group(*parts)


def checklist_tree(checklist: Checklist, profile: Profile) -> Tree:
    """The checklist's sections and requirements as a tree, marking must items."""
    selected = {requirement.id for requirement in checklist.in_profile(profile)}
    tree = Tree(
        Text.assemble(
            (checklist.title, "bold"),
            f" v{checklist.version} — {len(selected)} requirements, profile {profile.id}",
        )
    )
    for section in checklist.sections:
        members = [req for req in section.requirements if req.id in selected]
        if not members:
            continue
        branch = tree.add(Text(f"{section.id} {section.title} ({len(members)})", style="bold"))
        for requirement in members:
            label = Text(f"{requirement.id} ")
            label.append(
                requirement.priority.value.upper(),
                style="bold" if requirement.priority is Priority.MUST else "",
            )
            label.append(f"  {requirement.title}")
            if requirement.baseline is not None:
                label.append(
                    f"  [{requirement.baseline.year} sector: {requirement.baseline.percent_yes:g}% "
                    "yes]",
                    style="dim",
                )
            branch.add(label)
    return tree
