"""What batch keeps of each file: its scored record, a rejection, a conflict, and their codes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from compliance_check.errors import (
    AnswersError,
    ComplianceCheckError,
)
from compliance_check.model.answers import (
    ROLE_GROUP,
    Role,
    RoleGroup,
)
from compliance_check.model.checklist import (
    Answer,
)
from compliance_check.model.scoring import Rag
from compliance_check.signing.verdict import Standing

YAML_SUFFIXES = (".yaml", ".yml")
# Workbooks of every Excel kind are taken, so that a macro workbook is reported, not skipped.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
SUFFIXES = YAML_SUFFIXES + WORKBOOK_SUFFIXES
# The 2009 survey's disconnect: leaders said yes far more often than the frontline.
DISCONNECT_FLAG = 20.0
ROLE_GROUPS = (
    RoleGroup.LEADERSHIP,
    RoleGroup.TECHNOLOGY,
    RoleGroup.DEPARTMENTAL,
    RoleGroup.INFORMATION_GOVERNANCE,
)
HISTOGRAM_BANDS = 10
HISTOGRAM_EDGES = tuple(range(0, 101, 100 // HISTOGRAM_BANDS))

# Workers send each file's answers back as one character per requirement: small to pickle and
# to keep for ten thousand files.
ANSWER_CODE: dict[Answer | None, str] = {
    Answer.YES: "y",
    Answer.PARTLY: "p",
    Answer.NO: "n",
    Answer.DONT_KNOW: "d",
    Answer.NOT_APPLICABLE: "a",
    None: "-",
}
CODE_ANSWER = {code: answer for answer, code in ANSWER_CODE.items()}
YES = ANSWER_CODE[Answer.YES]
NOT_ASKED = " "  # the requirement is not in the profile the file was scored on
# The order "lowest answer" follows: an authority's gap list takes its most pessimistic
# respondent. A definite no is lower than a don't know; not applicable is never a gap.
LOWEST_FIRST = "".join(
    ANSWER_CODE[answer]
    for answer in (Answer.NO, Answer.DONT_KNOW, Answer.PARTLY, Answer.YES, Answer.NOT_APPLICABLE)
)
COMPLIANCE_GAP = frozenset(ANSWER_CODE[answer] for answer in (Answer.PARTLY, Answer.NO))
NOT_MET = COMPLIANCE_GAP | {ANSWER_CODE[Answer.DONT_KNOW], ANSWER_CODE[None]}


@dataclass(frozen=True, slots=True)
class Scored:
    """What a worker keeps of one scored file: who answered, the scores, one code per item."""

    path: str
    authority: str
    authority_code: str | None
    authority_type: str | None
    name: str | None
    role: Role
    assessed_on: str
    version: str
    profile: str
    score: float | None
    rag: Rag
    compliant: bool
    unanswered: int
    compliance_gaps: int
    assurance_gaps: int
    must_not_met: int
    overdue_actions: int  # action plan entries open past their target date
    answers: str  # one ANSWER_CODE per requirement of its checklist version, or NOT_ASKED
    sections: tuple[float | None, ...]  # per section of its version; None when not scored
    sign_off: Standing = Standing.UNSIGNED
    signed_by: str | None = None  # "Jo Bloggs (SIRO)", as the sign-off names them

    @property
    def gap(self) -> float | None:
        """Percentage points short of 100%."""
        return None if self.score is None else 100.0 - self.score

    @property
    def role_group(self) -> RoleGroup:
        """The group of roles the 2009 survey compared."""
        return ROLE_GROUP[self.role]

    @property
    def content(self) -> tuple[str, str, str]:
        """What is counted of the file: two files with equal content are one submission."""
        return (self.version, self.profile, self.answers)


class Rejection(StrEnum):
    """Why a file was not scored, in the few kinds a published report counts."""

    UNREADABLE = "unreadable"  # missing, not a file, too large, not text or not YAML
    INVALID = "invalid"  # YAML, but not a valid answers file for this batch's checklist
    NOT_VERIFIED = "not verified"  # --require-signed, and its sign-off was not verified


class NotVerifiedError(AnswersError):
    """A file whose sign-off --require-signed does not accept."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """A file that could not be scored, and why (the one-line message ``score`` prints)."""

    path: str
    reason: str
    kind: Rejection = Rejection.UNREADABLE

    @classmethod
    def of(cls, path: str, error: ComplianceCheckError) -> Rejected:
        """The record of ``path``, rejected with ``error``."""
        kind = Rejection.INVALID if isinstance(error, AnswersError) else Rejection.UNREADABLE
        if isinstance(error, NotVerifiedError):
            kind = Rejection.NOT_VERIFIED
        return cls(path, str(error), kind)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Files with one identity (authority, respondent, role, date) but different answers."""

    files: tuple[Scored, ...]  # in the order found, each with its names as written
    counted: str | None  # the path of the file counted by the policy; None: none

    @property
    def paths(self) -> tuple[str, ...]:
        """The files' paths, in the order found."""
        return tuple(record.path for record in self.files)

    @property
    def first(self) -> Scored:
        """The first file found, whose names describe the conflict."""
        return self.files[0]


Identity = tuple[str, str | None, Role, str]


# ---------------------------------------------------------------------------------------------
# Finding the files
