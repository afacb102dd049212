"""The stable JSON form of a scored assessment (``score --format json``)."""

from __future__ import annotations

from typing import Any

from compliance_check import __version__
from compliance_check.model.actions import ActionPlan, action_plan
from compliance_check.model.answers import AnswersFile
from compliance_check.model.checklist import Answer, Checklist
from compliance_check.model.scoring import Assessment, GapKind
from compliance_check.pages.json import plan_to_data
from compliance_check.pages.labels import round_figure

FORMAT = "compliance-check/assessment"
FORMAT_VERSION = "1.0"


def assessment_to_data(
    checklist: Checklist,
    answers: AnswersFile,
    assessment: Assessment,
    plan: ActionPlan | None = None,
) -> dict[str, Any]:
    """Every figure the terminal summary shows, as plain data with a stable shape; with the
    action plan (``plan``, default: the file's own on its date)."""
    answer_counts = {answer.value: 0 for answer in Answer}
    for item in assessment.items:
        if item.answer is not None:
            answer_counts[item.answer.value] += 1
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tool_version": __version__,
        "checklist": {
            "id": checklist.id,
            "version": checklist.version,
            "title": checklist.title,
            "sha256": checklist.content_sha256,
        },
        "profile": {"id": assessment.profile_id, "title": assessment.profile_title},
        "authority": answers.authority,
        "authority_type": answers.authority_type.value if answers.authority_type else None,
        "respondent_role": answers.respondent.role.value,
        "assessed_on": assessment.assessed_on,
        "score": round_figure(assessment.score),
        "gap": round_figure(assessment.gap),
        "rag": assessment.rag.value,
        "compliant": assessment.compliant,
        "complete": assessment.complete,
        "answered_score": round_figure(assessment.answered_score),
        "nation": assessment.nation.value if assessment.nation else None,
        "not_in_nation": list(assessment.not_in_nation),
        "proposed_not_confirmed": list(assessment.proposed),
        "earned": assessment.earned,
        "possible": assessment.possible,
        # Beside the score, not part of it: what the yes answers rest on, at the assessment date.
        "yes_evidence": {age.value: count for age, count in assessment.evidence_ages().items()},
        "counts": {
            "items": len(assessment.items),
            "answered": len(assessment.items) - assessment.unanswered,
            "unanswered": assessment.unanswered,
            **answer_counts,
            "compliance_gaps": assessment.count(GapKind.COMPLIANCE),
            "assurance_gaps": assessment.count(GapKind.ASSURANCE),
            "must_not_met": assessment.must_not_met,
        },
        "sections": [
            {
                "id": section.section_id,
                "title": section.title,
                "items": section.items,
                "answered": section.answered,
                "earned": section.earned,
                "possible": section.possible,
                "score": round_figure(section.score),
                "gap": round_figure(section.gap),
                "rag": section.rag.value,
            }
            for section in assessment.sections
        ],
        "actions": plan_to_data(plan or action_plan(answers)),
        "gaps": [
            {
                "rank": rank,
                "id": item.requirement_id,
                "section": item.section_id,
                "title": item.title,
                "priority": item.priority.value,
                "answer": item.answer.value if item.answer else None,
                "kind": item.gap_kind.value if item.gap_kind else None,
                "points_lost": item.lost,
                "action": item.action,
                "note": item.note,
            }
            for rank, item in enumerate(assessment.gaps, start=1)
        ],
        "items": [
            {
                "id": item.requirement_id,
                "section": item.section_id,
                "title": item.title,
                "priority": item.priority.value,
                "weight": item.weight,
                "answer": item.answer.value if item.answer else None,
                "earned": item.earned,
                "possible": item.possible,
                "note": item.note,
                "evidence": [entry.reference for entry in item.evidence],
                "evidence_dates": [
                    {
                        "dated": entry.dated.isoformat() if entry.dated else None,
                        "review_by": entry.review_by.isoformat() if entry.review_by else None,
                    }
                    for entry in item.evidence
                ],
                "evidence_age": item.evidence_age.value if item.evidence_age else None,
            }
            for item in assessment.items
        ],
    }
