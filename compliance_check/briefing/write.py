"""Writing the members' briefing for an answers file, with its trend and cohort when given."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from compliance_check.errors import InputFileError, OutputError
from compliance_check.questionnaire.loading import Loaded, load_assessment

if TYPE_CHECKING:
    from compliance_check.briefing.model import Briefing


def write_brief(
    answers_path: Path,
    output: Path,
    *,
    previous: Path | None,
    cohort: Path | None,
    marking: str | None,
    checklist_path: Path | None,
    profile: str | None,
    replace: bool,
    max_bytes: int,
    warn: Callable[[str], None],
    today: date | None = None,
) -> Briefing:
    """Write the members' briefing page for an answers file, with the trend since ``previous``
    and the council's place in ``cohort`` (a batch --json file) when given; its action plan as
    it stands ``today`` (default: the day it runs)."""
    from compliance_check.briefing.cohort import CohortMatchError, load_cohort
    from compliance_check.briefing.html import write_briefing_html
    from compliance_check.briefing.model import briefing_for
    from compliance_check.files.atomic import check_output

    if output.suffix.lower() not in (".html", ".htm"):
        raise OutputError("must end in .html", path=output)
    check_output(output, force=replace, inputs=(answers_path, previous, cohort, checklist_path))
    current = load_assessment(answers_path, checklist_path, profile, max_bytes, warn)
    before: Loaded | None = None
    if previous is not None:
        before = load_assessment(previous, None, profile, max_bytes, warn)
    cohort_file = load_cohort(cohort, max_bytes=max_bytes) if cohort else None
    try:
        briefing = briefing_for(
            *current,
            previous=before,
            cohort=cohort_file,
            marking=marking,
            today=today or date.today(),
        )
    except CohortMatchError as error:
        raise InputFileError(f"{error}", path=cohort) from None
    write_briefing_html(output, briefing, replace=replace)
    return briefing
