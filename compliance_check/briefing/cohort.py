"""Reading a cohort's JSON (``batch --json``) for the briefing: only the figures it publishes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from compliance_check.cohort.json_file import FORMAT
from compliance_check.errors import InputFileError, Location
from compliance_check.files.text import identity_fold
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
    code: str | None = None
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
    # Format 1.2: a published cohort names its authorities only when they agreed.
    authorities_named: bool = True
    authorities: list[CohortAuthority] = Field(default_factory=list)

    def find(self, name: str, code: str | None) -> CohortAuthority | None:
        """The council's row: by its ONS/GSS code where both give one, by name (folded) where
        neither does; None when the cohort does not hold it.

        A CohortMatchError when the match is not certain: two rows for it, or a code on one
        side only (a council of the same name with a code may be another council).
        """
        if code is not None:
            coded = [row for row in self.authorities if row.code and same_code(row.code, code)]
            uncoded = [r for r in self.authorities if not r.code and _same(r.name, name)]
            if len(coded) > 1:
                raise CohortMatchError(f"names {len(coded)} authorities with the code {code}")
            if not coded and uncoded:
                raise CohortMatchError(
                    f"names {uncoded[0].name} without a code, and the answers file gives "
                    f"{code}: it cannot tell whether they are the same council; use a cohort "
                    "whose files give codes, or leave --cohort out"
                )
            return coded[0] if coded else None
        named = [row for row in self.authorities if _same(row.name, name)]
        if any(row.code for row in named):
            codes = ", ".join(sorted({row.code for row in named if row.code}))
            raise CohortMatchError(
                f"gives {name} with the code {codes}, and the answers file gives none: add "
                "authority_code to the answers file, so that the right council is found"
            )
        if len(named) > 1:
            raise CohortMatchError(
                f"names {len(named)} authorities {name}: add authority_code to the answers "
                "files, so that each council is told apart"
            )
        return named[0] if named else None


class CohortMatchError(ValueError):
    """The council cannot be found in the cohort for certain; the message says why."""


def same_code(first: str, second: str) -> bool:
    """Whether two ONS/GSS codes are one (they are letters and digits; case is no matter)."""
    return first.strip().upper() == second.strip().upper()


def _same(first: str, second: str) -> bool:
    return identity_fold(first) == identity_fold(second)


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
