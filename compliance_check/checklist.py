"""The checklist format (pydantic models), its consistency rules, and how checklists are found."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from enum import StrEnum
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from compliance_check.errors import ChecklistError
from compliance_check.models import StrictModel, located_error, validate_document
from compliance_check.yamlio import DEFAULT_MAX_BYTES, read_yaml

FORMAT_VERSION = "1.0"
DEFAULT_CHECKLIST_ID = "lga-data-handling-2008"


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is blank; write something or remove the key")
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]
# Weights and points are bounded so that no checklist can make a score overflow to NaN.
Weight = Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Version = Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?$", examples=["1.0", "1.2.1"])]


class Priority(StrEnum):
    """How firmly the guideline and its parallel regimes frame a requirement."""

    MUST = "must"
    SHOULD = "should"


class Answer(StrEnum):
    """The five answer codes; language-neutral tokens, labels live in the interface."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    DONT_KNOW = "dont_know"
    NOT_APPLICABLE = "not_applicable"


class Nation(StrEnum):
    """The UK nations, whose laws and frameworks differ."""

    ENGLAND = "E"
    WALES = "W"
    SCOTLAND = "S"
    NORTHERN_IRELAND = "NI"


NATION_NAMES = {
    Nation.ENGLAND: "England",
    Nation.WALES: "Wales",
    Nation.SCOTLAND: "Scotland",
    Nation.NORTHERN_IRELAND: "Northern Ireland",
}


# An evidence tag names how directly a source ties an item to what the checklist encodes (LGA,
# HMG, … for 2008; LAW, CODE, … for today's duties); each checklist explains its own tags.
EvidenceTag = Annotated[str, Field(pattern=r"^[A-Za-z]{2,8}$", examples=["LGA", "LAW"])]
# An optional one-letter prefix keeps the ids of two checklists apart (T-GOV-01 beside GOV-01).
RequirementId = Annotated[str, Field(pattern=r"^([A-Z]-)?[A-Z]{2,5}-\d{2}$", examples=["GOV-04"])]


class Guideline(StrictModel):
    """The published guideline this checklist encodes."""

    title: Text
    publisher: Text
    partners: list[Text] = Field(default_factory=list, description="Co-authors and endorsers.")
    published: Annotated[str, Field(pattern=r"^\d{4}-\d{2}(-\d{2})?$")] = Field(
        description="Publication date, YYYY-MM or YYYY-MM-DD."
    )
    note: str | None = None


class Reference(StrictModel):
    """A source a requirement draws on."""

    title: Text
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    locator: str | None = Field(default=None, description="Section, page or paragraph.")


class Sources(StrictModel):
    """Where a requirement comes from and how confident we are in it."""

    evidence: list[EvidenceTag] = Field(
        min_length=1,
        description="Evidence tags, strongest first, each explained in the "
        "checklist's evidence_levels.",
    )
    framing: Text = Field(description="How the sources put it, e.g. 'LGA: should; HMG: must'.")
    references: list[Reference] = Field(min_length=1)


class Crosswalk(StrictModel):
    """Today's equivalents: what a gap against the 2008 item means now."""

    uk_gdpr: list[Text] = Field(default_factory=list, description="UK GDPR articles.")
    ico_accountability: list[Text] = Field(
        default_factory=list, description="ICO Accountability Framework categories."
    )
    caf_lg: list[Text] = Field(
        default_factory=list, description="NCSC CAF for local government outcomes, e.g. A1.a."
    )
    dspt: list[Text] = Field(default_factory=list, description="NHS DSPT standards.")
    other: list[Text] = Field(default_factory=list, description="Other codes and statutes.")


class Baseline(StrictModel):
    """A sector figure measured for this item, for comparison."""

    source: Text
    year: int = Field(ge=1990, le=2100)
    percent_yes: float = Field(ge=0, le=100)
    note: str | None = None


class Requirement(StrictModel):
    """One thing the guideline expects a council to have or do, asked as one question."""

    id: RequirementId
    title: Text
    question: Text = Field(description="Answerable yes / partly / no, in plain English.")
    expectation: Text = Field(description="What the guideline expects.")
    priority: Priority
    weight: Weight | None = Field(
        default=None, description="Overrides the priority's weight when given."
    )
    guidance: Text = Field(description="Why it matters and what good looks like.")
    evidence_examples: list[Text] = Field(min_length=1)
    action: Text = Field(description="The recommended action when the item is not met.")
    allow_not_applicable: bool = False
    nations: list[Nation] = Field(
        default_factory=lambda: list(Nation),
        min_length=1,
        description="Where the item applies: E, W, S, NI. Elsewhere it is not scored.",
    )
    sources: Sources
    crosswalk: Crosswalk = Field(default_factory=Crosswalk)
    baseline: Baseline | None = None
    profiles: list[Slug] = Field(
        default_factory=list,
        description="Profiles this item belongs to besides those that take every item.",
    )


class Section(StrictModel):
    """A theme of the guideline, holding its requirements."""

    id: Annotated[str, Field(pattern=r"^[A-Z]{2,5}$")]
    title: Text
    introduction: Text = Field(description="One line shown before the section's questions.")
    requirements: list[Requirement] = Field(min_length=1)


class Profile(StrictModel):
    """A named selection of requirements, so a council can start small."""

    id: Slug
    title: Text
    description: Text
    all: bool = Field(default=False, description="Takes every requirement.")


class RagBands(StrictModel):
    """Score thresholds (percent) for the red / amber / green rating."""

    green: float = Field(default=100, ge=0, le=100)
    amber: float = Field(default=75, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> RagBands:
        if self.amber > self.green:
            raise located_error("scoring.rag.amber must not be above green", ("scoring", "rag"))
        return self


class Points(StrictModel):
    """The share of an item's weight each answer earns (not applicable leaves the item out)."""

    yes: float = Field(default=1.0, ge=0, le=1)
    partly: float = Field(default=0.5, ge=0, le=1)
    no: float = Field(default=0.0, ge=0, le=1)
    dont_know: float = Field(default=0.0, ge=0, le=1)


class Weights(StrictModel):
    """The weight of an item of each priority, unless the item sets its own."""

    must: Weight = 2.0
    should: Weight = 1.0


class Scoring(StrictModel):
    """How answers turn into scores."""

    points: Points = Field(default_factory=Points)
    weights: Weights = Field(default_factory=Weights)
    rag: RagBands = Field(default_factory=RagBands)


class Checklist(StrictModel):
    """A guideline encoded as sections of requirements, with scoring settings and profiles."""

    format_version: Literal["1.0"] = Field(description="Version of this file format.")
    id: Slug = Field(description="Stable identifier, recorded in every answers file.")
    version: Version = Field(description="Version of the content; answers record it.")
    title: Text
    description: Text
    released: date
    guideline: Guideline
    evidence_levels: dict[EvidenceTag, Text] = Field(
        description="What each evidence tag means, for the report's method page."
    )
    scoring: Scoring = Field(default_factory=Scoring)
    profiles: list[Profile] = Field(min_length=1, description="The first is the default.")
    sections: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Checklist:
        used = {
            tag
            for section in self.sections
            for requirement in section.requirements
            for tag in requirement.sources.evidence
        }
        if missing_levels := used - set(self.evidence_levels):
            raise located_error(
                f"evidence_levels must explain every tag used; missing {sorted(missing_levels)}",
                ("evidence_levels",),
            )
        profile_ids: dict[str, int] = {}
        for index, profile in enumerate(self.profiles):
            if profile.id in profile_ids:
                raise located_error(
                    f"profile id {profile.id!r} is declared twice", ("profiles", index, "id")
                )
            profile_ids[profile.id] = index
        whole = {profile.id for profile in self.profiles if profile.all}
        tagged = {tag for s in self.sections for r in s.requirements for tag in r.profiles}
        for index, profile in enumerate(self.profiles):
            if not profile.all and profile.id not in tagged:
                raise located_error(
                    f"profile {profile.id!r} selects no requirement: give it `all: true` or tag "
                    "requirements with it",
                    ("profiles", index, "id"),
                )
        seen_sections: set[str] = set()
        seen_requirements: dict[str, tuple[int, int]] = {}
        for s_index, section in enumerate(self.sections):
            if section.id in seen_sections:
                raise located_error(
                    f"section id {section.id!r} is used twice", ("sections", s_index, "id")
                )
            seen_sections.add(section.id)
            for r_index, requirement in enumerate(section.requirements):
                where = ("sections", s_index, "requirements", r_index)
                if requirement.id in seen_requirements:
                    raise located_error(
                        f"requirement id {requirement.id!r} is used twice; ids must be unique",
                        (*where, "id"),
                    )
                seen_requirements[requirement.id] = (s_index, r_index)
                if requirement.id.split("-")[-2] != section.id:
                    raise located_error(
                        f"requirement {requirement.id} must start with its section id "
                        f"{section.id}-",
                        (*where, "id"),
                    )
                for p_index, tag in enumerate(requirement.profiles):
                    if tag not in profile_ids:
                        raise located_error(
                            f"{requirement.id} names profile {tag!r}, which is not declared; "
                            f"declared: {', '.join(profile_ids)}",
                            (*where, "profiles", p_index),
                        )
                    if tag in whole:
                        raise located_error(
                            f"{requirement.id} names profile {tag!r}, which already takes "
                            "every requirement; remove the tag",
                            (*where, "profiles", p_index),
                        )
        return self

    @cached_property
    def requirements(self) -> dict[str, Requirement]:
        """Every requirement by id, in checklist order."""
        return {req.id: req for section in self.sections for req in section.requirements}

    @cached_property
    def section_of(self) -> dict[str, Section]:
        """The section holding each requirement id."""
        return {req.id: section for section in self.sections for req in section.requirements}

    @cached_property
    def content_sha256(self) -> str:
        """A hash of the content, independent of YAML layout, recorded in answers files."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def default_profile(self) -> Profile:
        """The profile used when none is named."""
        return self.profiles[0]

    def profile(self, profile_id: str | None) -> Profile:
        """The profile named ``profile_id`` (the default for None); KeyError if undeclared."""
        if profile_id is None:
            return self.default_profile
        for profile in self.profiles:
            if profile.id == profile_id:
                return profile
        raise KeyError(profile_id)

    def in_profile(self, profile: Profile) -> list[Requirement]:
        """The requirements a profile selects, in checklist order."""
        return [
            req for req in self.requirements.values() if profile.all or profile.id in req.profiles
        ]

    def weight_of(self, requirement: Requirement) -> float:
        """The weight an item carries in scores."""
        if requirement.weight is not None:
            return requirement.weight
        return getattr(self.scoring.weights, requirement.priority.value)  # type: ignore[no-any-return]


def load_checklist(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Checklist:
    """Read and validate a checklist file; every problem is a ChecklistError or InputFileError."""
    document = read_yaml(path, max_bytes=max_bytes)
    return validate_document(Checklist, document, ChecklistError)


def shipped_checklists_folder() -> Path:
    """The folder of checklists that ship with the package.

    An installed wheel carries them as package data; an editable install reads the source
    tree's top-level ``checklists/`` folder, which is their single source of truth.
    """
    packaged = resources.files("compliance_check").joinpath("checklists")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "checklists"


def shipped_checklist_paths() -> list[Path]:
    """Every shipped checklist file, sorted by name."""
    return sorted(shipped_checklists_folder().glob("*.yaml"))


def find_shipped_checklist(checklist_id: str, version: str | None = None) -> Checklist:
    """The shipped checklist with this id (and version, when given)."""
    found: list[Checklist] = []
    for path in shipped_checklist_paths():
        checklist = load_checklist(path)
        if checklist.id == checklist_id:
            if version is None or checklist.version == version:
                return checklist
            found.append(checklist)
    if found:
        versions = ", ".join(sorted(c.version for c in found))
        raise ChecklistError(
            f"checklist {checklist_id!r} version {version} is not shipped with this release "
            f"(shipped: {versions}); pass the matching checklist file with --checklist"
        )
    raise ChecklistError(
        f"checklist {checklist_id!r} is not shipped with this release; pass its file with "
        "--checklist"
    )
