"""The gap report and the members' briefing, from answers files: read, score, write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

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
    *,
    replace: bool = False,
) -> str:
    """Write the gap report (marked OFFICIAL-SENSITIVE unless ``marking`` says otherwise) and
    return the sentence that says so; an existing file is replaced only with ``replace``."""
    from compliance_check.gap_report.workbook import write_gap_report
    from compliance_check.pages.labels import MARKING_SENSITIVE, RAG_LABEL, score_words

    write_gap_report(
        output, checklist, answers, assessment, marking or MARKING_SENSITIVE, replace=replace
    )
    return (
        f"Wrote {output}: overall score {score_words(assessment)}, rating "
        f"{RAG_LABEL[assessment.rag]}, {len(assessment.gaps)} items in the action plan."
    )


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
) -> str:
    """Score an answers file and write its gap report, with ``previous``'s open actions carried
    forward into the plan; the output is checked before anything is read. Returns the sentence
    that says what was written."""
    from compliance_check.pages.workbook import check_workbook_target

    check_workbook_target(output, replace=replace)
    (checklist, answers), chosen = load_assessment(
        answers_path, checklist_path, profile, max_bytes, warn
    )
    if previous is not None:
        from compliance_check.model.compare import carried_actions

        _, last = read_answers(previous, None, max_bytes)
        answers = answers.with_actions(carried_actions(last, answers))
    assessment = score(checklist, answers, chosen)
    return write_scored_report(output, checklist, answers, assessment, marking, replace=replace)
