"""The checklist format (pydantic models), its consistency rules, and how checklists are found."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from compliance_check.errors import ChecklistError
from compliance_check.files.yamlio import DEFAULT_MAX_BYTES, read_yaml
from compliance_check.model.base import (
    StrictModel,
    closest,
    located_error,
    validate_document,
    without_fields,
)

FORMAT_VERSION = "1.2"
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


def _codes(nations: Iterable[Nation]) -> str:
    return ", ".join(nation.value for nation in nations) or "no nation"


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


class Tier(StrEnum):
    """What makes a requirement binding on a council today; its priority follows from it."""

    LAW_TODAY = "law_today"
    REQUIRED_WHERE_CONNECTED = "required_where_connected"
    GOOD_PRACTICE = "good_practice"


# Tiers that bind a council: from format 1.2 an item of one names the provisions that do.
MUST_TIERS = frozenset({Tier.LAW_TODAY, Tier.REQUIRED_WHERE_CONNECTED})


class TimeFrame(StrEnum):
    """Which time a question asks about."""

    NOW = "now"
    LAST_12_MONTHS = "last_12_months"


class Measure(StrEnum):
    """What a published sector figure counts."""

    YES = "yes"
    NO_OR_DONT_KNOW = "no_or_dont_know"
    DONT_KNOW = "dont_know"
    OTHER = "other"


class Comparability(StrEnum):
    """How a published figure compares with the share of "yes" answers to our question."""

    DIRECT = "direct"
    UPPER_BOUND = "upper_bound"
    LOWER_BOUND = "lower_bound"
    PARTIAL = "partial"
    DERIVED = "derived"


class Population(StrEnum):
    """Whom a published percentage is of."""

    RESPONDENTS = "respondents"
    ORGANISATIONS = "organisations"


class FrameworkStatus(StrEnum):
    """Whether a framework a crosswalk points to is still in force."""

    CURRENT = "current"
    WITHDRAWN = "withdrawn"


class Guideline(StrictModel):
    """The published guideline this checklist encodes."""

    title: Text
    publisher: Text
    partners: list[Text] = Field(default_factory=list, description="Co-authors and endorsers.")
    published: Annotated[str, Field(pattern=r"^\d{4}-\d{2}(-\d{2})?$")] = Field(
        description="Publication date, YYYY-MM or YYYY-MM-DD."
    )
    note: str | None = None
    called: str | None = Field(
        default=None,
        description="How a sentence for members names what is measured, e.g. \"today's data "
        "protection duties\"; default: 'the YEAR data handling guideline'.",
    )


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
    """A published sector figure for an item, recorded as printed, with what it counts.

    Format 1.0 stored only ``percent_yes``; format 1.1 records ``figure`` with ``measures``,
    ``population``, ``n`` and ``comparable``, so that a ceiling or a derived number is never
    shown as a measured share of "yes" answers.
    """

    source: Text
    year: int = Field(ge=1990, le=2100)
    percent_yes: float | None = Field(
        default=None,
        ge=0,
        le=100,
        description="Format 1.0 only: the figure read as a share of yes answers.",
    )
    note: str | None = None
    figure: float | None = Field(
        default=None, ge=0, le=100, description="The percentage as printed in the source."
    )
    measures: Measure | None = Field(default=None, description="What the figure counts.")
    measures_text: str | None = Field(
        default=None,
        description="In words, what the figure counts; required when measures is 'other', "
        "e.g. 'regularly send sensitive data by post or courier'.",
    )
    population: Population | None = Field(default=None, description="Whom the percentage is of.")
    n: int | None = Field(
        default=None, ge=1, description="How many the percentage is of; null when not published."
    )
    comparable: Comparability | None = Field(
        default=None, description="How the figure compares with the share answering yes."
    )
    caveat: str | None = Field(default=None, description="What a reader must know, in our words.")

    @model_validator(mode="after")
    def _one_form(self) -> Baseline:
        measured = (self.figure, self.measures, self.population, self.comparable)
        if self.percent_yes is None and None in measured:
            raise ValueError(
                "give figure, measures, population and comparable (n may be null), "
                "or format 1.0's percent_yes"
            )
        if self.measures is Measure.OTHER and not self.measures_text:
            raise ValueError("measures 'other' needs measures_text saying what the figure counts")
        if self.comparable is Comparability.DIRECT and self.measures is not Measure.YES:
            raise ValueError("a figure that does not count yes answers cannot be 'direct'")
        return self

    @property
    def is_measured(self) -> bool:
        """Recorded in format 1.1's terms (figure and what it counts)."""
        return self.figure is not None


class AnswerGuide(StrictModel):
    """For a question that asks several things: what earns "yes" and what "partly" means."""

    yes: Text = Field(description="All that a yes needs.")
    partly: Text = Field(description="What counts as partly.")


class Provision(StrictModel):
    """A provision of law, or a named connection condition, that places a duty on a council."""

    instrument: Text = Field(
        description="The Act, regulations, UK GDPR, or a named connection condition.",
        examples=["UK GDPR", "Data Protection Act 2018", "PSN Code of Connection"],
    )
    reference: Text = Field(
        description="The section, article, paragraph or condition number.",
        examples=["Art 32(1)(a)", "s 46"],
    )
    extent: list[Nation] = Field(
        min_length=1, description="The nations the provision extends to: E, W, S, NI."
    )
    in_force: date = Field(description="When it came into force, YYYY-MM-DD.")
    source: Annotated[str, Field(pattern=r"^https://\S+$")] = Field(
        description="Where its text was read: an https URL (legislation.gov.uk, or the "
        "connection document)."
    )
    checked: date = Field(
        description="When its wording was checked against the source, YYYY-MM-DD; not in the "
        "future."
    )
    note: str | None = Field(default=None, description="Anything unsure, in our own words.")

    @field_validator("checked")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        if value > date.today():
            raise ValueError(
                f"{value.isoformat()} is in the future; give the date the wording was checked"
            )
        return value


class Requirement(StrictModel):
    """One thing the guideline expects a council to have or do, asked as one question."""

    id: RequirementId
    title: Text
    question: Text = Field(description="Answerable yes / partly / no, in plain English.")
    expectation: Text = Field(description="What the guideline expects.")
    priority: Priority
    tier: Tier | None = Field(
        default=None, description="Format 1.1: what binds a council to it today."
    )
    basis: str | None = Field(
        default=None,
        description="Format 1.1: the statute, connection code or source the tier rests on; "
        "from format 1.2 the explanation beside its provisions.",
    )
    provisions: list[Provision] = Field(
        default_factory=list,
        description="Format 1.2: the provisions that place the duty on a council; required "
        "for a law_today or required_where_connected item, context for a good_practice one.",
    )
    weight: Weight | None = Field(
        default=None, description="Overrides the priority's weight when given."
    )
    asks_about: TimeFrame | None = Field(
        default=None, description="Format 1.1: which time the question asks about."
    )
    guidance: Text = Field(description="Why it matters and what good looks like.")
    today: str | None = Field(
        default=None,
        description="Today's duty, where it differs from the 2008 expectation the question asks.",
    )
    answer_guide: AnswerGuide | None = Field(
        default=None, description="For a compound question: what yes needs, what partly means."
    )
    evidence_examples: list[Text] = Field(min_length=1)
    action: Text = Field(description="The recommended action when the item is not met.")
    allow_not_applicable: bool = False
    nations: list[Nation] = Field(
        default_factory=lambda: list(Nation),
        min_length=1,
        description="Where the item applies: E, W, S, NI. Elsewhere it is not scored.",
    )
    extent_note: str | None = Field(
        default=None,
        description="Format 1.2: what is not confirmed about where the item applies, in our words.",
    )

    def applies_in(self, nation: Nation | None) -> bool:
        """Whether the item applies in ``nation`` (every item does when it is not known)."""
        return nation is None or nation in self.nations

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


class Framework(StrictModel):
    """A framework a crosswalk points to, pinned to the version the mappings were made against."""

    crosswalk: Annotated[str, Field(pattern=r"^[a-z_]+$")] = Field(
        description="The crosswalk key whose entries refer to this framework, e.g. caf_lg."
    )
    title: Text
    version: Text = Field(description="The edition the mappings were checked against.")
    applies: Text = Field(description="Where and to whom it applies.")
    status: FrameworkStatus = FrameworkStatus.CURRENT
    note: str | None = None


class PriorityRule(StrictModel):
    """The one rule that derives must / should from each item's tier."""

    must: list[Tier] = Field(min_length=1, description="Tiers whose items are must.")
    statement: Text = Field(description="The rule in words, for the Method sheet.")

    def priority_of(self, tier: Tier) -> Priority:
        """The priority the rule gives an item of this tier."""
        return Priority.MUST if tier in self.must else Priority.SHOULD


class ChangeKind(StrEnum):
    """What a changelog entry changed in its items."""

    PRIORITY = "priority"
    WORDING = "wording"
    GUIDANCE = "guidance"
    BASELINE = "baseline"
    CROSSWALK = "crosswalk"
    EVIDENCE = "evidence"
    PROFILES = "profiles"
    ADDED = "added"  # a new item
    PROVISIONS = "provisions"  # the provisions an item rests on, or its basis, corrected
    NATIONS = "nations"  # where the item applies, by its provisions' extent


class Change(StrictModel):
    """One change to some items, and why it was made."""

    kind: ChangeKind
    items: list[RequirementId] = Field(min_length=1)
    why: Text


class Release(StrictModel):
    """A release of the checklist's content and what it changed against the one before."""

    version: Version
    released: date
    summary: Text
    changes: list[Change] = Field(default_factory=list)


class Checklist(StrictModel):
    """A guideline encoded as sections of requirements, with scoring settings and profiles."""

    format_version: Literal["1.0", "1.1", "1.2"] = Field(description="Version of this file format.")
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
    priority_rule: PriorityRule | None = Field(
        default=None, description="Format 1.1: how must / should follows from each item's tier."
    )
    frameworks: list[Framework] = Field(
        default_factory=list,
        description="Format 1.1: the pinned version of every framework a crosswalk names.",
    )
    profiles: list[Profile] = Field(min_length=1, description="The first is the default.")
    sections: list[Section] = Field(min_length=1)
    changelog: list[Release] = Field(
        default_factory=list, description="Format 1.1: what each release changed, newest first."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Checklist:
        used = {tag for s in self.sections for r in s.requirements for tag in r.sources.evidence}
        missing_levels = used - set(self.evidence_levels)
        if missing_levels:
            raise located_error(
                "evidence_levels must explain every tag the requirements use; missing "
                f"{sorted(missing_levels)}",
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
        if self.format_version != "1.0":
            self._check_format_1_1()
        if self.format_version == "1.2":
            self._check_provisions()
        return self

    def _check_provisions(self) -> None:
        for s_index, section in enumerate(self.sections):
            for r_index, requirement in enumerate(section.requirements):
                where = ("sections", s_index, "requirements", r_index)
                if requirement.tier not in MUST_TIERS:
                    continue
                assert requirement.tier is not None
                if not requirement.provisions:
                    raise located_error(
                        f"{requirement.id} is {requirement.tier.value} but names no provision; "
                        "add provisions (instrument, reference, extent, in_force, source, "
                        "checked) for the law or connection condition that places the duty on a "
                        "council, or make it good_practice (should) if none does",
                        (*where, "tier"),
                    )
                reached = {nation for p in requirement.provisions for nation in p.extent}
                if outside := [n for n in requirement.nations if n not in reached]:
                    raise located_error(
                        f"{requirement.id} applies in {_codes(outside)}, but its provisions "
                        f"extend only to {_codes(n for n in Nation if n in reached)}; add the "
                        f"provision that makes it a duty in {_codes(outside)} (a devolved route), "
                        f"or remove {_codes(outside)} from nations",
                        (*where, "nations"),
                    )

    def _check_format_1_1(self) -> None:
        if self.priority_rule is None:
            raise located_error(
                "format 1.1 needs a priority_rule saying which tiers are must", ("format_version",)
            )
        used_keys = {
            key
            for s in self.sections
            for r in s.requirements
            for key, entries in r.crosswalk
            if entries and key != "other"
        }
        pinned = {framework.crosswalk for framework in self.frameworks}
        if missing := sorted(used_keys - pinned):
            raise located_error(
                f"frameworks must pin the version of every crosswalk used; missing {missing}",
                ("frameworks",),
            )
        for s_index, section in enumerate(self.sections):
            for r_index, requirement in enumerate(section.requirements):
                where = ("sections", s_index, "requirements", r_index)
                for name in ("tier", "basis", "asks_about"):
                    if getattr(requirement, name) is None:
                        raise located_error(
                            f"{requirement.id}: format 1.1 needs {name}", (*where, "id")
                        )
                if requirement.baseline is not None and not requirement.baseline.is_measured:
                    raise located_error(
                        f"{requirement.id}: format 1.1 records a baseline as figure, measures, "
                        "population, n and comparable, not percent_yes",
                        (*where, "baseline"),
                    )
                assert requirement.tier is not None
                derived = self.priority_rule.priority_of(requirement.tier)
                if requirement.priority is not derived:
                    raise located_error(
                        f"{requirement.id} is {requirement.tier.value}, so the priority rule "
                        f"makes it {derived.value}, not {requirement.priority.value}",
                        (*where, "priority"),
                    )
        known = set(self.requirements)
        for c_index, release in enumerate(self.changelog):
            for k_index, change in enumerate(release.changes):
                for i_index, item in enumerate(change.items):
                    if item not in known:
                        raise located_error(
                            f"changelog names {item}, which is not in this checklist",
                            ("changelog", c_index, "changes", k_index, "items", i_index),
                        )

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
        """A hash of the content, independent of YAML layout, recorded in answers files.

        A file's hash covers its own format's fields only: the honest baseline terms added to
        checklist 1.0 later, and the empty provisions of a format 1.1 file, leave the hash its
        answers files recorded unchanged.
        """
        content = self.model_dump(mode="json")
        later = ADDED_AFTER.get(self.format_version)
        if later:
            content = without_fields(self, content, later)
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
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


# Fields format 1.1 added; a format 1.0 file's content hash leaves them out.
LATER_FIELDS = frozenset(
    {
        "figure", "measures", "measures_text", "population", "n", "comparable", "caveat",
        "tier", "basis", "asks_about", "today", "answer_guide",
        "priority_rule", "frameworks", "changelog", "nations", "called",
    }
)  # fmt: skip
# Fields format 1.2 added.
PROVISION_FIELDS = frozenset({"provisions", "extent_note"})
# The fields a file of each format cannot hold, which its content hash leaves out.
ADDED_AFTER = {"1.0": LATER_FIELDS | PROVISION_FIELDS, "1.1": PROVISION_FIELDS}


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
    return Path(__file__).resolve().parents[2] / "checklists"


def shipped_checklist_paths() -> list[Path]:
    """Every shipped checklist file, sorted by name."""
    return sorted(shipped_checklists_folder().glob("*.yaml"))


def version_key(version: str) -> tuple[int, ...]:
    """A version string as numbers, so that 1.10 sorts after 1.9."""
    return tuple(int(part) for part in version.split("."))


def shipped_versions(checklist_id: str) -> list[Checklist]:
    """Every shipped version of a checklist, oldest first."""
    found = [load_checklist(path) for path in shipped_checklist_paths()]
    chosen = [checklist for checklist in found if checklist.id == checklist_id]
    return sorted(chosen, key=lambda checklist: version_key(checklist.version))


def find_shipped_checklist(checklist_id: str, version: str | None = None) -> Checklist:
    """The shipped checklist with this id: the version given, or the newest."""
    found = shipped_versions(checklist_id)
    if not found:
        raise ChecklistError(
            f"checklist {checklist_id!r} is not shipped with this release; pass its file with "
            "--checklist"
        )
    if version is None:
        return found[-1]
    for checklist in found:
        if checklist.version == version:
            return checklist
    versions = ", ".join(c.version for c in found)
    raise ChecklistError(
        f"checklist {checklist_id!r} version {version} is not shipped with this release "
        f"(shipped: {versions}); pass the matching checklist file with --checklist"
    )


def shipped_id(path: Path) -> bool:
    """Whether --checklist names a shipped checklist by id rather than a file."""
    return not path.exists() and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(path)) is not None


def open_checklist(path: Path | None, max_bytes: int = DEFAULT_MAX_BYTES) -> Checklist:
    """The checklist in ``path`` (a file, or a shipped checklist's id), or the shipped LGA one."""
    if path is None:
        return find_shipped_checklist(DEFAULT_CHECKLIST_ID)
    if shipped_id(path):
        return find_shipped_checklist(str(path))
    return load_checklist(path, max_bytes=max_bytes)


def chosen_checklist(path: Path | None, version: str | None) -> Checklist:
    """The checklist file given, or the shipped version asked for (the newest by default)."""
    if path is not None and version is not None:
        raise ChecklistError("give a checklist file or --version, not both")
    if path is None:
        return find_shipped_checklist(DEFAULT_CHECKLIST_ID, version)
    return open_checklist(path)


def choose_profile(checklist: Checklist, profile_id: str | None) -> Profile:
    """The named profile, or a ChecklistError listing the ones that exist."""
    try:
        return checklist.profile(profile_id)
    except KeyError:
        names = [profile.id for profile in checklist.profiles]
        raise ChecklistError(
            f"unknown profile {profile_id!r}{closest(profile_id or '', names)}; choose one of: "
            f"{', '.join(names)}"
        ) from None
