"""Crosswalks between two checklists, and answers carried across them as proposals.

A crosswalk file stores each link once, from its source checklist to its target, in OSCAL's
relationship names; the inverse is derived. Answers flow either way, but only as proposals: a
proposal never replaces an answer a person gave, and is not scored until a person confirms it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from compliance_check.errors import AnswersError, ChecklistError
from compliance_check.files.atomic import check_output, output_exists, write_text_atomic
from compliance_check.files.locking import AnswersLock
from compliance_check.files.yamlio import DEFAULT_MAX_BYTES, YamlDocument, read_text, read_yaml
from compliance_check.model.answers import (
    AnswersFile,
    Proposal,
    ProposalReason,
    ProposalSource,
    Response,
    load_answers,
    rewrite_answers,
)
from compliance_check.model.base import StrictModel, closest, located_error, validate_document
from compliance_check.model.checklist import (
    Answer,
    Checklist,
    Nation,
    RequirementId,
    Slug,
    Text,
    Version,
    find_shipped_checklist,
    shipped_checklists_folder,
    version_key,
)
from compliance_check.model.upgrade import Upgrade, carry_to_version

ItemId = RequirementId


class Relationship(StrEnum):
    """How the source side of a link relates to its target side (OSCAL's terms)."""

    EQUIVALENT_TO = "equivalent-to"
    SUBSET_OF = "subset-of"
    SUPERSET_OF = "superset-of"
    INTERSECTS_WITH = "intersects-with"

    @property
    def inverse(self) -> Relationship:
        """The relationship read from the target side: subset and superset swap."""
        swapped = {
            Relationship.SUBSET_OF: Relationship.SUPERSET_OF,
            Relationship.SUPERSET_OF: Relationship.SUBSET_OF,
        }
        return swapped.get(self, self)


class Confidence(StrEnum):
    """How sure the person who made a link was of it."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ChecklistRef(StrictModel):
    """A checklist pinned to the version the links were judged against."""

    id: Slug
    version: Version


class Link(StrictModel):
    """One judged relationship between items of the two checklists.

    A link with several items on a side is a group: the relationship states what those items
    achieve together, and a group answer is the weakest of its members' answers.
    """

    id: Annotated[str, Field(pattern=r"^X-\d{3}$")] = Field(description="Stable id, e.g. X-001.")
    sources: list[ItemId] = Field(min_length=1, description="Items of the source checklist.")
    targets: list[ItemId] = Field(min_length=1, description="Items of the target checklist.")
    relationship: Relationship = Field(description="Read as: sources <relationship> targets.")
    confidence: Confidence
    rationale: Text = Field(description="Why, in one line.")
    nations: list[Nation] | None = Field(
        default=None,
        min_length=1,
        description="Format 1.1: the nations where the link holds, when not all of them; it "
        "proposes nothing for a council elsewhere, or whose nation is not known.",
    )

    def holds_in(self, nation: Nation | None) -> bool:
        """Whether answers may flow through this link for a council in ``nation``."""
        return self.nations is None or nation in self.nations


class Unmapped(StrictModel):
    """An item deliberately linked to nothing in the other checklist (no-relationship)."""

    id: ItemId
    reason: Text


class NoCounterpart(StrictModel):
    """The items of each side that have no counterpart in the other, each with a reason."""

    source: list[Unmapped] = Field(default_factory=list)
    target: list[Unmapped] = Field(default_factory=list)


class CrosswalkFile(StrictModel):
    """Links between two checklists; one direction is stored and the inverse derived."""

    format_version: Literal["1.0", "1.1"] = Field(
        description="Version of this file format; 1.1 links are checked against each other "
        "(groups, fan-outs, tiers) and may name the nations where they hold."
    )
    id: Slug
    title: Text
    description: Text
    source: ChecklistRef = Field(description="The checklist the links are read from.")
    target: ChecklistRef = Field(description="The checklist the links point to.")
    matching_rationale: Literal["syntactic", "semantic", "functional"] = Field(
        description="How the links were judged (OSCAL's matching rationale)."
    )
    links: list[Link] = Field(min_length=1)
    no_counterpart: NoCounterpart = Field(default_factory=NoCounterpart)

    @model_validator(mode="after")
    def _unique_link_ids(self) -> CrosswalkFile:
        seen: set[str] = set()
        for index, link in enumerate(self.links):
            if link.id in seen:
                raise located_error(
                    f"link id {link.id} is used twice; give each link its own id",
                    ("links", index, "id"),
                )
            seen.add(link.id)
            if link.nations is not None and self.format_version == "1.0":
                raise located_error(
                    f"{link.id} names nations, which format 1.0 does not have; set "
                    "format_version to '1.1' (its links are also checked against each other)",
                    ("links", index, "nations"),
                )
        return self

    def pinned(self, checklist_id: str) -> ChecklistRef:
        """The version of ``checklist_id`` the links were judged against."""
        return self.source if self.side(checklist_id) == "source" else self.target

    def side(self, checklist_id: str) -> Literal["source", "target"]:
        """Which side of this crosswalk ``checklist_id`` is on."""
        if checklist_id == self.source.id:
            return "source"
        if checklist_id == self.target.id:
            return "target"
        raise ChecklistError(
            f"crosswalk {self.id} links {self.source.id} and {self.target.id}, not {checklist_id}"
        )


def load_crosswalk(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[CrosswalkFile, YamlDocument]:
    """Read a crosswalk file (its shape only; ``check_crosswalk`` checks its ids)."""
    document = read_yaml(path, max_bytes=max_bytes)
    return validate_document(CrosswalkFile, document, ChecklistError), document


def validate_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Checklist | CrosswalkFile:
    """Read a checklist or a crosswalk (it has links) once, and check it; a crosswalk is
    checked against the shipped checklists it pins."""
    document = read_yaml(path, max_bytes=max_bytes)
    if "links" not in document.data:
        return validate_document(Checklist, document, ChecklistError)
    crosswalk = validate_document(CrosswalkFile, document, ChecklistError)
    pinned = []
    for side in ("source", "target"):
        reference: ChecklistRef = getattr(crosswalk, side)
        try:
            pinned.append(find_shipped_checklist(reference.id, reference.version))
        except ChecklistError as error:
            raise ChecklistError(
                error.message, path=path, location=document.locate((side,))
            ) from None
    check_crosswalk(crosswalk, pinned[0], pinned[1], document)
    return crosswalk


def check_crosswalk(
    crosswalk: CrosswalkFile,
    source: Checklist,
    target: Checklist,
    document: YamlDocument | None = None,
) -> None:
    """Raise ChecklistError unless every id exists in the pinned checklists and every item of
    both is either linked or listed as having no counterpart (never silently unmapped)."""
    path = document.path if document is not None else None

    def fail(message: str, *key_path: str | int) -> ChecklistError:
        location = document.locate(key_path) if document is not None else None
        return ChecklistError(message, path=path, location=location)

    for side, checklist in (("source", source), ("target", target)):
        pinned: ChecklistRef = getattr(crosswalk, side)
        if (pinned.id, pinned.version) != (checklist.id, checklist.version):
            raise fail(
                f"{side} is {pinned.id} {pinned.version}, but the checklist given is "
                f"{checklist.id} {checklist.version}",
                side,
            )
    linked: dict[str, set[str]] = {"source": set(), "target": set()}
    for index, link in enumerate(crosswalk.links):
        for side, checklist, ids in (
            ("source", source, link.sources),
            ("target", target, link.targets),
        ):
            for position, item in enumerate(ids):
                if item not in checklist.requirements:
                    raise fail(
                        f"{item} is not an item of {checklist.id} {checklist.version}"
                        f"{closest(item, checklist.requirements)}",
                        "links",
                        index,
                        f"{side}s",
                        position,
                    )
                linked[side].add(item)
    for side, checklist, unmapped in (
        ("source", source, crosswalk.no_counterpart.source),
        ("target", target, crosswalk.no_counterpart.target),
    ):
        for position, entry in enumerate(unmapped):
            if entry.id not in checklist.requirements:
                raise fail(
                    f"{entry.id} is not an item of {checklist.id} {checklist.version}"
                    f"{closest(entry.id, checklist.requirements)}",
                    "no_counterpart",
                    side,
                    position,
                    "id",
                )
            if entry.id in linked[side]:
                raise fail(
                    f"{entry.id} is listed as having no counterpart but is linked; "
                    "remove one of the two",
                    "no_counterpart",
                    side,
                    position,
                    "id",
                )
            linked[side].add(entry.id)
        silent = [item for item in checklist.requirements if item not in linked[side]]
        if silent:
            raise fail(
                f"{len(silent)} item(s) of {checklist.id} are neither linked nor listed under "
                f"no_counterpart.{side}: {', '.join(silent[:5])}"
                f"{' …' if len(silent) > 5 else ''}; link them or say why they have none",
                "no_counterpart",
            )
    if crosswalk.format_version != "1.0":
        _check_judgements(crosswalk, source, target, fail)


Fail = Callable[..., ChecklistError]
# What a relationship says of item S and the other side O, read "S <relationship> O".
_O_WITHIN_S = {Relationship.SUPERSET_OF, Relationship.EQUIVALENT_TO}
_O_COVERS_S = {Relationship.SUBSET_OF, Relationship.EQUIVALENT_TO}


def _says(link: Link) -> str:
    """A link as stored, in words: 'X-090 says T-SEC-06 equivalent-to SEC-01 + SEC-02'."""
    return (
        f"{link.id} says {' + '.join(link.sources)} {link.relationship.value} "
        f"{' + '.join(link.targets)}"
    )


@dataclass(frozen=True)
class _Edge:
    """A pairwise link read from one of its items: ``item`` ``relationship`` ``other``."""

    index: int
    link: Link
    item: str
    relationship: Relationship
    other: str


# An item by its side and id: two versions of one checklist share ids.
_Side = Literal["source", "target"]
_Item = tuple[_Side, str]


def _edges(crosswalk: CrosswalkFile) -> dict[_Item, list[_Edge]]:
    """Each item's pairwise links, read from that item (inverted for a target item)."""
    found: dict[_Item, list[_Edge]] = {}
    for index, link in enumerate(crosswalk.links):
        if len(link.sources) == len(link.targets) == 1:
            (source,), (target,) = link.sources, link.targets
            found.setdefault(("source", source), []).append(
                _Edge(index, link, source, link.relationship, target)
            )
            found.setdefault(("target", target), []).append(
                _Edge(index, link, target, link.relationship.inverse, source)
            )
    return found


def _check_judgements(
    crosswalk: CrosswalkFile, source: Checklist, target: Checklist, fail: Fail
) -> None:
    """Refuse links that contradict each other or the two checklists (format 1.1)."""
    edges = _edges(crosswalk)
    for (_, item), found in edges.items():
        equivalent = [edge for edge in found if edge.relationship is Relationship.EQUIVALENT_TO]
        if len(equivalent) > 1:
            first, second = equivalent[:2]
            raise fail(
                f"{item} is equivalent-to both {first.other} ({first.link.id}) and "
                f"{second.other} ({second.link.id}), which makes those two the same; in a "
                "fan-out mark an edge equivalent-to only where that pair alone is equivalent, "
                "and say what several items achieve together with one group link",
                "links",
                second.index,
                "relationship",
            )
    for index, link in enumerate(crosswalk.links):
        if link.relationship is Relationship.EQUIVALENT_TO and len(link.sources) == 1 == len(
            link.targets
        ):
            one = source.requirements[link.sources[0]]
            other = target.requirements[link.targets[0]]
            if one.tier is not None and other.tier is not None and one.tier != other.tier:
                raise fail(
                    f"{link.id} makes {one.id} ({one.tier.value}) equivalent-to {other.id} "
                    f"({other.tier.value}): equivalent items bind a council alike; correct "
                    "the tier that is wrong, or make the link subset-of, superset-of or "
                    "intersects-with",
                    "links",
                    index,
                    "relationship",
                )
        _group_agrees(link, index, edges, fail)
        if link.nations is not None:
            for side, checklist, ids in (
                ("sources", source, link.sources),
                ("targets", target, link.targets),
            ):
                applies = {n for item in ids for n in checklist.requirements[item].nations}
                if outside := [n.value for n in link.nations if n not in applies]:
                    raise fail(
                        f"{link.id} holds in {', '.join(outside)}, where none of its {side} "
                        f"({', '.join(ids)}) applies; remove {', '.join(outside)} from its "
                        "nations",
                        "links",
                        index,
                        "nations",
                    )


def _group_agrees(link: Link, index: int, edges: dict[_Item, list[_Edge]], fail: Fail) -> None:
    """Refuse a group link that its members' pairwise links contradict.

    Read from the single item S: the group G is its members together. "S superset-of G" or
    "S equivalent-to G" puts every member within S; a member that covers S makes G cover S;
    members that each lie within S leave G within S.
    """
    side: _Side
    if len(link.sources) == 1 and len(link.targets) > 1:
        side, single, members = "source", link.sources[0], link.targets
        relationship = link.relationship
    elif len(link.targets) == 1 and len(link.sources) > 1:
        side, single, members = "target", link.targets[0], link.sources
        relationship = link.relationship.inverse
    else:
        return
    pairwise = {edge.other: edge for edge in edges.get((side, single), []) if edge.other in members}
    group = " + ".join(members)
    # A member equal to S is within S too, but only an equivalent group can hold one.
    within = {Relationship.SUPERSET_OF}
    if relationship is Relationship.EQUIVALENT_TO:
        within.add(Relationship.EQUIVALENT_TO)

    def contradiction(edge: _Edge, because: str) -> ChecklistError:
        return fail(
            f"{_says(link)}, but {_says(edge.link)}: {because}; correct one of the two",
            "links",
            index,
            "relationship",
        )

    for member, edge in pairwise.items():
        if relationship in _O_WITHIN_S and edge.relationship not in within:
            raise contradiction(
                edge, f"the group puts {member} within {single}, so {single} is its superset"
            )
        if edge.relationship in _O_COVERS_S and relationship not in _O_COVERS_S:
            raise contradiction(
                edge, f"{member} alone covers {single}, so {group} together cover it too"
            )
    if (
        len(pairwise) == len(members)
        and all(edge.relationship in _O_WITHIN_S for edge in pairwise.values())
        and relationship not in _O_WITHIN_S
    ):
        raise fail(
            f"{_says(link)}, but {', '.join(edge.link.id for edge in pairwise.values())} put "
            f"each of {group} within {single}, so together they lie within it too; correct the "
            "group or a member's link",
            "links",
            index,
            "relationship",
        )


# What a source answer may propose through each relationship (the research brief's rules,
# reading source to target). Absent: nothing is proposed.
_RULES: dict[Relationship, dict[Answer, Answer]] = {
    Relationship.EQUIVALENT_TO: {
        Answer.YES: Answer.YES,
        Answer.PARTLY: Answer.PARTLY,
        Answer.NO: Answer.NO,
    },
    # The source holds all of the target and more: a yes covers the target; a gap may lie
    # outside it.
    Relationship.SUPERSET_OF: {Answer.YES: Answer.YES},
    # The source is part of the target: at best part of the target is met; a no leaves the
    # target's other parts open, so it is flagged when proposed.
    Relationship.SUBSET_OF: {Answer.YES: Answer.PARTLY, Answer.NO: Answer.NO},
    Relationship.INTERSECTS_WITH: {Answer.YES: Answer.PARTLY},
}
_RESTRICTIVENESS = {Answer.NO: 0, Answer.PARTLY: 1, Answer.YES: 2}


def propose_through(relationship: Relationship, answer: Answer) -> Answer | None:
    """The answer ``relationship`` lets ``answer`` propose for the other side, if any."""
    return _RULES[relationship].get(answer)


def group_answer(answers: Sequence[Answer | None]) -> Answer | None:
    """What several items answered together amount to: the weakest, or nothing when any
    is unanswered, unknown or not applicable."""
    if not answers or any(a not in _RESTRICTIVENESS for a in answers):
        return None
    return min(answers, key=lambda a: _RESTRICTIVENESS[a])  # type: ignore[index]


@dataclass(frozen=True)
class Step:
    """One link read in the direction answers flow."""

    link: Link
    relationship: Relationship
    sources: tuple[str, ...]
    targets: tuple[str, ...]


def steps(crosswalk: CrosswalkFile, from_checklist: str) -> list[Step]:
    """The crosswalk's links read from ``from_checklist``'s side, inverted where needed."""
    forward = crosswalk.side(from_checklist) == "source"
    return [
        Step(
            link,
            link.relationship if forward else link.relationship.inverse,
            tuple(link.sources if forward else link.targets),
            tuple(link.targets if forward else link.sources),
        )
        for link in crosswalk.links
    ]


@dataclass(frozen=True)
class Reason:
    """Where a proposal came from: a link, and the answers on its other side."""

    link: str
    relationship: Relationship
    sources: tuple[tuple[str, Answer], ...]
    proposes: Answer


@dataclass(frozen=True)
class Proposed:
    """The outcome for one target item: an answer to confirm, or a flag for review."""

    item: str
    answer: Answer | None
    reasons: tuple[Reason, ...]
    review: str | None = None


def proposals(
    flow: Iterable[Step], answered: dict[str, Answer | None], existing: dict[str, Answer | None]
) -> dict[str, Proposed]:
    """Proposals for the target items, given the source side's ``answered`` items.

    An item that ``existing`` already answers gets none. Several proposals on one item: an
    equivalent item's answer wins where every other link allows it; an equivalent link that
    disagrees with another flags the item for review instead. Without an equivalent link the
    most restrictive proposal wins. A subset-of "no" is proposed flagged (the rest may be met).
    """
    found: dict[str, list[Reason]] = {}
    for step in flow:
        source_answers = [answered.get(item) for item in step.sources]
        combined = group_answer(source_answers)
        if combined is None:
            continue
        proposed = propose_through(step.relationship, combined)
        if proposed is None:
            continue
        reason = Reason(
            step.link.id,
            step.relationship,
            tuple(zip(step.sources, source_answers, strict=True)),  # type: ignore[arg-type]
            proposed,
        )
        for target in step.targets:
            if existing.get(target) is None:
                found.setdefault(target, []).append(reason)
    result: dict[str, Proposed] = {}
    for item, reasons in found.items():
        reasons = _without_group_members(reasons)
        offered = {reason.proposes for reason in reasons}
        equivalent = {r.proposes for r in reasons if r.relationship is Relationship.EQUIVALENT_TO}
        if len(equivalent) > 1 or any(
            not equivalent <= _allows(reason) for reason in reasons if equivalent
        ):
            result[item] = Proposed(
                item,
                None,
                tuple(reasons),
                "an equivalent item's answer disagrees with another proposal; decide it",
            )
            continue
        # An equivalent item's answer is the answer; other links only bound it. Without one,
        # the most restrictive proposal wins.
        answer = (
            next(iter(equivalent)) if equivalent else min(offered, key=_RESTRICTIVENESS.__getitem__)
        )
        flagged = any(
            r.relationship is Relationship.SUBSET_OF and r.proposes is Answer.NO for r in reasons
        )
        review = (
            "a narrower item answered no; the rest of this item may be met" if flagged else None
        )
        result[item] = Proposed(item, answer, tuple(reasons), review)
    return result


def _allows(reason: Reason) -> set[Answer]:
    """The answers the target may have, given what this link proposed: a partly carried
    from a yes through an overlap says the target is met at least in part."""
    if reason.relationship is Relationship.EQUIVALENT_TO or reason.proposes is Answer.YES:
        return {reason.proposes}
    if reason.proposes is Answer.PARTLY:
        return {Answer.PARTLY, Answer.YES}
    return {Answer.NO, Answer.PARTLY}


def _without_group_members(reasons: list[Reason]) -> list[Reason]:
    """A group link states what its members achieve together, so it stands in for the
    pairwise links of its own members to the same item."""
    groups = [{source for source, _ in r.sources} for r in reasons if len(r.sources) > 1]
    return [
        r
        for r in reasons
        if len(r.sources) > 1 or not any({r.sources[0][0]} <= group for group in groups)
    ]


def shipped_crosswalk_paths() -> list[Path]:
    """Every shipped crosswalk file, sorted by name."""
    return sorted((shipped_checklists_folder() / "crosswalks").glob("*.yaml"))


def find_crosswalk(
    first: str, second: str, second_version: str
) -> tuple[CrosswalkFile, YamlDocument]:
    """The shipped crosswalk between the checklists ``first`` and ``second`` (at
    ``second_version``); of several, the one judged against the newest version of ``first``."""
    found = []
    for path in shipped_crosswalk_paths():
        crosswalk, document = load_crosswalk(path)
        if {crosswalk.source.id, crosswalk.target.id} != {first, second}:
            continue
        if crosswalk.pinned(second).version == second_version:
            found.append((crosswalk, document))
    if not found:
        raise ChecklistError(
            f"no crosswalk between {first} and {second} {second_version} is shipped; "
            "`compliance-check checklist list` shows what is"
        )
    return max(found, key=lambda pair: version_key(pair[0].pinned(first).version))


@dataclass(frozen=True)
class Coverage:
    """How far one checklist's answers give a starting point for another's items."""

    total: int  # items of the target checklist that apply (nation and profile)
    proposed: int  # items given a proposed answer
    review: int  # items flagged for a person to decide
    answered: int  # items a person had already answered

    @classmethod
    def of(
        cls,
        items: Iterable[str],
        answered: Mapping[str, Answer | None],
        proposed: Mapping[str, Answer | None],
    ) -> Coverage:
        """The coverage of ``items``: ``answered`` holds a person's answers, ``proposed`` the
        items carried across with their proposed answer (None: a person is to decide it).
        A proposal on an item a person has answered is ignored, as scoring ignores it."""
        items = list(items)
        open_items = [item for item in items if answered.get(item) is None]
        carried = [proposed[item] for item in open_items if item in proposed]
        return cls(
            total=len(items),
            proposed=sum(1 for answer in carried if answer is not None),
            review=sum(1 for answer in carried if answer is None),
            answered=len(items) - len(open_items),
        )

    @property
    def starting_point(self) -> int:
        """Items the carried answers say something about."""
        return self.proposed + self.review

    @property
    def need_new_answers(self) -> int:
        """Items nobody has answered and nothing was carried to."""
        return self.total - self.starting_point - self.answered

    def sentence(self, source: str, target: str) -> str:
        """The coverage in one sentence for a person."""
        return (
            f"Your {source} answers give a starting point for {self.starting_point} of the "
            f"{self.total} items of {target} ({self.proposed} proposed, {self.review} to "
            f"decide); {self.need_new_answers} need new answers"
            + (f", and {self.answered} were answered already." if self.answered else ".")
        )


def carry_answers(
    crosswalk: CrosswalkFile,
    source: Checklist,
    source_answers: AnswersFile,
    target: Checklist,
    into: AnswersFile,
) -> tuple[AnswersFile, Coverage]:
    """``into`` (answers to ``target``) with proposals carried from ``source_answers``.

    An item ``into`` already answers keeps its answer and gets no proposal; a proposal already
    there is replaced by the new one. Nothing here is scored until a person confirms it.
    """
    given = {item: response.answer for item, response in source_answers.responses.items()}
    existing = {item: response.answer for item, response in into.responses.items()}
    nation = into.effective_nation
    # A link that holds only in some nations carries nothing to a council elsewhere.
    flow = [step for step in steps(crosswalk, source.id) if step.link.holds_in(nation)]
    found = proposals(flow, given, existing)
    applies = [
        requirement.id
        for requirement in target.requirements.values()
        if requirement.applies_in(nation)
    ]
    responses = dict(into.responses)
    for item in applies:
        outcome = found.get(item)
        if outcome is None:
            continue
        current = responses.get(item) or Response()
        responses[item] = current.model_copy(
            update={"proposal": _as_proposal(outcome, crosswalk, source)}
        )
    carried = into.model_copy(update={"responses": responses})
    coverage = Coverage.of(
        applies, existing, {item: outcome.answer for item, outcome in found.items()}
    )
    return carried, coverage


def _as_proposal(outcome: Proposed, crosswalk: CrosswalkFile, source: Checklist) -> Proposal:
    return Proposal(
        answer=outcome.answer,
        review=outcome.review,
        crosswalk=crosswalk.id,
        checklist=source.id,
        checklist_version=source.version,
        reasons=[
            ProposalReason(
                link=reason.link,
                relationship=reason.relationship.value,
                sources=[
                    ProposalSource(item=item, answer=answer) for item, answer in reason.sources
                ],
                proposes=reason.proposes,
            )
            for reason in outcome.reasons
        ],
    )


@dataclass(frozen=True)
class Carried:
    """What ``carry_to`` wrote, for the terminal and JSON."""

    output: Path
    crosswalk: str | None  # None: carried to a later version of the same checklist
    source: str  # "id version" of each checklist
    target: str
    coverage: Coverage
    layout: str = ""  # what became of the comments of the file the proposals were added to
    upgrade: Upgrade | None = None  # the answers carried to a later version first

    def sentences(self) -> list[str]:
        """What was carried, for a person."""
        if self.crosswalk is None:
            assert self.upgrade is not None
            return self.upgrade.sentences()
        coverage = self.coverage.sentence(self.source, self.target)
        return [coverage] if self.upgrade is None else [self.upgrade.passed_on(), coverage]

    def written(self) -> str:
        """What was written, and what to do next."""
        return (
            f"Wrote {self.coverage.proposed} proposals and {self.coverage.review} items to "
            f"decide to {self.output.resolve()}. Confirm them with: compliance-check assess "
            f"--review {self.output}"
        )

    def to_data(self) -> dict[str, object]:
        """The coverage as plain data."""
        return {
            "output": str(self.output),
            "crosswalk": self.crosswalk,
            "items": self.coverage.total,
            "starting_point": self.coverage.starting_point,
            "proposed": self.coverage.proposed,
            "to_decide": self.coverage.review,
            "answered_already": self.coverage.answered,
            "need_new_answers": self.coverage.need_new_answers,
            "version_carried": self.upgrade.to_data() if self.upgrade is not None else None,
        }


@dataclass(frozen=True)
class _Route:
    """How answers reach the target: through a crosswalk, after carrying them to a later
    version of their checklist, or both."""

    crosswalk: CrosswalkFile | None
    upgrade: Upgrade | None
    given: AnswersFile  # the answers that flow through the crosswalk
    given_checklist: Checklist


def _route(source: Checklist, answers: AnswersFile, target: Checklist, output: Path) -> _Route:
    if target.id == source.id:
        upgrade = carry_to_version(source, answers, target)
        return _Route(None, upgrade, upgrade.answers, target)
    crosswalk, _ = find_crosswalk(source.id, target.id, target.version)
    pinned = crosswalk.pinned(source.id).version
    if version_key(pinned) > version_key(source.version):
        later = find_shipped_checklist(source.id, pinned)
        upgrade = carry_to_version(source, answers, later)
        return _Route(crosswalk, upgrade, upgrade.answers, later)
    if pinned != source.version:
        raise AnswersError(
            f"answers {source.id} {source.version}, but the crosswalk was judged against "
            f"version {pinned}; carry answers of that version",
            path=output,
        )
    return _Route(crosswalk, None, answers, source)


def carry_to(
    source: Checklist,
    answers: AnswersFile,
    target_id: str,
    output: Path,
    *,
    force: bool,
    version: str | None = None,
) -> Carried:
    """Carry ``answers`` to the shipped checklist ``target_id`` (``version``, default the
    newest) and write them to ``output``.

    To a later version of the same checklist, answers are kept where the question is unchanged
    and become proposals where it changed. To another checklist they become proposals through
    the shipped crosswalk; answers of an older version than the crosswalk was judged against are
    first carried to that version (kept answers only). Without ``force`` an existing output is
    refused; with it, its answers are kept and what is carried added beside them.
    """
    target = find_shipped_checklist(target_id, version)
    route = _route(source, answers, target, output)
    with AnswersLock(output):
        check_output(
            output,
            force=force,
            instead="choose another name, or add the proposals to it with --force",
        )
        return _carry_into(source, answers, target, route, output, force=force)


def _carry_into(
    source: Checklist,
    answers: AnswersFile,
    target: Checklist,
    route: _Route,
    output: Path,
    *,
    force: bool,
) -> Carried:
    original = None
    if output_exists(output):
        original = read_text(output)
        into = load_answers(output, target)
    elif route.crosswalk is None:
        into = route.given.model_copy(update={"responses": {}})
    else:
        into = AnswersFile(
            checklist=target.id,
            checklist_version=target.version,
            checklist_sha256=target.content_sha256,
            authority=answers.authority,
            authority_code=answers.authority_code,
            authority_type=answers.authority_type,
            nation=answers.nation,
            respondent=answers.respondent,
            assessed_on=date.today(),
        )
    if route.crosswalk is None:
        carried, coverage = _fill(into, route.given, target)
    else:
        carried, coverage = carry_answers(
            route.crosswalk, route.given_checklist, route.given, target, into
        )
    rewrite = rewrite_answers(original, output, carried)
    write_text_atomic(output, rewrite.text, replace=force)
    return Carried(
        output,
        route.crosswalk.id if route.crosswalk is not None else None,
        f"{source.id} {source.version}",
        f"{target.id} {target.version}",
        coverage,
        rewrite.note(output),
        route.upgrade,
    )


def _fill(
    into: AnswersFile, carried: AnswersFile, target: Checklist
) -> tuple[AnswersFile, Coverage]:
    """``into`` with each item it leaves unanswered taken from ``carried``."""
    existing = {item: response.answer for item, response in into.responses.items()}
    responses = {
        **into.responses,
        **{
            item: response
            for item, response in carried.responses.items()
            if existing.get(item) is None
        },
    }
    nation = into.effective_nation
    applies = [r.id for r in target.requirements.values() if r.applies_in(nation)]
    proposed = {
        item: response.proposal.answer
        for item, response in carried.responses.items()
        if response.proposal is not None and response.answer is None
    }
    answered = {item: response.answer for item, response in responses.items()}
    return into.model_copy(update={"responses": responses}), Coverage.of(
        applies, answered, proposed
    )
