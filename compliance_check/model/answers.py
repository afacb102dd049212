"""The answers file format (pydantic models), loading it against its checklist, and saving it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, GetJsonSchemaHandler, field_validator, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

if TYPE_CHECKING:
    from compliance_check.files.yamlkeep import KeptDocument

from compliance_check.codes import AuthorityType as AuthorityType
from compliance_check.codes import Role as Role
from compliance_check.errors import AnswersError, ChecklistError, ComplianceCheckError
from compliance_check.files.text import clean_name
from compliance_check.files.yamlio import (
    DEFAULT_MAX_BYTES,
    YamlDocument,
    dump_yaml,
    parse_yaml,
    quoted,
    quoted_key,
    read_yaml,
    write_yaml,
)
from compliance_check.model.base import (
    PERSONS_TEXT,
    StrictModel,
    closest,
    located_error,
    validate_document,
)
from compliance_check.model.checklist import (
    NATION_NAMES,
    Answer,
    Checklist,
    Nation,
    Profile,
    Text,
    Version,
    find_shipped_checklist,
)
from compliance_check.model.evidence import Evidence
from compliance_check.model.signoff import SignOff, answers_digest


class RoleGroup(StrEnum):
    """The groups whose answers the 2009 survey found to disagree."""

    LEADERSHIP = "leadership"
    TECHNOLOGY = "technology"
    DEPARTMENTAL = "departmental"
    INFORMATION_GOVERNANCE = "information_governance"
    OTHER = "other"


ROLE_GROUP: dict[Role, RoleGroup] = {
    Role.CHIEF_EXECUTIVE: RoleGroup.LEADERSHIP,
    Role.SENIOR_CORPORATE_OFFICER: RoleGroup.LEADERSHIP,
    Role.ELECTED_MEMBER: RoleGroup.LEADERSHIP,
    Role.HEAD_OF_IT: RoleGroup.TECHNOLOGY,
    Role.IT_STAFF: RoleGroup.TECHNOLOGY,
    Role.DEPARTMENTAL_MANAGER: RoleGroup.DEPARTMENTAL,
    Role.DEPARTMENTAL_STAFF: RoleGroup.DEPARTMENTAL,
    Role.INFORMATION_GOVERNANCE: RoleGroup.INFORMATION_GOVERNANCE,
    Role.OTHER: RoleGroup.OTHER,
}


EARLIEST_ASSESSMENT_YEAR = 1990


def implausible_assessment_date(value: date) -> str | None:
    """Why ``value`` cannot be an assessment date, or None when it can."""
    # Spreadsheets cannot show dates before 1900 (year 1 became serial -693593), and the
    # guideline dates from 2008: a year outside this range is a typing slip.
    latest = date.today().year + 1
    if EARLIEST_ASSESSMENT_YEAR <= value.year <= latest:
        return None
    return (
        f"{value.isoformat()} is not a plausible assessment date; give a date "
        f"from {EARLIEST_ASSESSMENT_YEAR} to {latest} as YYYY-MM-DD"
    )


_NATION_OF_CODE = {
    "E": Nation.ENGLAND,
    "W": Nation.WALES,
    "S": Nation.SCOTLAND,
    "N": Nation.NORTHERN_IRELAND,
}
# The ONS/GSS code of a local authority: its country letter (E, W, S, N, or K for the UK-wide
# codes), a two-digit entity type and a six-digit instance, e.g. E07000112 or W06000001.
GSS_CODE = r"^[EKNSW][0-9]{8}$"


def _spelling(text: str) -> str:
    # "Don't know", "dont_know" and "DONT KNOW" are one answer; so are "n/a" and "N/A".
    squeezed = text.strip().lower().replace("'", "").replace("\u2019", "").replace("_", " ")
    return " ".join(squeezed.split())


# The codes, and the words people write by hand (the wizard's own labels among them).
ANSWER_SPELLINGS: dict[str, Answer] = {
    **{_spelling(answer.value): answer for answer in Answer},
    "dont know": Answer.DONT_KNOW,
    "do not know": Answer.DONT_KNOW,
    "not applicable": Answer.NOT_APPLICABLE,
    "n/a": Answer.NOT_APPLICABLE,
}

_CODES = {answer.value: answer for answer in Answer}

# What the JSON Schema says the tool accepts, built from the same spellings. Python's str.split()
# and str.strip() take these as white space (JSON Schema's \s differs between engines).
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_DROPPED = "'\u2019"  # apostrophes, left out wherever they are
# Characters other than a letter's two cases that str.lower() turns into it: the Kelvin sign.
_LOWERED_TO = {"k": "\u212a"}


def _letter(char: str) -> str:
    if not char.isalpha():
        return re.escape(char)
    return f"[{char}{char.upper()}{_LOWERED_TO.get(char, '')}]"


def _spelling_pattern(spelling: str) -> str:
    # Words of letters (apostrophes anywhere between them), parted by a run of white space or
    # underscores; white space, underscores and apostrophes around the whole are dropped.
    within = f"[{_DROPPED}]*"
    words = [within.join(_letter(char) for char in word) for word in spelling.split(" ")]
    gap = f"{within}[{_SPACE}_][{_SPACE}_{_DROPPED}]*"
    return gap.join(words)


def answer_json_schema() -> dict[str, Any]:
    """The JSON Schema of an answer as the tool reads it: a code, a word people type, a YAML
    boolean, or empty (not answered yet)."""
    around = f"[{_SPACE}_{_DROPPED}]*"
    spellings = "|".join(_spelling_pattern(spelling) for spelling in ANSWER_SPELLINGS)
    return {
        "anyOf": [
            {"type": "string", "enum": [answer.value for answer in Answer]},
            {
                "type": "string",
                "pattern": f"^{around}(?:{spellings}){around}$",
                "description": "The words people type, in any case, with spaces or underscores: "
                "Yes, Partly, No, Don't know, do not know, Not applicable, N/A.",
            },
            {"type": "boolean", "description": "YAML 1.1's unquoted yes (true) and no (false)."},
            {"type": "null"},
        ]
    }


def _answer_from_yaml(value: Any) -> Any:
    # YAML 1.1 reads a bare yes/no (and on/off, true/false) as a boolean.
    if isinstance(value, bool):
        return Answer.YES if value else Answer.NO
    return value


class ActionStatus(StrEnum):
    """Where an action of the plan stands, as the gap report's Status column offers it."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    RISK_ACCEPTED = "risk_accepted"  # closed without doing it: never overdue


class Action(StrictModel):
    """The action plan's row for one item, as the council filled it in the gap report."""

    owner: Annotated[str | None, PERSONS_TEXT] = Field(
        default=None, description="Who is responsible for the action."
    )
    target_date: date | None = Field(default=None, description="When it should be done.")
    status: ActionStatus | None = Field(
        default=None, description="not_started, in_progress or done."
    )
    comment: Annotated[str | None, PERSONS_TEXT] = Field(
        default=None, description="Progress, blockers, decisions."
    )
    completed_on: date | None = Field(default=None, description="When it was done.")

    @property
    def done(self) -> bool:
        """Done, by its status or by a completion date."""
        return self.status is ActionStatus.DONE or self.completed_on is not None

    @property
    def empty(self) -> bool:
        """Nothing filled in."""
        return not any(self.model_dump(exclude_none=True).values())


class Response(StrictModel):
    """One answer to one requirement; an empty answer means not answered yet."""

    answer: Answer | None = Field(
        default=None,
        description="yes, partly, no, dont_know or not_applicable; empty = not answered yet. "
        'Quote yes and no ("yes"): unquoted they are read as true/false, which is accepted.',
    )
    note: Annotated[str | None, PERSONS_TEXT] = Field(
        default=None, description="What is in place or missing."
    )
    evidence: list[Annotated[Evidence, PERSONS_TEXT]] = Field(
        default_factory=list,
        description="Evidence: references (URLs, document names), each on its own or with the "
        "date it was approved or the check done and a review-by date.",
    )
    actions: Action | None = Field(
        default=None,
        description="The action plan for this item (owner, target date, status, comment, date "
        "completed), read back from the gap report by `compliance-check import`.",
    )
    proposal: Proposal | None = Field(
        default=None,
        description="An answer proposed by `compliance-check crosswalk`; not scored until "
        "confirmed (`assess --review`), and ignored once an answer is given.",
    )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # The schema says what _shorthand and _booleans accept, not only the stored form.
        reference = handler(core_schema)
        definition = handler.resolve_ref_schema(reference)
        definition["properties"]["answer"] = {
            **answer_json_schema(),
            "default": None,
            "description": definition["properties"]["answer"]["description"],
        }
        whole = dict(definition)
        definition.clear()
        definition.update(
            title=whole.pop("title"),
            description=whole.pop("description")
            + " An answer alone (GOV-04: partly) or nothing (GOV-04:) stands for the mapping.",
            anyOf=[whole, answer_json_schema()],
        )
        return reference

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        # `GOV-04: "yes"` and an empty `GOV-04:` are accepted as shorthand.
        if value is None:
            return {}
        if not isinstance(value, dict):
            return {"answer": value}
        return value

    @field_validator("answer", mode="before")
    @classmethod
    def _booleans(cls, value: Any) -> Any:
        if isinstance(value, str) and value in _CODES:  # as the wizard writes it: most answers
            return _CODES[value]
        value = _answer_from_yaml(value)
        if not isinstance(value, str) or not value.strip():
            return value
        answer = ANSWER_SPELLINGS.get(_spelling(value))
        if answer is None:
            raise ValueError(
                f"{value.strip()!r} is not an answer; write yes, partly, no, don't know or "
                "not applicable"
            )
        return answer

    @field_validator("note", mode="before")
    @classmethod
    def _empty_note(cls, value: Any) -> Any:
        # Only an empty note is no note; anything else written there is kept or refused.
        return None if value == "" else value


class ProposalSource(StrictModel):
    """An answer in another checklist that a proposal was carried from."""

    item: Annotated[str, Field(min_length=1)]
    answer: Answer


class ProposalReason(StrictModel):
    """One crosswalk link that proposed an answer, and the answers it was read from."""

    link: Annotated[str, Field(min_length=1)] = Field(description="The crosswalk link's id.")
    relationship: Annotated[str, Field(min_length=1)] = Field(
        description="The link as read in the direction the answers flowed, e.g. equivalent-to."
    )
    sources: list[ProposalSource] = Field(min_length=1)
    proposes: Answer


class Proposal(StrictModel):
    """An answer carried across from another checklist, not scored until a person confirms it."""

    answer: Answer | None = Field(
        default=None, description="The proposed answer; empty when the item needs a decision."
    )
    review: str | None = Field(
        default=None, description="Why a person should look at this item before confirming."
    )
    crosswalk: Annotated[str, Field(min_length=1)] = Field(description="The crosswalk's id.")
    checklist: Annotated[str, Field(min_length=1)] = Field(
        description="The checklist the answers came from."
    )
    checklist_version: Version
    reasons: list[ProposalReason] = Field(min_length=1)

    def provenance(self) -> str:
        """In words: 'proposed from GOV-01 yes (equivalent-to, X-001)'."""
        parts = [
            " + ".join(f"{source.item} {source.answer.value}" for source in reason.sources)
            + f" ({reason.relationship}, {reason.link})"
            for reason in self.reasons
        ]
        return f"from {self.checklist} {self.checklist_version}: " + "; ".join(parts)


def _name(value: Any) -> Any:
    # Names identify submissions in a cohort: look-alike spellings must not make two of one.
    return clean_name(value) if isinstance(value, str) else value


class Respondent(StrictModel):
    """Who answered. The name is optional: it is personal data."""

    name: str | None = None
    role: Role

    _clean_name = field_validator("name", mode="before")(_name)


def _code_as_read(schema: dict[str, Any]) -> None:
    # The code is read trimmed and in capitals (see _gss_code), and an empty one is no code.
    for option in schema["anyOf"]:
        if option.get("type") == "string":
            option["pattern"] = f"^[{_SPACE}]*(?:[EKNSWeknsw\u017f][0-9]{{8}})?[{_SPACE}]*$"


class AnswersFile(StrictModel):
    """One respondent's answers to one version of one checklist."""

    format_version: Literal["1.0"] = "1.0"
    checklist: Annotated[str, Field(min_length=1)] = Field(description="The checklist's id.")
    checklist_version: Version = Field(description="The checklist version answered.")
    checklist_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        default=None, description="Content hash of the checklist answered, written by the tool."
    )
    profile: str | None = Field(default=None, description="The profile answered; default: full.")
    authority: Text
    authority_code: str | None = Field(
        default=None,
        pattern=GSS_CODE,
        json_schema_extra=_code_as_read,
        description="The authority's ONS/GSS code, e.g. E07000112 or W06000001. When given, it "
        "identifies the authority in a cohort, whatever the spelling of its name.",
        examples=["E07000112", "W06000001"],
    )
    authority_type: AuthorityType | None = None
    nation: Nation | None = Field(
        default=None,
        description="E, W, S or NI. Items that do not apply in the nation are not scored. "
        "Default: the first letter of authority_code (N for Northern Ireland).",
    )
    respondent: Respondent
    assessed_on: date
    sign_off: SignOff | None = Field(
        default=None,
        description="Who signed the answers off, and a digest of what they signed; written by "
        "`compliance-check sign`, removed when an answer changes.",
    )
    responses: dict[str, Response] = Field(default_factory=dict)

    @field_validator("assessed_on")
    @classmethod
    def _plausible_date(cls, value: date) -> date:
        problem = implausible_assessment_date(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    _clean_authority = field_validator("authority", mode="before")(_name)

    @field_validator("authority_code", mode="before")
    @classmethod
    def _gss_code(cls, value: Any) -> Any:
        if value is None:
            return None
        code = value.strip().upper() if isinstance(value, str) else None
        if code == "":
            return None
        if code is None or not re.fullmatch(GSS_CODE, code):
            raise ValueError(
                "is not an ONS/GSS code: a letter E, W, S, N or K and eight digits, e.g. "
                "E07000112; leave it empty if you do not know it"
            )
        return code

    def with_actions(self, actions: Mapping[str, Action | None]) -> AnswersFile:
        """A copy with ``actions`` as those items' action plans (None clears one)."""
        responses = dict(self.responses)
        for requirement_id, action in actions.items():
            response = responses.get(requirement_id, Response())
            responses[requirement_id] = response.model_copy(update={"actions": action})
        return self.model_copy(update={"responses": responses})

    @model_validator(mode="after")
    def _nation_matches_code(self) -> AnswersFile:
        implied = _NATION_OF_CODE.get(self.authority_code[0]) if self.authority_code else None
        if self.nation is not None and implied is not None and self.nation is not implied:
            raise located_error(
                f"nation is {self.nation.value}, but authority_code {self.authority_code} is an "
                f"authority in {NATION_NAMES[implied]}; correct one of the two",
                ("nation",),
            )
        return self

    @property
    def effective_nation(self) -> Nation | None:
        """The nation given, or the one the authority code implies (None for K codes)."""
        if self.nation is not None:
            return self.nation
        return _NATION_OF_CODE.get(self.authority_code[0]) if self.authority_code else None

    def digest(self, checklist: Checklist) -> str:
        """The digest a sign-off of these answers records (see signoff.answers_digest)."""
        return answers_digest(
            answers_to_data(self),
            checklist.id,
            checklist.version,
            checklist.content_sha256,
            checklist.profile(self.profile).id,
        )

    def outside(self, checklist: Checklist, profile: Profile) -> list[str]:
        """Requirement ids answered here that ``profile`` does not score."""
        selected = {requirement.id for requirement in checklist.in_profile(profile)}
        return [
            requirement_id
            for requirement_id, response in self.responses.items()
            if response.answer is not None and requirement_id not in selected
        ]


def _locate(document: YamlDocument | None, *key_path: str) -> Any:
    return document.locate(key_path) if document is not None else None


def check_against(
    answers: AnswersFile, checklist: Checklist, document: YamlDocument | None = None
) -> None:
    """Raise AnswersError if ``answers`` does not fit ``checklist``.

    Unanswered items are not errors: they make the assessment incomplete.
    """
    path = document.path if document is not None else None

    def fail(message: str, *key_path: str) -> AnswersError:
        return AnswersError(message, path=path, location=_locate(document, *key_path))

    if answers.checklist != checklist.id:
        raise fail(
            f"answers checklist {quoted(answers.checklist)}, but the checklist used is "
            f"{checklist.id!r}; pass the matching checklist with --checklist",
            "checklist",
        )
    if answers.checklist_version != checklist.version:
        raise fail(
            f"answers version {answers.checklist_version} of {checklist.id}, but the checklist "
            f"used is version {checklist.version}; pass the version {answers.checklist_version} "
            "checklist file with --checklist",
            "checklist_version",
        )
    if (
        answers.checklist_sha256 is not None
        and answers.checklist_sha256 != checklist.content_sha256
    ):
        raise fail(
            f"was answered against different content of {checklist.id} {checklist.version} "
            f"(sha256 {answers.checklist_sha256[:12]}…, this checklist has "
            f"{checklist.content_sha256[:12]}…); check the answers against this checklist, then "
            "delete the checklist_sha256 line to score it",
            "checklist_sha256",
        )
    if answers.profile is not None:
        try:
            checklist.profile(answers.profile)
        except KeyError:
            names = ", ".join(profile.id for profile in checklist.profiles)
            raise fail(
                f"unknown profile {quoted(answers.profile)}"
                f"{closest(answers.profile, names.split(', '))}"
                f"; choose one of: {names}",
                "profile",
            ) from None
    for requirement_id, response in answers.responses.items():
        requirement = checklist.requirements.get(requirement_id)
        if requirement is None:
            raise fail(
                f"unknown requirement id {quoted_key(requirement_id)}"
                f"{closest(requirement_id, checklist.requirements)}; ids are listed by "
                "`compliance-check checklist show`",
                "responses",
                requirement_id,
            )
        if response.answer is Answer.NOT_APPLICABLE:
            if not requirement.allow_not_applicable:
                raise fail(
                    f"{requirement_id} cannot be answered not_applicable: every council is "
                    "expected to meet it; answer yes, partly, no or dont_know",
                    "responses",
                    requirement_id,
                    "answer",
                )
            if not response.note:
                raise fail(
                    f"{requirement_id} is not_applicable without a note; add a note saying why "
                    "it does not apply",
                    "responses",
                    requirement_id,
                    "answer",
                )


def parse_answers(document: YamlDocument) -> AnswersFile:
    """Validate a parsed document as an answers file (its shape only, not its checklist)."""
    return validate_document(AnswersFile, document, AnswersError)


def load_answers(
    path: Path, checklist: Checklist | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> AnswersFile:
    """Read an answers file; with ``checklist``, also check that it fits that checklist."""
    document = read_yaml(path, max_bytes=max_bytes)
    answers = parse_answers(document)
    if checklist is not None:
        check_against(answers, checklist, document)
    return answers


def answers_to_data(answers: AnswersFile) -> dict[str, Any]:
    """The answers as plain data in file order, leaving out empty optional fields."""
    data = answers.model_dump(mode="json", exclude_none=True)
    data["responses"] = {
        requirement_id: response.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        for requirement_id, response in answers.responses.items()
    }
    return data


def save_answers(
    path: Path, answers: AnswersFile, *, header: str = "", replace: bool = False
) -> None:
    """Write ``answers`` to ``path`` atomically; answer codes are always quoted. An existing
    file is replaced only with ``replace``."""
    write_yaml(path, answers_to_data(answers), header=header, replace=replace)


def _meaning(data: dict[str, Any]) -> dict[str, Any]:
    # An item left empty (`GOV-01:`) and an item left out both mean "not answered yet": a
    # rewrite empties a removed item in place, so that the comments around it stay.
    responses = {key: value for key, value in data.get("responses", {}).items() if value}
    return {**data, "responses": responses}


def reads_as(text: str, path: Path, data: dict[str, Any]) -> bool:
    """Whether ``text`` reads back as ``data``: never write what reads differently."""
    try:
        return _meaning(answers_to_data(parse_answers(parse_yaml(text, path)))) == _meaning(data)
    except ComplianceCheckError:
        return False


def kept_document(original: str | None, path: Path) -> KeptDocument | None:
    """The answers file text ``original`` held for rewriting with its comments and layout;
    None when there is no comment to keep."""
    if original is None or "#" not in original:
        return None
    from compliance_check.files.yamlkeep import KeptDocument

    return KeptDocument(original, answers_to_data(parse_answers(parse_yaml(original, path))))


@dataclass(frozen=True)
class Rewrite:
    """An answers file's new text, and what became of the comments of the text it replaces."""

    text: str
    comments: int  # comment lines in the file it replaces
    kept: bool

    def note(self, path: Path) -> str:
        """What became of the comments, in words; "" when there were none."""
        if not self.comments:
            return ""
        lines = f"{self.comments} comment line{'' if self.comments == 1 else 's'}"
        if self.kept:
            return (
                f"{path}: its {lines} and its layout are kept; only changed values are rewritten."
            )
        return (
            f"{path}: its {lines} are dropped: its layout (anchors shared between answers, "
            "say) cannot be rewritten faithfully."
        )


def rewrite_answers(original: str | None, path: Path, answers: AnswersFile) -> Rewrite:
    """``answers`` as the text to write over ``original`` (the file's text, None for a new
    file): only changed values rewritten, comments and layout kept, when that reads back as
    ``answers``; else written afresh."""
    data = answers_to_data(answers)
    comments = sum(line.lstrip().startswith("#") for line in (original or "").splitlines())
    kept = kept_document(original, path)
    if kept is not None:
        text = kept.render(data)
        if reads_as(text, path, data):
            return Rewrite(text, comments, kept=True)
    return Rewrite(dump_yaml(data), comments, kept=comments == 0)


def load_answers_and_checklist(
    path: Path, checklist: Checklist | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Checklist, AnswersFile]:
    """Read an answers file and the checklist it answers, checked against each other.

    Without ``checklist``, the shipped checklist named by the file (id and version) is used.
    """
    document = read_yaml(path, max_bytes=max_bytes)
    answers = parse_answers(document)
    if checklist is None:
        try:
            checklist = find_shipped_checklist(answers.checklist, answers.checklist_version)
        except ChecklistError as error:
            raise AnswersError(
                error.message, path=path, location=document.locate(("checklist_version",))
            ) from None
    check_against(answers, checklist, document)
    return checklist, answers
