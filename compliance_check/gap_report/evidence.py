"""The gap report's Evidence to check sheet: yes answers on stale evidence or none, for audit."""

from __future__ import annotations

from collections.abc import Iterator

from openpyxl import Workbook

from compliance_check.model.evidence import CURRENT_MONTHS, EvidenceAge
from compliance_check.model.scoring import Assessment, ItemResult
from compliance_check.pages.workbook import (
    DATE_FORMAT,
    CellValue,
    Column,
    Letterhead,
    Notes,
    table_sheet,
)

EVIDENCE_TO_CHECK = "Evidence to check"
EVIDENCE_COLUMNS = (
    Column("Id", 9),
    Column("Requirement", 40, minimum=24),
    Column("Why it is listed", 26, minimum=18),
    Column("Evidence", 40, minimum=24),
    Column("Newest dated", 12, number_format=DATE_FORMAT),
    Column("Review by", 12, number_format=DATE_FORMAT),
)


def _why(item: ItemResult, assessed_on: str) -> str:
    if item.evidence_age is EvidenceAge.NONE:
        return "Answered yes with no evidence"
    newest = max((e for e in item.evidence if e.dated), key=lambda e: e.dated or e.reference)
    if newest.review_by is not None and newest.review_by.isoformat() < assessed_on:
        return "Past its review date"
    return f"Older than {CURRENT_MONTHS} months at the assessment"


def _rows(assessment: Assessment) -> Iterator[tuple[CellValue, ...]]:
    for item in assessment.evidence_to_check:
        dated = [entry for entry in item.evidence if entry.dated is not None]
        newest = max(dated, key=lambda e: e.dated or e.reference) if dated else None
        yield (
            item.requirement_id,
            item.title,
            _why(item, assessment.assessed_on),
            "\n".join(entry.line() for entry in item.evidence),
            newest.dated if newest else None,
            newest.review_by if newest else None,
        )


def evidence_sheet(
    workbook: Workbook, assessment: Assessment, letterhead: Letterhead, notes: Notes
) -> None:
    """The sheet, listing each yes answer whose evidence is stale or missing; left out when
    there is none (the Summary's count says so)."""
    if not assessment.evidence_to_check:
        return
    table_sheet(
        workbook,
        EVIDENCE_TO_CHECK,
        EVIDENCE_COLUMNS,
        _rows(assessment),
        letterhead=letterhead,
        table_name="EvidenceToCheck",
        notes=notes,
        frozen_columns=1,
    )
