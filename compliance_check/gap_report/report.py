"""The gap report and the members' briefing, from answers files: read, score, write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from compliance_check.model.actions import ActionPlan, action_plan
from compliance_check.model.scoring import Assessment, score
from compliance_check.questionnaire.loading import load_assessment, read_answers

if TYPE_CHECKING:
    from compliance_check.model.answers import AnswersFile
    from compliance_check.model.checklist import Checklist


def write_scored_report(
    output: Path,
    checklist: Checklist,
    answers: AnswersFile,
    assessment: Assessment,
    marking: str | None = None,
    plan: ActionPlan | None = None,
    *,
    replace: bool = False,
) -> str:
    """Write the gap report (marked OFFICIAL-SENSITIVE unless ``marking`` says otherwise) and
    return the sentences that say so; an existing file is replaced only with ``replace``.
    ``plan``: the action plan (default: the file's own)."""
    from compliance_check.gap_report.workbook import write_gap_report
    from compliance_check.pages.labels import (
        MARKING_SENSITIVE,
        RAG_LABEL,
        plan_sentence,
        score_words,
    )

    plan = plan or action_plan(answers)
    write_gap_report(
        output,
        checklist,
        answers,
        assessment,
        marking or MARKING_SENSITIVE,
        plan=plan,
        replace=replace,
    )
    said = (
        f"Wrote {output}: overall score {score_words(assessment)}, rating "
        f"{RAG_LABEL[assessment.rag]}, {len(assessment.gaps)} items in the action plan."
    )
    return f"{said} {plan_sentence(plan)}" if plan.recorded else said


def write_report(
    answers_path: Path,
    output: Path,
    *,
    checklist_path: Path | None,
    profile: str | None,
    previous: Path | None,
    max_bytes: int,
    marking: str | None,
    replace: bool,
    warn: Callable[[str], None],
    today: date | None = None,
) -> str:
    """Score an answers file and write its gap report, with ``previous``'s open actions carried
    forward into the plan as it stands ``today`` (default: the day it runs); the output is
    checked before anything is read. Returns the sentences that say what was written."""
    from compliance_check.pages.workbook import check_workbook_target

    check_workbook_target(
        output,
        writing="a gap report",
        replace=replace,
        inputs=(answers_path, previous, checklist_path),
    )
    (checklist, answers), chosen = load_assessment(
        answers_path, checklist_path, profile, max_bytes, warn
    )
    last = read_answers(previous, None, max_bytes)[1] if previous is not None else None
    plan = action_plan(answers, today or date.today(), previous=last)
    assessment = score(checklist, answers, chosen)
    return write_scored_report(
        output, checklist, answers, assessment, marking, plan, replace=replace
    )
