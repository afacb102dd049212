"""Evidence entries: a reference, optionally dated, and how recent a yes answer's evidence is."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, GetJsonSchemaHandler, field_validator, model_serializer, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from compliance_check.model.base import PERSONS_TEXT, TextShorthand
from compliance_check.model.checklist import Text

# DSPT evidence and training figures are expected to be from the last twelve months.
CURRENT_MONTHS = 12
_YEARS = (1900, 2100)
# "Policy v3 (2025-03-01)", "Policy v3 (01/03/2025, review by 01/03/2026)": the dates a
# spreadsheet user types in brackets at the end of a line of the Evidence cell.
_DATE = r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}"
_BRACKETS = re.compile(r"^(?P<reference>.*?\S)\s*\((?P<dates>[^()]*)\)\s*$")
_PART = re.compile(rf"^(?:(?P<review>review(?:\s+by)?)\s+)?(?:dated\s+)?(?P<day>{_DATE})$", re.I)


def _plausible(value: date | None) -> date | None:
    if value is not None and not _YEARS[0] <= value.year <= _YEARS[1]:
        raise ValueError(f"{value.isoformat()} is not a plausible date; write it as YYYY-MM-DD")
    return value


class Evidence(TextShorthand):
    """One piece of evidence: a reference (URL, document name), and when it was approved or the
    check done, and when it is due for review."""

    reference: Annotated[Text, PERSONS_TEXT] = Field(description="A URL or a document's name.")
    dated: date | None = Field(
        default=None, description="When the document was approved or the check done."
    )
    review_by: date | None = Field(default=None, description="When it is due for review.")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        # A plain reference, as every file before dated evidence wrote it.
        return {"reference": value} if isinstance(value, str) else value

    _plausible_dates = field_validator("dated", "review_by")(_plausible)

    @model_serializer(mode="wrap")
    def _as_written(self, handler: Any) -> Any:
        # Undated, an entry is written as the plain reference it always was.
        if self.dated is None and self.review_by is None:
            return self.reference
        return {key: value for key, value in handler(self).items() if value is not None}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        reference = handler(core_schema)
        definition = handler.resolve_ref_schema(reference)
        whole = dict(definition)
        definition.clear()
        definition.update(
            title=whole.pop("title"),
            description=whole.pop("description") + " A reference alone stands for the mapping.",
            anyOf=[{"type": "string", "minLength": 1}, whole],
        )
        return reference

    def line(self) -> str:
        """The entry as one line of the questionnaire's Evidence cell, dates in brackets."""
        dates = [self.dated.isoformat()] if self.dated else []
        if self.review_by:
            dates.append(f"review by {self.review_by.isoformat()}")
        return f"{self.reference} ({', '.join(dates)})" if dates else self.reference


def _parse_date(text: str) -> date:
    try:
        if "/" in text:  # a UK spreadsheet user's day/month/year
            return datetime.strptime(text, "%d/%m/%Y").date()
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise ValueError(f"{text} is not a date; write it as YYYY-MM-DD") from None


def parse_line(line: str) -> Evidence:
    """An Evidence cell's line read back: "Policy (2025-03-01, review by 2026-03-01)" is
    dated; a line whose brackets hold anything else ("Act (2018)") is a plain reference.

    ValueError for a date that is not one (2025-02-30).
    """
    # A line without dates is kept as typed, spaces and all, as before dates were read.
    found = _BRACKETS.match(line.strip())
    if found is None:
        return Evidence(reference=line)
    parts = [_PART.match(part.strip()) for part in re.split(r"[,;]", found["dates"])]
    if not all(parts):
        return Evidence(reference=line)
    dates: dict[str, date] = {}
    for part in parts:
        assert part is not None
        which = "review_by" if part["review"] else "dated"
        if which in dates:
            return Evidence(reference=line)
        dates[which] = _parse_date(part["day"])
    return Evidence(reference=found["reference"], **dates)


class EvidenceAge(StrEnum):
    """What a yes answer rests on, as of the assessment date."""

    CURRENT = "current"  # evidence dated within twelve months, not past its review date
    STALE = "stale"  # the newest dated evidence is older, or past its review date
    UNDATED = "undated"  # references without dates
    NONE = "none"  # no evidence at all


def twelve_months_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def evidence_age(entries: Iterable[Evidence], assessed_on: date) -> EvidenceAge:
    """How recent ``entries`` are at ``assessed_on``: the newest dated entry decides."""
    entries = list(entries)
    if not entries:
        return EvidenceAge.NONE
    dated = [entry for entry in entries if entry.dated is not None]
    if not dated:
        return EvidenceAge.UNDATED
    newest = max(dated, key=lambda entry: entry.dated or assessed_on)
    assert newest.dated is not None
    overdue = newest.review_by is not None and newest.review_by < assessed_on
    if newest.dated >= twelve_months_before(assessed_on) and not overdue:
        return EvidenceAge.CURRENT
    return EvidenceAge.STALE


def _answers(count: int) -> str:
    return f"{count} yes answer" if count == 1 else f"{count} yes answers"


def yes_evidence_sentence(counts: dict[EvidenceAge, int]) -> str | None:
    """What the yes answers rest on, in one sentence; None when there is no yes answer."""
    total = sum(counts.values())
    if not total:
        return None
    current = counts[EvidenceAge.CURRENT]
    return (
        f"Of the {_answers(total)}, {current} {'rests' if current == 1 else 'rest'} on evidence "
        "dated within "
        f"{CURRENT_MONTHS} months before the assessment, {counts[EvidenceAge.STALE]} on older "
        f"evidence (or evidence past its review date), {counts[EvidenceAge.UNDATED]} on "
        f"undated references and {counts[EvidenceAge.NONE]} on no evidence at all."
    )
