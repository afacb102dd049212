"""The stable JSON form of a cohort (``batch --json``): every figure of the cohort workbook."""

from __future__ import annotations

from collections import Counter
from typing import Any

from compliance_check import __version__
from compliance_check.cohort.records import ROLE_GROUPS
from compliance_check.cohort.stats import AuthorityStats, CohortResult, RequirementStats
from compliance_check.cohort.tables import band_label, histogram_bands
from compliance_check.model.baselines import as_json
from compliance_check.model.checklist import Answer
from compliance_check.pages.labels import round_figure
from compliance_check.visible import visible

FORMAT = "compliance-check/cohort"
# 1.1 added published, min_authorities, rejected_by_reason and conflicts_count; 1.2
# authorities_named (published, authorities are listed only when named, with scores only),
# identity_conflicts and identity_conflicts_by_reason.
FORMAT_VERSION = "1.2"


def _answer_key(answer: Answer | None) -> str:
    return "unanswered" if answer is None else answer.value


def _requirement(item: RequirementStats, rank: int) -> dict[str, Any]:
    return {
        "rank": rank,
        "id": item.id,
        "section": item.section_id,
        "title": item.title,
        "priority": item.priority.value,
        "asked": item.asked,
        "hidden": item.hidden,
        "counts": None
        if item.counts is None
        else {_answer_key(answer): n for answer, n in item.counts.items()},
        "percents": None
        if item.percents is None
        else {_answer_key(answer): round_figure(p) for answer, p in item.percents.items()},
        "percent_not_met": round_figure(item.percent_not_met),
        "checklist_versions": list(item.versions),
        "wording_version": item.wording_version,
        "baseline": None if item.baseline is None else as_json(item.baseline),
        "change": round_figure(item.change),
        "roles": {
            group.value: {
                "respondents": figure.respondents,
                "percent_yes": round_figure(figure.percent_yes),
                "hidden": figure.hidden,
            }
            for group, figure in item.roles.items()
        },
        "disconnect": round_figure(item.disconnect),
        "disconnect_flagged": item.disconnect_flagged,
    }


# What a published cohort gives of a named authority: its score and rating, never its controls.
PUBLISHED_AUTHORITY_KEYS = ("name", "code", "type", "respondents", "hidden", "score", "gap", "rag")


def _authority(result: CohortResult, authority: AuthorityStats) -> dict[str, Any]:
    row = {
        "name": authority.name,
        "code": authority.code,
        "type": authority.authority_type,
        "respondents": authority.respondents,
        "hidden": authority.hidden,
        "score": round_figure(authority.score),
        "gap": round_figure(authority.gap),
        "rag": None if authority.hidden else authority.rag.value,
        "must_not_met": authority.must_not_met,
        "compliance_gaps": authority.compliance_gaps,
        "assurance_gaps": authority.assurance_gaps,
        "overdue_actions": authority.overdue_actions,
        "sections": {
            section_id: round_figure(value)
            for (section_id, _), value in zip(result.sections, authority.sections, strict=True)
        },
        "lowest_answers": {
            rid: None if answer is None else answer.value
            for rid, answer in authority.lowest.items()
        },
        "gaps": [
            {"id": rid, "lowest_answer": _answer_key(answer)} for rid, answer in authority.gaps
        ],
        "items_compared": authority.compared,
        "items_differing": list(authority.differing),
        "percent_differing": round_figure(authority.percent_differing),
        "below_threshold": None if authority.hidden else authority.below_threshold,
    }
    if result.published:
        return {key: row[key] for key in PUBLISHED_AUTHORITY_KEYS}
    return row


def cohort_to_data(result: CohortResult) -> dict[str, Any]:
    """Every figure the cohort workbook shows, as plain data; hidden figures are null.

    Published, it holds no respondent and no file name: rejected files are counted by reason;
    authorities only when named, each with its score and rating.
    """
    view = result.overview
    ranks = {item.id: rank for rank, item in enumerate(result.ranked, start=1)}
    uncounted = result.uncounted
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tool_version": __version__,
        "checklist": {
            "id": result.checklist_id,
            "title": result.checklist_title,
            "versions": list(result.versions),
            "regraded_between_versions": sorted(result.regraded),
        },
        "profile": result.profile_id,
        "published": result.published,
        "min_group": result.min_group,
        "min_authorities": result.min_authorities,
        "counts": {
            "files": view.files,
            "scored": view.scored,
            "rejected": view.rejected,
            "duplicates": view.duplicates,
            "conflicting": view.conflicting,
            "respondents": view.respondents,
            "authorities": view.authorities,
        },
        "scores": {
            "hidden": view.hidden,
            # The mean and median are over respondents, not authorities.
            "over": "respondents",
            "respondents": view.respondents,
            "mean": round_figure(view.mean),
            "median": round_figure(view.median),
            "min": round_figure(view.minimum),
            "max": round_figure(view.maximum),
            "fully_compliant": view.fully_compliant,
            "percent_fully_compliant": round_figure(view.percent_fully_compliant),
            "histogram": [
                {
                    "band": band_label(band),
                    "from": band.low,
                    "to": band.high,
                    "respondents": None if view.histogram is None else band.respondents,
                }
                for band in histogram_bands(result)
            ],
        },
        "survey_2009": [
            {
                "id": item.id,
                "title": item.title,
                "figure_from_version": item.wording_version,
                "baseline": None if item.baseline is None else as_json(item.baseline),
                "cohort_same_measure": round_figure(item.survey_share),
                "percent_yes": round_figure(item.percent_yes),
                "change": round_figure(item.change),
                "hidden": item.hidden,
            }
            for item in result.survey_items
        ],
        "sections": [{"id": section_id, "title": title} for section_id, title in result.sections],
        "role_respondents": {group.value: result.role_respondents[group] for group in ROLE_GROUPS},
        "requirements": [_requirement(item, ranks[item.id]) for item in result.requirements],
        "authorities_named": result.authorities_shown,
        "authorities": [_authority(result, authority) for authority in result.authorities]
        if result.authorities_shown
        else [],
        # Counts only: a published cohort names no signer.
        "sign_offs": {standing.value: count for standing, count in result.sign_offs.items()},
        "respondents_hidden": result.respondents_hidden,
        "respondents": []
        if result.respondents_hidden
        else [
            {
                "file": visible(record.path),
                "authority": record.authority,
                "authority_code": record.authority_code,
                "authority_type": record.authority_type,
                "respondent": record.name,
                "role": record.role.value,
                "role_group": record.role_group.value,
                "assessed_on": record.assessed_on,
                "checklist_version": record.version,
                "profile": record.profile,
                "score": round_figure(record.score),
                "gap": round_figure(record.gap),
                "rag": record.rag.value,
                "compliant": record.compliant,
                "unanswered": record.unanswered,
                "compliance_gaps": record.compliance_gaps,
                "assurance_gaps": record.assurance_gaps,
                "must_not_met": record.must_not_met,
                "sign_off": record.sign_off.value,
                "signed_by": record.signed_by,
                "counted": record.path not in uncounted,
                "duplicate_of": _shown(result.duplicate_of.get(record.path)),
            }
            for record in result.scored
        ],
        "rejected": []
        if result.published
        else [{"file": visible(item.path), "reason": item.reason} for item in result.rejected],
        "rejected_by_reason": dict(Counter(item.kind.value for item in result.rejected)),
        "identity_conflicts": []
        if result.published
        else [
            {
                "reason": conflict.reason.value,
                "subject": conflict.subject.value,
                "label": conflict.label,
                "names": list(conflict.names),
                "codes": list(conflict.codes),
                "files": [visible(path) for path in conflict.files],
                "message": conflict.message,
            }
            for conflict in result.identity_conflicts
        ],
        "identity_conflicts_by_reason": dict(
            Counter(conflict.reason.value for conflict in result.identity_conflicts)
        ),
        "conflict_policy": result.conflict_policy.value,
        "conflicts_count": len(result.conflicts),
        "conflicts": []
        if result.published
        else [
            {
                "role": conflict.first.role.value,
                "assessed_on": conflict.first.assessed_on,
                "files": [
                    {
                        "file": visible(record.path),
                        "authority": record.authority,
                        "authority_code": record.authority_code,
                        "respondent": record.name,
                        "score": round_figure(record.score),
                    }
                    for record in conflict.files
                ]
                if not result.respondents_hidden
                else [],
                "counted": None if result.respondents_hidden else _shown(conflict.counted),
            }
            for conflict in result.conflicts
        ],
    }


def _shown(path: str | None) -> str | None:
    return None if path is None else visible(path)
