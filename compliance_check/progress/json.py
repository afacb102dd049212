"""The stable JSON form of a comparison of two assessments (``compare --format json``)."""

from __future__ import annotations

from typing import Any

from compliance_check import __version__
from compliance_check.model.compare import Change, Comparison, ItemChange, LikeForLike
from compliance_check.model.scoring import Assessment
from compliance_check.pages.json import plan_to_data
from compliance_check.pages.labels import round_figure

COMPARISON_FORMAT = "compliance-check/comparison"
COMPARISON_FORMAT_VERSION = "1.0"


def _assessment_header(assessment: Assessment) -> dict[str, Any]:
    return {
        "checklist": {
            "id": assessment.checklist_id,
            "version": assessment.checklist_version,
            "title": assessment.checklist_title,
        },
        "profile": {"id": assessment.profile_id, "title": assessment.profile_title},
        "authority": assessment.authority,
        "assessed_on": assessment.assessed_on,
        "score": round_figure(assessment.score),
        "rag": assessment.rag.value,
        "earned": assessment.earned,
        "possible": assessment.possible,
        "items": len(assessment.items),
        "unanswered": assessment.unanswered,
    }


def _item_change(rank: int, item: ItemChange) -> dict[str, Any]:
    return {
        "rank": rank,
        "id": item.requirement_id,
        "section": item.section_id,
        "title": item.title,
        "priority": item.priority.value,
        "change": item.change.value,
        "in_before": item.before is not None,
        "in_after": item.after is not None,
        "answer_before": item.answer_before.value if item.answer_before else None,
        "answer_after": item.answer_after.value if item.answer_after else None,
        "earned_before": item.before.earned if item.before else None,
        "earned_after": item.after.earned if item.after else None,
        "points_change": item.points_change,
        "note_before": item.note_before,
        "note_after": item.note_after,
        "note_changed": item.note_changed,
    }


def _like_for_like(like: LikeForLike | None) -> dict[str, Any] | None:
    if like is None:
        return None
    return {
        "scored_under_version": like.version,
        "items": like.items,
        "before": round_figure(like.before),
        "after": round_figure(like.after),
        "change": round_figure(like.change),
    }


def comparison_to_data(comparison: Comparison) -> dict[str, Any]:
    """Every figure of the terminal comparison, as plain data with a stable shape.

    Every group is present (empty or not), its items ranked as the terminal lists them.
    """
    return {
        "format": COMPARISON_FORMAT,
        "format_version": COMPARISON_FORMAT_VERSION,
        "tool_version": __version__,
        "before": _assessment_header(comparison.before),
        "after": _assessment_header(comparison.after),
        "warnings": {
            "authority_differs": comparison.authority_differs,
            "dates_reversed": comparison.dates_reversed,
            "profile_differs": comparison.profile_differs,
        },
        "version_changed": comparison.version_changed,
        "no_change": comparison.no_change,
        "regressed": comparison.regressed,
        "actions": plan_to_data(comparison.actions),
        "score": {
            "before": round_figure(comparison.before.score),
            "after": round_figure(comparison.after.score),
            "change": round_figure(comparison.score_change),
            "rag_before": comparison.before.rag.value,
            "rag_after": comparison.after.rag.value,
            # Across checklist versions: both scored under the newer over the items both hold.
            "like_for_like": _like_for_like(comparison.like_for_like),
            "council_change": round_figure(comparison.council_change),
            "checklist_change": round_figure(comparison.checklist_change),
        },
        "sections": [
            {
                "id": section.section_id,
                "title": section.title,
                "before": round_figure(section.score_before),
                "after": round_figure(section.score_after),
                "change": round_figure(section.change),
            }
            for section in comparison.sections
        ],
        "counts": {change.value: comparison.count(change) for change in Change},
        "groups": {
            change.value: [
                _item_change(rank, item)
                for rank, item in enumerate(comparison.group(change), start=1)
            ]
            for change in Change
        },
        "notes_changed": [item.requirement_id for item in comparison.notes_changed],
        "revised_between_versions": [
            {
                "id": revision.requirement_id,
                "title": revision.title,
                "priority_before": revision.priority_before.value,
                "priority_after": revision.priority_after.value,
                "regraded": revision.regraded,
                "reworded": revision.reworded,
                "why": list(revision.why),
            }
            for revision in comparison.revised
        ],
    }
