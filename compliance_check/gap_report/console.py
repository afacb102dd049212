"""Rich renderables for the terminal: the score summary and the checklist tree."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from compliance_check.model.actions import ActionPlan, action_plan
from compliance_check.model.answers import AnswersFile
from compliance_check.model.baselines import (
    TIER_WORDS,
    brief,
    population_words,
    provisions_words,
)
from compliance_check.model.checklist import NATION_NAMES, Checklist, Priority, Profile
from compliance_check.model.evidence import yes_evidence_sentence
from compliance_check.model.scoring import Assessment, GapKind, ItemResult, SectionScore
from compliance_check.pages.labels import (
    ANSWER_LABEL,
    GAP_LABEL,
    RAG_LABEL,
    format_percent,
    score_words,
)
from compliance_check.pages.layout import Layout, lines, plan_table, rag_text


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


def section_line(section: SectionScore) -> str:
    """One section in words: "GOV Governance: 50.0%, RED, 4 of 9 met"."""
    line = (
        f"{section.section_id} {section.title}: {format_percent(section.score)}, "
        f"{RAG_LABEL[section.rag]}, {section.met} of {section.items} met"
    )
    unanswered = section.items - section.answered
    return line + (f", {unanswered} not answered" if unanswered else "")


def gap_line(rank: int, item: ItemResult) -> str:
    """One gap in words: rank, id, title, priority, answer, kind of gap, then the action."""
    return (
        f"{rank}. {item.requirement_id} {item.title} ({item.priority.value}), "
        f"{ANSWER_LABEL[item.answer]}, {GAP_LABEL[item.gap_kind].lower()}: {item.action}"
    )


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
    text.append(score_words(assessment), style="bold")
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


def completeness(assessment: Assessment) -> str:
    """Whether every question has an answer, in words."""
    total = len(assessment.items)
    if assessment.complete:
        return f"Complete: all {total} questions answered."
    return f"Incomplete: {assessment.unanswered} of {total} questions not answered yet."


def headline(assessment: Assessment) -> list[str]:
    """What a reader needs at the end: score, rating, complete or not, must items not met."""
    said = [
        f"Overall score: {score_words(assessment)}, rating {RAG_LABEL[assessment.rag]}.",
        f"{completeness(assessment)} Must items not met: {assessment.must_not_met}.",
    ]
    if assessment.proposed:
        said.append(
            f"{len(assessment.proposed)} proposed, not yet confirmed: carried across from "
            "another checklist, not scored until you confirm them with assess --review."
        )
    if assessment.not_in_nation and assessment.nation is not None:
        said.append(
            f"Not scored in {NATION_NAMES[assessment.nation]}, where they do not apply: "
            f"{', '.join(assessment.not_in_nation)}."
        )
    return said


def score_summary(
    answers: AnswersFile,
    assessment: Assessment,
    top: int = 10,
    layout: Layout = Layout.TABLE,
    plan: ActionPlan | None = None,
) -> RenderableType:
    """The whole terminal summary of one assessment, the headline repeated last; with the
    action plan's entries for the gaps (``plan``, default: the file's own on its date)."""
    parts: list[RenderableType] = [overview(answers, assessment), Text()]
    if (evidence := yes_evidence_sentence(assessment.evidence_ages())) is not None:
        parts += [Text(evidence), Text()]
    sections = [section_line(section) for section in assessment.sections]
    parts.append(lines(section_table(assessment), layout, custom=sections))
    if assessment.gaps:
        shown = [gap_line(rank, item) for rank, item in enumerate(assessment.gaps[:top], 1)]
        parts += [Text(), lines(gap_table(assessment, top), layout, custom=shown)]
    plan = plan or action_plan(answers)
    if plan.entries:
        gaps = [item.requirement_id for item in assessment.gaps]
        parts += [Text(), lines(plan_table(plan, gaps), layout)]
    return Group(*parts)


def checklist_tree(
    checklist: Checklist, profile: Profile, layout: Layout = Layout.TABLE
) -> RenderableType:
    """The checklist's sections and requirements as a tree, marking must items.

    Outside the boxed layout the tree is indented lines: guide lines are read aloud.
    """
    selected = {requirement.id for requirement in checklist.in_profile(profile)}
    heading = Text.assemble(
        (checklist.title, "bold"),
        f" v{checklist.version} — {len(selected)} requirements, profile {profile.id}",
    )
    tree = Tree(heading)
    indented: list[RenderableType] = [heading]
    for section in checklist.sections:
        members = [req for req in section.requirements if req.id in selected]
        if not members:
            continue
        title = Text(f"{section.id} {section.title} ({len(members)})", style="bold")
        branch = tree.add(title)
        indented.append(title)
        for requirement in members:
            label = Text(f"{requirement.id} ")
            label.append(
                requirement.priority.value.upper(),
                style="bold" if requirement.priority is Priority.MUST else "",
            )
            label.append(f"  {requirement.title}")
            if requirement.baseline is not None:
                baseline = requirement.baseline
                label.append(
                    f"  [{baseline.year}: {brief(baseline)}; {population_words(baseline)}]",
                    style="dim",
                )
            leaf = branch.add(label)
            indented.append(Text("  ") + label)
            named = provisions_words(requirement)
            for said in (
                f"{TIER_WORDS[requirement.tier]}: {requirement.basis}"
                if requirement.tier
                else None,
                f"provisions: {named}" if named else None,
            ):
                if said is not None:
                    leaf.add(Text(said, "dim"))
                    indented.append(Text("    " + said, "dim"))
    return tree if layout is Layout.TABLE else Group(*indented)
