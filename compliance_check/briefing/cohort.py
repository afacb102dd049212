"""Reading a cohort's JSON (``batch --json``) for the briefing: only the figures it publishes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from compliance_check.cohort.json_file import FORMAT
from compliance_check.errors import InputFileError, Location
from compliance_check.files.yamlio import DEFAULT_MAX_BYTES, read_text

Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]


class _Part(BaseModel):
    # The cohort JSON carries far more than the briefing reads; the rest is left unread, and
    # figures a published cohort withholds may be null or absent.
    model_config = ConfigDict(extra="ignore", frozen=True)


class CohortChecklist(_Part):
    """The checklist the cohort answered."""

    id: str
    title: str | None = None


class CohortCounts(_Part):
    """How many authorities and respondents the cohort holds."""

    authorities: Count | None = None
    respondents: Count | None = None


class CohortScores(_Part):
    """The spread of authority scores; ``hidden`` withholds every figure in it."""

    hidden: bool = False
    mean: Percent | None = None
    median: Percent | None = None


class CohortAuthority(_Part):
    """One authority's row; ``hidden`` withholds every figure in it."""

    name: str
    hidden: bool = False
    respondents: Count | None = None
    score: Percent | None = None


class CohortFile(_Part):
    """The part of a cohort JSON file the briefing uses."""

    format: Literal["compliance-check/cohort"]
    format_version: str
    checklist: CohortChecklist
    profile: str | None = None
    min_group: Count = 1
    counts: CohortCounts = CohortCounts()
    scores: CohortScores = CohortScores()
    authorities: list[CohortAuthority] = Field(default_factory=list)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def load_cohort(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> CohortFile:
    """Read the cohort JSON in ``path``; every problem is an InputFileError naming the place."""
    text = read_text(path, max_bytes=max_bytes)
    try:
        data = json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as error:
        raise InputFileError(
            f"is not valid JSON: {error.msg}; give the file `batch --json` wrote",
            path=path,
            location=Location(error.lineno, error.colno),
        ) from None
    except ValueError as error:
        raise InputFileError(f"is not valid JSON: {error}", path=path) from None
    except RecursionError:
        raise InputFileError("is nested too deeply to be read", path=path) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputFileError(
            f"is not a cohort file (its format is not {FORMAT}); give the file "
            "`compliance-check batch --json` wrote",
            path=path,
        )
    try:
        return CohortFile.model_validate(data)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise InputFileError(
            f"{where}: {problem['msg']}; give the file `compliance-check batch --json` wrote",
            path=path,
        ) from None
